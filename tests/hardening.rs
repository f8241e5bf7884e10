//! Attacks that once lost, leaked or corrupted data; each test failed before its fix.

mod common;

use std::time::Instant;

use assert_cmd::Command;
use journey::session::{Store, StoreError, MAX_FILE_BYTES};
use journey::tui::action::Action;
use journey::tui::{App, Launch};
use predicates::prelude::*;

fn journey(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("journey").expect("binary");
    cmd.env("JOURNEY_DATA_DIR", data).env_remove("NO_COLOR");
    cmd
}

/// A data folder with one session, Acme's.
fn acme() -> (tempfile::TempDir, Store, journey::session::Session) {
    let data = tempfile::tempdir().expect("tempdir");
    let store = Store::open(data.path()).expect("store");
    let mut s = common::session(&common::guide(), "Acme");
    store.create(&mut s).expect("create");
    (data, store, s)
}

/// The store never writes a file it would refuse to read.
#[test]
fn a_session_too_large_to_read_back_is_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    store.create(&mut s).expect("create");
    let before = std::fs::read(store.path(&s.id)).expect("file");
    s.set_notes("org.industry", &"x".repeat(MAX_FILE_BYTES as usize));
    let err = store.save(&s).expect_err("refused");
    assert!(matches!(err, StoreError::WouldBeTooLarge { .. }), "{err}");
    assert!(err.to_string().contains("not saved"), "{err}");
    assert_eq!(std::fs::read(store.path(&s.id)).expect("file"), before);
    store.load(&s.id).expect("still reads");
}

/// Pastes into the notes up to the limit: the one that would cross it is not kept, the footer
/// says so, and everything before it is saved and reads back. (Seven 5 MiB pastes once wrote a
/// 37 MB file that `list` and `resume` then refused.)
#[test]
fn a_paste_that_would_make_the_session_too_large_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let t0 = Instant::now();
    let mut app = App::new(
        common::guide(),
        store.clone(),
        Launch::New(Some(common::meta("Acme"))),
        t0,
    );
    app.update(Action::Command(journey::tui::action::Command::Notes), t0);
    let big = "lorem ipsum ".repeat(30 * 1024 * 1024 / 12);
    app.update(Action::Paste(big.clone()), t0);
    let i = app.interview().expect("interview");
    // Kept (the footer may say the long note is no longer wrapped, not that it was refused).
    assert!(
        !i.flash_text(t0).is_some_and(|f| f.contains("not kept")),
        "30 MiB fits"
    );
    app.update(Action::Paste("x".repeat(5 * 1024 * 1024)), t0);
    let i = app.interview().expect("interview");
    let flash = i.flash_text(t0).expect("a message").to_string();
    assert!(flash.contains("was not kept"), "{flash}");
    app.save(t0, true);
    let i = app.interview().expect("interview");
    assert!(i.open.saver.error.is_none(), "{:?}", i.open.saver.error);
    let id = i.session().id.clone();
    let size = std::fs::metadata(store.path(&id)).expect("file").len();
    assert!(size <= MAX_FILE_BYTES && size > 29 * 1024 * 1024, "{size}");
    let back = store.load(&id).expect("reads back");
    assert_eq!(back.answer("org.industry").expect("notes").notes, big);
}

/// `trash empty` deletes exactly the sessions `trash list` showed, and names the rest.
#[test]
fn emptying_the_trash_deletes_only_the_sessions_it_listed() {
    let data = tempfile::tempdir().expect("tempdir");
    let store = Store::open(data.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Initech");
    store.create(&mut s).expect("create");
    store.trash(&s.id).expect("trash");
    let trash = data.path().join("trash");
    std::fs::write(trash.join("thesis.docx"), "my thesis").expect("docx");
    std::fs::write(trash.join("broken.json"), "{ not json").expect("broken");
    std::fs::create_dir(trash.join("keep")).expect("subfolder");
    std::fs::write(trash.join("keep").join("a.json"), "{}").expect("nested");
    journey(data.path())
        .args(["trash", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Initech"))
        .stdout(predicate::str::contains("thesis.docx"));
    journey(data.path())
        .args(["trash", "empty", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Deleted 1 session for good."))
        .stdout(predicate::str::contains("broken.json, keep, thesis.docx"));
    for left in ["thesis.docx", "broken.json", "keep/a.json"] {
        assert!(trash.join(left).exists(), "{left} was deleted");
    }
    assert!(!trash.join(format!("{}.json", s.id)).exists());
}

/// A file that answers the same question twice (as a git merge can write) is refused with its
/// place, instead of keeping the last and losing the first at the next save.
#[test]
fn a_session_answering_a_question_twice_is_refused_with_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    common::text(&mut s, "wrapup.advice", "first");
    store.create(&mut s).expect("create");
    let path = store.path(&s.id);
    let text = std::fs::read_to_string(&path).expect("read");
    let twice = text.replacen(
        "\"wrapup.advice\": {",
        "\"wrapup.advice\": {\"state\": \"answered\", \"value\": {\"text\": \"second\"}},\n    \"wrapup.advice\": {",
        1,
    );
    assert_ne!(twice, text);
    std::fs::write(&path, &twice).expect("write");
    let err = store.load(&s.id).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("`wrapup.advice` is answered twice"),
        "{message}"
    );
    assert!(
        matches!(err, StoreError::Corrupt { line, .. } if line > 1),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        twice,
        "left as it was"
    );
}

/// A session id with control characters never reaches the terminal: the file is refused, and
/// every CLI line goes through the sanitising path.
#[test]
fn a_session_id_with_escape_sequences_is_refused() {
    let data = tempfile::tempdir().expect("tempdir");
    let store = Store::open(data.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    s.id = "evil\u{1b}]0;PWNED\u{7}".into();
    let bytes = serde_json::to_vec_pretty(&s).expect("json");
    std::fs::write(store.sessions_dir().join(format!("{}.json", s.id)), bytes).expect("write");
    let out = journey(data.path()).arg("list").output().expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("control character"));
    for args in [
        vec!["list"],
        vec!["delete", "evil"],
        vec!["trash", "list"],
        vec!["show", "evil"],
    ] {
        let out = journey(data.path()).args(&args).output().expect("run");
        let all = [out.stdout, out.stderr].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "{args:?}: {}",
            String::from_utf8_lossy(&all)
        );
    }
    journey(data.path())
        .args(["delete", "evil"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no session `evil`"));
}

/// A named pipe or a link in the data folder is named and skipped: journey never blocks on it.
#[test]
fn pipes_and_links_in_the_data_folder_are_skipped_without_blocking() {
    let (data, store, _) = acme();
    let sessions = store.sessions_dir().to_path_buf();
    for fifo in [sessions.join("pipe.json"), data.path().join("index.jsonl")] {
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
    }
    std::os::unix::fs::symlink("/dev/zero", sessions.join("zero.json")).expect("symlink");
    let out = data.path().join("all.csv");
    let out = out.to_str().expect("utf-8 path");
    for args in [
        vec!["list"],
        vec!["export", "--all", "--format", "csv", "-o", out],
    ] {
        journey(data.path())
            .args(&args)
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .success()
            .stderr(predicate::str::contains("pipe.json"))
            .stderr(predicate::str::contains("named pipe"))
            .stderr(predicate::str::contains("zero.json: a symbolic link"));
    }
    journey(data.path())
        .args(["show", "acme"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success();
}

/// Deleting a session file that is a symbolic link is refused, and neither the link nor what it
/// points to is touched.
#[test]
fn a_session_that_is_a_link_is_not_deleted() {
    let data = tempfile::tempdir().expect("tempdir");
    let store = Store::open(data.path()).expect("store");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    s.id = "2026-11-25-acme-link".into();
    let target = elsewhere.path().join("real.json");
    std::fs::write(&target, serde_json::to_vec_pretty(&s).expect("json")).expect("write");
    let link = store.path(&s.id);
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    journey(data.path())
        .args(["delete", &s.id])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a regular file"));
    assert!(std::fs::symlink_metadata(&link).is_ok() && target.exists());
}

/// A `kill -9` mid-export leaves a temp file with customer data: the next export into that
/// folder removes it, and keeps a temp file that another export is still writing.
#[test]
fn temp_files_of_dead_exports_are_swept_by_the_next_export() {
    let (data, _, _) = acme();
    let out = tempfile::tempdir().expect("out");
    let dead = out.path().join(".journey-acme.csv.Xy12ab.tmp");
    std::fs::write(&dead, "Acme,Dana Reyes,…").expect("dead temp");
    let live = out.path().join(".journey-other.csv.Zz99zz.tmp");
    let held = std::fs::File::create(&live).expect("live temp");
    held.lock().expect("lock");
    let target = out.path().join("acme.csv");
    journey(data.path())
        .args(["export", "--all", "--format", "csv", "-o"])
        .arg(&target)
        .assert()
        .success();
    assert!(!dead.exists(), "the dead export's temp file is gone");
    assert!(live.exists(), "a temp file still held is kept");
    assert!(target.exists());
}

/// Header cells are neutralised like data cells: a guide id may start with `-`.
#[test]
fn csv_header_cells_are_neutralised() {
    let data = tempfile::tempdir().expect("tempdir");
    let builtin = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content/virtualization-journey.json"),
    )
    .expect("guide");
    let evil = builtin.replace("\"wrapup.contact\"", "\"-cmd\"");
    let guide_file = data.path().join("guide.json");
    std::fs::write(&guide_file, evil).expect("write guide");
    let guide = journey::guide::load_file(&guide_file).expect("guide loads");
    let store = Store::open(data.path()).expect("store");
    let mut s = journey::session::Session::new(&guide, common::meta("Acme"));
    common::text(&mut s, "-cmd", "yes");
    store.create(&mut s).expect("create");
    let out = data.path().join("out.csv");
    journey(data.path())
        .arg("--guide")
        .arg(&guide_file)
        .args(["export", "--all", "--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).expect("csv");
    let header = text.lines().next().expect("header");
    assert!(
        header.contains(",'-cmd,") || header.ends_with(",'-cmd"),
        "{header}"
    );
    assert!(!header.split(',').any(|c| c.starts_with('-')), "{header}");
}

/// An anonymised CSV takes its aliases from the session files: a session edited so that the
/// index still holds the old name (same size, same modification time) gets no real name through.
#[test]
fn an_anonymised_csv_never_trusts_a_stale_index_for_names() {
    let data = tempfile::tempdir().expect("tempdir");
    let store = Store::open(data.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Initech");
    s.meta.participant = "Peter Gibbons".into();
    store.create(&mut s).expect("create");
    journey(data.path()).arg("list").assert().success();
    let path = store.path(&s.id);
    let modified = std::fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("mtime");
    let text = std::fs::read_to_string(&path).expect("read");
    let edited = text.replace("Peter Gibbons", "Milton Waddle");
    assert_eq!(edited.len(), text.len());
    std::fs::write(&path, edited).expect("write");
    let file = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open");
    file.set_modified(modified).expect("mtime back");
    let out = data.path().join("anon.csv");
    journey(data.path())
        .args(["export", "--all", "--anonymize", "--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    let csv = std::fs::read_to_string(&out).expect("csv");
    for name in ["Milton", "Waddle", "Peter", "Gibbons", "Initech"] {
        assert!(!csv.contains(name), "{name} in {csv}");
    }
}

/// A forged index line cannot select a session for export by a stage its file does not have.
#[test]
fn export_filters_are_decided_from_the_session_files() {
    let data = tempfile::tempdir().expect("tempdir");
    let store = Store::open(data.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Initech");
    common::pick(&mut s, "start.production", &["yes"]);
    common::pick(&mut s, "workloads.it", &["file-print"]);
    store.create(&mut s).expect("create");
    journey(data.path()).arg("list").assert().success();
    let index = data.path().join("index.jsonl");
    let text = std::fs::read_to_string(&index).expect("index");
    // The line's stage is the stage's place in the guide: set it to ITaaS's.
    let at = |id: &str| {
        guide
            .stages
            .iter()
            .position(|st| st.id == id)
            .expect("stage")
    };
    let mut lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(
        lines[1][4][0],
        serde_json::json!(at("it-production")),
        "{text}"
    );
    lines[1][4][0] = serde_json::json!(at("itaas"));
    let forged: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&index, forged.join("\n") + "\n").expect("forge");
    journey(data.path())
        .args(["export", "--all", "--stage", "itaas", "--format", "md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no session matches"));
    journey(data.path())
        .args([
            "export",
            "--all",
            "--stage",
            "it-production",
            "--format",
            "md",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Initech"));
}

/// A session that reads but cannot be locked for writing (a `locks` that is a file, a read-only
/// data folder) opens read-only, saying why, instead of failing on the lock file.
#[test]
fn a_session_that_cannot_be_locked_opens_read_only_and_says_why() {
    let (data, store, s) = acme();
    let locks = data.path().join("locks");
    let _ = std::fs::remove_dir_all(&locks);
    std::fs::write(&locks, "not a folder").expect("file");
    let err = store.lock(&s.id).expect_err("no lock");
    assert!(
        err.to_string().contains("is a file, not the folder"),
        "{err}"
    );
    let t0 = Instant::now();
    let app = App::new(common::guide(), store, Launch::Resume(s.id.clone()), t0);
    let i = app.interview().expect("the session is open");
    let why = i.read_only().expect("read-only");
    assert!(
        why.contains("cannot be opened for writing") && why.contains("locks"),
        "{why}"
    );
}

/// A session changed on disk while it is open (a hand edit, a script, a sync) is never
/// overwritten: the next save merges what changed there with what was typed here.
#[test]
fn a_session_changed_on_disk_while_open_is_merged_not_overwritten() {
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
    let key = |app: &mut App, c: char| {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t0)
    };
    key(&mut app, '2');
    app.save(t0, true);
    let id = app.interview().expect("interview").session().id.clone();

    // Another program edits the file: another answer, and a note on the question on screen.
    let mut theirs = store.load(&id).expect("load");
    theirs.set_text("wrapup.advice", "Written by the script.");
    theirs.set_notes("org.industry", "from the transcript");
    store.save(&theirs).expect("their save");

    // Meanwhile, a moment later, the interviewer types on (at once, the letters would make the
    // digit the start of a note).
    let later = t0 + std::time::Duration::from_secs(3);
    for c in "said it twice".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), later);
    }
    app.save(t0, true);
    let on_disk = store.load(&id).expect("load");
    let answer = |q: &str| on_disk.answer(q).cloned().unwrap_or_default();
    assert_eq!(
        answer("wrapup.advice").value,
        Some(journey::session::Value::Text(
            "Written by the script.".into()
        ))
    );
    assert_eq!(
        answer("org.industry").state,
        journey::session::AnswerState::Answered
    );
    let notes = answer("org.industry").notes;
    assert!(
        notes.contains("from the transcript") && notes.contains("said it twice"),
        "{notes}"
    );
    let flash = app
        .interview()
        .expect("interview")
        .flash_text(t0)
        .unwrap_or_default()
        .to_string();
    assert!(flash.contains("changed on disk"), "{flash}");

    // A file broken on disk is not overwritten: the session is kept in rescued/.
    std::fs::write(store.path(&id), "{ broken").expect("break");
    key(&mut app, '!');
    app.save(t0, true);
    assert_eq!(
        std::fs::read_to_string(store.path(&id)).expect("read"),
        "{ broken"
    );
    let i = app.interview().expect("interview");
    let error = i.open.saver.error.clone().unwrap_or_default();
    assert!(error.contains("not overwritten"), "{error}");
    let rescued: Vec<_> = std::fs::read_dir(dir.path().join("rescued"))
        .expect("rescued")
        .flatten()
        .collect();
    assert_eq!(rescued.len(), 1);
    let kept = std::fs::read_to_string(rescued[0].path()).expect("rescued file");
    assert!(kept.contains("said it twice!"), "{kept}");
}
