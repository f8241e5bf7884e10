//! Every colour and style journey draws with, in one place, in one of three palettes: dark and
//! light backgrounds, and high contrast; `NO_COLOR` draws without colour. `prefs` remembers the
//! choice; `detect` reads the terminal's background for `auto`.

mod detect;
mod prefs;

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use ratatui::style::{Color, Modifier, Style};

pub use detect::background_is_light;
pub use prefs::{config_dir, load as load_choice, save as save_choice, CONFIG_DIR_ENV};

use crate::guide::ObstacleStatus;
use crate::session::AnswerState;

/// The theme asked for: `auto` follows the terminal's background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Choice {
    #[default]
    Auto,
    Dark,
    Light,
    HighContrast,
}

impl Choice {
    pub const ALL: [Choice; 4] = [
        Choice::Auto,
        Choice::Dark,
        Choice::Light,
        Choice::HighContrast,
    ];

    /// The name the flag, the config file and the messages use.
    pub fn name(self) -> &'static str {
        match self {
            Choice::Auto => "auto",
            Choice::Dark => "dark",
            Choice::Light => "light",
            Choice::HighContrast => "high-contrast",
        }
    }

    pub fn from_name(name: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The next choice, for the key that cycles through them.
    pub fn next(self) -> Choice {
        let at = Choice::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Choice::ALL[(at + 1) % Choice::ALL.len()]
    }

    /// The palette this choice draws with; `auto` asks the terminal (`light` answers whether
    /// its background is light, `None` when it cannot tell: dark then).
    pub fn resolve(self, light: impl FnOnce() -> Option<bool>) -> Theme {
        match self {
            Choice::Dark => Theme::Dark,
            Choice::Light => Theme::Light,
            Choice::HighContrast => Theme::HighContrast,
            Choice::Auto if light() == Some(true) => Theme::Light,
            Choice::Auto => Theme::Dark,
        }
    }
}

/// The theme chosen, what the terminal said of its background (asked once, at start), and the
/// folder the choice is remembered in (`None`: not remembered, as in tests).
#[derive(Debug, Clone, Default)]
pub struct Setting {
    pub choice: Choice,
    pub light_background: Option<bool>,
    pub remember_in: Option<std::path::PathBuf>,
}

impl Setting {
    /// Draws with the chosen theme from now on.
    pub fn apply(&self) {
        set_theme(self.choice.resolve(|| self.light_background));
    }

    /// Goes to the next theme, draws with it and remembers it; says so, in words.
    pub fn choose_next(&mut self) -> String {
        self.choice = self.choice.next();
        self.apply();
        let name = match self.choice {
            Choice::Auto => format!(
                "auto ({} background)",
                match self.light_background {
                    Some(true) => "a light",
                    Some(false) => "a dark",
                    None => "the terminal does not say its; dark colours for an unknown",
                }
            ),
            other => other.name().to_string(),
        };
        let kept = match &self.remember_in {
            None => "for this run".to_string(),
            Some(dir) => match prefs::save(dir, self.choice) {
                Ok(()) => format!("remembered in {}", dir.display()),
                Err(e) => format!("not remembered: {e:#}"),
            },
        };
        format!("Colours: {name}; {kept}. `journey --theme NAME` chooses for one run.")
    }
}

/// The palette in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
    HighContrast,
}

/// The colours of a palette, by what they mean.
struct Palette {
    accent: Color,
    faint: Color,
    probe: Color,
    selected: Color,
    good: Color,
    caution: Color,
    bad: Color,
    error_fg: Color,
}

const DARK: Palette = Palette {
    accent: Color::Cyan,
    faint: Color::DarkGray,
    probe: Color::Gray,
    selected: Color::Rgb(40, 60, 80),
    good: Color::Green,
    caution: Color::Yellow,
    bad: Color::Red,
    error_fg: Color::White,
};

/// Dark text on a light background: no yellow or light grey, which vanish on white.
const LIGHT: Palette = Palette {
    accent: Color::Rgb(0, 90, 160),
    faint: Color::Rgb(100, 100, 100),
    probe: Color::Rgb(70, 70, 70),
    selected: Color::Rgb(200, 222, 245),
    good: Color::Rgb(0, 110, 0),
    caution: Color::Rgb(150, 80, 0),
    bad: Color::Rgb(180, 0, 0),
    error_fg: Color::White,
};

/// The 16 basic colours at their brightest, nothing faint; the selection in reverse video.
const HIGH_CONTRAST: Palette = Palette {
    accent: Color::LightCyan,
    faint: Color::White,
    probe: Color::White,
    selected: Color::Reset,
    good: Color::LightGreen,
    caution: Color::LightYellow,
    bad: Color::LightRed,
    error_fg: Color::Black,
};

static THEME: AtomicU8 = AtomicU8::new(0);
static MONOCHROME: AtomicBool = AtomicBool::new(false);

/// Draw with `theme` from now on.
pub fn set_theme(theme: Theme) {
    THEME.store(theme as u8, Ordering::Relaxed);
}

pub fn theme() -> Theme {
    match THEME.load(Ordering::Relaxed) {
        1 => Theme::Light,
        2 => Theme::HighContrast,
        _ => Theme::Dark,
    }
}

fn palette() -> &'static Palette {
    match theme() {
        Theme::Dark => &DARK,
        Theme::Light => &LIGHT,
        Theme::HighContrast => &HIGH_CONTRAST,
    }
}

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

/// The accent: titles, keys, the focused border, the gauge.
pub fn accent() -> Color {
    palette().accent
}

pub fn title() -> Style {
    Style::new().fg(accent()).add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    Style::new().fg(palette().faint)
}

pub fn border_focused() -> Style {
    Style::new().fg(accent())
}

pub fn dim() -> Style {
    Style::new().fg(palette().faint)
}

pub fn probe() -> Style {
    Style::new()
        .fg(palette().probe)
        .add_modifier(Modifier::ITALIC)
}

/// The row or item under the cursor.
pub fn selected() -> Style {
    if monochrome() || theme() == Theme::HighContrast {
        return Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    }
    Style::new()
        .bg(palette().selected)
        .add_modifier(Modifier::BOLD)
}

pub fn picked() -> Style {
    Style::new().fg(palette().good).add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    Style::new().fg(accent()).add_modifier(Modifier::BOLD)
}

pub fn ok() -> Style {
    Style::new().fg(palette().good)
}

pub fn warn() -> Style {
    Style::new().fg(palette().caution)
}

pub fn error() -> Style {
    Style::new()
        .fg(palette().error_fg)
        .bg(palette().bad)
        .add_modifier(Modifier::BOLD)
}

pub fn gauge_fill() -> Style {
    Style::new().fg(accent())
}

pub fn obstacle(status: ObstacleStatus) -> (&'static str, Style) {
    match status {
        ObstacleStatus::NotDiscussed => ("○", dim()),
        ObstacleStatus::NotAnObstacle => ("✓", ok()),
        ObstacleStatus::Raised => (
            "!",
            Style::new().fg(palette().bad).add_modifier(Modifier::BOLD),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_their_names_and_cycle() {
        for c in Choice::ALL {
            assert_eq!(Choice::from_name(c.name()), Some(c));
        }
        assert_eq!(Choice::from_name("solarized"), None);
        assert_eq!(Choice::HighContrast.next(), Choice::Auto);
        assert_eq!(Choice::Auto.next(), Choice::Dark);
    }

    #[test]
    fn auto_follows_the_background_and_is_dark_when_unknown() {
        assert_eq!(Choice::Auto.resolve(|| Some(true)), Theme::Light);
        assert_eq!(Choice::Auto.resolve(|| Some(false)), Theme::Dark);
        assert_eq!(Choice::Auto.resolve(|| None), Theme::Dark);
        assert_eq!(Choice::Light.resolve(|| Some(false)), Theme::Light);
    }
}
