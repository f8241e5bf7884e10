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
                    let by = super::identity::researcher(store.data_dir()).ok().flatten();
                    let by = by.map(|who| who.name).unwrap_or_default();
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

    /// The researcher reopened a finished interview to edit it (`e`): it is in progress again
    /// from now until it is finished again. False when it was not finished (or is read-only).
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
                && self.saver.touched()
                && now.saturating_duration_since(self.accounted) >= Duration::from_secs(1))
    }

    /// Marks the session complete and saves it.
    pub fn finish(&mut self, store: &Store, current: Option<&str>, now: Instant) {
        if self.read_only.is_none() && self.session.meta.finished.is_none() {
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
        });
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
mod tests {
    use super::*;
    use crate::session::Meta;

    fn open(dir: &tempfile::TempDir, now: Instant) -> (Store, OpenSession) {
        let store = Store::open(dir.path()).expect("store");
        let guide = crate::guide::builtin().expect("guide");
        let mut session = Session::new(&guide, Meta::new("Acme"));
        store.create(&mut session).expect("create");
        let lock = store.lock(&session.id).expect("lock");
        (store, OpenSession::new(session, Some(lock), None, now))
    }

    #[test]
    fn time_goes_to_the_question_in_whole_seconds_and_saving_records_the_position() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (store, mut open) = open(&dir, t0);
        open.changed(t0);
        open.account_time(Some("org.industry"), t0 + Duration::from_millis(2500));
        assert_eq!(open.session.elapsed_seconds, 2);
        assert!(open.needs_save(t0 + Duration::from_millis(3600)));
        open.save(&store, Some("org.size"), t0 + Duration::from_secs(5));
        let saved = store.load(&open.session.id).expect("load");
        assert_eq!(saved.elapsed_seconds, 5);
        assert_eq!(
            saved.answer("org.industry").map(|a| a.seconds_spent),
            Some(2)
        );
        assert_eq!(saved.answer("org.size").map(|a| a.seconds_spent), Some(3));
        assert_eq!(saved.current.as_deref(), Some("org.size"));
        assert!(!open.needs_save(t0 + Duration::from_millis(5500)));
        let visits: Vec<(&str, u64, u64)> = saved
            .timeline
            .iter()
            .map(|v| (v.question.as_str(), v.from, v.to))
            .collect();
        assert_eq!(visits, [("org.industry", 0, 2), ("org.size", 2, 5)]);
    }

    #[test]
    fn a_session_opened_and_closed_unchanged_gets_no_time_and_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (store, mut open) = open(&dir, t0);
        let path = store.path(&open.session.id);
        let before = std::fs::read(&path).expect("read");
        let later = t0 + Duration::from_secs(600);
        assert!(!open.needs_save(later));
        open.save(&store, Some("org.size"), later);
        assert_eq!(std::fs::read(&path).expect("read"), before);
        open.finish(&store, None, later);
        let finished = store.load(&open.session.id).expect("load");
        assert!(finished.meta.finished.is_some(), "finishing is a change");
    }

    #[test]
    fn a_read_only_session_changes_nothing_and_saves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (store, open) = open(&dir, t0);
        let session = open.session.clone();
        drop(open);
        let mut ro = OpenSession::new(session, None, Some("open elsewhere".into()), t0);
        assert!(!ro.keep_refused("org.servers", "lots", t0));
        ro.set_override("storage", Some(ObstacleStatus::Raised), t0);
        ro.save(&store, Some("org.size"), t0 + Duration::from_secs(9));
        let saved = store.load(&ro.session.id).expect("load");
        assert!(saved.obstacle_overrides.is_empty() && saved.current.is_none());
        assert!(!ro.needs_save(t0 + Duration::from_secs(9)));
    }

    #[test]
    fn undo_brings_back_each_answer_in_turn() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (_, mut open) = open(&dir, t0);
        open.remember("org.servers", "typing".into());
        open.session.set_number("org.servers", Some(450.0));
        open.remember("org.servers", "skipping".into());
        open.session
            .toggle_state("org.servers", AnswerState::Skipped);
        let first = open.undo(t0).expect("undo");
        assert_eq!(first.what, "skipping");
        assert_eq!(
            open.session
                .answer("org.servers")
                .and_then(|a| a.value.clone()),
            Some(super::super::Value::Number(450.0))
        );
        assert_eq!(open.undo(t0).map(|u| u.what), Some("typing".into()));
        assert_eq!(
            open.session
                .answer("org.servers")
                .and_then(|a| a.value.clone()),
            None
        );
        assert!(open.undo(t0).is_none());
    }

    #[test]
    fn undo_never_takes_back_notes_typed_since() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (_, mut open) = open(&dir, t0);
        open.remember("org.servers", "typing".into());
        open.session.set_number("org.servers", Some(450.0));
        open.session
            .set_notes("org.servers", "two sites, said twice");
        open.undo(t0).expect("undo");
        let a = open.session.answer("org.servers").expect("answer");
        assert_eq!(
            (a.value.clone(), a.notes.as_str()),
            (None, "two sites, said twice")
        );
    }

    #[test]
    fn updated_and_finished_never_fall_before_started_when_the_clock_goes_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (store, mut open) = open(&dir, t0);
        // As if the session had started an hour ahead of what the wall clock now says.
        let ahead = super::super::now() + chrono::Duration::hours(1);
        open.session.meta.started = ahead;
        open.changed(t0);
        open.save(&store, None, t0 + Duration::from_secs(2));
        open.finish(&store, None, t0 + Duration::from_secs(3));
        let saved = store.load(&open.session.id).expect("load");
        assert!(saved.meta.updated >= saved.meta.started);
        assert!(saved.meta.finished.is_some_and(|f| f >= saved.meta.started));
        assert_eq!(
            saved.elapsed_seconds, 3,
            "durations from the monotonic clock"
        );
    }

    #[test]
    fn refused_text_is_kept_on_its_own_line_of_the_notes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let (_, mut open) = open(&dir, t0);
        open.session.set_notes("org.servers", "two sites");
        assert!(open.keep_refused("org.servers", " 5,000,000 ", t0));
        assert!(!open.keep_refused("org.servers", "  ", t0));
        assert_eq!(
            open.session.answer("org.servers").map(|a| a.notes.as_str()),
            Some("two sites\n(typed as the answer: 5,000,000)")
        );
        assert!(open.saver.is_dirty());
    }
}
