//! Every colour and style journey draws with, in one place.

use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::style::{Color, Modifier, Style};

use crate::guide::ObstacleStatus;
use crate::session::AnswerState;

pub const ACCENT: Color = Color::Cyan;

static MONOCHROME: AtomicBool = AtomicBool::new(false);

/// Draw without colour (`NO_COLOR`, <https://no-color.org>): every selection then shows by
/// reverse video, since the terminal will drop the colours that marked it.
pub fn set_monochrome(on: bool) {
    MONOCHROME.store(on, Ordering::Relaxed);
}

/// Whether the environment asks for no colour: `NO_COLOR` set and not empty.
pub fn monochrome_from_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub fn monochrome() -> bool {
    MONOCHROME.load(Ordering::Relaxed)
}

pub fn title() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn border_focused() -> Style {
    Style::new().fg(ACCENT)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn probe() -> Style {
    Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC)
}

/// The row or item under the cursor.
pub fn selected() -> Style {
    if monochrome() {
        return Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    }
    Style::new()
        .bg(Color::Rgb(40, 60, 80))
        .add_modifier(Modifier::BOLD)
}

pub fn picked() -> Style {
    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}

pub fn warn() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn error() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}

pub fn gauge_fill() -> Style {
    Style::new().fg(ACCENT)
}

pub fn obstacle(status: ObstacleStatus) -> (&'static str, Style) {
    match status {
        ObstacleStatus::NotDiscussed => ("○", dim()),
        ObstacleStatus::NotAnObstacle => ("✓", ok()),
        ObstacleStatus::Raised => (
            "!",
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
        ObstacleStatus::BeingAddressed => ("◐", warn()),
        ObstacleStatus::Resolved => ("●", ok()),
    }
}

pub fn answer(state: AnswerState) -> (&'static str, Style) {
    match state {
        AnswerState::Answered => ("✓", ok()),
        AnswerState::Skipped => ("»", warn()),
        AnswerState::NotApplicable => ("∅", dim()),
        AnswerState::NotAsked => ("·", Style::new()),
    }
}
