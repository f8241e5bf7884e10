//! The transcript tests' interview: Nordbank, with Marta Lindqvist (the participant) and Sam
//! Okafor (the interviewer), 5 minutes long, and the timeline of the questions on screen.

use journey::guide::Guide;
use journey::session::{Session, Visit};

/// A visit of `question` from `from` to `to` seconds into the interview.
pub fn visit(question: &str, from: u64, to: u64) -> Visit {
    Visit {
        question: question.into(),
        from,
        to,
    }
}

/// Nordbank with Marta and Sam, not yet in a store, the questions on screen as `visits`
/// (question, from, to) say.
pub fn session(guide: &Guide, visits: &[(&str, u64, u64)]) -> Session {
    let mut s = super::session(guide, "Nordbank");
    s.meta.participant = "Marta Lindqvist".into();
    s.meta.interviewer = "Sam Okafor".into();
    s.elapsed_seconds = 300;
    s.timeline = visits.iter().map(|&(q, f, t)| visit(q, f, t)).collect();
    s
}
