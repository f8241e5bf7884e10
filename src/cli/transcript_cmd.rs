//! `journey transcript`: attach a recording's transcript to a session, and show its cues on
//! the interview's clock with the question on screen at each.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

use crate::guide::Guide;
use crate::session::{Attached, Session, Store};
use crate::text;
use crate::transcript::view::clock;
use crate::transcript::{self, Placed, Roles, Suggestion};

#[derive(Debug, Subcommand)]
pub enum TranscriptCommand {
    /// Attach a recording's transcript to a session: WebVTT (Zoom, Teams, Meet, Otter), SRT
    /// or plain-text turns, told from the content; kept byte for byte in <data>/transcripts/
    Add {
        /// Session id, or a unique part of it
        id: String,
        /// The transcript file
        file: PathBuf,
        /// How many seconds the recording started before the interview (negative: after)
        #[arg(
            long,
            default_value_t = 0.0,
            allow_hyphen_values = true,
            value_name = "SECONDS"
        )]
        offset: f64,
        /// The speaker who is the participant, as the transcript names them [default: a guess from the session's names]
        #[arg(long, value_name = "NAME")]
        participant: Option<String>,
        /// The speaker who is the interviewer, as the transcript names them [default: a guess]
        #[arg(long, value_name = "NAME")]
        interviewer: Option<String>,
    },
    /// Every cue of a session's transcripts: start and end on the interview's clock, speaker,
    /// text, and the question on screen at that moment (or none)
    Show {
        /// Session id, or a unique part of it
        id: String,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
}

pub fn run(store: &Store, guide: &Guide, command: TranscriptCommand) -> Result<()> {
    match command {
        TranscriptCommand::Add {
            id,
            file,
            offset,
            participant,
            interviewer,
        } => {
            let id = store.resolve(&id)?;
            let named = [participant.is_some(), interviewer.is_some()];
            let given = Roles {
                participant,
                interviewer,
            };
            let done = transcript::attach(store, &id, &file, Some(offset), given)?;
            say_attached(store, &id, &done, named)
        }
        TranscriptCommand::Show { id, json } => show(store, guide, &store.resolve(&id)?, json),
    }
}

/// What was attached, the speakers with their roles (which were guessed), and how many cues
/// fall on a question. `named`: whether the participant and the interviewer were given.
fn say_attached(
    store: &Store,
    id: &str,
    done: &transcript::Attachment,
    named: [bool; 2],
) -> Result<()> {
    let a = &done.attached;
    let verb = if done.again { "Updated" } else { "Attached" };
    say!(
        "{verb} {} to {id}: {} ({}, {} cues, offset {} s)",
        text::line(&done.source.display().to_string()),
        done.path.display(),
        a.format,
        done.transcript.cues.len(),
        a.offset
    );
    let speakers = done.transcript.speakers();
    if speakers.is_empty() {
        say!("The file names no speaker.");
    } else {
        let guessed = |given: bool| if given || done.again { "" } else { ", guessed" };
        let role = |s: &str| {
            if a.participant.as_deref() == Some(s) {
                format!(" (participant{})", guessed(named[0]))
            } else if a.interviewer.as_deref() == Some(s) {
                format!(" (interviewer{})", guessed(named[1]))
            } else {
                String::new()
            }
        };
        let named: Vec<String> = speakers.iter().map(|s| format!("{s}{}", role(s))).collect();
        say!("Speakers: {}", named.join(", "));
        say!("Not right? Run the same command with --participant NAME --interviewer NAME: the record is updated, the file stays as it is.");
    }
    let session = store.load(id)?;
    let placed = transcript::align(&session, &done.transcript.cues, a.offset);
    let at = placed.iter().filter(|p| p.question.is_some()).count();
    say!(
        "{at} of {} cues fall on a question ({}); `journey transcript show {id}` lists them.",
        placed.len(),
        placement(&session)
    );
    Ok(())
}

/// How the cues are placed, in words.
fn placement(session: &Session) -> &'static str {
    if !session.timeline.is_empty() {
        "by the interview's timeline"
    } else if !session.note_stamps().is_empty() {
        "by the [mm:ss] stamps in the notes: the session has no timeline"
    } else {
        "the session has no timeline and its notes no [mm:ss] stamp"
    }
}

/// One transcript as `show --json` prints it.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    attached: &'a Attached,
    cues: Vec<Placed>,
}

fn show(store: &Store, guide: &Guide, id: &str, json: bool) -> Result<()> {
    let session = store.load(id)?;
    let mut shown = Vec::new();
    for attached in &session.transcripts {
        let cues = transcript::load(store, attached)?.cues;
        shown.push(Shown {
            attached,
            cues: transcript::align(&session, &cues, attached.offset),
        });
    }
    let suggestions = transcript::suggest_all(
        guide,
        &session,
        shown
            .iter()
            .map(|t| (t.cues.as_slice(), transcript::roles_of(t.attached))),
    );
    if json {
        #[derive(Serialize)]
        struct All<'a> {
            id: &'a str,
            transcripts: Vec<Shown<'a>>,
            suggestions: Vec<Suggestion>,
        }
        let all = All {
            id,
            transcripts: shown,
            suggestions,
        };
        println!("{}", text::json_safe(serde_json::to_string_pretty(&all)?));
        return Ok(());
    }
    if shown.is_empty() {
        say!("{id} has no transcript: attach one with `journey transcript add {id} FILE`.");
    }
    for t in &shown {
        print_text(id, t);
    }
    print_suggestions(guide, &suggestions);
    Ok(())
}

/// The suggestions, after the lines: `12:31 'line' → Question: Option?`.
fn print_suggestions(guide: &Guide, suggestions: &[Suggestion]) {
    if suggestions.is_empty() {
        return;
    }
    say!("Suggested by what the participant said (take them in the interview or the read-only view):");
    for s in suggestions {
        say!(
            "  {}  “{}” → {}?",
            clock(s.at),
            text::line(&s.text),
            text::line(&s.label(guide))
        );
    }
}

fn print_text(id: &str, t: &Shown) {
    let a = t.attached;
    let roles = [
        ("participant", &a.participant),
        ("interviewer", &a.interviewer),
    ]
    .iter()
    .filter_map(|(role, name)| Some(format!("{role} {}", name.as_deref()?)))
    .collect::<Vec<_>>();
    say!(
        "{id} · transcripts/{} ({}, offset {} s{}{})",
        a.file,
        a.format,
        a.offset,
        if roles.is_empty() { "" } else { "; " },
        roles.join(", ")
    );
    for cue in &t.cues {
        say!(
            "  {}–{}  {:<24} {}: {}",
            clock(cue.start),
            clock(cue.end),
            cue.question.as_deref().unwrap_or("—"),
            cue.speaker.as_deref().unwrap_or("?"),
            text::line(&cue.text)
        );
    }
}
