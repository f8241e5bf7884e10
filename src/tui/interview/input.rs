//! Typing on the interview screen: where each key is written, the focus, options and scale
//! points, and copying the fields into the session. Typing is always writing.

use std::time::Instant;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::CursorMove;

use super::{digits, Focus, Interview};
use crate::guide::{AnswerSource as _, Guide, Kind, Question};
use crate::session::format_number;
use crate::tui::line_edit;

impl Interview {
    /// A click on option (or scale point) `n`: the options take the focus and it is picked.
    pub fn click_option(&mut self, guide: &Guide, n: usize, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        self.set_focus(Focus::Options);
        match q.kind {
            Kind::Scale => self.set_scale(guide, n, now),
            Kind::Single | Kind::Multiple if n < q.options.len() => {
                self.cursor = n;
                self.pick_at_cursor(guide, now);
            }
            _ => {}
        }
    }

    /// A click on a text field: it takes the focus, the cursor at its end.
    pub fn click_field(&mut self, focus: Focus) {
        self.focus_at_end(focus);
    }

    pub(super) fn cycle_focus(&mut self, guide: &Guide, forward: bool) {
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
        self.select_one_line_field(q.kind);
    }

    /// A one-line field (a number answer, the "Other…" text) taking the focus by Tab or Enter:
    /// what it holds is selected, so typing replaces it and an arrow keeps it.
    fn select_one_line_field(&mut self, kind: Kind) {
        match self.focus {
            Focus::AnswerField if kind == Kind::Number => {
                line_edit::select_on_entry(&mut self.answer_field)
            }
            Focus::Other => line_edit::select_on_entry(&mut self.other_field),
            _ => {}
        }
    }

    pub(super) fn points(q: &Question) -> usize {
        match (q.kind, q.min, q.max) {
            (Kind::Scale, Some(min), Some(max)) => (max - min + 1.0).max(1.0) as usize,
            _ => q.options.len(),
        }
    }

    pub(super) fn move_cursor(&mut self, guide: &Guide, delta: isize) {
        if let Some((_, q)) = self.question(guide) {
            let n = Self::points(q);
            if n > 0 && q.kind.is_choice() {
                self.cursor = (self.cursor as isize + delta).clamp(0, n as isize - 1) as usize;
            }
        }
    }

    pub(super) fn scale_step(&mut self, guide: &Guide, delta: isize, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        if q.kind == Kind::Scale {
            let n = Self::points(q) as isize;
            let answered = self.open.session.number(&q.id).is_some();
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

    pub(super) fn set_scale(&mut self, guide: &Guide, point: usize, now: Instant) {
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
        self.open.session.set_number(&q.id, Some(value));
        self.changed(guide, now);
    }

    pub(super) fn pick_at_cursor(&mut self, guide: &Guide, now: Instant) {
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
                let picked = self.open.session.pick(q, &option.id);
                self.changed(guide, now);
                // The focus stays on the options (digits go on picking), but for "Other…":
                // its text takes the focus, and what is typed next says what it is. The digits
                // that picked it stay a run: a note typed at once after them ("8 sites run
                // SAP") takes the pick back, as at any other option (see `input`).
                if picked && option.other {
                    self.number_run = None;
                    self.set_focus(Focus::Other);
                    line_edit::select_on_entry(&mut self.other_field);
                    let done = crate::tui::keymap::key_for(
                        crate::tui::keymap::Mode::InterviewField { multiline: false },
                        &crate::tui::action::Action::Select,
                    )
                    .unwrap_or_default();
                    self.flash(
                        format!("“{label}” picked: type what it is · {done} done"),
                        now,
                    );
                }
            }
            Kind::Text | Kind::Number => {}
        }
    }

    pub(super) fn select(&mut self, guide: &Guide, now: Instant) {
        match (self.focus, self.question(guide).map(|(_, q)| q.kind)) {
            // Enter in a one-line field: done with it.
            (Focus::AnswerField | Focus::Other, _) => self.set_focus(Focus::Options),
            (Focus::Options, Some(kind @ (Kind::Text | Kind::Number))) => {
                if !self.refuse_if_read_only(now) {
                    self.set_focus(Focus::AnswerField);
                    self.select_one_line_field(kind);
                }
            }
            (Focus::Options, _) => self.pick_at_cursor(guide, now),
            (Focus::Notes, _) => {}
        }
    }

    /// A digit while the options have the focus: picks option N or scale point N; a digit that
    /// picks nothing is writing, like any other character.
    pub(super) fn digit(&mut self, guide: &Guide, d: u8, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let picks = match q.kind {
            Kind::Single | Kind::Multiple => digits::option_of_digit(d) <= q.options.len(),
            Kind::Scale => {
                let point = f64::from(d) - q.min.unwrap_or(1.0);
                point >= 0.0 && (point as usize) < Self::points(q)
            }
            Kind::Text | Kind::Number => false,
        };
        if picks && self.focus == Focus::Options {
            self.digit_typed(&q.id, d, now);
        }
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
            self.cursor = digits::option_of_digit(d) - 1;
            self.pick_at_cursor(guide, now);
        }
    }

    pub(super) fn input(&mut self, guide: &Guide, key: KeyEvent, now: Instant) {
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
                Focus::Options if plain => {
                    // Digits typed just before were the start of this note, not picks.
                    let digits = self.take_back_digits(&q.id, now);
                    self.write_into(q.kind, c);
                    if let Some(digits) = digits {
                        self.notes_field.insert_str(&digits);
                    }
                }
                // "Other…" just picked by a digit: a letter starts what it is ("8Shipping"), but
                // a space, punctuation or another digit typed at once makes the digits the start
                // of a note ("8 sites run SAP"), not a pick.
                Focus::Other if plain && c.is_alphabetic() => self.digit_run = None,
                Focus::Other if plain => {
                    if let Some(digits) = self.take_back_digits(&q.id, now) {
                        self.write_into_notes();
                        self.notes_field.insert_str(&digits);
                    }
                }
                Focus::AnswerField if plain && q.kind == Kind::Number && !number_char => {
                    // Digits typed just before were the start of this note, not the number.
                    let typed = self.take_back_number(guide, &q.id, now);
                    self.write_into_notes();
                    if let Some(typed) = typed {
                        self.notes_field.insert_str(typed.trim_start());
                    }
                }
                _ => {}
            }
            if plain && number_char && self.focus == Focus::AnswerField && q.kind == Kind::Number {
                self.number_char_typed(&q.id, c, now);
            }
        }
        // Editing keys at the options of a number or text question edit its typed answer, as
        // before Enter: Backspace after Enter takes back the last digit, Ctrl-U clears it.
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let line_key = key.modifiers == KeyModifiers::CONTROL
            && matches!(key.code, KeyCode::Char('a' | 'e' | 'u' | 'k' | 'w'));
        let editing = line_key
            || (plain
                && matches!(
                    key.code,
                    KeyCode::Backspace | KeyCode::Delete | KeyCode::Home | KeyCode::End
                ));
        if editing && self.focus == Focus::Options && matches!(q.kind, Kind::Number | Kind::Text) {
            self.focus_at_end(Focus::AnswerField);
        }
        if self.focus != Focus::Notes {
            self.remember_typing(guide);
        }
        let modified = match self.focus {
            Focus::AnswerField if q.kind == Kind::Number => {
                line_edit::input(&mut self.answer_field, key)
            }
            Focus::AnswerField => self.answer_field.input(key),
            Focus::Other => line_edit::input(&mut self.other_field, key),
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
    pub(super) fn write_into_notes(&mut self) {
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

    pub(crate) fn focus_at_end(&mut self, focus: Focus) {
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
    pub(super) fn remember_typing(&mut self, guide: &Guide) {
        if !self.typing_recorded && self.focus != Focus::Options {
            self.remember(guide, "typing in the answer".into());
            self.typing_recorded = true;
        }
    }

    pub(super) fn paste(&mut self, guide: &Guide, text: &str, now: Instant) {
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
        // Stored exactly as pasted; only shown safely. A one-line field has no line breaks.
        let safe = if multiline {
            crate::text::to_field(&text)
        } else {
            crate::text::to_field(&text.replace('\n', " "))
        };
        let Some(qid) = self.question(guide).map(|(_, q)| q.id.clone()) else {
            return;
        };
        let before = self.open.session.answer(&qid).cloned();
        // Writing and reading agree: a paste that would make the session larger than a session
        // file may be is not kept, and the interviewer is told at once; what was typed stays.
        let size = |s: &crate::session::Session| {
            serde_json::to_vec_pretty(s).map_or(0, |b| b.len() as u64)
        };
        let projected = size(&self.open.session) + safe.len() as u64;
        if projected + 1 > crate::session::MAX_FILE_BYTES {
            self.refuse_paste(safe.len(), projected, now);
            return;
        }
        let inserted = match self.focus {
            Focus::AnswerField => self.answer_field.insert_str(&safe),
            Focus::Other => self.other_field.insert_str(&safe),
            Focus::Notes => self.notes_field.insert_str(&safe),
            Focus::Options => false,
        };
        if !inserted {
            return;
        }
        self.sync_field(guide, now);
        // JSON escapes can make the text longer than it was: check again, exactly.
        let exact = size(&self.open.session);
        if exact + 1 > crate::session::MAX_FILE_BYTES {
            self.take_back_paste(guide, &qid, before, now);
            self.refuse_paste(safe.len(), exact, now);
        }
    }

    /// Undoes a paste in the field that took it, and puts the answer back as it was.
    fn take_back_paste(
        &mut self,
        guide: &Guide,
        qid: &str,
        before: Option<crate::session::Answer>,
        now: Instant,
    ) {
        let field = match self.focus {
            Focus::AnswerField => &mut self.answer_field,
            Focus::Other => &mut self.other_field,
            _ => &mut self.notes_field,
        };
        field.undo();
        match before {
            Some(answer) => *self.open.session.answer_mut(qid) = answer,
            None => {
                self.open.session.answers.remove(qid);
            }
        }
        self.changed(guide, now);
    }

    fn refuse_paste(&mut self, pasted: usize, size: u64, now: Instant) {
        const MIB: u64 = 1024 * 1024;
        self.flash(
            format!(
                "The paste ({} KiB) was not kept: the session would be {} MiB, over the {} MiB a session file may hold",
                pasted / 1024,
                size.div_ceil(MIB),
                crate::session::MAX_FILE_BYTES / MIB
            ),
            now,
        );
    }

    /// Copies the focused field into the session.
    pub(super) fn sync_field(&mut self, guide: &Guide, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        match self.focus {
            Focus::Notes => {
                if super::fields::fit_wrap(&mut self.notes_field) {
                    let how = if self.notes_field.wrap_mode() == ratatui_textarea::WrapMode::None {
                        "These notes are long: their lines are no longer wrapped, so typing stays instant"
                    } else {
                        "These notes are wrapped again"
                    };
                    self.flash(how.to_string(), now);
                }
                let notes = crate::text::from_field(&self.notes_field.lines().join("\n"));
                self.open.session.set_notes(&q.id, &notes);
                self.open.saver.changed(now);
                return;
            }
            Focus::Other => {
                let text = crate::text::from_field(&self.other_field.lines().join(" "));
                if let Some(opt) = q.options.iter().find(|o| o.other) {
                    if !text.is_empty()
                        && self
                            .open
                            .session
                            .selected(&q.id)
                            .is_none_or(|s| !s.contains(&opt.id))
                    {
                        self.open.session.pick(q, &opt.id);
                    }
                }
                self.open.session.set_other(&q.id, &text);
            }
            Focus::AnswerField if q.kind == Kind::Number => {
                // A refused number is kept in the notes on moving on; the footer says why.
                let typed = crate::text::from_field(&self.answer_field.lines().join(""));
                self.number_error = self.open.session.type_number(q, &typed).err();
            }
            Focus::AnswerField => {
                let text = crate::text::from_field(&self.answer_field.lines().join("\n"));
                self.open.session.set_text(&q.id, &text);
            }
            Focus::Options => return,
        }
        self.changed(guide, now);
    }

    /// Keeps the current question's answer as it is now, so Ctrl-Z can bring it back.
    pub(super) fn remember(&mut self, guide: &Guide, what: String) {
        if let Some((_, q)) = self.question(guide) {
            self.open.remember(&q.id, what);
        }
    }
}
