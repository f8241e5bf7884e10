//! A session's transcripts as the screens show them: each attached file read once, its lines
//! placed with the offset the session records now (so a nudged offset moves them), the lines
//! of one question in time order with the speaker's role, how many fall on no question, and
//! the suggestions. Pure: the screens draw it, the domain computes it.

use super::{align, load, roles_of, suggest_all, Cue, Placed, Roles, Suggestion};
use crate::guide::Guide;
use crate::session::{Session, Store};

/// One attached transcript's cues, read once; `index` in the session's `transcripts`.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub index: usize,
    pub file: String,
    pub cues: Vec<Cue>,
}

/// Reads every transcript of a session; the ones that cannot be read, in words.
pub fn load_all(store: &Store, session: &Session) -> (Vec<Loaded>, Vec<String>) {
    let (mut loaded, mut errors) = (Vec::new(), Vec::new());
    for (index, attached) in session.transcripts.iter().enumerate() {
        match load(store, attached) {
            Ok(t) => loaded.push(Loaded {
                index,
                file: attached.file.clone(),
                cues: t.cues,
            }),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (loaded, errors)
}

/// Who said a line, as the researcher set the roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Participant,
    Interviewer,
}

impl Role {
    /// The letter the screens show: P, I.
    pub fn letter(self) -> &'static str {
        match self {
            Role::Participant => "P",
            Role::Interviewer => "I",
        }
    }
}

/// A line of a transcript placed on the interview.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Its transcript, by index in the session's `transcripts`.
    pub transcript: usize,
    pub placed: Placed,
    pub role: Option<Role>,
}

/// Every transcript placed with the offsets the session records now, and the suggestions.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Every line, in time order.
    pub lines: Vec<Line>,
    pub suggestions: Vec<Suggestion>,
}

impl View {
    pub fn new(guide: &Guide, session: &Session, loaded: &[Loaded]) -> View {
        let mut placed: Vec<(usize, Vec<Placed>, Roles)> = Vec::new();
        for l in loaded {
            let Some(attached) = session.transcripts.get(l.index) else {
                continue;
            };
            let cues = align(session, &l.cues, attached.offset);
            placed.push((l.index, cues, roles_of(attached)));
        }
        let suggestions = suggest_all(
            guide,
            session,
            placed.iter().map(|(_, p, r)| (p.as_slice(), r.clone())),
        );
        let mut lines: Vec<Line> = Vec::new();
        for (index, cues, roles) in placed {
            let role = |speaker: &Option<String>| {
                let is = |name: &Option<String>| {
                    name.as_deref().map(crate::text::fold)
                        == speaker.as_deref().map(crate::text::fold)
                        && speaker.is_some()
                };
                if is(&roles.participant) {
                    Some(Role::Participant)
                } else if is(&roles.interviewer) {
                    Some(Role::Interviewer)
                } else {
                    None
                }
            };
            lines.extend(cues.into_iter().map(|p| Line {
                transcript: index,
                role: role(&p.speaker),
                placed: p,
            }));
        }
        lines.sort_by(|a, b| a.placed.start.total_cmp(&b.placed.start));
        View { lines, suggestions }
    }

    /// The lines said while `question` was on screen, in time order.
    pub fn on(&self, question: &str) -> Vec<&Line> {
        self.lines
            .iter()
            .filter(|l| l.placed.question.as_deref() == Some(question))
            .collect()
    }

    /// How many lines fall on no question (before the start, after the end, no timeline).
    pub fn not_placed(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| l.placed.question.is_none())
            .count()
    }

    /// The suggestions a line makes, in the guide's order.
    pub fn suggestions_of(&self, line: &Line) -> Vec<&Suggestion> {
        self.suggestions
            .iter()
            .filter(|s| s.at == line.placed.start && s.text == line.placed.text)
            .collect()
    }
}

/// Seconds on the interview's clock as `mm:ss` (`h:mm:ss` from the hour; `-` before the start).
pub fn clock(seconds: f64) -> String {
    let sign = if seconds < 0.0 { "-" } else { "" };
    format!(
        "{sign}{}",
        crate::session::clock(seconds.abs().floor() as u64)
    )
}

/// An offset as the screens show it: `offset +12 s`, `offset −3.5 s`.
pub fn offset_words(offset: f64) -> String {
    let sign = if offset < 0.0 { "−" } else { "+" };
    let n = offset.abs();
    if n.fract() == 0.0 {
        format!("offset {sign}{n:.0} s")
    } else {
        format!("offset {sign}{n} s")
    }
}
