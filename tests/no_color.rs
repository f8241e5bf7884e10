//! Without colour (NO_COLOR) every selection stays visible: reverse video or a marker.

mod common;

use std::time::Instant;

use journey::guide::Kind;
use journey::session::Store;
use journey::tui::{theme, App, Launch};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use ratatui::Terminal;

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers, now: Instant) {
    app.handle_key(KeyEvent::new(code, mods), now);
}

/// The rows of the screen that have a reversed cell, as text.
fn reversed_rows(app: &App, now: Instant) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| app.draw(f, now)).expect("draw");
    let buf = terminal.backend().buffer().clone();
    (0..buf.area.height)
        .filter(|&y| (0..buf.area.width).any(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED)))
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn selections_show_without_colour() {
    theme::set_monochrome(true);
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut rng = common::synth::Rng(3);
    for n in 0..3 {
        store
            .save(&common::synth::session(&mut rng, &guide, n))
            .expect("save");
    }
    let now = Instant::now();
    let none = KeyModifiers::NONE;
    let mut app = App::new(guide.clone(), store, Launch::Home, now);
    // The browser's row under the cursor.
    press(&mut app, KeyCode::Char('b'), none, now);
    let rows = reversed_rows(&app, now);
    assert_eq!(rows.len(), 1, "one selected row: {rows:#?}");
    // The insights' bar under the cursor.
    press(&mut app, KeyCode::Char('I'), none, now);
    app.settle(std::time::Duration::from_secs(30));
    assert_eq!(
        reversed_rows(&app, now).len(),
        1,
        "the insights' selected bar"
    );
    press(&mut app, KeyCode::Esc, none, now);

    // The scale point chosen, and the obstacle editor's row.
    let mut app = App::new(
        guide.clone(),
        Store::open(dir.path()).expect("store"),
        Launch::New(Some(common::meta("Acme"))),
        now,
    );
    let fresh = common::session(&guide, "Acme");
    let scale = guide
        .questions()
        .position(|(s, q)| q.kind == Kind::Scale && guide.is_shown(s, q, &fresh))
        .expect("a scale question");
    press(&mut app, KeyCode::Char('g'), KeyModifiers::CONTROL, now);
    for c in (scale + 1).to_string().chars() {
        press(&mut app, KeyCode::Char(c), none, now);
    }
    press(&mut app, KeyCode::Enter, none, now);
    press(&mut app, KeyCode::Char('3'), none, now);
    let rows = reversed_rows(&app, now);
    assert!(rows.iter().any(|r| r.contains("[3]")), "{rows:#?}");
    press(&mut app, KeyCode::F(8), none, now);
    let rows = reversed_rows(&app, now);
    assert!(
        rows.iter().any(|r| r.contains("Team communication")),
        "the obstacle under the cursor: {rows:#?}"
    );
}
