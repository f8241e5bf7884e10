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
    let ((first, first_by), (second, second_by)) = ordered((a, a_by), (b, b_by));
    let base_meta = base.map(|b| &b.meta);
    let empty;
    let base = match base {
        Some(base) => base,
        None => {
            empty = empty_base(first);
            &empty
        }
    };
    let mut report = Merged::default();
    let mut out = second.clone();
    out.schema_version = first.schema_version.max(second.schema_version);
    // Metadata merges as the open interview's merge does: both values kept as a conflict.
    let (meta, mut found) = merge_meta(
        base_meta,
        side_of(first, &first_by),
        side_of(second, &second_by),
    );
    out.meta = meta;
    out.current = pick3(&base.current, &first.current, &second.current).clone();
    out.timeline = crate::session::merge_timeline(base, first, second);
    out.transcripts =
        crate::session::merge_attached(&base.transcripts, &first.transcripts, &second.transcripts);
    // Placements are history, never taken back: every one either copy holds.
    out.placements = crate::session::merge_placements(&first.placements, &second.placements);
    out.elapsed_seconds = sum_changes(
        base.elapsed_seconds,
        first.elapsed_seconds,
        second.elapsed_seconds,
    );
    out.answers = merge_answers(
        base,
        (first, &first_by),
        (second, &second_by),
        &mut found,
        &mut report,
    );
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

/// The base of two copies with no common version: the first copy's metadata with nothing
/// answered, so every answer either side has counts as its own change.
fn empty_base(first: &Session) -> Session {
    let mut s = first.clone();
    s.answers.clear();
    s.obstacle_overrides.clear();
    s.conflicts.clear();
    s.resolved.clear();
    s.current = None;
    s.elapsed_seconds = 0;
    s.timeline.clear();
    s.transcripts.clear();
    s
}

/// Every answer three-way: a side that did not change it takes the other's; two changes to
/// different values are merged by [`merge_answer`] (a conflict when they cannot be).
fn merge_answers(
    base: &Session,
    (first, first_by): (&Session, &str),
    (second, second_by): (&Session, &str),
    found: &mut Vec<Conflict>,
    report: &mut Merged,
) -> BTreeMap<String, Answer> {
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
                (x.unwrap_or(&none), first, first_by),
                (y.unwrap_or(&none), second, second_by),
                found,
                report,
            ))
        };
        if let Some(answer) = merged {
            answers.insert(key.clone(), answer);
        }
    }
    answers
}

fn side_of<'a>(s: &'a Session, by: &'a str) -> Side<'a> {
    Side { meta: &s.meta, by }
}

/// The two copies in one order whichever is "ours" (the newer second), each with who made it:
/// the name given, else the copy's interviewer.
fn ordered<'a>(
    (a, a_by): (&'a Session, Option<&str>),
    (b, b_by): (&'a Session, Option<&str>),
) -> ((&'a Session, String), (&'a Session, String)) {
    let by = |s: &Session, named: Option<&str>| {
        named
            .filter(|n| !n.trim().is_empty())
            .map_or_else(|| s.meta.interviewer.clone(), str::to_string)
    };
    let (a_by, b_by) = (by(a, a_by), by(b, b_by));
    if order(a, b) == Ordering::Greater {
        ((b, b_by), (a, a_by))
    } else {
        ((a, a_by), (b, b_by))
    }
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

/// One answer both copies changed: the value and its state together (a conflict when both
/// changed them differently), the notes line by line, quotes and codes as lists, the
/// follow-up flag and the time spent.
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
    out.notes = merge_answer_notes(key, &b.notes, (x, xs, x_by), (y, ys, y_by), found, report);
    out.quotes = merge_list(&b.quotes, &x.quotes, &y.quotes);
    out.coded = merge_list(&b.coded, &x.coded, &y.coded);
    out.said = merge_list(&b.said, &x.said, &y.said);
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

/// An answer's notes changed on both sides: merged line by line, or, when the same lines
/// changed, a conflict on the notes (the newer copy's standing until a researcher keeps one).
fn merge_answer_notes(
    key: &str,
    b: &String,
    (x, xs, x_by): (&Answer, &Session, &str),
    (y, ys, y_by): (&Answer, &Session, &str),
    found: &mut Vec<Conflict>,
    report: &mut Merged,
) -> String {
    if x.notes == *b || x.notes == y.notes {
        y.notes.clone()
    } else if y.notes == *b {
        x.notes.clone()
    } else {
        match super::notes::merge_notes(b, &x.notes, &y.notes) {
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
    }
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
mod tests;
