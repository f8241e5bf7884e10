//! The transcripts an export carries: each one attached to a session, read again from its kept
//! file and placed on the interview's questions, and where a quote taken from one was said.

use crate::session::{Said, Session, Store};
use crate::transcript::{self, Placed};

/// One transcript of a session, as an export carries it: every line on the interview's clock
/// with the question on screen then, and the speakers' roles.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heard {
    /// The speaker who is the participant, as the lines name them.
    pub participant: Option<String>,
    /// The speaker who is the interviewer.
    pub interviewer: Option<String>,
    pub lines: Vec<Placed>,
}

impl Heard {
    /// The speakers, in order of first appearance.
    pub fn speakers(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.lines.iter().filter_map(|l| l.speaker.as_deref()) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    /// The line a quote was taken from: the line that starts when it was said, by the same
    /// speaker, holding its text; else the line nearest that time holding it. With the
    /// character where the quote starts in the line's text.
    pub fn line_of(&self, said: &Said, quote: &str) -> Option<(usize, usize)> {
        let holding = self.lines.iter().enumerate().filter_map(|(n, l)| {
            let at = l.text.find(quote)?;
            Some((n, l.text[..at].chars().count(), l))
        });
        let exact = |l: &Placed| (l.start - said.at).abs() < 0.01 && l.speaker == said.speaker;
        let mut best: Option<(usize, usize, f64)> = None;
        for (n, at, line) in holding {
            if exact(line) {
                return Some((n, at));
            }
            let gap = (line.start - said.at).abs();
            if best.is_none_or(|(_, _, g)| gap < g) {
                best = Some((n, at, gap));
            }
        }
        best.map(|(n, at, _)| (n, at))
    }
}

/// Every transcript attached to `session`, read from its kept file and placed. A session
/// without transcripts reads no file.
pub fn read(store: &Store, session: &Session) -> Result<Vec<Heard>, super::ExportError> {
    session
        .transcripts
        .iter()
        .map(|attached| {
            let cues = transcript::load(store, attached)
                .map_err(|source| super::ExportError::Transcript {
                    id: session.id.clone(),
                    source,
                })?
                .cues;
            Ok(Heard {
                lines: transcript::align(session, &cues, attached.offset),
                participant: attached.participant.clone(),
                interviewer: attached.interviewer.clone(),
            })
        })
        .collect()
}

/// Seconds on the interview's clock, as a reader sees a transcript line's time.
pub use crate::transcript::view::clock;

/// Who said a quote and when, in words: "Dana Whitfield, 12:31" (or "12:31" without a
/// speaker).
pub fn said_words(said: &Said) -> String {
    match said.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(speaker) => format!("{speaker}, {}", clock(said.at)),
        None => clock(said.at),
    }
}
