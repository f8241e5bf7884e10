//! Moving a transcript's offset, and the quotes taken from its lines with it: a quote keeps
//! the time its line is said at on the interview's clock.

use super::{load, Cue};
use crate::session::{Session, Store};

/// Sets transcript `n`'s offset to `offset` and moves each quote taken from one of its lines to
/// where that line now falls. False when the session has no transcript `n`. When the file
/// cannot be read, the offset still moves and the quotes keep their time.
pub fn set_offset(store: &Store, session: &mut Session, n: usize, offset: f64) -> bool {
    let Some(attached) = session.transcripts.get(n).cloned() else {
        return false;
    };
    if let Ok(t) = load(store, &attached) {
        move_quotes(session, &t.cues, attached.offset, offset);
    }
    if let Some(t) = session.transcripts.get_mut(n) {
        t.offset = offset;
    }
    true
}

/// The quotes said at a cue's start on the clock of offset `old` (and holding its text, or
/// held by it: a selection of lines starts with its first) move to that start on the clock of
/// offset `new`.
pub fn move_quotes(session: &mut Session, cues: &[Cue], old: f64, new: f64) {
    let clock = |t: f64| (t * 1000.0).round() / 1000.0 + 0.0;
    for answer in session.answers.values_mut() {
        for said in &mut answer.said {
            let line = cues.iter().find(|c| {
                let text = c.text.trim();
                (clock(c.start - old) - said.at).abs() < 0.002
                    && !text.is_empty()
                    && (said.quote.contains(text) || text.contains(said.quote.as_str()))
            });
            if let Some(c) = line {
                said.at = clock(c.start - new);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Meta;

    #[test]
    fn a_quote_moves_with_its_line_and_others_stay() {
        let guide = crate::guide::builtin().expect("guide");
        let mut s = Session::new(&guide, Meta::new("Acme"));
        let cue = |start: f64, text: &str| Cue {
            start,
            end: start + 3.0,
            speaker: Some("Marta".into()),
            text: text.into(),
        };
        let cues = [
            cue(41.0, "Retail banking."),
            cue(75.3, "About 1,200 servers."),
        ];
        assert!(s.quote_line("org.industry", "Retail banking.", 11.0, Some("Marta")));
        assert!(s.quote_line("org.servers", "Typed by hand.", 45.3, None));
        move_quotes(&mut s, &cues, 30.0, 50.0);
        let at = |q: &str| s.answer(q).map(|a| a.said[0].at);
        assert_eq!(at("org.industry"), Some(-9.0));
        assert_eq!(at("org.servers"), Some(45.3));
    }
}
