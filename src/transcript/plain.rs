//! Plain-text turns: a header `Name  0:49` (two spaces or a tab before the time, as Otter
//! writes it) followed by the text, or `[00:12:31] Name: text` on one line; lines that follow
//! a turn continue it. A turn ends where the next begins (the last where it begins).

use super::{speakers, time, Cue, ParseError};

enum Line<'a> {
    /// `Name  0:49`: the text comes on the next lines.
    Header { speaker: &'a str, at: f64 },
    /// `[00:12:31] Name: text`.
    Stamped {
        at: f64,
        speaker: Option<&'a str>,
        text: &'a str,
    },
}

/// Whether a line starts a turn.
pub fn is_turn(line: &str) -> bool {
    turn(line).is_some()
}

fn turn(line: &str) -> Option<Line<'_>> {
    let trimmed = line.trim_end();
    if let Some(rest) = trimmed.trim_start().strip_prefix('[') {
        let (stamp, text) = rest.split_once(']')?;
        let at = time::parse(stamp)?;
        let text = text.trim();
        return Some(match speakers::prefix(text) {
            Some((speaker, said)) => Line::Stamped {
                at,
                speaker: Some(speaker),
                text: said,
            },
            None => Line::Stamped {
                at,
                speaker: None,
                text,
            },
        });
    }
    let cut = trimmed.rfind(['\t', ' '])?;
    let (name, stamp) = (&trimmed[..cut], &trimmed[cut + 1..]);
    let spaced = name.ends_with(' ') || trimmed.as_bytes()[cut] == b'\t';
    let name = name.trim();
    let at = time::parse(stamp).filter(|_| spaced && !stamp.contains(['.', ',']))?;
    let plausible = !name.is_empty()
        && name.chars().count() <= 60
        && name.chars().next().is_some_and(char::is_alphabetic);
    plausible.then_some(Line::Header { speaker: name, at })
}

/// The turns of a plain-text transcript.
pub fn parse(lines: &[&str]) -> Result<Vec<Cue>, ParseError> {
    let mut cues: Vec<Cue> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match turn(line) {
            Some(Line::Header { speaker, at }) => cues.push(cue(at, Some(speaker), "")),
            Some(Line::Stamped { at, speaker, text }) => cues.push(cue(at, speaker, text)),
            None if line.trim().is_empty() => {}
            None => match cues.last_mut() {
                Some(last) => {
                    if !last.text.is_empty() {
                        last.text.push(' ');
                    }
                    last.text.push_str(line.trim());
                }
                None => {
                    return Err(ParseError::BeforeFirstTurn {
                        line: i + 1,
                        text: crate::text::truncate(line.trim(), 60),
                    })
                }
            },
        }
    }
    // Each turn ends where the next one (in time) begins.
    let mut order: Vec<usize> = (0..cues.len()).collect();
    order.sort_by(|a, b| cues[*a].start.total_cmp(&cues[*b].start));
    for pair in order.windows(2) {
        let next = cues[pair[1]].start;
        cues[pair[0]].end = next;
    }
    Ok(cues)
}

fn cue(at: f64, speaker: Option<&str>, text: &str) -> Cue {
    Cue {
        start: at,
        end: at,
        speaker: speaker.map(str::to_string),
        text: text.to_string(),
    }
}
