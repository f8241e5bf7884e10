//! The session merge with the real binary and the system git: metadata corrected on two
//! machines, two copies too large to merge into one file, and a merge driver given two
//! different sessions.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use journey::session::{Session, Store, Value};

use common::team::{git, have_git};

/// A bare repository and the researchers' data folders joined to it.
struct Team {
    root: tempfile::TempDir,
}

impl Team {
    fn new() -> Team {
        let root = tempfile::tempdir().expect("tempdir");
        let out = git(
            root.path(),
            &["init", "-q", "--bare", "-b", "main", "team.git"],
        );
        assert!(out.status.success(), "{out:?}");
        Team { root }
    }

    fn member(&self, name: &str) -> Member {
        let m = Member {
            dir: self.root.path().join(name),
        };
        let remote = self.root.path().join("team.git");
        m.ok(&["sync", "init", remote.to_str().expect("path")]);
        // Who each researcher is: the name on their commits and versions (not git's).
        m.ok(&["whoami", name]);
        assert!(git(&m.dir, &["config", "user.name", "Machine"])
            .status
            .success());
        m
    }
}

struct Member {
    dir: PathBuf,
}

impl Member {
    fn journey(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("--data-dir")
            .arg(&self.dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("journey runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.journey(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "journey {args:?} failed: {text}");
        text
    }

    fn store(&self) -> Store {
        Store::open(&self.dir).expect("store")
    }

    fn interview(&self, customer: &str) -> String {
        let guide = common::guide();
        let mut s = common::session(&guide, customer);
        common::text(&mut s, "wrapup.advice", "Plan storage.");
        self.store().create(&mut s).expect("create");
        s.id
    }

    fn edit(&self, id: &str, f: impl FnOnce(&mut Session)) {
        let store = self.store();
        let mut s = store.load(id).expect("load");
        f(&mut s);
        s.meta.updated += chrono::Duration::seconds(1);
        store.save(&s).expect("save");
    }

    fn load(&self, id: &str) -> Session {
        self.store().load(id).expect("load")
    }
}

fn text(v: &Option<Value>) -> &str {
    match v {
        Some(Value::Text(t)) => t,
        _ => "",
    }
}

#[test]
fn metadata_corrected_on_two_machines_is_kept_as_a_conflict_shown_and_resolved() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let id = a.interview("Acme");
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    // Both correct the participant's name, differently; one corrects the role, the other the
    // consent.
    a.edit(&id, |s| {
        s.meta.participant = "Dana O'Neil Reyes".into();
        s.meta.role = "CTO".into();
    });
    b.edit(&id, |s| {
        s.meta.participant = "Dana Reyes-ONeil".into();
        s.meta.consent = false;
    });
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    let (sa, sb) = (a.load(&id), b.load(&id));
    assert_eq!(sa.meta, sb.meta);
    assert_eq!(sa.conflicts, sb.conflicts);
    // One side's correction is taken; both corrections of the same field are kept.
    assert_eq!(sa.meta.role, "CTO");
    assert!(!sa.meta.consent);
    assert_eq!(sa.conflicts.len(), 1, "{:?}", sa.conflicts);
    let c = &sa.conflicts[0];
    assert_eq!(c.question, "meta.participant");
    let versions: Vec<(&str, &str)> = c
        .versions
        .iter()
        .map(|v| (v.by.as_str(), text(&v.value)))
        .collect();
    assert!(
        versions.contains(&("ana", "Dana O'Neil Reyes")),
        "{versions:?}"
    );
    assert!(
        versions.contains(&("ben", "Dana Reyes-ONeil")),
        "{versions:?}"
    );
    // `show` lists it, both values; `list --json` counts it.
    let show = a.ok(&["show", &id]);
    assert!(
        show.contains("CONFLICTS")
            && show.contains("participant (metadata)")
            && show.contains("Dana O'Neil Reyes")
            && show.contains("Dana Reyes-ONeil"),
        "{show}"
    );
    assert!(a.ok(&["list", "--json"]).contains("\"conflicts\": 1"));
    // Ben keeps Ana's spelling; after the syncs both folders have it and no conflict.
    let keep = c
        .versions
        .iter()
        .position(|v| v.by == "ana")
        .expect("ana's");
    b.edit(&id, |s| {
        assert!(s.resolve_conflict_by(None, "meta.participant", keep, "ben"));
    });
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    for s in [a.load(&id), b.load(&id)] {
        assert_eq!(s.meta.participant, "Dana O'Neil Reyes");
        assert!(s.conflicts.is_empty(), "{:?}", s.conflicts);
        // Ben's spelling stays retrievable in the session's history of resolved conflicts.
        let r = &s.resolved[0];
        assert_eq!(
            (r.question.as_str(), r.by.as_str()),
            ("meta.participant", "ben")
        );
        assert_eq!(text(&r.others[0].value), "Dana Reyes-ONeil");
    }
}

/// Notes of about `mb` megabytes, different for each writer.
fn big_notes(who: &str, mb: usize) -> String {
    let line = format!("{who} said something long about the storage migration, line ");
    let mut out = String::with_capacity(mb << 20);
    let mut i = 0;
    while out.len() < mb << 20 {
        out.push_str(&format!("{line}{i}\n"));
        i += 1;
    }
    out
}

#[test]
fn two_copies_too_large_to_merge_keep_every_byte_in_readable_shared_sessions() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let id = a.interview("Acme");
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    let (ana, ben) = (big_notes("ana", 18), big_notes("ben", 18));
    a.edit(&id, |s| s.set_notes("org.servers", &ana));
    b.edit(&id, |s| s.set_notes("wrapup.advice", &ben));
    a.ok(&["sync"]);
    let said = b.ok(&["sync"]);
    assert!(said.contains("conflicted copy"), "{said}");
    a.ok(&["sync"]);
    for m in [&a, &b] {
        let store = m.store();
        let ids = store.ids().expect("ids");
        assert_eq!(ids.len(), 2, "{ids:?}");
        // Every file is a readable session, within the limit.
        let sessions: Vec<Session> = ids
            .iter()
            .map(|i| store.load(i).expect("readable"))
            .collect();
        for i in &ids {
            let size = std::fs::metadata(store.path(i)).expect("file").len();
            assert!(size <= journey::session::MAX_FILE_BYTES, "{i}: {size}");
        }
        // Ben's version stays in the file (his merge kept his); Ana's is the copy, naming it.
        let original = sessions.iter().find(|s| s.id == id).expect("original");
        assert_eq!(original.answer("wrapup.advice").expect("notes").notes, ben);
        let copy = sessions.iter().find(|s| s.id != id).expect("copy");
        assert_eq!(copy.conflicted_copy_of.as_deref(), Some(id.as_str()));
        assert_eq!(copy.answer("org.servers").expect("notes").notes, ana);
    }
    // Shared: the archive holds both, and nothing is left to commit.
    let status = git(&a.dir, &["status", "--porcelain"]);
    assert!(status.stdout.is_empty(), "{status:?}");
}

#[test]
fn the_merge_driver_refuses_two_different_sessions_and_leaves_ours() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let write = |name: &str, id: &str| {
        let mut s = common::session(&guide, "Acme");
        s.id = id.to_string();
        let path = dir.path().join(name);
        std::fs::write(&path, serde_json::to_vec_pretty(&s).expect("json")).expect("write");
        path
    };
    let base = write("base", "2026-11-25-acme-aaaa");
    let ours = write("ours", "2026-11-25-acme-aaaa");
    let theirs = write("theirs", "2026-11-25-other-bbbb");
    let before = std::fs::read(&ours).expect("read");
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .current_dir(dir.path())
        .args(["merge-driver", "base", "ours", "theirs"])
        .arg("sessions/2026-11-25-acme-aaaa.json")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("different sessions") && err.contains("2026-11-25-other-bbbb"),
        "{err}"
    );
    assert_eq!(std::fs::read(&ours).expect("read"), before);
    // A base from another session is refused too.
    let _ = (base, theirs);
    let other_base = write("base", "2026-11-25-other-bbbb");
    let _ = write("theirs", "2026-11-25-acme-aaaa");
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .current_dir(dir.path())
        .args(["merge-driver", "base", "ours", "theirs"])
        .output()
        .expect("runs");
    assert!(!out.status.success(), "{other_base:?}");
    assert_eq!(std::fs::read(&ours).expect("read"), before);
}

#[test]
fn alt_k_on_any_question_keeps_one_value_of_a_metadata_conflict_the_status_line_shows() {
    use journey::tui::{App, Launch};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let store = Store::open(dir.path()).expect("store");
    let base = common::session(&guide, "Acme");
    let mut other = base.meta.clone();
    other.role = "Head of infrastructure".into();
    other.updated += chrono::Duration::seconds(5);
    let (meta, found) = journey::session::merge_meta(
        None,
        journey::session::Side {
            meta: &base.meta,
            by: "ana",
        },
        journey::session::Side {
            meta: &other,
            by: "ben",
        },
    );
    let mut s = base.clone();
    s.meta = meta;
    s.conflicts = found;
    s.current = Some("wrapup.advice".into());
    store.create(&mut s).expect("create");
    let t0 = Instant::now();
    let mut app = App::new(guide, store.clone(), Launch::Resume(s.id.clone()), t0);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 40)).expect("terminal");
    terminal.draw(|frame| app.draw(frame, t0)).expect("draw");
    let screen = format!("{}", terminal.backend());
    assert!(screen.contains("2 versions of the role"), "{screen}");
    app.handle_key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::ALT), t0);
    assert!(app
        .overlay_as::<journey::tui::overlays::Resolve>()
        .is_some());
    terminal.draw(|frame| app.draw(frame, t0)).expect("draw");
    let screen = format!("{}", terminal.backend());
    assert!(
        screen.contains("IT director (ana") && screen.contains("Head of infrastructure (ben"),
        "{screen}"
    );
    // The older value, Ana's, is kept.
    app.handle_key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE), t0);
    assert!(app.overlay().is_none());
    app.save(t0 + Duration::from_secs(2), false);
    let on_disk = store.load(&s.id).expect("load");
    assert_eq!(on_disk.meta.role, "IT director");
    assert!(on_disk.conflicts.is_empty());
}
