//! The browser's search finds words said in a session's transcript (case and accents aside),
//! and a hit opens the session at the question on screen when they were said.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use journey::session::Store;
use journey::tui::action::{Action, Command};
use journey::tui::nav::Nav;
use journey::tui::screen::Screen;
use journey::tui::{App, Launch};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// Nordbank with its timeline and the three-speaker transcript attached (the recording began
/// 30 s before the interview), and Acme with no transcript.
fn archive(dir: &Path) -> (Store, String) {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let mut acme = common::session(&guide, "Acme");
    store.create(&mut acme).expect("create");
    let visits = [
        ("org.industry", 0, 40),
        ("org.servers", 40, 95),
        ("triggers.business", 95, 300),
    ];
    let mut s = common::nordbank::session(&guide, &visits);
    store.create(&mut s).expect("create");
    let file = Path::new("tests/transcripts/three-speakers.vtt");
    let given = journey::transcript::Roles::default();
    journey::transcript::attach(&store, &s.id, file, Some(30.0), given).expect("attach");
    (store, s.id)
}

fn key(app: &mut App, c: char, now: Instant) {
    app.handle_key(KeyEvent::from(KeyCode::Char(c)), now);
}

/// The flat index of a question in the guide.
fn index_of(id: &str) -> usize {
    common::guide()
        .questions()
        .position(|(_, q)| q.id == id)
        .expect("a question")
}

#[test]
fn a_word_said_in_a_transcript_finds_its_session_and_opens_it_at_its_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, id) = archive(dir.path());
    let t0 = Instant::now();
    let mut app = App::new(common::guide(), store, Launch::Home, t0);
    app.settle(Duration::from_secs(30));
    key(&mut app, 'b', t0);
    app.settle(Duration::from_secs(30));
    key(&mut app, '/', t0);
    // Said by Marta on the trigger; typed with capitals.
    for c in "REFRESH".chars() {
        key(&mut app, c, t0);
    }
    app.handle_key(KeyEvent::from(KeyCode::Enter), t0);
    app.settle(Duration::from_secs(30));
    let guide = common::guide();
    let Screen::Browser(b) = &mut app.screen else {
        panic!("not the browser")
    };
    let shown: Vec<&str> = b.shown().iter().map(|s| &*s.customer).collect();
    assert_eq!(shown, ["Nordbank"]);
    let trigger = index_of("triggers.business");
    assert_eq!(b.hit(&guide, &id), Some(trigger));
    // Enter reads it at that question; e opens it there.
    assert!(matches!(
        b.update(&guide, Action::Select),
        Some(Nav::ReviewAt(ref i, at)) if *i == id && at == trigger
    ));
    assert!(matches!(
        b.update(&guide, Action::Command(Command::Edit)),
        Some(Nav::OpenAt(ref i, at)) if *i == id && at == trigger
    ));
    key(&mut app, 'e', t0);
    assert_eq!(app.interview().expect("the interview").index, trigger);
}

#[test]
fn a_search_finds_speakers_and_accented_words_and_a_session_without_transcripts_reads_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, id) = archive(dir.path());
    let session = store.load(&id).expect("load");
    let words = journey::transcript::search_words(&store, &session);
    assert!(words.contains("jonas berg nordbank runs"), "{words}");
    let guide = common::guide();
    let terms = |t: &str| vec![journey::text::fold(t)];
    let hit = |t: &str| journey::transcript::search_hit(&store, &guide, &session, &terms(t));
    // Named first by Marta on the industry; a speaker's name; a line on the trigger.
    assert_eq!(hit("Jönas").as_deref(), Some("org.industry"));
    assert_eq!(hit("BERG").as_deref(), Some("org.servers"));
    assert_eq!(hit("refresh").as_deref(), Some("triggers.business"));
    // Said after the interview ended: on no question.
    assert_eq!(hit("thanks"), None);
    let listing = store.summaries(&guide).expect("summaries");
    let acme = listing
        .sessions
        .iter()
        .find(|s| &*s.customer == "Acme")
        .expect("acme");
    let acme = store.load(&acme.id).expect("load");
    assert_eq!(journey::transcript::search_words(&store, &acme), "");
}

/// The real binary: a word said in the transcript finds Nordbank in the browser, and `e` opens
/// it at the question on screen when it was said.
#[test]
fn in_a_terminal_a_transcript_word_finds_the_session_and_e_opens_it_at_its_question() {
    use common::pty::{keys::*, Journey};
    let dir = tempfile::tempdir().expect("tempdir");
    archive(dir.path());
    let mut j = Journey::start(dir.path(), &[], 100, 30);
    j.step("b", "Acme");
    j.send("/");
    j.send("REFRESH");
    j.send(ENTER);
    j.wait_for("only Nordbank", |s| {
        s.contains("Nordbank") && !s.contains("Acme")
    });
    j.step("e", "Which events set off your virtualization projects?");
    j.send(CTRL_Q);
    assert!(j.wait_exit());
}

/// `list`, `export` and `report` choose sessions with the same filter: `--text` finds words
/// said in transcripts too.
#[test]
fn the_text_filter_of_list_export_and_report_finds_words_said_in_a_transcript() {
    let dir = tempfile::tempdir().expect("tempdir");
    archive(dir.path());
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .expect("journey runs");
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let listed = run(&["list", "--text", "Refresh"]);
    assert!(
        listed.contains("Nordbank") && !listed.contains("Acme"),
        "{listed}"
    );
    let exported = run(&["export", "--all", "--text", "jonas", "--format", "json"]);
    assert!(exported.contains("Nordbank") && !exported.contains("Acme"));
    let reported = run(&["report", "--text", "nordics"]);
    assert!(reported.contains("1 interview"), "{reported}");
}

#[test]
fn enter_on_a_hit_reads_the_session_at_its_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, id) = archive(dir.path());
    // A note on the servers question, in the answers the read-only view lists.
    let mut s = store.load(&id).expect("load");
    s.set_notes("org.servers", "virtualised the mainframe tooling");
    store.save(&s).expect("save");
    let t0 = Instant::now();
    let search = |words: &str| {
        let mut app = App::new(common::guide(), store.clone(), Launch::Home, t0);
        key(&mut app, 'b', t0);
        app.settle(Duration::from_secs(30));
        key(&mut app, '/', t0);
        for c in words.chars() {
            key(&mut app, c, t0);
        }
        app.handle_key(KeyEvent::from(KeyCode::Enter), t0);
        app.settle(Duration::from_secs(30));
        app.handle_key(KeyEvent::from(KeyCode::Enter), t0);
        app
    };
    // Words in the notes: the view scrolls to that answer.
    let app = search("mainframe");
    let Screen::Review(r) = &app.screen else {
        panic!("not the read-only view")
    };
    assert!(r.scroll > 0, "not scrolled to the answer");
    // Words said only in the transcript: what was said on that question.
    let app = search("refresh");
    let panel = app.overlay_as::<journey::tui::overlays::TranscriptPanel>();
    assert!(panel.is_some(), "the transcript panel did not open");
}
