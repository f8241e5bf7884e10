//! Transcripts of an interview's recording: parsing a file's bytes into cues (WebVTT as Zoom,
//! Teams, Meet and Otter write it, SRT, plain-text turns), placing each cue at the question on
//! screen at that moment, and attaching the original file to its session. No terminal here.

mod align;
mod attach;
mod cues;
mod decode;
mod offset;
mod plain;
mod search;
mod speakers;
mod suggest;
mod time;
pub mod view;

use serde::Serialize;

pub use align::{align, Placed};
pub use attach::{attach, attach_to, file_path, load, read_file, AttachError, Attachment};
pub use offset::{move_quotes, set_offset};
pub use search::{search_hit, search_words};
pub use speakers::{guess_roles, Roles};
pub use suggest::{suggest, suggest_all, take, words, Suggestion};

/// One cue: what was said from `start` to `end` (seconds from the start of the recording).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cue {
    pub start: f64,
    pub end: f64,
    /// Who said it, when the file names them.
    pub speaker: Option<String>,
    pub text: String,
}

/// The layout a transcript file was written in, told from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// WebVTT (Zoom, Teams, Meet, Otter).
    WebVtt,
    /// SubRip.
    Srt,
    /// Plain-text turns: `Name  0:49` then the text, or `[00:12:31] Name: text`.
    Text,
}

impl Format {
    /// The name the session records.
    pub fn key(self) -> &'static str {
        match self {
            Format::WebVtt => "webvtt",
            Format::Srt => "srt",
            Format::Text => "text",
        }
    }

    /// The extension of the kept file.
    pub fn extension(self) -> &'static str {
        match self {
            Format::WebVtt => "vtt",
            Format::Srt => "srt",
            Format::Text => "txt",
        }
    }
}

/// A parsed transcript: its format and its cues in order of start.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub format: Format,
    pub cues: Vec<Cue>,
}

impl Transcript {
    /// The speakers, in order of first appearance.
    pub fn speakers(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.cues.iter().filter_map(|c| c.speaker.as_deref()) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}

/// The roles an attached transcript records.
pub fn roles_of(attached: &crate::session::Attached) -> Roles {
    Roles {
        participant: attached.participant.clone(),
        interviewer: attached.interviewer.clone(),
    }
}

/// Why a file is not a transcript journey can read; lines count from 1.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error("not a text file: {0}")]
    NotText(String),
    #[error(
        "line {line}: a cue without a time (`00:00:01.000 --> 00:00:04.000` expected): `{text}`"
    )]
    NoTime { line: usize, text: String },
    #[error("line {line}: `{text}` is not a time (hh:mm:ss.mmm, mm:ss.mmm or hh:mm:ss,mmm)")]
    BadTime { line: usize, text: String },
    #[error("line {line}: the cue ends ({end}) before it starts ({start})")]
    Backwards {
        line: usize,
        start: String,
        end: String,
    },
    #[error("line {line}: text before the first turn (`Name  0:49` or `[00:12:31] Name: text` expected): `{text}`")]
    BeforeFirstTurn { line: usize, text: String },
    #[error("not a transcript: no `WEBVTT` header, no `-->` cue times and no `Name  0:49` or `[00:12:31] Name: text` turns")]
    Unknown,
    #[error("the transcript holds no cue")]
    Empty,
}

/// Parses a transcript file's bytes, whatever its encoding (UTF-8 with or without a BOM,
/// UTF-16 with a BOM) and line ends; the format comes from the content.
pub fn parse(bytes: &[u8]) -> Result<Transcript, ParseError> {
    let text = decode::decode(bytes)?;
    // `lines` ends lines at LF and CRLF; a CR left alone ends a line too.
    let lines: Vec<&str> = text.lines().flat_map(|l| l.split('\r')).collect();
    let format = detect(&lines)?;
    let mut cues = match format {
        Format::WebVtt | Format::Srt => cues::parse(&lines, format)?,
        Format::Text => plain::parse(&lines)?,
    };
    if cues.is_empty() {
        return Err(ParseError::Empty);
    }
    // Teams writes cues out of order; a stable sort keeps equal starts as written.
    cues.sort_by(|a, b| a.start.total_cmp(&b.start));
    Ok(Transcript { format, cues })
}

/// The format, from the first lines that say anything.
fn detect(lines: &[&str]) -> Result<Format, ParseError> {
    let mut said = lines.iter().filter(|l| !l.trim().is_empty()).take(40);
    let Some(first) = said.next() else {
        return Err(ParseError::Empty);
    };
    if first.trim_start().starts_with("WEBVTT") {
        return Ok(Format::WebVtt);
    }
    let head: Vec<&str> = std::iter::once(*first).chain(said.copied()).collect();
    if head.iter().any(|l| l.contains("-->")) {
        return Ok(Format::Srt);
    }
    if head.iter().any(|l| plain::is_turn(l)) {
        return Ok(Format::Text);
    }
    Err(ParseError::Unknown)
}

#[cfg(test)]
mod tests;
