//! WebVTT and SRT: blocks of lines between blank lines; a cue block is an optional identifier,
//! a timing line `START --> END`, then its text. WebVTT's header, `NOTE`, `STYLE` and `REGION`
//! blocks say nothing that was said.

use super::{speakers, time, Cue, Format, ParseError};

/// The cues of a WebVTT or SRT file's lines, in the order written.
pub fn parse(lines: &[&str], format: Format) -> Result<Vec<Cue>, ParseError> {
    let mut cues = Vec::new();
    let mut first = true;
    for (start, block) in blocks(lines) {
        let is_header = first && format == Format::WebVtt;
        first = false;
        if is_header || (format == Format::WebVtt && is_metadata(block[0])) {
            continue;
        }
        cues.push(cue(start, block)?);
    }
    speakers::apply_prefixes(&mut cues);
    Ok(cues)
}

/// The blocks of non-blank lines, each with the number (from 1) of its first line.
fn blocks<'a>(lines: &'a [&'a str]) -> impl Iterator<Item = (usize, &'a [&'a str])> + 'a {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        if i == lines.len() {
            return None;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        Some((start + 1, &lines[start..i]))
    })
}

/// WebVTT blocks that are not cues.
fn is_metadata(line: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|word| {
        line.strip_prefix(word)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// One cue block starting at line `at`.
fn cue(at: usize, block: &[&str]) -> Result<Cue, ParseError> {
    // The timing line is the first, or the second after an identifier.
    let (index, timing) = match block
        .iter()
        .take(2)
        .enumerate()
        .find_map(|(i, line)| time::timing(line).map(|t| (i, t)))
    {
        Some(found) => found,
        None => {
            return Err(ParseError::NoTime {
                line: at,
                text: crate::text::truncate(block[0].trim(), 60),
            })
        }
    };
    let line = at + index;
    let (start, end) = timing.map_err(|text| ParseError::BadTime { line, text })?;
    if end < start {
        return Err(ParseError::Backwards {
            line,
            start: time::show(start),
            end: time::show(end),
        });
    }
    let raw: Vec<&str> = block[index + 1..].iter().map(|l| l.trim()).collect();
    let (speaker, text) = speakers::voice(&raw.join(" "));
    Ok(Cue {
        start,
        end,
        speaker,
        text,
    })
}
