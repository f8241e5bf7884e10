//! The interview screen: its state here (the open session from the domain, the question at
//! hand, where the keyboard is); typing in `input`, commands in `commands`, the text fields in
//! `fields`, drawing in `draw` and `answer`, the component and its overlays in `component`.

mod answer;
mod commands;
mod component;
mod digits;
mod draw;
mod fields;
mod input;
mod shape;
mod transcript;

pub use draw::{FULL, MEDIUM, MINIMUM};

use std::time::{Duration, Instant};

use ratatui_textarea::TextArea;

use super::action::{Action, Command};
use super::keymap;
use crate::assess::{assess, Assessment};
use crate::guide::{Guide, Kind, ObstacleStatus, Question, Section};
use crate::session::{OpenSession, Session, SessionLock, Store};

pub use crate::tui::focus::Focus;

/// What a narrow terminal shows in place of the three columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    #[default]
    Question,
    Gauge,
    Obstacles,
    Outline,
}

impl Panel {
    pub const ALL: [Panel; 4] = [
        Panel::Question,
        Panel::Gauge,
        Panel::Obstacles,
        Panel::Outline,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Panel::Question => "Question",
            Panel::Gauge => "Stage",
            Panel::Obstacles => "Obstacles",
            Panel::Outline => "Outline",
        }
    }
}

/// How long a flash message stays in the footer.
const FLASH: Duration = Duration::from_secs(4);

pub struct Interview {
    /// The session, its lock, time and saving: what an open interview is, in the domain.
    pub open: OpenSession,
    pub assessment: Assessment,
    /// The current question, as an index in the guide's flat order.
    pub index: usize,
    pub focus: Focus,
    /// The option (or scale point) under the cursor.
    pub cursor: usize,
    pub answer_field: TextArea<'static>,
    pub other_field: TextArea<'static>,
    pub notes_field: TextArea<'static>,
    pub number_error: Option<String>,
    pub flash: Option<(String, Instant)>,
    pub panel: Panel,
    /// Wide terminals: the side columns hidden with F11, the question at full width.
    pub panels_hidden: bool,
    /// The obstacle under the cursor in the obstacle editor.
    pub obstacle_cursor: usize,
    /// Whether the typing in the focused answer field is already one undoable change.
    typing_recorded: bool,
    /// Digits just typed at the options, which may be the start of a note.
    digit_run: Option<digits::DigitRun>,
    number_run: Option<digits::NumberRun>,
}

impl Interview {
    /// Opens a session for the interview; `lock` is `None` for read-only viewing.
    pub fn open(
        guide: &Guide,
        session: Session,
        lock: Option<SessionLock>,
        read_only: Option<String>,
        now: Instant,
    ) -> Interview {
        let index = guide.resume_at(&session);
        let assessment = assess(guide, &session);
        let mut interview = Interview {
            open: OpenSession::new(session, lock, read_only, now),
            assessment,
            index,
            focus: Focus::Options,
            cursor: 0,
            answer_field: TextArea::default(),
            other_field: TextArea::default(),
            notes_field: TextArea::default(),
            number_error: None,
            flash: None,
            panel: Panel::default(),
            panels_hidden: false,
            obstacle_cursor: 0,
            typing_recorded: false,
            digit_run: None,
            number_run: None,
        };
        interview.enter_question(guide);
        interview
    }

    /// The session under way.
    pub fn session(&self) -> &Session {
        &self.open.session
    }

    /// Why the session cannot be changed, when it cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.open.read_only()
    }

    /// The id of the question on screen.
    fn current_id<'g>(&self, guide: &'g Guide) -> Option<&'g str> {
        self.question(guide).map(|(_, q)| q.id.as_str())
    }

    /// Interview time so far.
    pub fn elapsed(&self, now: Instant) -> Duration {
        self.open.elapsed(now)
    }

    /// (questions dealt with, questions shown).
    pub fn progress(&self, guide: &Guide) -> (usize, usize) {
        self.open.progress(guide)
    }

    /// Saves now, with the question on screen as the position.
    pub fn save(&mut self, guide: &Guide, store: &Store, now: Instant) {
        let current = self.current_id(guide);
        let before = current.and_then(|q| self.open.session.answer(q).cloned());
        self.open.save(store, current, now);
        self.after_save(guide, before, now);
    }

    /// Saves if a debounced save is due.
    pub fn tick(&mut self, guide: &Guide, store: &Store, now: Instant) {
        let current = self.current_id(guide);
        let before = current.and_then(|q| self.open.session.answer(q).cloned());
        self.open.tick(store, current, now);
        self.after_save(guide, before, now);
    }

    /// A save that merged changes made on disk: say so, assess again, and show the question's
    /// merged answer without moving the focus, so typing goes on where it was.
    fn after_save(&mut self, guide: &Guide, before: Option<crate::session::Answer>, now: Instant) {
        let Some(notice) = self.open.notice.take() else {
            return;
        };
        self.flash(notice, now);
        self.assessment = assess(guide, &self.open.session);
        let after = self
            .current_id(guide)
            .and_then(|q| self.open.session.answer(q).cloned());
        if after != before {
            let focus = self.focus;
            self.enter_question(guide);
            self.focus_at_end(focus);
        }
    }

    /// Notes the session file as it is now, so a change by another program is merged, never
    /// overwritten.
    pub fn watch_disk(&mut self, store: &Store) {
        self.open.watch(store);
    }

    /// Whether a save would write anything new.
    pub fn needs_save(&self, now: Instant) -> bool {
        self.open.needs_save(now)
    }

    /// Something changed: save soon, and assess again.
    fn changed(&mut self, guide: &Guide, now: Instant) {
        self.open.changed(now);
        self.assessment = assess(guide, &self.open.session);
    }

    /// A number that was typed but refused (not a number, out of range) is not dropped when the
    /// interviewer moves on: it goes into the question's notes, and the footer says so.
    pub fn keep_rejected_number(&mut self, guide: &Guide, now: Instant) {
        if self.number_error.is_none() {
            return;
        }
        let Some(qid) = self.current_id(guide) else {
            return;
        };
        let typed = crate::text::from_field(&self.answer_field.lines().join(" "));
        if self.open.keep_refused(qid, &typed, now) {
            // The fields show the session again: the notes with the line, the answer as it was.
            self.enter_question(guide);
            self.flash(
                format!(
                    "“{}” is not a valid answer: it is kept in the notes",
                    typed.trim()
                ),
                now,
            );
            self.changed(guide, now);
        }
    }

    /// Sets (or with `None` clears) the interviewer's status for an obstacle.
    pub fn set_override(
        &mut self,
        guide: &Guide,
        obstacle: usize,
        status: Option<ObstacleStatus>,
        now: Instant,
    ) {
        if self.refuse_if_read_only(now) {
            return;
        }
        if let Some(o) = guide.obstacles.get(obstacle) {
            self.open.set_override(&o.id, status, now);
            self.changed(guide, now);
        }
    }

    /// Keeps version `keep` of the current question's conflict; the others are recorded in the
    /// session's resolved conflicts, never in the notes. False when there is no such version.
    pub fn resolve(&mut self, guide: &Guide, keep: usize, now: Instant) -> bool {
        self.resolve_by(guide, keep, "", now)
    }

    /// [`Interview::resolve`], naming who kept the version (the researcher using journey).
    pub fn resolve_by(&mut self, guide: &Guide, keep: usize, by: &str, now: Instant) -> bool {
        if self.refuse_if_read_only(now) {
            return true;
        }
        let Some((_, q)) = self.question(guide) else {
            return false;
        };
        let Some(id) = self
            .session()
            .conflict_at_hand(&q.id)
            .map(|c| c.question.clone())
        else {
            return false;
        };
        // A metadata conflict (no question shows one) is resolved from any question.
        let q = (id == q.id).then(|| q.clone());
        self.remember(guide, "the conflict".into());
        if !self
            .open
            .session
            .resolve_conflict_by(q.as_ref(), &id, keep, by)
        {
            return false;
        }
        self.changed(guide, now);
        self.enter_question(guide);
        let kept = if q.is_some() {
            "Kept that version; the others stay in the session's resolved conflicts (`journey show`)"
        } else {
            "Kept that value; the metadata conflict is resolved"
        };
        self.flash(kept, now);
        true
    }

    /// Marks the session complete (keeping the first finish time) and saves it.
    pub fn finish(&mut self, guide: &Guide, store: &Store, now: Instant) {
        self.keep_rejected_number(guide, now);
        let current = self.current_id(guide);
        self.open.finish(store, current, now);
    }

    pub fn question<'g>(&self, guide: &'g Guide) -> Option<(&'g Section, &'g Question)> {
        guide.questions().nth(self.index)
    }

    /// Whether keys go to a text field, and whether it takes several lines.
    pub fn field_mode(&self, guide: &Guide) -> Option<bool> {
        let kind = self.question(guide).map(|(_, q)| q.kind);
        match self.focus {
            Focus::Options => None,
            Focus::AnswerField => Some(kind == Some(Kind::Text)),
            Focus::Other => Some(false),
            Focus::Notes => Some(true),
        }
    }

    /// How keys are read on this screen now.
    pub fn mode(&self, guide: &Guide) -> crate::tui::keymap::Mode {
        use crate::tui::keymap::Mode;
        match self.field_mode(guide) {
            Some(multiline) => Mode::InterviewField { multiline },
            None => Mode::Interview,
        }
    }

    /// Where the next keystroke goes, in words for the screen.
    pub fn focus_label(&self, guide: &Guide) -> String {
        let kind = self.question(guide).map(|(_, q)| q.kind);
        match (self.focus, kind) {
            (Focus::Options, Some(Kind::Single | Kind::Multiple)) => {
                options_label(self.question(guide).map_or(0, |(_, q)| q.options.len()))
            }
            (Focus::Options, Some(Kind::Scale)) => format!(
                "scale: a digit or {} sets the point · letters go to the notes",
                options_key(Action::Right)
            ),
            (Focus::Options, _) => "typing goes to the answer".into(),
            (Focus::AnswerField, Some(Kind::Number)) => {
                "typing the number · letters go to the notes".into()
            }
            (Focus::AnswerField, _) => "typing the answer".into(),
            (Focus::Other, _) => format!(
                "typing what “other” is · {} done",
                field_key(false, Action::Select)
            ),
            (Focus::Notes, _) => format!(
                "typing the notes · {} leaves them",
                field_key(true, Action::Back)
            ),
        }
    }

    pub fn flash(&mut self, message: impl Into<String>, now: Instant) {
        self.flash = Some((message.into(), now));
    }

    pub fn flash_text(&self, now: Instant) -> Option<&str> {
        self.flash
            .as_ref()
            .filter(|(_, at)| now.saturating_duration_since(*at) < FLASH)
            .map(|(m, _)| m.as_str())
    }

    /// Moves to another question: the time so far goes to the question left, the session is
    /// saved with the new position (so a resume opens there), then the question is loaded.
    pub fn go_to(&mut self, guide: &Guide, store: &Store, index: usize, now: Instant) {
        self.keep_rejected_number(guide, now);
        let left = self.current_id(guide);
        self.open.account_time(left, now);
        self.index = index;
        self.save(guide, store, now);
        self.enter_question(guide);
    }

    pub fn go_next(&mut self, guide: &Guide, store: &Store, now: Instant) {
        match guide.step(&self.open.session, self.index, true) {
            Some(i) => self.go_to(guide, store, i, now),
            None => {
                self.save(guide, store, now);
                let finish = keymap::interview_key(&Action::Command(Command::Finish));
                self.flash(
                    format!("End of the guide: {finish} finishes the interview"),
                    now,
                );
            }
        }
    }

    /// Handles an action on the interview screen (overlays are handled by the app).
    pub fn update(&mut self, guide: &Guide, store: &Store, action: Action, now: Instant) {
        if !matches!(action, Action::Digit(_) | Action::Input(_)) {
            self.end_digit_run();
        } else if self.panel != Panel::Question {
            // Typing is writing where it can be seen: a small terminal showing the stage, the
            // obstacles or the outline goes back to the question first.
            self.panel = Panel::Question;
        }
        match action {
            Action::NextQuestion => self.go_next(guide, store, now),
            Action::PrevQuestion => match guide.step(&self.open.session, self.index, false) {
                Some(i) => self.go_to(guide, store, i, now),
                None => self.flash("This is the first question", now),
            },
            Action::NextSection | Action::PrevSection => {
                match guide.section_step(
                    &self.open.session,
                    self.index,
                    action == Action::NextSection,
                ) {
                    Some(i) => self.go_to(guide, store, i, now),
                    None => self.flash("No more sections that way", now),
                }
            }
            Action::Back => self.set_focus(Focus::Options),
            Action::FocusNext | Action::FocusPrev => {
                self.cycle_focus(guide, action == Action::FocusNext);
            }
            Action::Up => self.move_cursor(guide, -1),
            Action::Down => self.move_cursor(guide, 1),
            Action::Left => self.scale_step(guide, -1, now),
            Action::Right => self.scale_step(guide, 1, now),
            Action::Select => self.select(guide, now),
            Action::Digit(d) => self.digit(guide, d, now),
            Action::Input(key) => self.input(guide, key, now),

            Action::Paste(text) => self.paste(guide, &text, now),
            Action::Command(c) => self.command(guide, store, c, now),
            _ => {}
        }
    }

    fn refuse_if_read_only(&mut self, now: Instant) -> bool {
        if self.open.read_only().is_some() {
            self.flash("Read-only: this session is open in another journey", now);
            true
        } else {
            false
        }
    }
}

/// What the keys do at `count` options: the digits pick the first ten (0 the tenth), the
/// arrows and Enter reach the rest; keys named from the options' table.
fn options_label(count: usize) -> String {
    let digits = if count <= 9 {
        keymap::Key::Digits.name()
    } else {
        options_key(Action::Digit(0))
    };
    let rest = if count > 10 {
        format!(
            " · {} {} the rest",
            options_key(Action::Down),
            options_key(Action::Select)
        )
    } else {
        String::new()
    };
    format!("options: {digits} pick{rest} · letters go to the notes")
}

/// The key of the options' table that gives `action`, as hints write it.
fn options_key(action: Action) -> String {
    keymap::key_for(keymap::Mode::Interview, &action).unwrap_or_default()
}

/// The key of a text field's table that gives `action` (Enter, Esc), as hints write it.
fn field_key(multiline: bool, action: Action) -> String {
    keymap::key_for(keymap::Mode::InterviewField { multiline }, &action).unwrap_or_default()
}

/// `mm:ss`, or `h:mm:ss` past the hour.
pub fn clock(elapsed: Duration) -> String {
    crate::session::clock(elapsed.as_secs())
}
