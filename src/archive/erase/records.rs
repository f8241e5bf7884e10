//! Erasure records: `erasures/ID.json`, one file per erasure (id and date, no content), so two
//! erasures never conflict. Only the file names count; a record is never read as instructions.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::archive::git::Git;
use crate::session::Store;

/// The folder of erasure records in the archive.
pub const RECORDS: &str = "erasures";

/// The largest erasure record taken from a teammate.
const MAX_RECORD_BYTES: u64 = 4096;

/// Commits the record alone (other changes are left for the sync).
pub(super) fn commit_record(git: &Git, id: &str) -> Result<()> {
    let relative = format!("{RECORDS}/{id}.json");
    git.run(&["add", "--", &relative])?;
    let staged = git.lines(&["diff", "--cached", "--name-only", "--", &relative])?;
    if !staged.is_empty() {
        let message = format!(
            "journey erase: {id}\n\nA participant withdrew: the session is erased from the archive and its history.\n"
        );
        git.run(&[
            "commit",
            "-q",
            "--no-verify",
            "-m",
            &message,
            "--",
            &relative,
        ])?;
    }
    Ok(())
}

/// A record of the same erasure made on both sides (on different days): the upstream's is
/// taken, so the merge finds the same file on both sides.
pub(super) fn adopt_records(
    git: &Git,
    store: &Store,
    upstream: &str,
    theirs: &[String],
) -> Result<()> {
    for id in theirs {
        let path = record_path(store, id);
        let Ok(ours) = std::fs::read(&path) else {
            continue;
        };
        let relative = format!("{RECORDS}/{id}.json");
        let blob = format!("{upstream}:{relative}");
        // A record is a line of JSON: anything larger is not one, and ours stays.
        let size = git.run(&["cat-file", "-s", &blob]).unwrap_or_default();
        if size
            .trim()
            .parse::<u64>()
            .map_or(true, |n| n > MAX_RECORD_BYTES)
        {
            continue;
        }
        let out = git.output(&["cat-file", "blob", &blob])?;
        if !out.status.success() || out.stdout == ours {
            continue;
        }
        crate::session::write_atomic(&path_dir(&path), &path, &out.stdout, true, &mut |_| Ok(()))
            .with_context(|| format!("writing {}", path.display()))?;
        git.run(&["add", "--", &relative])?;
        let message = format!("journey erase: {id} (recorded by a teammate too)\n");
        git.run(&[
            "commit",
            "-q",
            "--no-verify",
            "-m",
            &message,
            "--",
            &relative,
        ])?;
    }
    Ok(())
}

fn path_dir(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn record_path(store: &Store, id: &str) -> PathBuf {
    store.data_dir().join(RECORDS).join(format!("{id}.json"))
}

/// Writes `erasures/ID.json`: the id and the date, nothing of the session. An existing record
/// is kept.
pub(super) fn write_record(store: &Store, id: &str) -> Result<PathBuf> {
    let path = record_path(store, id);
    if path.exists() {
        return Ok(path);
    }
    let dir = path_dir(&path);
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
        bail!(
            "{} is not a folder (a link or a file): left as it is; move it away and sync again",
            dir.display()
        );
    }
    crate::session::create_private_dir(&dir)?;
    let record = serde_json::json!({
        "id": id,
        "erased": chrono::Utc::now().format("%Y-%m-%d").to_string(),
    });
    let mut bytes = serde_json::to_vec_pretty(&record)?;
    bytes.push(b'\n');
    crate::session::write_atomic(&dir, &path, &bytes, false, &mut |_| Ok(()))
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Removes the temp files an atomic write stopped part-way left in a real folder `dir`.
pub(super) fn remove_temps(dir: &Path) {
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return;
    }
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The ids of the records in this folder's `erasures/` (a real folder; names only).
pub(super) fn own_records(store: &Store) -> Vec<String> {
    let dir = store.data_dir().join(RECORDS);
    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return Vec::new();
    }
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| record_id(e.file_name().to_str()?))
        .collect();
    ids.sort();
    ids
}

/// The ids of the records `rev`'s history ever added (one deleted since still counts).
pub(super) fn records_in(git: &Git, rev: &str) -> Result<Vec<String>> {
    let folder = format!("{RECORDS}/");
    let added = git.lines(&[
        "log",
        "--no-renames",
        rev,
        "--full-history",
        "--format=",
        "--name-only",
        "--diff-filter=A",
        "--",
        &folder,
    ])?;
    let mut ids: Vec<String> = added
        .iter()
        .filter_map(|path| record_id(path.strip_prefix(&folder)?))
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

pub(super) fn record_id(name: &str) -> Option<String> {
    let id = name.strip_suffix(".json")?;
    is_safe_id(id).then(|| id.to_string())
}

/// Letters, digits, `.`, `_` and `-`, not starting with a dot: every id journey makes, and
/// nothing a shell or a path could read otherwise.
fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

pub(super) fn check_id(id: &str) -> Result<()> {
    if !is_safe_id(id) {
        bail!("`{id}` is not a session id journey made (letters, digits, `.`, `_`, `-`): rename the file before erasing it");
    }
    Ok(())
}
