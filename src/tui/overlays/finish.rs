//! Before an interview is marked complete: what is still unasked or flagged for a follow-up,
//! with a key to go to the first of them instead.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::guide::Guide;
use crate::session::{AnswerState, Session};
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{centered, hints, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::{self, Mode};
use crate::tui::nav::{Edit, Nav};
use crate::tui::theme;

/// How many questions of each list the dialog names before "and N more".
const NAMED: usize = 6;

#[derive(Debug, Clone, Default)]
pub struct Finish;

/// What is left of an interview: shown questions not asked yet, and answers flagged for a
/// follow-up, as indexes in the guide's flat order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Open {
    pub unasked: Vec<usize>,
    pub flagged: Vec<usize>,
}

impl Open {
    pub fn of(guide: &Guide, session: &Session) -> Open {
        let mut open = Open::default();
        for (i, (s, q)) in guide.questions().enumerate() {
            let answer = session.answer(&q.id);
            if answer.is_some_and(|a| a.follow_up) {
                open.flagged.push(i);
            }
            let asked = answer.is_some_and(|a| a.state != AnswerState::NotAsked);
            if !asked && guide.is_shown(s, q, session) {
                open.unasked.push(i);
            }
        }
        open
    }

    /// The first question still open, in guide order.
    pub fn first(&self) -> Option<usize> {
        self.unasked.iter().chain(&self.flagged).min().copied()
    }
}

/// The questions still unasked and those flagged, each list named and cut after a few.
fn open_lines(lines: &mut Vec<Line<'static>>, guide: &crate::guide::Guide, open: &Open) {
    let labels: Vec<(usize, &str)> = guide
        .questions()
        .enumerate()
        .map(|(i, (_, q))| (i, q.label()))
        .collect();
    for (title, list) in [
        ("Not asked yet", &open.unasked),
        ("Flagged for a follow-up", &open.flagged),
    ] {
        if list.is_empty() {
            continue;
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("{title} ({}):", list.len()),
            theme::title(),
        ));
        for &i in list.iter().take(NAMED) {
            lines.push(Line::raw(format!(
                "  {:>3} {}",
                i + 1,
                text::line(labels[i].1)
            )));
        }
        if list.len() > NAMED {
            lines.push(Line::styled(
                format!("  and {} more", list.len() - NAMED),
                theme::dim(),
            ));
        }
    }
}

/// The keys: finish, go to the first open question (when there is one), back.
fn choice_line(any_open: bool) -> Line<'static> {
    let key = |action: Action| keymap::key_for(Mode::Finish, &action).unwrap_or_default();
    let mut choices = vec![
        Span::styled(key(Action::Command(Command::Yes)), theme::key()),
        Span::raw(" finish   "),
    ];
    if any_open {
        choices.push(Span::styled(
            key(Action::Command(Command::GoTo)),
            theme::key(),
        ));
        choices.push(Span::raw(" go to the first open question   "));
    }
    choices.push(Span::styled(
        key(Action::Command(Command::No)),
        theme::key(),
    ));
    choices.push(Span::raw(" back to the interview"));
    Line::from(choices)
}

impl Component for Finish {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Command(Command::Yes) | Action::Command(Command::Finish) => {
                Outcome::Go(Nav::Finish)
            }
            Action::Command(Command::GoTo) => {
                let first = ctx
                    .subject
                    .and_then(|s| Open::of(ctx.guide, s.session).first());
                match first {
                    Some(index) => Outcome::CloseAndSend(Edit::GoTo(index)),
                    None => Outcome::Done,
                }
            }
            Action::Command(Command::No) | Action::Back => Outcome::Close,
            other => Outcome::PassOn(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some(subject) = ctx.subject else {
            return;
        };
        let guide = ctx.guide;
        let open = Open::of(guide, subject.session);
        let (done, shown) = subject.session.progress(guide);
        let mut lines = vec![Line::raw(format!(
            "{done} of {} dealt with.",
            crate::text::count(shown, "question")
        ))];
        open_lines(&mut lines, guide, &open);
        lines.push(Line::raw(""));
        lines.push(choice_line(open.first().is_some()));
        let height = lines.len() as u16 + 2;
        popup(
            frame,
            centered(area, 76, height),
            "Finish the interview?",
            lines,
            0,
            &hints(Mode::Finish),
        );
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Finish)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Meta;

    #[test]
    fn a_new_session_has_every_shown_question_open_and_flags_count() {
        let guide = crate::guide::builtin().expect("guide");
        let mut session = Session::new(&guide, Meta::new("Acme"));
        let open = Open::of(&guide, &session);
        assert_eq!(open.unasked.len(), session.progress(&guide).1);
        assert_eq!(open.first(), Some(0));
        let (_, q) = guide.questions().nth(3).expect("question");
        let answer = session.answer_mut(&q.id);
        answer.state = AnswerState::Skipped;
        answer.follow_up = true;
        let open = Open::of(&guide, &session);
        assert!(!open.unasked.contains(&3));
        assert_eq!(open.flagged, vec![3]);
    }
}
