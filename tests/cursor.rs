//! The terminal cursor sits where the next keystroke goes, so screen readers and magnifiers
//! follow it: the option under the interview's cursor, a scale point, the caret of a number,
//! the notes and the browser's query, the home list's row, and inside an overlay, never under
//! it. (Every snapshot's frame is also checked by `common::cursor::focus`.)

mod common;

use std::time::{Duration, Instant};

use common::cursor::{focus, On};
use journey::session::Store;
use journey::tui::{App, Launch};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;
use ratatui::Terminal;

struct Look {
    app: App,
    now: Instant,
    _dir: tempfile::TempDir,
}

impl Look {
    fn new(launch: Launch) -> Look {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let guide = common::guide();
        store
            .create(&mut common::session(&guide, "Initech"))
            .expect("create");
        let now = Instant::now();
        let mut app = App::new(guide, store, launch, now);
        app.settle(Duration::from_secs(30));
        Look {
            app,
            now,
            _dir: dir,
        }
    }

    fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) -> &mut Self {
        self.app
            .handle_key(KeyEvent::new(code, modifiers), self.now);
        self.app.settle(Duration::from_secs(30));
        self
    }

    fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c), KeyModifiers::NONE);
        }
        self
    }

    /// Draws at 120x40: what the cursor sits on, where, and its row's text.
    fn cursor(&self) -> (On, Position, String) {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        terminal.draw(|f| self.app.draw(f, self.now)).expect("draw");
        let backend = terminal.backend();
        let on = focus(backend, "120x40");
        let p = backend.cursor_position();
        let buf = backend.buffer();
        let row = (0..buf.area.width)
            .map(|x| buf[(x, p.y)].symbol())
            .collect();
        (on, p, row)
    }

    /// The text on the cursor's row from the cursor on.
    fn at_cursor(&self) -> String {
        let (_, p, row) = self.cursor();
        row.chars().skip(usize::from(p.x)).collect()
    }
}

fn interview() -> Look {
    Look::new(Launch::New(Some(common::meta("Acme"))))
}

#[test]
fn the_option_under_the_cursor_has_the_terminal_cursor() {
    let mut look = interview();
    let (on, first, _) = look.cursor();
    assert_eq!(on, On::Selection);
    assert!(look.at_cursor().starts_with("▸ ( ) 1 Financial services"));
    look.key(KeyCode::Down, KeyModifiers::NONE);
    let (_, second, _) = look.cursor();
    assert_eq!((second.x, second.y), (first.x, first.y + 1));
    assert!(look.at_cursor().starts_with("▸ ( ) 2 Healthcare"));
}

#[test]
fn a_text_field_has_it_at_the_caret() {
    let mut look = interview();
    // Letters at the options go to the notes: the cursor follows them there.
    look.typed("Cost centre");
    let (on, _, row) = look.cursor();
    assert_eq!(on, On::Caret, "{row}");
    let (_, p, row) = look.cursor();
    let before: String = row.chars().take(usize::from(p.x)).collect();
    assert!(before.ends_with("Cost centre"), "{row}");
    // A number question: the cursor waits in its field, then after the digits typed.
    look.key(KeyCode::Esc, KeyModifiers::NONE)
        .key(KeyCode::PageDown, KeyModifiers::NONE)
        .key(KeyCode::PageDown, KeyModifiers::NONE);
    assert!(look.cursor().2.contains("▏"), "{}", look.cursor().2);
    look.typed("450");
    let (_, p, row) = look.cursor();
    let before: String = row.chars().take(usize::from(p.x)).collect();
    assert!(before.trim_end().ends_with("450"), "{row}");
}

#[test]
fn a_scale_point_has_it() {
    let mut look = interview();
    look.key(KeyCode::Char('g'), KeyModifiers::CONTROL)
        .typed("confidence to virtualize")
        .key(KeyCode::Enter, KeyModifiers::NONE);
    let (on, _, row) = look.cursor();
    assert_eq!(on, On::Selection, "{row}");
    assert!(look.at_cursor().starts_with(" 1 "), "{row}");
    look.typed("3");
    look.key(KeyCode::Right, KeyModifiers::NONE);
    assert!(look.at_cursor().starts_with("[4]"), "{}", look.cursor().2);
}

#[test]
fn the_home_row_and_the_browser_query_have_it() {
    let mut look = Look::new(Launch::Home);
    let (on, home, _) = look.cursor();
    assert_eq!(on, On::Selection);
    assert!(look.at_cursor().starts_with("▶ ↻ Resume Initech"));
    look.key(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(look.cursor().1.y, home.y + 1);
    assert!(look.at_cursor().starts_with("▶ b Browse sessions"));
    // The browser: its selected row, then the query while typing it.
    look.key(KeyCode::Char('b'), KeyModifiers::NONE);
    assert!(look.at_cursor().contains("Initech"));
    look.key(KeyCode::Char('/'), KeyModifiers::NONE)
        .typed("Ini");
    let (on, p, row) = look.cursor();
    assert_eq!(on, On::Caret, "{row}");
    let before: String = row.chars().take(usize::from(p.x)).collect();
    assert!(before.ends_with("Ini"), "{row}");
}

#[test]
fn an_overlay_has_it_inside_not_under_it() {
    let mut look = interview();
    look.key(KeyCode::F(1), KeyModifiers::NONE);
    let (on, _, row) = look.cursor();
    assert_eq!(on, On::Text);
    assert!(look.at_cursor().starts_with("Everywhere"), "{row}");
    look.key(KeyCode::Esc, KeyModifiers::NONE);
    // The go-to picker: after its query.
    look.key(KeyCode::Char('g'), KeyModifiers::CONTROL)
        .typed("serv");
    let (on, p, row) = look.cursor();
    assert_eq!(on, On::EndOfLine, "{row}");
    let before: String = row.chars().take(usize::from(p.x)).collect();
    assert!(before.ends_with("serv"), "{row}");
    look.key(KeyCode::Esc, KeyModifiers::NONE);
    // The obstacle editor: its selected obstacle.
    look.key(KeyCode::F(8), KeyModifiers::NONE);
    let (on, _, row) = look.cursor();
    assert_eq!(on, On::Selection, "{row}");
    assert!(look.at_cursor().contains("Team communication"), "{row}");
}

/// In a real terminal: the cursor is shown on the option row, and follows the arrow keys.
#[test]
fn the_real_terminal_shows_the_cursor_on_the_option() {
    use common::pty::{keys::DOWN, Journey};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = Journey::start(dir.path(), &["new", "--customer", "Acme"], 120, 40);
    j.expect("▸ ( ) 1 Financial services");
    let row_at = |j: &Journey| {
        let (row, col) = j.cursor();
        let line = j
            .screen()
            .lines()
            .nth(usize::from(row))
            .unwrap_or("")
            .to_string();
        line.chars().skip(usize::from(col)).collect::<String>()
    };
    j.wait_for("the cursor on the first option", |_| {
        !j.cursor_hidden() && row_at(&j).starts_with("▸ ( ) 1 Financial")
    });
    j.send(DOWN);
    j.wait_for("the cursor on the second option", |_| {
        row_at(&j).starts_with("▸ ( ) 2 Healthcare")
    });
    j.send(common::pty::keys::CTRL_Q);
    assert!(j.wait_exit());
}

/// A character that shows as a replacement (a bidi control) moves the picker's cursor by the
/// width shown, so the cursor stays right after the query.
#[test]
fn the_go_to_cursor_follows_the_query_as_shown() {
    let mut look = interview();
    look.key(KeyCode::Char('g'), KeyModifiers::CONTROL)
        .typed("a\u{202e}あb");
    let (on, p, row) = look.cursor();
    assert_eq!(on, On::EndOfLine, "{row}");
    let before: String = row.chars().take(usize::from(p.x)).collect();
    assert!(before.trim_end().ends_with('b'), "{row}");
}
