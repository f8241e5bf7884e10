//! A message over the screen (a result, an error, a sync's report). Enter or Esc closes it;
//! any other key closes it and does what it does on the screen, so typing goes on.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use crate::text;
use crate::tui::action::Action;
use crate::tui::chrome::{centered, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::{Mode, ENTER, ESC};

#[derive(Debug, Clone)]
pub struct Message {
    pub text: String,
}

impl Message {
    pub fn new(text: impl Into<String>) -> Message {
        Message { text: text.into() }
    }
}

impl Component for Message {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        match action {
            Action::Select | Action::Back => Outcome::Close,
            other => Outcome::CloseAndPass(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        // A message may have several lines (a sync's report); each is made safe.
        let lines: Vec<Line> = self
            .text
            .lines()
            .map(|l| Line::raw(text::line(l).into_owned()))
            .collect();
        let height = (lines.len() as u16 + 4).clamp(7, area.height.saturating_sub(2).max(7));
        popup(
            frame,
            centered(area, 70, height),
            "journey",
            lines,
            0,
            &format!("{} or {}", ENTER.name(), ESC.name()),
        );
    }

    /// Keys are read as the screen under reads them.
    fn mode(&self, _: &Ctx) -> Option<Mode> {
        None
    }
}
