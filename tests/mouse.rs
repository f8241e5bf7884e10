//! The mouse, as people on laptops use it: click an option, a question in the outline, a field,
//! a footer hint, a row of a list; the wheel moves. The keyboard stays complete without it.

mod common;

use std::time::Instant;

use journey::guide::AnswerSource as _;
use journey::session::Store;
use journey::tui::interview::Focus;
use journey::tui::{App, Launch};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;

/// Draws the app, then clicks the first cell showing `text`.
fn click_on(app: &mut App, text: &str, now: Instant) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    terminal.draw(|f| app.draw(f, now)).expect("draw");
    let buf = terminal.backend().buffer().clone();
    let width = usize::from(buf.area.width);
    let (x, y) = (0..buf.area.height)
        .find_map(|y| {
            let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            let line = row.concat();
            let at = line.find(text)?;
            // Cells, not bytes: count the symbols before the match.
            let mut bytes = 0;
            let col = row.iter().take_while(|s| {
                bytes += s.len();
                bytes <= at
            });
            Some((col.count().min(width - 1) as u16, y))
        })
        .unwrap_or_else(|| panic!("“{text}” is not on screen"));
    app.handle_mouse(
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        },
        now,
    );
}

fn interview() -> (tempfile::TempDir, App, Instant) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let now = Instant::now();
    let app = App::new(
        common::guide(),
        store,
        Launch::New(Some(common::meta("Acme"))),
        now,
    );
    (dir, app, now)
}

#[test]
fn clicks_pick_options_go_to_questions_and_focus_fields() {
    let (_dir, mut app, now) = interview();
    click_on(&mut app, "Public sector", now);
    let selected = |app: &App, q: &str| {
        app.interview()
            .and_then(|i| i.session().selected(q).map(<[String]>::to_vec))
    };
    assert_eq!(
        selected(&app, "org.industry"),
        Some(vec!["public".to_string()])
    );

    // A question in the outline, by its short label.
    click_on(&mut app, "Sponsor today", now);
    let guide = common::guide();
    let here = app.interview().expect("interview").index;
    assert_eq!(
        guide.questions().nth(here).expect("q").1.id,
        "sponsorship.sponsor"
    );
    click_on(&mut app, "The CIO or higher", now);
    assert_eq!(
        selected(&app, "sponsorship.sponsor"),
        Some(vec!["cio".to_string()])
    );

    // The notes field takes the focus; a footer hint is a button.
    click_on(&mut app, "Notes", now);
    assert_eq!(app.interview().expect("interview").focus, Focus::Notes);
    click_on(&mut app, "F10 finish", now);
    // Finishing asks first; y says yes.
    app.handle_key(
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('y')),
        now,
    );
    assert!(app
        .interview()
        .expect("summary")
        .session()
        .meta
        .finished
        .is_some());
}

#[test]
fn a_click_on_a_home_row_opens_it_and_the_wheel_moves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let now = Instant::now();
    let mut app = App::new(common::guide(), store, Launch::Home, now);
    click_on(&mut app, "Browse sessions", now);
    assert_eq!(app.mode(), journey::tui::keymap::Mode::Browser);
    let before = format!("{:?}", app.mode());
    app.handle_mouse(
        MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        },
        now,
    );
    assert_eq!(
        format!("{:?}", app.mode()),
        before,
        "the wheel moves, it opens nothing"
    );
}
