//! Reading one line of the plain interview: a command word, notes or an answer after their
//! prefix, or writing. A line is a command only when it is exactly a command word; anything else
//! is written (the answer or the notes), never taken as a command by accident.

/// The commands, as the words typed for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Next,
    Back,
    Skip,
    NotApplicable,
    Clear,
    Undo,
    Notes,
    Gauge,
    Repeat,
    Finish,
    Help,
    Quit,
}

/// Every command with its words (the first is the one help names) and what it does.
pub const COMMANDS: &[(Command, &[&str], &str)] = &[
    (Command::Next, &["next"], "the next question"),
    (Command::Back, &["back"], "the question before"),
    (
        Command::Skip,
        &["skip"],
        "mark the question skipped and go on (again: take the mark back)",
    ),
    (
        Command::NotApplicable,
        &["na", "n/a"],
        "mark the question not applicable and go on",
    ),
    (
        Command::Clear,
        &["clear"],
        "clear the answer (notes and quotes stay)",
    ),
    (
        Command::Undo,
        &["undo"],
        "take back the last change to an answer",
    ),
    (Command::Notes, &["notes"], "read the question's notes"),
    (
        Command::Gauge,
        &["gauge"],
        "the stage gauge in words: stage, band, how sure, why, obstacles, ask next",
    ),
    (Command::Repeat, &["repeat"], "say the question again"),
    (
        Command::Finish,
        &["finish"],
        "finish the interview (saved) and leave",
    ),
    (Command::Help, &["help", "?"], "this list"),
    (
        Command::Quit,
        &["quit"],
        "save and leave; the interview stays in progress",
    ),
];

/// The prefix that appends the rest of the line to the question's notes.
pub const NOTES_PREFIX: &str = "notes:";
/// The prefix that writes the rest of the line as the answer, even a command word.
pub const ANSWER_PREFIX: &str = "answer:";
/// The prefix that says what an "Other…" option is.
pub const OTHER_PREFIX: &str = "other:";
/// The prefix that goes to a question by its number or words of it.
pub const GO_PREFIX: &str = "go:";

/// What a line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Command(Command),
    /// `notes: …`: added to the notes as a line.
    Notes(String),
    /// `answer: …`: the answer, read as the question's kind reads it.
    Answer(String),
    /// `other: …`: the text of the question's "Other…" option.
    Other(String),
    /// `go: …`: to the question with this number (among those shown) or these words.
    Go(String),
    /// Anything else: the answer, or the notes where it cannot be the answer.
    Text(String),
    /// Nothing but spaces.
    Empty,
}

/// Reads a line (without its line ending).
pub fn parse(line: &str) -> Input {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Input::Empty;
    }
    let lower = trimmed.to_lowercase();
    if let Some((command, _, _)) = COMMANDS
        .iter()
        .find(|(_, words, _)| words.contains(&&*lower))
    {
        return Input::Command(*command);
    }
    for (prefix, make) in [
        (NOTES_PREFIX, Input::Notes as fn(String) -> Input),
        (ANSWER_PREFIX, Input::Answer),
        (OTHER_PREFIX, Input::Other),
        (GO_PREFIX, Input::Go),
    ] {
        if let Some(rest) = strip_prefix_ignoring_case(trimmed, prefix) {
            return make(rest.trim().to_string());
        }
    }
    Input::Text(trimmed.to_string())
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Option numbers: whole numbers separated by spaces or commas (`1 3`, `1,3`), each at least 1;
/// `None` when the text is anything else (then it is writing).
pub fn numbers(text: &str) -> Option<Vec<usize>> {
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts
        .iter()
        .map(|p| {
            p.chars()
                .all(|c| c.is_ascii_digit())
                .then(|| p.parse::<usize>().ok())
                .flatten()
                .filter(|n| *n >= 1)
        })
        .collect()
}

/// The word help names for `command`.
pub fn word(command: Command) -> &'static str {
    COMMANDS
        .iter()
        .find(|(c, _, _)| *c == command)
        .map_or("", |(_, words, _)| words[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_is_exactly_its_word() {
        assert_eq!(parse("next"), Input::Command(Command::Next));
        assert_eq!(parse("  Next \r"), Input::Command(Command::Next));
        assert_eq!(parse("n/a"), Input::Command(Command::NotApplicable));
        assert_eq!(parse("?"), Input::Command(Command::Help));
        for (command, words, _) in COMMANDS {
            for w in *words {
                assert_eq!(parse(w), Input::Command(*command), "{w}");
            }
        }
    }

    #[test]
    fn a_line_that_is_more_than_a_command_word_is_writing() {
        assert_eq!(parse("next week"), Input::Text("next week".into()));
        assert_eq!(parse("go back"), Input::Text("go back".into()));
        assert_eq!(parse("nxt"), Input::Text("nxt".into()));
        assert_eq!(parse("quit smoking"), Input::Text("quit smoking".into()));
    }

    #[test]
    fn prefixes_write_command_words_literally() {
        assert_eq!(parse("notes: next"), Input::Notes("next".into()));
        assert_eq!(
            parse("NOTES:  they left VMware "),
            Input::Notes("they left VMware".into())
        );
        assert_eq!(parse("answer: quit"), Input::Answer("quit".into()));
        assert_eq!(parse("other: Proxmox"), Input::Other("Proxmox".into()));
        assert_eq!(parse("Go: 12"), Input::Go("12".into()));
        assert_eq!(parse("go to 12"), Input::Text("go to 12".into()));
        assert_eq!(parse("notes:"), Input::Notes(String::new()));
        assert_eq!(parse("notes"), Input::Command(Command::Notes));
        // A prefix counts only at the start of the line.
        assert_eq!(parse("my notes: x"), Input::Text("my notes: x".into()));
    }

    #[test]
    fn empty_and_non_ascii_lines_never_panic() {
        assert_eq!(parse(""), Input::Empty);
        assert_eq!(parse("  \t "), Input::Empty);
        assert_eq!(parse("né"), Input::Text("né".into()));
        assert_eq!(parse("ö"), Input::Text("ö".into()));
        assert_eq!(parse("notés: x"), Input::Text("notés: x".into()));
    }

    #[test]
    fn numbers_are_whole_numbers_from_one() {
        assert_eq!(numbers("1 3"), Some(vec![1, 3]));
        assert_eq!(numbers("1,3"), Some(vec![1, 3]));
        assert_eq!(numbers(" 2 , 4 "), Some(vec![2, 4]));
        assert_eq!(numbers("12"), Some(vec![12]));
        assert_eq!(numbers("0"), None);
        assert_eq!(numbers("-1"), None);
        assert_eq!(numbers("1.5"), None);
        assert_eq!(numbers("1 and 3"), None);
        assert_eq!(numbers("three"), None);
        assert_eq!(numbers(""), None);
        assert_eq!(numbers("99999999999999999999999"), None);
    }
}
