//! The app driven key by key, without a terminal: what leaving a question and leaving journey
//! write to the session file.

mod common;

use std::time::{Duration, Instant};

use journey::session::Store;
use journey::tui::{App, Launch};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode, now: Instant) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), now);
}

/// Goes to the question at `index` with Ctrl-G and its number.
fn go_to(app: &mut App, index: usize, now: Instant) {
    app.handle_key(
        KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL),
        now,
    );
    for c in (index + 1).to_string().chars() {
        press(app, KeyCode::Char(c), now);
    }
    press(app, KeyCode::Enter, now);
    assert_eq!(app.interview().expect("interview").index, index);
}

/// The first number question with a maximum that a new session shows.
fn bounded_number() -> (usize, String) {
    let guide = common::guide();
    let fresh = common::session(&guide, "Acme");
    let found = guide
        .questions()
        .enumerate()
        .find(|(_, (s, q))| {
            q.kind == journey::guide::Kind::Number
                && q.max.is_some()
                && guide.is_shown(s, q, &fresh)
        })
        .map(|(i, (_, q))| (i, q.id.clone()))
        .expect("a number question with a maximum");
    found
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
    let id = app.interview().expect("interview").session().id.clone();
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

    // Back to the first question: a visit of its own on the timeline, on the same clock.
    press(&mut app, KeyCode::PageUp, t0 + Duration::from_secs(70));
    app.save(t0 + Duration::from_secs(72), false);
    let on_disk = store.load(&id).expect("saved");
    let visits: Vec<(&str, u64, u64)> = on_disk
        .timeline
        .iter()
        .map(|v| (v.question.as_str(), v.from, v.to))
        .collect();
    assert_eq!(
        visits,
        [
            (first.as_str(), 0, 5),
            (second.as_str(), 5, 70),
            (first.as_str(), 70, 72)
        ]
    );
}

#[test]
fn letters_typed_at_a_number_go_to_the_notes_and_a_refused_number_is_kept_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (index, number) = bounded_number();
    let t0 = Instant::now();
    let (mut app, store) = interview(&dir, t0);
    let id = app.interview().expect("interview").session().id.clone();
    go_to(&mut app, index, t0);
    // "about 500": the letter sends the whole phrase to the notes, the answer stays empty.
    for c in "about 500".chars() {
        press(&mut app, KeyCode::Char(c), t0);
    }
    press(&mut app, KeyCode::PageUp, t0);
    let answer = store
        .load(&id)
        .expect("saved")
        .answer(&number)
        .cloned()
        .expect("notes");
    assert_eq!((answer.value, answer.notes.as_str()), (None, "about 500"));
    // A number out of range is refused, and kept in the notes on moving on.
    press(&mut app, KeyCode::PageDown, t0);
    press(&mut app, KeyCode::Esc, t0);
    for c in "99999".chars() {
        press(&mut app, KeyCode::Char(c), t0);
    }
    press(&mut app, KeyCode::PageDown, t0);
    let answer = store
        .load(&id)
        .expect("saved")
        .answer(&number)
        .cloned()
        .expect("notes");
    assert_eq!(answer.value, None);
    assert_eq!(answer.notes, "about 500\n(typed as the answer: 99999)");
}

#[test]
fn a_refused_number_is_kept_once_when_quitting_or_finishing() {
    for finish in [false, true] {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (mut app, store) = interview(&dir, t0);
        go_to(&mut app, bounded_number().0, t0);
        for c in "5000".chars() {
            press(&mut app, KeyCode::Char(c), t0);
        }
        let id = app.interview().expect("interview").session().id.clone();
        let qid = app
            .interview()
            .expect("interview")
            .session()
            .current
            .clone();
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
            "(typed as the answer: 5000)",
            "finish: {finish}"
        );
    }
}

#[test]
fn f12_and_alt_j_go_to_the_question_the_gauge_suggests() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let t0 = Instant::now();
    let (mut app, _store) = interview(&dir, t0);
    let suggested = |app: &App| {
        let i = app.interview().expect("interview");
        i.assessment.next_questions[0].question.clone()
    };
    let first = suggested(&app);
    press(&mut app, KeyCode::F(12), t0);
    let i = app.interview().expect("interview");
    assert_eq!(
        guide.questions().nth(i.index).expect("question").1.id,
        first
    );
    // Answer it; the suggestion moves on, and Alt-J follows it.
    press(&mut app, KeyCode::Char('2'), t0);
    let next = suggested(&app);
    assert_ne!(next, first);
    app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT), t0);
    let i = app.interview().expect("interview");
    assert_eq!(guide.questions().nth(i.index).expect("question").1.id, next);
    // Nothing typed went anywhere: the notes are empty.
    assert!(i.session().answers.values().all(|a| a.notes.is_empty()));
}

#[test]
fn alt_k_keeps_one_version_of_a_conflicting_answer_and_the_other_stays_in_the_session() {
    use journey::session::{AnswerState, Conflict, ConflictVersion, Value};
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let store = Store::open(dir.path()).expect("store");
    let mut s = common::session(&guide, "Acme");
    common::text(&mut s, "wrapup.advice", "Plan storage first.");
    let version = |text: &str, by: &str| ConflictVersion {
        state: AnswerState::Answered,
        value: Some(Value::Text(text.into())),
        by: by.into(),
        at: s.meta.updated,
    };
    s.conflicts.push(Conflict {
        question: "wrapup.advice".into(),
        on: Default::default(),
        versions: vec![
            version("Plan storage early.", "ana"),
            version("Plan storage first.", "ben"),
        ],
    });
    s.current = Some("wrapup.advice".into());
    store.create(&mut s).expect("create");
    let t0 = Instant::now();
    let mut app = App::new(guide, store.clone(), Launch::Resume(s.id.clone()), t0);
    app.handle_key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::ALT), t0);
    assert!(app
        .overlay_as::<journey::tui::overlays::Resolve>()
        .is_some());
    press(&mut app, KeyCode::Char('1'), t0);
    assert!(app.overlay().is_none());
    app.save(t0 + Duration::from_secs(2), false);
    let on_disk = store.load(&s.id).expect("load");
    let a = on_disk.answer("wrapup.advice").expect("answer");
    assert_eq!(a.value, Some(Value::Text("Plan storage early.".into())));
    // Never pasted into the notes: kept in the session's resolved conflicts, with who kept
    // it (the interviewer last entered in this folder, as nobody said who they are).
    assert!(a.notes.is_empty(), "{}", a.notes);
    assert!(on_disk.conflicts.is_empty());
    let r = &on_disk.resolved[0];
    assert_eq!((r.kept.by.as_str(), r.by.as_str()), ("ana", "Sam Lee"));
    assert_eq!(
        r.others[0].value,
        Some(Value::Text("Plan storage first.".into()))
    );
}

#[test]
fn r_in_the_browser_shows_the_study_report_of_the_sessions_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let store = Store::open(dir.path()).expect("store");
    for name in ["Acme", "Globex"] {
        let mut s = common::session(&guide, name);
        common::pick(&mut s, "sponsorship.sponsor", &["it-owned"]);
        store.create(&mut s).expect("create");
    }
    let t0 = Instant::now();
    let mut app = App::new(guide, store, Launch::Home, t0);
    press(&mut app, KeyCode::Char('b'), t0);
    app.handle_key(KeyEvent::new(KeyCode::Char('R'), KeyModifiers::SHIFT), t0);
    let report = app.overlay_as::<journey::tui::overlays::Reader>();
    let text = report.and_then(|r| r.text()).expect("the report");
    assert!(text.contains("2 interviews"), "{text}");
    assert!(text.contains("| IT Production | 2 |"), "{text}");
}

#[test]
fn alt_c_codes_the_line_of_notes_with_a_code_picked_as_you_type() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (mut app, store) = interview(&dir, t0);
    press(&mut app, KeyCode::F(2), t0);
    for c in "The CIO fears outages".chars() {
        press(&mut app, KeyCode::Char(c), t0);
    }
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::ALT), t0);
    assert!(app
        .overlay_as::<journey::tui::overlays::CodePicker>()
        .is_some());
    for c in "doubt".chars() {
        press(&mut app, KeyCode::Char(c), t0);
    }
    press(&mut app, KeyCode::Enter, t0);
    assert!(app.overlay().is_none());
    let i = app.interview().expect("interview");
    let id = i.session().id.clone();
    app.save(t0 + Duration::from_secs(2), false);
    let s = store.load(&id).expect("load");
    let coded: Vec<_> = s.answers.values().flat_map(|a| a.coded.iter()).collect();
    assert_eq!(coded.len(), 1, "{coded:?}");
    assert_eq!(coded[0].text, "The CIO fears outages");
    assert_eq!(coded[0].codes, ["fud"]);
}

#[test]
fn c_in_the_read_only_view_codes_a_quote_afterwards() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let store = Store::open(dir.path()).expect("store");
    let mut s = common::session(&guide, "Acme");
    s.add_quote("wrapup.advice", "Storage first, always.");
    s.set_notes("wrapup.advice", "She laughed.");
    store.create(&mut s).expect("create");
    let t0 = Instant::now();
    let mut app = App::new(guide, store.clone(), Launch::Home, t0);
    press(&mut app, KeyCode::Char('b'), t0);
    press(&mut app, KeyCode::Enter, t0);
    press(&mut app, KeyCode::Char('c'), t0);
    for c in "storage".chars() {
        press(&mut app, KeyCode::Char(c), t0);
    }
    press(&mut app, KeyCode::Enter, t0);
    assert!(app
        .overlay_as::<journey::tui::overlays::CodePicker>()
        .is_some());
    for c in "storage arch".chars() {
        press(&mut app, KeyCode::Char(c), t0);
    }
    press(&mut app, KeyCode::Enter, t0);
    let saved = store.load(&s.id).expect("load");
    let a = saved.answer("wrapup.advice").expect("answer");
    assert_eq!(a.coded.len(), 1, "{:?}", a.coded);
    assert_eq!(a.coded[0].text, "Storage first, always.");
    assert_eq!(a.coded[0].codes, ["storage"]);
    let message = app.overlay_as::<journey::tui::overlays::Message>();
    let m = &message.expect("a message").text;
    assert!(m.contains("Coded"), "{m}");
}

#[test]
fn a_very_long_note_stops_wrapping_so_typing_stays_instant_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (mut app, _store) = interview(&dir, t0);
    press(&mut app, KeyCode::F(2), t0);
    let wraps = |app: &App| {
        app.interview().expect("interview").notes_field.wrap_mode()
            != ratatui_textarea::WrapMode::None
    };
    press(&mut app, KeyCode::Char('a'), t0);
    assert!(wraps(&app), "a short note wraps");
    // A pasted transcript of about 200 KB.
    let line = "The team talked about storage, vMotion and the CIO's plans for the next year.\n";
    let transcript = line.repeat(200 * 1024 / line.len());
    app.update(journey::tui::action::Action::Paste(transcript.clone()), t0);
    assert!(!wraps(&app), "a long note is not wrapped");
    let flash = &app.interview().expect("interview").flash;
    assert!(
        flash
            .as_ref()
            .is_some_and(|(m, _)| m.contains("no longer wrapped")),
        "{flash:?}"
    );
    press(&mut app, KeyCode::Char('z'), t0);
    let interview = app.interview().expect("interview");
    let guide = common::guide();
    let q = &guide
        .questions()
        .nth(interview.index)
        .expect("a question")
        .1
        .id;
    assert_eq!(
        interview.open.session.answer(q).expect("answer").notes,
        format!("a{transcript}z")
    );
}

/// A session whose names do not fit on the home screen's line: they give way with "…", and
/// its date, its answers and its conflicts stay whole (they were cut at the screen's edge).
#[test]
fn home_cuts_long_names_not_the_date_and_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Société Générale de Transport et de Logistique");
    s.meta.participant = "Maria-Fernanda Albuquerque de Souza".into();
    store.create(&mut s).expect("create");
    let mut t = common::session(
        &guide,
        "北海道電力株式会社北海道電力株式会社北海道電力株式会社",
    );
    t.meta.participant = String::new();
    store.create(&mut t).expect("create");
    let now = Instant::now();
    let mut app = App::new(guide, store, Launch::Home, now);
    app.settle(Duration::from_secs(30));
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal.draw(|f| app.draw(f, now)).expect("draw");
    let screen = format!("{}", terminal.backend());
    let resumes: Vec<&str> = screen.lines().filter(|l| l.contains("Resume")).collect();
    assert_eq!(resumes.len(), 2, "{screen}");
    for line in resumes {
        assert!(line.contains('…'), "{line}");
        assert!(line.contains(" answered  "), "the count whole: {line}");
    }
    assert!(
        screen.contains("Resume Société Générale de Transport"),
        "{screen}"
    );
}

/// The home screen of `app` as an 80x24 terminal shows it now.
fn home_screen(app: &App, now: Instant) -> String {
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal.draw(|f| app.draw(f, now)).expect("draw");
    format!("{}", terminal.backend())
}

/// A store of one interview in progress with Acme, and `more` finished copies of it under
/// other ids, with no summary index (a joined archive, an index deleted).
fn no_index_store(dir: &tempfile::TempDir, more: usize) -> Store {
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    store.create(&mut s).expect("create");
    let text = std::fs::read_to_string(store.path(&s.id)).expect("read");
    let finished = "\"finished\": \"2026-11-25T11:00:00+01:00\"";
    let text = text.replace("\"finished\": null", finished);
    assert!(text.contains(finished), "{text}");
    for n in 0..more {
        let id = format!("{}-{n:04}", s.id);
        let copy = text.replace(&format!("\"{}\"", s.id), &format!("\"{id}\""));
        std::fs::write(store.path(&id), copy).expect("write");
    }
    for file in ["index.jsonl", "words.idx"] {
        let _ = std::fs::remove_file(dir.path().join(file));
    }
    store
}

/// With no summary index, a few sessions are read before the first frame as always; many are
/// read after it, the menu saying so meanwhile, and the interview in progress then appears
/// without moving the cursor off "New interview".
#[test]
fn home_with_no_index_and_many_sessions_shows_the_menu_first() {
    let now = Instant::now();
    let few = tempfile::tempdir().expect("tempdir");
    let app = App::new(common::guide(), no_index_store(&few, 3), Launch::Home, now);
    let screen = home_screen(&app, now);
    assert!(screen.contains("Resume Acme"), "read at once: {screen}");
    assert!(screen.contains("Browse sessions (4)"), "{screen}");

    let many = tempfile::tempdir().expect("tempdir");
    let mut app = App::new(
        common::guide(),
        no_index_store(&many, 1_000),
        Launch::Home,
        now,
    );
    let screen = home_screen(&app, now);
    assert!(
        screen.contains("Browse sessions (reading them…)"),
        "{screen}"
    );
    assert!(!screen.contains("Resume"), "{screen}");
    app.settle(Duration::from_secs(60));
    let screen = home_screen(&app, now);
    assert!(screen.contains("Browse sessions (1001)"), "{screen}");
    assert!(screen.contains("Resume Acme"), "{screen}");
    assert!(screen.contains("▶ n New interview"), "{screen}");
}

/// The browser opened on many sessions with no summary index shows at once, says it is
/// reading them (not "0 of 0 shown", not "No sessions yet."), then lists them all.
#[test]
fn browser_with_no_index_and_many_sessions_shows_at_once() {
    let now = Instant::now();
    let many = tempfile::tempdir().expect("tempdir");
    let mut app = App::new(
        common::guide(),
        no_index_store(&many, 1_000),
        Launch::Home,
        now,
    );
    press(&mut app, KeyCode::Char('b'), now);
    let screen = home_screen(&app, now);
    assert!(
        screen.contains("reading the sessions for the first time…"),
        "{screen}"
    );
    assert!(
        !screen.contains("shown") && !screen.contains("No sessions"),
        "{screen}"
    );
    app.settle(Duration::from_secs(60));
    let screen = home_screen(&app, now);
    assert!(screen.contains("1001 of 1001 shown"), "{screen}");
    assert!(screen.contains("Acme"), "{screen}");
}
