//! What an open interview is, apart from any screen: the session with its lock (or why it is
//! read-only), the interview time per question, debounced saving, finishing, undo, and the text
//! a refused answer leaves in the notes. Testable without a terminal.

use std::time::{Duration, Instant};

use super::saver::Saver;
use super::{Answer, AnswerState, FileStamp, Session, SessionLock, Store};
use crate::guide::{Guide, ObstacleStatus};

/// How many changes undo can take back.
const UNDO_DEPTH: usize = 100;

/// A change to an answer that undo can take back: the answer as it was before.
#[derive(Debug, Clone)]
pub struct Undo {
    pub question: String,
    pub before: Answer,
    /// What the change was, in words: "the choice of “Yes”".
    pub what: String,
    /// The change added quotes (a transcript line quoted, a suggestion taken): they go too.
    pub quotes: bool,
}

pub struct OpenSession {
    pub session: Session,
    pub saver: Saver,
    /// Why the session cannot be changed (open elsewhere), when it cannot.
    read_only: Option<String>,
    _lock: Option<SessionLock>,
    /// Up to when interview time has been added to the session.
    accounted: Instant,
    undo: Vec<Undo>,
    /// The session as it was last read from or written to its file: the base of a merge.
    base: Session,
    /// The file as it was then; `None` until [`OpenSession::watch`].
    disk: Option<FileStamp>,
    /// Whether the session was already kept in `rescued/` for an unreadable file.
    rescued: bool,
    /// Something the interviewer should hear about a save (a merge), once.
    pub notice: Option<String>,
}

impl OpenSession {
    /// An open session: with its lock for writing, or `read_only` with the reason.
    pub fn new(
        session: Session,
        lock: Option<SessionLock>,
        read_only: Option<String>,
        now: Instant,
    ) -> OpenSession {
        OpenSession {
            base: session.clone(),
            session,
            saver: Saver::default(),
            read_only,
            _lock: lock,
            accounted: now,
            undo: Vec::new(),
            disk: None,
            rescued: false,
            notice: None,
        }
    }

    /// Notes the session file as it is now: a later change by another program is noticed
    /// before a save, merged, and never overwritten.
    pub fn watch(&mut self, store: &Store) {
        self.disk = store.stamp(&self.session.id).ok().flatten();
    }

    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Interview time so far, counting the time not yet added to the session.
    pub fn elapsed(&self, now: Instant) -> Duration {
        Duration::from_secs(self.session.elapsed_seconds)
            + now.saturating_duration_since(self.accounted)
    }

    /// Up to when the interview time has been added to the session.
    pub fn accounted_at(&self) -> Instant {
        self.accounted
    }

    /// Adds the whole seconds since the last call to the session and to `question`, and to
    /// the timeline's visit to it (a new visit when the question changed).
    pub fn account_time(&mut self, question: Option<&str>, now: Instant) {
        let secs = now.saturating_duration_since(self.accounted).as_secs();
        if secs == 0 || self.read_only.is_some() {
            return;
        }
        self.accounted += Duration::from_secs(secs);
        // A finished interview edited afterwards (a note added in review, a conflict settled):
        // that time is not interview time.
        if self.session.meta.finished.is_some() {
            return;
        }
        let from = self.session.elapsed_seconds;
        self.session.elapsed_seconds += secs;
        if let Some(q) = question {
            self.session.answer_mut(q).seconds_spent += secs;
            // The timeline runs on the same clock as the time per question and the stamps.
            self.session.record_visit(q, from, from + secs);
        }
    }

    /// Saves now with `current` as the position, whatever the debounce says. A failure is kept
    /// for the footer and retried.
    /// Nothing changed since the session was opened: nothing is written, and the time it was
    /// open (read, browsed) is not interview time.
    pub fn save(&mut self, store: &Store, current: Option<&str>, now: Instant) {
        if self.read_only.is_some() {
            return;
        }
        if let Some(q) = current {
            self.session.current = Some(q.to_string());
        }
        if !self.saver.touched() {
            return;
        }
        self.account_time(current, now);
        self.session.meta.updated = self.wall_clock();
        if let Err(e) = self.merge_from_disk(store) {
            self.saver.failed(e, now);
            return;
        }
        match store.save_stamped(&self.session) {
            Ok(stamp) => {
                self.saver.saved(self.session.meta.updated);
                self.base = self.session.clone();
                if self.disk.is_some() {
                    self.disk = Some(stamp);
                }
            }
            Err(e) => self.saver.failed(e.to_string(), now),
        }
    }

    /// Before a save: when the file changed since it was read or written (an editor, a script,
    /// a sync), its changes are merged into the session, which is then saved over nothing lost.
    /// A file that changed and cannot be read is not overwritten: the session goes to
    /// `rescued/` and the save waits.
    fn merge_from_disk(&mut self, store: &Store) -> Result<(), String> {
        let Some(known) = &self.disk else {
            return Ok(());
        };
        let id = self.session.id.clone();
        match store.stamp(&id) {
            Ok(Some(now)) if now == *known => Ok(()),
            Ok(None) => {
                self.notice = Some(
                    "The session file was removed on disk (deleted or moved): saved again, nothing lost"
                        .into(),
                );
                Ok(())
            }
            Ok(Some(_)) => match store.load(&id) {
                Ok(theirs) => {
                    let by = super::identity::researcher_name(store.data_dir()).unwrap_or_default();
                    let report = super::merge_as(&self.base, &mut self.session, &theirs, &by);
                    self.notice = Some(report.message());
                    Ok(())
                }
                Err(e) => Err(self.rescue(store, &e.to_string())),
            },
            Err(e) => Err(self.rescue(store, &e.to_string())),
        }
    }

    fn rescue(&mut self, store: &Store, why: &str) -> String {
        let kept = if self.rescued {
            "your version is kept in rescued/".to_string()
        } else {
            match store.rescue(&self.session) {
                Ok(path) => {
                    self.rescued = true;
                    format!("your version is kept in {}", path.display())
                }
                Err(e) => format!("and keeping a copy failed too: {e}"),
            }
        };
        format!("the file changed on disk and cannot be read ({why}): not overwritten; {kept}")
    }

    /// Saves if a debounced save is due.
    pub fn tick(&mut self, store: &Store, current: Option<&str>, now: Instant) {
        if self.saver.due(now) {
            self.save(store, current, now);
        }
    }

    /// Something changed: save soon. A finished session that changes is in progress again
    /// (in the list, the browser and exports) until it is finished again.
    pub fn changed(&mut self, now: Instant) {
        if self.read_only.is_none() {
            self.session.meta.finished = None;
        }
        self.saver.changed(now);
    }

    /// The interviewer took back the finish just made (`e` on the summary after F10): it is in
    /// progress again from now until it is finished again. False when it was not finished (or
    /// is read-only). Opening a finished interview to edit it does not reopen it: it stays
    /// complete, with its finish time, and editing it adds no interview time.
    pub fn reopen(&mut self, now: Instant) -> bool {
        if self.read_only.is_some() || self.session.meta.finished.is_none() {
            return false;
        }
        self.session.meta.finished = None;
        self.saver.changed(now);
        true
    }

    /// Whether a save would write anything new: unsaved changes, or interview time (a second or
    /// more) not yet in the session.
    pub fn needs_save(&self, now: Instant) -> bool {
        self.saver.is_dirty()
            || (self.read_only.is_none()
                && self.session.meta.finished.is_none()
                && self.saver.touched()
                && now.saturating_duration_since(self.accounted) >= Duration::from_secs(1))
    }

    /// Marks the session complete and saves it.
    pub fn finish(&mut self, store: &Store, current: Option<&str>, now: Instant) {
        if self.read_only.is_none() && self.session.meta.finished.is_none() {
            // The interview's time up to now counts; none after it is finished.
            self.account_time(current, now);
            self.session.meta.finished = Some(self.wall_clock());
            self.saver.changed(now);
        }
        self.save(store, current, now);
    }

    /// The time of day for `updated` and `finished`: never before the session started, even when
    /// the wall clock was set back meanwhile (durations come from the monotonic clock anyway).
    fn wall_clock(&self) -> super::Timestamp {
        super::now().max(self.session.meta.started)
    }

    /// Records the researcher's own placement; a finished interview stays finished (a placement
    /// is a judgement on it, not an edit of it).
    pub fn place(&mut self, placement: super::Placement, now: Instant) {
        if self.read_only.is_some() {
            return;
        }
        self.session.place(placement);
        self.saver.changed(now);
    }

    /// Sets (or with `None` clears) the interviewer's status for an obstacle.
    pub fn set_override(&mut self, obstacle: &str, status: Option<ObstacleStatus>, now: Instant) {
        if self.read_only.is_some() {
            return;
        }
        match status {
            Some(s) => {
                self.session
                    .obstacle_overrides
                    .insert(obstacle.to_string(), s);
            }
            None => {
                self.session.obstacle_overrides.remove(obstacle);
            }
        }
        self.changed(now);
    }

    /// Text typed as an answer but refused (not a number, out of range) goes into the
    /// question's notes, so it is never lost. Returns whether anything was kept.
    pub fn keep_refused(&mut self, question: &str, typed: &str, now: Instant) -> bool {
        let typed = typed.trim();
        if typed.is_empty() || self.read_only.is_some() {
            return false;
        }
        let notes = &mut self.session.answer_mut(question).notes;
        if !notes.is_empty() && !notes.ends_with('\n') {
            notes.push('\n');
        }
        notes.push_str(&format!("(typed as the answer: {typed})"));
        self.changed(now);
        true
    }

    /// Keeps `question`'s answer as it is now, so [`OpenSession::undo`] can bring it back.
    pub fn remember(&mut self, question: &str, what: String) {
        let before = self.session.answer(question).cloned().unwrap_or_default();
        self.remember_as(question, before, what);
    }

    /// Remembers `before` as the answer a change started from (when the change has already
    /// been made), so [`OpenSession::undo`] brings it back.
    pub fn remember_as(&mut self, question: &str, before: Answer, what: String) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(Undo {
            question: question.to_string(),
            before,
            what,
            quotes: false,
        });
    }

    /// [`OpenSession::remember_as`] for a change that added quotes (a transcript line quoted,
    /// a suggestion taken): undoing it takes the quotes it added back too.
    pub fn remember_quoting(&mut self, question: &str, before: Answer, what: String) {
        self.remember_as(question, before, what);
        if let Some(last) = self.undo.last_mut() {
            last.quotes = true;
        }
    }

    /// Takes back the last remembered change: the answer is as it was. Returns what it undid.
    pub fn undo(&mut self, now: Instant) -> Option<Undo> {
        if self.read_only.is_some() {
            return None;
        }
        let undo = self.undo.pop()?;
        // The answer and its state come back; notes and quotes typed since stay as they are.
        let answer = self.session.answer_mut(&undo.question);
        answer.value = undo.before.value.clone();
        answer.state = undo.before.state;
        answer.follow_up = undo.before.follow_up;
        if undo.quotes {
            answer.quotes.clone_from(&undo.before.quotes);
            answer.said.clone_from(&undo.before.said);
        }
        self.changed(now);
        Some(undo)
    }

    /// (questions dealt with, questions shown): see [`Session::progress`].
    pub fn progress(&self, guide: &Guide) -> (usize, usize) {
        self.session.progress(guide)
    }
}

impl Session {
    /// (questions dealt with, questions shown): answered, skipped or N/A among the questions
    /// skip logic shows. The one definition of "done" for every screen and the index.
    pub fn progress(&self, guide: &Guide) -> (usize, usize) {
        let mut done = 0;
        let mut shown = 0;
        for (s, q) in guide.questions() {
            if !guide.is_shown(s, q, self) {
                continue;
            }
            shown += 1;
            if self
                .answer(&q.id)
                .is_some_and(|a| a.state != AnswerState::NotAsked)
            {
                done += 1;
            }
        }
        (done, shown)
    }
}

#[cfg(test)]
mod tests;
