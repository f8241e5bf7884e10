//! In the room: the tenth option's digit 0, and "Other…" taking the focus when picked. Driven
//! key by key through the app, without a terminal.

mod common;

use std::time::Instant;

use journey::guide::AnswerSource as _;
use journey::session::{Session, Store, Value};
use journey::tui::interview::Focus;
use journey::tui::{App, Launch};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(app: &mut App, code: KeyCode, now: Instant) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), now);
}

fn type_text(app: &mut App, text: &str, now: Instant) {
    for c in text.chars() {
        key(app, KeyCode::Char(c), now);
    }
}

/// A new interview with Acme, at question `id`.
fn at(id: &str) -> (tempfile::TempDir, App, Instant) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let t0 = Instant::now();
    let mut app = App::new(
        common::guide(),
        store,
        Launch::New(Some(common::meta("Acme"))),
        t0,
    );
    let index = common::guide()
        .questions()
        .position(|(_, q)| q.id == id)
        .expect("question");
    app.handle_key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL), t0);
    type_text(&mut app, &(index + 1).to_string(), t0);
    key(&mut app, KeyCode::Enter, t0);
    assert_eq!(app.interview().expect("interview").index, index);
    (dir, app, t0)
}

fn session(app: &App) -> Session {
    app.interview().expect("interview").session().clone()
}

/// (picked option ids, other text, notes) of a question.
fn choice(app: &App, id: &str) -> (Vec<String>, Option<String>, String) {
    let s = session(app);
    let a = s.answer(id).cloned().unwrap_or_default();
    match a.value {
        Some(Value::Choice { selected, other }) => (selected, other, a.notes),
        _ => (Vec::new(), None, a.notes),
    }
}

#[test]
fn zero_picks_the_tenth_option() {
    let (_dir, mut app, t0) = at("triggers.business");
    let guide = common::guide();
    let q = guide.question("triggers.business").expect("question");
    assert_eq!(q.options.len(), 10);
    key(&mut app, KeyCode::Char('0'), t0);
    assert_eq!(choice(&app, &q.id).0, [q.options[9].id.clone()]);
}

#[test]
fn digits_led_by_1_then_0_are_a_note_and_the_answer_stays_as_it_was() {
    let (_dir, mut app, t0) = at("triggers.business");
    key(&mut app, KeyCode::Char('2'), t0);
    let before = choice(&app, "triggers.business").0;
    assert_eq!(before.len(), 1);
    // "10 sites": 1 and 0 each pick (0 the tenth), then the space makes them a note.
    key(&mut app, KeyCode::Esc, t0);
    let later = t0 + std::time::Duration::from_secs(5);
    type_text(&mut app, "10 sites run SAP", later);
    let (after, _, notes) = choice(&app, "triggers.business");
    assert_eq!(after, before);
    assert_eq!(notes, "10 sites run SAP");
}

#[test]
fn zero_where_there_is_no_tenth_option_is_writing() {
    let (_dir, mut app, t0) = at("org.industry");
    type_text(&mut app, "0 growth", t0);
    let (picked, _, notes) = choice(&app, "org.industry");
    assert!(picked.is_empty());
    assert_eq!(notes, "0 growth");
}

#[test]
fn picking_other_by_digit_or_enter_puts_the_focus_on_its_text() {
    // Single choice, "Other…" the eighth option, picked with its digit.
    let (_dir, mut app, t0) = at("org.industry");
    key(&mut app, KeyCode::Char('8'), t0);
    assert_eq!(app.interview().expect("interview").focus, Focus::Other);
    type_text(&mut app, "Shipping", t0);
    let (picked, other, notes) = choice(&app, "org.industry");
    assert_eq!(picked, ["other"]);
    assert_eq!(other.as_deref(), Some("Shipping"));
    assert_eq!(notes, "");
    // Enter is done with it: the options have the focus again.
    key(&mut app, KeyCode::Enter, t0);
    assert_eq!(app.interview().expect("interview").focus, Focus::Options);

    // Multiple choice, "Other…" the tenth, picked with 0; with Enter on it too.
    let (_dir, mut app, t0) = at("products.in_use");
    key(&mut app, KeyCode::Char('0'), t0);
    type_text(&mut app, "Proxmox", t0);
    let (picked, other, notes) = choice(&app, "products.in_use");
    assert_eq!(
        (picked, other.as_deref(), notes.as_str()),
        (vec!["other".to_string()], Some("Proxmox"), "")
    );
    let (_dir, mut app, t0) = at("org.team");
    for _ in 0..3 {
        key(&mut app, KeyCode::Down, t0);
    }
    key(&mut app, KeyCode::Enter, t0);
    type_text(&mut app, "an outsourcer", t0);
    let (picked, other, _) = choice(&app, "org.team");
    assert_eq!(
        (picked, other.as_deref()),
        (vec!["other".to_string()], Some("an outsourcer"))
    );
}

#[test]
fn unticking_other_leaves_the_focus_on_the_options() {
    let (_dir, mut app, t0) = at("products.in_use");
    key(&mut app, KeyCode::Char('0'), t0);
    key(&mut app, KeyCode::Enter, t0);
    key(
        &mut app,
        KeyCode::Char('0'),
        t0 + std::time::Duration::from_secs(5),
    );
    assert_eq!(app.interview().expect("interview").focus, Focus::Options);
    assert!(choice(&app, "products.in_use").0.is_empty());
}

mod one_line_fields {
    use super::*;
    use journey::tui::action::Action;
    use journey::tui::screens::form::Form;

    fn input(form: &mut Form, code: KeyCode, mods: KeyModifiers) {
        form.update(Action::Input(KeyEvent::new(code, mods)));
    }

    /// A store whose last session was Sam's: the new-interview form offers Sam.
    fn form() -> (tempfile::TempDir, Form) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let guide = common::guide();
        let mut s = common::session(&guide, "Acme");
        s.meta.interviewer = "Sam Researcher".into();
        store.create(&mut s).expect("create");
        let mut form = Form::new(&store, &guide);
        for _ in 0..3 {
            form.update(Action::FocusNext);
        }
        (dir, form)
    }

    #[test]
    fn the_prefilled_interviewer_is_replaced_by_typing() {
        let (_dir, mut form) = form();
        assert_eq!(form.fields[3].lines(), ["Sam Researcher"]);
        for c in "Alex Analyst".chars() {
            input(&mut form, KeyCode::Char(c), KeyModifiers::NONE);
        }
        assert_eq!(form.fields[3].lines(), ["Alex Analyst"]);
    }

    #[test]
    fn end_keeps_the_prefilled_interviewer_and_ctrl_u_clears_it() {
        let (_dir, mut form) = form();
        input(&mut form, KeyCode::End, KeyModifiers::NONE);
        for c in " Jr".chars() {
            input(&mut form, KeyCode::Char(c), KeyModifiers::NONE);
        }
        assert_eq!(form.fields[3].lines(), ["Sam Researcher Jr"]);
        input(&mut form, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(form.fields[3].lines(), ["Sam Researcher "]);
        input(&mut form, KeyCode::Char('a'), KeyModifiers::CONTROL);
        input(&mut form, KeyCode::Char('k'), KeyModifiers::CONTROL);
        assert_eq!(form.fields[3].lines(), [""]);
        for c in "Jo".chars() {
            input(&mut form, KeyCode::Char(c), KeyModifiers::NONE);
        }
        input(&mut form, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(form.fields[3].lines(), [""]);
    }

    #[test]
    fn a_number_answer_is_selected_on_tab_and_typing_replaces_it() {
        let (_dir, mut app, t0) = at("org.servers");
        for c in "40".chars() {
            key(&mut app, KeyCode::Char(c), t0);
        }
        key(&mut app, KeyCode::Enter, t0);
        assert_eq!(app.interview().expect("interview").focus, Focus::Options);
        // Enter on the options goes back into the field: "40" selected, "55" replaces it.
        key(&mut app, KeyCode::Enter, t0);
        for c in "55".chars() {
            key(&mut app, KeyCode::Char(c), t0);
        }
        key(&mut app, KeyCode::Enter, t0);
        let s = session(&app);
        let value = s.answer("org.servers").and_then(|a| a.value.clone());
        assert_eq!(value, Some(Value::Number(55.0)));
    }
}

/// Ticks a moment apart stay ticks when a note starts after a pause; ticks typed at a typist's
/// pace into a note are taken back, and Ctrl-Z brings them back if they were picks after all.
#[test]
fn ticks_then_a_note_keep_the_ticks_and_taken_back_picks_can_be_undone() {
    use std::time::Duration;
    let (_dir, mut app, t0) = at("products.in_use");
    let ms = |n: u64| t0 + Duration::from_millis(n);
    // 1, 2 and 4 ticked a second apart, then "3 sites" a second later: 3 is taken back.
    key(&mut app, KeyCode::Char('1'), ms(0));
    key(&mut app, KeyCode::Char('2'), ms(1000));
    key(&mut app, KeyCode::Char('4'), ms(2000));
    let ticked = choice(&app, "products.in_use").0;
    assert_eq!(ticked.len(), 3);
    key(&mut app, KeyCode::Char('3'), ms(3000));
    type_text(&mut app, " sites", ms(3100));
    let (after, _, notes) = choice(&app, "products.in_use");
    assert_eq!(after, ticked, "the earlier ticks stay");
    assert_eq!(notes, "3 sites");

    // Typed at a typist's pace, all of "124 more" is a note; Ctrl-Z makes them picks again.
    let (_dir, mut app, t0) = at("products.in_use");
    let ms = |n: u64| t0 + Duration::from_millis(n);
    for (n, c) in "124".chars().enumerate() {
        key(&mut app, KeyCode::Char(c), ms(200 * n as u64));
    }
    type_text(&mut app, " more", ms(600));
    let (after, _, notes) = choice(&app, "products.in_use");
    assert!(after.is_empty(), "{after:?}");
    assert_eq!(notes, "124 more");
    app.handle_key(
        KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL),
        ms(5000),
    );
    let (back, _, notes) = choice(&app, "products.in_use");
    assert_eq!(back.len(), 3, "{back:?}");
    assert_eq!(notes, "124 more", "notes typed stay as they are");
}

/// A number answer takes digits; digits followed at once by words are a note, and the number
/// stays as it was, before and after Enter.
#[test]
fn digit_led_notes_at_a_number_question_leave_the_number_as_it_was() {
    use std::time::Duration;
    let number = |app: &App| session(app).number("org.servers");
    let notes = |app: &App| {
        session(app)
            .answer("org.servers")
            .map(|a| a.notes.clone())
            .unwrap_or_default()
    };
    let (_dir, mut app, t0) = at("org.servers");
    let ms = |n: u64| t0 + Duration::from_millis(n);
    type_text(&mut app, "120", ms(0));
    key(&mut app, KeyCode::Enter, ms(100));
    assert_eq!(number(&app), Some(120.0));
    type_text(&mut app, "3 years ago", ms(2000));
    assert_eq!(number(&app), Some(120.0));
    assert_eq!(notes(&app), "3 years ago");

    let (_dir, mut app, t0) = at("org.servers");
    type_text(&mut app, "50% virtual", t0);
    assert_eq!(number(&app), None);
    assert_eq!(notes(&app), "50% virtual");

    // A number typed, a pause, then words: the number stays the answer.
    let (_dir, mut app, t0) = at("org.servers");
    let ms = |n: u64| t0 + Duration::from_millis(n);
    type_text(&mut app, "450", ms(0));
    type_text(&mut app, "servers", ms(3000));
    assert_eq!(number(&app), Some(450.0));
    assert_eq!(notes(&app), "servers");
}

/// After Enter, the line-editing keys edit the number typed, as before it.
#[test]
fn line_editing_keys_edit_a_number_after_enter() {
    let number = |app: &App| session(app).number("org.servers");
    let ctrl = |app: &mut App, c: char, now: Instant| {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), now);
    };
    let (_dir, mut app, t0) = at("org.servers");
    type_text(&mut app, "77", t0);
    key(&mut app, KeyCode::Enter, t0);
    ctrl(&mut app, 'u', t0);
    type_text(&mut app, "12", t0);
    assert_eq!(number(&app), Some(12.0));
    key(&mut app, KeyCode::Enter, t0);
    key(&mut app, KeyCode::Home, t0);
    type_text(&mut app, "1", t0);
    assert_eq!(number(&app), Some(112.0));
    key(&mut app, KeyCode::Enter, t0);
    ctrl(&mut app, 'a', t0);
    type_text(&mut app, "3", t0);
    assert_eq!(number(&app), Some(3112.0));
}

/// On a small terminal showing the stage, typing goes back to the question it writes in.
#[test]
fn typing_on_the_stage_panel_goes_back_to_the_question() {
    use journey::tui::interview::Panel;
    let (_dir, mut app, t0) = at("org.industry");
    key(&mut app, KeyCode::F(11), t0);
    // Before a first frame the terminal counts as small: F11 shows the next panel.
    assert_eq!(app.interview().expect("interview").panel, Panel::Gauge);
    type_text(&mut app, "2 sites", t0);
    let i = app.interview().expect("interview");
    assert_eq!(i.panel, Panel::Question);
    assert_eq!(choice(&app, "org.industry").2, "2 sites");
}

/// A number typed with a comma shows the number it was read as, so a digit typed after
/// "1,200" is seen at once to make it 1.2005.
#[test]
fn a_number_typed_with_a_comma_shows_what_it_was_read_as() {
    let (_dir, mut app, t0) = at("org.servers");
    let screen = |app: &App| {
        let backend = ratatui::backend::TestBackend::new(120, 40);
        let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
        terminal.draw(|f| app.draw(f, t0)).expect("draw");
        format!("{}", terminal.backend())
    };
    let number = |app: &App| {
        let s = session(app);
        s.answer("org.servers").and_then(|a| a.value.clone())
    };
    type_text(&mut app, "1,200", t0);
    key(&mut app, KeyCode::Enter, t0);
    assert_eq!(number(&app), Some(Value::Number(1200.0)));
    assert!(screen(&app).contains("read as 1200"), "{}", screen(&app));
    let later = t0 + std::time::Duration::from_secs(3);
    type_text(&mut app, "5", later);
    assert_eq!(number(&app), Some(Value::Number(1.2005)));
    assert!(screen(&app).contains("read as 1.2005"), "{}", screen(&app));
    app.handle_key(
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        later,
    );
    type_text(&mut app, "1200", later);
    assert_eq!(number(&app), Some(Value::Number(1200.0)));
    assert!(
        !screen(&app).contains("read as"),
        "no comma, nothing to say"
    );
}
