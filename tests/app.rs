//! The app driven key by key, without a terminal: what leaving a question and leaving journey
//! write to the session file.

mod common;

use std::time::{Duration, Instant};

use journey::session::Store;
use journey::tui::{keymap, App, Launch};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode, now: Instant) {
    if let Some(action) = keymap::action(app.mode(), KeyEvent::new(code, KeyModifiers::NONE)) {
        app.update(action, now);
    }
}

/// A new interview with Acme in a fresh store, started at `t0`.
fn interview(dir: &tempfile::TempDir, t0: Instant) -> (App, Store) {
    let store = Store::open(dir.path()).expect("store");
    let launch = Launch::New(Some(common::meta("Acme")));
    (App::new(common::guide(), store.clone(), launch, t0), store)
}

#[test]
fn the_position_and_the_time_on_each_question_are_kept_when_leaving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let second = guide
        .questions()
        .nth(1)
        .expect("two questions")
        .1
        .id
        .clone();
    let t0 = Instant::now();
    let (mut app, store) = interview(&dir, t0);
    press(&mut app, KeyCode::Char('1'), t0);
    press(&mut app, KeyCode::PageDown, t0 + Duration::from_secs(5));
    let id = app.interview().expect("interview").session.id.clone();
    let on_disk = store.load(&id).expect("saved on moving");
    assert_eq!(on_disk.current.as_deref(), Some(second.as_str()));

    // A minute of talk on the second question, no key pressed, then Ctrl-Q.
    app.save(t0 + Duration::from_secs(65), false);
    let on_disk = store.load(&id).expect("saved on leaving");
    let first = &guide.questions().next().expect("a question").1.id;
    assert_eq!(on_disk.elapsed_seconds, 65);
    assert_eq!(on_disk.answer(first).expect("first").seconds_spent, 5);
    assert_eq!(on_disk.answer(&second).expect("second").seconds_spent, 60);
    assert_eq!(on_disk.current.as_deref(), Some(second.as_str()));
}

#[test]
fn a_number_that_is_refused_is_kept_in_the_notes_on_moving_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (index, number) = guide
        .questions()
        .enumerate()
        .find(|(_, (_, q))| q.kind == journey::guide::Kind::Number)
        .map(|(i, (_, q))| (i, q.id.clone()))
        .expect("a number question");
    let t0 = Instant::now();
    let (mut app, store) = interview(&dir, t0);
    for _ in 0..index {
        press(&mut app, KeyCode::PageDown, t0);
    }
    for c in "about 500".chars() {
        press(&mut app, KeyCode::Char(c), t0);
    }
    press(&mut app, KeyCode::PageDown, t0);
    let id = app.interview().expect("interview").session.id.clone();
    let on_disk = store.load(&id).expect("saved on moving");
    let answer = on_disk.answer(&number).expect("the question has notes");
    assert_eq!(answer.value, None);
    assert_eq!(answer.notes, "(typed as the answer: about 500)");
}

#[test]
fn a_refused_number_is_kept_once_when_quitting_or_finishing() {
    for finish in [false, true] {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (mut app, store) = interview(&dir, t0);
        let number = common::guide()
            .questions()
            .position(|(_, q)| q.kind == journey::guide::Kind::Number)
            .expect("a number question");
        for _ in 0..number {
            press(&mut app, KeyCode::PageDown, t0);
        }
        for c in "12abc".chars() {
            press(&mut app, KeyCode::Char(c), t0);
        }
        let id = app.interview().expect("interview").session.id.clone();
        let qid = app.interview().expect("interview").session.current.clone();
        if finish {
            press(&mut app, KeyCode::F(10), t0);
        }
        // Ctrl-Q leaves, and so does the way out of the event loop after it.
        app.update(journey::tui::action::Action::Quit, t0);
        app.leave(t0);
        let on_disk = store.load(&id).expect("saved");
        let qid = qid.expect("a current question");
        assert_eq!(
            on_disk.answer(&qid).expect("notes").notes,
            "(typed as the answer: 12abc)",
            "finish: {finish}"
        );
    }
}
