//! Taking over the terminal and giving it back. Like `ratatui::init` / `restore`, but nothing
//! here ever panics: when the terminal is gone (a closed window, a dropped SSH connection),
//! ratatui's restore reports its failure with `eprintln!`, which panics on a dead stderr, and its
//! panic hook then panics again and aborts the process, before the session is saved.

use std::io::{self, stdout};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::{DefaultTerminal, Terminal};

/// Raw mode, the alternate screen, bracketed paste and the mouse; the terminal is restored on any panic.
pub fn init() -> io::Result<DefaultTerminal> {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        default_hook(info);
    }));
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    )?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Gives the terminal back: cooked mode, the main screen, a visible cursor. Failures are
/// ignored: a terminal that is gone needs no restoring.
pub fn restore() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
}
