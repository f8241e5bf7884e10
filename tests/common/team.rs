//! A team archive for the tests: a bare repository in a temporary folder and researchers'
//! data folders joined to it, driven through the real binary and the system git.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journey::session::{Session, Store};

pub fn have_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

pub struct Team {
    _root: tempfile::TempDir,
    pub remote: PathBuf,
    pub root: PathBuf,
}

impl Team {
    pub fn new() -> Team {
        let root = tempfile::tempdir().expect("tempdir");
        let remote = root.path().join("team.git");
        let out = git(
            root.path(),
            &["init", "-q", "--bare", "-b", "main", "team.git"],
        );
        assert!(out.status.success(), "{out:?}");
        Team {
            root: root.path().to_path_buf(),
            remote,
            _root: root,
        }
    }

    /// A data folder that has not joined the archive (yet).
    pub fn folder(&self, name: &str) -> Member {
        Member {
            dir: self.root.join(name),
        }
    }

    /// The session ids on the archive's `main`.
    pub fn archived(&self) -> Vec<String> {
        let out = git(
            &self.remote,
            &["ls-tree", "--name-only", "main", "sessions/"],
        );
        let mut ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("sessions/")?.strip_suffix(".json"))
            .map(str::to_string)
            .collect();
        ids.sort();
        ids
    }

    /// A researcher's data folder, joined to the archive.
    pub fn member(&self, name: &str) -> Member {
        let dir = self.root.join(name);
        let m = Member { dir };
        m.ok(&["sync", "init", self.remote.to_str().expect("path")]);
        // Each researcher says who they are: the name on their commits and versions.
        m.ok(&["whoami", name]);
        // A plain git in the folder (a teammate's own commits) has a name too.
        let out = git(&m.dir, &["config", "user.name", name]);
        assert!(out.status.success());
        m
    }
}

pub fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs")
}

pub struct Member {
    pub dir: PathBuf,
}

impl Member {
    /// journey on this folder, to run as the caller likes.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_journey"));
        cmd.arg("--data-dir")
            .arg(&self.dir)
            .args(args)
            // No one's own git settings (signing, hooks) change what the tests see.
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        cmd
    }

    pub fn journey(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("journey runs")
    }

    /// git in this folder, as a teammate's plain git would run it.
    pub fn git(&self, args: &[&str]) -> String {
        let out = git(&self.dir, args);
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
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

    /// A new interview, saved: `answers` as (question, option) picks and text answers.
    pub fn interview(&self, customer: &str, texts: &[(&str, &str)]) -> String {
        let guide = super::guide();
        let mut s = super::session(&guide, customer);
        s.meta.interviewer = self.dir.file_name().expect("name").to_string_lossy().into();
        for (q, t) in texts {
            super::text(&mut s, q, t);
        }
        self.store().create(&mut s).expect("create");
        s.id
    }

    pub fn edit(&self, id: &str, f: impl FnOnce(&mut Session)) {
        let store = self.store();
        let mut s = store.load(id).expect("load");
        f(&mut s);
        s.meta.updated += chrono::Duration::seconds(1);
        store.save(&s).expect("save");
    }

    pub fn load(&self, id: &str) -> Session {
        self.store().load(id).expect("load")
    }

    pub fn ids(&self) -> Vec<String> {
        let mut ids = self.store().ids().expect("ids");
        ids.sort();
        ids
    }
}

pub fn text_of(s: &Session, q: &str) -> Option<String> {
    match s.answer(q)?.value.as_ref()? {
        journey::session::Value::Text(t) => Some(t.clone()),
        _ => None,
    }
}
