//! `journey sync [init REMOTE | status]` and `journey merge-driver`.

use std::path::Path;

use anyhow::{Context, Result};

use super::SyncCommand;
use crate::archive;
use crate::session::Store;

pub fn run(store: &Store, guide: &crate::guide::Guide, command: Option<SyncCommand>) -> Result<()> {
    let exe = std::env::current_exe().context("finding journey's own path for git's merge")?;
    let report = match command {
        Some(SyncCommand::Status) => {
            let conflicts = store
                .summaries(guide)?
                .sessions
                .iter()
                .filter(|s| s.conflicts > 0)
                .count();
            match archive::status(store, conflicts)? {
                Some(mut status) => {
                    status.conflicted = archive::conflicted(store, guide);
                    say!("{}", status.line());
                    match crate::session::identity::researcher(store.data_dir())? {
                        Some(who) => {
                            say!("you are {} <{}> (`journey whoami`)", who.name, who.email)
                        }
                        None => {
                            say!("you have not said who you are: `journey whoami \"Your Name\"`")
                        }
                    }
                    for line in &status.warnings {
                        say!("{line}");
                    }
                    for line in conflict_lines(store, guide)? {
                        say!("{line}");
                    }
                }
                None => say!(
                    "{} is not a team archive: `journey sync init [REMOTE]` makes it one",
                    store.data_dir().display()
                ),
            }
            return Ok(());
        }
        Some(SyncCommand::Init { remote }) => {
            let what = match &remote {
                Some(r) => format!("joining {r}: fetch, then each session merged or added"),
                None => "making a team archive".to_string(),
            };
            let report = ticking(&what, || archive::init(store, remote.as_deref(), &exe))?;
            say!(
                "{} is a team archive{}",
                store.data_dir().display(),
                remote.map_or(String::new(), |r| format!(" shared through {r}"))
            );
            report
        }
        None => ticking(
            "syncing the team archive: commit, fetch, merge, push",
            || archive::sync(store, &exe),
        )?,
    };
    for line in report.lines() {
        say!("{line}");
    }
    for line in conflict_lines(store, guide)? {
        say!("{line}");
    }
    if report.not_pushed.is_some() {
        warn!("the changes are committed here and go out at the next sync");
    }
    Ok(())
}

/// Runs `work` with a progress line on standard error (`what… 12 s`, once a second) when it
/// is a terminal, wiped when the work ends: a join of a large archive takes seconds.
fn ticking<T>(what: &str, work: impl FnOnce() -> T) -> T {
    use std::io::{IsTerminal, Write};
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let (done, stop) = std::sync::mpsc::channel::<()>();
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        scope.spawn(move || loop {
            let seconds = started.elapsed().as_secs();
            let _ = write!(std::io::stderr(), "\r{what}… {seconds} s");
            let _ = std::io::stderr().flush();
            if stop.recv_timeout(std::time::Duration::from_secs(1)).is_ok() {
                // Blanks, not an escape code: a dumb terminal (a screen reader's) shows no codes.
                let blank = " ".repeat(what.chars().count() + 12);
                let _ = write!(std::io::stderr(), "\r{blank}\r");
                return;
            }
        });
        let result = work();
        let _ = done.send(());
        result
    })
}

/// The sessions left in conflict, each with its id, customer and what is in conflict, so a
/// researcher sees where to look (`journey show ID`, Alt-K in the interview).
pub fn conflict_lines(store: &Store, guide: &crate::guide::Guide) -> Result<Vec<String>> {
    let summaries = store.summaries(guide)?;
    let mut out = Vec::new();
    for s in summaries.sessions.iter().filter(|s| s.conflicts > 0) {
        let what = match store.load(&s.id) {
            Ok(session) => session
                .conflicts
                .iter()
                .map(|c| c.label(guide))
                .collect::<Vec<_>>()
                .join("; "),
            Err(e) => format!("{} ({e})", crate::text::count(s.conflicts, "conflict")),
        };
        out.push(format!("  {} ({}): {what}", s.id, s.customer));
    }
    if !out.is_empty() {
        out.insert(
            0,
            format!(
                "left in conflict: {}; see each with `journey show ID`, keep a version with {} in the interview",
                crate::text::count(out.len(), "session"),
                crate::tui::keymap::interview_key(&crate::tui::action::Action::Command(
                    crate::tui::action::Command::Resolve
                ))
            ),
        );
    }
    Ok(out)
}

pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> Result<()> {
    let merged = archive::merge_driver(base, ours, theirs, path)?;
    if let (Some(size), Some(copy)) = (merged.too_large, &merged.copy) {
        warn!(
            "{}: the two versions merged would be {size} bytes, over the {} a session file may hold: this side's version stays in the file, the other side's is kept whole as the conflicted copy {copy}",
            path.unwrap_or(ours).display(),
            crate::session::MAX_FILE_BYTES
        );
    }
    for q in &merged.conflicts {
        warn!(
            "{}: both sides changed {q}; both values are kept in the session",
            ours.display()
        );
    }
    for q in &merged.notes_kept_both {
        warn!(
            "{}: both sides changed the same lines of the notes on {q}; both versions are kept in the session as a conflict",
            ours.display()
        );
    }
    Ok(())
}
