//! Property test: any session, with any Unicode text, comes back from the store unchanged.

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, TimeZone};
use journey::guide::ObstacleStatus;
use journey::session::{Answer, AnswerState, GuideRef, Meta, Session, Store, Value};
use proptest::prelude::*;

fn timestamp() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (0i64..4_000_000_000, -12i32..=14).prop_map(|(secs, hours)| {
        FixedOffset::east_opt(hours * 3600)
            .expect("offset")
            .timestamp_opt(secs, 0)
            .single()
            .expect("time")
    })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (
            prop::collection::vec("[a-z-]{1,12}", 0..5),
            prop::option::of(any::<String>())
        )
            .prop_map(|(selected, other)| Value::Choice { selected, other }),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::Number),
        any::<String>().prop_map(Value::Text),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    (
        prop_oneof![
            Just(AnswerState::NotAsked),
            Just(AnswerState::Answered),
            Just(AnswerState::Skipped),
            Just(AnswerState::NotApplicable)
        ],
        prop::option::of(value()),
        any::<String>(),
        prop::collection::vec(any::<String>(), 0..3),
        any::<bool>(),
        any::<u32>(),
    )
        .prop_map(|(state, value, notes, quotes, follow_up, secs)| Answer {
            state,
            value,
            notes,
            // The first quote coded, so codes make the round trip too.
            coded: quotes
                .iter()
                .take(1)
                .map(|q| journey::session::Coded {
                    text: q.clone(),
                    codes: vec!["fud".into()],
                    by: Some("Ana".into()),
                })
                .collect(),
            // The last quote said in the recording, so where it was said makes the trip too.
            said: quotes
                .iter()
                .skip(1)
                .take(1)
                .map(|q| journey::session::Said {
                    quote: q.clone(),
                    at: f64::from(secs % 10_000) + 0.25,
                    speaker: Some("P".into()),
                })
                .collect(),
            quotes,
            follow_up,
            seconds_spent: u64::from(secs),
        })
}

fn session() -> impl Strategy<Value = Session> {
    (
        (
            any::<String>(),
            any::<String>(),
            any::<String>(),
            any::<String>(),
            any::<bool>(),
        ),
        (timestamp(), timestamp(), prop::option::of(timestamp())),
        prop::collection::btree_map("[a-z._]{1,20}", answer(), 0..8),
        prop::collection::btree_map(
            "[a-z-]{1,12}",
            prop::sample::select(ObstacleStatus::ALL.to_vec()),
            0..3,
        ),
        prop::option::of("[a-z._]{1,20}"),
        any::<u32>(),
    )
        .prop_map(
            |(
                (customer, participant, role, interviewer, consent),
                (started, updated, finished),
                answers,
                overrides,
                current,
                elapsed,
            )| {
                let interviewer_copy = interviewer.clone();
                Session {
                    schema_version: 1,
                    id: "2026-11-25-prop-0000".into(),
                    guide: GuideRef {
                        id: "virtualization-journey".into(),
                        version: "1.0.0".into(),
                    },
                    meta: Meta {
                        customer_id: journey::text::slug(&customer),
                        customer,
                        participant,
                        role,
                        interviewer,
                        consent,
                        started,
                        updated,
                        finished,
                        aliases: Default::default(),
                        lang: String::new(),
                    },
                    current,
                    elapsed_seconds: u64::from(elapsed),
                    answers: answers.into_iter().collect::<BTreeMap<_, _>>(),
                    obstacle_overrides: overrides,
                    conflicts: Vec::new(),
                    resolved: Vec::new(),
                    conflicted_copy_of: None,
                    timeline: Vec::new(),
                    transcripts: Vec::new(),
                    // A researcher's own placement makes the round trip too.
                    placements: vec![journey::session::Placement {
                        by: interviewer_copy,
                        stage: "it-production".into(),
                        sure: journey::session::Sure::Low,
                        at: updated,
                    }],
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn sessions_round_trip_through_the_store(s in session()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        store.save(&s).expect("save");
        let back = store.load(&s.id).expect("load");
        prop_assert_eq!(back, s);
    }
}
