//! The team of `tests/erase*.rs`: a bare remote in a temporary folder, researchers' data folders
//! joined to it, and the checks that a session is erased everywhere.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journey::session::Store;

pub use crate::common::team::{git, have_git};

pub fn git_text(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub struct Team {
    _root: tempfile::TempDir,
    pub remote: PathBuf,
    pub root: PathBuf,
}

impl Team {
    pub fn new() -> Team {
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

    pub fn member(&self, name: &str) -> Member {
        let m = Member {
            dir: self.root.join(name),
        };
        m.ok(&["sync", "init", self.remote.to_str().expect("path")]);
        assert!(git(&m.dir, &["config", "user.name", name]).status.success());
        m
    }

    pub fn unplug(&self) {
        std::fs::rename(&self.remote, self.root.join("gone.git")).expect("unplug");
    }

    pub fn plug(&self) {
        std::fs::rename(self.root.join("gone.git"), &self.remote).expect("plug");
    }
}

pub struct Member {
    pub dir: PathBuf,
}

impl Member {
    pub fn plain(root: &Path, name: &str) -> Member {
        Member {
            dir: root.join(name),
        }
    }

    pub fn journey(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("--data-dir")
            .arg(&self.dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("journey runs")
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.journey(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "journey {args:?} failed: {text}");
        text
    }

    pub fn store(&self) -> Store {
        Store::open(&self.dir).expect("store")
    }

    pub fn interview(&self, customer: &str, advice: &str) -> String {
        let guide = crate::common::guide();
        let mut s = crate::common::session(&guide, customer);
        crate::common::text(&mut s, "wrapup.advice", advice);
        self.store().create(&mut s).expect("create");
        s.id
    }

    pub fn edit(&self, id: &str, advice: &str) {
        let store = self.store();
        let mut s = store.load(id).expect("load");
        s.set_text("wrapup.advice", advice);
        s.meta.updated += chrono::Duration::seconds(1);
        store.save(&s).expect("save");
    }

    pub fn advice(&self, id: &str) -> Option<String> {
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
    pub fn files_named(&self, id: &str) -> Vec<PathBuf> {
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
pub fn assert_history_clean(repo: &Path, id: &str) {
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
pub fn blobs_of(repo: &Path, id: &str) -> Vec<String> {
    git_text(repo, &["rev-list", "--all", "--objects"])
        .lines()
        .filter(|l| l.ends_with(&format!("sessions/{id}.json")))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// The erasure record: in the folder and the archive, with the id and a date, nothing more.
pub fn assert_record(m: &Member, id: &str) {
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

pub fn assert_erased_everywhere(team: &Team, members: &[&Member], id: &str, blobs: &[String]) {
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
pub fn assert_no_duplicate_commits(repo: &Path) {
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
