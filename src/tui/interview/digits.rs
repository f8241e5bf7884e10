//! Digits typed at the options. A digit on its own picks option (or scale point) N; digits
//! followed at once by a letter, a space or punctuation are the start of a note ("2 sites run
//! SAP", "50% virtual"): the picks they made are taken back, so the answer is exactly as it was
//! before the first digit, the digits move into the notes with the rest, and the line says so.

use std::time::{Duration, Instant};

use super::Interview;

/// How soon the next key must come for digits and what follows to be one piece of typing.
pub(super) const AT_ONCE: Duration = Duration::from_millis(1500);

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

    /// Any key but a digit or a character ends a run of digits: they stay picks.
    pub(super) fn end_digit_run(&mut self) {
        self.digit_run = None;
    }

    /// Before a character typed at the options goes to the notes: digits typed just before it
    /// were the start of the note. Takes their picks back and returns the digits.
    pub(super) fn take_back_digits(&mut self, question: &str, now: Instant) -> Option<String> {
        let run = self.digit_run.take()?;
        if run.question != question || now.duration_since(run.last) > AT_ONCE {
            return None;
        }
        for _ in 0..run.picks {
            self.open.undo(now);
        }
        self.flash(
            format!("“{}…” is a note, not a pick: answer as it was", run.digits),
            now,
        );
        Some(run.digits)
    }
}
