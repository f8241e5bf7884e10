//! The merge of one added code (`codes/<id>.json`) changed in two copies, as sessions merge:
//! field by field, symmetric (whichever side is ours, the result is the same), nothing lost.
//! A field given different values on both sides keeps one (the first in a fixed order) and
//! records both in the code's `conflicts`, shown by `journey codes` until a researcher resolves
//! it with `journey codes resolve ID`.

use std::path::Path;

use anyhow::{bail, Context, Result};

use super::git::Git;
use crate::guide::codes::{self, CodeConflict, ConflictValue};
use crate::guide::Code;

/// Merges `a` and `b`, both grown from `base` (`None` when both added the code). `a_by` and
/// `b_by` name who changed each side. The id is the file's (`id`) when known.
pub fn merge_codes(
    base: Option<&Code>,
    (a, a_by): (&Code, &str),
    (b, b_by): (&Code, &str),
    id: Option<&str>,
) -> Code {
    let field = |f: fn(&Code) -> &String| {
        let (x, y) = (f(a), f(b));
        if x == y || base.is_some_and(|c| f(c) == y) {
            Ok(x.clone())
        } else if base.is_some_and(|c| f(c) == x) {
            Ok(y.clone())
        } else {
            let mut values = vec![
                ConflictValue {
                    value: x.clone(),
                    by: a_by.to_string(),
                },
                ConflictValue {
                    value: y.clone(),
                    by: b_by.to_string(),
                },
            ];
            values.sort_by(value_order);
            Err(values)
        }
    };
    let mut conflicts = merge_conflicts(
        base.map_or(&[][..], |c| &c.conflicts),
        &a.conflicts,
        &b.conflicts,
    );
    let mut take = |name: &str, f: fn(&Code) -> &String| match field(f) {
        Ok(value) => value,
        Err(values) => {
            let kept = values[0].value.clone();
            record(&mut conflicts, name, values);
            kept
        }
    };
    let name = take("name", |c| &c.name);
    let description = take("description", |c| &c.description);
    let colour = take("colour", |c| &c.colour);
    let id = match (id, field(|c| &c.id)) {
        (Some(id), _) => id.to_string(),
        (None, Ok(id)) => id,
        (None, Err(values)) => values[0].value.clone(),
    };
    conflicts.sort_by(|p, q| p.field.cmp(&q.field));
    Code {
        id,
        name,
        description,
        colour,
        conflicts,
    }
}

/// The conflicts either side holds, but not those one side resolved (held in the base, gone
/// from that side).
fn merge_conflicts(
    base: &[CodeConflict],
    a: &[CodeConflict],
    b: &[CodeConflict],
) -> Vec<CodeConflict> {
    let mut out: Vec<CodeConflict> = Vec::new();
    for c in a.iter().chain(b) {
        let resolved = base.contains(c) && !(a.contains(c) && b.contains(c));
        if !resolved {
            record(&mut out, &c.field, c.values.clone());
        }
    }
    out
}

/// A fixed order for the values of a conflict, an empty value last (a value given stands
/// rather than none).
fn value_order(p: &ConflictValue, q: &ConflictValue) -> std::cmp::Ordering {
    (p.value.is_empty(), p).cmp(&(q.value.is_empty(), q))
}

/// Adds `values` to the conflict on `field`, or records a new one.
fn record(conflicts: &mut Vec<CodeConflict>, field: &str, values: Vec<ConflictValue>) {
    let held = match conflicts.iter_mut().find(|c| c.field == field) {
        Some(held) => held,
        None => {
            conflicts.push(CodeConflict {
                field: field.to_string(),
                values: Vec::new(),
            });
            let last = conflicts.len() - 1;
            &mut conflicts[last]
        }
    };
    held.values.extend(values);
    held.values.sort_by(value_order);
    held.values.dedup();
}

/// A code from one side of a merge: `None` when the side is empty (the file was added) and
/// an error naming why when it is not a code.
fn side(bytes: &[u8]) -> Result<Option<Code>, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    codes::parse(bytes).map(Some)
}

/// What to write for a code file from the three versions' bytes, or `None` to keep ours as
/// it is. A side that is not a code gives way to one that is; when neither is, an error.
pub fn merge_bytes(
    base: &[u8],
    (ours, ours_by): (&[u8], &str),
    (theirs, theirs_by): (&[u8], &str),
    path: Option<&Path>,
) -> Result<Option<Vec<u8>>> {
    let id = path
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned());
    let base = side(base).ok().flatten();
    let code = match (side(ours), side(theirs)) {
        (Ok(Some(o)), Ok(Some(t))) => {
            merge_codes(base.as_ref(), (&o, ours_by), (&t, theirs_by), id.as_deref())
        }
        (Ok(Some(_)), _) => return Ok(None),
        (_, Ok(Some(t))) => t,
        (Err(why), _) | (_, Err(why)) => bail!("no side is a code: {why}"),
        (Ok(None), Ok(None)) => return Ok(None),
    };
    let mut bytes = serde_json::to_vec_pretty(&code)?;
    bytes.push(b'\n');
    // Never a file that reading would refuse: past the limit, ours stays (theirs is in the
    // history).
    if bytes.len() as u64 > codes::MAX_CODE_BYTES {
        bail!(
            "the merged code would be {} bytes, over the {} a code file may hold",
            bytes.len(),
            codes::MAX_CODE_BYTES
        );
    }
    Ok(Some(bytes))
}

/// A blob (`spec`: an id or `:<stage>:<path>`) no larger than a code file may be; `None` when
/// it is missing or larger (never read).
fn small_blob(git: &Git, spec: &str) -> Option<Vec<u8>> {
    let size: u64 = git
        .run(&["cat-file", "-s", spec])
        .ok()?
        .trim()
        .parse()
        .ok()?;
    if size > codes::MAX_CODE_BYTES {
        return None;
    }
    let out = git.output(&["cat-file", "blob", spec]).ok()?;
    out.status.success().then_some(out.stdout)
}

/// The author of the last commit touching `path` in `rev` (journey commits as the researcher),
/// or nothing.
fn committer(git: &Git, rev: &str, path: &str) -> String {
    git.run(&["log", "-1", "--format=%an", rev, "--", path])
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// journey's merge of the archive, for a code file both sides changed (blob ids: base, ours,
/// theirs): the bytes of the merged code, `Ok(None)` to keep ours as it is, or why neither copy
/// is a code (ours is kept then, and theirs is in the history).
pub(super) fn merge_blobs(
    git: &Git,
    path: &str,
    (base, ours, theirs): (Option<&str>, &str, &str),
    upstream: &str,
) -> Result<Option<Vec<u8>>> {
    let base = base.and_then(|b| small_blob(git, b)).unwrap_or_default();
    let read = |id: &str| {
        small_blob(git, id).with_context(|| format!("{path}: over {} bytes", codes::MAX_CODE_BYTES))
    };
    let (o, t) = (read(ours), read(theirs));
    let (o, t) = match (o, t) {
        (Ok(o), Ok(t)) => (o, t),
        (Ok(_), Err(_)) => return Ok(None),
        (Err(_), Ok(t)) => (Vec::new(), t),
        (Err(e), Err(_)) => return Err(e),
    };
    merge_bytes(
        &base,
        (&o, &committer(git, "HEAD", path)),
        (&t, &committer(git, upstream, path)),
        Some(Path::new(path)),
    )
}

/// Finishes a code file git left unmerged (a merge by git stopped, by an older journey or a
/// `git pull`): the merge of the versions git holds, written and added. Not mergeable: this
/// side's version, else theirs, else the file as it is (reading skips a file that is no code,
/// naming it; every version is in the history). A version over the size limit is never read.
pub(super) fn finish_unmerged(git: &Git, path: &str) -> Result<()> {
    let stage = |n: u8| small_blob(git, &format!(":{n}:{path}"));
    let (base, ours, theirs) = (stage(1), stage(2), stage(3));
    let merged = merge_bytes(
        base.as_deref().unwrap_or_default(),
        (
            ours.as_deref().unwrap_or_default(),
            &committer(git, "HEAD", path),
        ),
        (
            theirs.as_deref().unwrap_or_default(),
            &committer(git, "MERGE_HEAD", path),
        ),
        Some(Path::new(path)),
    );
    let bytes = match merged {
        Ok(Some(bytes)) => Some(bytes),
        _ => {
            let given = |b: &Vec<u8>| !b.is_empty();
            ours.filter(given).or(theirs.filter(given))
        }
    };
    if let Some(bytes) = bytes {
        let file = git.dir().join(path);
        let dir = file.parent().unwrap_or(git.dir());
        std::fs::create_dir_all(dir)?;
        crate::session::write_atomic(dir, &file, &bytes, true, &mut |_| Ok(()))?;
    }
    git.run(&["add", "-A", "--", path])?;
    Ok(())
}

/// The commit being merged in: git names it to a merge driver in a `GITHEAD_<commit>` variable
/// (MERGE_HEAD is written only once the merge stops).
fn incoming() -> String {
    std::env::vars()
        .find_map(|(k, _)| k.strip_prefix("GITHEAD_").map(str::to_string))
        .filter(|rev| rev.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| "MERGE_HEAD".to_string())
}

/// `journey merge-driver` for a code file: the merge written over OURS (atomically); an error
/// leaves OURS as it was and git reports the file as conflicted.
pub fn driver(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> Result<()> {
    let read = |p: &Path| codes::read_bytes(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()));
    let by = |rev: &str| -> String {
        let Some(path) = path.and_then(Path::to_str) else {
            return String::new();
        };
        std::process::Command::new("git")
            .args(["log", "-1", "--format=%cn", rev, "--", path])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let (b, o, t) = (read(base).unwrap_or_default(), read(ours)?, read(theirs)?);
    let theirs_by = by(&incoming());
    if let Some(bytes) = merge_bytes(&b, (&o, &by("HEAD")), (&t, &theirs_by), path)? {
        let dir = ours
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        crate::session::write_atomic(dir, ours, &bytes, true, &mut |_| Ok(()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
