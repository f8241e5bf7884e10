//! The study's added codes with the real binary and the system git: two data folders adding the
//! same code and syncing through one bare repository, a code deleted on one side and edited on
//! the other, and code files no command may trip on (a named pipe, a link to /dev/zero, git's
//! conflict markers, an id the guide has). Every run of journey is killed after a deadline, so
//! a hang fails the test instead of holding it.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use journey::guide::Code;
use journey::session::Store;

/// Longer than any command here takes on a slow machine; a hang reaches it.
const DEADLINE: Duration = Duration::from_secs(30);

use common::team::{git, have_git};

/// Runs `command`, killing it and failing if it has not ended by [`DEADLINE`].
fn bounded(command: &mut Command) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("journey starts");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} still ran after {DEADLINE:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("stdout"),
        stderr: err.join().expect("stderr"),
    }
}

struct Member {
    dir: PathBuf,
}

impl Member {
    fn journey(&self, args: &[&str]) -> Output {
        bounded(
            Command::new(env!("CARGO_BIN_EXE_journey"))
                .arg("--data-dir")
                .arg(&self.dir)
                .args(args)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                // TERM=dumb (some CI) would hold the interview in plain words instead.
                .env("TERM", "xterm"),
        )
    }

    /// Runs journey, which must succeed; its stdout and stderr.
    fn ok(&self, args: &[&str]) -> (String, String) {
        let out = self.journey(args);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(
            out.status.success(),
            "journey {args:?} failed: {stdout}{stderr}"
        );
        (stdout, stderr)
    }

    fn interview(&self, customer: &str) -> String {
        let guide = common::guide();
        let mut s = common::session(&guide, customer);
        common::text(&mut s, "wrapup.advice", "Start with file servers.");
        Store::open(&self.dir)
            .expect("store")
            .create(&mut s)
            .expect("create");
        s.id
    }

    fn code(&self, id: &str) -> Code {
        let path = self.dir.join("codes").join(format!("{id}.json"));
        let text = std::fs::read_to_string(&path).expect("code file");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}: {text}", path.display()))
    }

    /// show, export, report and resume all get past the codebook.
    fn everything_works(&self, id: &str, out: &Path) {
        self.ok(&["show", id]);
        let name = self.dir.file_name().expect("name").to_string_lossy();
        let md = out.join(format!("{name}.md"));
        self.ok(&["export", id, "-f", "md", "-o", md.to_str().expect("path")]);
        assert!(md.exists());
        self.ok(&["report"]);
        // Without a terminal, resuming stops only at the terminal, past the guide and codes.
        let resume = self.journey(&["resume", id]);
        let err = String::from_utf8_lossy(&resume.stderr);
        assert!(err.contains("needs a terminal"), "{err}");
    }
}

fn team() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().expect("tempdir");
    let out = git(
        root.path(),
        &["init", "-q", "--bare", "-b", "main", "team.git"],
    );
    assert!(out.status.success(), "{out:?}");
    let remote = root.path().join("team.git");
    (root, remote)
}

fn member(root: &Path, remote: &Path, name: &str) -> Member {
    let m = Member {
        dir: root.join(name),
    };
    m.ok(&["sync", "init", remote.to_str().expect("path")]);
    // Who each researcher is: the name their commits and values carry.
    m.ok(&["whoami", name]);
    assert!(git(&m.dir, &["config", "user.name", name]).status.success());
    m
}

#[test]
fn two_researchers_adding_one_code_get_one_code_with_the_conflict_recorded() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let (root, remote) = team();
    let (ana, ben) = (
        member(root.path(), &remote, "ana"),
        member(root.path(), &remote, "ben"),
    );
    let cost = ["codes", "add", "cost", "--colour", "#aa0000", "--name"];
    ana.ok(&[&cost[..], &["Cost"]].concat());
    ben.ok(&[&cost[..], &["Costs of ownership"]].concat());
    let id = ana.interview("Acme");
    ana.ok(&["sync"]);
    let (said, _) = ben.ok(&["sync"]);
    assert!(
        said.contains("code `cost` has values given in two copies"),
        "{said}"
    );
    ana.ok(&["sync"]);
    // Every later sync goes on too.
    ben.ok(&["sync"]);
    for m in [&ana, &ben] {
        let code = m.code("cost");
        assert_eq!(code.colour, "#aa0000");
        assert_eq!(code.conflicts.len(), 1, "{code:?}");
        let names: Vec<&str> = code.conflicts[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(names, vec!["Cost", "Costs of ownership"]);
        let by: Vec<&str> = code.conflicts[0]
            .values
            .iter()
            .map(|v| v.by.as_str())
            .collect();
        assert_eq!(by, vec!["ana", "ben"]);
        assert_eq!(code.name, "Cost");
        let (listed, _) = m.ok(&["codes"]);
        assert!(listed.contains("conflict: name"), "{listed}");
        assert!(listed.contains("Costs of ownership"), "{listed}");
        assert!(listed.contains("journey codes resolve"), "{listed}");
        m.everything_works(&id, root.path());
        let status = git(&m.dir, &["status", "--porcelain"]);
        assert!(status.stdout.is_empty(), "{status:?}");
    }
    assert_eq!(ana.code("cost"), ben.code("cost"));
    // Resolved on one side, resolved for both after a sync.
    ben.ok(&["codes", "resolve", "cost", "--name", "Cost of ownership"]);
    ben.ok(&["sync"]);
    ana.ok(&["sync"]);
    let code = ana.code("cost");
    assert_eq!(code.name, "Cost of ownership");
    assert!(code.conflicts.is_empty());
    let (listed, _) = ana.ok(&["codes"]);
    assert!(!listed.contains("conflict"), "{listed}");
}

#[test]
fn a_code_deleted_on_one_side_and_edited_on_the_other_comes_back_with_the_edit() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let (root, remote) = team();
    let ana = member(root.path(), &remote, "ana");
    ana.ok(&["codes", "add", "cost", "--name", "Cost"]);
    ana.ok(&["sync"]);
    let ben = member(root.path(), &remote, "ben");
    assert_eq!(ben.code("cost").name, "Cost");
    // A deletion journey never makes (it would bring the file back): made with git itself.
    for args in [
        &["config", "user.email", "ana@example.org"][..],
        &["rm", "-q", "codes/cost.json"],
        &["commit", "-q", "-m", "no more cost"],
    ] {
        let out = git(&ana.dir, args);
        assert!(out.status.success(), "{out:?}");
    }
    ana.ok(&["sync"]);
    assert!(!ana.dir.join("codes/cost.json").exists());
    ben.ok(&["codes", "resolve", "cost", "--description", "What it costs"]);
    // A delete and an edit: the edit comes back, the sync goes on.
    ben.ok(&["sync"]);
    ana.ok(&["sync"]);
    for m in [&ana, &ben] {
        assert_eq!(m.code("cost").description, "What it costs");
        assert!(!m.dir.join(".git/MERGE_HEAD").exists());
    }
}

#[test]
fn bad_code_files_are_skipped_by_name_and_no_command_blocks() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let (root, remote) = team();
    let m = member(root.path(), &remote, "ana");
    let id = m.interview("Acme");
    m.ok(&["codes", "add", "cost", "--name", "Cost"]);
    let codes = m.dir.join("codes");
    std::fs::write(
        codes.join("markers.json"),
        "<<<<<<< HEAD\n{\"id\": \"markers\", \"name\": \"A\"}\n=======\n{\"id\": \"markers\", \"name\": \"B\"}\n>>>>>>> theirs\n",
    )
    .expect("write");
    let own = common::guide().codes[0].id.clone();
    std::fs::write(
        codes.join(format!("{own}.json")),
        format!(r#"{{"id": "{own}", "name": "Mine"}}"#),
    )
    .expect("write");
    std::os::unix::fs::symlink("/dev/zero", codes.join("zero.json")).expect("link");
    let fifo = Command::new("mkfifo")
        .arg(codes.join("pipe.json"))
        .status()
        .expect("mkfifo runs");
    assert!(fifo.success());
    let skipped = [
        "markers.json",
        &format!("{own}.json"),
        "zero.json",
        "pipe.json",
    ];
    let said = |args: &[&str]| {
        let (stdout, stderr) = m.ok(args);
        for file in skipped {
            assert!(
                stderr.contains(&format!("codes/{file}: skipped")),
                "journey {args:?} did not name {file}: {stderr}"
            );
        }
        stdout
    };
    let listed = said(&["codes"]);
    assert!(listed.contains("cost"), "{listed}");
    assert!(!listed.contains("Mine"), "{listed}");
    said(&["show", &id]);
    said(&["report"]);
    let out = root.path().join("out.md");
    said(&["export", &id, "-f", "md", "-o", out.to_str().expect("path")]);
    m.everything_works(&id, root.path());
    // A sync commits what git takes (it passes a named pipe by) and goes on.
    m.ok(&["sync"]);
    let (listed, _) = m.ok(&["codes"]);
    assert!(listed.contains("cost"), "{listed}");
}

#[test]
fn the_interview_screen_opens_and_names_a_skipped_code_file() {
    use common::pty::Journey;
    let dir = tempfile::tempdir().expect("tempdir");
    let m = Member {
        dir: dir.path().to_path_buf(),
    };
    let id = m.interview("Acme");
    std::fs::create_dir_all(dir.path().join("codes")).expect("codes");
    std::fs::write(
        dir.path().join("codes/cost.json"),
        "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n",
    )
    .expect("write");
    for args in [&[][..], &["resume", id.as_str()][..]] {
        let j = Journey::start(dir.path(), args, 120, 40);
        j.wait_for("the skipped file named", |screen| {
            screen.contains("cost.json: skipped") && screen.contains("conflict markers")
        });
    }
}

/// Two copies of a code file that are no code (git's markers, committed by an older journey on
/// each side): journey's merge cannot merge them; the sync keeps this folder's copy (skipped,
/// named, by every command), says so, and goes on.
#[test]
fn two_copies_that_are_not_codes_never_stop_a_sync() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let (root, remote) = team();
    let (ana, ben) = (
        member(root.path(), &remote, "ana"),
        member(root.path(), &remote, "ben"),
    );
    let id = ana.interview("Acme");
    for (m, side) in [(&ana, "A"), (&ben, "B")] {
        std::fs::create_dir_all(m.dir.join("codes")).expect("codes");
        let text = format!("<<<<<<< HEAD\n{{\"id\": \"cost\", \"name\": \"{side}\"}}\n>>>>>>> x\n");
        std::fs::write(m.dir.join("codes/cost.json"), text).expect("write");
    }
    ana.ok(&["sync"]);
    let (said, _) = ben.ok(&["sync"]);
    assert!(
        said.contains("codes/cost.json could not be merged"),
        "{said}"
    );
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    for m in [&ana, &ben] {
        assert!(!m.dir.join(".git/MERGE_HEAD").exists());
        let (_, stderr) = m.ok(&["codes"]);
        assert!(stderr.contains("codes/cost.json: skipped"), "{stderr}");
        m.everything_works(&id, root.path());
    }
}

/// A merge git started and stopped on a code file (a `git pull` whose merge driver failed, or a
/// sync of an older journey): the next sync finishes it with journey's merge of the code.
#[test]
fn a_merge_left_in_progress_on_a_code_is_finished_by_the_next_sync() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let (root, remote) = team();
    let (ana, ben) = (
        member(root.path(), &remote, "ana"),
        member(root.path(), &remote, "ben"),
    );
    ana.ok(&["codes", "add", "cost", "--name", "Cost"]);
    ana.ok(&["sync"]);
    ben.ok(&["codes", "add", "cost", "--name", "Spend"]);
    let gitted = |args: &[&str]| git(&ben.dir, args);
    assert!(gitted(&["config", "user.email", "ben@example.org"])
        .status
        .success());
    assert!(gitted(&["add", "codes/cost.json"]).status.success());
    assert!(gitted(&["commit", "-q", "-m", "spend"]).status.success());
    assert!(gitted(&["fetch", "-q", "origin"]).status.success());
    let stopped = gitted(&[
        "-c",
        "merge.journey.driver=false",
        "merge",
        "-q",
        "origin/main",
    ]);
    assert!(!stopped.status.success(), "{stopped:?}");
    assert!(ben.dir.join(".git/MERGE_HEAD").exists());
    ben.ok(&["sync"]);
    ana.ok(&["sync"]);
    for m in [&ana, &ben] {
        assert!(!m.dir.join(".git/MERGE_HEAD").exists());
        let code = m.code("cost");
        assert_eq!(code.name, "Cost");
        let names: Vec<&str> = code.conflicts[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(names, vec!["Cost", "Spend"]);
    }
}
