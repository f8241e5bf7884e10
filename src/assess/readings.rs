//! The inflection points reached and the highlights (triggers, products, value) picked.

use super::{HighlightReading, MilestoneReading};
use crate::guide::Guide;
use crate::session::{Session, Value};

pub(super) fn milestones(guide: &Guide, session: &Session) -> Vec<MilestoneReading> {
    guide
        .milestones
        .iter()
        .map(|m| {
            let mut questions = m.when.questions();
            questions.dedup();
            let reasons: Vec<String> = questions
                .iter()
                .filter(|qid| guide.shows(qid, session))
                .filter_map(|qid| {
                    let q = guide.question(qid)?;
                    let value = session.answer(qid)?.answered_value()?;
                    Some(format!(
                        "{}: {}",
                        q.label(),
                        crate::session::answer_text(q, value)
                    ))
                })
                .collect();
            // Reached or not only once the answers it depends on say so: a question not asked
            // yet, skipped, not applicable or answered "don't know" leaves it unknown.
            let state = super::crossing::state(guide, m, session);
            MilestoneReading {
                id: m.id.clone(),
                name: m.name.clone(),
                state,
                reasons,
            }
        })
        .collect()
}

pub(super) fn highlights(guide: &Guide, session: &Session) -> Vec<HighlightReading> {
    guide
        .highlights
        .iter()
        .map(|h| HighlightReading {
            id: h.id.clone(),
            title: h.title.clone(),
            items: h
                .questions
                .iter()
                // An answer skip logic hides now is kept in the file, never read.
                .filter(|qid| guide.shows(qid, session))
                .filter_map(|qid| {
                    Some((guide.question(qid)?, session.answer(qid)?.answered_value()?))
                })
                .flat_map(|(q, value)| {
                    let Value::Choice { selected, other } = value else {
                        return Vec::new();
                    };
                    // "None of these" is an answer, not an item to list; "Other…" is what
                    // the customer said.
                    let selected = crate::session::Picked::new(selected);
                    q.options
                        .iter()
                        .filter(|o| !o.exclusive && selected.contains(&o.id))
                        .map(|o| crate::session::item_label(o, other.as_deref()))
                        .collect::<Vec<_>>()
                })
                .collect(),
        })
        .collect()
}
