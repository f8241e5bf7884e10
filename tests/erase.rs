//! `journey erase ID`, a participant who withdraws, with the real binary and the system git: in
//! a plain folder; refused without confirmation; synced through three folders in different
//! orders (a teammate with the session in the trash, one with an unpushed commit, one with it
//! open in an interview); after which no folder, trash or reachable commit of any clone or of
//! the shared remote holds it, and no later sync brings it back.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journey::session::Store;

fn have_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs")
}

fn git_text(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Team {
    _root: tempfile::TempDir,
    remote: PathBuf,
    root: PathBuf,
}

impl Team {
    fn new() -> Team {
        let root = tempfile::tempdir().expect("tempdir");
        let out = git(
            root.path(),
            &["init", "-q", "--bare", "-b", "main", "team.git"],
        );
        assert!(out.status.success(), "{out:?}");
        Team {
            root: root.path().to_path_buf(),
            remote: root.path().join("team.git"),
            _root: root,
        }
    }

    fn member(&self, name: &str) -> Member {
        let m = Member {
            dir: self.root.join(name),
        };
        m.ok(&["sync", "init", self.remote.to_str().expect("path")]);
        assert!(git(&m.dir, &["config", "user.name", name]).status.success());
        m
    }

    fn unplug(&self) {
        std::fs::rename(&self.remote, self.root.join("gone.git")).expect("unplug");
    }

    fn plug(&self) {
        std::fs::rename(self.root.join("gone.git"), &self.remote).expect("plug");
    }
}

struct Member {
    dir: PathBuf,
}

impl Member {
    fn plain(root: &Path, name: &str) -> Member {
        Member {
            dir: root.join(name),
        }
    }

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

    fn interview(&self, customer: &str, advice: &str) -> String {
        let guide = common::guide();
        let mut s = common::session(&guide, customer);
        common::text(&mut s, "wrapup.advice", advice);
        self.store().create(&mut s).expect("create");
        s.id
    }

    fn edit(&self, id: &str, advice: &str) {
        let store = self.store();
        let mut s = store.load(id).expect("load");
        s.set_text("wrapup.advice", advice);
        s.meta.updated += chrono::Duration::seconds(1);
        store.save(&s).expect("save");
    }

    fn advice(&self, id: &str) -> Option<String> {
        match self
            .store()
            .load(id)
            .ok()?
            .answer("wrapup.advice")?
            .value
            .as_ref()?
        {
            journey::session::Value::Text(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// Every file of the folder (outside `.git`) whose name holds `id`.
    fn files_named(&self, id: &str) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut dirs = vec![self.dir.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
                let path = entry.path();
                if entry.file_name() == ".git" {
                    continue;
                }
                if entry.file_type().expect("type").is_dir() {
                    dirs.push(path);
                } else if entry.file_name().to_string_lossy().contains(id) {
                    found.push(path);
                }
            }
        }
        found.sort();
        found
    }
}

/// The repository holds no reachable commit, object or reflog entry with the session.
fn assert_history_clean(repo: &Path, id: &str) {
    let path = format!("sessions/{id}.json");
    let log = git_text(
        repo,
        &["log", "--all", "--full-history", "--format=%H", "--", &path],
    );
    assert!(
        log.trim().is_empty(),
        "{} still has {path} in: {log}",
        repo.display()
    );
    // The only object named after it is the erasure record.
    let record = format!("erasures/{id}.json");
    let objects = git_text(repo, &["rev-list", "--all", "--objects"]);
    let named: Vec<&str> = objects
        .lines()
        .filter(|l| l.contains(id) && !l.ends_with(&record))
        .collect();
    assert!(
        named.is_empty(),
        "{} still reaches objects named {id}: {named:?}",
        repo.display()
    );
    let reflog = git(repo, &["log", "-g", "--all", "--format=%H", "--", &path]);
    assert!(String::from_utf8_lossy(&reflog.stdout).trim().is_empty());
}

/// The blobs of the session's file, anywhere in the history of `repo`.
fn blobs_of(repo: &Path, id: &str) -> Vec<String> {
    git_text(repo, &["rev-list", "--all", "--objects"])
        .lines()
        .filter(|l| l.ends_with(&format!("sessions/{id}.json")))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// The erasure record: in the folder and the archive, with the id and a date, nothing more.
fn assert_record(m: &Member, id: &str) {
    let text = std::fs::read_to_string(m.dir.join("erasures").join(format!("{id}.json")))
        .expect("the erasure record");
    let record: serde_json::Value = serde_json::from_str(&text).expect("json");
    let object = record.as_object().expect("an object");
    assert_eq!(object.len(), 2, "{text}");
    assert_eq!(record["id"], id);
    assert!(
        record["erased"].as_str().is_some_and(|d| d.len() == 10),
        "{text}"
    );
}

fn assert_erased_everywhere(team: &Team, members: &[&Member], id: &str, blobs: &[String]) {
    assert_history_clean(&team.remote, id);
    let in_remote = git_text(
        &team.remote,
        &["ls-tree", "--name-only", "main", "erasures/"],
    );
    assert!(
        in_remote.contains(&format!("erasures/{id}.json")),
        "{in_remote}"
    );
    for m in members {
        let files = m.files_named(id);
        assert_eq!(
            files,
            vec![m.dir.join("erasures").join(format!("{id}.json"))],
            "{}",
            m.dir.display()
        );
        assert_record(m, id);
        assert_history_clean(&m.dir, id);
        for blob in blobs {
            let there = git(&m.dir, &["cat-file", "-e", blob]).status.success();
            assert!(!there, "{} still keeps the object {blob}", m.dir.display());
        }
        let index = std::fs::read_to_string(m.dir.join("index.jsonl")).unwrap_or_default();
        assert!(
            !index.contains(id),
            "the summary index of {}",
            m.dir.display()
        );
    }
}

/// No commit of the archive is there twice (a rewrite that came out different on two machines
/// would bring both copies in).
fn assert_no_duplicate_commits(repo: &Path) {
    let log = git_text(
        repo,
        &["log", "--no-merges", "--format=%an %at %ct %s %T", "main"],
    );
    let mut lines: Vec<&str> = log.lines().collect();
    let n = lines.len();
    lines.sort();
    lines.dedup();
    assert_eq!(lines.len(), n, "{log}");
}

#[test]
fn erase_in_a_plain_folder_removes_every_copy_journey_keeps() {
    let root = tempfile::tempdir().expect("tempdir");
    let m = Member::plain(root.path(), "plain");
    let gone = m.interview("Withdrawn Co", "private words");
    let kept = m.interview("Other Co", "stays");
    let store = m.store();
    let session = store.load(&gone).expect("load");
    store.rescue(&session).expect("rescued copy");
    std::fs::create_dir_all(store.trash_dir()).expect("trash");
    std::fs::copy(
        store.path(&gone),
        store.trash_dir().join(format!("{gone}.json")),
    )
    .expect("copy");
    drop(store.lock(&gone).expect("a lock file"));
    m.ok(&["list"]);
    let index = std::fs::read_to_string(m.dir.join("index.jsonl")).expect("index");
    assert!(index.contains(&gone));
    assert_eq!(m.files_named(&gone).len(), 4, "{:?}", m.files_named(&gone));

    let out = m.ok(&["erase", "withdrawn", "--yes"]);
    for said in [
        "the session file",
        "in the trash",
        "failed save",
        "exports you made",
    ] {
        assert!(out.contains(said), "{said}: {out}");
    }
    assert!(out.contains(&format!("Erased {gone}.")), "{out}");
    assert!(!out.contains("history"), "not a team archive: {out}");
    assert_eq!(m.files_named(&gone), Vec::<PathBuf>::new());
    let index = std::fs::read_to_string(m.dir.join("index.jsonl")).expect("index");
    assert!(!index.contains(&gone), "{index}");
    assert_eq!(m.advice(&kept).as_deref(), Some("stays"));
    assert!(!m.dir.join("erasures").exists());
    // Gone for `erase` too: nothing left to name.
    let out = m.journey(&["erase", &gone, "--yes"]);
    assert!(!out.status.success());
}

#[test]
fn erase_is_refused_without_confirmation_or_while_the_interview_is_open() {
    let root = tempfile::tempdir().expect("tempdir");
    let m = Member::plain(root.path(), "plain");
    let id = m.interview("Withdrawn Co", "private words");
    let before = std::fs::read(m.store().path(&id)).expect("read");
    // No terminal on stdin and no --yes: the plan is shown, nothing is erased.
    let out = m.journey(&["erase", &id]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("nothing erased"), "{text}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("the session file"));
    assert_eq!(std::fs::read(m.store().path(&id)).expect("read"), before);
    // Open in an interview: refused, the file is untouched.
    let lock = m.store().lock(&id).expect("lock");
    let out = m.journey(&["erase", &id, "--yes"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("open in another journey"));
    assert_eq!(std::fs::read(m.store().path(&id)).expect("read"), before);
    drop(lock);
    m.ok(&["erase", &id, "--yes"]);
    assert!(!m.store().path(&id).exists());
}

/// Ana erases a session ben deleted (so it is in cho's trash) while cho has an unpushed commit
/// touching another session; then ben and cho sync in `order`.
fn erasure_through_three_folders(order: [usize; 2]) {
    let team = Team::new();
    let (ana, ben, cho) = (team.member("ana"), team.member("ben"), team.member("cho"));
    let gone = ana.interview("Withdrawn Co", "words of a participant who withdraws");
    let shared = ana.interview("Shared Co", "first");
    ana.ok(&["sync"]);
    ana.edit(&gone, "more words");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    cho.ok(&["sync"]);
    // Ben deletes it and syncs; cho's sync keeps a copy in cho's trash.
    ben.ok(&["delete", &gone]);
    ben.ok(&["sync"]);
    let out = cho.ok(&["sync"]);
    assert!(out.contains("deleted by a teammate"), "{out}");
    assert!(cho
        .store()
        .trash_dir()
        .join(format!("{gone}.json"))
        .exists());
    // Cho edits another session offline: a commit not pushed yet.
    cho.edit(&shared, "from cho, offline");
    team.unplug();
    let out = cho.ok(&["sync"]);
    assert!(out.contains("not pushed"), "{out}");
    team.plug();
    let blobs = blobs_of(&ana.dir, &gone);
    assert!(blobs.len() >= 2, "{blobs:?}");

    let out = ana.ok(&["erase", &gone, "--yes"]);
    assert!(out.contains("commit(s) added or changed it"), "{out}");
    assert!(out.contains("teammates' copies"), "{out}");
    assert!(out.contains("no longer holds it"), "{out}");
    assert_history_clean(&team.remote, &gone);
    assert_history_clean(&ana.dir, &gone);

    let members = [&ana, &ben, &cho];
    for i in order {
        let m = members[i + 1];
        let out = m.ok(&["sync"]);
        assert!(
            out.contains(&format!("erased by a teammate: {gone}")),
            "{out}"
        );
    }
    for m in members {
        m.ok(&["sync"]);
    }
    assert_erased_everywhere(&team, &members, &gone, &blobs);
    // Cho's offline edit went out and came to everyone.
    for m in members {
        assert_eq!(m.advice(&shared).as_deref(), Some("from cho, offline"));
    }
    // Any later order of syncs, with new work on the way, never brings it back.
    for (round, order) in [[2, 1, 0], [1, 0, 2], [0, 2, 1]].into_iter().enumerate() {
        for i in order {
            members[i].edit(&shared, &format!("round {round} by {i}"));
            members[i].ok(&["sync"]);
        }
    }
    assert_erased_everywhere(&team, &members, &gone, &blobs);
    assert_no_duplicate_commits(&team.remote);
}

#[test]
fn an_erasure_synced_through_three_folders_cho_first() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    erasure_through_three_folders([1, 0]);
}

#[test]
fn an_erasure_synced_through_three_folders_ben_first() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    erasure_through_three_folders([0, 1]);
}

#[test]
fn an_erasure_waits_for_an_open_interview_and_an_offline_erasure_goes_out_later() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let gone = ana.interview("Withdrawn Co", "private words");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    let blobs = blobs_of(&ana.dir, &gone);
    // Offline: erased here, the rewritten history goes out at the next sync.
    team.unplug();
    let out = ana.ok(&["erase", &gone, "--yes"]);
    assert!(out.contains("goes out at the next `journey sync`"), "{out}");
    assert_history_clean(&ana.dir, &gone);
    team.plug();
    let out = ana.ok(&["sync"]);
    assert!(!out.contains("not pushed"), "{out}");
    assert_history_clean(&team.remote, &gone);
    // Ben has it open in an interview: his sync waits, touching nothing, and says so.
    let lock = ben.store().lock(&gone).expect("the interview's lock");
    let before = std::fs::read(ben.store().path(&gone)).expect("read");
    let out = ben.ok(&["sync"]);
    assert!(out.contains("open in an interview here"), "{out}");
    assert_eq!(
        std::fs::read(ben.store().path(&gone)).expect("read"),
        before
    );
    assert_history_clean(&team.remote, &gone);
    drop(lock);
    let out = ben.ok(&["sync"]);
    assert!(
        out.contains(&format!("erased by a teammate: {gone}")),
        "{out}"
    );
    // A copy put back by hand is erased again, and never reaches the archive.
    std::fs::write(ben.store().path(&gone), &before).expect("put back");
    ben.ok(&["sync"]);
    ana.ok(&["sync"]);
    assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
    // Records removed by hand and the removal committed: they come back, the session does not.
    std::fs::remove_dir_all(ana.dir.join("erasures")).expect("rm");
    assert!(git(
        &ana.dir,
        &["-c", "user.email=a@x", "commit", "-qam", "no records"]
    )
    .status
    .success());
    std::fs::remove_dir_all(ben.dir.join("erasures")).expect("rm");
    std::fs::write(ben.store().path(&gone), &before).expect("put back");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    ana.ok(&["sync"]);
    assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
}

#[test]
fn an_erasure_stopped_right_after_its_record_is_finished_by_the_next_sync() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let gone = ana.interview("Withdrawn Co", "private words");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    let blobs = blobs_of(&ana.dir, &gone);
    // What `erase` writes first, and nothing else: as if it were killed there.
    std::fs::create_dir_all(ana.dir.join("erasures")).expect("mkdir");
    let record = format!("{{\"id\": \"{gone}\", \"erased\": \"2026-12-03\"}}\n");
    std::fs::write(
        ana.dir.join("erasures").join(format!("{gone}.json")),
        record,
    )
    .expect("w");
    // And the temp file of a record being written when it was killed.
    let temp = ana
        .dir
        .join("erasures")
        .join(format!(".{gone}.json.x1y2z3.tmp"));
    std::fs::write(&temp, "{\"id\": ").expect("w");
    ana.ok(&["sync"]);
    assert!(!temp.exists());
    assert!(!ana.store().path(&gone).exists());
    assert_history_clean(&team.remote, &gone);
    let out = ben.ok(&["sync"]);
    assert!(
        out.contains(&format!("erased by a teammate: {gone}")),
        "{out}"
    );
    ana.ok(&["sync"]);
    assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
}

#[test]
fn two_researchers_erasing_the_same_session_on_different_days_do_not_conflict() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let gone = ana.interview("Withdrawn Co", "private words");
    let other = ana.interview("Other Co", "stays");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    let blobs = blobs_of(&ana.dir, &gone);
    assert!(git(&ben.dir, &["tag", "before-erasure"]).status.success());
    ana.ok(&["erase", &gone, "--yes"]);
    // Ben erases it too, offline, and (as if on another day) his record has another date; a
    // tag of his points at the old history.
    team.unplug();
    ben.ok(&["erase", &gone, "--yes"]);
    let record = ben.dir.join("erasures").join(format!("{gone}.json"));
    let text = std::fs::read_to_string(&record).expect("record");
    let day = serde_json::from_str::<serde_json::Value>(&text).expect("json")["erased"]
        .as_str()
        .expect("date")
        .to_string();
    std::fs::write(&record, text.replace(&day, "2020-01-01")).expect("write");
    assert!(git(
        &ben.dir,
        &["-c", "user.email=b@x", "commit", "-qam", "other day"]
    )
    .status
    .success());
    team.plug();
    let out = ben.ok(&["sync"]);
    assert!(!out.contains("not pushed"), "{out}");
    ana.ok(&["sync"]);
    assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
    assert_eq!(ben.advice(&other).as_deref(), Some("stays"));
    // The tag is rewritten with the history, not left holding the old one.
    assert!(git_text(&ben.dir, &["tag"]).contains("before-erasure"));
    let theirs = std::fs::read(ana.dir.join("erasures").join(format!("{gone}.json"))).expect("r");
    assert_eq!(std::fs::read(&record).expect("read"), theirs);
}

#[test]
fn an_erasure_killed_at_any_moment_is_finished_by_a_retry_or_the_next_sync() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let kept = ana.interview("Kept Co", "stays");
    for delay_ms in [5u64, 30, 80, 150, 300, 600] {
        let gone = ana.interview(&format!("Withdrawn {delay_ms}"), "private words");
        ana.ok(&["sync"]);
        ben.ok(&["sync"]);
        let blobs = blobs_of(&ana.dir, &gone);
        let mut child = Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("--data-dir")
            .arg(&ana.dir)
            .args(["erase", &gone, "--yes"])
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let recorded = ana
            .dir
            .join("erasures")
            .join(format!("{gone}.json"))
            .exists();
        eprintln!(
            "killed after {delay_ms} ms: recorded {recorded}, file there {}",
            ana.store().path(&gone).exists()
        );
        if !recorded {
            // Stopped before anything was erased: the session is whole; the researcher retries.
            let text = std::fs::read_to_string(ana.store().path(&gone)).expect("whole");
            assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
            ana.ok(&["erase", &gone, "--yes"]);
        }
        ana.ok(&["sync"]);
        ben.ok(&["sync"]);
        ana.ok(&["sync"]);
        assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
        assert_eq!(ben.advice(&kept).as_deref(), Some("stays"), "{delay_ms} ms");
    }
}
