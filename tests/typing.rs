//! Typing is always writing: ordinary prose typed at every kind of question, whatever letters it
//! holds, changes nothing but that question's notes (or its text answer).

mod common;

use std::time::Instant;

use journey::guide::{AnswerSource as _, Kind};
use journey::session::{Session, Store};
use journey::tui::{App, Launch};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Prose with every letter that used to be a command (s a x f t r o n e i p F H q ? [ ] " j k),
/// digits, spaces and punctuation.
const PROSE: &str = "quarterly to the board, 2 or 3 times: \"we skip nothing\" [ok] ~ (a) x/y? \
                     F H jk 100% done!";

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers, now: Instant) {
    app.handle_key(KeyEvent::new(code, mods), now);
}

fn type_text(app: &mut App, text: &str, now: Instant) {
    for c in text.chars() {
        key(app, KeyCode::Char(c), KeyModifiers::NONE, now);
    }
}

fn go_to(app: &mut App, index: usize, now: Instant) {
    key(app, KeyCode::Char('g'), KeyModifiers::CONTROL, now);
    type_text(app, &(index + 1).to_string(), now);
    key(app, KeyCode::Enter, KeyModifiers::NONE, now);
    assert_eq!(app.interview().expect("interview").index, index);
}

/// The first question of a kind that a new session shows.
fn first_of(kind: Kind) -> usize {
    let guide = common::guide();
    let fresh = common::session(&guide, "Acme");
    let found = guide
        .questions()
        .position(|(s, q)| q.kind == kind && guide.is_shown(s, q, &fresh))
        .expect("a shown question of that kind");
    found
}

/// A new interview with Acme in a fresh store.
fn start() -> (tempfile::TempDir, Store, App, Instant) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let t0 = Instant::now();
    let launch = Launch::New(Some(common::meta("Acme")));
    let app = App::new(common::guide(), store.clone(), launch, t0);
    (dir, store, app, t0)
}

fn session(app: &App) -> Session {
    app.interview().expect("interview").session().clone()
}

#[test]
fn prose_typed_at_every_kind_of_question_lands_in_its_notes_or_its_text() {
    for kind in [
        Kind::Single,
        Kind::Multiple,
        Kind::Scale,
        Kind::Number,
        Kind::Text,
    ] {
        let (_dir, store, mut app, t0) = start();
        let index = first_of(kind);
        go_to(&mut app, index, t0);
        let qid = app
            .interview()
            .expect("interview")
            .session()
            .current
            .clone();
        let guide = common::guide();
        let qid = qid.unwrap_or_else(|| guide.questions().nth(index).expect("q").1.id.clone());
        let before = session(&app);

        type_text(&mut app, PROSE, t0);
        let after = session(&app);
        let answer = after.answer(&qid).cloned().unwrap_or_default();
        if kind == Kind::Text {
            assert_eq!(
                answer.value,
                Some(journey::session::Value::Text(PROSE.into())),
                "{kind:?}: the text answer"
            );
            assert_eq!(answer.notes, "", "{kind:?}");
        } else {
            assert_eq!(
                answer.value, None,
                "{kind:?}: no option, point or number was set"
            );
            assert_eq!(
                answer.notes, PROSE,
                "{kind:?}: the notes hold every character"
            );
        }
        assert!(
            !answer.follow_up && answer.quotes.is_empty(),
            "{kind:?}: {answer:?}"
        );
        // Nothing else changed: no other question, no state, no position.
        for (_, q) in guide.questions().filter(|(_, q)| q.id != qid) {
            assert_eq!(
                before.answer(&q.id),
                after.answer(&q.id),
                "{kind:?} touched {}",
                q.id
            );
        }
        assert_eq!(
            app.interview().expect("interview").index,
            index,
            "{kind:?}: moved"
        );
        assert!(app.overlay().is_none(), "{kind:?}: an overlay opened");
        assert!(!app.quit);

        // Saved as typed.
        app.save(t0, true);
        let on_disk = store.load(&after.id).expect("saved");
        assert_eq!(on_disk.answer(&qid), after.answer(&qid));
    }
}

/// The case that was reported: a note typed across a PageDown. The rest of the sentence goes to
/// the next question's notes; neither question gets an answer nor a skip.
#[test]
fn a_sentence_typed_across_a_page_down_answers_nothing() {
    let (_dir, _, mut app, t0) = start();
    let first = first_of(Kind::Single);
    go_to(&mut app, first, t0);
    type_text(&mut app, "quarterly ", t0);
    key(&mut app, KeyCode::PageDown, KeyModifiers::NONE, t0);
    let next = app.interview().expect("interview").index;
    type_text(&mut app, "to the board as a slide", t0);
    let s = session(&app);
    let guide = common::guide();
    let questions: Vec<_> = guide.questions().map(|(_, q)| q.id.clone()).collect();
    let a = s.answer(&questions[first]).cloned().unwrap_or_default();
    let b = s.answer(&questions[next]).cloned().unwrap_or_default();
    assert_eq!(
        (a.value, a.state),
        (None, journey::session::AnswerState::NotAsked)
    );
    assert_eq!(a.notes, "quarterly ");
    assert_eq!(b.state, journey::session::AnswerState::NotAsked, "{b:?}");
    assert_eq!(b.notes, "to the board as a slide");
}

/// Digits pick while the options have the focus, and Ctrl-Z takes the pick back.
#[test]
fn digits_pick_only_with_the_options_in_focus_and_undo_takes_a_pick_back() {
    let (_dir, _, mut app, t0) = start();
    let index = first_of(Kind::Single);
    go_to(&mut app, index, t0);
    let guide = common::guide();
    let q = guide.questions().nth(index).expect("question").1.clone();
    type_text(&mut app, "2", t0);
    assert_eq!(
        session(&app).selected(&q.id),
        Some(&[q.options[1].id.clone()][..])
    );
    // In the notes a digit is text.
    key(&mut app, KeyCode::F(2), KeyModifiers::NONE, t0);
    type_text(&mut app, "3", t0);
    assert_eq!(
        session(&app).selected(&q.id),
        Some(&[q.options[1].id.clone()][..])
    );
    assert_eq!(session(&app).answer(&q.id).expect("a").notes, "3");
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE, t0);
    type_text(&mut app, "1", t0);
    assert_eq!(
        session(&app).selected(&q.id),
        Some(&[q.options[0].id.clone()][..])
    );
    key(&mut app, KeyCode::Char('z'), KeyModifiers::CONTROL, t0);
    assert_eq!(
        session(&app).selected(&q.id),
        Some(&[q.options[1].id.clone()][..])
    );
    key(&mut app, KeyCode::Char('z'), KeyModifiers::CONTROL, t0);
    assert_eq!(
        session(&app).answer(&q.id).and_then(|a| a.value.clone()),
        None
    );
    // Skip, then undo: the question comes back with its answer, on screen.
    type_text(&mut app, "2", t0);
    key(&mut app, KeyCode::Char('s'), KeyModifiers::ALT, t0);
    assert_ne!(app.interview().expect("interview").index, index);
    assert_eq!(session(&app).selected(&q.id), None);
    key(&mut app, KeyCode::Char('z'), KeyModifiers::CONTROL, t0);
    assert_eq!(app.interview().expect("interview").index, index);
    assert_eq!(
        session(&app).selected(&q.id),
        Some(&[q.options[1].id.clone()][..])
    );
}

/// Ctrl-C asks; a key typed after it goes on being writing, a second Ctrl-C quits.
#[test]
fn ctrl_c_asks_before_quitting() {
    let (_dir, _, mut app, t0) = start();
    go_to(&mut app, first_of(Kind::Single), t0);
    key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL, t0);
    assert!(!app.quit && app.overlay().is_some());
    type_text(&mut app, "yes", t0);
    assert!(!app.quit && app.overlay().is_none());
    let qid = session(&app).current.clone().expect("current");
    assert_eq!(session(&app).answer(&qid).expect("notes").notes, "yes");
    key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL, t0);
    key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL, t0);
    assert!(app.quit);
}

/// Interviewers write numbers first ("2 sites", "50% virtual"): digits followed at once by a
/// letter, a space or punctuation are the start of a note. At every question kind with options
/// the answer stays exactly as it was before the first digit and the notes hold the whole
/// sentence; a digit on its own, or one followed by a pause, still picks.
#[test]
fn prose_that_starts_with_digits_changes_only_the_notes() {
    const SENTENCES: [&str; 5] = [
        "2 more apps planned for 2027",
        "3 sites run SAP",
        "50% virtual",
        "124 servers, 2 racks",
        "1. cost, 2. speed",
    ];
    for kind in [Kind::Single, Kind::Multiple, Kind::Scale] {
        for sentence in SENTENCES {
            let (_dir, store, mut app, t0) = start();
            let index = first_of(kind);
            go_to(&mut app, index, t0);
            let guide = common::guide();
            let qid = guide.questions().nth(index).expect("q").1.id.clone();
            // An answer given before: options 1, 2 and 4 (or one point, or one option).
            let picks = if kind == Kind::Multiple { "124" } else { "2" };
            type_text(&mut app, picks, t0);
            key(&mut app, KeyCode::Esc, KeyModifiers::NONE, t0);
            let before = session(&app).answer(&qid).cloned().expect("answered");
            assert!(before.value.is_some(), "{kind:?}: the first picks took");
            // Later, a sentence typed at once.
            let later = t0 + std::time::Duration::from_secs(5);
            type_text(&mut app, sentence, later);
            let after = session(&app).answer(&qid).cloned().expect("answer");
            assert_eq!(after.value, before.value, "{kind:?} {sentence:?}");
            assert_eq!(after.state, before.state, "{kind:?} {sentence:?}");
            assert_eq!(after.notes, sentence, "{kind:?}");
            let flash = app
                .interview()
                .expect("interview")
                .flash
                .clone()
                .map(|(m, _)| m)
                .unwrap_or_default();
            assert!(flash.contains("is a note, not a pick"), "{kind:?}: {flash}");
            app.save(later, true);
            let id = session(&app).id;
            let saved = store.load(&id).expect("saved");
            let saved = saved.answer(&qid).expect("saved answer");
            assert_eq!((&saved.value, &saved.notes), (&after.value, &after.notes));
        }
    }
}

#[test]
fn a_digit_then_a_pause_then_a_word_keeps_the_pick() {
    let (_dir, _, mut app, t0) = start();
    let index = first_of(Kind::Single);
    go_to(&mut app, index, t0);
    let guide = common::guide();
    let q = guide.questions().nth(index).expect("q").1.clone();
    type_text(&mut app, "3", t0);
    type_text(&mut app, "public", t0 + std::time::Duration::from_secs(3));
    let a = session(&app).answer(&q.id).cloned().expect("answer");
    assert_eq!(
        session(&app).selected(&q.id),
        Some(&[q.options[2].id.clone()][..])
    );
    assert_eq!(a.notes, "public");
}

/// A typed number is edited the same before and after Enter: Backspace takes back its digits.
#[test]
fn backspace_after_enter_edits_the_typed_number() {
    let (_dir, _, mut app, t0) = start();
    let index = first_of(Kind::Number);
    go_to(&mut app, index, t0);
    let guide = common::guide();
    let q = guide.questions().nth(index).expect("q").1.clone();
    for (first, then) in [("1980", "2006"), ("12", "00")] {
        type_text(&mut app, first, t0);
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE, t0);
        for _ in first.chars() {
            key(&mut app, KeyCode::Backspace, KeyModifiers::NONE, t0);
        }
        type_text(&mut app, then, t0);
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE, t0);
        let a = session(&app).answer(&q.id).cloned().expect("answer");
        let want: f64 = then.parse().expect("number");
        assert_eq!(
            a.value,
            Some(journey::session::Value::Number(want)),
            "{first} then {then}: {a:?}"
        );
        assert_eq!(a.notes, "", "{first} then {then}");
        // Clear it for the next round.
        for _ in then.chars() {
            key(&mut app, KeyCode::Backspace, KeyModifiers::NONE, t0);
        }
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE, t0);
    }
}

/// Notes with tabs, right-to-left marks, bidi isolates or CRLF are stored exactly as they were:
/// one keystroke in them rewrites nothing (the display cleaner's output is never written back).
#[test]
fn what_the_screen_cleans_for_display_is_stored_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    let raw = "col\tcol\u{200f}\r\n\u{2067}isolate\u{2069} ␛ real picture \u{1b}[31m";
    s.set_notes("org.industry", raw);
    s.current = Some("org.industry".into());
    store.create(&mut s).expect("create");
    let t0 = Instant::now();
    let mut app = App::new(guide, store.clone(), Launch::Resume(s.id.clone()), t0);
    app.handle_key(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE), t0);
    app.handle_key(KeyEvent::new(KeyCode::Char('!'), KeyModifiers::NONE), t0);
    app.update(
        journey::tui::action::Action::Paste("\u{202e}pasted\t".into()),
        t0,
    );
    app.save(t0, true);
    let back = store.load(&s.id).expect("load");
    assert_eq!(
        back.answer("org.industry").expect("notes").notes,
        format!("{raw}!\u{202e}pasted\t")
    );
}

/// The flash line the interview shows now.
fn flash(app: &App) -> String {
    let i = app.interview().expect("interview");
    i.flash.clone().map(|(m, _)| m).unwrap_or_default()
}

/// The digit of "Other…" followed at once by a space, punctuation or a digit is the start of a
/// note, as at any option: the answer stays as it was and the whole sentence is in the notes
/// (it picked "Other…" and the words went into its text); Ctrl-Z makes it the pick. A letter
/// at once, or anything after a pause, says what "Other…" is.
#[test]
fn prose_after_the_digit_of_other_is_a_note_and_a_pause_makes_it_the_other_text() {
    let guide = common::guide();
    let fresh = common::session(&guide, "Acme");
    for kind in [Kind::Single, Kind::Multiple] {
        let (index, q) = guide
            .questions()
            .enumerate()
            .find(|(_, (s, q))| {
                q.kind == kind
                    && guide.is_shown(s, q, &fresh)
                    && q.options
                        .iter()
                        .position(|o| o.other)
                        .is_some_and(|i| i < 10)
            })
            .map(|(i, (_, q))| (i, q.clone()))
            .expect("a question with Other… among its first ten options");
        let other = q.options.iter().position(|o| o.other).expect("other");
        let digit = char::from_digit(((other + 1) % 10) as u32, 10).expect("digit");
        let sentence = format!("{digit} sites run SAP");

        let (_dir, store, mut app, t0) = start();
        go_to(&mut app, index, t0);
        type_text(&mut app, &sentence, t0);
        let a = session(&app).answer(&q.id).cloned().unwrap_or_default();
        assert_eq!(
            (a.value, a.notes.as_str()),
            (None, sentence.as_str()),
            "{kind:?}"
        );
        assert!(
            flash(&app).contains("is a note, not a pick"),
            "{}",
            flash(&app)
        );
        app.save(t0, true);
        let saved = store.load(&session(&app).id).expect("saved");
        assert_eq!(saved.answer(&q.id).expect("notes").notes, sentence);
        assert_eq!(
            saved.selected(&q.id),
            None,
            "{kind:?}: nothing picked on disk"
        );
        key(&mut app, KeyCode::Char('z'), KeyModifiers::CONTROL, t0);
        let picked = [q.options[other].id.clone()];
        assert_eq!(session(&app).selected(&q.id), Some(&picked[..]), "{kind:?}");

        // A letter at once, or anything after a pause, says what "Other…" is.
        for (pause, words) in [
            (0, "Mining"),
            (0, "Deep sea mining, 3 sites"),
            (2, " 3 sites"),
        ] {
            let (_dir, _, mut app, t0) = start();
            go_to(&mut app, index, t0);
            type_text(&mut app, &digit.to_string(), t0);
            type_text(&mut app, words, t0 + std::time::Duration::from_secs(pause));
            assert_eq!(session(&app).selected(&q.id), Some(&picked[..]), "{kind:?}");
            let a = session(&app).answer(&q.id).cloned().expect("answer");
            let other_text = match a.value {
                Some(journey::session::Value::Choice { other, .. }) => other,
                _ => None,
            };
            assert_eq!((other_text.as_deref(), a.notes.as_str()), (Some(words), ""));
        }
    }
}

/// A number followed at once by words is a note; Ctrl-Z makes it the number after all. A
/// space after a pause takes nothing back and says nothing.
#[test]
fn a_number_taken_back_into_a_note_comes_back_with_ctrl_z() {
    let guide = common::guide();
    let index = first_of(Kind::Number);
    let qid = guide.questions().nth(index).expect("q").1.id.clone();
    let (_dir, _, mut app, t0) = start();
    go_to(&mut app, index, t0);
    type_text(&mut app, "1200 servers", t0);
    let a = session(&app).answer(&qid).cloned().unwrap_or_default();
    assert_eq!((a.value, a.notes.as_str()), (None, "1200 servers"));
    assert!(
        flash(&app).contains("Ctrl-Z: it was the number"),
        "{}",
        flash(&app)
    );
    key(&mut app, KeyCode::Char('z'), KeyModifiers::CONTROL, t0);
    let a = session(&app).answer(&qid).cloned().expect("answer");
    assert_eq!(a.value, Some(journey::session::Value::Number(1200.0)));
    assert!(
        flash(&app).contains("taking the number “1200” back"),
        "{}",
        flash(&app)
    );

    let (_dir, _, mut app, t0) = start();
    go_to(&mut app, index, t0);
    type_text(&mut app, "50", t0);
    type_text(
        &mut app,
        " percent virtual",
        t0 + std::time::Duration::from_secs(2),
    );
    let a = session(&app).answer(&qid).cloned().expect("answer");
    assert_eq!(a.value, Some(journey::session::Value::Number(50.0)));
    assert_eq!(a.notes, "percent virtual");
    assert!(!flash(&app).contains("is a note"), "{}", flash(&app));
}
