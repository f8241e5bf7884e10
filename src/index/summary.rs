//! A session's summary: what lists and the home screen show of it.

use serde::Serialize;

use crate::assess::{assess_shown, Detail};
use crate::guide::Guide;
use crate::guide::ObstacleStatus;
use crate::session::{AnswerState, Session, Status, Timestamp};
use crate::text::{name, Name};

use super::Positions;

/// What lists and the home screen show of a session, and what exports need to plan columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub id: String,
    /// Names are shared with every other summary that has them (`text::Name`): at 100,000
    /// sessions they would otherwise be half the summaries' memory.
    pub customer: Name,
    /// The customer's stable id across interviews (`Meta::customer_key`).
    pub customer_id: Name,
    pub participant: Name,
    pub role: Name,
    pub interviewer: Name,
    pub started: Timestamp,
    pub updated: Timestamp,
    pub finished: Option<Timestamp>,
    pub elapsed_seconds: u64,
    /// Questions done (answered, skipped or N/A) among those shown: `Session::progress`.
    pub answered: usize,
    /// The nearest stage's id and the position, as the guide assesses them.
    pub stage: Option<Name>,
    pub position: Option<f64>,
    pub between: Option<[Name; 2]>,
    /// Ids of the obstacles still open: raised or being addressed, not resolved (one shared
    /// list for every summary with the same ones).
    pub obstacles_open: std::sync::Arc<[Name]>,
    /// Positions (in the guide's question order) of the questions with notes, and with quotes:
    /// numbers rather than ids keep the index small; it is tied to its guide anyway.
    pub with_notes: Positions,
    pub with_quotes: Positions,
    /// Answers in conflict after a team sync.
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
            s.answers
                .iter()
                .filter(|(_, a)| f(a))
                .filter_map(|(id, _)| guide.position(id))
                .map(|p| p.flat as u16)
                .collect::<Positions>()
        };
        Summary {
            id: s.id.clone(),
            customer: name(&s.meta.customer),
            customer_id: name(&s.meta.customer_key()),
            participant: name(&s.meta.participant),
            role: name(&s.meta.role),
            interviewer: name(&s.meta.interviewer),
            started: s.meta.started,
            updated: s.meta.updated,
            finished: s.meta.finished,
            elapsed_seconds: s.elapsed_seconds,
            answered,
            stage: a.stage.as_deref().map(name),
            position: a.position,
            between: a.between.map(|[from, to]| [name(&from), name(&to)]),
            obstacles_open: crate::text::names(
                a.obstacles
                    .iter()
                    .filter(|o| o.status.was_raised() && o.status != ObstacleStatus::Resolved)
                    .map(|o| name(&o.id)),
            ),
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
                (summary.stage.as_deref(), summary.position),
                (full.stage.as_deref(), full.position)
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
