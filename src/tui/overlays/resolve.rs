//! The versions of an answer (or a metadata field) that two copies of the session disagree
//! on: keep one.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::guide::Question;
use crate::session::Conflict;
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{centered, hints, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use crate::tui::nav::Edit;
use crate::tui::theme;

#[derive(Debug, Clone, Default)]
pub struct Resolve;

impl Resolve {
    /// The question on screen and the conflict at hand there.
    fn at_hand<'a>(ctx: &Ctx<'a>) -> Option<(&'a Question, &'a Conflict)> {
        let subject = ctx.subject?;
        let (_, q) = ctx.guide.questions().nth(subject.question?)?;
        Some((q, subject.session.conflict_at_hand(&q.id)?))
    }
}

impl Component for Resolve {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Digit(d) if d >= 1 => {
                let versions = Resolve::at_hand(ctx).map_or(0, |(_, c)| c.versions.len());
                if usize::from(d) <= versions {
                    Outcome::CloseAndSend(Edit::Resolve(usize::from(d) - 1))
                } else {
                    Outcome::Done
                }
            }
            Action::Back | Action::Command(Command::Resolve) => Outcome::Close,
            other => Outcome::PassOn(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some((q, conflict)) = Resolve::at_hand(ctx) else {
            return;
        };
        let q = (conflict.question == q.id).then_some(q);
        let head = match q {
            Some(q) => format!(
                "Two copies of this session gave \"{}\" different {}. Keep one; the others \
                 stay in the session's resolved conflicts (`journey show`).",
                text::line(q.label()),
                if conflict.on.is_answer() {
                    "answers"
                } else {
                    "notes"
                }
            ),
            None => format!(
                "Two copies of this session give the {} different values. Keep one.",
                text::line(&crate::session::conflict_label(
                    &conflict.question,
                    ctx.guide
                ))
            ),
        };
        let mut lines = vec![Line::raw(head), Line::raw("")];
        for n in 0..conflict.versions.len() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", n + 1), theme::key()),
                Span::raw(text::line(&conflict.describe(q, n)).into_owned()),
            ]));
        }
        let height = lines.len() as u16 + 4;
        popup(
            frame,
            centered(area, 80, height),
            "Keep one version",
            lines,
            0,
            &hints(Mode::Resolve),
        );
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Resolve)
    }
}
