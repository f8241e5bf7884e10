//! The plain interview in words: a question with its options numbered and what is chosen, the
//! stage gauge, and the commands. Text only, no escape codes (`text::line` / `text::block`).

use std::fmt::Write as _;

use super::parse::{self, Command, COMMANDS, NOTES_PREFIX};
use crate::assess::Assessment;
use crate::guide::{Guide, Kind, Question};
use crate::session::{format_number, AnswerState, Session, Value};
use crate::text::{block, line};

/// (this question's number, how many) among the questions skip logic shows now.
pub fn number_of(guide: &Guide, session: &Session, index: usize) -> (usize, usize) {
    let shown = guide.shown(session);
    let number = shown.iter().take(index + 1).filter(|s| **s).count();
    (number.max(1), shown.iter().filter(|s| **s).count())
}

/// The question at `index` as the plain interview says it.
pub fn question(guide: &Guide, session: &Session, index: usize) -> String {
    let Some((section, q)) = guide.questions().nth(index) else {
        return "The guide has no questions.\n".into();
    };
    let mut out = String::new();
    let (n, total) = number_of(guide, session, index);
    let _ = writeln!(out, "\nSection: {}", line(&section.title));
    let _ = writeln!(out, "Question {n} of {total}: {}", line(&q.text));
    for probe in &q.probes {
        let _ = writeln!(out, "Hint: {}", line(probe));
    }
    let answer = session.answer(&q.id);
    match q.kind {
        Kind::Single | Kind::Multiple => {
            options(&mut out, q, answer.and_then(|a| a.value.as_ref()))
        }
        Kind::Scale => scale(&mut out, q),
        Kind::Number | Kind::Text => {}
    }
    let _ = writeln!(out, "{}", state(q, session));
    if let Some(a) = answer.filter(|a| !a.notes.trim().is_empty()) {
        let lines = a.notes.trim().lines().count();
        let _ = writeln!(
            out,
            "Notes: {} (`{}` reads them)",
            crate::text::count(lines, "line"),
            parse::word(Command::Notes)
        );
    }
    let _ = writeln!(out, "{}", how_to_answer(q));
    out
}

fn options(out: &mut String, q: &Question, value: Option<&Value>) {
    let (selected, other) = match value {
        Some(Value::Choice { selected, other }) => (selected.as_slice(), other.as_deref()),
        _ => (&[][..], None),
    };
    let _ = writeln!(
        out,
        "Options ({}):",
        if q.kind == Kind::Multiple {
            "choose any"
        } else {
            "choose one"
        }
    );
    for (i, o) in q.options.iter().enumerate() {
        let chosen = selected.contains(&o.id);
        let what = match (o.other, other) {
            (true, Some(text)) if chosen => format!(": {}", line(text)),
            _ => String::new(),
        };
        let mark = if chosen { " (chosen)" } else { "" };
        let _ = writeln!(out, "  {}. {}{what}{mark}", i + 1, line(&o.label));
    }
}

fn scale(out: &mut String, q: &Question) {
    let (min, max) = (q.min.unwrap_or(1.0), q.max.unwrap_or(5.0));
    let low = q.labels.first().map(|l| format!(" ({})", line(l)));
    let high = q.labels.last().filter(|_| q.labels.len() > 1);
    let _ = writeln!(
        out,
        "Scale from {}{} to {}{}",
        format_number(min, ""),
        low.unwrap_or_default(),
        format_number(max, ""),
        high.map(|l| format!(" ({})", line(l))).unwrap_or_default()
    );
}

/// The answer as it stands, in words.
pub fn state(q: &Question, session: &Session) -> String {
    let Some(a) = session.answer(&q.id) else {
        return "Not answered yet.".into();
    };
    let follow = if a.follow_up {
        " Flagged for a follow-up."
    } else {
        ""
    };
    let what = match (a.state, &a.value) {
        (AnswerState::Skipped, _) => "Marked skipped.".to_string(),
        (AnswerState::NotApplicable, _) => "Marked not applicable.".to_string(),
        (_, Some(Value::Number(n))) => format!("Answer: {}.", format_number(*n, &q.unit)),
        (_, Some(Value::Text(t))) => format!("Answer: {}", block(t)),
        (_, Some(Value::Choice { selected, other })) => {
            let mut names: Vec<String> = selected
                .iter()
                .filter_map(|id| q.option(id))
                .map(|o| line(&o.label).into_owned())
                .collect();
            if let Some(o) = other.as_deref().filter(|o| !o.is_empty()) {
                names.push(format!("other: {}", line(o)));
            }
            let names = names.join("; ");
            let stop = if names.ends_with(['…', '.', '?', '!']) {
                ""
            } else {
                "."
            };
            format!("Chosen: {names}{stop}")
        }
        (_, None) => "Not answered yet.".to_string(),
    };
    format!("{what}{follow}")
}

fn how_to_answer(q: &Question) -> String {
    let how = match q.kind {
        Kind::Single => "Type an option's number",
        Kind::Multiple => "Type the numbers of every option that applies (e.g. 1 3)",
        Kind::Scale => "Type a number on the scale",
        Kind::Number => "Type the number",
        Kind::Text => "Type the answer (each line adds to it)",
    };
    format!(
        "{how}; `{NOTES_PREFIX} …` adds notes; `{}` moves on; `{}` lists the commands.",
        parse::word(Command::Next),
        parse::word(Command::Help)
    )
}

/// The commands and the prefixes, one a line.
pub fn help() -> String {
    let mut out = String::from(
        "A line that is exactly one of these words is the command; anything else is written.\n",
    );
    for (_, words, what) in COMMANDS {
        let _ = writeln!(out, "  {}: {what}", words.join(" or "));
    }
    let _ = writeln!(
        out,
        "  notes: TEXT  adds TEXT to the question's notes (`notes: next` writes the word next)\n  \
         answer: TEXT  writes TEXT as the answer, even a command word (`answer: quit`)\n  \
         other: TEXT  says what the \"Other\" option is\n  \
         go: N or go: WORDS  goes to question N (as numbered here) or the one the words name\n  \
         Numbers pick options (`1 3`: options 1 and 3); other text on a choice question goes to \
         the notes.\n  Ctrl-D saves and leaves, as `quit` does."
    );
    out
}

/// The stage gauge in words: the stage, its band, how sure, why, the obstacles, what to ask.
pub fn gauge(guide: &Guide, session: &Session, a: &Assessment) -> String {
    let mut out = String::new();
    crate::cli::report::describe_stage(&mut out, guide, session, a);
    if a.position.is_none() {
        // How sure, right under the stage, as when there is evidence.
        let at = out
            .find("STAGE:")
            .and_then(|s| out[s..].find('\n').map(|n| s + n + 1))
            .unwrap_or(out.len());
        out.insert_str(
            at,
            "  evidence: none yet (no answer places the customer so far)\n",
        );
    }
    let open: Vec<String> = a
        .obstacles
        .iter()
        .filter(|o| o.status != crate::guide::ObstacleStatus::NotDiscussed)
        .map(|o| format!("  {}: {}", line(&o.name), o.status.label()))
        .collect();
    if open.is_empty() {
        out.push_str("OBSTACLES: none discussed yet\n");
    } else {
        out.push_str("OBSTACLES\n");
        for o in open {
            let _ = writeln!(out, "{o}");
        }
    }
    out
}
