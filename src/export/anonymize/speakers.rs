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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Placed;

    fn line(speaker: &str, text: &str) -> Placed {
        Placed {
            start: 1.0,
            end: 2.0,
            speaker: Some(speaker.into()),
            text: text.into(),
            question: None,
        }
    }

    fn session() -> Session {
        let guide = crate::guide::builtin().expect("guide");
        let mut meta = Meta::new("Nordbank");
        meta.participant = "Marta Lindqvist".into();
        meta.interviewer = "Sam Okafor".into();
        let mut s = Session::new(&guide, meta);
        s.transcripts.push(Attached {
            file: format!("{}.vtt", s.id),
            format: "webvtt".into(),
            offset: 0.0,
            // Spelt as the call's software wrote them.
            participant: Some("marta.l".into()),
            interviewer: Some("Sam O.".into()),
        });
        s
    }

    #[test]
    fn speakers_take_their_roles_aliases_and_others_new_ones_in_the_lines_too() {
        let s = session();
        let heard = vec![Heard {
            participant: Some("marta.l".into()),
            interviewer: Some("Sam O.".into()),
            lines: vec![
                line("Sam O.", "Nordbank first, marta.l?"),
                line("marta.l", "Jonas Berg knows, ask Jonas."),
                line("Jonas Berg", "Hi Sam O., Marta asked me."),
            ],
        }];
        let mut all = vec![(s, heard)];
        anonymize_heard(&mut all);
        let (s, heard) = &all[0];
        let shown: Vec<(Option<&str>, &str)> = heard[0]
            .lines
            .iter()
            .map(|l| (l.speaker.as_deref(), l.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (Some("I1"), "C1 first, P1?"),
                (Some("P1"), "S1 knows, ask S1."),
                (Some("S1"), "Hi I1, P1 asked me."),
            ]
        );
        assert_eq!(heard[0].participant.as_deref(), Some("P1"));
        assert!(s.transcripts.is_empty(), "the file's name carries the id");
    }

    #[test]
    fn who_said_a_quote_becomes_an_alias_and_a_name_never_given_does_not_pass() {
        let mut s = session();
        s.quote_line("org.industry", "Banking, says Marta", 3.0, Some("marta.l"));
        s.quote_line("org.industry", "Yes", 4.0, Some("Sam Okafor"));
        s.answer_mut("org.industry")
            .said
            .push(crate::session::Said {
                quote: "Yes".into(),
                at: 5.0,
                speaker: Some("Unknown Person".into()),
            });
        let a = Anonymizer::new([&s.meta]);
        a.apply(&mut s);
        let said: Vec<(&str, Option<&str>)> = s.answers["org.industry"]
            .said
            .iter()
            .map(|w| (w.quote.as_str(), w.speaker.as_deref()))
            .collect();
        assert_eq!(
            said,
            [
                ("Banking, says P1", Some("P1")),
                ("Yes", Some("I1")),
                ("Yes", Some("S?"))
            ]
        );
    }
}
