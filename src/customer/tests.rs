use super::*;
use crate::assess::MilestoneState;
use crate::guide::builtin;
use crate::index::Summary;
use crate::session::{Meta, Session};

fn at(day: u32) -> Timestamp {
    let text = format!("2026-0{day}-01T10:00:00+00:00");
    chrono::DateTime::parse_from_rfc3339(&text).expect("time")
}

fn session(id: &str, customer: &str, day: u32, picks: &[(&str, &[&str])]) -> Session {
    let guide = builtin().expect("guide");
    let mut meta = Meta::new(customer);
    meta.started = at(day);
    meta.updated = at(day);
    let mut s = Session::new(&guide, meta);
    s.id = id.into();
    for (q, ids) in picks {
        let q = guide.question(q).expect("question");
        for id in *ids {
            assert!(s.pick(q, id), "{} {id}", q.id);
        }
    }
    s
}

fn summaries(sessions: &[Session]) -> Vec<Summary> {
    let guide = builtin().expect("guide");
    sessions.iter().map(|s| Summary::of(&guide, s)).collect()
}

#[test]
fn interviews_of_one_customer_under_a_corrected_name_are_one_customer() {
    let mut later = session("b", "Acme Corporation", 3, &[]);
    later.meta.customer_id = "acme".into();
    let all = [
        session("a", "Acme", 1, &[]),
        later,
        session("c", "Globex", 2, &[]),
    ];
    let list = customers(&summaries(&all));
    let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Acme Corporation", "Globex"]);
    assert_eq!(list[0].other_names, ["Acme"]);
    let ids: Vec<&str> = list[0]
        .interviews
        .iter()
        .map(|i| i.session.as_str())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    // Found by id, by any name, by the start of one; a new interview under the old name
    // joins it.
    for query in ["acme", "ACME", "acme corporation", "Acme Corp"] {
        assert_eq!(
            find(&list, query).map(|c| c.id.as_str()),
            Ok("acme"),
            "{query}"
        );
    }
    assert!(matches!(find(&list, "Initech"), Err(FindError::None(_))));
    assert_eq!(id_for(&summaries(&all), "Acme Corporation"), "acme");
    assert_eq!(id_for(&summaries(&all), "Initech Ltd."), "initech-ltd");
}

#[test]
fn two_customers_starting_alike_are_named_not_guessed() {
    let all = [
        session("a", "Acme East", 1, &[]),
        session("b", "Acme West", 2, &[]),
    ];
    let list = customers(&summaries(&all));
    match find(&list, "acme") {
        Err(FindError::Several { matches, .. }) => assert_eq!(matches.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn history_tells_the_movement_milestones_and_obstacles_over_three_interviews() {
    let guide = builtin().expect("guide");
    let it: &[(&str, &[&str])] = &[
        ("start.production", &["yes"]),
        ("workloads.it", &["file-print", "domain-controllers"]),
        ("workloads.business", &["none"]),
        ("sponsorship.sponsor", &["it-owned"]),
    ];
    let stalled: &[(&str, &[&str])] = &[
        ("start.production", &["yes"]),
        ("workloads.it", &["file-print", "domain-controllers"]),
        ("workloads.business", &["exchange"]),
        ("sponsorship.sponsor", &["it-owned"]),
    ];
    let crossed: &[(&str, &[&str])] = &[
        ("start.production", &["yes"]),
        ("workloads.it", &["file-print", "domain-controllers"]),
        ("workloads.business", &["exchange", "sap"]),
        ("sponsorship.sponsor", &["app-owners"]),
        ("sponsorship.app_owners", &["some"]),
        ("confidence.posture", &["selective"]),
    ];
    let all = [
        session("3", "Acme", 5, crossed),
        session("1", "Acme", 1, it),
        session("2", "Acme", 3, stalled),
    ];
    let h = history(&guide, "acme", "Acme", &all);
    let order: Vec<&str> = h.interviews.iter().map(|i| i.session.as_str()).collect();
    assert_eq!(order, ["1", "2", "3"]);
    assert_eq!(h.movement.len(), 2);
    let first = &h.movement[0];
    assert_eq!(
        (first.from, first.to),
        (h.interviews[0].position, h.interviews[1].position)
    );
    let last = &h.movement[1];
    assert_eq!(last.movement, Movement::Forward, "{h:#?}");
    assert_eq!(last.stage_to.as_deref(), Some("business-production"));
    assert!(last.delta.expect("delta") > 0.0);
    // What changed: the answers that differ, by question, in words.
    let changed: Vec<&str> = last.changes.answers.iter().map(|c| c.id.as_str()).collect();
    assert!(changed.contains(&"workloads.business"), "{changed:?}");
    assert!(!changed.contains(&"workloads.it"), "{changed:?}");
    // The chasm: first seen reached at the third interview.
    let chasm = h
        .milestones
        .iter()
        .find(|m| m.id == "chasm")
        .expect("chasm");
    assert_eq!(chasm.first_reached, Some(at(5)));
    assert_eq!(chasm.session.as_deref(), Some("3"));
    assert_eq!(chasm.latest, MilestoneState::Reached);
    let json = serde_json::to_value(&h).expect("json");
    for key in ["from", "to", "delta", "stage_from", "stage_to"] {
        assert!(json["movement"][0].get(key).is_some(), "{key}");
    }
    // Read without reasons or questions to ask next (and across the cores), the history is
    // the one the full assessments give.
    assert_eq!(h, history::from_full(&guide, ("acme", "Acme"), &all));
}

#[test]
fn one_customer_is_found_as_the_whole_list_has_it() {
    let mut renamed = session("b", "Acme Corporation", 3, &[]);
    renamed.meta.customer_id = "acme".into();
    let all = summaries(&[
        session("a", "Acme", 1, &[]),
        renamed,
        session("c", "Globex", 2, &[]),
        session("d", "Acme", 4, &[]),
    ]);
    let list = customers(&all);
    for s in &all {
        let theirs = list
            .iter()
            .find(|c| c.interviews.iter().any(|i| i.session == s.id));
        assert_eq!(of(&all, &s.id).as_ref(), theirs, "{}", s.id);
    }
    assert_eq!(of(&all, "nobody"), None);
}

/// A listing that no longer holds (a file gone since) is found again from the files; a reading
/// nobody waits for any more stops with nothing.
#[test]
fn a_customer_is_read_again_when_its_listing_no_longer_holds() {
    let guide = builtin().expect("guide");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = crate::session::Store::open(dir.path()).expect("store");
    let mut ids = Vec::new();
    for day in [1, 3, 5] {
        let mut s = session("", "Acme", day, &[("start.production", &["yes"])]);
        store.create(&mut s).expect("create");
        ids.push(s.id);
    }
    let listed = of(
        &store.summaries(&guide).expect("summaries").sessions,
        &ids[2],
    )
    .expect("acme");
    let all = || true;
    let read = read_history(&store, &guide, &listed, &all).expect("read");
    assert_eq!(read.map(|h| h.interviews.len()), Some(3));
    std::fs::remove_file(store.path(&ids[0])).expect("remove");
    assert!(read_history(&store, &guide, &listed, &all).is_err());
    let again = history_of(&store, &guide, (&ids[2], Some(&listed)), &all).expect("again");
    let order: Vec<String> = again
        .expect("history")
        .interviews
        .into_iter()
        .map(|i| i.session)
        .collect();
    assert_eq!(order, ids[1..]);
    let gone = history_of(&store, &guide, (&ids[0], None), &all);
    assert!(matches!(gone, Err(ReadError::Gone(_))), "{gone:?}");
    let left = history_of(&store, &guide, (&ids[2], Some(&listed)), &|| false);
    assert!(matches!(left, Ok(None)), "{left:?}");
}

/// The answers two interviews give differently, found by walking both side by side, are the
/// guide's questions whose answers differ, in the guide's order; an answer to a question the
/// guide does not have is left out, and a skipped answer counts as none.
#[test]
fn the_answers_that_differ_are_found_in_the_guides_order() {
    use crate::session::{Answer, AnswerState, Value};
    let guide = builtin().expect("guide");
    let first = session(
        "1",
        "Acme",
        1,
        &[
            ("start.production", &["yes"]),
            ("workloads.it", &["file-print"]),
            ("sponsorship.sponsor", &["it-owned"]),
        ],
    );
    let mut second = session(
        "2",
        "Acme",
        2,
        &[
            ("start.production", &["yes"]),
            ("workloads.it", &["file-print", "domain-controllers"]),
            ("workloads.business", &["exchange", "sap"]),
            ("confidence.posture", &["selective"]),
        ],
    );
    let unknown = Answer {
        state: AnswerState::Answered,
        value: Some(Value::Text("kept".into())),
        ..Answer::default()
    };
    second.answers.insert("zz.not-in-the-guide".into(), unknown);
    second.answer_mut("sponsorship.sponsor").state = AnswerState::Skipped;
    let said = |s: &Session, id: &str| s.answer(id).and_then(Answer::answered_value).cloned();
    for (s, t) in [(&first, &second), (&second, &first), (&first, &first)] {
        let expected: Vec<&str> = guide
            .questions()
            .filter(|(_, q)| said(s, &q.id) != said(t, &q.id))
            .map(|(_, q)| q.id.as_str())
            .collect();
        let found = history::answers_differ(&guide, s, t);
        let ids: Vec<&str> = found.iter().map(|(q, _, _)| q.id.as_str()).collect();
        assert_eq!(ids, expected);
        for (q, from, to) in found {
            assert_eq!(
                (from.cloned(), to.cloned()),
                (said(s, &q.id), said(t, &q.id))
            );
        }
    }
    let ids = history::answers_differ(&guide, &first, &second);
    assert_eq!(ids.len(), 4, "{ids:?}");
}

#[test]
fn an_obstacle_resolved_then_back_is_told_raised_again() {
    let guide = builtin().expect("guide");
    let all = [
        session("1", "Muller", 1, &[("team.issue", &["main"])]),
        session("2", "Muller", 3, &[("team.issue", &["resolved"])]),
        session("3", "Muller", 5, &[("team.issue", &["some"])]),
    ];
    let h = history(&guide, "muller", "Muller", &all);
    let team = h
        .obstacles
        .iter()
        .find(|o| o.id == "team-communication")
        .expect("team");
    assert_eq!((team.raised, team.resolved), (Some(at(1)), Some(at(3))));
    assert_eq!(team.raised_again, Some(at(5)));
    assert_eq!(
        team.words(),
        [
            "first raised 2026-01-01",
            "resolved 2026-03-01",
            "raised again 2026-05-01"
        ]
    );
    let json = serde_json::to_value(team).expect("json");
    assert_eq!(json["resolved"], serde_json::json!(at(3)));
    assert_eq!(json["raised_again"], serde_json::json!(at(5)));
    // Resolved at the latest interview: not raised again.
    let h = history(&guide, "muller", "Muller", &all[..2]);
    let team = &h.obstacles[0];
    assert_eq!(team.raised_again, None);
    assert_eq!(
        team.words(),
        ["first raised 2026-01-01", "resolved 2026-03-01"]
    );
}
