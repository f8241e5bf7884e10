//! Walking a guide for one session: the next or previous question skip logic shows, the start
//! of the next section, the first question not asked yet. The interview moves by these.

use super::{AnswerState, Session};
use crate::guide::Guide;

impl Guide {
    /// Whether skip logic shows the question at `index` (in the flat order) for `session`.
    pub fn shown_at(&self, session: &Session, index: usize) -> bool {
        self.questions()
            .nth(index)
            .is_some_and(|(s, q)| self.is_shown(s, q, session))
    }

    /// The next (or previous) question after `index` that skip logic shows.
    pub fn step(&self, session: &Session, index: usize, forward: bool) -> Option<usize> {
        let shown: Vec<bool> = self
            .questions()
            .map(|(s, q)| self.is_shown(s, q, session))
            .collect();
        if forward {
            (index + 1..shown.len()).find(|&i| shown[i])
        } else {
            (0..index.min(shown.len())).rev().find(|&i| shown[i])
        }
    }

    /// The first shown question of the next (or previous) section from `index`.
    pub fn section_step(&self, session: &Session, index: usize, forward: bool) -> Option<usize> {
        let current = self.questions().nth(index)?.0.id.as_str();
        let starts: Vec<(usize, &str)> = self
            .questions()
            .enumerate()
            .filter(|&(i, (s, q))| self.is_shown(s, q, session) && i != index)
            .map(|(i, (s, _))| (i, s.id.as_str()))
            .collect();
        if forward {
            starts
                .iter()
                .find(|(i, s)| *i > index && *s != current)
                .map(|(i, _)| *i)
        } else {
            // The start of the section before the current one.
            let before: Vec<&(usize, &str)> = starts
                .iter()
                .filter(|(i, s)| *i < index && *s != current)
                .collect();
            let last = before.last()?.1;
            before.iter().find(|(_, s)| *s == last).map(|(i, _)| *i)
        }
    }

    /// The first shown question with nothing recorded yet.
    pub fn first_unanswered(&self, session: &Session) -> Option<usize> {
        self.questions().position(|(s, q)| {
            self.is_shown(s, q, session)
                && session
                    .answer(&q.id)
                    .is_none_or(|a| a.state == AnswerState::NotAsked)
        })
    }

    /// Where an interview opens: the question where it stopped, else the first shown question
    /// with nothing recorded, else the first (the full screen and `--plain` alike).
    pub fn resume_at(&self, session: &Session) -> usize {
        session
            .current
            .as_deref()
            .and_then(|id| self.position(id))
            .map(|p| p.flat)
            .or_else(|| self.first_unanswered(session))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use crate::session::{Meta, Session};

    #[test]
    fn steps_pass_over_hidden_questions_and_stop_at_the_ends() {
        let guide = crate::guide::builtin().expect("guide");
        let session = Session::new(&guide, Meta::new("Acme"));
        let count = guide.question_count();
        let shown: Vec<usize> = (0..count)
            .filter(|&i| guide.shown_at(&session, i))
            .collect();
        assert!(
            shown.len() < count,
            "the built-in guide hides some questions at first"
        );
        for pair in shown.windows(2) {
            assert_eq!(guide.step(&session, pair[0], true), Some(pair[1]));
            assert_eq!(guide.step(&session, pair[1], false), Some(pair[0]));
        }
        assert_eq!(guide.step(&session, shown[shown.len() - 1], true), None);
        assert_eq!(guide.step(&session, shown[0], false), None);
        assert_eq!(guide.first_unanswered(&session), Some(shown[0]));
        let next = guide
            .section_step(&session, 0, true)
            .expect("a second section");
        let (section, _) = guide.questions().nth(next).expect("question");
        assert_ne!(section.id, guide.questions().next().expect("first").0.id);
        assert_eq!(guide.section_step(&session, next, false), Some(shown[0]));
    }
}
