//! The three-way merge of two copies of one session that grew apart from a common base, as a
//! team's archive needs it: field by field, symmetric (merging A into B gives what merging B into
//! A gives), and nothing dropped. The same answer set to different values on both sides is a
//! conflict recorded inside the session, both values with who and when; the newer copy's value
//! stands until a researcher picks one. Notes changed on both sides merge line by line; where
//! both changed the same lines, that is a conflict on the notes, recorded the same way (the
//! notes hold only what people wrote, never a marker).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::session::{
    fold_conflicts, merge_meta, Answer, AnswerState, Conflict, ConflictOn, ConflictVersion,
    Session, Side, Value,
};

/// What a merge did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Merged {
    /// Conflicts this merge found (answers changed to different values on both sides).
    pub conflicts: Vec<String>,
    /// Questions whose notes were changed on the same lines on both sides: both kept as a
    /// conflict on the notes.
    pub notes_kept_both: Vec<String>,
    /// The merge would have been this many bytes, over what a session file may hold: the file
    /// kept ours, and theirs is the conflicted copy [`Merged::copy`].
    pub too_large: Option<u64>,
    /// The id of the conflicted copy theirs was written to.
    pub copy: Option<String>,
}

/// The line that marked the second version of notes both sides changed on the same lines, in
/// sessions merged by journey before notes conflicts were recorded as data (such notes are left
/// as they are; no merge writes it now).
pub const NOTES_MARK: &str =
    "[journey: these notes were changed in two copies at once; the other copy's version follows]";

/// Merges `a` and `b`, both grown from `base` (`None` when they share no history).
pub fn merge_sessions(base: Option<&Session>, a: &Session, b: &Session) -> (Session, Merged) {
    merge_sessions_by(base, (a, None), (b, None))
}

/// [`merge_sessions`], naming who changed each copy (else each copy's interviewer).
pub fn merge_sessions_by(
    base: Option<&Session>,
    (a, a_by): (&Session, Option<&str>),
    (b, b_by): (&Session, Option<&str>),
) -> (Session, Merged) {
    let by = |s: &Session, named: Option<&str>| {
        named
            .filter(|n| !n.trim().is_empty())
            .map_or_else(|| s.meta.interviewer.clone(), str::to_string)
    };
    let (a_by, b_by) = (by(a, a_by), by(b, b_by));
    // One order for both sides, whichever is "ours": the newer copy second.
    let ((first, first_by), (second, second_by)) = if order(a, b) == Ordering::Greater {
        ((b, b_by), (a, a_by))
    } else {
        ((a, a_by), (b, b_by))
    };
    let base_meta = base.map(|b| &b.meta);
    let empty;
    let base = match base {
        Some(base) => base,
        None => {
            let mut s = first.clone();
            s.answers.clear();
            s.obstacle_overrides.clear();
            s.conflicts.clear();
            s.resolved.clear();
            s.current = None;
            s.elapsed_seconds = 0;
            s.timeline.clear();
            s.transcripts.clear();
            empty = s;
            &empty
        }
    };
    let mut report = Merged::default();
    let mut out = second.clone();
    out.schema_version = first.schema_version.max(second.schema_version);
    // Metadata merges as the open interview's merge does: both values kept as a conflict.
    let (meta, mut found) = merge_meta(
        base_meta,
        Side {
            meta: &first.meta,
            by: &first_by,
        },
        Side {
            meta: &second.meta,
            by: &second_by,
        },
    );
    out.meta = meta;
    out.current = pick3(&base.current, &first.current, &second.current).clone();
    out.timeline = crate::session::merge_timeline(base, first, second);
    out.transcripts =
        crate::session::merge_attached(&base.transcripts, &first.transcripts, &second.transcripts);
    out.elapsed_seconds = sum_changes(
        base.elapsed_seconds,
        first.elapsed_seconds,
        second.elapsed_seconds,
    );
    let mut answers = BTreeMap::new();
    let keys: BTreeSet<&String> = [&base.answers, &first.answers, &second.answers]
        .iter()
        .flat_map(|m| m.keys())
        .collect();
    for key in keys {
        let (b, x, y) = (
            base.answers.get(key),
            first.answers.get(key),
            second.answers.get(key),
        );
        let merged = if x == b {
            y.cloned()
        } else if y == b || x == y {
            x.cloned()
        } else {
            let none = Answer::default();
            Some(merge_answer(
                key,
                b.unwrap_or(&none),
                (x.unwrap_or(&none), first, &first_by),
                (y.unwrap_or(&none), second, &second_by),
                &mut found,
                &mut report,
            ))
        };
        if let Some(answer) = merged {
            answers.insert(key.clone(), answer);
        }
    }
    out.answers = answers;
    out.obstacle_overrides = merge_map(
        &base.obstacle_overrides,
        &first.obstacle_overrides,
        &second.obstacle_overrides,
    );
    let mut conflicts = merge_list(&base.conflicts, &first.conflicts, &second.conflicts);
    // Settled conflicts are history: every one either side recorded.
    out.resolved = merge_list(&base.resolved, &first.resolved, &second.resolved);
    report.conflicts.extend(
        found
            .iter()
            .filter(|c| c.on.is_answer())
            .map(|c| c.question.clone()),
    );
    conflicts.extend(found);
    out.conflicts = fold_conflicts(conflicts);
    (out, report)
}

/// Newer last: by the time of the last change, then by content, so the order never depends on
/// which side is ours.
fn order(a: &Session, b: &Session) -> Ordering {
    a.meta.updated.cmp(&b.meta.updated).then_with(|| {
        let ja = serde_json::to_string(a).unwrap_or_default();
        let jb = serde_json::to_string(b).unwrap_or_default();
        ja.cmp(&jb)
    })
}

/// Three-way pick: the side that changed; when both changed differently, the newer (second).
fn pick3<'v, T: PartialEq>(b: &'v T, x: &'v T, y: &'v T) -> &'v T {
    if x == b {
        y
    } else if y == b {
        x
    } else {
        y
    }
}

fn merge_answer(
    key: &str,
    b: &Answer,
    (x, xs, x_by): (&Answer, &Session, &str),
    (y, ys, y_by): (&Answer, &Session, &str),
    found: &mut Vec<Conflict>,
    report: &mut Merged,
) -> Answer {
    let mut out = y.clone();
    let (bv, xv, yv) = (
        (&b.value, b.state),
        (&x.value, x.state),
        (&y.value, y.state),
    );
    // The value and its state travel together.
    if xv != bv && yv != bv && xv != yv {
        let versions = vec![
            version(x.state, x.value.clone(), x_by, xs),
            version(y.state, y.value.clone(), y_by, ys),
        ];
        found.push(Conflict {
            question: key.to_string(),
            on: ConflictOn::Answer,
            versions,
        });
    } else if yv == bv {
        out.value = x.value.clone();
        out.state = x.state;
    }
    out.notes = if x.notes == b.notes || x.notes == y.notes {
        y.notes.clone()
    } else if y.notes == b.notes {
        x.notes.clone()
    } else {
        match super::notes::merge_notes(&b.notes, &x.notes, &y.notes) {
            Some(merged) => merged,
            // The same lines changed on both sides: a conflict on the notes, the newer copy's
            // standing until a researcher keeps one.
            None => {
                report.notes_kept_both.push(key.to_string());
                let text = |s: &String| Some(Value::Text(s.clone()));
                found.push(Conflict {
                    question: key.to_string(),
                    on: ConflictOn::Notes,
                    versions: vec![
                        version(AnswerState::Answered, text(&x.notes), x_by, xs),
                        version(AnswerState::Answered, text(&y.notes), y_by, ys),
                    ],
                });
                y.notes.clone()
            }
        }
    };
    out.quotes = merge_list(&b.quotes, &x.quotes, &y.quotes);
    out.coded = merge_list(&b.coded, &x.coded, &y.coded);
    out.follow_up = if x.follow_up == b.follow_up {
        y.follow_up
    } else if y.follow_up == b.follow_up {
        x.follow_up
    } else {
        x.follow_up || y.follow_up
    };
    out.seconds_spent = sum_changes(b.seconds_spent, x.seconds_spent, y.seconds_spent);
    out
}

fn version(state: AnswerState, value: Option<Value>, by: &str, copy: &Session) -> ConflictVersion {
    ConflictVersion {
        state,
        value,
        by: by.to_string(),
        at: copy.meta.updated,
    }
}

fn merge_map<V: PartialEq + Clone>(
    b: &BTreeMap<String, V>,
    x: &BTreeMap<String, V>,
    y: &BTreeMap<String, V>,
) -> BTreeMap<String, V> {
    let keys: BTreeSet<&String> = b.keys().chain(x.keys()).chain(y.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let v = pick3(&b.get(k), &x.get(k), &y.get(k)).cloned();
            v.map(|v| (k.clone(), v))
        })
        .collect()
}

/// A list both sides added to or removed from: what either added, less what either removed.
fn merge_list<T: PartialEq + Clone>(b: &[T], x: &[T], y: &[T]) -> Vec<T> {
    let removed = |item: &T| b.contains(item) && (!x.contains(item) || !y.contains(item));
    let mut out: Vec<T> = Vec::new();
    for item in x.iter().chain(y) {
        if !removed(item) && !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

/// A counter both sides added to: the base plus both additions.
fn sum_changes(b: u64, x: u64, y: u64) -> u64 {
    b + x.saturating_sub(b) + y.saturating_sub(b)
}

#[cfg(test)]
mod tests {
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
}
