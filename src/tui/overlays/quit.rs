//! Ctrl-C in an interview: a second Ctrl-C (or Ctrl-Q) quits, any other key goes on with the
//! interview and does what it does there.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::chrome::{centered, hints, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::{self, Mode};
use crate::tui::nav::Nav;
use crate::tui::theme;

#[derive(Debug, Clone, Default)]
pub struct QuitPrompt;

impl Component for QuitPrompt {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        match action {
            Action::Quit | Action::ConfirmQuit => Outcome::Go(Nav::Quit),
            other => Outcome::CloseAndPass(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        let key = keymap::key_for(Mode::QuitPrompt, &Action::Quit).unwrap_or_default();
        let lines = vec![
            Line::raw("Quit journey? Everything typed is saved."),
            Line::raw(""),
            Line::from(vec![
                Span::styled(key, theme::key()),
                Span::raw(" again quits; any other key goes on with the interview"),
            ]),
        ];
        popup(
            frame,
            centered(area, 70, 7),
            "Quit?",
            lines,
            0,
            &hints(Mode::QuitPrompt),
        );
    }

    /// Keys are read as the interview reads them: Ctrl-C there asks to quit, and now quits.
    fn mode(&self, _: &Ctx) -> Option<Mode> {
        None
    }
}
