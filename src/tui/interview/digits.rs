//! Digits typed at the options. A digit on its own picks option (or scale point) N; digits
//! followed at once by a letter, a space or punctuation are the start of a note ("2 sites run
//! SAP", "50% virtual"): the picks they made are taken back, so the answer is exactly as it was
//! before the first digit, the digits move into the notes with the rest, and the line says so.
//! The tenth option has the digit 0, and 0 is a digit like the others in a note ("10 sites").

use std::time::{Duration, Instant};

use super::Interview;

/// How soon the next key must come for digits and what follows to be one piece of typing: a
/// typist's pace. A pick followed by a pause and then a note stays a pick.
pub(super) const AT_ONCE: Duration = Duration::from_millis(600);

/// The option (counted from 1) a digit picks: 1–9 the first nine, 0 the tenth.
pub fn option_of_digit(d: u8) -> usize {
    if d == 0 {
        10
    } else {
        usize::from(d)
    }
}

/// The digit that picks option `n` (counted from 1): the first ten have one.
pub fn digit_of_option(n: usize) -> Option<char> {
    match n {
        1..=9 => char::from_digit(n as u32, 10),
        10 => Some('0'),
        _ => None,
    }
}

/// What was typed at once into a number answer, and the answer and field before it: digits
/// followed at once by a letter are the start of a note ("3 years ago", "50% virtual").
#[derive(Debug, Clone)]
pub struct NumberRun {
    question: String,
    typed: String,
    field: String,
    answer: Option<crate::session::Answer>,
    last: Instant,
}

/// The digits typed at once at one question's options, and how many picks they made.
#[derive(Debug, Clone)]
pub struct DigitRun {
    question: String,
    digits: String,
    picks: usize,
    last: Instant,
}

impl Interview {
    /// A digit at the options that picked.
    pub(super) fn digit_typed(&mut self, question: &str, d: u8, now: Instant) {
        let digit = char::from(b'0' + d);
        match &mut self.digit_run {
            Some(run) if run.question == question && now.duration_since(run.last) <= AT_ONCE => {
                run.digits.push(digit);
                run.picks += 1;
                run.last = now;
            }
            _ => {
                self.digit_run = Some(DigitRun {
                    question: question.to_string(),
                    digits: digit.to_string(),
                    picks: 1,
                    last: now,
                });
            }
        }
    }

    /// Any key but a digit or a character ends a run of digits: they stay picks (or the
    /// number typed stays the answer).
    pub(super) fn end_digit_run(&mut self) {
        self.digit_run = None;
        self.number_run = None;
    }

    /// A character a number answer takes (a digit, a sign, a space, `%`), before it goes in.
    pub(super) fn number_char_typed(&mut self, question: &str, c: char, now: Instant) {
        match &mut self.number_run {
            Some(run) if run.question == question && now.duration_since(run.last) <= AT_ONCE => {
                run.typed.push(c);
                run.last = now;
            }
            _ => {
                self.number_run = Some(NumberRun {
                    question: question.to_string(),
                    typed: c.to_string(),
                    field: self.answer_field.lines().join(""),
                    answer: self.session().answer(question).cloned(),
                    last: now,
                });
            }
        }
    }

    /// A character a number answer does not take, typed at once after what it took: that was
    /// the start of a note. Puts the answer and its field back as they were before it and
    /// returns what was typed, for the notes.
    pub(super) fn take_back_number(
        &mut self,
        guide: &crate::guide::Guide,
        question: &str,
        now: Instant,
    ) -> Option<String> {
        let run = self.number_run.take()?;
        if run.question != question || now.duration_since(run.last) > AT_ONCE {
            return None;
        }
        // Only a space after a pause: nothing of the number was typed in this run.
        if run.typed.trim().is_empty() {
            return Some(run.typed);
        }
        let typed_answer = self.session().answer(question).cloned().unwrap_or_default();
        match run.answer {
            Some(answer) => *self.open.session.answer_mut(question) = answer,
            None => {
                self.open.session.answers.remove(question);
            }
        }
        self.answer_field = super::fields::field(&run.field, "type a number");
        self.number_error = None;
        self.changed(guide, now);
        let typed = run.typed.trim();
        // Ctrl-Z brings the number back, if it was the number after all.
        self.open.remember_as(
            question,
            typed_answer,
            format!("taking the number “{typed}” back"),
        );
        self.flash(
            format!(
                "“{typed}…” is a note, not the number: answer as it was ({}: it was the number)",
                undo_key()
            ),
            now,
        );
        Some(run.typed)
    }

    /// Before a character typed at the options goes to the notes: digits typed just before it
    /// were the start of the note. Takes their picks back and returns the digits.
    pub(super) fn take_back_digits(&mut self, question: &str, now: Instant) -> Option<String> {
        let run = self.digit_run.take()?;
        if run.question != question || now.duration_since(run.last) > AT_ONCE {
            return None;
        }
        let picked = self.session().answer(question).cloned().unwrap_or_default();
        for _ in 0..run.picks {
            self.open.undo(now);
        }
        // Ctrl-Z brings the picks back, if they were picks after all.
        self.open.remember_as(
            question,
            picked,
            format!("taking the picks “{}” back", run.digits),
        );
        self.flash(
            format!(
                "“{}…” is a note, not a pick: answer as it was ({}: they were picks)",
                run.digits,
                undo_key()
            ),
            now,
        );
        Some(run.digits)
    }
}

/// The key that undoes, as the key table has it.
fn undo_key() -> String {
    crate::tui::keymap::interview_key(&crate::tui::action::Action::Command(
        crate::tui::action::Command::Undo,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tenth_option_has_the_digit_0_and_each_digit_its_own_option() {
        assert_eq!(digit_of_option(1), Some('1'));
        assert_eq!(digit_of_option(9), Some('9'));
        assert_eq!(digit_of_option(10), Some('0'));
        assert_eq!(digit_of_option(11), None);
        assert_eq!(digit_of_option(0), None);
        for d in 0..=9u8 {
            let n = option_of_digit(d);
            assert_eq!(digit_of_option(n), char::from_digit(u32::from(d), 10));
        }
    }
}
