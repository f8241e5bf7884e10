//! The team archive: the data folder as a git repository many interviewers share, synced with
//! the system `git`, sessions merged by journey (never as text).

mod codes_merge;
mod commit;
mod copy;
mod erase;
mod git;
mod guard;
mod join;
mod merge;
mod notes;
mod report;
mod sync;
mod tree_merge;

use std::path::Path;

use crate::session::Session;
use anyhow::{bail, Context, Result};

pub use codes_merge::merge_codes;
pub use erase::{erase, plan as erase_plan, Copies, ErasePlan, Erased, RECORDS};
pub use git::UNNAMED;
pub use guard::repair_links;
pub use merge::{merge_sessions, merge_sessions_by, Merged, NOTES_MARK};
pub use report::{SyncReport, SyncStatus};
pub use sync::{conflicted, init, status, sync, GITATTRIBUTES, GITIGNORE};

/// `journey merge-driver BASE OURS THEIRS PATH`: git's custom merge for a session file, or for
/// an added code when PATH is in `codes/` (a plain `git pull`; `journey sync` merges the history
/// itself, with the same merges). Writes the merge to OURS (atomically: never half a file) and
/// returns what it did; an error leaves OURS as it was, and git then reports the file as
/// conflicted. Two different sessions (their ids differ) are never merged. A merge too large for
/// a session file keeps OURS as it is and writes THEIRS beside it as a conflicted copy (see
/// [`copy`]).
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: Option<&Path>,
) -> Result<Merged> {
    if path.is_some_and(|p| p.starts_with("codes")) {
        codes_merge::driver(base, ours, theirs, path)?;
        return Ok(Merged::default());
    }
    let (base, o, t, t_bytes) = driver_versions((base, ours, theirs), path)?;
    // Their commit: `git merge` names it in a GITHEAD_<hash> variable for the driver (its
    // MERGE_HEAD is not written yet while drivers run).
    let theirs_rev = std::env::vars()
        .find_map(|(k, _)| k.strip_prefix("GITHEAD_").map(str::to_string))
        .filter(|hash| hash.bytes().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| "MERGE_HEAD".to_string());
    let (ours_by, theirs_by) = (committer(path, "HEAD"), committer(path, &theirs_rev));
    let (merged, mut report) = merge_sessions_by(
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
    if bytes.len() as u64 > crate::session::MAX_FILE_BYTES {
        // Ours stays in the file as it is; theirs goes whole into a session of its own.
        let sessions = path
            .and_then(Path::parent)
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(dir);
        report.copy = Some(copy::write_copy(sessions, &t, &t_bytes)?);
        report.too_large = Some(bytes.len() as u64);
        report.conflicts.clear();
        report.notes_kept_both.clear();
        return Ok(report);
    }
    crate::session::write_atomic(dir, ours, &bytes, true, &mut |_| Ok(()))
        .with_context(|| format!("writing {}", ours.display()))?;
    Ok(report)
}

/// The merge driver's three files read and parsed (an empty base: both sides added the file),
/// refused when they are not the same session; theirs also as bytes, for a conflicted copy.
fn driver_versions(
    (base, ours, theirs): (&Path, &Path, &Path),
    path: Option<&Path>,
) -> Result<(Option<Session>, Session, Session, Vec<u8>)> {
    let read = |path: &Path| -> Result<Vec<u8>> {
        std::fs::read(path).with_context(|| format!("reading {}", path.display()))
    };
    let (b, o, t_bytes) = (read(base)?, read(ours)?, read(theirs)?);
    let base = if b.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(crate::session::parse_session_anywhere(base, &b)?)
    };
    let o = crate::session::parse_session_anywhere(ours, &o)?;
    let t = crate::session::parse_session_anywhere(theirs, &t_bytes)?;
    let named = path.unwrap_or(ours).display();
    for other in [Some(&t), base.as_ref()].into_iter().flatten() {
        if other.id != o.id {
            bail!(
                "{named}: not merged: the two versions are different sessions (`{}` and `{}`); this side's file is left as it is",
                crate::text::line(&o.id),
                crate::text::line(&other.id)
            );
        }
    }
    Ok((base, o, t, t_bytes))
}

/// Who changed a side: the author of the last commit touching the file on that side.
fn committer(path: Option<&Path>, rev: &str) -> Option<String> {
    let path = path?.to_str()?;
    let out = std::process::Command::new("git")
        .args(["log", "-1", "--format=%an", rev, "--", path])
        .output()
        .ok()?;
    let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}
