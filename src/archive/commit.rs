//! Committing this folder's changes to the team archive. Only what the researcher meant goes
//! in: a session file missing without a recorded deletion is brought back from the archive, not
//! committed as a deletion, and a file journey cannot read is never committed.

use std::path::Path;

use anyhow::Result;

use super::git::Git;
use super::report::SyncReport;
use crate::session::{deletions, Store};
use crate::text::count;

/// The session ids of paths under `sessions/`.
pub fn session_names(paths: &[String]) -> Vec<String> {
    let mut names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.trim().strip_prefix("sessions/"))
        .filter_map(|p| p.strip_suffix(".json"))
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The path of a `git diff --name-status` line.
fn path_of(line: &str) -> String {
    line.split('\t').next_back().unwrap_or_default().to_string()
}

/// Stages every change but the sessions open in an interview; sessions and codes are added
/// even where an ignore rule from the archive would leave them out.
fn stage(git: &Git, open: &[String]) -> Result<()> {
    let excludes: Vec<String> = open
        .iter()
        .map(|id| format!(":(exclude)sessions/{id}.json"))
        .collect();
    let mut args: Vec<&str> = vec!["add", "-A", "--", "."];
    args.extend(excludes.iter().map(String::as_str));
    git.run(&args)?;
    let mut forced: Vec<&str> = vec![
        "add",
        "-A",
        "--force",
        "--ignore-missing",
        "--",
        ":(glob)sessions/*.json",
        ":(glob)codes/*.json",
    ];
    forced.extend(excludes.iter().map(String::as_str));
    // Nothing to add (no such files yet) is not an error.
    let _ = git.output(&forced)?;
    Ok(())
}

/// Takes out of the staged changes what the researcher did not mean: deletions journey did not
/// make (the file comes back from HEAD) and files journey cannot read (the archive keeps its last
/// good copy; after an interrupted checkout, that copy comes back too).
fn keep_only_meant(
    git: &Git,
    store: &Store,
    interrupted: bool,
    report: &mut SyncReport,
) -> Result<()> {
    let mut restore = unmeant_deletions(git, store)?;
    let changed = git.lines(&[
        "diff",
        "--cached",
        "--name-only",
        "--diff-filter=AM",
        "--",
        "sessions/",
    ])?;
    let mut unstage_only = Vec::new();
    for path in changed {
        if readable(&store.data_dir().join(&path)) {
            continue;
        }
        let in_head = git.ok(&["cat-file", "-e", &format!("HEAD:{path}")]);
        if interrupted && in_head {
            restore.push(path);
        } else {
            report
                .unreadable
                .extend(session_names(std::slice::from_ref(&path)));
            unstage_only.push(path);
        }
    }
    unstage_only.extend(links_staged(git, report)?);
    in_chunks(git, &["reset", "-q", "--"], &unstage_only)?;
    in_chunks(git, &["checkout", "-q", "HEAD", "--"], &restore)?;
    report.restored.extend(
        session_names(&restore)
            .into_iter()
            .filter(|id| !report.unreadable.contains(id)),
    );
    Ok(())
}

/// Session and code files deleted here that journey did not delete (no record of it): they
/// come back from HEAD rather than be committed as deletions.
fn unmeant_deletions(git: &Git, store: &Store) -> Result<Vec<String>> {
    let meant = deletions::recorded(store.data_dir());
    let deleted = git.lines(&["diff", "--cached", "--name-only", "--diff-filter=D", "--"])?;
    let mut restore = Vec::new();
    for path in deleted {
        let is_session = path.starts_with("sessions/") && path.ends_with(".json");
        let is_code = path.starts_with("codes/") && path.ends_with(".json");
        let id = session_names(std::slice::from_ref(&path)).pop();
        let wanted = id.as_ref().is_some_and(|id| meant.contains(id));
        if (is_session || is_code) && !wanted {
            restore.push(path);
        }
    }
    Ok(restore)
}

/// Links and submodules staged (journey's folders never hold them): not committed, said in
/// the report.
fn links_staged(git: &Git, report: &mut SyncReport) -> Result<Vec<String>> {
    let mut links = Vec::new();
    for line in git.lines(&["diff", "--cached", "--raw", "--no-renames", "--"])? {
        let Some((info, path)) = line.split_once('\t') else {
            continue;
        };
        let new_mode = info.split(' ').nth(1).unwrap_or_default();
        if matches!(new_mode, "120000" | "160000") {
            report.refused.push(format!(
                "not committed: {path} is a link here; journey's folders hold files only"
            ));
            links.push(path.to_string());
        }
    }
    Ok(links)
}

/// Runs `git ARGS PATHS…` with the paths 200 at a time (a command line has a limit).
fn in_chunks(git: &Git, args: &[&str], paths: &[String]) -> Result<()> {
    for chunk in paths.chunks(200) {
        let mut all = args.to_vec();
        all.extend(chunk.iter().map(String::as_str));
        git.run(&all)?;
    }
    Ok(())
}

/// Whether journey can read the session file at `path`.
fn readable(path: &Path) -> bool {
    crate::session::read_session_file(path).is_ok()
}

/// Commits every change but the sessions open in an interview.
pub fn commit_local(
    git: &Git,
    store: &Store,
    open: &[String],
    interrupted: bool,
    report: &mut SyncReport,
) -> Result<()> {
    stage(git, open)?;
    if git.has_commits() {
        keep_only_meant(git, store, interrupted, report)?;
    }
    let staged = git.lines(&["diff", "--cached", "--name-status"])?;
    if staged.is_empty() {
        return Ok(());
    }
    let names = session_names(&staged.iter().map(|l| path_of(l)).collect::<Vec<_>>());
    let deleted: Vec<String> = session_names(
        &staged
            .iter()
            .filter(|l| l.starts_with('D'))
            .map(|l| path_of(l))
            .collect::<Vec<_>>(),
    );
    let codes = staged
        .iter()
        .filter(|l| path_of(l).starts_with("codes/"))
        .count();
    let mut message = match (names.len(), codes) {
        (0, 0) => "journey sync: the archive's settings\n\n".to_string(),
        (0, c) => format!("journey sync: {}\n\n", count(c, "code")),
        (n, 0) => format!("journey sync: {}\n\n", count(n, "session")),
        (n, c) => format!(
            "journey sync: {}, {}\n\n",
            count(n, "session"),
            count(c, "code")
        ),
    };
    // The files, up to a screenful: a first commit of a whole archive names thousands.
    const LISTED: usize = 50;
    for line in staged.iter().take(LISTED) {
        message.push_str(&format!("{line}\n"));
    }
    if staged.len() > LISTED {
        message.push_str(&format!("… and {} more\n", staged.len() - LISTED));
    }
    // Author and committer: the researcher using journey here (the caller's `Git`).
    git.run(&["commit", "-q", "--no-verify", "-m", &message])?;
    // Those deletions are in the archive's history now: the record has done its work.
    deletions::forget(store.data_dir(), &deleted)?;
    report.committed = names;
    Ok(())
}
