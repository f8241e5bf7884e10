//! Placing cues on the interview: a cue's time on the interview's clock is its time in the
//! recording less the offset (how long the recording ran before the interview began); its
//! question is the one on screen then, by the session's timeline, or for a session without
//! one by the `[mm:ss]` stamps typed into the notes.

use serde::Serialize;

use super::Cue;
use crate::session::Session;

/// A cue on the interview's clock, with the question on screen at its start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    pub start: f64,
    pub end: f64,
    pub speaker: Option<String>,
    pub text: String,
    pub question: Option<String>,
}

/// Every cue of a transcript attached with `offset`, placed in `session`.
pub fn align(session: &Session, cues: &[Cue], offset: f64) -> Vec<Placed> {
    let stamps = if session.timeline.is_empty() {
        session.note_stamps()
    } else {
        Vec::new()
    };
    // On the interview's clock to the millisecond, as the files write times (no 5.1199999).
    let clock = |t: f64| (t * 1000.0).round() / 1000.0 + 0.0;
    cues.iter()
        .map(|cue| {
            let start = clock(cue.start - offset);
            let question = if session.timeline.is_empty() {
                by_stamps(&stamps, session.elapsed_seconds, start)
            } else {
                session.question_at(start)
            };
            Placed {
                start,
                end: clock(cue.end - offset),
                speaker: cue.speaker.clone(),
                text: cue.text.clone(),
                question: question.map(str::to_string),
            }
        })
        .collect()
}

/// The question of the last stamp at or before `t`, up to the end of the interview.
fn by_stamps<'s>(stamps: &[(u64, &'s str)], elapsed: u64, t: f64) -> Option<&'s str> {
    if t > elapsed.max(stamps.last()?.0) as f64 {
        return None;
    }
    let after = stamps.partition_point(|(at, _)| (*at as f64) <= t);
    stamps[..after].last().map(|(_, q)| *q)
}
