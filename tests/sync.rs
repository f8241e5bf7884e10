//! The team archive with the real binary and the system git: two and three data folders sharing
//! a bare repository, interviews made offline on each side, syncs in different orders, every
//! conflict case, a sync killed with SIGKILL, and a session open in an interview.

mod common;

use std::process::Command;
use std::time::Duration;

use common::team::{git, have_git, text_of, Team};

#[test]
fn two_researchers_offline_then_synced_both_see_every_interview() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let one = a.interview("Acme", &[("wrapup.advice", "Start with file servers.")]);
    let two = b.interview("Globex", &[("wrapup.advice", "Plan storage.")]);
    let out = a.ok(&["sync"]);
    assert!(out.contains("out: 1 session"), "{out}");
    let out = b.ok(&["sync"]);
    assert!(out.contains(&format!("in: 1 session: {one}")), "{out}");
    a.ok(&["sync"]);
    assert_eq!(a.ids(), b.ids());
    assert_eq!(a.ids().len(), 2);
    assert_eq!(
        text_of(&b.load(&one), "wrapup.advice").as_deref(),
        Some("Start with file servers.")
    );
    assert_eq!(
        text_of(&a.load(&two), "wrapup.advice").as_deref(),
        Some("Plan storage.")
    );
    let status = a.ok(&["sync", "status"]);
    assert!(
        status.contains("0 ahead · 0 behind · 0 changes to commit"),
        "{status}"
    );
    // No conflict markers anywhere; git log names each researcher as author and committer.
    for m in [&a, &b] {
        for id in m.ids() {
            let text = std::fs::read_to_string(m.store().path(&id)).expect("read");
            assert!(!text.contains("<<<<<<<"), "{text}");
        }
    }
    let log = git(&a.dir, &["log", "--format=%an %cn", "--", "sessions/"]);
    let authors = String::from_utf8_lossy(&log.stdout);
    assert!(
        authors.contains("ana ana") && authors.contains("ben ben"),
        "{authors}"
    );
}

#[test]
fn one_session_edited_on_both_sides_merges_field_by_field_and_records_conflicts() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let id = a.interview("Acme", &[("wrapup.advice", "Plan storage.")]);
    a.edit(&id, |s| {
        s.set_notes("org.servers", "line one\nline two\nline three")
    });
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    // Different questions, the same answer to different values, notes on different lines and
    // on the same line.
    a.edit(&id, |s| {
        s.set_text("wrapup.follow_ups", "Send the deck.");
        s.set_text("wrapup.advice", "Plan storage early.");
        s.set_notes("org.servers", "line one (Ana)\nline two\nline three");
        s.set_notes("wrapup.advice", "she smiled");
    });
    b.edit(&id, |s| {
        s.set_text("wrapup.differently", "Involve the network team.");
        s.set_text("wrapup.advice", "Plan storage first.");
        s.set_notes("org.servers", "line one\nline two\nline three (Ben)");
        s.set_notes("wrapup.advice", "he frowned");
    });
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    let (sa, sb) = (a.load(&id), b.load(&id));
    assert_eq!(sa.answers, sb.answers);
    assert_eq!(sa.conflicts, sb.conflicts);
    assert_eq!(
        text_of(&sa, "wrapup.follow_ups").as_deref(),
        Some("Send the deck.")
    );
    assert_eq!(
        text_of(&sa, "wrapup.differently").as_deref(),
        Some("Involve the network team.")
    );
    // Notes changed on different lines: both changes.
    assert_eq!(
        sa.answer("org.servers").expect("notes").notes,
        "line one (Ana)\nline two\nline three (Ben)"
    );
    // The same line changed on both sides: a conflict on the notes with both versions, who
    // made each, and the notes hold one of them, no marker.
    let notes = &sa.answer("wrapup.advice").expect("answer").notes;
    assert!(notes == "she smiled" || notes == "he frowned", "{notes}");
    assert!(!notes.contains("[journey:"), "{notes}");
    let on_notes = sa
        .conflicts
        .iter()
        .find(|c| c.question == "wrapup.advice" && c.on == journey::session::ConflictOn::Notes)
        .expect("a conflict on the notes");
    let by: Vec<(&str, String)> = on_notes
        .versions
        .iter()
        .map(|v| (v.by.as_str(), format!("{:?}", v.value)))
        .collect();
    assert!(
        by.iter()
            .any(|(b, v)| *b == "ana" && v.contains("she smiled"))
            && by
                .iter()
                .any(|(b, v)| *b == "ben" && v.contains("he frowned")),
        "{by:?}"
    );
    // The same answer, two values: a conflict inside the session with both, who and when.
    let conflict = sa
        .conflicts
        .iter()
        .find(|c| c.question == "wrapup.advice" && c.on.is_answer())
        .expect("a conflict on wrapup.advice");
    let values: Vec<String> = conflict
        .versions
        .iter()
        .map(|v| format!("{} {:?}", v.by, v.value))
        .collect();
    assert!(
        values
            .iter()
            .any(|v| v.starts_with("ana") && v.contains("early")),
        "{values:?}"
    );
    assert!(
        values
            .iter()
            .any(|v| v.starts_with("ben") && v.contains("first")),
        "{values:?}"
    );
    // `list --json` counts both (the answer, the notes); `show` lists them with who.
    let list = a.ok(&["list", "--json"]);
    assert!(list.contains("\"conflicts\": 2"), "{list}");
    let show = a.ok(&["show", &id]);
    assert!(
        show.contains("CONFLICTS")
            && show.contains("Plan storage early. (ana")
            && show.contains("he frowned (ben"),
        "{show}"
    );
    let text = std::fs::read_to_string(a.store().path(&id)).expect("read");
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "{text}"
    );
}

#[test]
fn deleted_on_one_side_and_edited_on_the_other_comes_back_with_the_edit() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let id = a.interview("Acme", &[("wrapup.advice", "Plan storage.")]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["delete", &id]);
    b.edit(&id, |s| {
        s.set_text("wrapup.follow_ups", "Call back in May.")
    });
    b.ok(&["sync"]);
    let out = a.ok(&["sync"]);
    assert!(out.contains("the edit wins, it is back"), "{out}");
    assert_eq!(
        text_of(&a.load(&id), "wrapup.follow_ups").as_deref(),
        Some("Call back in May.")
    );
    let out = b.ok(&["sync"]);
    assert!(b.ids().contains(&id), "{out}");
    // And a deletion nobody contests reaches the other side, which keeps a copy in its trash.
    let other = a.interview("Initech", &[]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    b.ok(&["delete", &other]);
    b.ok(&["sync"]);
    let out = a.ok(&["sync"]);
    assert!(out.contains("deleted by a teammate"), "{out}");
    assert!(!a.ids().contains(&other));
    assert!(a.ok(&["trash", "list"]).contains("Initech"));
}

#[test]
fn three_researchers_syncing_in_any_order_end_with_every_answer() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let members = [team.member("ana"), team.member("ben"), team.member("cho")];
    let shared = members[0].interview("Shared Co", &[]);
    members[0].ok(&["sync"]);
    for m in &members[1..] {
        m.ok(&["sync"]);
    }
    let questions = ["wrapup.advice", "wrapup.differently", "wrapup.follow_ups"];
    let mut own = Vec::new();
    for (i, m) in members.iter().enumerate() {
        own.push(m.interview(&format!("Customer {i}"), &[("wrapup.advice", "own")]));
        m.edit(&shared, |s| s.set_text(questions[i], &format!("from {i}")));
    }
    for order in [[2, 0, 1], [1, 2, 0], [0, 1, 2]] {
        for i in order {
            members[i].ok(&["sync"]);
        }
    }
    for m in &members {
        let ids = m.ids();
        assert_eq!(ids.len(), 4, "{ids:?}");
        let s = m.load(&shared);
        for (i, q) in questions.iter().enumerate() {
            assert_eq!(text_of(&s, q), Some(format!("from {i}")), "{q}");
        }
        assert!(s.conflicts.is_empty());
    }
}

#[test]
fn a_sync_killed_at_any_moment_is_completed_by_the_next() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let id = a.interview("Acme", &[("wrapup.advice", "one")]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    for (round, delay_ms) in [2u64, 5, 10, 20, 35, 50, 80].into_iter().enumerate() {
        a.edit(&id, |s| {
            s.set_text("wrapup.advice", &format!("ana {round}"))
        });
        b.edit(&id, |s| {
            s.set_text("wrapup.follow_ups", &format!("ben {round}"))
        });
        b.ok(&["sync"]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("--data-dir")
            .arg(&a.dir)
            .arg("sync")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Whatever state it left, the session file is whole and the next sync completes.
        let text = std::fs::read_to_string(a.store().path(&id)).expect("read");
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_ok(),
            "{text}"
        );
        a.ok(&["sync"]);
        b.ok(&["sync"]);
        let (sa, sb) = (a.load(&id), b.load(&id));
        assert_eq!(text_of(&sa, "wrapup.advice"), Some(format!("ana {round}")));
        assert_eq!(
            text_of(&sa, "wrapup.follow_ups"),
            Some(format!("ben {round}"))
        );
        assert_eq!(sa.answers, sb.answers);
    }
}

#[test]
fn a_session_open_in_an_interview_is_not_touched_until_it_closes() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let id = a.interview("Acme", &[]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    b.edit(&id, |s| s.set_text("wrapup.advice", "from ben"));
    b.ok(&["sync"]);
    let lock = a.store().lock(&id).expect("the interview holds the lock");
    let before = std::fs::read(a.store().path(&id)).expect("read");
    let out = a.ok(&["sync"]);
    assert!(out.contains("is open in an interview"), "{out}");
    assert_eq!(std::fs::read(a.store().path(&id)).expect("read"), before);
    drop(lock);
    a.ok(&["sync"]);
    assert_eq!(
        text_of(&a.load(&id), "wrapup.advice").as_deref(),
        Some("from ben")
    );
}

#[test]
fn offline_a_sync_commits_and_says_it_could_not_push() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let a = team.member("ana");
    a.interview("Acme", &[]);
    std::fs::rename(&team.remote, team.root.join("gone.git")).expect("unplug");
    let out = a.ok(&["sync"]);
    assert!(out.contains("committed 1 session"), "{out}");
    assert!(out.contains("could not reach the remote"), "{out}");
    std::fs::rename(team.root.join("gone.git"), &team.remote).expect("plug back");
    let out = a.ok(&["sync"]);
    assert!(out.contains("out: 1 session"), "{out}");
}

#[test]
fn the_home_screen_reads_the_archives_state_after_its_first_frame() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let a = team.member("ana");
    let t0 = std::time::Instant::now();
    let mut app =
        journey::tui::App::new(common::guide(), a.store(), journey::tui::Launch::Home, t0);
    let line = |app: &journey::tui::App| match &app.screen {
        journey::tui::screen::Screen::Home(h) => h.sync.clone(),
        _ => panic!("not home"),
    };
    // No git at start-up: the line is read after the first frame.
    assert_eq!(line(&app), None);
    assert!(app.status_pending());
    let deadline = t0 + std::time::Duration::from_secs(30);
    while app.status_pending() && std::time::Instant::now() < deadline {
        app.tick(std::time::Instant::now());
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(line(&app)
        .expect("the status line")
        .starts_with("sync: 0 ahead"));
}
