//! A transcript as a REFI-QDA text source: a line a line, `[mm:ss] Speaker: text`, speakers
//! kept; each quote taken from one of its lines is a selection of that line's words, with the
//! codes applied to the quote.

use super::super::{clock, Heard, Item};
use super::{xml_chars, Lines, Selection, Source};
use crate::guide::Guide;

/// Transcript `n` of a session as a source of the session's case.
pub(super) fn source(guide: &Guide, item: &Item, heard: &Heard, n: usize) -> Source {
    let s = &item.session;
    let mut lines = Lines::default();
    // Where each line's words start in the text, in characters.
    let mut starts = Vec::with_capacity(heard.lines.len());
    for line in &heard.lines {
        let head = match line.speaker.as_deref() {
            Some(speaker) => format!("[{}] {speaker}: ", clock(line.start)),
            None => format!("[{}] ", clock(line.start)),
        };
        let at = lines.push(&format!("{head}{}", line.text));
        starts.push(at + head.chars().count());
    }
    Source {
        id: format!("{}:transcript:{n}", s.id),
        name: format!("{}: transcript {} ({})", s.meta.customer, n + 1, s.id),
        text: xml_chars(&lines.text),
        selections: selections(guide, item, heard, &starts),
    }
}

/// The quotes taken from the transcript's lines, each where it was said, with its codes.
fn selections(guide: &Guide, item: &Item, heard: &Heard, starts: &[usize]) -> Vec<Selection> {
    let s = &item.session;
    let mut out = Vec::new();
    for (id, answer) in &s.answers {
        let label = guide.question(id).map_or(id.as_str(), |q| q.label());
        for said in &answer.said {
            let quote = said.quote.as_str();
            if !answer.quotes.iter().any(|q| q == quote) {
                continue;
            }
            let Some((line, offset)) = heard.line_of(said, quote) else {
                continue;
            };
            let start = starts[line] + offset;
            out.push(Selection {
                name: format!("{label}: said"),
                start,
                end: start + quote.chars().count(),
                codes: answer
                    .coded
                    .iter()
                    .filter(|c| c.text == quote)
                    .flat_map(|c| c.codes.iter().cloned())
                    .collect(),
            });
        }
    }
    out.sort_by_key(|sel| sel.start);
    out
}
