//! What the browser's search reads in transcripts: the words of a session's transcripts
//! (speakers and lines), folded as `crate::text::fold` folds them, and the question a search
//! hit is on, so the session opens there. A session without transcripts reads no file.

use super::{align, load};
use crate::guide::Guide;
use crate::session::{answer_text, push_code_names, Session, Store};
use crate::text::fold;

/// The words of every transcript attached to `session`, folded; empty without transcripts.
/// A file that cannot be read adds nothing (the browser lists sessions, it does not check
/// their transcripts).
pub fn search_words(store: &Store, session: &Session) -> String {
    let mut text = String::new();
    for attached in &session.transcripts {
        let Ok(transcript) = load(store, attached) else {
            continue;
        };
        for cue in &transcript.cues {
            if let Some(speaker) = &cue.speaker {
                text.push_str(speaker);
                text.push(' ');
            }
            text.push_str(&cue.text);
            text.push('\n');
        }
    }
    fold(&text)
}

/// The question a search for `terms` (folded, as `Filter::terms` gives them) finds in
/// `session`: the first in the guide's order whose answer, notes or quotes hold every term,
/// else the question on screen at the first transcript line holding every term (then any
/// term). None when the words are only in the names, or in lines said on no question.
pub fn search_hit(
    store: &Store,
    guide: &Guide,
    session: &Session,
    terms: &[String],
) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    let all = |text: &str| terms.iter().all(|t| text.contains(t.as_str()));
    let typed = guide.questions().find(|(_, q)| {
        session.answer(&q.id).is_some_and(|a| {
            let value = a.value.as_ref().map(|v| answer_text(q, v));
            let parts = [a.notes.as_str(), value.as_deref().unwrap_or("")];
            let text = parts.into_iter().chain(a.quotes.iter().map(String::as_str));
            let mut text = text.collect::<Vec<_>>().join("\n");
            push_code_names(guide, a, &mut text);
            all(&fold(&text))
        })
    });
    if let Some((_, q)) = typed {
        return Some(q.id.clone());
    }
    let mut lines = Vec::new();
    for attached in &session.transcripts {
        let Ok(transcript) = load(store, attached) else {
            continue;
        };
        lines.extend(align(session, &transcript.cues, attached.offset));
    }
    lines.sort_by(|a, b| a.start.total_cmp(&b.start));
    let folded: Vec<(String, Option<String>)> = lines
        .into_iter()
        .filter(|l| l.question.is_some())
        .map(|l| {
            let speaker = l.speaker.unwrap_or_default();
            (fold(&format!("{speaker} {}", l.text)), l.question)
        })
        .collect();
    let any = |text: &str| terms.iter().any(|t| text.contains(t.as_str()));
    folded
        .iter()
        .find(|(text, _)| all(text))
        .or_else(|| folded.iter().find(|(text, _)| any(text)))
        .and_then(|(_, q)| q.clone())
}
