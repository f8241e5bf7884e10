//! `journey erase ID`: a participant who withdraws. Removes the session and every copy journey
//! keeps of it; in a team archive also rewrites the history without it, forgets every local
//! object that held it, and records the erasure (id and date, no content) in `erasures/ID.json`,
//! one file per erasure. A teammate's sync applies every record it finds before it commits or
//! merges ([`before_commit`], [`after_fetch`]), so no sync brings an erased session back.

mod copies;
mod exports;
mod history;
mod records;

use std::path::PathBuf;

use anyhow::Result;

use super::git::Git;
use super::report::SyncReport;
use crate::session::Store;

pub use copies::Copies;
pub use records::RECORDS;

use records::{
    adopt_records, check_id, commit_record, own_records, records_in, remove_temps, write_record,
};

/// The branch a team archive shares, as fetched (as in `sync`).
const UPSTREAM: &str = "origin/main";

/// What an erasure will remove, for the user to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasePlan {
    pub id: String,
    pub copies: Copies,
    /// In a team archive: the commits of its history that added or changed the session.
    pub commits: Option<usize>,
    /// The team archive's remote, if it has one.
    pub remote: Option<String>,
    /// The files in `<data>/exports/` that hold this session (by name or by content): the
    /// user's own files, named, not touched.
    pub exports: Vec<PathBuf>,
}

impl ErasePlan {
    /// What will go and what will not, in lines for the terminal.
    pub fn lines(&self) -> Vec<String> {
        let id = &self.id;
        let names = |paths: &[PathBuf]| -> String {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            names.join(", ")
        };
        let mut out = vec![format!(
            "Erase session {id} for good (a participant who withdraws):"
        )];
        match &self.copies.session {
            Some(path) => out.push(format!("  - the session file: {}", path.display())),
            None => out.push("  - no session file (it was deleted before)".to_string()),
        }
        if !self.copies.trash.is_empty() {
            out.push(format!("  - in the trash: {}", names(&self.copies.trash)));
        }
        if !self.copies.rescued.is_empty() {
            out.push(format!(
                "  - copies kept after a failed save: {}",
                names(&self.copies.rescued)
            ));
        }
        if !self.copies.transcripts.is_empty() {
            out.push(format!(
                "  - its transcripts: {}",
                names(&self.copies.transcripts)
            ));
        }
        out.push(
            "  - its lock file, its line in the summary index and its words in the search index"
                .to_string(),
        );
        if let Some(n) = self.commits {
            out.push(format!(
                "  - from the team archive's history: {} added or changed it; the history is rewritten without it{}",
                crate::text::count(n, "commit"),
                // Not the remote's address: it may carry a token.
                if self.remote.is_some() { " and pushed to the team's remote" } else { "" }
            ));
            out.push(
                "  - teammates' copies (their folder, trash and history) go at their next `journey sync`"
                    .to_string(),
            );
            out.push(format!(
                "The archive keeps a record that {id} was erased, with the date and no content: {RECORDS}/{id}.json"
            ));
        }
        if self.exports.is_empty() {
            out.push(
                "Not touched: exports you made (Markdown, HTML, CSV, JSON, SPSS, REFI-QDA) are your own files; delete any that hold this session yourself"
                    .to_string(),
            );
        } else {
            out.push(format!(
                "Not touched, your own files: these exports hold it, delete them yourself: {}",
                names(&self.exports)
            ));
            out.push(
                "Not touched either: exports you made elsewhere (Markdown, HTML, CSV, JSON, SPSS, REFI-QDA); delete any that hold this session yourself"
                    .to_string(),
            );
        }
        out
    }
}

/// What an erasure did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Erased {
    pub removed: Vec<PathBuf>,
    /// The local history held it and was rewritten.
    pub rewritten: bool,
    /// The record committed in a team archive.
    pub record: Option<PathBuf>,
}

/// The session `wanted` names (its id or a unique part, as `delete` takes it; also a session
/// only in the trash, in `rescued/` or in the archive's history) and everything that will go.
pub fn plan(store: &Store, wanted: &str) -> Result<ErasePlan> {
    let git = Git::new(store.data_dir());
    let team = git.is_repository();
    let mut ids = store.ids()?;
    ids.extend(copies::kept_ids(store));
    if team {
        ids.extend(history::ids_in_history(&git)?);
    }
    ids.sort();
    ids.dedup();
    let id = crate::session::choose_id(&ids, wanted)?;
    check_id(&id)?;
    Ok(ErasePlan {
        copies: Copies::of(store, &id),
        exports: exports::holding(&store.data_dir().join("exports"), &id),
        commits: if team {
            Some(history::commits_with(&git, &id)?)
        } else {
            None
        },
        remote: team.then(|| git.config("remote.origin.url")).flatten(),
        id,
    })
}

/// Erases the session of `plan` from this folder (and, in a team archive, from its local
/// history, with a committed record). Refused while the session is open in an interview. The
/// caller syncs afterwards to push the rewritten history.
pub fn erase(store: &Store, plan: &ErasePlan) -> Result<Erased> {
    let id = &plan.id;
    check_id(id)?;
    let _lock = store.lock(id)?;
    let git = Git::new(store.data_dir());
    if !git.is_repository() {
        return Ok(Erased {
            removed: Copies::of(store, id).remove(store, id)?,
            ..Erased::default()
        });
    }
    // The record first: an erasure stopped part-way is finished by the next sync's hook.
    let record = write_record(store, id)?;
    let removed = Copies::of(store, id).remove(store, id)?;
    let git = git.committing_as_researcher()?;
    let ids = [id.clone()];
    let held = history::held_locally(&git, &ids)?;
    let rewritten = !history::held_in(&git, &["--branches"], &ids)?.is_empty();
    commit_record(&git, id)?;
    if !held.is_empty() {
        // The history and the record go out together when the remote is reachable, so the
        // sync that follows has nothing left to rewrite.
        let upstream = git.rev(UPSTREAM).map(|_| UPSTREAM);
        rewrite_history(&git, &held, upstream)?;
    }
    Ok(Erased {
        removed,
        rewritten,
        record: Some(record),
    })
}

/// The sync's hook before it commits: applies the records in this folder's tree. False when an
/// erased session is open in an interview here (the sync then waits).
pub(crate) fn before_commit(
    git: &Git,
    store: &Store,
    open: &[String],
    report: &mut SyncReport,
) -> Result<bool> {
    let mut ids = own_records(store);
    if git.has_commits() {
        ids.extend(records_in(git, "HEAD")?);
        ids.sort();
        ids.dedup();
    }
    // A record removed from this folder (by hand, or by a commit) is written again, and this
    // sync commits it: an erasure is never undone. A record half-written by an erase that was
    // stopped is a temp file: it goes.
    remove_temps(&store.data_dir().join(RECORDS));
    for id in &ids {
        write_record(store, id)?;
    }
    apply(git, store, &ids, open, None, report)
}

/// The sync's hook after a fetch, before the merge: applies the records of this folder and of
/// the fetched `upstream`; an upstream that still holds an erased session is rewritten and
/// pushed (with a lease: never over a push made meanwhile). False when an erased session is
/// open in an interview here (the sync then waits, merging nothing).
pub(crate) fn after_fetch(
    git: &Git,
    store: &Store,
    upstream: &str,
    open: &[String],
    report: &mut SyncReport,
) -> Result<bool> {
    let theirs = records_in(git, upstream)?;
    adopt_records(git, store, upstream, &theirs)?;
    let mut ids = own_records(store);
    ids.extend(theirs);
    ids.sort();
    ids.dedup();
    apply(git, store, &ids, open, Some(upstream), report)
}

/// Applies the erasures of `ids` that are not applied yet here.
fn apply(
    git: &Git,
    store: &Store,
    ids: &[String],
    open: &[String],
    upstream: Option<&str>,
    report: &mut SyncReport,
) -> Result<bool> {
    if ids.is_empty() {
        return Ok(true);
    }
    let held = history::held_locally(git, ids)?;
    let pending: Vec<&String> = ids
        .iter()
        .filter(|id| held.contains(id) || !Copies::of(store, id).is_empty())
        .collect();
    let waiting: Vec<String> = pending
        .iter()
        .filter(|id| open.contains(id))
        .map(|id| id.to_string())
        .collect();
    if !waiting.is_empty() {
        report.not_pushed = Some(format!(
            "{} was erased by a teammate and is open in an interview here: nothing is merged until it closes; it is erased then, at the next sync",
            waiting.join(", ")
        ));
        report.waiting.extend(waiting);
        return Ok(false);
    }
    let in_branches = history::held_in(git, &["--branches"], &held)?;
    for id in &pending {
        let copies = Copies::of(store, id);
        if !copies.is_empty() || in_branches.contains(id) {
            report.erased.push(id.to_string());
        }
        copies.remove(store, id)?;
    }
    if !held.is_empty() {
        rewrite_history(git, &held, upstream)?;
    }
    Ok(true)
}

/// Rewrites the local history without the sessions of `held`; pushes the fetched `upstream`
/// rewritten when it held one; forgets the old objects.
fn rewrite_history(git: &Git, held: &[String], upstream: Option<&str>) -> Result<()> {
    let upstream_was = upstream.and_then(|u| Some((u, git.rev(u)?)));
    let upstream_held = match upstream {
        Some(u) => !history::held_in(git, &[u], held)?.is_empty(),
        None => false,
    };
    let in_refs = history::held_in(git, &history::REFS, held)?;
    if !in_refs.is_empty() {
        history::rewrite_without(git, &in_refs)?;
    }
    if let Some((upstream, old)) = upstream_was.filter(|_| upstream_held) {
        push_rewritten(git, upstream, &old);
    }
    history::forget_old_objects(git)
}

/// Pushes the rewritten upstream in place of the old one (this branch, when it holds the
/// upstream: the records go with it), unless the remote moved meanwhile: then the sync's own
/// push fails, it fetches again and this runs again.
fn push_rewritten(git: &Git, upstream: &str, old: &str) {
    let Some((remote, branch)) = upstream.split_once('/') else {
        return;
    };
    let lease = format!("--force-with-lease=refs/heads/{branch}:{old}");
    let from = if git.ok(&["merge-base", "--is-ancestor", upstream, "HEAD"]) {
        "HEAD"
    } else {
        upstream
    };
    let target = format!("{from}:refs/heads/{branch}");
    let _ = git.output(&["push", "-q", &lease, remote, &target]);
}

#[cfg(test)]
mod tests {
    use super::records::record_id;
    use super::*;

    #[test]
    fn only_plain_ids_are_erasure_records() {
        assert_eq!(
            record_id("2026-11-25-acme-k3f9.json").as_deref(),
            Some("2026-11-25-acme-k3f9")
        );
        for bad in [
            "../x.json",
            ".hidden.json",
            "a b.json",
            "a'b.json",
            "x.txt",
            ".json",
        ] {
            assert_eq!(record_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_plan_names_what_goes_and_what_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        std::fs::create_dir_all(store.trash_dir()).expect("trash");
        std::fs::write(store.trash_dir().join("2026-11-25-acme-k3f9.json"), "{}").expect("w");
        let exports = dir.path().join("exports");
        std::fs::create_dir_all(&exports).expect("exports");
        for name in [
            "2026-11-25-acme-k3f9.md",
            "2026-11-25-acme-k3f9x.md",
            "all.csv",
        ] {
            std::fs::write(exports.join(name), "export").expect("w");
        }
        let plan = plan(&store, "acme").expect("plan");
        assert_eq!(plan.id, "2026-11-25-acme-k3f9");
        assert_eq!(plan.commits, None);
        let text = plan.lines().join("\n");
        assert!(text.contains("no session file"), "{text}");
        assert!(text.contains("in the trash"), "{text}");
        assert!(text.contains("exports you made"), "{text}");
        assert_eq!(plan.exports, vec![exports.join("2026-11-25-acme-k3f9.md")]);
        let erased = erase(&store, &plan).expect("erase");
        assert_eq!(erased.removed.len(), 1);
        assert_eq!(std::fs::read_dir(&exports).expect("exports").count(), 3);
        assert_eq!(erased.record, None);
        assert!(plan_err(&store, "acme"));
    }

    fn plan_err(store: &Store, wanted: &str) -> bool {
        plan(store, wanted).is_err()
    }
}
