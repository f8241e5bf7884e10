//! Opening a session and closing it without changing anything adds no interview time and
//! changes no file (a team archive would otherwise commit the time).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use journey::session::Store;
use journey::tui::{App, Launch};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Every file under `dir` with its bytes; aside: lock files, which live only while a session is
/// open, and `index.jsonl`, the private cache of the session list (never synced: see
/// archive/sync.rs), which the home screen builds.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|e| e != "lock")
                && path.file_name().is_some_and(|n| n != "index.jsonl")
            {
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                found.insert(name, std::fs::read(&path).expect("read"));
            }
        }
    }
    found
}

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers, now: Instant) {
    app.handle_key(KeyEvent::new(code, modifiers), now);
}

#[test]
fn a_session_browsed_for_ten_minutes_and_closed_unchanged_leaves_every_file_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme Logistics");
    common::pick(&mut s, "start.production", &["yes"]);
    store.create(&mut s).expect("create");
    let before = files(dir.path());

    let t0 = Instant::now();
    let mut app = App::new(guide, store.clone(), Launch::Resume(s.id.clone()), t0);
    let none = KeyModifiers::NONE;
    for (i, code) in [
        KeyCode::PageDown,
        KeyCode::PageDown,
        KeyCode::PageUp,
        KeyCode::Down,
    ]
    .into_iter()
    .enumerate()
    {
        key(
            &mut app,
            code,
            none,
            t0 + Duration::from_secs(60 * i as u64),
        );
    }
    let later = t0 + Duration::from_secs(600);
    app.tick(later);
    app.leave(later);
    drop(app);

    let after = files(dir.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        assert!(after[name] == *bytes, "{name} was rewritten");
    }
    assert_eq!(store.load(&s.id).expect("load").elapsed_seconds, 0);
}

#[test]
fn a_session_changed_once_keeps_all_its_interview_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme Logistics");
    store.create(&mut s).expect("create");
    let t0 = Instant::now();
    let mut app = App::new(guide, store.clone(), Launch::Resume(s.id.clone()), t0);
    key(&mut app, KeyCode::PageDown, KeyModifiers::NONE, t0);
    key(
        &mut app,
        KeyCode::Char('1'),
        KeyModifiers::NONE,
        t0 + Duration::from_secs(300),
    );
    app.leave(t0 + Duration::from_secs(600));
    drop(app);
    assert_eq!(store.load(&s.id).expect("load").elapsed_seconds, 600);
}
