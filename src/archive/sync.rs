//! `journey sync`: the data folder as a git repository shared by a team. Commit what changed,
//! fetch, merge sessions with journey's merge, push; and finish what an interrupted sync left.

use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::{bail, Context, Result};

use super::commit::{commit_local, session_names};
use super::git::{first_lines, Git};
use super::report::{SyncReport, SyncStatus};
use super::{guard, join};
use crate::session::{SessionLock, Store};

const REMOTE: &str = "origin";
pub const BRANCH: &str = "main";
const LAST_SYNC: &str = "journey-last-sync";

/// What the team archive does not share: caches, locks, the personal trash, exports, temp files.
pub const GITIGNORE: &str = "\
# journey: what the team archive does not share
index.jsonl
words.idx
rows.cache
locks/
trash/
rescued/
exports/
*.tmp
.journey-*
";

/// Sessions and added codes merge with journey's merge, never as text.
pub const GITATTRIBUTES: &str = "sessions/*.json merge=journey\ncodes/*.json merge=journey\n";

fn git_for(store: &Store) -> Git {
    Git::new(store.data_dir())
}

/// Makes the data folder a team archive: a git repository, journey's ignore rules and merge,
/// the remote, then a first sync. A folder that already holds sessions joins the archive with
/// them: each is merged with the archive's copy or added; nothing local is dropped.
pub fn init(store: &Store, remote: Option<&str>, exe: &Path) -> Result<SyncReport> {
    let git = git_for(store);
    match remote {
        // Recorded first: stopped at any step from here, the next sync finishes the join.
        Some(remote) => {
            join::begin(store.data_dir(), remote)?;
            prepare(&git, Some(remote))?;
        }
        None => prepare(&git, None)?,
    }
    sync(store, exe)
}

/// The repository and its remote; every step can run again.
fn prepare(git: &Git, remote: Option<&str>) -> Result<()> {
    // Run again, `git init` completes what a stopped one left and changes nothing else.
    git.run(&["init", "-q", "-b", BRANCH])?;
    if let Some(remote) = remote {
        if git.config(&format!("remote.{REMOTE}.url")).is_some() {
            git.run(&["remote", "set-url", REMOTE, remote])?;
        } else {
            git.run(&["remote", "add", REMOTE, remote])?;
        }
    }
    Ok(())
}

/// journey's settings in the folder: the shared ignore rules and attributes (what a teammate
/// without them sees), the same rules where git gives them precedence, and the merge.
fn settle(git: &Git, exe: &Path) -> Result<()> {
    write_if_changed(&git.dir().join(".gitignore"), GITIGNORE)?;
    write_if_changed(&git.dir().join(".gitattributes"), GITATTRIBUTES)?;
    super::guard::enforce_local_rules(git)?;
    register_merge(git, exe)
}

/// Registers journey's merge for session files in the repository's config.
fn register_merge(git: &Git, exe: &Path) -> Result<()> {
    let exe = exe.display().to_string().replace('\'', "'\\''");
    git.run(&["config", "merge.journey.name", "journey's session merge"])?;
    git.run(&[
        "config",
        "merge.journey.driver",
        &format!("'{exe}' merge-driver %O %A %B %P"),
    ])?;
    Ok(())
}

/// Writes `text` to `path` unless it already holds it.
pub(super) fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Commits local changes, fetches, merges and pushes; finishes an interrupted sync or join first.
pub fn sync(store: &Store, exe: &Path) -> Result<SyncReport> {
    let plain = git_for(store);
    let joining = join::pending(store.data_dir());
    if plain.is_repository() {
        wait_for_git_locks(&plain)?;
    }
    if joining.is_some() {
        prepare(&plain, joining.as_deref())?;
    }
    if !plain.is_repository() {
        bail!(
            "{} is not a team archive yet: run `journey sync init [REMOTE]` first",
            store.data_dir().display()
        );
    }
    let mut report = SyncReport::default();
    guard::check_state(&plain)?;
    report.warnings = guard::settings_warnings(&plain);
    settle(&plain, exe)?;
    report.refused = guard::repair_links(store.data_dir())?;
    // Hold the lock of every session not open elsewhere, so no interview opens one mid-sync.
    let (_locks, open) = lock_sessions(store)?;
    // Every commit is the researcher's, author and committer: who made each edit.
    let git = plain.committing_as_researcher()?;
    let who = crate::session::identity::researcher(store.data_dir())?;
    report.unnamed = who.is_none();
    report.author = who.map_or_else(|| super::git::UNNAMED.to_string(), |who| who.name);
    let interrupted = join::interrupted(&git);
    if git.git_path("MERGE_HEAD").exists() {
        finish_merge(&git, store, &mut report)?;
        report.recovered = true;
    }
    report.recovered |= interrupted;
    // Erasures recorded here or in this history go before anything is committed.
    if !super::erase::before_commit(&git, store, &open, &mut report)? {
        return Ok(report);
    }
    let remote = git.config(&format!("remote.{REMOTE}.url"));
    // A folder with no history and a remote joins the archive's history before it commits.
    if git.has_commits() || remote.is_none() {
        commit_local(&git, store, &open, interrupted, &mut report)?;
        join::unmark(&git);
    }
    if remote.is_none() {
        report.not_pushed = Some("no remote: run `journey sync init REMOTE`".into());
        stamp_last_sync(&git);
        return Ok(report);
    }
    for attempt in 0..3 {
        match exchange(&git, store, &open, interrupted, &mut report)? {
            Round::Over => return Ok(report),
            Round::PushRefused if attempt == 2 => break,
            // Someone pushed in between: fetch and merge again.
            Round::PushRefused => {}
        }
    }
    Ok(report)
}

/// How one fetch, merge and push went.
enum Round {
    /// The sync is over, pushed or not (the report says which and why).
    Over,
    /// The remote refused the push: someone pushed in between.
    PushRefused,
}

/// One round with the remote: fetch, merge what came (or adopt it, joining), push.
fn exchange(
    git: &Git,
    store: &Store,
    open: &[String],
    interrupted: bool,
    report: &mut SyncReport,
) -> Result<Round> {
    // The branch named in full: a remote added by a join that was stopped may lack its fetch
    // settings.
    let refspec = format!("+refs/heads/*:refs/remotes/{REMOTE}/*");
    let fetch = git.output(&["fetch", "-q", "--no-tags", REMOTE, &refspec])?;
    if !fetch.status.success() {
        report.not_pushed = Some(format!(
            "could not reach the remote, committed here: {}",
            first_lines(&String::from_utf8_lossy(&fetch.stderr))
        ));
        return Ok(Round::Over);
    }
    let upstream = format!("{REMOTE}/{BRANCH}");
    if git.rev(&upstream).is_some() {
        if !take_upstream(git, store, &upstream, open, report)? {
            return Ok(Round::Over);
        }
    } else {
        if !git.has_commits() {
            commit_local(git, store, open, interrupted, report)?;
            join::unmark(git);
        }
        report.went_out = session_names(&git.lines(&["ls-files", "--", "sessions/"])?);
    }
    if git.has_commits() {
        // A folder with history merged like any sync: nothing of a join is left to do.
        join::done(store.data_dir());
    } else {
        report.not_pushed = Some("nothing to share yet".into());
        return Ok(Round::Over);
    }
    let push = git.output(&["push", "-q", REMOTE, &format!("HEAD:refs/heads/{BRANCH}")])?;
    if push.status.success() {
        let _ = git.output(&["branch", "-q", "--set-upstream-to", &upstream]);
        report.not_pushed = None;
        stamp_last_sync(git);
        return Ok(Round::Over);
    }
    report.not_pushed = Some(format!(
        "the remote refused the push: {}",
        first_lines(&String::from_utf8_lossy(&push.stderr))
    ));
    Ok(Round::PushRefused)
}

/// Takes the fetched `upstream` in: a teammate's erasures first, then what the archive must not
/// carry refused, then a join's adoption or a merge. False when the sync stops here (the report
/// says why).
fn take_upstream(
    git: &Git,
    store: &Store,
    upstream: &str,
    open: &[String],
    report: &mut SyncReport,
) -> Result<bool> {
    // A teammate's erasures go before anything of theirs is merged.
    if !super::erase::after_fetch(git, store, upstream, open, report)? {
        return Ok(false);
    }
    let (clean, refused) = guard::sanitized(git, upstream)?;
    report.refused.extend(refused);
    if !git.has_commits() {
        join::adopt(git, store, &clean, report)?;
        commit_local(git, store, open, true, report)?;
        // Missing files of a join are the archive's files, checked out now.
        report.restored.clear();
        join::unmark(git);
        join::done(store.data_dir());
    } else if !merge_remote(git, store, &clean, open, report)? {
        report.not_pushed = Some("a session open in an interview waits".into());
        return Ok(false);
    }
    report.went_out = session_names(&git.lines(&[
        "diff",
        "--name-only",
        "--no-renames",
        &format!("{upstream}..HEAD"),
        "--",
        "sessions/",
    ])?);
    Ok(true)
}

/// The lock files git takes while it changes the index, a ref or the config.
const GIT_LOCKS: [&str; 6] = [
    "index.lock",
    "HEAD.lock",
    "config.lock",
    "packed-refs.lock",
    "refs/heads/main.lock",
    "refs/remotes/origin/main.lock",
];

/// Waits for another git (or the git of a sync or join that was killed) to let go of its locks;
/// a lock still there after five seconds and older than that was left by a killed git.
fn wait_for_git_locks(git: &Git) -> Result<()> {
    for name in GIT_LOCKS {
        let lock = git.git_path(name);
        for _ in 0..50 {
            if !lock.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if !lock.exists() {
            continue;
        }
        let age = std::fs::metadata(&lock)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .unwrap_or_default();
        if age <= Duration::from_secs(5) {
            bail!(
                "another git is working in {} ({} exists); try again in a moment",
                git.dir().display(),
                lock.display()
            );
        }
        std::fs::remove_file(&lock).with_context(|| format!("removing {}", lock.display()))?;
    }
    Ok(())
}

/// Locks the sessions that have a lock file (only those were ever opened); returns the locks
/// held and the ids open in an interview elsewhere.
fn lock_sessions(store: &Store) -> Result<(Vec<SessionLock>, Vec<String>)> {
    let mut locks = Vec::new();
    let mut open = Vec::new();
    let Ok(entries) = std::fs::read_dir(store.data_dir().join("locks")) else {
        return Ok((locks, open));
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".lock") else {
            continue;
        };
        if !store.path(id).exists() {
            continue;
        }
        match store.lock(id) {
            Ok(lock) => locks.push(lock),
            Err(crate::session::StoreError::Locked { .. }) => open.push(id.to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    Ok((locks, open))
}

/// Merges the remote branch; false when an open session keeps it from merging now.
fn merge_remote(
    git: &Git,
    store: &Store,
    upstream: &str,
    open: &[String],
    report: &mut SyncReport,
) -> Result<bool> {
    // What the other side changed since the histories parted (everything, when they share none).
    let since = match git.run(&["merge-base", "HEAD", upstream]) {
        Ok(base) => base.trim().to_string(),
        Err(_) => "HEAD".to_string(),
    };
    let incoming = git.lines(&[
        "diff",
        "--name-status",
        "--no-renames",
        &since,
        upstream,
        "--",
        "sessions/",
    ])?;
    let touched = session_names(
        &incoming
            .iter()
            .filter_map(|l| l.split('\t').next_back().map(str::to_string))
            .collect::<Vec<_>>(),
    );
    report.waiting = touched
        .iter()
        .filter(|id| open.contains(id))
        .cloned()
        .collect();
    if !report.waiting.is_empty() {
        return Ok(false);
    }
    // Marked while the working tree is written: if it is stopped there, the next sync brings
    // back what was left missing.
    join::mark(git)?;
    super::tree_merge::merge(git, store, upstream, report)?;
    join::unmark(git);
    Ok(true)
}

/// Resolves what git could not: a session deleted on one side and edited on the other comes
/// back with the edit; then commits the merge. Anything else stops the sync, naming the file.
fn finish_merge(git: &Git, store: &Store, report: &mut SyncReport) -> Result<()> {
    let unmerged = git.lines(&["diff", "--name-only", "--diff-filter=U"])?;
    for path in &unmerged {
        let stages = git.lines(&["ls-files", "-u", "--", path])?;
        let has = |n: &str| {
            stages
                .iter()
                .any(|l| l.split_whitespace().nth(2) == Some(n))
        };
        let id = session_names(std::slice::from_ref(path)).pop();
        match (id, has("2"), has("3")) {
            // Deleted here, edited there: theirs comes back.
            (Some(id), false, true) => {
                git.run(&["checkout", "--theirs", "--", path])?;
                git.run(&["add", "--", path])?;
                report.came_back.push(id);
            }
            // Edited here, deleted there: ours stays.
            (Some(id), true, false) => {
                git.run(&["add", "--", path])?;
                report.came_back.push(id);
            }
            // An added code: merged field by field, never left unmerged.
            (None, _, _) if path.starts_with("codes/") => {
                super::codes_merge::finish_unmerged(git, path)?;
            }
            _ => {
                bail!(
                    "{} could not be merged (is it a valid session file?); the merge is left in progress in {}: fix the file and run `journey sync` again",
                    path,
                    store.data_dir().display()
                );
            }
        }
    }
    if git.git_path("MERGE_HEAD").exists() {
        git.run(&["commit", "-q", "--no-verify", "--no-edit"])?;
    }
    Ok(())
}

fn stamp_last_sync(git: &Git) {
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    let _ = std::fs::write(git.git_path(LAST_SYNC), now);
}

/// Ahead, behind, changes to commit and the last sync; `conflicts` is the number of sessions
/// with conflicts (the summary index has it).
pub fn status(store: &Store, conflicts: usize) -> Result<Option<SyncStatus>> {
    let git = git_for(store);
    // A `.git` that a stopped `git init` left half made is not a repository yet.
    if !git.is_repository() || !git.ok(&["rev-parse", "--git-dir"]) {
        return Ok(None);
    }
    let remote = git.config(&format!("remote.{REMOTE}.url"));
    let upstream = format!("{REMOTE}/{BRANCH}");
    let (ahead, behind) = if git.has_commits() && git.rev(&upstream).is_some() {
        let counts = git.run(&[
            "rev-list",
            "--left-right",
            "--count",
            &format!("HEAD...{upstream}"),
        ])?;
        let mut it = counts.split_whitespace().map(|n| n.parse().unwrap_or(0));
        (it.next().unwrap_or(0), it.next().unwrap_or(0))
    } else {
        (0, 0)
    };
    let uncommitted = git
        .lines(&["status", "--porcelain", "-uall", "--", "sessions/"])?
        .len();
    let last_sync = std::fs::read_to_string(git.git_path(LAST_SYNC))
        .ok()
        .map(|s| s.trim().to_string());
    let mut warnings = guard::settings_warnings(&git);
    if let Err(e) = guard::check_state(&git) {
        warnings.push(format!("warning: {e}"));
    }
    if join::interrupted(&git) {
        warnings.push(
            "warning: a join or merge was stopped part-way: the next `journey sync` finishes it"
                .into(),
        );
    }
    Ok(Some(SyncStatus {
        warnings,
        remote,
        ahead,
        behind,
        uncommitted,
        conflicts,
        conflicted: Vec::new(),
        last_sync,
    }))
}

/// The sessions in conflict, as the home screen names them: "Acme (2026-11-25-acme-1s55)".
pub fn conflicted(store: &Store, guide: &crate::guide::Guide) -> Vec<String> {
    store
        .summaries(guide)
        .map(|list| {
            list.sessions
                .iter()
                .filter(|s| s.conflicts > 0)
                .map(|s| format!("{} ({})", s.customer, s.id))
                .collect()
        })
        .unwrap_or_default()
}
