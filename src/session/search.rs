//! What the archive's text search reads in a session: its names, notes, quotes, answers ("other"
//! texts included) and the names of the codes applied to its texts, folded as
//! `crate::text::fold` folds them. The browser's packed word index (`crate::index`), `list
//! --text`, the exports and the report all search this one text.

use super::{answer_text, Session};
use crate::guide::Guide;

/// The text the filter searches in a session (names, notes, quotes, answers with their "other"
/// texts, and the names of the codes applied), folded as [`crate::text::fold`] folds it: lower
/// case, accents away.
pub fn search_text(guide: &Guide, session: &Session) -> String {
    let m = &session.meta;
    let mut text = [
        m.customer.as_str(),
        m.participant.as_str(),
        m.role.as_str(),
        m.interviewer.as_str(),
    ]
    .join("\n");
    for (id, answer) in &session.answers {
        for part in std::iter::once(&answer.notes).chain(&answer.quotes) {
            text.push('\n');
            text.push_str(part);
        }
        if let (Some(q), Some(v)) = (guide.question(id), answer.value.as_ref()) {
            text.push('\n');
            text.push_str(&answer_text(q, v));
        }
        push_code_names(guide, answer, &mut text);
    }
    crate::text::fold(&text)
}

/// The names of the codes applied to an answer's texts, each once (a code the codebook no
/// longer has is searched by its id).
pub fn push_code_names(guide: &Guide, answer: &super::Answer, text: &mut String) {
    let mut ids: Vec<&str> = answer
        .coded
        .iter()
        .flat_map(|c| c.codes.iter().map(String::as_str))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        text.push('\n');
        match guide.codes.iter().find(|c| c.id == id) {
            Some(code) => text.push_str(&code.name),
            None => text.push_str(id),
        }
    }
}
