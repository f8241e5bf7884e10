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
            let report = archive::init(store, remote.as_deref(), &exe)?;
            say!(
                "{} is a team archive{}",
                store.data_dir().display(),
                remote.map_or(String::new(), |r| format!(" shared through {r}"))
            );
            report
        }
        None => archive::sync(store, &exe)?,
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
