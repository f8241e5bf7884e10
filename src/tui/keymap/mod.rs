//! Every key journey knows, written once: a table of bindings per context. The keymap (mode + key
//! → action), the footer hints and the help overlay are all read from these tables.
//!
//! In the interview no printable character is a command: commands live on keys that cannot be
//! typed as text (function keys, Ctrl and Alt chords, PageDown, arrows), and whatever is typed is
//! writing (see [`fallback`]).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

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
    /// Picking one version of an answer two copies disagree on.
    Resolve,
    /// The export formats.
    Export,
    /// Asking before an interview is marked complete.
    Finish,
    /// A customer over its interviews.
    Customer,
    /// Recording one's own placement.
    Place,
    /// Ctrl-C was pressed in an interview: a second Ctrl-C (or Ctrl-Q) quits, any other key goes on.
    QuitPrompt,
    /// The transcript panel: what was said while a question was on screen.
    Transcript,
    /// Attaching a transcript: a path typed with completion, then the speakers' roles.
    Attach,
}

/// A key as a binding names it: a key code with its modifiers, or any digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode, KeyModifiers),
    /// Any of 1–9 (and 0): the action gets the digit.
    Digits,
    /// [`Key::Digits`] where 0 means something too (the tenth option), and the hint says so.
    DigitsAndZero,
}

impl Key {
    /// How the key is written in hints and in the help.
    pub fn name(self) -> String {
        let (code, mods) = match self {
            Key::Code(code, mods) => (code, mods),
            Key::Digits => return "1–9".into(),
            Key::DigitsAndZero => return "1–9,0".into(),
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
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if mods.contains(KeyModifiers::SHIFT) {
            format!("Shift-{base}")
        } else if mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }

    fn matches(self, event: &KeyEvent) -> bool {
        let (code, mods) = normalize(event);
        match self {
            Key::Digits | Key::DigitsAndZero => {
                mods.is_empty() && matches!(code, KeyCode::Char('0'..='9'))
            }
            // A binding with Shift (Shift-↑) asks for it; others take a key with or without.
            Key::Code(k, m) if m.contains(KeyModifiers::SHIFT) => {
                k == event.code
                    && m == event.modifiers & (m | KeyModifiers::CONTROL | KeyModifiers::ALT)
            }
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

/// A titled table of bindings.
pub struct Group {
    pub title: &'static str,
    pub bindings: &'static [Binding],
}

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
        Mode::Customer => &[&CUSTOMER],
        Mode::Place => &[&PLACE],
        Mode::Form => &[&FORM],
        Mode::Interview => &[&OPTIONS, &INTERVIEW],
        Mode::InterviewField { multiline: true } => &[&TYPING, &INTERVIEW],
        Mode::InterviewField { multiline: false } => &[&ONE_LINE, &TYPING, &INTERVIEW],
        Mode::Reader => &[&READER],
        Mode::Obstacles => &[&OBSTACLES],
        Mode::Confirm => &[&CONFIRM],
        Mode::Export => &[&EXPORT],
        Mode::Resolve => &[&RESOLVE],
        Mode::Finish => &[&FINISH],
        Mode::QuitPrompt => &[&QUIT_PROMPT],
        Mode::Transcript => &[&TRANSCRIPT],
        Mode::Attach => &[&ATTACH],
    };
    let mut all = own.to_vec();
    all.push(&EVERYWHERE);
    all
}

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
        Mode::Form | Mode::Search | Mode::Attach | Mode::InterviewField { .. } => {
            Some(Action::Input(key))
        }
        // Typing is always writing: a character the options do not take goes to the notes.
        Mode::Interview => match code {
            KeyCode::Char(_) if mods.is_empty() => Some(Action::Input(key)),
            // At a number or text question, the editing keys edit the typed answer (after Enter
            // too); elsewhere they do nothing.
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Home | KeyCode::End
                if mods.is_empty() =>
            {
                Some(Action::Input(key))
            }
            KeyCode::Char('a' | 'e' | 'u' | 'k' | 'w') if mods == KeyModifiers::CONTROL => {
                Some(Action::Input(key))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The footer hints of a mode: (key, hint), F1 help first, then the mode's own, then the rest.
pub fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    hint_actions(mode)
        .into_iter()
        .map(|(key, hint, _)| (key, hint))
        .collect()
}

/// The footer hints with what each does, for a click on the hint.
pub fn hint_actions(mode: Mode) -> Vec<(String, &'static str, Action)> {
    let mut out = vec![(F1.name(), "help", Action::Help)];
    for group in groups(mode) {
        for binding in group.bindings {
            let (Some(hint), Some(key)) = (binding.hint, key_names(binding.keys).first().cloned())
            else {
                continue;
            };
            if !out.iter().any(|(k, h, _)| *k == key && *h == hint) {
                out.push((key, hint, binding.action.clone()));
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

/// The first key that gives `action` in `mode`, as hints write it (`y`, `Alt-K`): screens
/// and overlays name keys from here, so a rebinding shows everywhere.
pub fn key_for(mode: Mode, action: &Action) -> Option<String> {
    groups(mode)
        .iter()
        .flat_map(|g| g.bindings.iter())
        .find(|b| b.action == *action)
        .and_then(|b| key_names(b.keys).first().cloned())
}

/// The foot of a list overlay that narrows as you type (go to a question, codes):
/// `type … · ↑↓ · Enter <pick> · Esc <stay>`, its keys from the Search table.
pub fn search_foot(typing: &str, pick: &str, stay: &str) -> String {
    let key = |action: Action| key_for(Mode::Search, &action).unwrap_or_default();
    format!(
        " {typing} · {} · {} {pick} · {} {stay} ",
        key(Action::Down),
        key(Action::Select),
        key(Action::Back)
    )
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

mod lists;
mod tables;
mod transcript;

pub use tables::*;

#[cfg(test)]
mod tests;
