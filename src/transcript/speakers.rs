//! Who says a cue: a WebVTT voice span (`<v Name>`, as Teams writes it) or a `Name:` prefix of
//! the text (as Zoom and Otter write it); and which speaker is the participant and which the
//! interviewer, guessed from the session's names.

use serde::Serialize;

use super::Cue;

/// The speaker of a voice span and the text without its tags and with its character
/// references decoded.
pub fn voice(raw: &str) -> (Option<String>, String) {
    let mut speaker = None;
    let mut text = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        if speaker.is_none() {
            speaker = voice_name(tag);
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    (speaker, squeeze(&entities(&text)))
}

/// The name of a `v` or `v.class` start tag.
fn voice_name(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix('v')?;
    let rest = match rest.strip_prefix('.') {
        Some(classes) => classes.split_once([' ', '\t'])?.1,
        None => rest.strip_prefix([' ', '\t'])?,
    };
    let name = squeeze(&entities(rest));
    (!name.is_empty()).then_some(name)
}

fn entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `Name:` prefix that could be a speaker: a few words, starting with a letter, no sentence
/// punctuation, no address.
pub fn prefix(text: &str) -> Option<(&str, &str)> {
    let (name, rest) = text.split_once(':')?;
    let name = name.trim();
    let plausible = !name.is_empty()
        && name.chars().count() <= 40
        && name.split_whitespace().count() <= 5
        && name.chars().next().is_some_and(char::is_alphabetic)
        && !name.contains(['?', '!', ';', '"', '“', '”'])
        && (rest.is_empty() || rest.starts_with(char::is_whitespace));
    plausible.then(|| (name, rest.trim()))
}

/// Gives cues without a voice span the speaker of their `Name:` prefix, where the file is
/// written that way: when most cues have such a prefix, or this name prefixes several cues (a
/// sentence such as "So: we moved" is not a speaker).
pub fn apply_prefixes(cues: &mut [Cue]) {
    let found: Vec<Option<&str>> = cues
        .iter()
        .map(|c| match c.speaker {
            Some(_) => None,
            None => prefix(&c.text).map(|(name, _)| name),
        })
        .collect();
    let with = found.iter().flatten().count();
    let most = with * 2 > cues.len();
    let count = |name: &str| found.iter().flatten().filter(|n| **n == name).count();
    let names: Vec<Option<String>> = found
        .iter()
        .map(|f| f.filter(|n| most || count(n) >= 2).map(str::to_string))
        .collect();
    for (cue, name) in cues.iter_mut().zip(names) {
        if let Some(name) = name {
            let text = prefix(&cue.text).map_or("", |(_, rest)| rest).to_string();
            cue.text = text;
            cue.speaker = Some(name);
        }
    }
}

/// Which speaker is the participant and which the interviewer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Roles {
    pub participant: Option<String>,
    pub interviewer: Option<String>,
}

/// A guess at the roles from the session's names: each name goes to the speaker that shares
/// most of its words (accents and case aside); with two speakers and one placed, the other
/// has the other role.
pub fn guess_roles(speakers: &[&str], participant: &str, interviewer: &str) -> Roles {
    let best = |name: &str, not: Option<&str>| -> Option<String> {
        speakers
            .iter()
            .filter(|s| Some(**s) != not)
            .map(|s| (likeness(name, s), *s))
            .filter(|(score, _)| *score > 0)
            .max_by_key(|(score, _)| *score)
            .map(|(_, s)| s.to_string())
    };
    let mut roles = Roles {
        participant: best(participant, None),
        interviewer: None,
    };
    roles.interviewer = best(interviewer, roles.participant.as_deref());
    if speakers.len() == 2 {
        let other = |taken: &str| {
            speakers
                .iter()
                .find(|s| **s != taken)
                .map(|s| s.to_string())
        };
        match (&roles.participant, &roles.interviewer) {
            (Some(p), None) => roles.interviewer = other(p),
            (None, Some(i)) => roles.participant = other(i),
            _ => {}
        }
    }
    roles
}

/// How alike a name and a speaker are: shared words count most, then a shared first letter
/// of the first word ("J. Doe" and "Jane Doe").
fn likeness(name: &str, speaker: &str) -> usize {
    let words = |s: &str| -> Vec<String> {
        crate::text::fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(name), words(speaker));
    let shared = a.iter().filter(|w| w.len() > 1 && b.contains(w)).count();
    if shared == 0 {
        return 0;
    }
    let first = |w: &[String]| w.first().and_then(|w| w.chars().next());
    let initial = first(&a).is_some() && first(&a) == first(&b);
    shared * 2 + usize::from(initial)
}
