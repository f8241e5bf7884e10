//! journey's own merge of this folder's history with the archive's, path by path. Session
//! files are identities: a file is only ever merged with the file of the same path, never paired
//! with another by rename detection (git's `ort` merge pairs a deleted session with a similar new
//! one whatever `-X no-renames` says). Each side's change to a path is taken; a session both
//! sides changed is merged field by field by journey; a session deleted on one side and edited on
//! the other comes back with the edit; a session a teammate deleted keeps a copy in the trash.
//!
//! The working tree is written first, each file whole (atomically), then the merge commit is made
//! the branch's head: stopped in between, what was written looks like local changes that the
//! next sync commits and merges again to the same result, and nothing is lost.

mod read;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result};

use super::commit::session_names;
use super::git::Git;
use super::report::SyncReport;
use crate::session::Store;
use read::{committers, entries, read_blobs, read_versions};

/// What a side holds at a path: mode and blob id.
type Entry = (String, String);

/// A tree: path → entry.
type Entries = BTreeMap<String, Entry>;

/// Every file of `rev`, by path: mode and blob id.
pub(super) fn tree(git: &Git, rev: &str) -> Result<Entries> {
    entries(git, Some(rev))
}

fn is_session(path: &str) -> bool {
    path.starts_with("sessions/") && path.ends_with(".json") && !path[9..].contains('/')
}

/// The two sides' tips, and who last changed each session on each side since they parted.
struct Sides<'a> {
    upstream: &'a str,
    ours_by: BTreeMap<String, String>,
    theirs_by: BTreeMap<String, String>,
}

/// One path's result: what the merge holds there, and the bytes journey made for it, if any.
struct Outcome {
    entry: Option<Entry>,
    made: Option<Vec<u8>>,
    /// A session of its own the merge adds (a conflicted copy): its path and bytes.
    extra: Option<(String, Vec<u8>)>,
}

impl Outcome {
    /// This folder's entry stays as it is.
    fn keep(entry: &Entry) -> Outcome {
        Outcome {
            entry: Some(entry.clone()),
            made: None,
            extra: None,
        }
    }
}

/// Merges `upstream` into HEAD; the caller has checked no open session is touched.
pub fn merge(git: &Git, store: &Store, upstream: &str, report: &mut SyncReport) -> Result<()> {
    let base_rev = git
        .run(&["merge-base", "HEAD", upstream])
        .ok()
        .map(|b| b.trim().to_string());
    if base_rev.as_deref() == git.rev(upstream).as_deref() {
        return Ok(()); // Nothing new.
    }
    let (base, ours, theirs) = (
        entries(git, base_rev.as_deref())?,
        entries(git, Some("HEAD"))?,
        entries(git, Some(upstream))?,
    );
    if base_rev.as_deref() == git.rev("HEAD").as_deref() {
        // Only the archive moved: its tree as it is.
        let gone: Vec<String> = ours
            .keys()
            .filter(|p| is_session(p) && !theirs.contains_key(*p))
            .cloned()
            .collect();
        report.trashed_by_others.extend(session_names(&gone));
        return apply(
            git,
            store,
            upstream,
            (&ours, &theirs),
            &BTreeMap::new(),
            report,
        );
    }
    let range = |tip: &str| match &base_rev {
        Some(base) => format!("{base}..{tip}"),
        None => tip.to_string(),
    };
    // Who changed a session matters only where both sides did: their paths alone are asked.
    let both = changed_on_both(&base, &ours, &theirs);
    let sides = Sides {
        upstream,
        ours_by: committers(git, &range("HEAD"), &both),
        theirs_by: committers(git, &range(upstream), &both),
    };
    let (result, mut made) = merge_paths(
        git,
        &sides,
        (&base, &ours, &theirs),
        base_rev.is_some(),
        report,
    )?;
    let tree = write_tree(git, &result, &mut made)?;
    let message = format!("journey sync: merged the archive ({upstream})");
    let commit = git.run(&[
        "commit-tree",
        &tree,
        "-p",
        "HEAD",
        "-p",
        upstream,
        "-m",
        &message,
    ])?;
    apply(git, store, commit.trim(), (&ours, &result), &made, report)
}

/// The sessions both sides changed since `base` (each to its own content).
fn changed_on_both<'a>(base: &Entries, ours: &'a Entries, theirs: &Entries) -> Vec<&'a str> {
    ours.iter()
        .filter(|(path, o)| {
            let (b, t) = (base.get(*path), theirs.get(*path));
            is_session(path) && t.is_some_and(|t| t != *o) && b != Some(*o) && b != t
        })
        .map(|(path, _)| path.as_str())
        .collect()
}

/// Every path of the three trees merged: the merged tree's entries and the bytes journey made
/// for them (merged sessions and codes, conflicted copies).
fn merge_paths(
    git: &Git,
    sides: &Sides,
    (base, ours, theirs): (&Entries, &Entries, &Entries),
    has_base: bool,
    report: &mut SyncReport,
) -> Result<(Entries, BTreeMap<String, Vec<u8>>)> {
    let paths: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut result = BTreeMap::new();
    let mut made = BTreeMap::new();
    for path in paths {
        let (b, o, t) = (base.get(path), ours.get(path), theirs.get(path));
        let outcome = merge_path(git, sides, path, b, o, t, has_base, report)?;
        if let Some(bytes) = outcome.made {
            made.insert(path.clone(), bytes);
        }
        if let Some((extra, bytes)) = outcome.extra {
            result.insert(extra.clone(), ("100644".to_string(), String::new()));
            made.insert(extra, bytes);
        }
        if let Some(entry) = outcome.entry {
            result.insert(path.clone(), entry);
        }
    }
    Ok((result, made))
}

#[allow(clippy::too_many_arguments)]
fn merge_path(
    git: &Git,
    sides: &Sides,
    path: &str,
    b: Option<&Entry>,
    o: Option<&Entry>,
    t: Option<&Entry>,
    related: bool,
    report: &mut SyncReport,
) -> Result<Outcome> {
    let keep = |e: Option<&Entry>| Outcome {
        entry: e.cloned(),
        made: None,
        extra: None,
    };
    if o == t || t == b {
        return Ok(keep(o));
    }
    if o == b {
        if t.is_none() && related && is_session(path) {
            report
                .trashed_by_others
                .extend(session_names(&[path.to_string()]));
        }
        return Ok(keep(t));
    }
    // Both sides changed the path.
    let id = session_names(&[path.to_string()]).pop();
    match (o, t) {
        (None, Some(_)) | (Some(_), None) => {
            report.came_back.extend(id.filter(|_| related));
            Ok(keep(o.or(t)))
        }
        (Some(o), Some(t)) if is_session(path) => {
            merge_sessions(git, path, b, (o, t), sides, report)
        }
        (Some(o), Some(t)) if path.starts_with("codes/") => {
            Ok(merge_code(git, path, b, (o, t), sides.upstream, report))
        }
        // journey's settings and records: this folder's copy (settings are journey's anyway).
        _ => Ok(keep(o)),
    }
}

/// A code file both sides changed: merged field by field (`codes_merge`); neither copy a code:
/// this folder's stays, said in the report.
fn merge_code(
    git: &Git,
    path: &str,
    b: Option<&Entry>,
    (o, t): (&Entry, &Entry),
    upstream: &str,
    report: &mut SyncReport,
) -> Outcome {
    let blobs = (b.map(|b| b.1.as_str()), o.1.as_str(), t.1.as_str());
    let made = match super::codes_merge::merge_blobs(git, path, blobs, upstream) {
        Ok(made) => made,
        Err(e) => {
            report.refused.push(format!(
                "refused from the archive: {path} could not be merged ({e:#}); this folder's copy is kept"
            ));
            None
        }
    };
    let code = made
        .as_deref()
        .and_then(|b| crate::guide::codes::parse(b).ok());
    if let Some(code) = code.filter(|c| !c.conflicts.is_empty()) {
        report.warnings.push(format!(
            "code `{}` has values given in two copies: `journey codes` lists them, `journey codes resolve {}` settles it",
            code.id, code.id
        ));
    }
    match made {
        Some(bytes) => Outcome {
            entry: Some(("100644".to_string(), String::new())),
            made: Some(bytes),
            extra: None,
        },
        None => Outcome {
            entry: Some(o.clone()),
            made: None,
            extra: None,
        },
    }
}

fn merge_sessions(
    git: &Git,
    path: &str,
    b: Option<&Entry>,
    (o, t): (&Entry, &Entry),
    sides: &Sides,
    report: &mut SyncReport,
) -> Result<Outcome> {
    let (base, ours, theirs, t_bytes) = read_versions(git, path, b, (o, t))?;
    let (Some(ours), Some(theirs)) = (ours, theirs) else {
        // A copy journey cannot read is never merged into a readable one: this folder's stays,
        // and the other is still in the archive's history.
        report.refused.push(format!(
            "refused from the archive: {path} is not a readable session in one of the copies; this folder's copy is kept"
        ));
        return Ok(Outcome::keep(o));
    };
    // A file is an identity: two copies that name different sessions are never fused.
    if ours.id != theirs.id {
        report.refused.push(format!(
            "refused from the archive: {path} holds session {} there and {} here; this folder's copy is kept",
            theirs.id, ours.id
        ));
        return Ok(Outcome::keep(o));
    }
    // Who changed each copy: the author of the last commit touching it on each side.
    let (ours_by, theirs_by) = (
        sides.ours_by.get(path).filter(|n| !n.is_empty()).cloned(),
        sides.theirs_by.get(path).filter(|n| !n.is_empty()).cloned(),
    );
    let (merged, found) = super::merge_sessions_by(
        base.as_ref(),
        (&ours, ours_by.as_deref()),
        (&theirs, theirs_by.as_deref()),
    );

    let mut bytes = serde_json::to_vec_pretty(&merged)?;
    bytes.push(b'\n');
    if bytes.len() as u64 > crate::session::MAX_FILE_BYTES {
        // Too large for one session file: this folder's version stays as it is, the other is
        // kept whole as a conflicted copy, a session of its own.
        let (copy, copy_bytes) = super::copy::copy_of(&theirs, &t_bytes)?;
        report.copies.push((copy.clone(), ours.id.clone()));
        return Ok(Outcome {
            entry: Some(o.clone()),
            made: None,
            extra: Some((format!("sessions/{copy}.json"), copy_bytes)),
        });
    }
    let mut what = found.conflicts;
    what.extend(found.notes_kept_both.iter().map(|q| format!("{q} (notes)")));
    if !what.is_empty() {
        report.recorded.push((ours.id.clone(), what));
    }
    Ok(Outcome {
        entry: Some((o.0.clone(), String::new())),
        made: Some(bytes),
        extra: None,
    })
}

/// The tree of `result`, with the bytes journey made stored as blobs first.
fn write_tree(
    git: &Git,
    result: &BTreeMap<String, Entry>,
    made: &mut BTreeMap<String, Vec<u8>>,
) -> Result<String> {
    let mut listing = String::new();
    for (path, (mode, id)) in result {
        let id = match made.get(path) {
            Some(bytes) => git.run_input(&["hash-object", "-w", "--stdin"], &[], bytes)?,
            None => id.clone(),
        };
        listing.push_str(&format!("{mode} {}\t{path}\0", id.trim()));
    }
    let index = git.git_path("journey-merge.index");
    let _ = std::fs::remove_file(&index);
    let env = [("GIT_INDEX_FILE", index.as_os_str())];
    git.run_env(&["read-tree", "--empty"], &env)?;
    git.run_input(
        &["update-index", "-z", "--index-info"],
        &env,
        listing.as_bytes(),
    )?;
    let tree = git.run_env(&["write-tree"], &env)?;
    let _ = std::fs::remove_file(&index);
    Ok(tree.trim().to_string())
}

/// One file of the merge, written whole, unless it already holds those bytes.
fn write_file(dir: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    let file = dir.join(path);
    let folder = file.parent().unwrap_or(dir);
    std::fs::create_dir_all(folder)?;
    if std::fs::read(&file).ok().as_deref() != Some(bytes) {
        crate::session::write_atomic(folder, &file, bytes, true, &mut |_| Ok(()))
            .with_context(|| format!("writing {}", file.display()))?;
    }
    Ok(())
}

/// Writes the merge into the working tree, each file whole, then makes `head` the branch's head
/// and the index follow it.
fn apply(
    git: &Git,
    store: &Store,
    head: &str,
    (ours, result): (&BTreeMap<String, Entry>, &BTreeMap<String, Entry>),
    made: &BTreeMap<String, Vec<u8>>,
    report: &mut SyncReport,
) -> Result<()> {
    let dir = store.data_dir();
    // A session a teammate deleted: this folder's copy into the trash first.
    for id in &report.trashed_by_others {
        let from = store.path(id);
        let to = store.trash_dir().join(format!("{id}.json"));
        if from.exists() && !to.exists() {
            crate::session::create_private_dir(&store.trash_dir())?;
            std::fs::copy(&from, &to)?;
        }
    }
    let mut changed = Vec::new();
    let to_write: Vec<(&String, &Entry)> = result
        .iter()
        .filter(|(path, entry)| ours.get(*path) != Some(*entry) || made.contains_key(*path))
        .collect();
    // Read a share at a time, so a large first sync never holds the whole archive in memory.
    for share in to_write.chunks(500) {
        let ids: Vec<&str> = share
            .iter()
            .filter(|(path, _)| !made.contains_key(*path))
            .map(|(_, entry)| entry.1.as_str())
            .collect();
        let mut read = read_blobs(git, &ids)?.into_iter();
        let mut files = Vec::with_capacity(share.len());
        for (path, _) in share {
            let bytes = match made.get(*path) {
                Some(bytes) => bytes.clone(),
                None => read.next().context("git cat-file: a blob is missing")?,
            };
            files.push((*path, bytes));
        }
        // Written at once, each whole: each file's flush to the disk is a wait of its own.
        let written = crate::par::map_waiting(&files, |(path, bytes)| write_file(dir, path, bytes));
        for ((path, _), done) in files.iter().zip(written) {
            done.with_context(|| format!("writing {path}: stopped"))??;
            changed.push((*path).clone());
        }
    }
    for path in ours.keys().filter(|p| !result.contains_key(*p)) {
        match std::fs::remove_file(dir.join(path)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("removing {path}"))
            }
            _ => changed.push(path.clone()),
        }
    }
    git.run(&["update-ref", "-m", "journey sync: merge", "HEAD", head])?;
    // The index follows HEAD; unchanged files keep their stat data, and the next `git add`
    // looks at the others (no refresh of every file now).
    git.run(&["reset", "-q", "--no-refresh"])?;
    report.came_in = session_names(&changed);
    for id in &report.came_back {
        let _ = std::fs::remove_file(store.trash_dir().join(format!("{id}.json")));
    }
    report
        .trashed_by_others
        .retain(|id| !store.path(id).exists());
    Ok(())
}
