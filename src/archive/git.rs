//! Running the system `git`, so the user's credentials, SSH configuration and credential
//! helpers work as in every other git tool.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{bail, Context, Result};

/// Who commits when nobody said who they are (`journey whoami NAME` names them).
pub const UNNAMED: &str = "unnamed researcher";

/// A git repository: the data folder.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    /// Author and committer of every commit.
    identity: Option<(String, String)>,
}

impl Git {
    pub fn new(dir: &Path) -> Git {
        Git {
            // Absolute, so a path inside `.git` given to git means the same whatever its cwd.
            dir: std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
            identity: None,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Commits as `name <email>`, author and committer, whatever git's own identity is: the
    /// researcher using journey (see [`crate::session::identity`]).
    pub fn with_identity(mut self, name: &str, email: &str) -> Git {
        self.identity = Some((
            super::guard::safe_ident(name),
            super::guard::safe_ident(email).replace(' ', ""),
        ));
        self
    }

    /// [`Git::with_identity`] of the researcher named in the data folder's settings; with no
    /// name known there, an unnamed researcher (never git's own identity).
    pub fn committing_as_researcher(self) -> Result<Git> {
        let who = crate::session::identity::researcher(&self.dir)?;
        Ok(match who {
            Some(who) => self.with_identity(&who.name, &who.email),
            None => self.with_identity(UNNAMED, &crate::session::identity::neutral_email("")),
        })
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(&self.dir)
            // Session files are identities: git never pairs two of them as a rename.
            .args([
                "-c",
                "merge.renames=false",
                "-c",
                "diff.renames=false",
                "-c",
                "status.renames=false",
                // A teammate's hooks or the archive's settings never run code here.
                "-c",
                "core.hooksPath=/dev/null",
            ])
            .args(args)
            // Never wait for a password on a terminal the TUI owns; credential helpers still work.
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_MERGE_AUTOEDIT", "no")
            .env("LC_ALL", "C");
        if let Some((name, email)) = &self.identity {
            for var in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] {
                cmd.env(var, name);
            }
            for var in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] {
                cmd.env(var, email);
            }
        }
        cmd
    }

    /// Runs git and returns its output, whether it succeeded or not.
    pub fn output(&self, args: &[&str]) -> Result<Output> {
        self.command(args)
            .output()
            .with_context(|| format!("could not run `git {}`: is git installed?", args.join(" ")))
    }

    /// Runs git; an error names the command and what git said.
    pub fn run(&self, args: &[&str]) -> Result<String> {
        let out = self.output(args)?;
        if !out.status.success() {
            bail!(
                "`git {}` failed: {}",
                args.join(" "),
                first_lines(&String::from_utf8_lossy(&out.stderr))
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// [`Git::run`] with extra environment variables (a temporary index, say).
    pub fn run_env(&self, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Result<String> {
        let mut cmd = self.command(args);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd
            .output()
            .with_context(|| format!("could not run `git {}`", args.join(" ")))?;
        if !out.status.success() {
            bail!(
                "`git {}` failed: {}",
                args.join(" "),
                first_lines(&String::from_utf8_lossy(&out.stderr))
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// [`Git::run_env`] with `input` on git's standard input.
    pub fn run_input(
        &self,
        args: &[&str],
        env: &[(&str, &std::ffi::OsStr)],
        input: &[u8],
    ) -> Result<String> {
        let out = self.run_input_env(args, env, input)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// [`Git::run_input`] without environment, git's output as bytes.
    pub fn run_input_bytes(&self, args: &[&str], input: &[u8]) -> Result<Vec<u8>> {
        self.run_input_env(args, &[], input)
    }

    fn run_input_env(
        &self,
        args: &[&str],
        env: &[(&str, &std::ffi::OsStr)],
        input: &[u8],
    ) -> Result<Vec<u8>> {
        use std::io::Write;
        let mut cmd = self.command(args);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .with_context(|| format!("could not run `git {}`", args.join(" ")))?;
        // Written on a thread, so git's own output never fills up while it waits for input.
        let mut stdin = child.stdin.take().context("git's standard input")?;
        let input = input.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&input));
        let out = child.wait_with_output()?;
        let written = writer
            .join()
            .map_err(|_| anyhow::anyhow!("writing to git"))?;
        if !out.status.success() {
            bail!(
                "`git {}` failed: {}",
                args.join(" "),
                first_lines(&String::from_utf8_lossy(&out.stderr))
            );
        }
        written.context("writing to git")?;
        Ok(out.stdout)
    }

    /// Whether git succeeds.
    pub fn ok(&self, args: &[&str]) -> bool {
        self.output(args).is_ok_and(|o| o.status.success())
    }

    pub fn config(&self, key: &str) -> Option<String> {
        let out = self.output(&["config", "--get", key]).ok()?;
        let value = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !value.is_empty()).then_some(value)
    }

    pub fn is_repository(&self) -> bool {
        self.dir.join(".git").exists()
    }

    /// The path of a file inside `.git`.
    pub fn git_path(&self, name: &str) -> PathBuf {
        self.dir.join(".git").join(name)
    }

    pub fn has_commits(&self) -> bool {
        self.ok(&["rev-parse", "--verify", "-q", "HEAD"])
    }

    pub fn rev(&self, name: &str) -> Option<String> {
        self.run(&["rev-parse", "--verify", "-q", name])
            .ok()
            .map(|s| s.trim().to_string())
    }

    /// The lines of git's output, without empties.
    pub fn lines(&self, args: &[&str]) -> Result<Vec<String>> {
        Ok(self
            .run(args)?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect())
    }
}

/// The first two lines of what git said, for an error message.
pub fn first_lines(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(2)
        .collect();
    if lines.is_empty() {
        "no message".to_string()
    } else {
        lines.join(" / ")
    }
}
