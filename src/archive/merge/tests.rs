use proptest::prelude::*;

use super::*;
use crate::guide::builtin;
use crate::session::{AnswerState, Meta, Value};

const QUESTIONS: [&str; 4] = [
    "wrapup.advice",
    "wrapup.differently",
    "wrapup.follow_ups",
    "org.servers",
];

fn base() -> Session {
    let guide = builtin().expect("guide");
    let mut s = Session::new(&guide, Meta::new("Acme"));
    s.set_text("wrapup.advice", "Plan storage.");
    s.set_notes("org.servers", "one\ntwo\nthree");
    s
}

/// One edit: a question, what to do to it, and a word.
fn edits() -> impl Strategy<Value = Vec<(usize, u8, String)>> {
    proptest::collection::vec((0..QUESTIONS.len(), 0u8..5, "[a-c]{1,3}"), 0..6)
}

fn apply(s: &Session, edits: &[(usize, u8, String)], seconds: i64) -> Session {
    let mut s = s.clone();
    for (q, what, word) in edits {
        let q = QUESTIONS[*q];
        match what {
            0 => s.set_text(q, word),
            1 => s.set_notes(q, &format!("one\n{word}\nthree")),
            2 => {
                s.toggle_state(q, AnswerState::Skipped);
            }
            3 => s.answer_mut(q).quotes.push(word.clone()),
            _ => s.answer_mut(q).follow_up ^= true,
        }
    }
    s.meta.updated += chrono::Duration::seconds(seconds);
    s
}

proptest! {
    /// Merging A into B and B into A gives the same session.
    #[test]
    fn merging_is_symmetric(a in edits(), b in edits(), ta in 0i64..3, tb in 0i64..3) {
        let base = base();
        let (x, y) = (apply(&base, &a, ta), apply(&base, &b, tb));
        let (xy, _) = merge_sessions(Some(&base), &x, &y);
        let (yx, _) = merge_sessions(Some(&base), &y, &x);
        prop_assert_eq!(xy, yx);
    }

    /// Merging with an unchanged side gives the other side's answers.
    #[test]
    fn an_unchanged_side_gives_the_other(a in edits(), t in 0i64..3) {
        let base = base();
        let x = apply(&base, &a, t);
        let (merged, report) = merge_sessions(Some(&base), &base, &x);
        prop_assert_eq!(&merged.answers, &x.answers);
        prop_assert!(report.conflicts.is_empty());
        let (merged, _) = merge_sessions(Some(&base), &x, &base);
        prop_assert_eq!(&merged.answers, &x.answers);
    }

    /// Every answer, note and quote on either side survives: as the answer, in the
    /// conflict's versions, or in the notes.
    #[test]
    fn nothing_on_either_side_is_lost(a in edits(), b in edits()) {
        let base = base();
        let (x, y) = (apply(&base, &a, 1), apply(&base, &b, 2));
        let (m, _) = merge_sessions(Some(&base), &x, &y);
        for side in [&x, &y] {
            for (q, answer) in &side.answers {
                let merged = m.answers.get(q).expect("every question survives");
                if answer.value.is_some() && answer.value != merged.value {
                    let kept = m.conflicts.iter().any(|c| {
                        c.question == *q && c.versions.iter().any(|v| v.value == answer.value)
                    });
                    // Or the other side changed it and this side did not.
                    let untouched = base.answers.get(q).map(|b| &b.value) == Some(&answer.value);
                    prop_assert!(kept || untouched, "{q}: {:?} lost", answer.value);
                }
                for quote in &answer.quotes {
                    let removed = base.answers.get(q).is_some_and(|b| b.quotes.contains(quote));
                    prop_assert!(removed || merged.quotes.contains(quote));
                }
                if answer.notes != base.answers.get(q).map(|b| b.notes.clone()).unwrap_or_default() {
                    let word = answer.notes.lines().nth(1).unwrap_or("");
                    // In the notes, or a version of a conflict on them; never a marker.
                    let versioned = m.conflicts.iter().any(|c| {
                        c.question == *q && c.on == ConflictOn::Notes
                            && c.versions.iter().any(|v| v.value == Some(Value::Text(answer.notes.clone())))
                    });
                    prop_assert!(merged.notes.contains(word) || versioned, "{q}: notes {:?} lost in {:?}", answer.notes, merged.notes);
                    prop_assert!(!merged.notes.contains(NOTES_MARK));
                }
            }
        }
    }
}

#[test]
fn the_same_answer_changed_on_both_sides_is_a_conflict_with_both_values() {
    let base = base();
    let mut x = base.clone();
    x.set_text("wrapup.advice", "early");
    x.meta.interviewer = "Ana".into();
    let mut y = base.clone();
    y.set_text("wrapup.advice", "first");
    y.meta.interviewer = "Ben".into();
    y.meta.updated += chrono::Duration::seconds(5);
    let (m, report) = merge_sessions(Some(&base), &x, &y);
    // The interviewer corrected on both sides is a conflict too, as every metadata field.
    assert_eq!(report.conflicts, ["meta.interviewer", "wrapup.advice"]);
    // The newer copy's value stands until one is picked; both are recorded, oldest first.
    assert_eq!(
        m.answer("wrapup.advice").and_then(|a| a.value.clone()),
        Some(Value::Text("first".into()))
    );
    let versions = &m.conflict("wrapup.advice").expect("conflict").versions;
    assert_eq!(versions[0].by, "Ana");
    assert_eq!(versions[1].by, "Ben");
    assert_eq!(versions[0].value, Some(Value::Text("early".into())));
}

#[test]
fn notes_changed_on_the_same_lines_are_a_conflict_with_both_versions_not_a_marker() {
    let base = base();
    let (mut x, mut y) = (base.clone(), base.clone());
    x.set_notes("wrapup.advice", "she smiled");
    y.set_notes("wrapup.advice", "he frowned");
    y.meta.updated += chrono::Duration::seconds(5);
    let (m, report) = merge_sessions_by(Some(&base), (&x, Some("Ana")), (&y, Some("Ben")));
    let (m2, _) = merge_sessions_by(Some(&base), (&y, Some("Ben")), (&x, Some("Ana")));
    assert_eq!(m, m2);
    assert_eq!(report.notes_kept_both, ["wrapup.advice"]);
    assert!(report.conflicts.is_empty());
    // The newer copy's notes stand, untouched; both are versions of the conflict.
    assert_eq!(
        m.answer("wrapup.advice").expect("answer").notes,
        "he frowned"
    );
    let c = m.conflict("wrapup.advice").expect("conflict");
    assert_eq!(c.on, ConflictOn::Notes);
    let versions: Vec<(&str, Option<Value>)> = c
        .versions
        .iter()
        .map(|v| (v.by.as_str(), v.value.clone()))
        .collect();
    assert_eq!(
        versions,
        [
            ("Ana", Some(Value::Text("she smiled".into()))),
            ("Ben", Some(Value::Text("he frowned".into())))
        ]
    );
    // Kept by a researcher: the notes take it, the other stays in the session's history.
    let mut kept = m.clone();
    assert!(kept.resolve_conflict_by(None, "wrapup.advice", 0, "Cleo"));
    assert_eq!(
        kept.answer("wrapup.advice").expect("answer").notes,
        "she smiled"
    );
    assert_eq!(kept.resolved[0].others[0].by, "Ben");
    // A merge with a copy that did not resolve it keeps it resolved and its history.
    let (after, _) = merge_sessions(Some(&m), &kept, &m);
    assert!(after.conflicts.is_empty());
    assert_eq!(after.resolved, kept.resolved);
    assert_eq!(
        after.answer("wrapup.advice").expect("answer").notes,
        "she smiled"
    );
}

#[test]
fn metadata_conflicts_are_symmetric_and_survive_a_second_merge() {
    let base = base();
    let (mut x, mut y) = (base.clone(), base.clone());
    x.meta.participant = "John Smith".into();
    x.meta.customer = "Acme Corp".into();
    y.meta.participant = "Jonathan Smith".into();
    y.meta.updated += chrono::Duration::seconds(5);
    let (xy, report) = merge_sessions_by(Some(&base), (&x, Some("ana")), (&y, Some("ben")));
    let (yx, _) = merge_sessions_by(Some(&base), (&y, Some("ben")), (&x, Some("ana")));
    assert_eq!(xy, yx);
    assert_eq!(report.conflicts, ["meta.participant"]);
    assert_eq!(xy.meta.customer, "Acme Corp");
    assert_eq!(xy.meta.participant, "Jonathan Smith");
    // A third copy's spelling joins the recorded versions.
    let mut z = base.clone();
    z.meta.participant = "J. Smith".into();
    z.meta.updated += chrono::Duration::seconds(9);
    let (m, _) = merge_sessions_by(Some(&base), (&xy, None), (&z, Some("cleo")));
    let c = m.conflict("meta.participant").expect("conflict");
    let names: Vec<&str> = c.versions.iter().map(|v| v.by.as_str()).collect();
    assert_eq!(names, ["ana", "ben", "cleo"]);
    assert_eq!(m.meta.participant, "J. Smith");
}

#[test]
fn placements_and_each_researchers_codes_are_kept_by_both_merges() {
    use crate::session::{Placement, Sure};
    let b = base();
    let placed = |s: &mut Session, by: &str, stage: &str, minute: i64| {
        s.place(Placement {
            by: by.into(),
            stage: stage.into(),
            sure: Sure::High,
            at: b.meta.started + chrono::Duration::minutes(minute),
        });
        s.apply_code_by("wrapup.advice", "Plan storage.", "fud", Some(by));
    };
    let mut ana = b.clone();
    placed(&mut ana, "Ana", "itaas", 1);
    placed(&mut ana, "Ana", "it-production", 3);
    let mut ben = b.clone();
    placed(&mut ben, "Ben", "it-production", 2);
    let (merged, _) = merge_sessions(Some(&b), &ana, &ben);
    let who: Vec<(&str, &str)> = merged
        .placements
        .iter()
        .map(|p| (p.by.as_str(), p.stage.as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("Ana", "itaas"),
            ("Ben", "it-production"),
            ("Ana", "it-production")
        ]
    );
    assert_eq!(
        merge_sessions(Some(&b), &ben, &ana).0.placements,
        merged.placements
    );
    let coders: Vec<Option<&str>> = merged.answers["wrapup.advice"]
        .coded
        .iter()
        .map(|c| c.by.as_deref())
        .collect();
    assert_eq!(coders.len(), 2, "{coders:?}");
    // The open interview's merge keeps them too.
    let mut ours = ana.clone();
    crate::session::merge(&b, &mut ours, &ben);
    assert_eq!(ours.placements, merged.placements);
    assert_eq!(ours.answers["wrapup.advice"].coded.len(), 2);
}
