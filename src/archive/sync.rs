//! `journey sync`: the data folder as a git repository shared by a team. Commit what changed,
//! fetch, merge sessions with journey's merge, push; and finish what an interrupted sync left.

use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::{bail, Context, Result};

use super::git::{first_lines, Git};
use crate::session::{SessionLock, Store};

const REMOTE: &str = "origin";
const BRANCH: &str = "main";
const LAST_SYNC: &str = "journey-last-sync";

/// What the team archive does not share: caches, locks, the personal trash, exports, temp files.
pub const GITIGNORE: &str = "\
# journey: what the team archive does not share
index.jsonl
locks/
trash/
rescued/
exports/
*.tmp
.journey-*
";

/// Sessions merge with journey's merge, never as text.
pub const GITATTRIBUTES: &str = "sessions/*.json merge=journey\n";

/// What a sync did, for the user.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Session files committed here.
    pub committed: Vec<String>,
    /// Session files the merge brought in or changed.
    pub came_in: Vec<String>,
    /// Session files pushed to the remote.
    pub went_out: Vec<String>,
    /// Sessions deleted on one side and edited on the other: back, with the edit.
    pub came_back: Vec<String>,
    /// Sessions the other side deleted: kept in this folder's trash.
    pub trashed_by_others: Vec<String>,
    /// Sessions open in an interview that the incoming changes touch: not merged yet.
    pub waiting: Vec<String>,
    /// Why nothing was pushed, if it was not.
    pub not_pushed: Option<String>,
    /// An interrupted sync this one finished.
    pub recovered: bool,
    /// Sessions whose two versions were too large to merge into one file: `(copy, original)`,
    /// the other version kept whole as a conflicted copy.
    pub copies: Vec<(String, String)>,
}

impl SyncReport {
    /// The report in lines, for the terminal.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.recovered {
            out.push("finished an interrupted sync".to_string());
        }
        let list = |names: &[String]| names.join(", ");
        if !self.committed.is_empty() {
            out.push(format!(
                "committed {} session(s): {}",
                self.committed.len(),
                list(&self.committed)
            ));
        }
        out.push(format!(
            "in: {}",
            if self.came_in.is_empty() {
                "nothing new".to_string()
            } else {
                format!("{} session(s): {}", self.came_in.len(), list(&self.came_in))
            }
        ));
        match &self.not_pushed {
            Some(why) => out.push(format!("out: not pushed ({why})")),
            None => out.push(format!(
                "out: {}",
                if self.went_out.is_empty() {
                    "nothing to send".to_string()
                } else {
                    format!(
                        "{} session(s): {}",
                        self.went_out.len(),
                        list(&self.went_out)
                    )
                }
            )),
        }
        for id in &self.came_back {
            out.push(format!(
                "{id} was deleted on one side and edited on the other: the edit wins, it is back"
            ));
        }
        for id in &self.trashed_by_others {
            out.push(format!(
                "{id} was deleted by a teammate; a copy is in this folder's trash"
            ));
        }
        for (copy, original) in &self.copies {
            out.push(format!(
                "{original}: the two versions together are too large for one session file: the other version is kept whole as {copy} (a conflicted copy)"
            ));
        }
        for id in &self.waiting {
            out.push(format!(
                "{id} is open in an interview and changed on the remote: not merged; sync again after it closes"
            ));
        }
        out
    }
}

/// Where the archive stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub remote: Option<String>,
    /// Commits here the remote does not have, and the other way round (as of the last fetch).
    pub ahead: usize,
    pub behind: usize,
    /// Session files changed since the last commit.
    pub uncommitted: usize,
    /// Sessions with conflicts recorded in them.
    pub conflicts: usize,
    pub last_sync: Option<String>,
}

impl SyncStatus {
    /// One line for the home screen and `sync status`.
    pub fn line(&self) -> String {
        let last = self.last_sync.as_deref().unwrap_or("never");
        match &self.remote {
            None => format!(
                "team archive without a remote · {} change(s) to commit · {} conflict(s)",
                self.uncommitted, self.conflicts
            ),
            Some(_) => format!(
                "sync: {} ahead · {} behind · {} change(s) to commit · {} conflict(s) · last sync {last}",
                self.ahead, self.behind, self.uncommitted, self.conflicts
            ),
        }
    }
}

fn git_for(store: &Store) -> Git {
    Git::new(store.data_dir())
}

/// Makes the data folder a team archive: a git repository (cloning `remote` into an empty
/// folder, or joining it), journey's ignore rules and merge, then a first sync.
pub fn init(store: &Store, remote: Option<&str>, exe: &Path) -> Result<SyncReport> {
    let git = git_for(store);
    if !git.is_repository() {
        git.run(&["init", "-q", "-b", BRANCH])?;
    }
    write_if_changed(&store.data_dir().join(".gitignore"), GITIGNORE)?;
    write_if_changed(&store.data_dir().join(".gitattributes"), GITATTRIBUTES)?;
    register_merge(&git, exe)?;
    if let Some(remote) = remote {
        if git.config(&format!("remote.{REMOTE}.url")).is_some() {
            git.run(&["remote", "set-url", REMOTE, remote])?;
        } else {
            git.run(&["remote", "add", REMOTE, remote])?;
        }
        // Joining an archive: start from its history, so the first sync is a plain merge.
        let upstream = format!("{REMOTE}/{BRANCH}");
        if !git.has_commits() && git.ok(&["fetch", "-q", REMOTE]) && git.rev(&upstream).is_some() {
            git.run(&["reset", "-q", &upstream])?;
            git.run(&["checkout", "-q", "--", "."])?;
            let joined = session_names(&git.lines(&["ls-files", "--", "sessions/"])?);
            let mut report = sync(store, exe)?;
            if report.came_in.is_empty() {
                report.came_in = joined;
            }
            return Ok(report);
        }
    }
    sync(store, exe)
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

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Commits local changes, fetches, merges and pushes; finishes an interrupted sync first.
pub fn sync(store: &Store, exe: &Path) -> Result<SyncReport> {
    let plain = git_for(store);
    if !plain.is_repository() {
        bail!(
            "{} is not a team archive yet: run `journey sync init [REMOTE]` first",
            store.data_dir().display()
        );
    }
    register_merge(&plain, exe)?;
    let mut report = SyncReport::default();
    wait_for_index_lock(&plain)?;
    // Hold the lock of every session not open elsewhere, so no interview opens one mid-sync.
    let (_locks, open) = lock_sessions(store)?;
    let author = interviewer_of_changes(&plain, store);
    let git = plain.with_fallback_identity(&author);
    if git.git_path("MERGE_HEAD").exists() {
        finish_merge(&git, store, &mut report)?;
        report.recovered = true;
    }
    commit_local(&git, store, &open, &mut report)?;
    let Some(_) = git.config(&format!("remote.{REMOTE}.url")) else {
        report.not_pushed = Some("no remote: run `journey sync init REMOTE`".into());
        stamp_last_sync(&git);
        return Ok(report);
    };
    for attempt in 0..3 {
        let fetch = git.output(&["fetch", "-q", REMOTE])?;
        if !fetch.status.success() {
            report.not_pushed = Some(format!(
                "could not reach the remote, committed here: {}",
                first_lines(&String::from_utf8_lossy(&fetch.stderr))
            ));
            return Ok(report);
        }
        let upstream = format!("{REMOTE}/{BRANCH}");
        if git.rev(&upstream).is_some() {
            if !merge_remote(&git, store, &upstream, &open, &mut report)? {
                report.not_pushed = Some("a session open in an interview waits".into());
                return Ok(report);
            }
            report.went_out = session_names(&git.lines(&[
                "diff",
                "--name-only",
                &format!("{upstream}..HEAD"),
                "--",
                "sessions/",
            ])?);
        } else {
            report.went_out = session_names(&git.lines(&["ls-files", "--", "sessions/"])?);
        }
        let push = git.output(&["push", "-q", REMOTE, &format!("HEAD:refs/heads/{BRANCH}")])?;
        if push.status.success() {
            let _ = git.output(&["branch", "-q", "--set-upstream-to", &upstream]);
            report.not_pushed = None;
            stamp_last_sync(&git);
            return Ok(report);
        }
        // Someone pushed in between: fetch and merge again.
        report.not_pushed = Some(format!(
            "the remote refused the push: {}",
            first_lines(&String::from_utf8_lossy(&push.stderr))
        ));
        if attempt == 2 {
            break;
        }
    }
    Ok(report)
}

/// Waits for another git (or the git of a sync that was killed) to let go of the index.
fn wait_for_index_lock(git: &Git) -> Result<()> {
    let lock = git.git_path("index.lock");
    for _ in 0..50 {
        if !lock.exists() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Still there after five seconds: a git that was killed left it, unless it is fresh.
    let age = std::fs::metadata(&lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    if age > Duration::from_secs(5) {
        std::fs::remove_file(&lock).with_context(|| format!("removing {}", lock.display()))?;
        return Ok(());
    }
    bail!(
        "another git is working in {} ({} exists); try again in a moment",
        git.dir().display(),
        lock.display()
    )
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

/// The interviewer of the most recently changed session among those to commit, as the
/// commit's author.
fn interviewer_of_changes(git: &Git, store: &Store) -> String {
    let changed = git
        .lines(&["status", "--porcelain", "-uall", "--", "sessions/"])
        .unwrap_or_default();
    session_names(
        &changed
            .iter()
            .map(|l| l.get(3..).unwrap_or("").to_string())
            .collect::<Vec<_>>(),
    )
    .iter()
    .filter_map(|id| store.load(id).ok())
    .max_by_key(|s| s.meta.updated)
    .map(|s| s.meta.interviewer)
    .unwrap_or_default()
}

fn session_names(paths: &[String]) -> Vec<String> {
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

/// Commits every change but the sessions open in an interview.
fn commit_local(git: &Git, store: &Store, open: &[String], report: &mut SyncReport) -> Result<()> {
    let mut args: Vec<String> = vec!["add".into(), "-A".into(), "--".into(), ".".into()];
    args.extend(
        open.iter()
            .map(|id| format!(":(exclude)sessions/{id}.json")),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    git.run(&args)?;
    let staged = git.lines(&["diff", "--cached", "--name-status"])?;
    if staged.is_empty() {
        return Ok(());
    }
    let names = session_names(
        &staged
            .iter()
            .filter_map(|l| l.split('\t').next_back().map(str::to_string))
            .collect::<Vec<_>>(),
    );
    let mut message = if names.is_empty() {
        "journey sync: the archive's settings\n\n".to_string()
    } else {
        format!("journey sync: {} session(s)\n\n", names.len())
    };
    // The files, up to a screenful: a first commit of a whole archive names thousands.
    const LISTED: usize = 50;
    for line in staged.iter().take(LISTED) {
        message.push_str(&format!("{line}\n"));
    }
    if staged.len() > LISTED {
        message.push_str(&format!("… and {} more\n", staged.len() - LISTED));
    }
    // The author is the interviewer when every session committed has the same one.
    let mut interviewers: Vec<String> = names
        .iter()
        .filter_map(|id| store.load(id).ok())
        .map(|s| s.meta.interviewer.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect();
    interviewers.sort();
    interviewers.dedup();
    let author = match interviewers.as_slice() {
        [one] => Some(format!(
            "{one} <{}>",
            git.config("user.email")
                .unwrap_or_else(|| "journey@localhost".into())
        )),
        _ => None,
    };
    let mut args = vec!["commit", "-q", "--no-verify", "-m", &message];
    if let Some(author) = &author {
        args.push("--author");
        args.push(author);
    }
    git.run(&args)?;
    report.committed = names;
    Ok(())
}

/// Merges the remote branch; false when an open session keeps it from merging now.
fn merge_remote(
    git: &Git,
    store: &Store,
    upstream: &str,
    open: &[String],
    report: &mut SyncReport,
) -> Result<bool> {
    if !git.has_commits() {
        git.run(&["reset", "-q", upstream])?;
        git.run(&["checkout", "-q", "--", "."])?;
        report.came_in = session_names(&git.lines(&["ls-files", "--", "sessions/"])?);
        return Ok(true);
    }
    // What the other side changed since the histories parted (everything, when they share none).
    let since = match git.run(&["merge-base", "HEAD", upstream]) {
        Ok(base) => base.trim().to_string(),
        Err(_) => "HEAD".to_string(),
    };
    let related = since != "HEAD";
    let incoming = git.lines(&["diff", "--name-status", &since, upstream, "--", "sessions/"])?;
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
    // Sessions the other side deleted: keep this folder's copy in the trash.
    for line in &incoming {
        if let Some(path) = line.strip_prefix("D\t").filter(|_| related) {
            if let Some(id) = session_names(&[path.to_string()]).pop() {
                let from = store.path(&id);
                let to = store.trash_dir().join(format!("{id}.json"));
                if from.exists() && !to.exists() {
                    std::fs::create_dir_all(store.trash_dir())?;
                    std::fs::copy(&from, &to)?;
                    report.trashed_by_others.push(id);
                }
            }
        }
    }
    let before = git.rev("HEAD");
    let merge = git.output(&[
        "merge",
        "-q",
        "--no-edit",
        "--allow-unrelated-histories",
        upstream,
    ])?;
    if !merge.status.success() {
        finish_merge(git, store, report)?;
    }
    report.copies = super::copy::commit_copies(git)?;
    if let Some(before) = before {
        report.came_in = session_names(&git.lines(&[
            "diff",
            "--name-only",
            &format!("{before}..HEAD"),
            "--",
            "sessions/",
        ])?);
    }
    // A session that came back is not in the trash any more, on either side.
    for id in &report.came_back {
        let _ = std::fs::remove_file(store.trash_dir().join(format!("{id}.json")));
    }
    report
        .trashed_by_others
        .retain(|id| !store.path(id).exists());
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
    if !git.is_repository() {
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
    Ok(Some(SyncStatus {
        remote,
        ahead,
        behind,
        uncommitted,
        conflicts,
        last_sync,
    }))
}
