//! The full-screen interface: a thin layer over the domain. Keys become actions (`keymap`),
//! `App::update` changes state through the domain, `screens` draw it.

pub mod action;
pub mod app;
pub mod interview;
pub mod keymap;
pub mod saver;
pub mod screens;
pub mod theme;
pub mod widgets;

use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;
use ratatui::DefaultTerminal;

use action::Action;
pub use app::{App, Launch};

use crate::guide::Guide;
use crate::session::Store;

/// The longest the loop sleeps: signals and the footer clock are checked at least this often.
const MAX_SLEEP: Duration = Duration::from_millis(250);

/// Runs journey full-screen until the user quits or a signal arrives; the open session is saved
/// and the terminal restored on every way out, panics included.
pub fn run(guide: Guide, store: Store, launch: Launch) -> Result<()> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
    let mut app = App::new(guide, store, launch, Instant::now());
    let mut terminal = ratatui::init();
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &signal)
    }));
    // Whatever happened, the session is written before the terminal is handed back.
    app.save(Instant::now(), false);
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let saved_note = match app.interview() {
        Some(i) if i.saver.is_dirty() => format!(
            "the last changes could not be saved: {}",
            i.saver.error.as_deref().unwrap_or("unknown error")
        ),
        Some(_) => "the session was saved".to_string(),
        None => "no session was open".to_string(),
    };
    match outcome {
        Ok(Ok(Some(sig))) => {
            eprintln!("journey: stopped by signal {sig}; {saved_note}");
            Ok(())
        }
        Ok(Ok(None)) => Ok(()),
        Ok(Err(e)) => Err(e.context(saved_note)),
        Err(_) => Err(anyhow!(
            "journey hit an internal error and stopped; {saved_note}"
        )),
    }
}

/// Reads events until quit; returns the signal number if a signal ended it.
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signal: &AtomicUsize,
) -> Result<Option<usize>> {
    let mut redraw = true;
    let mut shown_second = u64::MAX;
    loop {
        let now = Instant::now();
        let second = app.interview().map_or(0, |i| i.elapsed(now).as_secs());
        if redraw || second != shown_second {
            terminal.draw(|frame| screens::draw(frame, app, now))?;
            shown_second = second;
            redraw = false;
        }
        if app.quit {
            return Ok(None);
        }
        let sig = signal.load(Ordering::Relaxed);
        if sig != 0 {
            return Ok(Some(sig));
        }
        let wake = app
            .interview()
            .and_then(|i| i.saver.deadline())
            .map_or(MAX_SLEEP, |d| d.saturating_duration_since(now))
            .min(MAX_SLEEP);
        if event::poll(wake)? {
            let action = match event::read()? {
                Event::Key(key) => keymap::action(app.mode(), key),
                Event::Paste(text) => Some(Action::Paste(text)),
                Event::Resize(..) => {
                    redraw = true;
                    None
                }
                _ => None,
            };
            if let Some(action) = action {
                app.update(action, Instant::now());
                redraw = true;
            }
        }
        let before = app.interview().map(|i| i.saver.is_dirty());
        app.tick(Instant::now());
        if app.interview().map(|i| i.saver.is_dirty()) != before {
            redraw = true;
        }
    }
}
