//! Joining an archive from a folder that already holds sessions (a new laptop with `sessions/`
//! copied over and edited offline, say). Nothing local is ever dropped: each local session the
//! archive also has is merged with the archive's copy, from the version of the archive's history
//! it grew from; the others are added; then the folder stands on the archive's history with its
//! own changes to commit, like after any sync.
//!
//! A join can be stopped at any moment. It writes a mark first and removes it when its commit is
//! made; until then the next sync finishes it: every step can run again, every file journey
//! writes is written whole, and what git had not checked out yet is brought back, never
//! committed as a deletion.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::commit::session_names;
use super::git::Git;
use super::report::SyncReport;
use crate::session::{parse_session_anywhere, Session, Store};

/// The mark of git writing the working tree (a join or a merge), in `.git`.
const MARK: &str = "journey-writing";

/// The join asked for and not finished yet: the remote, in the data folder (so it is there
/// before git's first step; the archive's ignore rules keep `.journey-*` out of it).
const PENDING: &str = ".journey-join";

/// How many past versions of a session are tried as the base of a join's merge.
const VERSIONS: &str = "30";

/// Records the join of `remote` before any git step.
pub fn begin(data_dir: &Path, remote: &str) -> Result<()> {
    let path = data_dir.join(PENDING);
    crate::session::write_atomic(
        data_dir,
        &path,
        format!("{remote}\n").as_bytes(),
        true,
        &mut |_| Ok(()),
    )
    .with_context(|| format!("writing {}", path.display()))
}

/// The remote of a join asked for and not finished.
pub fn pending(data_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(data_dir.join(PENDING)).ok()?;
    let remote = text.trim();
    (!remote.is_empty()).then(|| remote.to_string())
}

/// The join is done: its commit is made (or there was nothing to join).
pub fn done(data_dir: &Path) {
    let _ = std::fs::remove_file(data_dir.join(PENDING));
}

pub fn mark_path(git: &Git) -> PathBuf {
    git.git_path(MARK)
}

/// Whether a join or a merge was stopped before it finished.
pub fn interrupted(git: &Git) -> bool {
    mark_path(git).exists()
}

pub fn mark(git: &Git) -> Result<()> {
    std::fs::write(mark_path(git), "a join or merge is under way\n")
        .with_context(|| format!("writing {}", mark_path(git).display()))
}

pub fn unmark(git: &Git) {
    let _ = std::fs::remove_file(mark_path(git));
}

/// Makes this folder (no commits yet) stand on `upstream` with its own sessions merged in; the
/// caller commits. Run again after an interruption, it does the same.
pub fn adopt(git: &Git, store: &Store, upstream: &str, report: &mut SyncReport) -> Result<()> {
    mark(git)?;
    let theirs = blobs(git, upstream)?;
    let local = store.ids()?;
    let ours = local_blobs(git, store, &local)?;
    for (id, blob) in &ours {
        let path = format!("sessions/{id}.json");
        match theirs.get(&path) {
            Some(theirs) if theirs == blob => {}
            Some(_) => merge_one(git, store, upstream, id, report)?,
            None => keep_or_trash(git, store, upstream, id, report)?,
        }
    }
    git.run(&["reset", "-q", upstream])?;
    let local: BTreeSet<&String> = local.iter().collect();
    report.came_in.extend(
        session_names(&theirs.keys().cloned().collect::<Vec<_>>())
            .into_iter()
            .filter(|id| !local.contains(id)),
    );
    report.came_in.sort();
    Ok(())
}

/// Path → blob id of every session in `rev`.
fn blobs(git: &Git, rev: &str) -> Result<BTreeMap<String, String>> {
    Ok(git
        .lines(&["ls-tree", "-r", rev, "--", "sessions/"])?
        .iter()
        .filter_map(|l| {
            let (info, path) = l.split_once('\t')?;
            Some((path.to_string(), info.split(' ').nth(2)?.to_string()))
        })
        .collect())
}

/// Id → blob id of the readable local sessions (git's hash of each file, in one run).
fn local_blobs(git: &Git, store: &Store, ids: &[String]) -> Result<Vec<(String, String)>> {
    let readable: Vec<&String> = ids.iter().filter(|id| store.load(id).is_ok()).collect();
    let mut out = Vec::new();
    for chunk in readable.chunks(500) {
        let mut args = vec!["hash-object", "--no-filters", "--"];
        let paths: Vec<String> = chunk
            .iter()
            .map(|id| format!("sessions/{id}.json"))
            .collect();
        args.extend(paths.iter().map(String::as_str));
        let hashes = git.lines(&args)?;
        out.extend(chunk.iter().map(|id| (*id).clone()).zip(hashes));
    }
    Ok(out)
}

/// The past versions of a session in `rev`'s history, newest first.
fn versions(git: &Git, rev: &str, path: &str) -> Result<Vec<(Vec<u8>, Session)>> {
    let commits = git.lines(&["log", "--format=%H", "-n", VERSIONS, rev, "--", path])?;
    let mut out = Vec::new();
    for commit in commits {
        let Ok(shown) = git.output(&["cat-file", "blob", &format!("{commit}:{path}")]) else {
            continue;
        };
        if !shown.status.success() {
            continue;
        }
        if let Ok(s) = parse_session_anywhere(std::path::Path::new(path), &shown.stdout) {
            out.push((shown.stdout, s));
        }
    }
    Ok(out)
}

/// How likely `version` is the one `local` grew from: answers they share, less the answers of
/// `version` that `local` lacks or has otherwise (a copy rarely takes answers back); metadata
/// breaks ties.
fn likeness(local: &Session, version: &Session) -> i64 {
    let (mut same, mut other) = (0i64, 0i64);
    for (key, value) in &version.answers {
        if local.answers.get(key) == Some(value) {
            same += 1;
        } else {
            other += 1;
        }
    }
    (same - other) * 2 + i64::from(local.meta == version.meta)
}

/// A local session the archive has in another version: merged from the version it grew from.
fn merge_one(
    git: &Git,
    store: &Store,
    upstream: &str,
    id: &str,
    report: &mut SyncReport,
) -> Result<()> {
    let path = format!("sessions/{id}.json");
    let local = store.load(id)?;
    let theirs_bytes = git.run(&["cat-file", "blob", &format!("{upstream}:{path}")])?;
    let theirs = parse_session_anywhere(std::path::Path::new(&path), theirs_bytes.as_bytes())?;
    let history = versions(git, upstream, &path)?;
    // Only a version this copy can have grown from: one whose every answer this copy still has
    // (journey never takes an answer away). None such (the copy was made from a version never
    // shared): no base, so every difference is kept as a conflict, never dropped.
    let base = history
        .iter()
        .filter(|(_, s)| s.answers.keys().all(|k| local.answers.contains_key(k)))
        .max_by_key(|(_, s)| likeness(&local, s))
        .map(|(_, s)| s);
    // Who made each copy: the researcher here, and the archive's last author of the file.
    let here = crate::session::identity::researcher(store.data_dir())?.map(|who| who.name);
    let there = git
        .run(&["log", "-1", "--format=%an", upstream, "--", &path])
        .ok()
        .map(|name| name.trim().to_string());
    let (merged, found) =
        super::merge_sessions_by(base, (&local, here.as_deref()), (&theirs, there.as_deref()));
    let mut what = found.conflicts;
    what.extend(found.notes_kept_both.iter().map(|q| format!("{q} (notes)")));
    if !what.is_empty() {
        report.recorded.push((id.to_string(), what));
    }
    if merged != local {
        store.save(&merged)?;
    }
    report.came_in.push(id.to_string());
    Ok(())
}

/// A local session the archive does not have now: added, unless the archive had it and a
/// teammate deleted it while this copy stayed as it was (then it goes to this folder's trash).
fn keep_or_trash(
    git: &Git,
    store: &Store,
    upstream: &str,
    id: &str,
    report: &mut SyncReport,
) -> Result<()> {
    let path = format!("sessions/{id}.json");
    let history = versions(git, upstream, &path)?;
    if history.is_empty() {
        return Ok(());
    }
    let local = std::fs::read(store.path(id))?;
    if history.iter().any(|(bytes, _)| *bytes == local) {
        let to = store.trash_dir().join(format!("{id}.json"));
        crate::session::create_private_dir(&store.trash_dir())?;
        if !to.exists() {
            std::fs::copy(store.path(id), &to)?;
        }
        std::fs::remove_file(store.path(id))?;
        report.trashed_by_others.push(id.to_string());
    } else {
        report.came_back.push(id.to_string());
    }
    Ok(())
}
