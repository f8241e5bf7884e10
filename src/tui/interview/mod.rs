//! The interview screen's state: the open session (from the domain), the question at hand, where
//! the keyboard is, and the text fields. Typing lives in `input`, commands in `commands`.

mod commands;
pub(crate) mod digits;
mod input;

use std::time::{Duration, Instant};

use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::action::Action;
use crate::assess::{assess, Assessment};
use crate::guide::{Guide, Kind, ObstacleStatus, Question, Section};
use crate::session::{format_number, AnswerState, OpenSession, Session, SessionLock, Store, Value};

/// Which part of the question has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Options and scale points; letters are commands.
    Options,
    /// The typed answer of a text or number question.
    AnswerField,
    /// The free text of an "Other: ..." option.
    Other,
    Notes,
}

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
}

/// Fields over this many bytes are not wrapped: ratatui-textarea wraps every line of a field
/// again on each key, which took 75 ms a key in a 1 MB note. Lines then run past the edge and
/// the view follows the cursor sideways.
const WRAP_LIMIT: usize = 128 * 1024;

/// Wraps the field's lines, unless it is too long to wrap at each key; true when that changed.
fn fit_wrap(area: &mut TextArea<'static>) -> bool {
    let long = area.lines().iter().map(|l| l.len() + 1).sum::<usize>() > WRAP_LIMIT;
    let mode = if long {
        WrapMode::None
    } else {
        WrapMode::WordOrGlyph
    };
    let changed = area.wrap_mode() != mode;
    if changed {
        area.set_wrap_mode(mode);
    }
    changed
}

fn field(lines: &str, placeholder: &str) -> TextArea<'static> {
    // Shown reversibly safe: what the field holds goes back to the session exactly.
    let safe = crate::text::to_field(lines);
    let mut area = TextArea::new(safe.split('\n').map(String::from).collect());
    area.set_placeholder_text(placeholder);
    fit_wrap(&mut area);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
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
        let index = session
            .current
            .as_deref()
            .and_then(|id| guide.position(id))
            .map(|p| p.flat)
            .or_else(|| first_unanswered(guide, &session))
            .unwrap_or(0);
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

    /// Keeps version `keep` of the current question's conflicting answer; the others go into
    /// its notes. False when there is no such version.
    pub fn resolve(&mut self, guide: &Guide, keep: usize, now: Instant) -> bool {
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
        if !self.open.session.resolve_conflict(q.as_ref(), &id, keep) {
            return false;
        }
        self.changed(guide, now);
        self.enter_question(guide);
        let kept = if q.is_some() {
            "Kept that version; the other copy's answer is in the notes"
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
                let count = self.question(guide).map_or(0, |(_, q)| q.options.len());
                match count {
                    0..=9 => "options: 1–9 pick · letters go to the notes".into(),
                    10 => "options: 1–9,0 pick · letters go to the notes".into(),
                    _ => "options: 1–9,0 pick · ↑↓ Enter the rest · letters go to the notes".into(),
                }
            }
            (Focus::Options, Some(Kind::Scale)) => {
                "scale: a digit or ← → sets the point · letters go to the notes".into()
            }
            (Focus::Options, _) => "typing goes to the answer".into(),
            (Focus::AnswerField, Some(Kind::Number)) => {
                "typing the number · letters go to the notes".into()
            }
            (Focus::AnswerField, _) => "typing the answer".into(),
            (Focus::Other, _) => "typing what “other” is · Enter done".into(),
            (Focus::Notes, _) => "typing the notes · Esc leaves them".into(),
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

    /// Loads the fields for the current question and puts the focus where typing starts.
    fn enter_question(&mut self, guide: &Guide) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let answer = self.open.session.answer(&q.id).cloned().unwrap_or_default();
        let (typed, other, picked) = match &answer.value {
            Some(Value::Text(t)) => (t.clone(), String::new(), None),
            Some(Value::Number(n)) => (format_number(*n, ""), String::new(), None),
            Some(Value::Choice { selected, other }) => (
                String::new(),
                other.clone().unwrap_or_default(),
                selected
                    .first()
                    .and_then(|id| q.options.iter().position(|o| o.id == *id)),
            ),
            None => (String::new(), String::new(), None),
        };
        let hint = match q.kind {
            Kind::Number => "type a number",
            _ => "type the answer",
        };
        self.answer_field = field(&typed, hint);
        self.other_field = field(&other, "what else?");
        self.notes_field = field(&answer.notes, "notes: Ctrl-T puts the time in");
        self.number_error = None;
        self.cursor = match q.kind {
            Kind::Scale => answer
                .value
                .as_ref()
                .and_then(|v| match v {
                    Value::Number(n) => Some((n - q.min.unwrap_or(0.0)).max(0.0) as usize),
                    _ => None,
                })
                .unwrap_or(0),
            _ => picked.unwrap_or(0),
        };
        self.set_focus(match q.kind {
            Kind::Text | Kind::Number if self.open.read_only().is_none() => Focus::AnswerField,
            _ => Focus::Options,
        });
    }

    /// Moves the keyboard focus; only the focused field shows its cursor.
    pub fn set_focus(&mut self, focus: Focus) {
        use ratatui::style::{Modifier, Style};
        self.focus = focus;
        self.typing_recorded = false;
        let cursor = |on: bool| {
            if on {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            }
        };
        self.answer_field
            .set_cursor_style(cursor(focus == Focus::AnswerField));
        self.other_field
            .set_cursor_style(cursor(focus == Focus::Other));
        self.notes_field
            .set_cursor_style(cursor(focus == Focus::Notes));
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

    fn shown(&self, guide: &Guide, index: usize) -> bool {
        guide
            .questions()
            .nth(index)
            .is_some_and(|(s, q)| guide.is_shown(s, q, &self.open.session))
    }

    /// The next (or previous) question that skip logic shows.
    fn step(&self, guide: &Guide, forward: bool) -> Option<usize> {
        let total = guide.question_count();
        if forward {
            (self.index + 1..total).find(|&i| self.shown(guide, i))
        } else {
            (0..self.index).rev().find(|&i| self.shown(guide, i))
        }
    }

    /// The first shown question of the next (or previous) section.
    fn section_step(&self, guide: &Guide, forward: bool) -> Option<usize> {
        let current = guide.questions().nth(self.index)?.0.id.as_str();
        let starts: Vec<(usize, &str)> = guide
            .questions()
            .enumerate()
            .filter(|&(i, (s, q))| guide.is_shown(s, q, &self.open.session) && i != self.index)
            .map(|(i, (s, _))| (i, s.id.as_str()))
            .collect();
        if forward {
            starts
                .iter()
                .find(|(i, s)| *i > self.index && *s != current)
                .map(|(i, _)| *i)
        } else {
            // The start of the section before the current one.
            let before: Vec<&(usize, &str)> = starts
                .iter()
                .filter(|(i, s)| *i < self.index && *s != current)
                .collect();
            let last = before.last()?.1;
            before.iter().find(|(_, s)| *s == last).map(|(i, _)| *i)
        }
    }

    pub fn go_next(&mut self, guide: &Guide, store: &Store, now: Instant) {
        match self.step(guide, true) {
            Some(i) => self.go_to(guide, store, i, now),
            None => {
                self.save(guide, store, now);
                self.flash("End of the guide: F10 finishes the interview", now);
            }
        }
    }

    /// Handles an action on the interview screen (overlays are handled by the app).
    pub fn update(&mut self, guide: &Guide, store: &Store, action: Action, now: Instant) {
        if !matches!(action, Action::Digit(_) | Action::Input(_)) {
            self.end_digit_run();
        }
        match action {
            Action::NextQuestion => self.go_next(guide, store, now),
            Action::PrevQuestion => match self.step(guide, false) {
                Some(i) => self.go_to(guide, store, i, now),
                None => self.flash("This is the first question", now),
            },
            Action::NextSection | Action::PrevSection => {
                match self.section_step(guide, action == Action::NextSection) {
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

/// The first shown question with nothing recorded yet.
fn first_unanswered(guide: &Guide, session: &Session) -> Option<usize> {
    guide.questions().position(|(s, q)| {
        guide.is_shown(s, q, session)
            && session
                .answer(&q.id)
                .is_none_or(|a| a.state == AnswerState::NotAsked)
    })
}

/// `mm:ss`, or `h:mm:ss` past the hour.
pub fn clock(elapsed: Duration) -> String {
    crate::session::clock(elapsed.as_secs())
}
