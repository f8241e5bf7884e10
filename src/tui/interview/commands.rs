//! Interview commands: skip, n/a, clear, follow-up, quotes, time stamps, undo, the panel.

use std::time::Instant;

use ratatui_textarea::{CursorMove, TextArea};

use super::{clock, Focus, Interview, Panel};
use crate::guide::{Guide, Kind};
use crate::session::{AnswerState, Store};
use crate::tui::action::{Action, Command};

impl Interview {
    pub(super) fn command(&mut self, guide: &Guide, store: &Store, command: Command, now: Instant) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let qid = q.id.clone();
        let mutating = !matches!(
            command,
            Command::Reasons
                | Command::Obstacles
                | Command::Panel
                | Command::Finish
                | Command::AskNext
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
                self.mark(guide, store, &qid, mark, now);
            }
            Command::ClearAnswer => {
                self.remember(guide, "clearing the answer".into());
                self.open.session.clear_answer(&qid);
                self.changed(guide, now);
                self.enter_question(guide);
                self.set_focus(Focus::Options);
                self.flash("Answer cleared (notes and quotes kept)", now);
            }
            Command::FollowUp => self.toggle_follow_up(guide, &qid, now),
            Command::Quote => self.mark_quote(guide, now),
            Command::Timestamp => self.stamp_time(guide, now),
            Command::AskNext => self.ask_next(guide, store, now),
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

    /// Marks the question skipped or n/a (or takes the mark back), and moves on when marked.
    fn mark(&mut self, guide: &Guide, store: &Store, qid: &str, mark: AnswerState, now: Instant) {
        self.remember(guide, format!("marking it {}", mark.label()));
        let cleared = self.open.session.toggle_state(qid, mark);
        self.changed(guide, now);
        if self
            .open
            .session
            .answer(qid)
            .is_some_and(|a| a.state == mark)
        {
            self.go_next(guide, store, now);
            if cleared.is_some() {
                self.flash(
                    format!(
                        "Marked {}: its answer was cleared ({} brings it back)",
                        mark.label(),
                        crate::tui::keymap::interview_key(&crate::tui::action::Action::Command(
                            Command::Undo
                        ))
                    ),
                    now,
                );
            }
        } else {
            self.flash(format!("No longer marked {}", mark.label()), now);
        }
    }

    /// Flags the question for a follow-up, or takes the flag off.
    fn toggle_follow_up(&mut self, guide: &Guide, qid: &str, now: Instant) {
        self.remember(guide, "the follow-up flag".into());
        let on = self.open.session.toggle_follow_up(qid);
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

    /// Puts the elapsed time `[mm:ss]` at the start of a line of the notes.
    fn stamp_time(&mut self, guide: &Guide, now: Instant) {
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

    /// On a wide terminal: hides or shows the side columns (the question takes the full width).
    pub(super) fn toggle_side_columns(&mut self, now: Instant) {
        self.panels_hidden = !self.panels_hidden;
        let how = if self.panels_hidden {
            "hidden"
        } else {
            "shown"
        };
        let key = crate::tui::keymap::interview_key(&Action::Command(Command::Panel));
        self.flash(format!("Side panels {how} ({key})"), now);
    }

    /// Goes to the first question the gauge suggests, and says why.
    fn ask_next(&mut self, guide: &Guide, store: &Store, now: Instant) {
        let Some(next) = self.assessment.next_questions.first().cloned() else {
            self.flash(
                "Nothing to suggest: every question that places the customer is done",
                now,
            );
            return;
        };
        let Some(at) = guide.position(&next.question) else {
            return;
        };
        self.go_to(guide, store, at.flat, now);
        self.flash(format!("Ask next: {} ({})", next.label, next.why), now);
    }

    /// Marks a verbatim quote: the selected text, else the line under the cursor, of the notes or
    /// the text answer; from elsewhere, the last line of the notes.
    fn mark_quote(&mut self, guide: &Guide, now: Instant) {
        let text = self.marked_text();
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        if self.open.session.add_quote(&q.id, &text) {
            self.changed(guide, now);
            let shown = crate::text::truncate(&crate::text::line(&text), 40);
            let (open, close) = crate::export::words::quote_marks(&text);
            self.flash(format!("Quote marked: {open}{shown}{close}"), now);
        } else {
            self.flash(
                "Nothing new to quote: select text, or put the cursor on a line of the notes",
                now,
            );
        }
    }

    /// What a quote or a code goes on: the selection, else the line under the cursor (the last
    /// line of the notes from the options), without its time stamp.
    pub(crate) fn marked_text(&self) -> String {
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
        crate::text::from_field(&text)
    }

    /// Applies a code to `text` on `question` (a quote from the transcript panel), else on the
    /// current question, as researcher `by` (when known).
    pub fn apply_code(
        &mut self,
        guide: &Guide,
        question: Option<&str>,
        (text, code, by): (&str, &str, Option<&str>),
        now: Instant,
    ) {
        if self.refuse_if_read_only(now) {
            return;
        }
        let Some(id) = question
            .map(str::to_string)
            .or_else(|| self.question(guide).map(|(_, q)| q.id.clone()))
        else {
            return;
        };
        let name = guide
            .codes
            .iter()
            .find(|c| c.id == code)
            .map_or(code, |c| c.name.as_str())
            .to_string();
        if self.open.session.apply_code_by(&id, text, code, by) {
            self.changed(guide, now);
            let shown = crate::text::truncate(&crate::text::line(text), 30);
            self.flash(format!("Coded “{shown}” as {name}"), now);
        } else {
            self.flash(format!("Already coded {name}, or nothing to code"), now);
        }
    }

    /// Takes back the last change to an answer or its state, going to its question first.
    fn undo(&mut self, guide: &Guide, store: &Store, now: Instant) {
        let Some(undo) = self.open.undo(now) else {
            self.flash("Nothing to undo", now);
            return;
        };
        // The answer is as it was; show it on its own question.
        if let Some(at) = guide.position(&undo.question).map(|p| p.flat) {
            if at != self.index {
                self.go_to(guide, store, at, now);
            }
        }
        self.enter_question(guide);
        self.changed(guide, now);
        let label = guide
            .question(&undo.question)
            .map_or(undo.question.clone(), |q| {
                crate::text::line(q.label()).into_owned()
            });
        self.flash(format!("Undid {} on “{label}”", undo.what), now);
    }
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
    use std::time::Duration;

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
