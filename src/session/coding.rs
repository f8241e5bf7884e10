//! Coding a text of a session on disk, from outside an interview (the read-only view): the
//! file is locked, read, coded and saved, so an interview open elsewhere is never written over.

use super::{Session, Store, StoreError};

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
        let _lock = self.lock(id)?;
        let mut session = self.load(id)?;
        if !session.apply_code(question, text, code) {
            return Ok(TextCoded::Already);
        }
        session.meta.updated = super::now();
        self.save(&session)?;
        Ok(TextCoded::Saved(Box::new(session)))
    }
}
