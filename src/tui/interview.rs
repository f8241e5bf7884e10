//! The interview in progress: the session, the question at hand, its text fields, and saving.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::action::{Action, Command};
use super::saver::Saver;
use crate::assess::{assess, Assessment};
use crate::guide::{AnswerSource as _, Guide, Kind, ObstacleStatus, Question, Section};
use crate::session::{
    format_number, parse_number, Answer, AnswerState, Session, SessionLock, Store, Value,
};

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
/// How many changes Ctrl-Z can take back.
const UNDO_DEPTH: usize = 100;

/// A change to an answer that Ctrl-Z can take back: the answer as it was before.
#[derive(Debug, Clone)]
struct Undo {
    index: usize,
    before: Answer,
    what: String,
}

pub struct Interview {
    pub session: Session,
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
    pub saver: Saver,
    /// Why the session cannot be changed, when it is open elsewhere.
    pub read_only: Option<String>,
    pub flash: Option<(String, Instant)>,
    pub panel: Panel,
    /// The obstacle under the cursor in the obstacle editor.
    pub obstacle_cursor: usize,
    _lock: Option<SessionLock>,
    /// Up to when interview time has been added to the session.
    accounted: Instant,
    undo: Vec<Undo>,
    /// Whether the typing in the focused answer field is already one undoable change.
    typing_recorded: bool,
}

fn field(lines: &str, placeholder: &str) -> TextArea<'static> {
    let safe = crate::text::block(lines);
    let mut area = TextArea::new(safe.split('\n').map(String::from).collect());
    area.set_placeholder_text(placeholder);
    area.set_wrap_mode(WrapMode::WordOrGlyph);
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
            session,
            assessment,
            index,
            focus: Focus::Options,
            cursor: 0,
            answer_field: TextArea::default(),
            other_field: TextArea::default(),
            notes_field: TextArea::default(),
            number_error: None,
            saver: Saver::default(),
            read_only,
            flash: None,
            panel: Panel::default(),
            obstacle_cursor: 0,
            _lock: lock,
            accounted: now,
            undo: Vec::new(),
            typing_recorded: false,
        };
        interview.enter_question(guide);
        interview
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
                "options: 1–9 pick · letters go to the notes".into()
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

    /// Interview time so far, counting the time not yet added to the session.
    pub fn elapsed(&self, now: Instant) -> Duration {
        Duration::from_secs(self.session.elapsed_seconds)
            + now.saturating_duration_since(self.accounted)
    }

    /// Up to when the interview time has been added to the session.
    pub fn accounted_at(&self) -> Instant {
        self.accounted
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

    /// (questions dealt with, questions shown): answered, skipped or N/A over those not hidden.
    pub fn progress(&self, guide: &Guide) -> (usize, usize) {
        let shown: Vec<&Question> = guide
            .questions()
            .filter(|(s, q)| guide.is_shown(s, q, &self.session))
            .map(|(_, q)| q)
            .collect();
        let done = shown
            .iter()
            .filter(|q| {
                self.session
                    .answer(&q.id)
                    .is_some_and(|a| a.state != AnswerState::NotAsked)
            })
            .count();
        (done, shown.len())
    }

    /// Adds the interview time since the last call to the session and the current question.
    fn account_time(&mut self, guide: &Guide, now: Instant) {
        let secs = now.saturating_duration_since(self.accounted).as_secs();
        if secs == 0 || self.read_only.is_some() {
            return;
        }
        self.accounted += Duration::from_secs(secs);
        self.session.elapsed_seconds += secs;
        if let Some((_, q)) = self.question(guide) {
            self.session.answer_mut(&q.id).seconds_spent += secs;
        }
    }

    /// Saves now, whatever the debounce says. A failure is kept for the footer and retried.
    pub fn save(&mut self, guide: &Guide, store: &Store, now: Instant) {
        if self.read_only.is_some() {
            return;
        }
        self.account_time(guide, now);
        if let Some((_, q)) = self.question(guide) {
            self.session.current = Some(q.id.clone());
        }
        self.session.meta.updated = crate::session::now();
        match store.save(&self.session) {
            Ok(()) => self.saver.saved(self.session.meta.updated),
            Err(e) => self.saver.failed(e.to_string(), now),
        }
    }

    /// Saves if a debounced save is due.
    pub fn tick(&mut self, guide: &Guide, store: &Store, now: Instant) {
        if self.saver.due(now) {
            self.save(guide, store, now);
        }
    }

    fn changed(&mut self, guide: &Guide, now: Instant) {
        self.saver.changed(now);
        self.assessment = assess(guide, &self.session);
    }

    /// Loads the fields for the current question and puts the focus where typing starts.
    fn enter_question(&mut self, guide: &Guide) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let answer = self.session.answer(&q.id).cloned().unwrap_or_default();
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
            Kind::Text | Kind::Number if self.read_only.is_none() => Focus::AnswerField,
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
        self.account_time(guide, now);
        self.index = index;
        self.save(guide, store, now);
        self.enter_question(guide);
    }

    /// A number that was typed but refused (not a number, out of range) is not dropped when the
    /// interviewer moves on: it goes into the question's notes, and the footer says so.
    pub fn keep_rejected_number(&mut self, guide: &Guide, now: Instant) {
        if self.number_error.is_none() || self.read_only.is_some() {
            return;
        }
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let typed = self.answer_field.lines().join(" ").trim().to_string();
        if typed.is_empty() {
            return;
        }
        let notes = &mut self.session.answer_mut(&q.id).notes;
        if !notes.is_empty() && !notes.ends_with('\n') {
            notes.push('\n');
        }
        notes.push_str(&format!("(typed as the answer: {typed})"));
        // The fields show the session again: the notes with the line, the answer as it was.
        self.enter_question(guide);
        self.flash(
            format!("“{typed}” is not a valid answer: it is kept in the notes"),
            now,
        );
        self.changed(guide, now);
    }

    /// Whether a save would write anything new: unsaved changes, or interview time (a second or
    /// more) not yet in the session.
    pub fn needs_save(&self, now: Instant) -> bool {
        self.saver.is_dirty()
            || (self.read_only.is_none()
                && now.saturating_duration_since(self.accounted) >= Duration::from_secs(1))
    }

    fn shown(&self, guide: &Guide, index: usize) -> bool {
        guide
            .questions()
            .nth(index)
            .is_some_and(|(s, q)| guide.is_shown(s, q, &self.session))
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
            .filter(|&(i, (s, q))| guide.is_shown(s, q, &self.session) && i != self.index)
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
        if self.read_only.is_some() {
            self.flash("Read-only: this session is open in another journey", now);
            true
        } else {
            false
        }
    }

    fn cycle_focus(&mut self, guide: &Guide, forward: bool) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let mut order = vec![match q.kind {
            Kind::Text | Kind::Number => Focus::AnswerField,
            _ => Focus::Options,
        }];
        if q.options.iter().any(|o| o.other) {
            order.push(Focus::Other);
        }
        order.push(Focus::Notes);
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = if forward {
            (at + 1) % order.len()
        } else {
            (at + order.len() - 1) % order.len()
        };
        self.set_focus(order[next]);
    }

    fn points(q: &Question) -> usize {
        match (q.kind, q.min, q.max) {
            (Kind::Scale, Some(min), Some(max)) => (max - min + 1.0).max(1.0) as usize,
            _ => q.options.len(),
        }
    }

    fn move_cursor(&mut self, guide: &Guide, delta: isize) {
        if let Some((_, q)) = self.question(guide) {
            let n = Self::points(q);
            if n > 0 && q.kind.is_choice() {
                self.cursor = (self.cursor as isize + delta).clamp(0, n as isize - 1) as usize;
            }
        }
    }

    fn scale_step(&mut self, guide: &Guide, delta: isize, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        if q.kind == Kind::Scale {
            let n = Self::points(q) as isize;
            let answered = self.session.number(&q.id).is_some();
            let at = if answered {
                self.cursor as isize + delta
            } else {
                self.cursor as isize
            };
            self.set_scale(guide, at.clamp(0, n - 1) as usize, now);
        } else {
            self.move_cursor(guide, delta);
        }
    }

    fn set_scale(&mut self, guide: &Guide, point: usize, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        if self.refuse_if_read_only(now) {
            return;
        }
        self.cursor = point;
        let value = q.min.unwrap_or(1.0) + point as f64;
        self.remember(
            guide,
            format!("setting the scale to {}", format_number(value, "")),
        );
        self.session.set_number(&q.id, Some(value));
        self.changed(guide, now);
    }

    fn pick_at_cursor(&mut self, guide: &Guide, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        match q.kind {
            Kind::Scale => self.set_scale(guide, self.cursor, now),
            Kind::Single | Kind::Multiple => {
                if self.refuse_if_read_only(now) {
                    return;
                }
                let Some(option) = q.options.get(self.cursor) else {
                    return;
                };
                let label = crate::text::line(&option.label).into_owned();
                self.remember(guide, format!("the choice of “{label}”"));
                let picked = self.session.pick(q, &option.id);
                self.changed(guide, now);
                // The focus stays on the options: digits go on picking. Tab reaches the text.
                if picked && option.other {
                    self.flash(format!("“{label}” picked: Tab to say what"), now);
                }
            }
            Kind::Text | Kind::Number => {}
        }
    }

    fn select(&mut self, guide: &Guide, now: Instant) {
        match (self.focus, self.question(guide).map(|(_, q)| q.kind)) {
            // Enter in a one-line field: done with it.
            (Focus::AnswerField | Focus::Other, _) => self.set_focus(Focus::Options),
            (Focus::Options, Some(Kind::Text | Kind::Number)) => {
                if !self.refuse_if_read_only(now) {
                    self.set_focus(Focus::AnswerField);
                }
            }
            (Focus::Options, _) => self.pick_at_cursor(guide, now),
            (Focus::Notes, _) => {}
        }
    }

    /// A digit while the options have the focus: picks option N or scale point N; a digit that
    /// picks nothing is writing, like any other character.
    fn digit(&mut self, guide: &Guide, d: u8, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let picks = match q.kind {
            Kind::Single | Kind::Multiple => d >= 1 && usize::from(d) <= q.options.len(),
            Kind::Scale => {
                let point = f64::from(d) - q.min.unwrap_or(1.0);
                point >= 0.0 && (point as usize) < Self::points(q)
            }
            Kind::Text | Kind::Number => false,
        };
        if !picks || self.focus != Focus::Options {
            let c = char::from(b'0' + d);
            self.input(
                guide,
                KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
                now,
            );
            return;
        }
        if q.kind == Kind::Scale {
            let point = (f64::from(d) - q.min.unwrap_or(1.0)) as usize;
            self.set_scale(guide, point, now);
        } else {
            self.cursor = usize::from(d) - 1;
            self.pick_at_cursor(guide, now);
        }
    }

    fn input(&mut self, guide: &Guide, key: KeyEvent, now: Instant) {
        if self.refuse_if_read_only(now) {
            return;
        }
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        // Typing is always writing: a character the focus does not take moves the focus to
        // where it is written (the text answer, else the notes), visibly, and goes there.
        if let KeyCode::Char(c) = key.code {
            let plain = !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            let number_char = c.is_ascii_digit() || " .,-+%_".contains(c);
            match self.focus {
                Focus::Options if plain => self.write_into(q.kind, c),
                Focus::AnswerField if plain && q.kind == Kind::Number && !number_char => {
                    self.write_into_notes();
                }
                _ => {}
            }
        }
        if self.focus != Focus::Notes {
            self.remember_typing(guide);
        }
        let modified = match self.focus {
            Focus::AnswerField => self.answer_field.input(key),
            Focus::Other => self.other_field.input(key),
            Focus::Notes => self.notes_field.input(key),
            Focus::Options => false,
        };
        if modified {
            self.sync_field(guide, now);
        }
    }

    /// Where a character typed while the options have the focus is written: the answer of a
    /// text question (and digits of a number question), else the notes.
    fn write_into(&mut self, kind: Kind, c: char) {
        match kind {
            Kind::Text => self.focus_at_end(Focus::AnswerField),
            Kind::Number if c.is_ascii_digit() || "-.+".contains(c) => {
                self.focus_at_end(Focus::AnswerField)
            }
            _ => self.write_into_notes(),
        }
    }

    /// Gives the notes the focus at their end, on a new line when they end in a word.
    fn write_into_notes(&mut self) {
        self.focus_at_end(Focus::Notes);
        let ends_in_word = self
            .notes_field
            .lines()
            .last()
            .and_then(|l| l.chars().last())
            .is_some_and(|c| !c.is_whitespace());
        if ends_in_word {
            self.notes_field.insert_newline();
        }
    }

    fn focus_at_end(&mut self, focus: Focus) {
        self.set_focus(focus);
        let field = match focus {
            Focus::AnswerField => &mut self.answer_field,
            Focus::Other => &mut self.other_field,
            Focus::Notes => &mut self.notes_field,
            Focus::Options => return,
        };
        field.move_cursor(CursorMove::Bottom);
        field.move_cursor(CursorMove::End);
    }

    /// The first change typed into an answer field since it took the focus is one undoable step.
    fn remember_typing(&mut self, guide: &Guide) {
        if !self.typing_recorded && self.focus != Focus::Options {
            self.remember(guide, "typing in the answer".into());
            self.typing_recorded = true;
        }
    }

    /// Keeps the current question's answer as it is now, so Ctrl-Z can bring it back.
    fn remember(&mut self, guide: &Guide, what: String) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let before = self.session.answer(&q.id).cloned().unwrap_or_default();
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(Undo {
            index: self.index,
            before,
            what,
        });
    }

    /// Takes back the last change to an answer or its state, going to its question first.
    fn undo(&mut self, guide: &Guide, store: &Store, now: Instant) {
        let Some(undo) = self.undo.pop() else {
            self.flash("Nothing to undo", now);
            return;
        };
        if undo.index != self.index {
            self.go_to(guide, store, undo.index, now);
        }
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let label = q.label().to_string();
        *self.session.answer_mut(&q.id) = undo.before;
        self.enter_question(guide);
        self.changed(guide, now);
        self.flash(
            format!("Undid {} on “{}”", undo.what, crate::text::line(&label)),
            now,
        );
    }

    fn paste(&mut self, guide: &Guide, text: &str, now: Instant) {
        if self.refuse_if_read_only(now) {
            return;
        }
        if self.focus == Focus::Options {
            match self.question(guide).map(|(_, q)| q.kind) {
                Some(Kind::Text | Kind::Number) => self.set_focus(Focus::AnswerField),
                _ => self.set_focus(Focus::Notes),
            }
        }
        let multiline = self.field_mode(guide).unwrap_or(false);
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let safe = if multiline {
            crate::text::block(&text).into_owned()
        } else {
            crate::text::line(&text).into_owned()
        };
        let inserted = match self.focus {
            Focus::AnswerField => self.answer_field.insert_str(&safe),
            Focus::Other => self.other_field.insert_str(&safe),
            Focus::Notes => self.notes_field.insert_str(&safe),
            Focus::Options => false,
        };
        if inserted {
            self.sync_field(guide, now);
        }
    }

    /// Copies the focused field into the session.
    fn sync_field(&mut self, guide: &Guide, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        match self.focus {
            Focus::Notes => {
                let notes = self.notes_field.lines().join("\n");
                self.session.set_notes(&q.id, &notes);
                self.saver.changed(now);
                return;
            }
            Focus::Other => {
                let text = self.other_field.lines().join(" ");
                if let Some(opt) = q.options.iter().find(|o| o.other) {
                    if !text.is_empty()
                        && self
                            .session
                            .selected(&q.id)
                            .is_none_or(|s| !s.contains(&opt.id))
                    {
                        self.session.pick(q, &opt.id);
                    }
                }
                self.session.set_other(&q.id, &text);
            }
            Focus::AnswerField if q.kind == Kind::Number => {
                let text = self.answer_field.lines().join("");
                self.number_error = None;
                if text.trim().is_empty() {
                    self.session.set_number(&q.id, None);
                } else {
                    match parse_number(&text) {
                        // What is typed is not an answer: the session holds none (not the
                        // last number that was valid on the way), and the text is kept in the
                        // notes on moving on.
                        None => {
                            self.number_error = Some(format!(
                                "“{}” is not a number",
                                crate::text::line(text.trim())
                            ));
                            self.session.set_number(&q.id, None);
                        }
                        Some(n) if q.min.is_some_and(|m| n < m) || q.max.is_some_and(|m| n > m) => {
                            self.number_error = Some(range_message(q));
                            self.session.set_number(&q.id, None);
                        }
                        Some(n) => self.session.set_number(&q.id, Some(n)),
                    }
                }
            }
            Focus::AnswerField => {
                let text = self.answer_field.lines().join("\n");
                self.session.set_text(&q.id, &text);
            }
            Focus::Options => return,
        }
        self.changed(guide, now);
    }

    fn command(&mut self, guide: &Guide, store: &Store, command: Command, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let qid = q.id.clone();
        let mutating = !matches!(
            command,
            Command::Reasons | Command::Obstacles | Command::Panel | Command::Finish
        );
        if mutating && self.refuse_if_read_only(now) {
            return;
        }
        match command {
            Command::Skip | Command::NotApplicable => {
                let mark = if command == Command::Skip {
                    AnswerState::Skipped
                } else {
                    AnswerState::NotApplicable
                };
                self.remember(guide, format!("marking it {}", mark.label()));
                let cleared = self.session.toggle_state(&qid, mark);
                self.changed(guide, now);
                if self.session.answer(&qid).is_some_and(|a| a.state == mark) {
                    self.go_next(guide, store, now);
                    if cleared.is_some() {
                        self.flash(
                            format!(
                                "Marked {}: its answer was cleared (Ctrl-Z brings it back)",
                                mark.label()
                            ),
                            now,
                        );
                    }
                } else {
                    self.flash(format!("No longer marked {}", mark.label()), now);
                }
            }
            Command::ClearAnswer => {
                self.remember(guide, "clearing the answer".into());
                self.session.clear_answer(&qid);
                self.changed(guide, now);
                self.enter_question(guide);
                self.set_focus(Focus::Options);
                self.flash("Answer cleared (notes and quotes kept)", now);
            }
            Command::FollowUp => {
                self.remember(guide, "the follow-up flag".into());
                let on = self.session.toggle_follow_up(&qid);
                self.changed(guide, now);
                self.flash(
                    if on {
                        "Flagged for a follow-up"
                    } else {
                        "Follow-up flag removed"
                    },
                    now,
                );
            }
            Command::Quote => self.mark_quote(guide, now),
            Command::Timestamp => {
                // Each stamp starts a line of the notes, so notes line up with the recording.
                let stamp = format!("[{}] ", clock(self.elapsed(now)));
                if self.focus != Focus::Notes {
                    self.set_focus(Focus::Notes);
                    self.notes_field.move_cursor(CursorMove::Bottom);
                    self.notes_field.move_cursor(CursorMove::End);
                }
                let ratatui_textarea::DataCursor(row, col) = self.notes_field.cursor();
                let before = self.notes_field.lines()[row]
                    .chars()
                    .take(col)
                    .collect::<String>();
                if !before.trim().is_empty() {
                    self.notes_field.insert_newline();
                }
                self.notes_field.insert_str(stamp);
                self.sync_field(guide, now);
            }
            Command::Notes => self.focus_at_end(Focus::Notes),
            Command::Undo => self.undo(guide, store, now),
            Command::Edit => self.set_focus(match q.kind {
                Kind::Text | Kind::Number => Focus::AnswerField,
                _ => Focus::Notes,
            }),
            Command::Panel => {
                let at = Panel::ALL
                    .iter()
                    .position(|p| *p == self.panel)
                    .unwrap_or(0);
                self.panel = Panel::ALL[(at + 1) % Panel::ALL.len()];
            }
            _ => {}
        }
    }

    /// Marks a verbatim quote: the selected text, else the line under the cursor, of the notes or
    /// the text answer; from elsewhere, the last line of the notes.
    fn mark_quote(&mut self, guide: &Guide, now: Instant) {
        let area = match self.focus {
            Focus::AnswerField => &self.answer_field,
            _ => &self.notes_field,
        };
        let text = selected_text(area).unwrap_or_else(|| {
            let row = if self.focus == Focus::Notes || self.focus == Focus::AnswerField {
                area.cursor().0
            } else {
                area.lines()
                    .iter()
                    .rposition(|l| !l.trim().is_empty())
                    .unwrap_or(0)
            };
            strip_stamp(area.lines().get(row).map(String::as_str).unwrap_or("")).to_string()
        });
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        if self.session.add_quote(&q.id, &text) {
            self.changed(guide, now);
            let shown = crate::text::truncate(&crate::text::line(&text), 40);
            self.flash(format!("Quote marked: “{shown}”"), now);
        } else {
            self.flash(
                "Nothing new to quote: select text, or put the cursor on a line of the notes",
                now,
            );
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
        let Some(o) = guide.obstacles.get(obstacle) else {
            return;
        };
        match status {
            Some(s) => {
                self.session.obstacle_overrides.insert(o.id.clone(), s);
            }
            None => {
                self.session.obstacle_overrides.remove(&o.id);
            }
        }
        self.changed(guide, now);
    }

    /// Marks the session complete (keeping the first finish time) and saves it.
    pub fn finish(&mut self, guide: &Guide, store: &Store, now: Instant) {
        self.keep_rejected_number(guide, now);
        if self.read_only.is_none() && self.session.meta.finished.is_none() {
            self.session.meta.finished = Some(crate::session::now());
        }
        self.save(guide, store, now);
    }
}

fn range_message(q: &Question) -> String {
    let unit = |n: f64| format_number(n, &q.unit);
    match (q.min, q.max) {
        (Some(a), Some(b)) => format!("between {} and {}, please", unit(a), unit(b)),
        (Some(a), None) => format!("at least {}, please", unit(a)),
        (None, Some(b)) => format!("at most {}, please", unit(b)),
        (None, None) => String::new(),
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

fn selected_text(area: &TextArea) -> Option<String> {
    let ((r0, c0), (r1, c1)) = area.selection_range()?;
    let lines = area.lines();
    let mut out = String::new();
    for row in r0..=r1 {
        let line = lines.get(row)?;
        let start = if row == r0 { c0 } else { 0 };
        let end = if row == r1 { c1 } else { line.chars().count() };
        if row > r0 {
            out.push('\n');
        }
        out.extend(line.chars().skip(start).take(end.saturating_sub(start)));
    }
    (!out.trim().is_empty()).then_some(out)
}

/// A note line without its leading `[mm:ss]` time stamp.
fn strip_stamp(line: &str) -> &str {
    let t = line.trim_start();
    match t.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
        Some((stamp, rest)) if stamp.chars().all(|c| c.is_ascii_digit() || c == ':') => rest.trim(),
        _ => t.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_as_minutes_then_hours() {
        assert_eq!(clock(Duration::from_secs(754)), "12:34");
        assert_eq!(clock(Duration::from_secs(3600 + 61)), "1:01:01");
    }

    #[test]
    fn quotes_lose_their_time_stamp() {
        assert_eq!(
            strip_stamp("[12:34] We never looked back"),
            "We never looked back"
        );
        assert_eq!(strip_stamp("[note] keep"), "[note] keep");
    }
}
