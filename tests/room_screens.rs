//! The interview screen at 60x20, 80x24, 120x40 and 200x60: the question gets the full width
//! below 100 columns, F11 switches the panels at every size, the tenth option shows its 0, and
//! no hint is cut mid-word.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use journey::session::Store;
use journey::tui::{keymap, App, Launch};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

struct Harness {
    _dir: tempfile::TempDir,
    app: App,
    now: Instant,
}

impl Harness {
    /// A new interview with Acme at "Products in production" (ten options).
    fn at_products() -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let now = Instant::now();
        let mut meta = common::meta("Acme Logistics");
        meta.started = journey::session::now();
        meta.updated = meta.started;
        let app = App::new(common::guide(), store, Launch::New(Some(meta)), now);
        let mut h = Harness {
            _dir: dir,
            app,
            now,
        };
        h.key(KeyCode::Char('g'), KeyModifiers::CONTROL);
        for c in "products in production".chars() {
            h.key(KeyCode::Char(c), KeyModifiers::NONE);
        }
        h.key(KeyCode::Enter, KeyModifiers::NONE);
        h.key(KeyCode::Char('2'), KeyModifiers::NONE);
        // Past the flash of the pick: the footer shows its hints.
        h.now += Duration::from_secs(10);
        h
    }

    fn key(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.app.handle_key(KeyEvent::new(code, mods), self.now);
    }

    fn f11(&mut self) {
        self.key(KeyCode::F(11), KeyModifiers::NONE);
        self.now += Duration::from_secs(10);
    }

    fn screen(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| self.app.draw(frame, self.now))
            .expect("draw");
        common::cursor::focus(terminal.backend(), &format!("{width}x{height}"));
        format!("{}", terminal.backend())
    }
}

macro_rules! snapshot {
    ($name:expr, $screen:expr) => {
        insta::with_settings!({filters => vec![
            (r"saved \d{2}:\d{2}:\d{2}", "saved [time]"),
            (r"\d{2}:\d{2} on this question", "[mm:ss] on this question"),
            (r"⏱ \d{2}:\d{2}", "⏱ [mm:ss]"),
        ]}, {
            insta::assert_snapshot!($name, $screen);
        });
    };
}

/// The rows of a screen as plain text (TestBackend writes each row quoted).
fn rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| l.strip_prefix('"').and_then(|l| l.strip_suffix('"')))
        .map(str::to_string)
        .collect()
}

/// Every hint the footer shows is a whole hint of the interview's key tables.
fn assert_footer_hints_whole(screen: &str, app: &App) {
    let guide = common::guide();
    let mode = app.interview().expect("interview").mode(&guide);
    let line = keymap::hint_line(&keymap::hints(mode));
    let whole: HashSet<&str> = line.split(" · ").collect();
    let footer = rows(screen).last().cloned().expect("a footer");
    let (_, hints) = footer
        .split_once("/60  ")
        .or_else(|| footer.split_once("/59  "))
        .unwrap_or_else(|| panic!("counts in the footer: {footer}"));
    let hints = hints.trim_end();
    assert!(!hints.is_empty(), "the footer shows hints: {footer}");
    for item in hints.split(" · ") {
        assert!(whole.contains(item), "hint cut: “{item}” in “{footer}”");
    }
}

#[test]
fn the_interview_at_four_sizes_with_whole_hints() {
    let h = Harness::at_products();
    for (name, (w, height)) in [
        ("interview_10_options_60x20", (60, 20)),
        ("interview_10_options_80x24", (80, 24)),
        ("interview_10_options_120x40", (120, 40)),
        ("interview_10_options_200x60", (200, 60)),
    ] {
        let screen = h.screen(w, height);
        assert_footer_hints_whole(&screen, &h.app);
        if w >= 120 {
            assert!(
                screen.contains("0 Other product…"),
                "{name}: the tenth option's 0"
            );
        }
        snapshot!(name, screen);
    }
    // At 80x24 the question has the whole width: no side panel beside it.
    let screen = h.screen(80, 24);
    assert!(screen.contains("Question  Stage  Obstacles  Outline"));
    assert!(!screen.contains("┌ Stage"), "{screen}");
}

#[test]
fn f11_switches_the_panels_at_every_size() {
    let mut h = Harness::at_products();
    // Small: the tabs, one panel at a time.
    h.screen(80, 24);
    h.f11();
    let stage = h.screen(80, 24);
    assert!(
        stage.contains("Ask next"),
        "the stage is one key away:\n{stage}"
    );
    snapshot!("interview_80x24_f11_stage", stage);
    for _ in 0..3 {
        h.f11();
    }
    assert!(h.screen(80, 24).contains("Which products and features"));
    // Wide: F11 hides the side columns, and shows them again.
    let columns = h.screen(120, 40);
    assert!(columns.contains("Outline"));
    h.f11();
    let alone = h.screen(120, 40);
    assert!(
        !alone.contains("┌ Outline") && !alone.contains("┌ Stage"),
        "{alone}"
    );
    assert!(alone.contains("Which products and features"));
    snapshot!("interview_120x40_f11_alone", alone);
    h.f11();
    assert!(h.screen(200, 60).contains("┌ Outline"));
}
