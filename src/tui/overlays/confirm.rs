//! A yes / no question that holds what it confirms: `then` happens on yes.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{centered, hints, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::{self, Mode};
use crate::tui::nav::Nav;
use crate::tui::theme;

#[derive(Debug, Clone)]
pub struct Confirm {
    title: String,
    pub message: String,
    then: Nav,
}

impl Confirm {
    pub fn new(title: &str, message: String, then: Nav) -> Confirm {
        Confirm {
            title: title.to_string(),
            message,
            then,
        }
    }
}

impl Component for Confirm {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        match action {
            Action::Command(Command::Yes) => Outcome::Go(self.then.clone()),
            Action::Command(Command::No) | Action::Back => Outcome::Close,
            other => Outcome::PassOn(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        let key =
            |command| keymap::key_for(Mode::Confirm, &Action::Command(command)).unwrap_or_default();
        let lines = vec![
            Line::raw(text::line(&self.message).into_owned()),
            Line::raw(""),
            Line::from(vec![
                Span::styled(key(Command::Yes), theme::key()),
                Span::raw(" yes   "),
                Span::styled(key(Command::No), theme::key()),
                Span::raw(" no"),
            ]),
        ];
        popup(
            frame,
            centered(area, 70, 9),
            &self.title,
            lines,
            0,
            &hints(Mode::Confirm),
        );
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Confirm)
    }
}
