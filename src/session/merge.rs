//! Merging two versions of one session that grew apart from a common base: the open interview's
//! unsaved edits (ours) and what another program wrote to the file meanwhile (theirs). Field by
//! field, nothing is lost: where both changed the same thing, theirs stays in the field and ours
//! is kept beside it as a conflict (data beside the answer, never text in the notes).

use std::collections::{BTreeMap, BTreeSet};

use super::{
    merge_meta, Answer, AnswerState, Conflict, ConflictOn, ConflictVersion, Meta, Session, Side,
    Value,
};

/// What a merge did, for the footer.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MergeReport {
    /// Questions whose answer came from the file.
    pub taken: usize,
    /// Questions where both sides changed the answer: both kept as a conflict.
    pub kept_beside: Vec<String>,
    /// Metadata fields both sides changed: both values kept as a conflict.
    pub meta_conflicts: Vec<String>,
}

impl MergeReport {
    pub fn message(&self) -> String {
        let mut m = format!(
            "The file changed on disk (an editor, a script or a sync): merged, nothing overwritten; {} taken from it",
            crate::text::count(self.taken, "answer")
        );
        if !self.kept_beside.is_empty() {
            m.push_str(&format!(
                "; both changed the answer to {}: both versions kept as a conflict (resolve it with the conflict key)",
                self.kept_beside.join(", ")
            ));
        }
        if !self.meta_conflicts.is_empty() {
            m.push_str(&format!(
                "; both changed {}: both values kept as a conflict, the newest standing",
                self.meta_conflicts.join(", ")
            ));
        }
        m
    }
}

/// Merges `theirs` into `ours`, both grown from `base`.
pub fn merge(base: &Session, ours: &mut Session, theirs: &Session) -> MergeReport {
    merge_as(base, ours, theirs, "")
}

/// [`merge`], naming who made our version of a conflict (the researcher using journey here;
/// empty: our copy's interviewer). Theirs is named by its interviewer: a file changed on disk
/// says nothing of who changed it.
pub fn merge_as(base: &Session, ours: &mut Session, theirs: &Session, by: &str) -> MergeReport {
    let mut report = MergeReport::default();
    // Who and when of our copy, before the metadata merges.
    let mut ours_meta = ours.meta.clone();
    if !by.trim().is_empty() {
        ours_meta.interviewer = by.trim().to_string();
    }
    merge_meta_into(base, ours, theirs, &mut report);
    // Before the clock is summed: the timeline moves theirs on by the time ours added.
    ours.timeline = super::merge_timeline(base, ours, theirs);
    ours.transcripts =
        super::merge_attached(&base.transcripts, &ours.transcripts, &theirs.transcripts);
    ours.placements = super::merge_placements(&ours.placements, &theirs.placements);
    ours.elapsed_seconds = sum_changes(
        base.elapsed_seconds,
        ours.elapsed_seconds,
        theirs.elapsed_seconds,
    );
    let mut beside_conflicts = merge_answers(base, (ours, &ours_meta), theirs, &mut report);
    ours.obstacle_overrides = merge_map(
        &base.obstacle_overrides,
        &ours.obstacle_overrides,
        &theirs.obstacle_overrides,
    );
    if !beside_conflicts.is_empty() {
        beside_conflicts.append(&mut ours.conflicts);
        ours.conflicts = fold_conflicts(beside_conflicts);
    }
    for r in &theirs.resolved {
        if !ours.resolved.contains(r) {
            ours.resolved.push(r.clone());
        }
    }
    report
}

/// Every answer three-way into `ours`: a side that did not change it takes the other's; two
/// different changes keep theirs and record ours beside it. Returns those conflicts.
fn merge_answers(
    base: &Session,
    (ours, ours_meta): (&mut Session, &Meta),
    theirs: &Session,
    report: &mut MergeReport,
) -> Vec<Conflict> {
    let keys: BTreeSet<String> = [&base.answers, &ours.answers, &theirs.answers]
        .iter()
        .flat_map(|m| m.keys().cloned())
        .collect();
    let mut beside_conflicts = Vec::new();
    for key in keys {
        let b = base.answers.get(&key);
        let o = ours.answers.get(&key);
        let t = theirs.answers.get(&key);
        let merged = match (o == b, t == b, o == t) {
            // Nobody changed it, both made the same change, or only ours changed: keep ours.
            (_, _, true) | (_, true, _) => continue,
            (true, false, _) => {
                report.taken += 1;
                t.cloned()
            }
            (false, false, false) => {
                let empty = Answer::default();
                let (b, o, t) = (
                    b.unwrap_or(&empty),
                    o.unwrap_or(&empty),
                    t.unwrap_or(&empty),
                );
                let (answer, beside) = merge_answer(b, (o, ours_meta), (t, &theirs.meta));
                match beside {
                    Some(conflict) => {
                        report.kept_beside.push(key.clone());
                        beside_conflicts.push(Conflict {
                            question: key.clone(),
                            ..conflict
                        });
                    }
                    None => report.taken += 1,
                }
                Some(answer)
            }
        };
        match merged {
            Some(a) => {
                ours.answers.insert(key, a);
            }
            None => {
                ours.answers.remove(&key);
            }
        }
    }
    beside_conflicts
}

/// One answer changed on both sides. Returns the merge and, where both changed the answer to
/// different values, the conflict (question id left for the caller): theirs stands.
fn merge_answer(
    b: &Answer,
    (o, ours): (&Answer, &Meta),
    (t, theirs): (&Answer, &Meta),
) -> (Answer, Option<Conflict>) {
    let mut out = t.clone();
    let mut beside = None;
    // The value and its state travel together, so they never disagree.
    if (&o.value, o.state) != (&b.value, b.state) && (&o.value, o.state) != (&t.value, t.state) {
        if (&t.value, t.state) == (&b.value, b.state) {
            out.value = o.value.clone();
            out.state = o.state;
        } else {
            let version = |a: &Answer, m: &Meta| ConflictVersion {
                state: a.state,
                value: a.value.clone(),
                by: m.interviewer.clone(),
                at: m.updated,
            };
            beside = Some(Conflict {
                question: String::new(),
                on: ConflictOn::Answer,
                versions: vec![version(o, ours), version(t, theirs)],
            });
        }
    }
    out.notes = merge_text(&b.notes, &o.notes, &t.notes);
    for quote in &o.quotes {
        if !out.quotes.contains(quote) {
            out.quotes.push(quote.clone());
        }
    }
    for coded in &o.coded {
        if !out.coded.contains(coded) {
            out.coded.push(coded.clone());
        }
    }
    for said in &o.said {
        if !out.said.contains(said) {
            out.said.push(said.clone());
        }
    }
    out.follow_up = if o.follow_up == b.follow_up {
        t.follow_up
    } else {
        o.follow_up
    };
    out.seconds_spent = sum_changes(b.seconds_spent, o.seconds_spent, t.seconds_spent);
    (out, beside)
}

/// Notes changed on both sides: one that only added to the other wins; else both, theirs first.
fn merge_text(b: &str, o: &str, t: &str) -> String {
    if o == b || o == t || t.contains(o) {
        return t.to_string();
    }
    if t == b || o.contains(t) {
        return o.to_string();
    }
    let mine = o.strip_prefix(b).unwrap_or(o).trim_start_matches('\n');
    format!("{t}\n{mine}")
}

/// The metadata by the archive's rule (a field both changed is a recorded conflict, the newer
/// copy's value standing), and the conflicts either side holds, less those either resolved.
fn merge_meta_into(base: &Session, ours: &mut Session, theirs: &Session, report: &mut MergeReport) {
    let (older, newer) = if ours.meta.updated > theirs.meta.updated {
        (&theirs.meta, &ours.meta)
    } else {
        (&ours.meta, &theirs.meta)
    };
    let side = |meta| Side {
        meta,
        by: &meta.interviewer,
    };
    let (meta, found) = merge_meta(Some(&base.meta), side(older), side(newer));
    let mut conflicts: Vec<Conflict> = Vec::new();
    for c in ours.conflicts.iter().chain(&theirs.conflicts) {
        let resolved = base.conflicts.contains(c)
            && !(ours.conflicts.contains(c) && theirs.conflicts.contains(c));
        if !resolved && !conflicts.contains(c) {
            conflicts.push(c.clone());
        }
    }
    report
        .meta_conflicts
        .extend(found.iter().map(|c| c.question.clone()));
    conflicts.extend(found);
    ours.meta = meta;
    ours.conflicts = fold_conflicts(conflicts);
}

/// One conflict per question (its answer, its notes) or metadata field, in order, each value once (its earliest
/// version), oldest first, whichever copy recorded them.
pub fn fold_conflicts(mut all: Vec<Conflict>) -> Vec<Conflict> {
    all.sort_by(|p, q| (&p.question, p.on).cmp(&(&q.question, q.on)));
    let mut out: Vec<Conflict> = Vec::new();
    for c in all {
        match out.last_mut() {
            Some(held) if (&held.question, held.on) == (&c.question, c.on) => {
                held.versions.extend(c.versions)
            }
            _ => out.push(c),
        }
    }
    for c in &mut out {
        c.versions.sort_by(version_order);
        let mut seen: Vec<(AnswerState, Option<Value>)> = Vec::new();
        c.versions.retain(|v| {
            let key = (v.state, v.value.clone());
            let new = !seen.contains(&key);
            if new {
                seen.push(key);
            }
            new
        });
    }
    out
}

/// Oldest first; at the same moment one that names who changed it first, then by content, so
/// the order never depends on which copy is ours.
fn version_order(p: &ConflictVersion, q: &ConflictVersion) -> std::cmp::Ordering {
    let named = |v: &ConflictVersion| v.by.trim().is_empty();
    p.at.cmp(&q.at).then(named(p).cmp(&named(q))).then_with(|| {
        serde_json::to_string(p)
            .unwrap_or_default()
            .cmp(&serde_json::to_string(q).unwrap_or_default())
    })
}

fn merge_map<V: PartialEq + Clone>(
    b: &BTreeMap<String, V>,
    o: &BTreeMap<String, V>,
    t: &BTreeMap<String, V>,
) -> BTreeMap<String, V> {
    let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (bv, ov, tv) = (b.get(k), o.get(k), t.get(k));
            let v = if ov == bv { tv } else { ov };
            v.map(|v| (k.clone(), v.clone()))
        })
        .collect()
}

/// A counter both sides added to: the base plus both additions.
fn sum_changes(b: u64, o: u64, t: u64) -> u64 {
    b + o.saturating_sub(b) + t.saturating_sub(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::builtin;
    use crate::guide::AnswerSource as _;
    use crate::session::{AnswerState, Value};

    fn base() -> Session {
        let guide = builtin().expect("guide");
        let mut s = Session::new(&guide, crate::session::Meta::new("Acme"));
        s.set_text("wrapup.advice", "Plan storage.");
        s.set_notes("org.servers", "two sites");
        s
    }

    #[test]
    fn changes_on_different_questions_both_survive() {
        let b = base();
        let mut ours = b.clone();
        ours.set_number("org.servers", Some(450.0));
        let mut theirs = b.clone();
        theirs.set_text("wrapup.follow_ups", "Send the deck.");
        let report = merge(&b, &mut ours, &theirs);
        assert_eq!(ours.number("org.servers"), Some(450.0));
        assert_eq!(
            ours.answer("wrapup.follow_ups")
                .and_then(|a| a.value.clone()),
            Some(Value::Text("Send the deck.".into()))
        );
        assert_eq!(report.taken, 1);
        assert!(report.kept_beside.is_empty());
    }

    #[test]
    fn the_same_answer_changed_on_both_sides_keeps_ours_beside_theirs() {
        let b = base();
        let mut ours = b.clone();
        ours.set_text("wrapup.advice", "Plan storage early.");
        ours.set_notes("wrapup.advice", "she smiled");
        let mut theirs = b.clone();
        theirs.set_text("wrapup.advice", "Plan storage first.");
        theirs.meta.interviewer = "Ann".into();
        let report = merge_as(&b, &mut ours, &theirs, "Cleo");
        let a = ours.answer("wrapup.advice").expect("answer");
        assert_eq!(a.value, Some(Value::Text("Plan storage first.".into())));
        assert_eq!(a.state, AnswerState::Answered);
        // The notes hold only what was written; ours is a version of a conflict.
        assert_eq!(a.notes, "she smiled");
        assert_eq!(report.kept_beside, ["wrapup.advice"]);
        let c = ours.conflict("wrapup.advice").expect("conflict");
        let values: Vec<_> = c.versions.iter().map(|v| v.value.clone()).collect();
        assert!(values.contains(&Some(Value::Text("Plan storage early.".into()))));
        assert!(values.contains(&Some(Value::Text("Plan storage first.".into()))));
        let by: Vec<&str> = c.versions.iter().map(|v| v.by.as_str()).collect();
        assert!(by.contains(&"Cleo") && by.contains(&"Ann"), "{by:?}");
    }

    #[test]
    fn merging_with_an_unchanged_side_gives_the_other_side() {
        let b = base();
        let mut theirs = b.clone();
        theirs.set_number("org.servers", Some(10.0));
        theirs.toggle_state("wrapup.advice", AnswerState::Skipped);
        let mut ours = b.clone();
        merge(&b, &mut ours, &theirs);
        assert_eq!(ours.answers, theirs.answers);
        let mut ours = theirs.clone();
        let unchanged = b.clone();
        merge(&b, &mut ours, &unchanged);
        assert_eq!(ours.answers, theirs.answers);
    }
}
