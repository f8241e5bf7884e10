//! The customer page in the app (issue 26): its first frame from the summaries, complete once
//! its interviews are read, Esc while they are read, and interviews that cannot be read.

use std::path::Path;

use super::{acme, guide, ok, snapshot};
use journey::session::Store;

/// The app on Acme's page (its three spellings merged): `b`, a search for "acme", Enter, `C`.
fn on_acme_page(dir: &Path) -> journey::tui::app::App {
    let (store, _) = acme(dir);
    ok(dir, &["customers", "merge", "Acme Corporation", "acme"]);
    on_page(store, "acme")
}

/// The app on the page of the customer `search` finds first: `b`, the search, Enter, `C`.
pub(crate) fn on_page(store: Store, search: &str) -> journey::tui::app::App {
    use journey::tui::app::{App, Launch};
    use journey::tui::screen::Screen;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::time::Instant;

    let t0 = Instant::now();
    let mut app = App::new(guide(), store, Launch::Home, t0);
    let press = |app: &mut App, code: KeyCode, mods: KeyModifiers| {
        app.handle_key(KeyEvent::new(code, mods), t0);
    };
    press(&mut app, KeyCode::Char('b'), KeyModifiers::NONE);
    app.settle(std::time::Duration::from_secs(10));
    press(&mut app, KeyCode::Char('/'), KeyModifiers::NONE);
    for c in search.chars() {
        press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
        app.settle(std::time::Duration::from_secs(10));
    }
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('C'), KeyModifiers::SHIFT);
    assert!(matches!(app.screen, Screen::Customer(_)));
    app
}

/// The app's screen at `width` x `height`, session ids replaced.
pub(crate) fn screen_of(app: &mut journey::tui::app::App, (width, height): (u16, u16)) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| app.draw(f, std::time::Instant::now()))
        .expect("draw");
    super::common::cursor::focus(terminal.backend(), &format!("{width}x{height}"));
    format!("{}", terminal.backend())
}

/// The first frame shows every interview from the summaries (date, position, stage,
/// interviewer; no band yet) and says the rest is being read; once read, the page is the one
/// it always was.
#[test]
fn the_customer_page_draws_positions_over_time_and_esc_goes_back() {
    use journey::tui::screen::Screen;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = on_acme_page(dir.path());
    let first = screen_of(&mut app, (120, 40));
    assert!(first.contains("reading 3 interviews…"), "{first}");
    snapshot("customer_page_first_frame_120x40", &first);
    app.settle(std::time::Duration::from_secs(10));
    let Screen::Customer(page) = &app.screen else {
        panic!("not on the customer page");
    };
    assert!(page.history.is_some() && !page.reading());
    for size in [(80, 24), (120, 40)] {
        let screen = screen_of(&mut app, size);
        snapshot(&format!("customer_page_{}x{}", size.0, size.1), &screen);
    }
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    app.handle_key(esc, std::time::Instant::now());
    assert!(matches!(app.screen, Screen::Browser(_)));
}

/// Esc goes back to the browser while the interviews are still being read, without waiting.
#[test]
fn esc_leaves_the_customer_page_while_its_interviews_are_read() {
    use journey::tui::screen::Screen;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = on_acme_page(dir.path());
    // The tick that starts the reading on its thread: its result is taken at a later tick, so
    // the page is still reading.
    let now = std::time::Instant::now();
    app.tick(now);
    let Screen::Customer(page) = &app.screen else {
        panic!("not on the customer page");
    };
    assert!(page.reading() && page.history.is_none());
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), now);
    let Screen::Browser(browser) = &app.screen else {
        panic!("Esc did not go back to the browser");
    };
    assert_eq!(browser.shown().len(), 3, "the table as it was");
    // The page's reading is no longer wanted, and the browser still works: its check of the
    // files ends and the table stays.
    app.settle(std::time::Duration::from_secs(10));
    let screen = screen_of(&mut app, (120, 40));
    assert!(screen.contains("3 of 4 shown"), "{screen}");
}

/// Interviews gone from the archive while the page reads them: the page says so where the
/// rest would be, and keeps what the summaries showed.
#[test]
fn the_customer_page_says_when_its_interviews_cannot_be_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = on_acme_page(dir.path());
    let store = Store::open(dir.path()).expect("store");
    for file in std::fs::read_dir(store.sessions_dir()).expect("sessions") {
        let path = file.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::remove_file(path).expect("remove");
        }
    }
    app.settle(std::time::Duration::from_secs(10));
    let screen = screen_of(&mut app, (120, 40));
    assert!(
        screen.contains("Positions over time · the interviews could not be read"),
        "{screen}"
    );
    assert!(
        screen.contains("is not in the archive any more"),
        "{screen}"
    );
    assert!(
        screen.contains("Acme Corporation · 3 interviews"),
        "{screen}"
    );
    assert!(!screen.contains("reading 3 interviews"), "{screen}");
}

/// A customer of forty interviews on a page of 80x24: the head (the section's title and the
/// stages' names) stays while the rows scroll; PageDown moves a screenful less the line kept
/// in view; End goes to the obstacles at the end and Down there moves nothing, so Up moves at
/// once; Home is back at the first interview.
#[test]
fn a_long_customer_page_scrolls_by_pages_and_keeps_its_head() {
    use journey::tui::app::{App, Launch};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    for n in 0..40 {
        let date = format!("20{:02}-{:02}-01T10:00:00Z", 22 + n / 12, 1 + n % 12);
        super::interview(&store, "Initech", &date, super::IT_PRODUCTION);
    }
    let t0 = Instant::now();
    let mut app = App::new(guide(), store, Launch::Home, t0);
    let press = |app: &mut App, code: KeyCode| {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), t0);
        app.settle(Duration::from_secs(10));
        screen_of(app, (80, 24))
    };
    press(&mut app, KeyCode::Char('b'));
    let top = press(&mut app, KeyCode::Char('C'));
    assert!(top.contains("Initech · 40 interviews"), "{top}");
    assert!(top.contains("2022-01-01"), "{top}");
    let body = |screen: &str| -> Vec<String> {
        screen.lines().skip(3).take(19).map(String::from).collect()
    };
    let head = |screen: &str| -> Vec<String> { screen.lines().take(3).map(String::from).collect() };
    let down = press(&mut app, KeyCode::PageDown);
    assert_eq!(head(&down), head(&top), "the head stays");
    assert_eq!(
        body(&down)[0],
        body(&top)[18],
        "a page less one line: {down}"
    );
    let end = press(&mut app, KeyCode::End);
    assert!(end.contains("Obstacles"), "{end}");
    assert_eq!(head(&end), head(&top));
    assert_eq!(
        press(&mut app, KeyCode::Down),
        end,
        "the end does not scroll past"
    );
    let up = press(&mut app, KeyCode::Up);
    assert_ne!(up, end, "Up moves at once after Down at the end");
    assert_eq!(body(&up)[1..], body(&end)[..18]);
    assert_eq!(press(&mut app, KeyCode::Home), top);
}
