//! Every colour and style journey draws with, in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::guide::ObstacleStatus;
use crate::session::AnswerState;

pub const ACCENT: Color = Color::Cyan;

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

pub fn selected() -> Style {
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
