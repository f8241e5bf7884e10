//! Answers two copies of a session changed to different values: both versions are kept, who
//! and when, until a researcher keeps one (the others go into the notes).

use serde::{Deserialize, Serialize};

use super::{answer_text, meta_merge, AnswerState, Session, Timestamp, Value};

/// The same answer set to different values in two copies of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The question id (or `meta.<field>` for the metadata).
    pub question: String,
    /// The versions, oldest first; the session's answer holds the newest until one is picked.
    pub versions: Vec<ConflictVersion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictVersion {
    pub state: AnswerState,
    #[serde(default)]
    pub value: Option<Value>,
    /// The interviewer of that copy.
    #[serde(default)]
    pub by: String,
    /// When that copy was last changed.
    pub at: Timestamp,
}

impl Conflict {
    /// One version in words: "Plan storage early. (ana, 2026-11-25 10:00)".
    pub fn describe(&self, question: Option<&crate::guide::Question>, at: usize) -> String {
        let Some(v) = self.versions.get(at) else {
            return String::new();
        };
        let value = match (question, &v.value, v.state) {
            (Some(q), Some(value), AnswerState::Answered) => answer_text(q, value),
            (None, Some(Value::Text(t)), _) if meta_merge::field_of(&self.question).is_some() => {
                if t.is_empty() {
                    "(empty)".to_string()
                } else {
                    t.clone()
                }
            }
            (_, _, state) => state.label().to_string(),
        };
        let by = if v.by.is_empty() { "someone" } else { &v.by };
        format!("{value} ({by}, {})", v.at.format("%Y-%m-%d %H:%M"))
    }
}

impl Session {
    /// The conflict recorded on a question, if any.
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

    /// Keeps version `keep` of a conflicting answer as the answer; the other versions go into
    /// the question's notes, so nothing is lost. False when there is no such version.
    pub fn resolve_conflict(
        &mut self,
        question: Option<&crate::guide::Question>,
        id: &str,
        keep: usize,
    ) -> bool {
        let Some(at) = self.conflicts.iter().position(|c| c.question == id) else {
            return false;
        };
        let conflict = &self.conflicts[at];
        let Some(kept) = conflict.versions.get(keep).cloned() else {
            return false;
        };
        // A metadata field takes the version kept; the researcher picked it over the others.
        if let Some(field) = meta_merge::field_of(id) {
            if !meta_merge::set(&mut self.meta, field, &kept.value) {
                return false;
            }
            self.conflicts.remove(at);
            return true;
        }
        let others: Vec<String> = (0..conflict.versions.len())
            .filter(|&n| n != keep)
            .map(|n| conflict.describe(question, n))
            .collect();
        self.conflicts.remove(at);
        let answer = self.answer_mut(id);
        answer.value = kept.value;
        answer.state = kept.state;
        for other in others {
            if !answer.notes.is_empty() && !answer.notes.ends_with('\n') {
                answer.notes.push('\n');
            }
            answer
                .notes
                .push_str(&format!("(the other copy's answer: {other})"));
        }
        true
    }
}
