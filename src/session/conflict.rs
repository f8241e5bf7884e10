//! Conflicts: an answer, a question's notes or a metadata field that two copies of a session
//! changed differently. The versions (who, when, what) are data beside the answer, never text in
//! the notes; resolving one keeps a version and records the others in the session's history of
//! resolved conflicts, so none is lost.

use serde::{Deserialize, Serialize};

use super::{answer_text, meta_merge, AnswerState, Session, Timestamp, Value};

/// What of a question two copies changed differently.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ConflictOn {
    /// The answer (its value and state), or a metadata field.
    #[default]
    Answer,
    /// The question's notes, changed on the same lines in both copies.
    Notes,
}

impl ConflictOn {
    pub fn is_answer(&self) -> bool {
        *self == ConflictOn::Answer
    }
}

/// The same answer (or notes, or metadata field) set to different values in two copies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The question id (or `meta.<field>` for the metadata).
    pub question: String,
    /// What of the question is in conflict; the answer when absent (files before notes
    /// conflicts).
    #[serde(default, skip_serializing_if = "ConflictOn::is_answer")]
    pub on: ConflictOn,
    /// The versions, oldest first; the session holds the newest until one is picked.
    pub versions: Vec<ConflictVersion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictVersion {
    pub state: AnswerState,
    /// The answer's value, or the notes as a text (a notes conflict).
    #[serde(default)]
    pub value: Option<Value>,
    /// Who made that version: the researcher whose copy it is.
    #[serde(default)]
    pub by: String,
    /// When that copy was last changed.
    pub at: Timestamp,
}

/// A conflict a researcher settled: the version kept, the others, who and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    pub question: String,
    #[serde(default, skip_serializing_if = "ConflictOn::is_answer")]
    pub on: ConflictOn,
    pub kept: ConflictVersion,
    /// The versions not kept (and what stood there, if it was none of them).
    pub others: Vec<ConflictVersion>,
    /// The researcher who settled it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    pub at: Timestamp,
}

impl Conflict {
    /// One version in words: "Plan storage early. (ana, 2026-11-25 10:00)".
    pub fn describe(&self, question: Option<&crate::guide::Question>, at: usize) -> String {
        let Some(v) = self.versions.get(at) else {
            return String::new();
        };
        let value = self.value_text(question, v);
        let by = if v.by.trim().is_empty() {
            "someone"
        } else {
            &v.by
        };
        format!("{value} ({by}, {})", v.at.format("%Y-%m-%d %H:%M"))
    }

    /// A version's value in words: the answer as a reader wants it, the notes, or the state.
    pub fn value_text(
        &self,
        question: Option<&crate::guide::Question>,
        v: &ConflictVersion,
    ) -> String {
        let text_field =
            self.on == ConflictOn::Notes || meta_merge::field_of(&self.question).is_some();
        match (question, &v.value, v.state) {
            (_, Some(Value::Text(t)), _) if text_field => {
                if t.trim().is_empty() {
                    "(empty)".to_string()
                } else {
                    t.clone()
                }
            }
            (Some(q), Some(value), AnswerState::Answered) => answer_text(q, value),
            (_, _, state) => state.label().to_string(),
        }
    }

    /// What a reader calls it: the question's label (with "notes" for its notes), or
    /// "participant (metadata)".
    pub fn label(&self, guide: &crate::guide::Guide) -> String {
        let label = meta_merge::conflict_label(&self.question, guide);
        match self.on {
            ConflictOn::Notes => format!("{label} (notes)"),
            ConflictOn::Answer => label,
        }
    }
}

impl Session {
    /// The conflict recorded on a question (its answer first, then its notes), if any.
    pub fn conflict(&self, question: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.question == question)
    }

    /// The conflict to resolve while at a question: the question's own, else the first on the
    /// metadata (which no question shows).
    pub fn conflict_at_hand(&self, question: &str) -> Option<&Conflict> {
        self.conflict(question).or_else(|| {
            self.conflicts
                .iter()
                .find(|c| meta_merge::field_of(&c.question).is_some())
        })
    }

    /// [`Session::resolve_conflict_by`] by nobody named.
    pub fn resolve_conflict(
        &mut self,
        question: Option<&crate::guide::Question>,
        id: &str,
        keep: usize,
    ) -> bool {
        self.resolve_conflict_by(question, id, keep, "")
    }

    /// Keeps version `keep` of the first conflict on `id` (as [`Session::conflict`] finds it):
    /// the answer, the notes or the metadata field takes it; the other versions (and what stood
    /// there, if it was none of them) go into [`Session::resolved`], never into the notes. False
    /// when there is no such version.
    pub fn resolve_conflict_by(
        &mut self,
        _question: Option<&crate::guide::Question>,
        id: &str,
        keep: usize,
        by: &str,
    ) -> bool {
        let Some(at) = self.conflicts.iter().position(|c| c.question == id) else {
            return false;
        };
        let Some(kept) = self.conflicts[at].versions.get(keep).cloned() else {
            return false;
        };
        let on = self.conflicts[at].on;
        let standing = self.standing(id, on);
        if let Some(field) = meta_merge::field_of(id) {
            if !meta_merge::set(&mut self.meta, field, &kept.value) {
                return false;
            }
        } else {
            let answer = self.answer_mut(id);
            match on {
                ConflictOn::Answer => {
                    answer.value.clone_from(&kept.value);
                    answer.state = kept.state;
                }
                ConflictOn::Notes => {
                    answer.notes = match &kept.value {
                        Some(Value::Text(t)) => t.clone(),
                        _ => String::new(),
                    };
                }
            }
        }
        let conflict = self.conflicts.remove(at);
        let mut others: Vec<ConflictVersion> = conflict
            .versions
            .into_iter()
            .enumerate()
            .filter(|(n, _)| *n != keep)
            .map(|(_, v)| v)
            .collect();
        // What stood there, edited since the conflict was recorded: kept too.
        let known = |v: &ConflictVersion| (v.state, &v.value) == (standing.state, &standing.value);
        if !known(&kept) && !others.iter().any(known) {
            others.push(standing);
        }
        self.resolved.push(Resolved {
            question: id.to_string(),
            on,
            kept,
            others,
            by: by.trim().to_string(),
            at: super::now(),
        });
        true
    }

    /// What stands in the session where a conflict is, as a version of it.
    fn standing(&self, id: &str, on: ConflictOn) -> ConflictVersion {
        let (state, value) = match (meta_merge::field_of(id), on) {
            (Some(field), _) => (AnswerState::Answered, meta_merge::get(&self.meta, field)),
            (None, ConflictOn::Answer) => {
                self.answer(id).map_or((AnswerState::NotAsked, None), |a| {
                    (a.state, a.value.clone())
                })
            }
            (None, ConflictOn::Notes) => (
                AnswerState::Answered,
                Some(Value::Text(
                    self.answer(id).map(|a| a.notes.clone()).unwrap_or_default(),
                )),
            ),
        };
        ConflictVersion {
            state,
            value,
            by: String::new(),
            at: self.meta.updated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Meta;

    fn session() -> Session {
        let guide = crate::guide::builtin().expect("guide");
        Session::new(&guide, Meta::new("Acme"))
    }

    fn version(text: &str, by: &str) -> ConflictVersion {
        ConflictVersion {
            state: AnswerState::Answered,
            value: Some(Value::Text(text.into())),
            by: by.into(),
            at: crate::session::now(),
        }
    }

    #[test]
    fn resolving_notes_keeps_one_version_and_records_the_other_not_in_the_notes() {
        let mut s = session();
        s.set_notes("wrapup.advice", "he frowned");
        s.conflicts.push(Conflict {
            question: "wrapup.advice".into(),
            on: ConflictOn::Notes,
            versions: vec![version("she smiled", "Ana"), version("he frowned", "Ben")],
        });
        assert!(s.resolve_conflict_by(None, "wrapup.advice", 0, "Cleo"));
        let a = s.answer("wrapup.advice").expect("answer");
        assert_eq!(a.notes, "she smiled");
        assert!(s.conflicts.is_empty());
        let r = &s.resolved[0];
        assert_eq!((r.on, r.by.as_str()), (ConflictOn::Notes, "Cleo"));
        assert_eq!(r.kept.by, "Ana");
        assert_eq!(r.others.len(), 1, "{:?}", r.others);
        assert_eq!(r.others[0].value, Some(Value::Text("he frowned".into())));
    }

    #[test]
    fn resolving_an_answer_edited_since_keeps_what_stood_among_the_others() {
        let mut s = session();
        s.set_text("wrapup.advice", "typed after the sync");
        s.conflicts.push(Conflict {
            question: "wrapup.advice".into(),
            on: ConflictOn::Answer,
            versions: vec![version("early", "Ana"), version("first", "Ben")],
        });
        assert!(s.resolve_conflict(None, "wrapup.advice", 1));
        let a = s.answer("wrapup.advice").expect("answer");
        assert_eq!(a.value, Some(Value::Text("first".into())));
        assert!(a.notes.is_empty(), "{}", a.notes);
        let others: Vec<_> = s.resolved[0]
            .others
            .iter()
            .map(|v| v.value.clone())
            .collect();
        assert_eq!(
            others,
            [
                Some(Value::Text("early".into())),
                Some(Value::Text("typed after the sync".into()))
            ]
        );
        // No such version: nothing changes.
        assert!(!s.resolve_conflict(None, "wrapup.advice", 0));
    }

    #[test]
    fn a_file_without_the_new_fields_reads_and_writes_without_them() {
        let s = session();
        let json = serde_json::to_string(&s).expect("json");
        assert!(
            !json.contains("resolved") && !json.contains("\"on\""),
            "{json}"
        );
        let c: Conflict =
            serde_json::from_str(r#"{"question":"q","versions":[]}"#).expect("old conflict");
        assert_eq!(c.on, ConflictOn::Answer);
    }
}
