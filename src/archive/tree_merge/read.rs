//! Reading the trees and blobs the merge needs from git, and who changed each path.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use super::super::git::Git;
use super::Entry;
use crate::session::parse_session_anywhere;

/// At most this many paths are named to `git log` (a command line has a limit).
const NAMED: usize = 500;

/// Every file of `rev`, by path (an empty map for no revision: unrelated histories).
pub(super) fn entries(git: &Git, rev: Option<&str>) -> Result<BTreeMap<String, Entry>> {
    let Some(rev) = rev else {
        return Ok(BTreeMap::new());
    };
    let out = git.output(&["ls-tree", "-r", "-z", "--full-tree", rev])?;
    let mut map = BTreeMap::new();
    for entry in out.stdout.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((info, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut parts = info.split(' ');
        let (Some(mode), Some(_kind), Some(blob)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        map.insert(path.to_string(), (mode.to_string(), blob.to_string()));
    }
    Ok(map)
}

/// The contents of many blobs, read by one `git cat-file --batch`.
pub(super) fn read_blobs(git: &Git, ids: &[&str]) -> Result<Vec<Vec<u8>>> {
    let input: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let out = git.run_input_bytes(&["cat-file", "--batch"], input.as_bytes())?;
    let mut rest = out.as_slice();
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let line_end = rest
            .iter()
            .position(|b| *b == b'\n')
            .with_context(|| format!("git cat-file: no header for {id}"))?;
        let header = String::from_utf8_lossy(&rest[..line_end]).to_string();
        let size: usize = header
            .split(' ')
            .nth(2)
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("git cat-file: {header}"))?;
        let start = line_end + 1;
        anyhow::ensure!(rest.len() >= start + size, "git cat-file: {id} cut short");
        found.push(rest[start..start + size].to_vec());
        rest = rest.get(start + size + 1..).unwrap_or_default();
    }
    Ok(found)
}

/// Path → the author of the newest commit in `range` that touched it (one `git log`), for
/// `paths` (none: nothing to ask): the researcher who made that edit, as journey commits as the
/// researcher.
pub(super) fn committers(git: &Git, range: &str, paths: &[&str]) -> BTreeMap<String, String> {
    if paths.is_empty() {
        return BTreeMap::new();
    }
    let mut args = vec![
        "log",
        "--format=%x01%an",
        "--name-only",
        "--no-renames",
        range,
        "--",
    ];
    // Named one by one while the command line holds them; else the whole folder.
    if paths.len() <= NAMED {
        args.extend(paths);
    } else {
        args.push("sessions/");
    }
    let literal = [("GIT_LITERAL_PATHSPECS", std::ffi::OsStr::new("1"))];
    let out = git.run_env(&args, &literal).unwrap_or_default();
    let out = out.lines().filter(|l| !l.trim().is_empty());
    let mut who = BTreeMap::new();
    let mut name = String::new();
    for line in out {
        match line.strip_prefix('\u{1}') {
            Some(n) => name = n.to_string(),
            None => {
                who.entry(line.to_string()).or_insert_with(|| name.clone());
            }
        }
    }
    who
}

/// The base, ours and theirs of a session file, read in one go and parsed (None: not a
/// readable session), with their bytes as they are (kept whole for a conflicted copy).
pub(super) type Versions = (
    Option<crate::session::Session>,
    Option<crate::session::Session>,
    Option<crate::session::Session>,
    Vec<u8>,
);

pub(super) fn read_versions(
    git: &Git,
    path: &str,
    b: Option<&Entry>,
    (o, t): (&Entry, &Entry),
) -> Result<Versions> {
    let at = Path::new(path);
    let mut ids = vec![o.1.as_str(), t.1.as_str()];
    ids.extend(b.map(|b| b.1.as_str()));
    let mut read = read_blobs(git, &ids)?.into_iter();
    let (o_bytes, t_bytes) = (
        read.next().unwrap_or_default(),
        read.next().unwrap_or_default(),
    );
    let parse = |bytes: &[u8]| parse_session_anywhere(at, bytes).ok();
    let base = read.next().and_then(|bytes| parse(&bytes));
    Ok((base, parse(&o_bytes), parse(&t_bytes), t_bytes))
}
