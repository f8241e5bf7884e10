//! The team archive: the data folder as a git repository many interviewers share, synced with
//! the system `git`, sessions merged by journey (never as text).

mod commit;
mod git;
mod guard;
mod join;
mod merge;
mod report;
mod sync;
mod tree_merge;

use std::path::Path;

use anyhow::{Context, Result};

pub use guard::repair_links;
pub use merge::{merge_sessions, merge_sessions_by, Merged, NOTES_MARK};
pub use report::{SyncReport, SyncStatus};
pub use sync::{init, status, sync, GITATTRIBUTES, GITIGNORE};

/// `journey merge-driver BASE OURS THEIRS`: git's custom merge for a session file. Writes the
/// merge to OURS (atomically: never half a file) and returns what it did; an error leaves OURS
/// as it was, and git then reports the file as conflicted.
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: Option<&Path>,
) -> Result<Merged> {
    let read = |path: &Path| -> Result<Vec<u8>> {
        std::fs::read(path).with_context(|| format!("reading {}", path.display()))
    };
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    // An empty base: both sides added the file.
    let base = if b.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(crate::session::parse_session_anywhere(base, &b)?)
    };
    let o = crate::session::parse_session_anywhere(ours, &o)?;
    let t = crate::session::parse_session_anywhere(theirs, &t)?;
    // Who changed each side: the committer of the last commit touching the file on each side.
    let by = |rev: &str| -> Option<String> {
        let path = path?.to_str()?;
        let out = std::process::Command::new("git")
            .args(["log", "-1", "--format=%cn", rev, "--", path])
            .output()
            .ok()?;
        let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !name.is_empty()).then_some(name)
    };
    let (ours_by, theirs_by) = (by("HEAD"), by("MERGE_HEAD"));
    let (merged, report) = merge_sessions_by(
        base.as_ref(),
        (&o, ours_by.as_deref()),
        (&t, theirs_by.as_deref()),
    );
    let mut bytes = serde_json::to_vec_pretty(&merged)?;
    bytes.push(b'\n');
    let dir = ours
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::session::write_atomic(dir, ours, &bytes, true, &mut |_| Ok(()))
        .with_context(|| format!("writing {}", ours.display()))?;
    Ok(report)
}
