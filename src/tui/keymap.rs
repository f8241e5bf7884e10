//! Every key journey knows, written once: a table of bindings per context. The keymap (mode + key
//! → action), the footer hints and the help overlay are all read from these tables.
//!
//! In the interview no printable character is a command: commands live on keys that cannot be
//! typed as text (function keys, Ctrl and Alt chords, PageDown, arrows), and whatever is typed is
//! writing (see [`fallback`]).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Command};

/// How keys are read at the moment: which tables apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Home,
    Browser,
    /// The browser's filter line has the keyboard.
    Search,
    Trash,
    Insights,
    /// The summary after finishing an interview.
    Summary,
    /// A session read back, read-only.
    Review,
    /// A form of text fields (new interview, metadata).
    Form,
    /// The interview with its options (or scale points) in focus: digits pick, the rest is
    /// writing that goes to the notes.
    Interview,
    /// The interview with a text field in focus; `multiline` fields take Enter.
    InterviewField {
        multiline: bool,
    },
    /// The help or the reasons: something to scroll and close.
    Reader,
    /// The obstacle editor.
    Obstacles,
    /// A yes / no question (delete, open read-only).
    Confirm,
    /// The export formats.
    Export,
    /// Ctrl-C was pressed in an interview: a second Ctrl-C (or Ctrl-Q) quits, any other key goes on.
    QuitPrompt,
}

/// A key as a binding names it: a key code with its modifiers, or any digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode, KeyModifiers),
    /// Any of 1–9 (and 0): the action gets the digit.
    Digits,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const fn plain(code: KeyCode) -> Key {
    Key::Code(code, NONE)
}
const fn ch(c: char) -> Key {
    Key::Code(KeyCode::Char(c), NONE)
}
const fn ctrl(c: char) -> Key {
    Key::Code(KeyCode::Char(c), KeyModifiers::CONTROL)
}
const fn alt(c: char) -> Key {
    Key::Code(KeyCode::Char(c), KeyModifiers::ALT)
}
const fn alt_code(code: KeyCode) -> Key {
    Key::Code(code, KeyModifiers::ALT)
}
const fn f(n: u8) -> Key {
    Key::Code(KeyCode::F(n), NONE)
}
const UP: Key = plain(KeyCode::Up);
const DOWN: Key = plain(KeyCode::Down);
const LEFT: Key = plain(KeyCode::Left);
const RIGHT: Key = plain(KeyCode::Right);
const ENTER: Key = plain(KeyCode::Enter);
const ESC: Key = plain(KeyCode::Esc);
const TAB: Key = plain(KeyCode::Tab);
const BACKTAB: Key = plain(KeyCode::BackTab);
const PGDN: Key = plain(KeyCode::PageDown);
const PGUP: Key = plain(KeyCode::PageUp);

impl Key {
    /// How the key is written in hints and in the help.
    pub fn name(self) -> String {
        let Key::Code(code, mods) = self else {
            return "1–9".into();
        };
        let base = match code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if mods.is_empty() => c.to_string(),
            KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            other => format!("{other:?}"),
        };
        if mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }

    fn matches(self, event: &KeyEvent) -> bool {
        let (code, mods) = normalize(event);
        match self {
            Key::Digits => mods.is_empty() && matches!(code, KeyCode::Char('0'..='9')),
            Key::Code(k, m) => k == code && m == mods,
        }
    }
}

/// The modifiers that tell keys apart: Shift is part of the character (`F`, `?`, Shift-Tab).
fn normalize(event: &KeyEvent) -> (KeyCode, KeyModifiers) {
    let mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let code = match event.code {
        // Ctrl-letters arrive lower case; some terminals send the upper case with Shift.
        KeyCode::Char(c) if !mods.is_empty() => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    (code, mods)
}

/// One thing a key does in a context: the keys, the action, the words for the help and, when it
/// belongs in the footer, its short hint.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    pub hint: Option<&'static str>,
}

const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint: None,
    }
}

const fn hint(
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint: Some(hint),
    }
}

const fn cmd(c: Command) -> Action {
    Action::Command(c)
}

/// A titled table of bindings.
pub struct Group {
    pub title: &'static str,
    pub bindings: &'static [Binding],
}

pub const EVERYWHERE: Group = Group {
    title: "Everywhere",
    bindings: &[
        hint(&[f(1)], Action::Help, "every key (this help)", "help"),
        bind(
            &[ctrl('s')],
            Action::Save,
            "save now (journey also saves within a second of every change)",
        ),
        hint(
            &[ctrl('q')],
            Action::Quit,
            "quit (everything is saved first)",
            "quit",
        ),
        bind(
            &[ctrl('c')],
            Action::Quit,
            "quit; in an interview it asks first",
        ),
        bind(&[ESC], Action::Back, "leave the field, overlay or screen"),
    ],
};

pub const INTERVIEW: Group = Group {
    title: "Interview (these keys are never text)",
    bindings: &[
        hint(
            &[PGDN, ctrl('n'), alt_code(KeyCode::Down)],
            Action::NextQuestion,
            "next question (skip logic applies)",
            "next",
        ),
        hint(
            &[PGUP, ctrl('p'), alt_code(KeyCode::Up)],
            Action::PrevQuestion,
            "previous question",
            "prev",
        ),
        bind(
            &[alt_code(KeyCode::PageDown)],
            Action::NextSection,
            "first question of the next section",
        ),
        bind(
            &[alt_code(KeyCode::PageUp)],
            Action::PrevSection,
            "first question of the previous section",
        ),
        hint(
            &[ctrl('g'), alt('g')],
            cmd(Command::GoTo),
            "go to a question: type part of its label or its number",
            "go to",
        ),
        hint(
            &[f(6), alt('s')],
            cmd(Command::Skip),
            "skip the question (recorded as skipped)",
            "skip",
        ),
        hint(
            &[f(7), alt('a')],
            cmd(Command::NotApplicable),
            "not applicable",
            "n/a",
        ),
        bind(
            &[alt('x')],
            cmd(Command::ClearAnswer),
            "clear the answer (notes and quotes stay)",
        ),
        hint(
            &[ctrl('z')],
            cmd(Command::Undo),
            "undo the last change to an answer or its state",
            "undo",
        ),
        bind(&[f(2), alt('n')], cmd(Command::Notes), "write in the notes"),
        bind(
            &[f(5), ctrl('t')],
            cmd(Command::Timestamp),
            "put the elapsed time [mm:ss] into the notes",
        ),
        bind(
            &[f(3), ctrl('o')],
            cmd(Command::Quote),
            "mark a verbatim quote: the selection, or the current line",
        ),
        bind(
            &[f(4), ctrl('f')],
            cmd(Command::FollowUp),
            "flag the question for a follow-up",
        ),
        bind(
            &[f(8), alt('o')],
            cmd(Command::Obstacles),
            "obstacle checklist: set a status by hand",
        ),
        bind(
            &[f(9), alt('r')],
            cmd(Command::Reasons),
            "the reasons behind the stage gauge and checklist",
        ),
        bind(
            &[f(11), alt('v')],
            cmd(Command::Panel),
            "small terminals: switch the side panel",
        ),
        hint(
            &[f(10), alt('f')],
            cmd(Command::Finish),
            "finish: summary, and the session is marked complete",
            "finish",
        ),
        bind(
            &[ctrl('c')],
            Action::ConfirmQuit,
            "asks before quitting; Ctrl-C again quits",
        ),
    ],
};

pub const OPTIONS: Group = Group {
    title: "Interview: options in focus",
    bindings: &[
        hint(
            &[Key::Digits],
            Action::Digit(0),
            "pick option N (toggle in multiple choice); scale: set the point",
            "pick",
        ),
        bind(&[UP, DOWN], Action::Down, "move between options"),
        bind(&[LEFT, RIGHT], Action::Right, "scale: lower / higher"),
        bind(
            &[ENTER],
            Action::Select,
            "pick the option under the cursor; text answers: type in the answer",
        ),
        hint(
            &[TAB, BACKTAB],
            Action::FocusNext,
            "answer → other text → notes",
            "notes",
        ),
    ],
};

pub const TYPING: Group = Group {
    title: "Interview: typing",
    bindings: &[
        hint(
            &[TAB, BACKTAB],
            Action::FocusNext,
            "answer → other text → notes",
            "next field",
        ),
        hint(
            &[ESC],
            Action::Back,
            "leave the field: the options take the digits again",
            "leave",
        ),
    ],
};

pub const ONE_LINE: Group = Group {
    title: "Interview: a one-line field (a number, the other text)",
    bindings: &[hint(
        &[ENTER],
        Action::Select,
        "done with the field (in notes and text answers Enter is a new line)",
        "done",
    )],
};

/// What the text fields do by themselves (the text-area widget's own keys).
pub const TEXT_FIELDS: &[(&str, &str)] = &[
    (
        "letters, digits, Space",
        "in the interview: written into the answer or the notes, never a command",
    ),
    ("arrows, Home, End", "move; Shift selects"),
    ("Ctrl-W / Alt-Backspace", "delete a word"),
    ("Ctrl-K", "delete to the end of the line"),
    ("Ctrl-U / Ctrl-R", "undo / redo typing"),
];

pub const HOME: Group = Group {
    title: "Home",
    bindings: &[
        hint(&[UP, DOWN], Action::Down, "move", "move"),
        hint(&[ENTER], Action::Select, "open", "open"),
        hint(
            &[ch('n')],
            cmd(Command::NewInterview),
            "new interview",
            "new",
        ),
        hint(
            &[ch('b')],
            cmd(Command::Sessions),
            "browse sessions",
            "browse",
        ),
        hint(&[ch('q')], Action::Quit, "quit", "quit"),
    ],
};

pub const BROWSER: Group = Group {
    title: "Session browser",
    bindings: &[
        bind(&[UP, DOWN, PGUP, PGDN], Action::Down, "move"),
        hint(
            &[ENTER],
            Action::Select,
            "read the session (read-only)",
            "read",
        ),
        hint(
            &[ch('/')],
            cmd(Command::Search),
            "filter as you type: customer, participant, notes, quotes, answers",
            "filter",
        ),
        hint(
            &[ch('e')],
            cmd(Command::Edit),
            "resume the interview",
            "resume",
        ),
        hint(
            &[ch('m')],
            cmd(Command::EditMeta),
            "edit the metadata",
            "metadata",
        ),
        hint(
            &[ch('d')],
            cmd(Command::Delete),
            "delete: moves the file to the trash, after a confirmation",
            "delete",
        ),
        hint(
            &[ch('x')],
            cmd(Command::Export),
            "export the session under the cursor",
            "export",
        ),
        bind(
            &[ch('X')],
            cmd(Command::ExportAll),
            "export every session shown",
        ),
        hint(
            &[ch('I')],
            cmd(Command::Insights),
            "insights across the sessions shown; Enter on a bar lists its sessions",
            "insights",
        ),
        hint(&[ch('T')], cmd(Command::Trash), "the trash", "trash"),
        hint(
            &[ch('s')],
            cmd(Command::Sort),
            "sort by the next column",
            "sort",
        ),
        bind(&[ch('S')], cmd(Command::SortReverse), "reverse the order"),
        bind(
            &[ch('g')],
            cmd(Command::FilterStage),
            "filter by stage (each press: the next one)",
        ),
        bind(&[ch('t')], cmd(Command::FilterStatus), "filter by status"),
        bind(
            &[ch('i')],
            cmd(Command::FilterInterviewer),
            "filter by interviewer",
        ),
        hint(
            &[ch('c')],
            cmd(Command::ClearFilters),
            "clear every filter",
            "clear",
        ),
        bind(&[ch('n')], cmd(Command::NewInterview), "new interview"),
        bind(&[ch('H')], cmd(Command::Home), "home"),
        hint(&[ESC], Action::Back, "home", "home"),
    ],
};

pub const SEARCH: Group = Group {
    title: "Typing a filter (sessions, go to a question)",
    bindings: &[
        hint(
            &[ENTER, TAB],
            Action::Select,
            "done filtering; go to a question: go there",
            "done",
        ),
        bind(
            &[ESC],
            Action::Back,
            "done filtering; go to a question: stay where you are",
        ),
        bind(&[UP, DOWN], Action::Down, "move in the list"),
    ],
};

pub const TRASH: Group = Group {
    title: "Trash",
    bindings: &[
        bind(&[UP, DOWN], Action::Down, "move"),
        hint(
            &[ch('u'), ENTER],
            cmd(Command::Restore),
            "restore the session under the cursor",
            "restore",
        ),
        hint(&[ESC], Action::Back, "back to the sessions", "back"),
    ],
};

pub const INSIGHTS: Group = Group {
    title: "Insights",
    bindings: &[
        hint(
            &[UP, DOWN, PGUP, PGDN],
            Action::Down,
            "move between bars",
            "move",
        ),
        hint(
            &[ENTER],
            Action::Select,
            "the sessions behind the bar",
            "its sessions",
        ),
        hint(&[ESC], Action::Back, "back to the sessions", "back"),
    ],
};

pub const SUMMARY: Group = Group {
    title: "Summary",
    bindings: &[
        hint(&[UP, DOWN, PGUP, PGDN], Action::Down, "scroll", "scroll"),
        hint(
            &[ch('e'), ENTER],
            cmd(Command::Edit),
            "reopen the interview to edit it",
            "reopen",
        ),
        hint(
            &[ch('x')],
            cmd(Command::Export),
            "export this session (Markdown, CSV, JSON, HTML)",
            "export",
        ),
        hint(
            &[ch('r')],
            cmd(Command::Reasons),
            "the reasons behind the gauge",
            "reasons",
        ),
        hint(&[ch('H')], cmd(Command::Home), "home", "home"),
        bind(&[ESC], Action::Back, "home"),
    ],
};

pub const REVIEW: Group = Group {
    title: "Session (read-only)",
    bindings: &[
        hint(&[UP, DOWN, PGUP, PGDN], Action::Down, "scroll", "scroll"),
        hint(
            &[ch('e')],
            cmd(Command::Edit),
            "resume the interview",
            "resume",
        ),
        hint(
            &[ch('m')],
            cmd(Command::EditMeta),
            "edit the metadata",
            "metadata",
        ),
        hint(
            &[ch('d')],
            cmd(Command::Delete),
            "delete (to the trash)",
            "delete",
        ),
        hint(&[ch('x')], cmd(Command::Export), "export", "export"),
        hint(
            &[ch('r')],
            cmd(Command::Reasons),
            "the reasons behind the gauge",
            "reasons",
        ),
        bind(&[ch('H')], cmd(Command::Home), "home"),
        hint(&[ESC], Action::Back, "back", "back"),
    ],
};

pub const FORM: Group = Group {
    title: "Forms",
    bindings: &[
        hint(&[TAB, DOWN], Action::FocusNext, "next field", "next field"),
        bind(&[BACKTAB, UP], Action::FocusPrev, "previous field"),
        hint(
            &[ENTER],
            Action::Select,
            "next field; on the button: go",
            "next",
        ),
        hint(&[ESC], Action::Back, "cancel", "cancel"),
    ],
};

pub const READER: Group = Group {
    title: "Help and reasons",
    bindings: &[
        hint(&[UP, DOWN, PGUP, PGDN], Action::Down, "scroll", "scroll"),
        hint(&[ESC, ENTER], Action::Back, "close", "close"),
    ],
};

pub const OBSTACLES: Group = Group {
    title: "Obstacle editor",
    bindings: &[
        hint(
            &[UP, DOWN],
            Action::Down,
            "move between obstacles",
            "obstacle",
        ),
        hint(
            &[LEFT, RIGHT, ch(' ')],
            Action::Right,
            "the previous / next status",
            "status",
        ),
        bind(&[Key::Digits], Action::Digit(0), "set status N"),
        hint(
            &[ch('x'), plain(KeyCode::Backspace), plain(KeyCode::Delete)],
            cmd(Command::ClearOverride),
            "back to what the answers say",
            "from answers",
        ),
        hint(&[ENTER, ESC], Action::Back, "done", "done"),
    ],
};

pub const CONFIRM: Group = Group {
    title: "Questions",
    bindings: &[
        hint(&[ch('y')], cmd(Command::Yes), "yes", "yes"),
        hint(&[ch('n'), ESC], cmd(Command::No), "no", "no"),
    ],
};

pub const EXPORT: Group = Group {
    title: "Export",
    bindings: &[
        hint(
            &[Key::Digits],
            Action::Digit(0),
            "1 Markdown, 2 CSV, 3 JSON, 4 HTML",
            "write",
        ),
        hint(
            &[ch('a')],
            cmd(Command::Anonymize),
            "anonymise on / off",
            "anonymise",
        ),
        hint(&[ESC], Action::Back, "cancel", "cancel"),
    ],
};

pub const QUIT_PROMPT: Group = Group {
    title: "Quitting from an interview",
    bindings: &[bind(
        &[ctrl('c'), ctrl('q')],
        Action::Quit,
        "quit (any other key goes on with the interview)",
    )],
};

/// The tables that apply in a mode, most specific first.
pub fn groups(mode: Mode) -> Vec<&'static Group> {
    let own: &[&Group] = match mode {
        Mode::Home => &[&HOME],
        Mode::Browser => &[&BROWSER],
        Mode::Search => &[&SEARCH],
        Mode::Trash => &[&TRASH],
        Mode::Insights => &[&INSIGHTS],
        Mode::Summary => &[&SUMMARY],
        Mode::Review => &[&REVIEW],
        Mode::Form => &[&FORM],
        Mode::Interview => &[&OPTIONS, &INTERVIEW],
        Mode::InterviewField { multiline: true } => &[&TYPING, &INTERVIEW],
        Mode::InterviewField { multiline: false } => &[&ONE_LINE, &TYPING, &INTERVIEW],
        Mode::Reader => &[&READER],
        Mode::Obstacles => &[&OBSTACLES],
        Mode::Confirm => &[&CONFIRM],
        Mode::Export => &[&EXPORT],
        Mode::QuitPrompt => &[&QUIT_PROMPT],
    };
    let mut all = own.to_vec();
    all.push(&EVERYWHERE);
    all
}

/// Every table, in the order the help shows them.
pub const ALL: &[&Group] = &[
    &EVERYWHERE,
    &INTERVIEW,
    &OPTIONS,
    &TYPING,
    &ONE_LINE,
    &HOME,
    &BROWSER,
    &SEARCH,
    &TRASH,
    &INSIGHTS,
    &SUMMARY,
    &REVIEW,
    &FORM,
    &READER,
    &OBSTACLES,
    &CONFIRM,
    &EXPORT,
    &QUIT_PROMPT,
];

/// The action for a key in a mode; `None` when the key means nothing there.
pub fn action(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    for group in groups(mode) {
        for binding in group.bindings {
            if let Some(action) = lookup(binding, &key) {
                return Some(action);
            }
        }
    }
    fallback(mode, key)
}

/// The action of one binding for a key, with the direction or digit the key says.
fn lookup(binding: &Binding, key: &KeyEvent) -> Option<Action> {
    if !binding.keys.iter().any(|k| k.matches(key)) {
        return None;
    }
    let (code, _) = normalize(key);
    Some(match (&binding.action, code) {
        (Action::Digit(_), KeyCode::Char(c)) => Action::Digit(c as u8 - b'0'),
        (Action::Down | Action::Right, _) => direction(code, binding.action.clone()),
        (Action::FocusNext | Action::FocusPrev, KeyCode::BackTab | KeyCode::Up) => {
            Action::FocusPrev
        }
        (Action::FocusNext | Action::FocusPrev, _) => Action::FocusNext,
        (action, _) => action.clone(),
    })
}

/// A binding written with one arrow stands for its pair: ↑ for ↓, ← for →, PgUp for PgDn.
fn direction(code: KeyCode, action: Action) -> Action {
    match code {
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::Left => Action::Left,
        KeyCode::Right => Action::Right,
        KeyCode::PageUp => Action::PrevQuestion,
        KeyCode::PageDown => Action::NextQuestion,
        _ => action,
    }
}

/// Keys no table names: text where something is being typed, writing in the interview.
fn fallback(mode: Mode, key: KeyEvent) -> Option<Action> {
    let (code, mods) = normalize(&key);
    match mode {
        Mode::Form | Mode::Search | Mode::InterviewField { .. } => Some(Action::Input(key)),
        // Typing is always writing: a character the options do not take goes to the notes.
        Mode::Interview => match code {
            KeyCode::Char(_) if mods.is_empty() => Some(Action::Input(key)),
            _ => None,
        },
        _ => None,
    }
}

/// The footer hints of a mode: (key, hint), F1 help first, then the mode's own, then the rest.
pub fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = vec![(f(1).name(), "help")];
    for group in groups(mode) {
        for binding in group.bindings {
            let (Some(hint), Some(key)) = (binding.hint, key_names(binding.keys).first().cloned())
            else {
                continue;
            };
            let entry = (key, hint);
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

/// The keys of a binding as the help and hints write them: an arrow or page key and its pair
/// read as one (`↑↓`, `←→`, `PgUp PgDn`).
pub fn key_names(keys: &[Key]) -> Vec<String> {
    let pairs = [
        (UP, DOWN, "↑↓"),
        (LEFT, RIGHT, "←→"),
        (PGUP, PGDN, "PgUp PgDn"),
    ];
    let mut names = Vec::new();
    let mut done: Vec<Key> = Vec::new();
    for key in keys {
        if done.contains(key) {
            continue;
        }
        match pairs
            .iter()
            .find(|(a, b, _)| (a == key || b == key) && keys.contains(a) && keys.contains(b))
        {
            Some((a, b, name)) => {
                done.extend([*a, *b]);
                names.push((*name).to_string());
            }
            None => names.push(key.name()),
        }
    }
    names
}

/// The first key of the interview's binding for `action`, as hints write it (`F9`).
pub fn interview_key(action: &Action) -> String {
    INTERVIEW
        .bindings
        .iter()
        .find(|b| b.action == *action)
        .and_then(|b| b.keys.first())
        .map_or_else(String::new, |k| k.name())
}

/// Hints as the footer writes them: `key hint · key hint`.
pub fn hint_line(hints: &[(String, &str)]) -> String {
    hints
        .iter()
        .map(|(key, hint)| format!("{key} {hint}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The help's rows for a group: (every key of a binding, what it does).
pub fn help_rows(group: &Group) -> Vec<(String, &'static str)> {
    group
        .bindings
        .iter()
        .map(|b| (key_names(b.keys).join(" / "), b.help))
        .collect()
}

#[cfg(test)]
mod tests;
