//! Each overlay on its own, through the one `Component` shape: what an action does to it and
//! what it asks of the app, with the session it reads given as the context's subject.

mod common;

use std::time::Instant;

use journey::assess::assess;
use journey::guide::ObstacleStatus;
use journey::session::{Conflict, ConflictVersion, Store};
use journey::tui::action::{Action, Command};
use journey::tui::component::{Component, Ctx, Outcome, Subject};
use journey::tui::cursor;
use journey::tui::nav::{Edit, Nav};
use journey::tui::overlays::{
    Confirm, ExportChoice, Finish, Message, Obstacles, QuitPrompt, Reader, Resolve,
};

struct World {
    guide: journey::guide::Guide,
    store: Store,
    session: journey::session::Session,
    _dir: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let guide = common::guide();
        let store = Store::open(dir.path()).expect("store");
        let mut session = common::session(&guide, "Acme");
        store.create(&mut session).expect("create");
        World {
            guide,
            store,
            session,
            _dir: dir,
        }
    }

    fn with(&self, question: Option<usize>, test: impl FnOnce(&Ctx)) {
        let assessment = assess(&self.guide, &self.session);
        let ctx = Ctx {
            guide: &self.guide,
            store: &self.store,
            now: Instant::now(),
            subject: Some(Subject {
                session: &self.session,
                assessment: &assessment,
                question,
            }),
        };
        test(&ctx);
    }
}

fn render(component: &dyn Component, ctx: &Ctx) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 40)).expect("terminal");
    terminal
        .draw(|f| cursor::draw_layer(f, None, |f| component.render(f, f.area(), ctx)))
        .expect("draw");
    common::cursor::focus(terminal.backend(), "the overlay");
    format!("{}", terminal.backend())
}

#[test]
fn the_obstacle_editor_sends_each_status_to_the_interview_and_stays_open() {
    let w = World::new();
    w.with(Some(0), |ctx| {
        let mut editor = Obstacles::default();
        assert!(matches!(editor.handle(Action::Down, ctx), Outcome::Done));
        assert_eq!(editor.cursor, 1);
        match editor.handle(Action::Digit(2), ctx) {
            Outcome::Send(Edit::Obstacle(1, Some(status))) => {
                assert_eq!(status, ObstacleStatus::ALL[1])
            }
            _ => panic!("a digit sets the status of the obstacle under the cursor"),
        }
        assert!(matches!(
            editor.handle(Action::Command(Command::ClearOverride), ctx),
            Outcome::Send(Edit::Obstacle(1, None))
        ));
        assert!(matches!(editor.handle(Action::Back, ctx), Outcome::Close));
        // Help is not the editor's: it passes it on, and the app opens the help over it.
        assert!(matches!(
            editor.handle(Action::Help, ctx),
            Outcome::PassOn(Action::Help)
        ));
        assert!(render(&editor, ctx).contains("Obstacle checklist"));
    });
}

#[test]
fn the_version_picker_keeps_only_a_version_that_exists() {
    let mut w = World::new();
    let (_, q) = w.guide.questions().next().expect("question");
    let version = |by: &str| ConflictVersion {
        state: journey::session::AnswerState::Answered,
        value: Some(journey::session::Value::Text(format!("{by}'s answer"))),
        by: by.into(),
        at: w.session.meta.started,
    };
    w.session.conflicts.push(Conflict {
        question: q.id.clone(),
        on: journey::session::ConflictOn::Answer,
        versions: vec![version("Ann"), version("Bo")],
    });
    w.with(Some(0), |ctx| {
        let mut picker = Resolve;
        assert!(matches!(
            picker.handle(Action::Digit(3), ctx),
            Outcome::Done
        ));
        assert!(matches!(
            picker.handle(Action::Digit(2), ctx),
            Outcome::CloseAndSend(Edit::Resolve(1))
        ));
        let screen = render(&picker, ctx);
        assert!(
            screen.contains("Ann's answer")
                && screen.contains("Bo's answer")
                && screen.contains("resolved conflicts")
                && !screen.contains("into the notes"),
            "{screen}"
        );
    });
}

#[test]
fn finishing_lists_what_is_open_and_goes_to_the_first_of_it() {
    let w = World::new();
    w.with(Some(5), |ctx| {
        let mut finish = Finish;
        let screen = render(&finish, ctx);
        assert!(screen.contains("Not asked yet"), "{screen}");
        assert!(matches!(
            finish.handle(Action::Command(Command::GoTo), ctx),
            Outcome::CloseAndSend(Edit::GoTo(0))
        ));
        assert!(matches!(
            finish.handle(Action::Command(Command::Yes), ctx),
            Outcome::Go(Nav::Finish)
        ));
        assert!(matches!(
            finish.handle(Action::Command(Command::No), ctx),
            Outcome::Close
        ));
    });
}

#[test]
fn readers_scroll_and_close_and_the_report_keeps_its_text() {
    let w = World::new();
    w.with(None, |ctx| {
        let mut help = Reader::help();
        assert!(help.is_help());
        assert!(matches!(help.handle(Action::Down, ctx), Outcome::Done));
        assert!(render(&help, ctx).contains("Keys"));
        assert!(matches!(help.handle(Action::Help, ctx), Outcome::Close));
        let report = Reader::report("# Study\n\nTwo customers.".into());
        assert_eq!(report.text(), Some("# Study\n\nTwo customers."));
        let reasons = Reader::reasons();
        assert!(render(&reasons, ctx).contains("Stage:"));
    });
}

#[test]
fn a_message_and_the_quit_prompt_let_other_keys_through() {
    let w = World::new();
    w.with(None, |ctx| {
        let mut message = Message::new("Saved.");
        assert!(message.mode(ctx).is_none(), "reads keys as the screen does");
        assert!(matches!(
            message.handle(Action::Select, ctx),
            Outcome::Close
        ));
        assert!(matches!(
            message.handle(Action::Down, ctx),
            Outcome::CloseAndPass(Action::Down)
        ));
        let mut quit = QuitPrompt;
        assert!(matches!(
            quit.handle(Action::ConfirmQuit, ctx),
            Outcome::Go(Nav::Quit)
        ));
        assert!(matches!(
            quit.handle(Action::Digit(3), ctx),
            Outcome::CloseAndPass(Action::Digit(3))
        ));
    });
}

#[test]
fn a_confirmation_goes_where_it_was_asked_to_only_on_yes() {
    let w = World::new();
    w.with(None, |ctx| {
        let mut confirm = Confirm::new("Confirm", "Delete it?".into(), Nav::Delete("x".into()));
        assert!(matches!(
            confirm.handle(Action::Digit(1), ctx),
            Outcome::PassOn(_)
        ));
        assert!(matches!(
            confirm.handle(Action::Command(Command::Yes), ctx),
            Outcome::Go(Nav::Delete(id)) if id == "x"
        ));
        assert!(matches!(confirm.handle(Action::Back, ctx), Outcome::Close));
    });
}

#[test]
fn the_export_dialog_offers_every_format_and_writes_the_one_picked() {
    let w = World::new();
    w.with(None, |ctx| {
        let mut export = ExportChoice::new(vec![w.session.id.clone()]);
        let screen = render(&export, ctx);
        for format in journey::export::Format::ALL {
            assert!(screen.contains(format.description()), "{screen}");
        }
        let n = journey::export::Format::ALL
            .iter()
            .position(|f| *f == journey::export::Format::Qdpx)
            .expect("qdpx");
        let Outcome::Go(Nav::Message(text)) = export.handle(Action::Digit(n as u8 + 1), ctx) else {
            panic!("a digit writes the export and says so");
        };
        assert!(
            text.starts_with("Exported 1 session (REFI-QDA project) to ")
                && text.ends_with(".qdpx"),
            "{text}"
        );
        let path = text.split_once(") to ").map_or("", |(_, path)| path);
        let bytes = std::fs::read(path).expect("the project");
        assert!(bytes.starts_with(b"PK"), "a zip file");
        // A format number past the list does nothing.
        assert!(matches!(
            export.handle(Action::Digit(9), ctx),
            Outcome::Done
        ));
    });
}

#[test]
fn overlays_stack_help_over_go_to_and_finishing_can_go_back_to_what_is_open() {
    use journey::tui::overlays::Jump;
    use journey::tui::{App, Launch};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let w = World::new();
    let t0 = Instant::now();
    let mut app = App::new(
        w.guide.clone(),
        w.store.clone(),
        Launch::Resume(w.session.id.clone()),
        t0,
    );
    let press = |app: &mut App, code, mods| app.handle_key(KeyEvent::new(code, mods), t0);
    press(&mut app, KeyCode::Char('g'), KeyModifiers::CONTROL);
    assert!(app.overlay_as::<Jump>().is_some());
    press(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    assert!(app.overlay_as::<Reader>().is_some_and(Reader::is_help));
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(
        app.overlay_as::<Jump>().is_some(),
        "Esc closes the help only"
    );
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(app.overlay().is_none());
    for _ in 0..3 {
        press(&mut app, KeyCode::PageDown, KeyModifiers::NONE);
    }
    assert!(app.interview().expect("interview").index > 0);
    press(&mut app, KeyCode::F(10), KeyModifiers::NONE);
    assert!(app.overlay_as::<Finish>().is_some(), "F10 asks first");
    press(&mut app, KeyCode::Char('g'), KeyModifiers::NONE);
    assert!(app.overlay().is_none());
    let i = app.interview().expect("still the interview");
    assert_eq!(i.index, 0, "the first question not asked yet");
    assert!(i.session().meta.finished.is_none());
}

/// `e` on the summary of a finished interview reopens it: in progress at once, in the file too,
/// until it is finished again.
#[test]
fn e_reopens_a_finished_interview_in_progress_at_once() {
    use journey::tui::{App, Launch};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let t0 = Instant::now();
    let mut app = App::new(
        common::guide(),
        store.clone(),
        Launch::New(Some(common::meta("Acme"))),
        t0,
    );
    let press = |app: &mut App, code: KeyCode| {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), t0);
    };
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::F(10));
    press(&mut app, KeyCode::Char('y'));
    let id = app.interview().expect("summary").session().id.clone();
    assert!(store.load(&id).expect("load").meta.finished.is_some());
    press(&mut app, KeyCode::Char('e'));
    assert!(app
        .interview()
        .expect("interview")
        .session()
        .meta
        .finished
        .is_none());
    app.save(t0, true);
    assert!(store.load(&id).expect("load").meta.finished.is_none());
}

/// A finished interview opened again to edit it (resumed, from the browser, to settle a
/// conflict) stays complete: its finish time and its interview time are kept, and what is
/// typed is saved.
#[test]
fn a_finished_interview_opened_to_edit_stays_complete() {
    use journey::tui::{App, Launch};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let t0 = Instant::now();
    let launch = Launch::New(Some(common::meta("Acme")));
    let mut app = App::new(common::guide(), store.clone(), launch, t0);
    let press = |app: &mut App, code: KeyCode, at: Instant| {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), at);
    };
    press(&mut app, KeyCode::Char('1'), t0);
    let t1 = t0 + std::time::Duration::from_secs(30);
    press(&mut app, KeyCode::F(10), t1);
    press(&mut app, KeyCode::Char('y'), t1);
    let id = app.interview().expect("summary").session().id.clone();
    let finished = store.load(&id).expect("load");
    assert!(finished.meta.finished.is_some());
    drop(app);

    let t2 = Instant::now();
    let mut app = App::new(
        common::guide(),
        store.clone(),
        Launch::Resume(id.clone()),
        t2,
    );
    let i = app.interview().expect("interview");
    assert_eq!(i.session().meta.finished, finished.meta.finished);
    let flash = i.flash.clone().map(|(m, _)| m).unwrap_or_default();
    assert!(flash.contains("it stays complete"), "{flash}");
    let t3 = t2 + std::time::Duration::from_secs(300);
    for c in "reviewed".chars() {
        press(&mut app, KeyCode::Char(c), t3);
    }
    app.save(t3 + std::time::Duration::from_secs(60), true);
    let saved = store.load(&id).expect("load");
    assert_eq!(saved.meta.finished, finished.meta.finished);
    assert_eq!(
        saved.elapsed_seconds, finished.elapsed_seconds,
        "review is not interview time"
    );
    let q = saved.current.clone().expect("current");
    assert!(saved.answer(&q).expect("answer").notes.contains("reviewed"));
}

/// A session made with another guide than the one in use says so when it is opened.
#[test]
fn an_interview_made_with_another_guide_says_so_when_opened() {
    use journey::tui::{App, Launch};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    s.guide.id = "pilot-guide".into();
    store.create(&mut s).expect("create");
    let app = App::new(guide, store, Launch::Resume(s.id.clone()), Instant::now());
    let i = app.interview().expect("interview");
    let flash = i.flash.clone().map(|(m, _)| m).unwrap_or_default();
    assert!(flash.contains("Made with guide “pilot-guide”"), "{flash}");
}
