//! The plain interview's state over the domain's `OpenSession`: each line read changes the
//! session through the same calls the full screen makes (pick, type a number, set text or
//! notes, skip, undo, move, finish) and is saved at once, so either interface opens the file.

use std::time::Instant;

use super::parse::{self, numbers, Command, Input};
use super::show;
use crate::assess::assess;
use crate::guide::{Guide, Kind, Question};
use crate::session::{AnswerState, OpenSession, Session, SessionLock, Store, Value};

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
    awaiting_other: bool,
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
        let index = session
            .current
            .as_deref()
            .and_then(|id| guide.position(id))
            .map(|p| p.flat)
            .or_else(|| guide.first_unanswered(&session))
            .unwrap_or(0);
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
    fn changed(&mut self, now: Instant) -> String {
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

    /// Appends a line to the question's notes.
    fn add_notes(&mut self, q: &Question, text: &str, now: Instant) -> String {
        let mut notes = self
            .open
            .session
            .answer(&q.id)
            .map(|a| a.notes.clone())
            .unwrap_or_default();
        if !notes.is_empty() && !notes.ends_with('\n') {
            notes.push('\n');
        }
        notes.push_str(text);
        self.open.session.set_notes(&q.id, &notes);
        let saved = self.changed(now);
        format!("{saved}Added to the notes.")
    }

    fn set_other(&mut self, q: &Question, text: &str, now: Instant) -> String {
        let Some(other) = q.options.iter().position(|o| o.other) else {
            return "This question has no “Other” option: nothing was changed.".into();
        };
        self.open.remember(&q.id, "the “Other” text".into());
        if !self.chosen(q).contains(&q.options[other].id) && !text.is_empty() {
            self.open.session.pick(q, &q.options[other].id);
        }
        self.open.session.set_other(&q.id, text);
        let saved = self.changed(now);
        format!("{saved}{}", show::state(q, &self.open.session))
    }

    fn chosen(&self, q: &Question) -> Vec<String> {
        match self
            .open
            .session
            .answer(&q.id)
            .and_then(|a| a.value.as_ref())
        {
            Some(Value::Choice { selected, .. }) => selected.clone(),
            _ => Vec::new(),
        }
    }

    /// Writing: the answer where the question's kind reads it so, else the notes.
    fn answer(&mut self, q: &Question, text: &str, now: Instant) -> String {
        match q.kind {
            Kind::Single | Kind::Multiple => match numbers(text) {
                Some(picked) => self.pick(q, &picked, now),
                None => self.write_notes(q, text, "numbers pick options", now),
            },
            Kind::Scale => self.scale(q, text, now),
            Kind::Number => self.number(q, text, now),
            Kind::Text => {
                let mut answer = match self.open.session.answer(&q.id).map(|a| &a.value) {
                    Some(Some(Value::Text(t))) => format!("{t}\n"),
                    _ => String::new(),
                };
                answer.push_str(text);
                self.open.remember(&q.id, "the typed answer".into());
                self.open.session.set_text(&q.id, &answer);
                let saved = self.changed(now);
                format!("{saved}Added to the answer.")
            }
        }
    }

    fn write_notes(&mut self, q: &Question, text: &str, why: &str, now: Instant) -> String {
        let added = self.add_notes(q, text, now);
        format!(
            "{} ({why}; `{}` lists the commands).",
            added.trim_end_matches('.'),
            parse::word(Command::Help)
        )
    }

    /// Option numbers: the choice becomes exactly the options named.
    fn pick(&mut self, q: &Question, picked: &[usize], now: Instant) -> String {
        let n = q.options.len();
        if let Some(bad) = picked.iter().find(|p| **p > n) {
            return format!(
                "There is no option {bad}: the options go from 1 to {n}. Nothing was changed."
            );
        }
        if q.kind == Kind::Single && picked.len() > 1 {
            return "One choice only: type one number. Nothing was changed.".into();
        }
        let wanted: Vec<&str> = picked
            .iter()
            .map(|p| q.options[p - 1].id.as_str())
            .collect();
        let exclusive = wanted
            .iter()
            .filter_map(|id| q.option(id))
            .find(|o| o.exclusive);
        if let (Some(o), true) = (exclusive, wanted.len() > 1) {
            return format!(
                "“{}” goes alone: type it by itself. Nothing was changed.",
                crate::text::line(&o.label)
            );
        }
        self.open.remember(&q.id, "the choice".into());
        if q.kind == Kind::Multiple {
            for id in self.chosen(q) {
                if !wanted.contains(&id.as_str()) {
                    self.open.session.pick(q, &id);
                }
            }
        }
        let chosen = self.chosen(q);
        for id in &wanted {
            if !chosen.iter().any(|c| c == id) {
                self.open.session.pick(q, id);
            }
        }
        let saved = self.changed(now);
        let other = wanted
            .iter()
            .filter_map(|id| q.option(id))
            .find(|o| o.other);
        let ask = match other {
            Some(o) => format!(
                "\n“{}” chosen: type what it is (or `{}` any time).",
                crate::text::line(&o.label),
                parse::OTHER_PREFIX
            ),
            None => String::new(),
        };
        self.awaiting_other = other.is_some();
        format!("{saved}{}{ask}", show::state(q, &self.open.session))
    }

    fn scale(&mut self, q: &Question, text: &str, now: Instant) -> String {
        let (min, max) = (q.min.unwrap_or(1.0), q.max.unwrap_or(5.0));
        let Some(value) = crate::session::parse_number(text) else {
            return self.write_notes(q, text, "a number sets the scale", now);
        };
        if value.fract() != 0.0 || value < min || value > max {
            return format!(
                "The scale goes from {} to {}: nothing was changed.",
                crate::session::format_number(min, ""),
                crate::session::format_number(max, "")
            );
        }
        self.open.remember(
            &q.id,
            format!(
                "setting the scale to {}",
                crate::session::format_number(value, "")
            ),
        );
        self.open.session.set_number(&q.id, Some(value));
        let saved = self.changed(now);
        format!("{saved}{}", show::state(q, &self.open.session))
    }

    /// A number question: a number is the answer (checked against its range; a refused one
    /// is kept in the notes, as the full screen keeps it); other text is notes.
    fn number(&mut self, q: &Question, text: &str, now: Instant) -> String {
        if crate::session::parse_number(text).is_none() {
            return self.write_notes(q, text, "not a number", now);
        }
        self.open.remember(&q.id, "the typed number".into());
        let before = self.open.session.answer(&q.id).cloned().unwrap_or_default();
        match self.open.session.type_number(q, text) {
            Ok(()) => {
                let saved = self.changed(now);
                format!("{saved}{}", show::state(q, &self.open.session))
            }
            Err(why) => {
                // The answer stays as it was; what was typed goes into the notes.
                let answer = self.open.session.answer_mut(&q.id);
                answer.value = before.value;
                answer.state = before.state;
                self.open.keep_refused(&q.id, text, now);
                let saved = self.save(now);
                format!(
                    "{saved}Not the answer ({why}): “{}” is kept in the notes.",
                    text.trim()
                )
            }
        }
    }
}
