//! Writing in the plain interview: a line as the answer where the question's kind reads it so
//! (option numbers, a scale point, a number, a text answer), else into the notes; each change
//! through the domain's calls, remembered for undo and saved at once.

use std::time::Instant;

use super::parse::{self, numbers, Command};
use super::show;
use super::talk::Talk;
use crate::guide::{Kind, Question};
use crate::session::Value;

impl Talk<'_> {
    /// Appends a line to the question's notes.
    pub(super) fn add_notes(&mut self, q: &Question, text: &str, now: Instant) -> String {
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

    pub(super) fn set_other(&mut self, q: &Question, text: &str, now: Instant) -> String {
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
    pub(super) fn answer(&mut self, q: &Question, text: &str, now: Instant) -> String {
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
