//! A team's conflicts, plain to see and named right: two data folders with two researchers'
//! identities syncing through one bare repository, both editing the same answer and the same
//! lines of its notes. The versions carry who made each edit (never git's identity), the notes
//! hold only what people wrote, the outline flags the question, `sync` lists it, and every
//! commit is authored and committed by the researcher who made it.

mod common;

use journey::session::{ConflictOn, Session, Value};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use common::team::{have_git, text_of, Member, Team};

const Q: &str = "wrapup.advice";

/// A researcher who said who they are; their machine's git says someone else.
fn researcher(team: &Team, folder: &str, name: &str) -> Member {
    let m = team.folder(folder);
    std::fs::create_dir_all(&m.dir).expect("dir");
    let out = m.ok(&["whoami", name]);
    assert!(out.contains(name), "{out}");
    m.ok(&["sync", "init", team.remote.to_str().expect("path")]);
    m.git(&["config", "user.name", "Lab Machine Maintainers"]);
    m.git(&["config", "user.email", "root@lab.example"]);
    m
}

/// The versions of a conflict, by who made them (both edits are as old: their order is the
/// merge's own).
fn versions(s: &Session, on: ConflictOn) -> Vec<(String, Option<Value>)> {
    let mut versions: Vec<(String, Option<Value>)> = s
        .conflicts
        .iter()
        .find(|c| c.question == Q && c.on == on)
        .unwrap_or_else(|| panic!("no {on:?} conflict on {Q}: {:?}", s.conflicts))
        .versions
        .iter()
        .map(|v| (v.by.clone(), v.value.clone()))
        .collect();
    versions.sort_by(|p, q| p.0.cmp(&q.0));
    versions
}

fn text(t: &str) -> Option<Value> {
    Some(Value::Text(t.to_string()))
}

/// The outline as the interview draws it, each row as text.
fn outline_rows(s: &Session) -> Vec<String> {
    let guide = common::guide();
    let area = Rect::new(0, 0, 90, 200);
    let mut buf = Buffer::empty(area);
    journey::tui::widgets::Outline::new(&guide, s, 0).render(area, &mut buf);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn two_researchers_conflict_named_by_who_made_each_edit_and_seen_everywhere() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = researcher(&team, "ana", "Ana Analyst");
    let ben = researcher(&team, "ben", "Ben Builder");
    // Ana interviews; Ben edits her session (the interviewer stays Ana's name).
    let id = ana.interview("Acme", &[(Q, "Plan storage.")]);
    ana.edit(&id, |s| s.set_notes(Q, "first line"));
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    ana.edit(&id, |s| {
        s.set_text(Q, "Plan storage early.");
        s.set_notes(Q, "she smiled");
    });
    ben.edit(&id, |s| {
        s.set_text(Q, "Plan storage first.");
        s.set_notes(Q, "he frowned");
    });
    ana.ok(&["sync"]);
    let out = ben.ok(&["sync"]);
    assert!(out.contains("committed 1 session as Ben Builder"), "{out}");
    // The sync that recorded it says so, and lists the session and the questions in conflict.
    assert!(out.contains(&format!("conflict recorded in {id}")), "{out}");
    let label = common::guide()
        .question(Q)
        .expect("question")
        .label()
        .to_string();
    assert!(out.contains("left in conflict: 1 session"), "{out}");
    let listed = out
        .lines()
        .find(|l| l.contains(&format!("{id} (Acme)")))
        .unwrap_or_else(|| panic!("session not listed: {out}"));
    assert!(
        listed.contains(&label) && listed.contains(&format!("{label} (notes)")),
        "{listed}"
    );
    let out = ana.ok(&["sync"]);
    assert!(out.contains(&format!("{id} (Acme)")), "{out}");
    let status = ana.ok(&["sync", "status"]);
    assert!(
        status.contains(&format!("⚠ in conflict: Acme ({id})"))
            && status.contains("you are Ana Analyst <ana.analyst@journey.invalid>"),
        "{status}"
    );

    for (who, s) in [("ana", ana.load(&id)), ("ben", ben.load(&id))] {
        // Each version named by who made it: the researchers, not the interviewer, not git.
        assert_eq!(
            versions(&s, ConflictOn::Answer),
            [
                ("Ana Analyst".to_string(), text("Plan storage early.")),
                ("Ben Builder".to_string(), text("Plan storage first.")),
            ],
            "{who}"
        );
        assert_eq!(
            versions(&s, ConflictOn::Notes),
            [
                ("Ana Analyst".to_string(), text("she smiled")),
                ("Ben Builder".to_string(), text("he frowned")),
            ],
            "{who}"
        );
        // The notes hold what one person wrote, no merge text.
        let notes = &s.answer(Q).expect("answer").notes;
        assert!(
            notes == "she smiled" || notes == "he frowned",
            "{who}: {notes:?}"
        );
        // The outline flags the question.
        let rows = outline_rows(&s);
        let row = rows
            .iter()
            .find(|r| r.contains(&label))
            .unwrap_or_else(|| panic!("{label} not in the outline: {rows:#?}"));
        assert!(row.contains('⚠'), "{who}: {row}");
        assert_eq!(
            rows.iter().filter(|r| r.contains('⚠')).count(),
            1,
            "{rows:#?}"
        );
    }
    assert_eq!(ana.load(&id), ben.load(&id));

    // `show` gives the versions, who and when.
    let show = ana.ok(&["show", &id]);
    for want in [
        "CONFLICTS",
        "Plan storage early. (Ana Analyst, ",
        "Plan storage first. (Ben Builder, ",
        "he frowned (Ben Builder, ",
    ] {
        assert!(show.contains(want), "{want}: {show}");
    }

    // Ben keeps Ana's notes and his own answer; the rest stays retrievable, not in the notes.
    ben.edit(&id, |s| {
        let at = |s: &Session, on: ConflictOn, value: &str| {
            let c = s.conflicts.iter().find(|c| c.question == Q && c.on == on);
            c.and_then(|c| c.versions.iter().position(|v| v.value == text(value)))
                .expect("version")
        };
        let keep = at(s, ConflictOn::Answer, "Plan storage first.");
        assert!(s.resolve_conflict_by(None, Q, keep, "Ben Builder"));
        let keep = at(s, ConflictOn::Notes, "she smiled");
        assert!(s.resolve_conflict_by(None, Q, keep, "Ben Builder"));
    });
    ben.ok(&["sync"]);
    let out = ana.ok(&["sync"]);
    assert!(!out.contains("left in conflict"), "{out}");
    for s in [ana.load(&id), ben.load(&id)] {
        assert!(s.conflicts.is_empty(), "{:?}", s.conflicts);
        assert_eq!(text_of(&s, Q).as_deref(), Some("Plan storage first."));
        let notes = &s.answer(Q).expect("answer").notes;
        assert_eq!(notes, "she smiled");
        let others: Vec<(ConflictOn, &str, Option<Value>)> = s
            .resolved
            .iter()
            .flat_map(|r| {
                r.others
                    .iter()
                    .map(move |v| (r.on, r.by.as_str(), v.value.clone()))
            })
            .collect();
        assert_eq!(
            others,
            [
                (
                    ConflictOn::Answer,
                    "Ben Builder",
                    text("Plan storage early.")
                ),
                (ConflictOn::Notes, "Ben Builder", text("he frowned")),
            ]
        );
    }
    let show = ana.ok(&["show", &id]);
    assert!(
        show.contains("RESOLVED CONFLICTS") && show.contains("he frowned (Ben Builder"),
        "{show}"
    );

    // Every commit in the archive is authored and committed by a researcher who said who
    // they are, never the machines' git identity.
    let log = ana.git(&["log", "--format=%an <%ae>|%cn <%ce>", "origin/main"]);
    for line in log.lines() {
        assert!(
            line == "Ana Analyst <ana.analyst@journey.invalid>|Ana Analyst <ana.analyst@journey.invalid>"
                || line == "Ben Builder <ben.builder@journey.invalid>|Ben Builder <ben.builder@journey.invalid>",
            "{log}"
        );
    }
    assert!(
        log.contains("Ana Analyst") && log.contains("Ben Builder"),
        "{log}"
    );
}

#[test]
fn whoami_defaults_to_the_interviewer_last_entered_here_and_never_to_git() {
    let team = Team::new();
    let m = team.folder("cleo");
    std::fs::create_dir_all(&m.dir).expect("dir");
    let out = m.ok(&["whoami"]);
    assert!(out.contains("nobody yet"), "{out}");
    m.interview("Acme", &[]);
    let out = m.ok(&["whoami"]);
    assert!(
        out.contains("cleo <cleo@journey.invalid> (the interviewer last entered here"),
        "{out}"
    );
    m.ok(&["whoami", "Cleo Curious", "--email", "cleo@example.org"]);
    assert_eq!(m.ok(&["whoami"]).trim(), "Cleo Curious <cleo@example.org>");
    // The setting is this folder's own: ignored by git and refused from an archive.
    assert!(journey::archive::GITIGNORE.contains(".journey-*"));
    assert!(m
        .dir
        .join(journey::session::identity::SETTINGS_FILE)
        .exists());
}

/// The interview drawn at every size: the question's status line shows the conflict whole, the
/// footer names the key that keeps a version (from the key table), the outline flags it.
#[test]
fn the_interview_shows_a_conflict_whole_at_every_size_and_names_the_key() {
    use journey::session::{AnswerState, Conflict, ConflictVersion, Store};
    use journey::tui::{App, Launch};
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;

    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let store = Store::open(dir.path()).expect("store");
    let mut s = common::session(&guide, "Acme");
    common::text(&mut s, Q, "Plan storage first.");
    let version = |t: &str, by: &str| ConflictVersion {
        state: AnswerState::Answered,
        value: text(t),
        by: by.into(),
        at: s.meta.updated,
    };
    s.conflicts.push(Conflict {
        question: Q.into(),
        on: ConflictOn::Answer,
        versions: vec![
            version("Plan storage early.", "Ana Analyst"),
            version("Plan storage first.", "Ben Builder"),
        ],
    });
    s.current = Some(Q.into());
    store.create(&mut s).expect("create");
    let now = std::time::Instant::now();
    let mut app = App::new(guide, store, Launch::Resume(s.id.clone()), now);
    app.settle(std::time::Duration::from_secs(30));
    let key = journey::tui::keymap::interview_key(&journey::tui::action::Action::Command(
        journey::tui::action::Command::Resolve,
    ));
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal.draw(|frame| app.draw(frame, now)).expect("draw");
        let screen = format!("{}", terminal.backend());
        let want = format!("⚠ 2 versions: {key}");
        assert!(screen.contains(&want), "{w}x{h}: {want} not in\n{screen}");
        assert!(
            screen.contains(&format!("⚠ {key} keep a version")),
            "{w}x{h}: the footer does not name {key}\n{screen}"
        );
    }
    // The Ctrl-G list flags it too.
    let ctrl_g = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL);
    app.handle_key(ctrl_g, now);
    for c in "advice".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), now);
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|frame| app.draw(frame, now)).expect("draw");
    let screen = format!("{}", terminal.backend());
    let label = common::guide().question(Q).expect("q").label().to_string();
    let row = screen
        .lines()
        .find(|l| l.contains(&label) && l.contains("Wrap-up"))
        .unwrap_or_else(|| panic!("{label} not listed:\n{screen}"));
    assert!(row.contains("✓⚠"), "{row}");
}

/// The new-interview form offers who uses journey here, not the newest session's interviewer
/// (after a sync, a teammate's).
#[test]
fn the_new_interview_form_offers_the_researcher_not_a_teammate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let store = journey::session::Store::open(dir.path()).expect("store");
    let mut mine = common::session(&guide, "Acme");
    mine.meta.interviewer = "Alex Analyst".into();
    store.create(&mut mine).expect("create");
    // A teammate's newer session, as a sync brings it (written, not entered here).
    let mut theirs = common::session(&guide, "Globex");
    theirs.id = "2026-11-26-globex-0000".into();
    theirs.meta.interviewer = "Ann".into();
    theirs.meta.started += chrono::Duration::days(1);
    store.save(&theirs).expect("save");
    let form = journey::tui::screens::form::Form::new(&store, &guide);
    assert_eq!(form.fields[3].lines(), ["Alex Analyst"]);
}

/// The home screen's row of an interview in progress says it holds a conflict.
#[test]
fn the_home_screen_marks_an_interview_in_conflict() {
    use journey::session::ConflictVersion;
    use journey::tui::{App, Launch};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = journey::session::Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    let version = |by: &str| ConflictVersion {
        state: journey::session::AnswerState::Answered,
        value: text(&format!("{by}'s answer")),
        by: by.into(),
        at: s.meta.started,
    };
    let versions = vec![version("Ana"), version("Ben")];
    s.conflicts.push(journey::session::Conflict {
        question: "wrapup.advice".into(),
        on: ConflictOn::Answer,
        versions,
    });
    store.create(&mut s).expect("create");
    let now = std::time::Instant::now();
    let mut app = App::new(guide, store, Launch::Home, now);
    app.settle(std::time::Duration::from_secs(30));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|frame| app.draw(frame, now)).expect("draw");
    let screen = format!("{:?}", terminal.backend().buffer());
    assert!(
        screen.contains("Resume Acme") && screen.contains("⚠ 1 conflict"),
        "{screen}"
    );
}
