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

/// A change staged: git's status letter (`A`, `M`, `D`, `T`), the new mode and the path.
struct Staged {
    status: String,
    mode: String,
    path: String,
}

/// Every change staged, from one `git diff --cached --raw -z` (for each, `:OLD_MODE NEW_MODE
/// OLD_ID NEW_ID STATUS` and the path as it is, each ended by a NUL).
fn staged_changes(git: &Git) -> Result<Vec<Staged>> {
    let out = git.run(&["diff", "--cached", "--raw", "--no-renames", "-z", "--"])?;
    let mut fields = out.split('\0');
    let mut changes = Vec::new();
    while let (Some(info), Some(path)) = (fields.next(), fields.next()) {
        let mut info = info.split(' ');
        let (Some(mode), Some(status)) = (info.nth(1), info.nth(2)) else {
            continue;
        };
        changes.push(Staged {
            status: status.to_string(),
            mode: mode.to_string(),
            path: path.to_string(),
        });
    }
    Ok(changes)
}

/// Takes out of the staged changes what the researcher did not mean: deletions journey did not
/// make (the file comes back from HEAD) and files journey cannot read (the archive keeps its last
/// good copy; after an interrupted checkout, that copy comes back too). True when it took
/// anything out.
fn keep_only_meant(
    git: &Git,
    store: &Store,
    (staged, interrupted): (&[Staged], bool),
    report: &mut SyncReport,
) -> Result<bool> {
    let mut restore = unmeant_deletions(staged, store);
    let changed = staged
        .iter()
        .filter(|c| matches!(c.status.as_str(), "A" | "M") && c.path.starts_with("sessions/"));
    let mut unstage_only = Vec::new();
    for path in changed.map(|c| c.path.clone()) {
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
    unstage_only.extend(links_staged(staged, report));
    from_head(git, &unstage_only, false)?;
    from_head(git, &restore, true)?;
    report.restored.extend(
        session_names(&restore)
            .into_iter()
            .filter(|id| !report.unreadable.contains(id)),
    );
    Ok(!unstage_only.is_empty() || !restore.is_empty())
}

/// Session and code files deleted here that journey did not delete (no record of it): they
/// come back from HEAD rather than be committed as deletions.
fn unmeant_deletions(staged: &[Staged], store: &Store) -> Vec<String> {
    let meant = deletions::recorded(store.data_dir());
    let mut restore = Vec::new();
    for path in staged.iter().filter(|c| c.status == "D").map(|c| &c.path) {
        let is_session = path.starts_with("sessions/") && path.ends_with(".json");
        let is_code = path.starts_with("codes/") && path.ends_with(".json");
        let id = session_names(std::slice::from_ref(path)).pop();
        let wanted = id.as_ref().is_some_and(|id| meant.contains(id));
        if (is_session || is_code) && !wanted {
            restore.push(path.clone());
        }
    }
    restore
}

/// Links and submodules staged (journey's folders never hold them): not committed, said in
/// the report.
fn links_staged(staged: &[Staged], report: &mut SyncReport) -> Vec<String> {
    let mut links = Vec::new();
    for c in staged {
        if matches!(c.mode.as_str(), "120000" | "160000") {
            report.refused.push(format!(
                "not committed: {} is a link here; journey's folders hold files only",
                crate::text::line(&c.path)
            ));
            links.push(c.path.clone());
        }
    }
    links
}

/// Puts `paths` back in the index as HEAD has them (out of it where HEAD has none), as
/// `git reset -- PATHS` does; with `files`, their files too, as `git checkout HEAD -- PATHS`.
/// Each path is looked up, never matched against every other as a pattern: a join restores
/// every file of the archive (100,000 patterns would take git minutes).
fn from_head(git: &Git, paths: &[String], files: bool) -> Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    let head = super::tree_merge::tree(git, "HEAD")?;
    let zeros = "0".repeat(head.values().next().map_or(40, |(_, id)| id.len()));
    let (mut entries, mut listed) = (String::new(), String::new());
    for path in paths {
        match head.get(path) {
            Some((mode, id)) => {
                entries.push_str(&format!("{mode} {id}\t{path}\0"));
                listed.push_str(&format!("{path}\0"));
            }
            None => entries.push_str(&format!("0 {zeros}\t{path}\0")),
        }
    }
    git.run_input(
        &["update-index", "-z", "--index-info"],
        &[],
        entries.as_bytes(),
    )?;
    if files && !listed.is_empty() {
        let args = ["checkout-index", "-f", "-u", "-z", "--stdin"];
        git.run_input(&args, &[], listed.as_bytes())?;
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
    let mut changes = staged_changes(git)?;
    // Read again only if something was taken out of what is staged.
    if git.has_commits() && keep_only_meant(git, store, (&changes, interrupted), report)? {
        changes = staged_changes(git)?;
    }
    if changes.is_empty() {
        return Ok(());
    }
    let paths = |deleted: bool| -> Vec<String> {
        let chosen = changes.iter().filter(|c| !deleted || c.status == "D");
        chosen.map(|c| c.path.clone()).collect()
    };
    let (names, deleted) = (session_names(&paths(false)), session_names(&paths(true)));
    let codes = changes
        .iter()
        .filter(|c| c.path.starts_with("codes/"))
        .count();
    // For the message: one line a file, as `git diff --name-status` shows it.
    let staged: Vec<String> = changes
        .iter()
        .map(|c| format!("{}\t{}", c.status, crate::text::line(&c.path)))
        .collect();
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
