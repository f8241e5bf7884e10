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
    /// Puts `code` on `text` (a quote or a line of notes) of `question` in session `id`, as
    /// applied by the researcher using journey here (`journey whoami`).
    pub fn code_text(
        &self,
        id: &str,
        question: &str,
        text: &str,
        code: &str,
    ) -> Result<TextCoded, StoreError> {
        let by = super::identity::researcher_name(self.data_dir());
        Ok(
            match self.change(id, |s| s.apply_code_by(question, text, code, by.as_deref()))? {
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
    /// Applies a code to a text of a question (a quote or a line of its notes), by nobody
    /// named; false when it already had it or the text is empty.
    pub fn apply_code(&mut self, question: &str, text: &str, code: &str) -> bool {
        self.apply_code_by(question, text, code, None)
    }

    /// [`Session::apply_code`] as researcher `by` (when known): their codes on a text are kept
    /// apart from another researcher's; false when they already gave it that code.
    pub fn apply_code_by(
        &mut self,
        question: &str,
        text: &str,
        code: &str,
        by: Option<&str>,
    ) -> bool {
        let text = text.trim();
        if text.is_empty() {
            return false;
        }
        let answer = self.answer_mut(question);
        let mine = |c: &&mut Coded| c.text == text && c.by.as_deref() == by;
        match answer.coded.iter_mut().find(mine) {
            Some(c) if c.codes.iter().any(|k| k == code) => false,
            Some(c) => {
                c.codes.push(code.to_string());
                true
            }
            None => {
                answer.coded.push(Coded {
                    text: text.to_string(),
                    codes: vec![code.to_string()],
                    by: by.map(str::to_string),
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
            // A text two researchers gave the same code counts once.
            let n: usize = self
                .answers
                .values()
                .map(|a| {
                    let mut texts: Vec<&str> = a
                        .coded
                        .iter()
                        .filter(|c| c.codes.contains(&code.id))
                        .map(|c| c.text.as_str())
                        .collect();
                    texts.sort_unstable();
                    texts.dedup();
                    texts.len()
                })
                .sum();
            if n > 0 {
                counts.push((code.name.clone(), n));
            }
        }
        counts
    }
}
