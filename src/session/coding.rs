//! Coding the texts of a session (a quote or a line of notes), and changing a session from
//! outside an interview (the read-only view): the file is locked, read, changed and saved, so
//! an interview open elsewhere is never written over.

use super::{Coded, Session, Store, StoreError};

/// What coding a text did.
#[derive(Debug)]
pub enum TextCoded {
    /// TextCoded and saved: the session as it is now.
    Saved(Box<Session>),
    /// That text already had that code: nothing was written.
    Already,
}

impl Store {
    /// Puts `code` on `text` (a quote or a line of notes) of `question` in session `id`.
    pub fn code_text(
        &self,
        id: &str,
        question: &str,
        text: &str,
        code: &str,
    ) -> Result<TextCoded, StoreError> {
        Ok(
            match self.change(id, |s| s.apply_code(question, text, code))? {
                Some(session) => TextCoded::Saved(session),
                None => TextCoded::Already,
            },
        )
    }

    /// Changes session `id` under its lock: read, `change` (true when it changed something),
    /// saved. The session as saved, or `None` when nothing changed and nothing was written.
    pub fn change(
        &self,
        id: &str,
        change: impl FnOnce(&mut Session) -> bool,
    ) -> Result<Option<Box<Session>>, StoreError> {
        let _lock = self.lock(id)?;
        let mut session = self.load(id)?;
        if !change(&mut session) {
            return Ok(None);
        }
        session.meta.updated = super::now().max(session.meta.started);
        self.save(&session)?;
        Ok(Some(Box::new(session)))
    }
}

impl Session {
    /// Applies a code to a text of a question (a quote or a line of its notes); false when it
    /// already had it or the text is empty.
    pub fn apply_code(&mut self, question: &str, text: &str, code: &str) -> bool {
        let text = text.trim();
        if text.is_empty() {
            return false;
        }
        let answer = self.answer_mut(question);
        match answer.coded.iter_mut().find(|c| c.text == text) {
            Some(c) if c.codes.iter().any(|k| k == code) => false,
            Some(c) => {
                c.codes.push(code.to_string());
                true
            }
            None => {
                answer.coded.push(Coded {
                    text: text.to_string(),
                    codes: vec![code.to_string()],
                });
                true
            }
        }
    }

    /// Every code applied in the session, by name, with how many texts carry it; the
    /// codebook's order.
    pub fn code_counts(&self, guide: &crate::guide::Guide) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for code in guide.codes.iter() {
            let n = self
                .answers
                .values()
                .flat_map(|a| a.coded.iter())
                .filter(|c| c.codes.contains(&code.id))
                .count();
            if n > 0 {
                counts.push((code.name.clone(), n));
            }
        }
        counts
    }
}
