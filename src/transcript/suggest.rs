//! What the customer said as evidence: a participant's line that says an option's cue phrase
//! (accents and case aside, whole words) suggests that option for a question not answered yet.
//! A suggestion is only offered: the researcher takes it or leaves it.

use serde::Serialize;

use super::{Placed, Roles};
use crate::guide::{Guide, Kind};
use crate::session::{AnswerState, Session, Value};

/// An option a participant's line suggests for a question not answered yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub question: String,
    pub option: String,
    /// When the line was said, in seconds on the interview's clock.
    pub at: f64,
    /// The line, as said.
    pub text: String,
    /// Who said it, as the transcript names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

impl Suggestion {
    /// What it suggests, in words: `Business apps virtualized: Microsoft Exchange`.
    pub fn label(&self, guide: &Guide) -> String {
        let question = guide
            .questions()
            .map(|(_, q)| q)
            .find(|q| q.id == self.question);
        let option = question.and_then(|q| q.option(&self.option));
        format!(
            "{}: {}",
            question.map_or(self.question.as_str(), |q| q.label()),
            option.map_or(self.option.as_str(), |o| o.label.as_str())
        )
    }
}

/// Takes a suggestion the researcher accepted: picks its option (added to a multiple choice;
/// a single choice already answered otherwise is left as it is and the error says so) and
/// keeps the line as the question's quote with its speaker and time. What was done, in words.
pub fn take(guide: &Guide, session: &mut Session, s: &Suggestion) -> Result<String, String> {
    let question = guide
        .questions()
        .map(|(_, q)| q)
        .find(|q| q.id == s.question)
        .ok_or_else(|| format!("the guide has no question `{}`", s.question))?;
    let option = question
        .option(&s.option)
        .ok_or_else(|| format!("`{}` has no option `{}`", s.question, s.option))?;
    let selected = match session.answer(&question.id).and_then(|a| a.value.as_ref()) {
        Some(Value::Choice { selected, .. }) => selected.clone(),
        _ => Vec::new(),
    };
    let label = question.label();
    if !selected.contains(&option.id) {
        if question.kind == Kind::Single && !selected.is_empty() {
            let now: Vec<&str> = selected
                .iter()
                .filter_map(|id| question.option(id).map(|o| o.label.as_str()))
                .collect();
            return Err(format!(
                "{label} is already answered “{}”: nothing changed (pick “{}” by hand to replace it)",
                now.join(", "),
                option.label
            ));
        }
        session.pick(question, &option.id);
    }
    let quoted = session.quote_line(&question.id, &s.text, s.at, s.speaker.as_deref());
    Ok(format!(
        "{label}: {}{}",
        option.label,
        if quoted {
            ", with the line as its quote"
        } else {
            ""
        }
    ))
}

/// The suggestions of every transcript of a session (its placed lines and its roles), the
/// first line for each option kept, in order of time.
pub fn suggest_all<'a>(
    guide: &Guide,
    session: &Session,
    transcripts: impl IntoIterator<Item = (&'a [Placed], Roles)>,
) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    for (placed, roles) in transcripts {
        for s in suggest(guide, session, placed, &roles) {
            match out
                .iter_mut()
                .find(|o| o.question == s.question && o.option == s.option)
            {
                Some(o) if o.at > s.at => *o = s,
                Some(_) => {}
                None => out.push(s),
            }
        }
    }
    out.sort_by(|a, b| a.at.total_cmp(&b.at));
    out
}

/// The suggestions of a transcript's placed lines: for each question of a choice kind that is
/// not answered (nor skipped or n/a) and each option of it not picked, the first line of the
/// participant that says one of the option's cues. Lines come in order of time; so do the
/// suggestions. When the participant is not known, every line but the interviewer's counts.
pub fn suggest(
    guide: &Guide,
    session: &Session,
    placed: &[Placed],
    roles: &Roles,
) -> Vec<Suggestion> {
    let cues = open_cues(guide, session);
    if cues.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Suggestion> = Vec::new();
    for line in placed.iter().filter(|l| said_by_participant(l, roles)) {
        let words = words(&line.text);
        let has: std::collections::HashSet<&str> = words.iter().map(String::as_str).collect();
        for (question, option, phrases) in &cues {
            if !phrases.iter().any(|p| has.contains(p[0].as_str())) {
                continue;
            }
            let taken = out
                .iter()
                .any(|s| s.question == *question && s.option == *option);
            if !taken && phrases.iter().any(|p| contains(&words, p)) {
                out.push(Suggestion {
                    question: question.to_string(),
                    option: option.to_string(),
                    at: line.start,
                    text: line.text.clone(),
                    speaker: line.speaker.clone(),
                });
            }
        }
    }
    out
}

/// Whether a line is the participant's.
fn said_by_participant(line: &Placed, roles: &Roles) -> bool {
    let is = |name: &Option<String>| match (name, &line.speaker) {
        (Some(n), Some(s)) => crate::text::fold(n) == crate::text::fold(s),
        _ => false,
    };
    if roles.participant.is_some() {
        is(&roles.participant)
    } else {
        !is(&roles.interviewer)
    }
}

/// (question, option, its cues as words) for every option that could still be suggested.
fn open_cues<'g>(guide: &'g Guide, session: &Session) -> Vec<(&'g str, &'g str, Vec<Vec<String>>)> {
    let mut out = Vec::new();
    for (_, q) in guide.questions().filter(|(_, q)| q.kind.is_choice()) {
        let answer = session.answer(&q.id);
        if answer.is_some_and(|a| a.state != AnswerState::NotAsked) {
            continue;
        }
        let picked = |id: &str| {
            answer.is_some_and(|a| {
                matches!(&a.value, Some(Value::Choice { selected, .. }) if selected.iter().any(|s| s == id))
            })
        };
        for o in q
            .options
            .iter()
            .filter(|o| !o.cues.is_empty() && !picked(&o.id))
        {
            let phrases: Vec<Vec<String>> = o
                .cues
                .iter()
                .map(|c| words(c))
                .filter(|w| !w.is_empty())
                .collect();
            out.push((q.id.as_str(), o.id.as_str(), phrases));
        }
    }
    out
}

/// A text's words, folded (accents and case aside).
pub fn words(text: &str) -> Vec<String> {
    crate::text::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `phrase` stands in `words` as whole consecutive words.
fn contains(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

#[cfg(test)]
mod tests;
