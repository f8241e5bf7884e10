//! A session's summary: what lists and the home screen show of it.

use serde::{Deserialize, Serialize};

use crate::assess::{assess_shown, Detail};
use crate::guide::Guide;
use crate::guide::ObstacleStatus;
use crate::session::{AnswerState, Session, Status, Timestamp};

/// What lists and the home screen show of a session, and what exports need to plan columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub customer: String,
    /// The customer's stable id across interviews (`Meta::customer_key`).
    #[serde(default)]
    pub customer_id: String,
    pub participant: String,
    pub role: String,
    pub interviewer: String,
    pub started: Timestamp,
    pub updated: Timestamp,
    pub finished: Option<Timestamp>,
    pub elapsed_seconds: u64,
    /// Questions done (answered, skipped or N/A) among those shown: `Session::progress`.
    pub answered: usize,
    /// The nearest stage's id and the position, as the guide assesses them.
    pub stage: Option<String>,
    pub position: Option<f64>,
    pub between: Option<[String; 2]>,
    /// Ids of the obstacles still open: raised or being addressed, not resolved.
    pub obstacles_open: Vec<String>,
    /// Positions (in the guide's question order) of the questions with notes, and with quotes:
    /// numbers rather than ids keep the index small; it is tied to its guide anyway.
    pub with_notes: Vec<u16>,
    pub with_quotes: Vec<u16>,
    /// Answers in conflict after a team sync.
    #[serde(default)]
    pub conflicts: usize,
}

impl Summary {
    pub fn of(guide: &Guide, s: &Session) -> Summary {
        // Skip logic worked out once, for the assessment and for the progress.
        let shown = guide.shown(s);
        let a = assess_shown(guide, s, Detail::Brief, &shown);
        // `Session::progress`, from the questions shown.
        let answered = guide
            .questions()
            .zip(&shown)
            .filter(|((_, q), shown)| {
                **shown
                    && s.answer(&q.id)
                        .is_some_and(|a| a.state != AnswerState::NotAsked)
            })
            .count();
        // The session's answers, each looked up once in the guide (not each question looked
        // up in the answers), as places in the guide's order.
        let with = |f: &dyn Fn(&crate::session::Answer) -> bool| {
            let mut at: Vec<u16> = s
                .answers
                .iter()
                .filter(|(_, a)| f(a))
                .filter_map(|(id, _)| guide.position(id))
                .map(|p| p.flat as u16)
                .collect();
            at.sort_unstable();
            at
        };
        Summary {
            id: s.id.clone(),
            customer: s.meta.customer.clone(),
            customer_id: s.meta.customer_key(),
            participant: s.meta.participant.clone(),
            role: s.meta.role.clone(),
            interviewer: s.meta.interviewer.clone(),
            started: s.meta.started,
            updated: s.meta.updated,
            finished: s.meta.finished,
            elapsed_seconds: s.elapsed_seconds,
            answered,
            stage: a.stage,
            position: a.position,
            between: a.between,
            obstacles_open: a
                .obstacles
                .iter()
                .filter(|o| o.status.was_raised() && o.status != ObstacleStatus::Resolved)
                .map(|o| o.id.clone())
                .collect(),
            with_notes: with(&|a| !a.notes.is_empty()),
            with_quotes: with(&|a| !a.quotes.is_empty()),
            conflicts: s.conflicts.len(),
        }
    }

    pub fn status(&self) -> Status {
        if self.finished.is_some() {
            Status::Complete
        } else {
            Status::InProgress
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Answer, Meta, Value};

    /// Skip logic worked out once gives what `Session::progress` and a full check give.
    #[test]
    fn the_summary_counts_progress_as_the_session_does() {
        let guide = crate::guide::builtin().expect("guide");
        let mut s = Session::new(&guide, Meta::new("Acme"));
        let questions: Vec<_> = guide.questions().map(|(_, q)| q.clone()).collect();
        for (n, q) in questions.iter().enumerate() {
            let summary = Summary::of(&guide, &s);
            assert_eq!(summary.answered, s.progress(&guide).0, "after {n} answers");
            let full = crate::assess::assess_with(&guide, &s, Detail::Brief);
            assert_eq!(
                (summary.stage, summary.position),
                (full.stage, full.position)
            );
            // Each question answered with its first option (or skipped): skip logic turns
            // sections on and off along the way.
            let mut answer = Answer::default();
            match q.options.first() {
                Some(o) => {
                    answer.value = Some(Value::Choice {
                        selected: vec![o.id.clone()],
                        other: None,
                    });
                    answer.state = AnswerState::Answered;
                }
                None => answer.state = AnswerState::Skipped,
            }
            s.answers.insert(q.id.clone(), answer);
        }
    }
}
