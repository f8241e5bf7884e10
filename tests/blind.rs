//! Researchers' own placements in the screens (issue 25): `p` in the read-only view and on the
//! summary after finishing records one; `B` in the browser opens a session blind, without the
//! gauge or anyone else's placement, until the researcher has placed it.

mod common;

use std::time::Instant;

use journey::session::{identity, Placement, Store, Sure};
use journey::tui::app::{App, Launch};
use journey::tui::screen::Screen;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode, t0: Instant) {
    let mods = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    app.handle_key(KeyEvent::new(code, mods), t0);
}

fn screen(app: &App, width: u16, height: u16, t0: Instant) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal.draw(|f| app.draw(f, t0)).expect("draw");
    format!("{}", terminal.backend())
}

/// A session Ana placed at ITaaS, read by Ben.
fn archive() -> (tempfile::TempDir, Store, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    common::pick(&mut s, "start.production", &["yes"]);
    common::pick(&mut s, "workloads.it", &["file-print"]);
    store.create(&mut s).expect("create");
    let ana = Placement {
        by: "Ana".into(),
        stage: "itaas".into(),
        sure: Sure::High,
        at: journey::session::now(),
    };
    store.place(&s.id, ana).expect("place");
    identity::set_researcher(dir.path(), "Ben", None).expect("whoami");
    (dir, store, s.id)
}

#[test]
fn a_blind_review_hides_the_gauge_and_placements_until_the_researcher_places() {
    let (_dir, store, id) = archive();
    let t0 = Instant::now();
    let mut app = App::new(common::guide(), store.clone(), Launch::Home, t0);
    press(&mut app, KeyCode::Char('b'), t0);
    press(&mut app, KeyCode::Char('B'), t0);
    assert!(matches!(app.screen, Screen::Review(_)));
    let blind = screen(&app, 120, 40, t0);
    assert!(blind.contains("Blind review"), "{blind}");
    assert!(blind.contains("read-only, blind"), "{blind}");
    for hidden in ["Ana", "ITaaS", " Stage ", "Researchers' placements"] {
        assert!(!blind.contains(hidden), "{hidden} shows blind:\n{blind}");
    }
    // The gauge's reasons stay hidden too, and so do the interview (its panel is the gauge)
    // and the customer page.
    press(&mut app, KeyCode::Char('r'), t0);
    assert!(app.overlay_as::<journey::tui::overlays::Reader>().is_none());
    press(&mut app, KeyCode::Esc, t0);
    for key in ['e', 'C'] {
        press(&mut app, KeyCode::Char(key), t0);
        assert!(
            matches!(app.screen, Screen::Review(_)),
            "{key} left the blind view"
        );
        press(&mut app, KeyCode::Esc, t0);
    }

    // p: the stage and how sure, then Enter.
    press(&mut app, KeyCode::Char('p'), t0);
    assert!(app.overlay_as::<journey::tui::overlays::Place>().is_some());
    press(&mut app, KeyCode::Down, t0);
    press(&mut app, KeyCode::Right, t0);
    press(&mut app, KeyCode::Enter, t0);
    let saved = store.load(&id).expect("load");
    let mine: Vec<&Placement> = saved.placements.iter().filter(|p| p.by == "Ben").collect();
    assert_eq!(mine.len(), 1, "{:?}", saved.placements);
    assert_eq!(
        (mine[0].stage.as_str(), mine[0].sure),
        ("it-production", Sure::High)
    );
    press(&mut app, KeyCode::Esc, t0);
    let seen = screen(&app, 120, 40, t0);
    assert!(!seen.contains("Blind review"), "{seen}");
    assert!(seen.contains("Researchers' placements"), "{seen}");
    assert!(seen.contains("Ana: ITaaS (sure: high"), "{seen}");
    assert!(seen.contains("Ben: IT Production (sure: high"), "{seen}");
    assert!(seen.contains(" Stage "), "the gauge shows again:\n{seen}");
}

#[test]
fn p_on_the_summary_after_finishing_places_and_the_interview_stays_finished() {
    let (_dir, store, id) = archive();
    let t0 = Instant::now();
    let mut app = App::new(
        common::guide(),
        store.clone(),
        Launch::Resume(id.clone()),
        t0,
    );
    press(&mut app, KeyCode::F(10), t0);
    press(&mut app, KeyCode::Char('y'), t0);
    assert!(matches!(app.screen, Screen::Summary(_)));
    press(&mut app, KeyCode::Char('p'), t0);
    for _ in 0..3 {
        press(&mut app, KeyCode::Down, t0);
    }
    press(&mut app, KeyCode::Enter, t0);
    let saved = store.load(&id).expect("load");
    let mine = saved
        .placements
        .iter()
        .find(|p| p.by == "Ben")
        .expect("placed");
    assert_eq!((mine.stage.as_str(), mine.sure), ("itaas", Sure::Medium));
    assert!(
        saved.meta.finished.is_some(),
        "placing reopened the interview"
    );
}

#[test]
fn a_name_given_after_the_blind_view_opened_places_and_ends_the_blindness() {
    let (dir, store, id) = archive();
    std::fs::remove_file(identity::settings_path(dir.path())).expect("forget Ben");
    let t0 = Instant::now();
    let mut app = App::new(common::guide(), store.clone(), Launch::Home, t0);
    press(&mut app, KeyCode::Char('b'), t0);
    press(&mut app, KeyCode::Char('B'), t0);
    identity::set_researcher(dir.path(), "Cy", None).expect("whoami");
    press(&mut app, KeyCode::Char('p'), t0);
    press(&mut app, KeyCode::Enter, t0);
    press(&mut app, KeyCode::Esc, t0);
    let saved = store.load(&id).expect("load");
    assert!(
        saved.placements.iter().any(|p| p.by == "Cy"),
        "{:?}",
        saved.placements
    );
    let seen = screen(&app, 120, 40, t0);
    assert!(!seen.contains("Blind review"), "{seen}");
}
