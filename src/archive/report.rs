//! What a sync did and where the archive stands, in words for the researcher.

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
    /// Session files missing here that nobody deleted with journey: brought back from the
    /// archive, never committed as deletions.
    pub restored: Vec<String>,
    /// Session files journey cannot read: not committed (the archive keeps its last good copy).
    pub unreadable: Vec<String>,
    /// What arrived from the archive and was refused (links, journey's private folders), and
    /// links found here that were removed.
    pub refused: Vec<String>,
    /// The archive's settings that differ from journey's (journey's own apply here).
    pub warnings: Vec<String>,
    /// Sessions a teammate erased (a participant withdrew): gone from this folder and history.
    pub erased: Vec<String>,
    /// Sessions whose two versions were too large to merge into one file: `(copy, original)`,
    /// the other version kept whole as a conflicted copy.
    pub copies: Vec<(String, String)>,
    /// Nobody said who uses journey here: commits name an unnamed researcher.
    pub unnamed: bool,
    /// Who this sync's commits name (author and committer).
    pub author: String,
    /// Conflicts this sync recorded: the session and what in it (question ids, `meta.<field>`,
    /// `<question> (notes)`).
    pub recorded: Vec<(String, Vec<String>)>,
}

impl SyncReport {
    /// The report in lines, for the terminal.
    pub fn lines(&self) -> Vec<String> {
        let mut out = self.files_lines();
        out.extend(self.exchange_lines());
        out.extend(self.merge_lines());
        out
    }

    /// What happened to files here before anything went in or out: recovery, refusals,
    /// erasures, copies, restored and unreadable files.
    fn files_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.recovered {
            out.push("finished an interrupted sync".to_string());
        }
        if self.unnamed && !self.committed.is_empty() {
            out.push(format!(
                "committed as \"{}\": say who you are with `journey whoami \"Your Name\"`, so teammates see your edits under your name",
                super::git::UNNAMED
            ));
        }
        for line in self.refused.iter().chain(&self.warnings) {
            out.push(line.clone());
        }
        for id in &self.erased {
            out.push(format!("erased by a teammate: {id}"));
        }
        for (copy, original) in &self.copies {
            out.push(format!(
                "{original}: the two versions together are too large for one session file: the other version is kept whole as {copy} (a conflicted copy)"
            ));
        }
        if !self.restored.is_empty() {
            out.push(format!(
                "{} missing here though nobody deleted them with journey: brought back from the archive ({})",
                counted(self.restored.len(), "session file"),
                short_list(&self.restored)
            ));
        }
        for id in &self.unreadable {
            out.push(format!(
                "{id} is not a readable session here: not committed (the archive keeps its last good copy)"
            ));
        }
        out
    }

    /// What was committed here, what came in and what went out.
    fn exchange_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let list = |names: &[String]| {
            format!("{}: {}", counted(names.len(), "session"), short_list(names))
        };
        if !self.committed.is_empty() {
            let author = if self.author.is_empty() {
                String::new()
            } else {
                format!(" as {}", self.author)
            };
            let (n, names) = (self.committed.len(), short_list(&self.committed));
            out.push(format!(
                "committed {}{author}: {names}",
                counted(n, "session")
            ));
        }
        out.push(format!(
            "in: {}",
            if self.came_in.is_empty() {
                "nothing new".to_string()
            } else {
                list(&self.came_in)
            }
        ));
        out.push(match &self.not_pushed {
            Some(why) => format!("out: not pushed ({why})"),
            None if self.went_out.is_empty() => "out: nothing to send".to_string(),
            None => format!("out: {}", list(&self.went_out)),
        });
        out
    }

    /// What the merge did: sessions back, trashed by others, conflicts recorded, sessions
    /// waiting for an interview to close.
    fn merge_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
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
        for (id, what) in &self.recorded {
            out.push(format!(
                "conflict recorded in {id}: {} changed differently in two copies; both versions are kept in the session (`journey show {id}`)",
                what.join(", ")
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

/// `1 session`, `3 sessions`: a count with its noun.
fn counted(n: usize, noun: &str) -> String {
    crate::text::count(n, noun)
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
    /// Those sessions named ("Acme (2026-11-25-acme-1s55)"), when the caller looked them up.
    pub conflicted: Vec<String>,
    pub last_sync: Option<String>,
    /// What the researcher should know: the archive's settings differ from journey's, a state
    /// git was left in, a join to finish.
    pub warnings: Vec<String>,
}

impl SyncStatus {
    /// One line for the home screen and `sync status`.
    pub fn line(&self) -> String {
        let last = self.last_sync.as_deref().unwrap_or("never");
        let conflicts = self.conflicts_text();
        match &self.remote {
            None => format!(
                "team archive without a remote · {} to commit · {conflicts}",
                counted(self.uncommitted, "change")
            ),
            Some(_) => format!(
                "sync: {} ahead · {} behind · {} to commit · {conflicts} · last sync {last}",
                self.ahead,
                self.behind,
                counted(self.uncommitted, "change")
            ),
        }
    }

    /// "no conflict", the sessions in conflict by name (up to three), or their number.
    fn conflicts_text(&self) -> String {
        const NAMED: usize = 3;
        match (self.conflicts, self.conflicted.len()) {
            (0, 0) => "no conflict".to_string(),
            (_, 0) => counted(self.conflicts, "conflict"),
            (_, n) if n <= NAMED => format!("⚠ in conflict: {}", self.conflicted.join(", ")),
            (_, n) => format!(
                "⚠ in conflict: {} and {} more",
                self.conflicted[..NAMED].join(", "),
                n - NAMED
            ),
        }
    }
}

/// Names, up to a screenful.
fn short_list(names: &[String]) -> String {
    const SHOWN: usize = 20;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{}, … and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(conflicts: usize, conflicted: &[&str]) -> SyncStatus {
        SyncStatus {
            remote: Some("/shared/study.git".into()),
            ahead: 0,
            behind: 0,
            uncommitted: 0,
            conflicts,
            conflicted: conflicted.iter().map(|s| s.to_string()).collect(),
            last_sync: None,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn the_status_line_names_the_sessions_in_conflict() {
        assert!(status(0, &[]).line().contains("· no conflict ·"));
        assert!(status(2, &[]).line().contains("· 2 conflicts ·"));
        let line = status(1, &["Acme (2026-11-25-acme-1s55)"]).line();
        assert!(
            line.contains("· ⚠ in conflict: Acme (2026-11-25-acme-1s55) ·"),
            "{line}"
        );
        let many = ["A (a)", "B (b)", "C (c)", "D (d)", "E (e)"];
        let line = status(5, &many).line();
        assert!(line.contains("A (a), B (b), C (c) and 2 more"), "{line}");
    }

    #[test]
    fn a_sync_that_recorded_a_conflict_says_where() {
        let report = SyncReport {
            recorded: vec![(
                "2026-11-25-acme-1s55".into(),
                vec!["wrapup.advice".into(), "wrapup.advice (notes)".into()],
            )],
            ..SyncReport::default()
        };
        let lines = report.lines().join("\n");
        assert!(
            lines.contains(
                "conflict recorded in 2026-11-25-acme-1s55: wrapup.advice, wrapup.advice (notes)"
            ),
            "{lines}"
        );
    }
}
