//! The full-screen interface: a thin layer over the domain. Keys become actions (`keymap`),
//! `App::update` changes state through the domain, `screens` draw it.

pub mod action;
pub mod app;
pub mod chrome;
pub mod component;
pub mod cursor;
pub mod focus;
pub mod hits;
pub mod interview;
pub mod keymap;
pub mod later;
pub mod line_edit;
pub mod nav;
pub mod overlays;
pub mod screen;
pub mod screens;
mod terminal;
pub mod theme;
pub mod widgets;
pub mod wrap;

use std::io::{self, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use ratatui::crossterm::event::{self, Event};
use ratatui::DefaultTerminal;

use action::Action;
pub use app::{App, Launch};

use crate::guide::Guide;
use crate::session::Store;

/// For the reliability tests: pressing this key makes journey panic, to prove the terminal is
/// restored and the session saved on a real panic.
const PANIC_KEY_ENV: &str = "JOURNEY_TEST_PANIC_KEY";

/// For the start-up benchmark: journey exits as soon as its first frame is drawn.
const FIRST_FRAME_ENV: &str = "JOURNEY_BENCH_FIRST_FRAME";

/// The longest the loop sleeps: signals and the footer clock are checked at least this often.
const MAX_SLEEP: Duration = Duration::from_millis(250);

/// How often the loop looks for the end of the home screen's check after its first frame.
const CHECK_POLL: Duration = Duration::from_millis(10);

/// Runs journey full-screen until the user quits, a signal arrives or the terminal goes away;
/// the open session is saved and the terminal restored on every way out, panics included.
/// `skipped` names files that could not be read at start (added codes): shown in a message.
/// `lang` is the language new interviews are held in (`--lang`; empty for the guide's own).
/// `theme` is `--theme`; without it, the theme chosen before (remembered), else `auto`.
pub fn run(
    guide: Guide,
    store: Store,
    launch: Launch,
    skipped: &[String],
    lang: &str,
    theme: Option<theme::Choice>,
) -> Result<()> {
    theme::set_monochrome(theme::monochrome_from_env());
    let (colours, unreadable) = colours(theme);
    colours.apply();
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
    let mut app = App::new(guide, store, Launch::Home, Instant::now());
    app.lang = lang.to_string();
    app.colours = colours;
    app.launch(launch, Instant::now());
    if let Some(e) = unreadable {
        app.message(format!(
            "The colour theme chosen before could not be read: {e:#}"
        ));
    }
    if !skipped.is_empty() {
        app.message(format!(
            "Some files were skipped; everything else goes on (`journey codes` lists them):\n{}",
            skipped.join("\n")
        ));
    }
    let mut terminal = terminal::init()?;
    let events = spawn_input();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &signal, &events)
    }));
    // Whatever happened, the session is written before the terminal is handed back.
    app.leave(Instant::now());
    terminal::restore();
    // A word index a search made is written before journey ends (the next search finds it).
    crate::index::finish_words_writes();
    // ratatui's `Terminal` shows the cursor again on drop and reports a failure with `eprintln!`,
    // which panics when the terminal is gone; it was restored above, so its drop is skipped.
    std::mem::forget(terminal);
    let saved_note = match app.interview() {
        Some(i) if i.open.saver.is_dirty() => format!(
            "the last changes could not be saved: {}",
            i.open.saver.error.as_deref().unwrap_or("unknown error")
        ),
        Some(_) => "the session was saved".to_string(),
        None => "no session was open".to_string(),
    };
    match outcome {
        Ok(Ok(Stop::Quit)) => Ok(()),
        Ok(Ok(stop)) => {
            // The terminal may be gone: a failed write here must not turn into a panic.
            let _ = writeln!(io::stderr(), "journey: {}; {saved_note}", stop.describe());
            Ok(())
        }
        Ok(Err(e)) => Err(e.context(saved_note)),
        Err(_) => Err(anyhow!(
            "journey hit an internal error and stopped; {saved_note}"
        )),
    }
}

/// The theme: `flag`, else the one remembered, else `auto`; the terminal's background is asked
/// for once, before the screen is taken (only when `auto` needs it). A remembered choice that
/// cannot be read is returned as the error to show.
fn colours(flag: Option<theme::Choice>) -> (theme::Setting, Option<anyhow::Error>) {
    let remember_in = theme::config_dir();
    let (remembered, unreadable) = match (&flag, &remember_in) {
        (None, Some(dir)) => match theme::load_choice(dir) {
            Ok(choice) => (choice, None),
            Err(e) => (None, Some(e)),
        },
        _ => (None, None),
    };
    let choice = flag.or(remembered).unwrap_or_default();
    let light_background = if choice == theme::Choice::Auto && !theme::monochrome() {
        theme::background_is_light()
    } else {
        None
    };
    let setting = theme::Setting {
        choice,
        light_background,
        remember_in,
    };
    (setting, unreadable)
}

/// Why the event loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Quit,
    Signal(usize),
    /// The terminal went away (closed window, dropped SSH connection).
    HangUp,
}

impl Stop {
    fn describe(self) -> String {
        match self {
            Stop::Quit => "quit".into(),
            Stop::Signal(sig) => format!("stopped by signal {sig}"),
            Stop::HangUp => "the terminal went away".into(),
        }
    }
}

/// Terminal events, read on their own thread so the main loop always wakes in time for
/// signals and saves. (crossterm's reader can spin without returning once the terminal is gone;
/// that thread ends with the process.)
fn spawn_input() -> Receiver<io::Result<Event>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || loop {
        let event = event::read();
        let failed = event.is_err();
        if tx.send(event).is_err() || failed {
            break;
        }
    });
    rx
}

/// How long the loop may wait for an event: until the next save is due, or a short poll while
/// the archive's status is being read.
fn wake_after(app: &App, now: Instant) -> Duration {
    app.interview()
        .and_then(|i| i.open.saver.deadline())
        .map_or(MAX_SLEEP, |d| d.saturating_duration_since(now))
        .min(if app.status_pending() {
            CHECK_POLL
        } else {
            MAX_SLEEP
        })
}

/// Gives the app what arrived: whether the screen must be drawn again, or None when the
/// terminal is gone.
fn take_event(
    app: &mut App,
    received: Result<io::Result<Event>, RecvTimeoutError>,
    panic_key: Option<char>,
) -> Option<bool> {
    let action = match received {
        Ok(Ok(Event::Key(key))) => {
            if panic_key.is_some()
                && key.code == event::KeyCode::Char(panic_key.unwrap_or_default())
            {
                panic!("{PANIC_KEY_ENV} pressed");
            }
            app.handle_key(key, Instant::now());
            return Some(true);
        }
        Ok(Ok(Event::Paste(text))) => Action::Paste(text),
        Ok(Ok(Event::Mouse(mouse))) => {
            app.handle_mouse(mouse, Instant::now());
            return Some(true);
        }
        Ok(Ok(Event::Resize(..))) => return Some(true),
        Ok(Ok(_)) | Err(RecvTimeoutError::Timeout) => return Some(false),
        Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => return None,
    };
    app.update(action, Instant::now());
    Some(true)
}

/// Reads events until quit, a signal, or the terminal's end.
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signal: &AtomicUsize,
    events: &Receiver<io::Result<Event>>,
) -> Result<Stop> {
    let mut redraw = true;
    let mut shown_second = u64::MAX;
    let panic_key = std::env::var(PANIC_KEY_ENV)
        .ok()
        .and_then(|k| k.chars().next());
    let exit_after_first_frame = std::env::var_os(FIRST_FRAME_ENV).is_some();
    loop {
        let now = Instant::now();
        let second = app.interview().map_or(0, |i| i.elapsed(now).as_secs());
        if redraw || second != shown_second {
            terminal.draw(|frame| app.draw(frame, now))?;
            shown_second = second;
            redraw = false;
            if exit_after_first_frame {
                return Ok(Stop::Quit);
            }
        }
        if app.quit {
            return Ok(Stop::Quit);
        }
        let sig = signal.load(Ordering::Relaxed);
        if sig != 0 {
            return Ok(Stop::Signal(sig));
        }
        if !io::stdin().is_terminal() {
            return Ok(Stop::HangUp);
        }
        match take_event(app, events.recv_timeout(wake_after(app, now)), panic_key) {
            Some(changed) => redraw |= changed,
            None => return Ok(Stop::HangUp),
        }
        let before = app.interview().map(|i| i.open.saver.is_dirty());
        // A running sync redraws its progress line and, when it ends, its report; the archive's
        // state on the home screen is read after the first frame and then shown.
        redraw |= app.busy();
        redraw |= app.tick(Instant::now());
        if app.interview().map(|i| i.open.saver.is_dirty()) != before {
            redraw = true;
        }
    }
}
