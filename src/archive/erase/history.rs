//! Rewriting the archive's history without some session files, with the system git only
//! (`git filter-branch`; filter-repo is not installed everywhere), then forgetting every local
//! object that held them. filter-branch keeps author and committer data, so two folders that
//! rewrite the same commits get the same commits.

use anyhow::{Context, Result};

use crate::archive::git::Git;

/// The refs a rewrite changes: branches, remote-tracking branches and tags.
pub const REFS: [&str; 3] = ["--branches", "--remotes", "--tags"];

/// The path of a session file in the archive.
pub fn session_path(id: &str) -> String {
    format!("sessions/{id}.json")
}

/// Of `ids`, those whose session file some commit of `revs` added or changed (`--full-history`:
/// no merge hides a side; `--no-renames`: a file's deletion is never shown as a rename).
pub fn held_in(git: &Git, revs: &[&str], ids: &[String]) -> Result<Vec<String>> {
    if ids.is_empty() || !git.has_commits() {
        return Ok(Vec::new());
    }
    let paths: Vec<String> = ids.iter().map(|id| session_path(id)).collect();
    let mut args = vec![
        "log",
        "--no-renames",
        "--full-history",
        "--format=",
        "--name-only",
    ];
    args.extend_from_slice(revs);
    args.push("--");
    args.extend(paths.iter().map(String::as_str));
    let seen = git.lines(&args)?;
    Ok(ids
        .iter()
        .filter(|id| seen.contains(&session_path(id)))
        .cloned()
        .collect())
}

/// Of `ids`, those some local commit, ref or reflog entry still holds.
pub fn held_locally(git: &Git, ids: &[String]) -> Result<Vec<String>> {
    let mut revs = REFS.to_vec();
    // A rewrite stopped before it forgot the old objects left them there.
    revs.extend(["--reflog", "--glob=refs/original/*", "HEAD"]);
    held_in(git, &revs, ids)
}

/// The number of commits of the archive's history that added or changed the session.
pub fn commits_with(git: &Git, id: &str) -> Result<usize> {
    if !git.has_commits() {
        return Ok(0);
    }
    let path = session_path(id);
    let mut args = vec!["rev-list", "--count", "--full-history"];
    args.extend(REFS);
    args.extend(["--", &path]);
    Ok(git.run(&args)?.trim().parse().unwrap_or(0))
}

/// The ids of every session file the history ever held.
pub fn ids_in_history(git: &Git) -> Result<Vec<String>> {
    if !git.has_commits() {
        return Ok(Vec::new());
    }
    let mut args = vec![
        "log",
        "--no-renames",
        "--full-history",
        "--format=",
        "--name-only",
    ];
    args.extend(REFS);
    args.extend(["--", "sessions/"]);
    let mut ids: Vec<String> = git
        .lines(&args)?
        .iter()
        .filter_map(|p| p.strip_prefix("sessions/")?.strip_suffix(".json"))
        .filter(|id| !id.contains('/'))
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Rewrites every branch, remote-tracking branch and tag without the session files of `ids`
/// (ids already checked safe: letters, digits, `.`, `_`, `-`), drops them from the index too,
/// and leaves the working tree as it is (sessions open in an interview keep their changes).
pub fn rewrite_without(git: &Git, ids: &[String]) -> Result<()> {
    // Its transcripts too (`transcripts/ID.vtt`, `transcripts/ID.2.srt`): a pathspec glob.
    let paths: Vec<String> = ids
        .iter()
        .flat_map(|id| {
            [
                format!("'{}'", session_path(id)),
                format!("'{}/{id}.*'", crate::session::TRANSCRIPTS),
            ]
        })
        .collect();
    let filter = format!("git rm -q --cached --ignore-unmatch -- {}", paths.join(" "));
    let gitdir = git.git_path("");
    let temp = git.git_path("journey-rewrite");
    let _ = std::fs::remove_dir_all(&temp);
    // Run from inside `.git` as a bare repository: filter-branch then rewrites refs only, and
    // does not refuse a working tree with changes (an interview open meanwhile).
    let temp_arg = temp.display().to_string();
    // Unsigned, as signing would make each folder's rewrite of a commit differ; tags follow.
    let mut args = vec![
        "-c",
        "core.bare=true",
        "-c",
        "commit.gpgSign=false",
        "filter-branch",
        "-f",
        "-d",
        &temp_arg,
        "--index-filter",
        &filter,
        "--tag-name-filter",
        "cat",
        "--",
    ];
    args.extend(REFS);
    let out = std::process::Command::new("git")
        .current_dir(&gitdir)
        .args(&args)
        .env("FILTER_BRANCH_SQUELCH_WARNING", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .output()
        .with_context(|| format!("could not run `git filter-branch` in {}", gitdir.display()))?;
    let _ = std::fs::remove_dir_all(&temp);
    if !out.status.success() {
        anyhow::bail!(
            "rewriting the history of {} failed: {}",
            git.dir().display(),
            super::super::git::first_lines(&String::from_utf8_lossy(&out.stderr))
        );
    }
    let mut rm = vec!["rm", "-q", "--cached", "--ignore-unmatch", "--"];
    let plain: Vec<String> = ids.iter().map(|id| session_path(id)).collect();
    rm.extend(plain.iter().map(String::as_str));
    git.run(&rm)?;
    Ok(())
}

/// Forgets what only the old history held: filter-branch's backup refs, the last fetch and
/// merge heads, every reflog entry, and every object no ref reaches any more.
pub fn forget_old_objects(git: &Git) -> Result<()> {
    for backup in git.lines(&["for-each-ref", "--format=%(refname)", "refs/original/"])? {
        git.run(&["update-ref", "-d", &backup])?;
    }
    for name in ["FETCH_HEAD", "ORIG_HEAD"] {
        let _ = std::fs::remove_file(git.git_path(name));
    }
    git.run(&[
        "reflog",
        "expire",
        "--expire=now",
        "--expire-unreachable=now",
        "--all",
    ])?;
    git.run(&["gc", "-q", "--prune=now"])?;
    Ok(())
}
