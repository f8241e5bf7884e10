//! Answers the skip logic hides now: kept in the session file (nothing typed is lost, and an
//! answer changed back shows them again), left out of what is exported for analysis.

use super::{Answer, AnswerState, Session};
use crate::guide::Guide;

/// Whether an answer says anything about its question: a value, or skipped / N/A.
fn has_reply(a: &Answer) -> bool {
    a.state != AnswerState::NotAsked || a.value.is_some()
}

/// Whether an answer carries what the customer said or the interviewer wrote beside it.
fn has_words(a: &Answer) -> bool {
    !a.notes.is_empty() || !a.quotes.is_empty() || !a.coded.is_empty() || a.follow_up
}

impl Session {
    /// The questions, in guide order, whose answer (a value, or skipped / N/A) the guide's skip
    /// logic hides given the answers as they stand (`Guide::shown`, as the interview reads it).
    pub fn hidden_answers<'g>(&self, guide: &'g Guide) -> Vec<&'g str> {
        guide
            .questions()
            .zip(guide.shown(self))
            .filter(|(_, shown)| !shown)
            .filter(|((_, q), _)| self.answer(&q.id).is_some_and(has_reply))
            .map(|((_, q), _)| q.id.as_str())
            .collect()
    }

    /// This session as the exports meant for analysis read it: each answer the skip logic hides
    /// is made "not asked", as a question never reached (ODK's non-relevant questions); its
    /// notes, quotes, codes and follow-up flag stay (what the customer said is evidence). Never
    /// saved: the file keeps every answer. Returns the questions whose answers were hidden.
    pub fn hide_irrelevant(&mut self, guide: &Guide) -> Vec<String> {
        let hidden: Vec<String> = self
            .hidden_answers(guide)
            .into_iter()
            .map(String::from)
            .collect();
        for id in &hidden {
            let Some(answer) = self.answers.get_mut(id) else {
                continue;
            };
            answer.state = AnswerState::NotAsked;
            answer.value = None;
            if !has_words(answer) {
                self.answers.remove(id);
            }
        }
        hidden
    }
}
