//! `journey man`: one whole manual page (roff) — every command with its arguments and options
//! (from the clap definitions), every key (from the same tables as F1, `tui::keymap`), the data
//! layout, the environment and the exit status. No pointers to pages that do not exist.

use std::fmt::Write as _;

use clap::{Arg, Command};

use crate::tui::keymap;

/// What lives where under the data folder.
pub const LAYOUT: &[(&str, &str)] = &[
    ("sessions/ID.json", "one pretty-printed JSON file per session (metadata, answers keyed by question id, obstacle statuses); keys in a stable order, so files diff well under git"),
    ("index.jsonl", "a summary of every session for fast listing: a cache, checked against the session files and rebuilt when missing or stale; safe to delete"),
    ("words.idx", "the words of every session for the browser's search: a cache like index.jsonl, checked against the session and transcript files; safe to delete"),
    ("rows.cache", "the CSV export's rows, each kept while its session file has the size, times and inode it had when read (never within two seconds of a change); safe to delete"),
    ("locks/ID.lock", "held while a session is open for writing; released by the system when journey ends, however it ends"),
    ("trash/", "deleted sessions, until journey trash empty"),
    ("exports/", "exports made from the full-screen interface"),
    ("codes/ID.json", "codes added to the guide's codebook during the study (journey codes add)"),
    ("erasures/ID.json", "in a team archive, the record that a session was erased (its id and the date, nothing of its content)"),
    ("rescued/", "a session journey could not save where it belongs (its file changed on disk and cannot be read): nothing typed is lost"),
    (".git, .gitignore, .gitattributes", "a team archive (journey sync init); index.jsonl, words.idx, rows.cache, locks/, trash/, rescued/ and exports/ are never shared"),
];

/// The whole page for `cmd` (the top-level command).
pub fn page(mut cmd: Command) -> String {
    cmd.build();
    let name = cmd.get_name().to_string();
    let mut out = String::new();
    let version = cmd.get_version().unwrap_or_default().to_string();
    let _ = writeln!(
        out,
        ".TH {} 1 \"\" \"{name} {version}\" \"User Commands\"",
        name.to_uppercase()
    );
    section(&mut out, "NAME");
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    line(&mut out, &format!("{name} - {about}"));
    section(&mut out, "SYNOPSIS");
    synopsis(&mut out, &usage(&cmd));
    section(&mut out, "DESCRIPTION");
    line(&mut out, "Without a command, journey opens its full-screen interface on the home screen: the sessions, a new interview, the study's insights. Everything typed in an interview is saved within half a second; nothing a researcher writes is ever lost.");
    section(&mut out, "OPTIONS");
    for arg in visible_args(&cmd, true) {
        argument(&mut out, arg);
    }
    section(&mut out, "COMMANDS");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        command(&mut out, sub);
    }
    keys(&mut out);
    plain(&mut out);
    files(&mut out);
    tail(&mut out);
    out
}

/// A subcommand: its synopsis, what it does, its arguments, then its own subcommands.
fn command(out: &mut String, cmd: &Command) {
    let _ = writeln!(out, ".SS \"{}\"", quoted(&usage(cmd)));
    let about = cmd
        .get_long_about()
        .or(cmd.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    line(out, &about);
    for arg in visible_args(cmd, false) {
        argument(out, arg);
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        command(out, sub);
    }
}

/// `journey new [OPTIONS]`, as clap writes it, without "Usage: ".
fn usage(cmd: &Command) -> String {
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim();
    // A command with subcommands shows the first form only.
    usage.lines().next().unwrap_or_default().trim().to_string()
}

/// The arguments a command shows: its own (`globals` for the top level only).
fn visible_args(cmd: &Command, globals: bool) -> impl Iterator<Item = &Arg> {
    cmd.get_arguments().filter(move |a| {
        !a.is_hide_set()
            && (globals || !a.is_global_set())
            && (globals || !matches!(a.get_id().as_str(), "help" | "version"))
    })
}

fn argument(out: &mut String, arg: &Arg) {
    let values: Vec<String> = arg
        .get_value_names()
        .map(|v| v.iter().map(|n| format!("\\fI{}\\fR", escape(n))).collect())
        .unwrap_or_default();
    let mut head = Vec::new();
    if let Some(short) = arg.get_short() {
        head.push(format!("\\fB\\-{short}\\fR"));
    }
    if let Some(long) = arg.get_long() {
        head.push(format!("\\fB\\-\\-{}\\fR", escape(long)));
    }
    let mut head = head.join(", ");
    if arg.is_positional() {
        head = values.join(" ");
    } else if arg.get_action().takes_values() && !values.is_empty() {
        head = format!("{head} {}", values.join(" "));
    }
    let _ = writeln!(out, ".TP\n{head}");
    let mut help = arg
        .get_long_help()
        .or(arg.get_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    if !possible.is_empty() && arg.get_action().takes_values() {
        help.push_str(&format!(" (one of: {})", possible.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .filter(|_| arg.get_action().takes_values())
        .map(|d| d.to_string_lossy().into_owned())
        .filter(|d| !d.is_empty())
        .collect();
    if !defaults.is_empty() {
        help.push_str(&format!(" [default: {}]", defaults.join(", ")));
    }
    if let Some(env) = arg.get_env() {
        help.push_str(&format!(" [environment: {}]", env.to_string_lossy()));
    }
    line(out, &help);
}

/// Every key, from the tables F1 shows.
fn keys(out: &mut String) {
    section(out, "KEYS");
    line(out, "The keys of the full-screen interface, as F1 lists them. In an interview no printable character is a command: whatever is typed is writing.");
    for group in keymap::ALL {
        let _ = writeln!(out, ".SS \"{}\"", quoted(group.title));
        for (key, what) in keymap::help_rows(group) {
            let _ = writeln!(out, ".TP\n\\fB{}\\fR", escape(&key));
            line(out, what);
        }
    }
    let _ = writeln!(out, ".SS \"Text fields\"");
    for (key, what) in keymap::TEXT_FIELDS {
        let _ = writeln!(out, ".TP\n\\fB{}\\fR", escape(key));
        line(out, what);
    }
}

/// The plain interface's words, from its own list.
fn plain(out: &mut String) {
    section(out, "PLAIN INTERFACE");
    line(out, "With \\-\\-plain, or when TERM=dumb, the interview is a conversation on standard input and output with no escape codes, for screen readers and braille displays: each question with its section, its number among the questions shown, its hints and its options numbered (and which are chosen), then a line is read. Numbers pick options (1 3 picks two of a multiple choice; the choice becomes what the line names); a number answers a number or scale question; a text question takes each line into its answer; other text on a choice or number question goes to the notes. Every change is saved at once, in the same file the full screen writes, so a session moves between the two. A line that is exactly one of the words below is the command; anything else is written. End of input (Ctrl\\-D) saves and leaves; so does Ctrl\\-C.");
    for (words, what) in super::plain::words() {
        let _ = writeln!(out, ".TP\n\\fB{}\\fR", escape(&words));
        line(out, &what);
    }
}

fn files(out: &mut String) {
    section(out, "FILES");
    line(out, "The data folder (DATA below) is, in order: \\-\\-data\\-dir DIR, the JOURNEY_DATA_DIR environment variable, or the platform data folder (~/.local/share/journey on Linux, ~/Library/Application Support/journey on macOS). Folders are created 0700 and files 0600. Every save writes a temporary file, syncs it and renames it over the old one: a crash leaves the old file or the new one, whole.");
    for (path, what) in LAYOUT {
        let _ = writeln!(out, ".TP\n\\fIDATA\\fR/{}", escape(path));
        line(out, what);
    }
}

fn tail(out: &mut String) {
    section(out, "ENVIRONMENT");
    let _ = writeln!(out, ".TP\nJOURNEY_DATA_DIR");
    line(out, "the data folder, when \\-\\-data\\-dir is not given");
    let _ = writeln!(out, ".TP\nNO_COLOR");
    line(out, "set and not empty: the interface draws without colour");
    let _ = writeln!(out, ".TP\nJOURNEY_CONFIG_DIR");
    line(out, "the folder where the colour theme chosen in journey is remembered (config.json), instead of the platform config folder (~/.config/journey on Linux)");
    let _ = writeln!(out, ".TP\nCOLORFGBG");
    line(out, "the terminal's colours as fg;bg: with the theme auto, a light background (7, 9 to 15) chooses the light theme; without it, journey asks the terminal (OSC 11) and waits a second at most (far less: the wait ends with the terminal's answer)");
    let _ = writeln!(out, ".TP\nTERM");
    line(out, "dumb: the plain interface, as with \\-\\-plain");
    section(out, "EXIT STATUS");
    line(out, "0 on success, and when the reader of the output stops early (journey export ... | head); 1 on an error, named on standard error with the file and, where it applies, the line and column or the field; 2 for a command line clap cannot parse.");
    section(out, "SEE ALSO");
    line(
        out,
        "git(1), for the team archive that journey sync shares.",
    );
}

fn section(out: &mut String, name: &str) {
    let _ = writeln!(out, ".SH {name}");
}

/// Running text: escaped, never starting a roff request.
fn line(out: &mut String, text: &str) {
    for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
        let _ = writeln!(out, "{}", escape_text(paragraph.trim()));
    }
}

fn synopsis(out: &mut String, usage: &str) {
    let _ = writeln!(out, ".B {}", escape(usage));
}

/// Text for a quoted macro argument.
fn quoted(text: &str) -> String {
    escape(text).replace('"', "\\(dq")
}

/// Roff-escaped text: backslashes (only those not already written as roff escapes by this
/// module) and hyphens.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            // Arrows, dashes, dots: groff's Unicode escape, whatever the reader's locale.
            c if !c.is_ascii() => {
                let _ = write!(out, "\\[u{:04X}]", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// [`escape`] for a whole line, which must not start with `.` or `'` (a roff request). Text
/// this module already wrote with escapes (`\\-`, `\\fI`) is kept.
fn escape_text(text: &str) -> String {
    let escaped = if text.contains("\\-") || text.contains("\\f") {
        text.to_string()
    } else {
        escape(text)
    };
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn all_commands(cmd: &Command, path: &str, found: &mut Vec<(String, Command)>) {
        for sub in cmd.get_subcommands() {
            let name = format!("{path} {}", sub.get_name());
            found.push((name.clone(), sub.clone()));
            all_commands(sub, &name, found);
        }
    }

    #[test]
    fn the_page_has_every_command_option_key_and_folder_and_no_missing_pages() {
        let page = page(super::super::Cli::command());
        let mut commands = Vec::new();
        all_commands(&super::super::Cli::command(), "journey", &mut commands);
        assert!(commands.len() > 20, "{}", commands.len());
        for (name, cmd) in &commands {
            assert!(page.contains(&format!(".SS \"{}", escape(name))), "{name}");
            for arg in cmd.get_arguments() {
                if let Some(long) = arg.get_long() {
                    assert!(
                        page.contains(&format!("\\-\\-{}", escape(long))),
                        "{name} --{long}"
                    );
                }
            }
        }
        for group in keymap::ALL {
            for (key, _) in keymap::help_rows(group) {
                assert!(page.contains(&escape(&key)), "key {key}");
            }
        }
        for (path, _) in LAYOUT {
            assert!(page.contains(&escape(path)), "{path}");
        }
        assert!(
            !page.contains("journey-new"),
            "no pointers to pages that do not exist"
        );
        assert!(page.lines().all(|l| !l.starts_with('\'')));
    }
}
