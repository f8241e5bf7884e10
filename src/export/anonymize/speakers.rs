//! Speakers of a session's transcripts behind the session's aliases: the participant's speaker
//! is the participant's alias (P1), the interviewer's the interviewer's (I1), any other speaker
//! one of their own (S1, S2…); each of their names is hidden in every text too.

use super::super::heard::Heard;
use super::super::scrub::normalise;
use super::{Aliases, Anonymizer};
use crate::session::{Attached, Meta, Session};

/// The role a speaker has in a session's transcripts.
enum Role {
    Participant,
    Interviewer,
    Other,
}

/// The role of speaker `name` in `s`: by the roles its transcripts record, else by the
/// session's own names (a quote whose transcript was since removed).
fn role(meta: &Meta, attached: &[Attached], name: &str) -> Role {
    let key = normalise(name);
    let is = |n: &Option<String>| n.as_deref().is_some_and(|n| normalise(n) == key);
    if attached.iter().any(|a| is(&a.participant)) {
        Role::Participant
    } else if attached.iter().any(|a| is(&a.interviewer)) {
        Role::Interviewer
    } else if !key.is_empty() && normalise(&meta.participant) == key {
        Role::Participant
    } else if !key.is_empty() && normalise(&meta.interviewer) == key {
        Role::Interviewer
    } else {
        Role::Other
    }
}

/// Every speaker a session names: its quotes' speakers and its transcripts' roles and lines.
fn speakers<'a>(s: &'a Session, heard: &'a [Heard]) -> Vec<&'a str> {
    let said = s
        .answers
        .values()
        .flat_map(|a| &a.said)
        .filter_map(|w| w.speaker.as_deref());
    let roles = s
        .transcripts
        .iter()
        .flat_map(|a| [a.participant.as_deref(), a.interviewer.as_deref()])
        .flatten();
    let lines = heard.iter().flat_map(Heard::speakers);
    roles.chain(said).chain(lines).collect()
}

impl Aliases {
    /// Hides a session's speakers behind its aliases (new ones for speakers of no role).
    fn speakers(&mut self, s: &Session, heard: &[Heard]) {
        let m = &s.meta;
        for name in speakers(s, heard) {
            match role(m, &s.transcripts, name) {
                Role::Participant => self.other_name('P', &m.participant, name, true),
                Role::Interviewer => self.other_name('I', &m.interviewer, name, true),
                Role::Other => {
                    self.alias('S', name, true);
                }
            }
        }
    }
}

impl Anonymizer {
    /// From whole sessions, in export order: their names as [`Anonymizer::new`] takes them,
    /// then the speakers of their transcripts.
    pub fn of(sessions: &[(Session, Vec<Heard>)]) -> Anonymizer {
        let mut a = Anonymizer::new(sessions.iter().map(|(s, _)| &s.meta));
        for (s, heard) in sessions {
            a.aliases.speakers(s, heard);
        }
        a.patterns = a.aliases.patterns();
        a
    }

    /// The alias of a speaker of the session with these names and transcripts (as they were
    /// before being anonymised).
    pub(super) fn speaker(&self, meta: &Meta, attached: &[Attached], name: &str) -> String {
        let by_name = |prefix: char, own: &str| match self.known(prefix, own) {
            alias if alias.is_empty() => self.known(prefix, name),
            alias => alias,
        };
        match role(meta, attached, name) {
            Role::Participant => by_name('P', &meta.participant),
            Role::Interviewer => by_name('I', &meta.interviewer),
            Role::Other => self.known('S', name),
        }
    }

    /// Replaces every name in a session and in its transcripts' lines: speakers become their
    /// aliases, and names inside the lines' text too.
    pub fn apply_heard(&self, s: &mut Session, heard: &mut [Heard]) {
        let alias = |n: &str| self.speaker(&s.meta, &s.transcripts, n);
        for h in heard.iter_mut() {
            for line in &mut h.lines {
                line.speaker = line.speaker.as_deref().map(alias);
                line.text = self.scrub(&line.text);
            }
            h.participant = h.participant.as_deref().map(alias);
            h.interviewer = h.interviewer.as_deref().map(alias);
        }
        self.apply(s);
    }
}

/// Replaces every name in these sessions and their transcripts, aliases numbered in the order
/// the sessions come.
pub fn anonymize_heard(sessions: &mut [(Session, Vec<Heard>)]) {
    let anonymizer = Anonymizer::of(sessions);
    for (s, heard) in sessions {
        anonymizer.apply_heard(s, heard);
    }
}
