//! The plain interview's state over the domain's `OpenSession`: each line read changes the
//! session through the same calls the full screen makes (pick, type a number, set text or
//! notes, skip, undo, move, finish) and is saved at once, so either interface opens the file.

use std::time::Instant;

use super::parse::{self, Command, Input};
use super::show;
use crate::assess::assess;
use crate::guide::{Guide, Question};
use crate::session::{AnswerState, OpenSession, Session, SessionLock, Store};

/// What handling a line gives: the words to say, and whether the conversation is over.
#[derive(Debug, Default)]
pub struct Reply {
    pub text: String,
    pub done: bool,
}

impl Reply {
    fn say(text: impl Into<String>) -> Reply {
        Reply {
            text: text.into(),
            done: false,
        }
    }
}

pub struct Talk<'a> {
    guide: &'a Guide,
    store: &'a Store,
    pub open: OpenSession,
    /// The question at hand, as an index in the guide's flat order.
    pub index: usize,
    /// An "Other…" option was just picked: the next line says what it is.
    pub(super) awaiting_other: bool,
}

impl<'a> Talk<'a> {
    /// Opens a locked session at the question where it stopped (else the first unanswered).
    pub fn open(
        guide: &'a Guide,
        store: &'a Store,
        session: Session,
        lock: SessionLock,
        now: Instant,
    ) -> Talk<'a> {
        let index = guide.resume_at(&session);
        let mut open = OpenSession::new(session, Some(lock), None, now);
        open.watch(store);
        Talk {
            guide,
            store,
            open,
            index,
            awaiting_other: false,
        }
    }

    fn question(&self) -> Option<&'a Question> {
        self.guide.questions().nth(self.index).map(|(_, q)| q)
    }

    fn current_id(&self) -> Option<&'a str> {
        self.question().map(|q| q.id.as_str())
    }

    /// The question at hand, in words.
    pub fn show(&self) -> String {
        show::question(self.guide, &self.open.session, self.index)
    }

    /// Saves now, with the question at hand as the position; says what went wrong, if anything.
    pub fn save(&mut self, now: Instant) -> String {
        let current = self.current_id();
        self.open.save(self.store, current, now);
        let mut said = String::new();
        if let Some(notice) = self.open.notice.take() {
            said.push_str(&format!("{notice}\n"));
        }
        if let Some(e) = self.open.saver.error.as_deref() {
            said.push_str(&format!(
                "Not saved: {e}; it is tried again at the next change and when you leave.\n"
            ));
        }
        said
    }

    /// Something changed: saved at once.
    pub(super) fn changed(&mut self, now: Instant) -> String {
        self.open.changed(now);
        self.save(now)
    }

    /// Handles one line typed.
    pub fn handle(&mut self, typed: &str, now: Instant) -> Reply {
        let Some(q) = self.question() else {
            return Reply::say("The guide has no questions.");
        };
        let awaiting_other = std::mem::take(&mut self.awaiting_other);
        match parse::parse(typed) {
            // Just after "Other…" was picked, the writing says what it is.
            Input::Text(text) if awaiting_other => Reply::say(self.set_other(q, &text, now)),
            Input::Command(c) => self.command(c, now),
            Input::Notes(text) if text.is_empty() => {
                Reply::say("Nothing after “notes:”: nothing was added.")
            }
            Input::Notes(text) => Reply::say(self.add_notes(q, &text, now)),
            Input::Other(text) => Reply::say(self.set_other(q, &text, now)),
            Input::Go(query) => Reply::say(self.go(&query, now)),
            Input::Answer(text) | Input::Text(text) => Reply::say(self.answer(q, &text, now)),
            Input::Empty => Reply::say(format!(
                "Nothing typed: `{}` moves on, `{}` lists the commands.",
                parse::word(Command::Next),
                parse::word(Command::Help)
            )),
        }
    }

    fn command(&mut self, command: Command, now: Instant) -> Reply {
        let Some(q) = self.question() else {
            return Reply::default();
        };
        let said = match command {
            Command::Next => return Reply::say(self.step(true, now)),
            Command::Back => return Reply::say(self.step(false, now)),
            Command::Skip => return Reply::say(self.mark(q, AnswerState::Skipped, now)),
            Command::NotApplicable => {
                return Reply::say(self.mark(q, AnswerState::NotApplicable, now))
            }
            Command::Clear => {
                self.open.remember(&q.id, "clearing the answer".into());
                self.open.session.clear_answer(&q.id);
                let saved = self.changed(now);
                format!("{saved}Answer cleared (notes and quotes kept).")
            }
            Command::Undo => match self.open.undo(now) {
                Some(undo) => {
                    let saved = self.save(now);
                    format!("{saved}Undone: {}.", undo.what)
                }
                None => "Nothing to undo.".into(),
            },
            Command::Notes => match self.open.session.answer(&q.id) {
                Some(a) if !a.notes.trim().is_empty() => {
                    format!("Notes:\n{}", crate::text::block(a.notes.trim_end()))
                }
                _ => "No notes on this question yet.".into(),
            },
            Command::Gauge => {
                let a = assess(self.guide, &self.open.session);
                show::gauge(self.guide, &self.open.session, &a)
            }
            Command::Repeat => self.show(),
            Command::Help => show::help(),
            Command::Finish => return self.finish(now),
            Command::Quit => {
                let saved = self.save(now);
                return Reply {
                    text: format!(
                        "{saved}Saved; the interview stays in progress (`journey --plain resume {}`).",
                        self.open.session.id
                    ),
                    done: true,
                };
            }
        };
        Reply::say(said)
    }

    fn finish(&mut self, now: Instant) -> Reply {
        let current = self.current_id();
        self.open.finish(self.store, current, now);
        let (done, shown) = self.open.progress(self.guide);
        let mut text = self.save(now);
        text.push_str(&format!(
            "Finished: {done} of {shown} questions done; session {} is saved.",
            self.open.session.id
        ));
        Reply { text, done: true }
    }

    /// Goes to the next (or previous) question skip logic shows: the time so far goes to the
    /// question left, and the session is saved with the new position, as the full screen does.
    fn step(&mut self, forward: bool, now: Instant) -> String {
        match self.guide.step(&self.open.session, self.index, forward) {
            Some(i) => self.go_to(i, now),
            None if forward => format!(
                "End of the guide: `{}` finishes the interview.",
                parse::word(Command::Finish)
            ),
            None => "This is the first question.".into(),
        }
    }

    /// `go: …`: the question with that number among those shown, else the best match of the
    /// words (as Ctrl-G finds it on the full screen).
    fn go(&mut self, query: &str, now: Instant) -> String {
        let session = &self.open.session;
        let shown: Vec<(usize, &Question)> = self
            .guide
            .questions()
            .enumerate()
            .filter(|(_, (s, q))| self.guide.is_shown(s, q, session))
            .map(|(i, (_, q))| (i, q))
            .collect();
        let wanted = match query.trim().parse::<usize>() {
            Ok(n) => n.checked_sub(1).and_then(|n| shown.get(n)).map(|(i, _)| *i),
            Err(_) if query.trim().is_empty() => None,
            Err(_) => crate::guide::find::find(query, shown.iter().copied())
                .first()
                .copied(),
        };
        match wanted {
            Some(index) => self.go_to(index, now),
            None => format!(
                "No question shown matches “{}”: nothing was changed.",
                crate::text::line(query.trim())
            ),
        }
    }

    fn go_to(&mut self, index: usize, now: Instant) -> String {
        let left = self.current_id();
        self.open.account_time(left, now);
        self.index = index;
        let saved = self.save(now);
        format!("{saved}{}", self.show())
    }

    /// Marks the question skipped or n/a (or takes the mark back), and moves on when marked.
    fn mark(&mut self, q: &Question, mark: AnswerState, now: Instant) -> String {
        self.open
            .remember(&q.id, format!("marking it {}", mark.label()));
        self.open.session.toggle_state(&q.id, mark);
        let saved = self.changed(now);
        let marked = self.open.session.answer(&q.id).map(|a| a.state) == Some(mark);
        if marked {
            let moved = self.step(true, now);
            format!("{saved}Marked {}.\n{moved}", mark.label())
        } else {
            format!("{saved}No longer marked {}.", mark.label())
        }
    }
}
