//! Keys to actions: a pure function of the input mode and the key, plus the help table.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Command};

/// How keys are read at the moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Lists and menus: home, sessions, summary.
    Menu,
    /// A form of text fields (new interview).
    Form,
    /// The interview, no text field focused: letters are commands.
    Interview,
    /// The interview with a text field focused: keys type; `multiline` fields take Enter.
    Field { multiline: bool },
    /// An overlay (help, reasons, obstacle editor, confirmation).
    Overlay,
}

/// The action for a key in a mode; `None` when the key means nothing there.
pub fn action(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if let Some(action) = everywhere(mode, key) {
        return Some(action);
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match mode {
        Mode::Field { multiline } => match key.code {
            KeyCode::Tab => Some(Action::FocusNext),
            KeyCode::BackTab => Some(Action::FocusPrev),
            KeyCode::Enter if !multiline && !alt => Some(Action::Select),
            _ => Some(Action::Input(key)),
        },
        Mode::Form => match key.code {
            KeyCode::Tab | KeyCode::Down => Some(Action::FocusNext),
            KeyCode::BackTab | KeyCode::Up => Some(Action::FocusPrev),
            KeyCode::Enter => Some(Action::Select),
            _ => Some(Action::Input(key)),
        },
        _ if ctrl || alt => None,
        Mode::Menu | Mode::Interview | Mode::Overlay => letters(mode, key.code),
    }
}

/// Keys that mean the same wherever you are.
fn everywhere(mode: Mode, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let in_interview = matches!(mode, Mode::Interview | Mode::Field { .. });
    Some(match key.code {
        KeyCode::Char('q' | 'c') if ctrl => Action::Quit,
        KeyCode::Char('s') if ctrl => Action::Save,
        KeyCode::F(1) => Action::Help,
        KeyCode::Esc => Action::Back,
        KeyCode::PageDown if in_interview => Action::NextQuestion,
        KeyCode::PageUp if in_interview => Action::PrevQuestion,
        KeyCode::Char('t') if ctrl && in_interview => Action::Command(Command::Timestamp),
        KeyCode::Char('o') if ctrl && in_interview => Action::Command(Command::Quote),
        KeyCode::Char('f') if ctrl && in_interview => Action::Command(Command::FollowUp),
        KeyCode::Char('n') if ctrl && in_interview => Action::Command(Command::Notes),
        KeyCode::Char('p') if ctrl && in_interview => Action::Command(Command::Panel),
        KeyCode::F(n) if in_interview => Action::Command(match n {
            2 => Command::Notes,
            3 => Command::Quote,
            4 => Command::FollowUp,
            5 => Command::Timestamp,
            6 => Command::Skip,
            7 => Command::NotApplicable,
            8 => Command::Obstacles,
            9 => Command::Reasons,
            10 => Command::Finish,
            _ => return None,
        }),
        _ => return None,
    })
}

fn letters(mode: Mode, code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Left | KeyCode::Char('h') => Action::Left,
        KeyCode::Right | KeyCode::Char('l') => Action::Right,
        KeyCode::Enter => Action::Select,
        KeyCode::Char(' ') => Action::Toggle,
        KeyCode::Char('?') => Action::Help,
        KeyCode::PageDown => Action::NextQuestion,
        KeyCode::PageUp => Action::PrevQuestion,
        KeyCode::Char(c @ '0'..='9') => Action::Digit(c as u8 - b'0'),
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Backspace | KeyCode::Delete => Action::Command(Command::ClearOverride),
        KeyCode::Char(c) => Action::Command(match (mode, c) {
            (Mode::Interview, ']') => return Some(Action::NextSection),
            (Mode::Interview, '[') => return Some(Action::PrevSection),
            (Mode::Interview, 's') => Command::Skip,
            (Mode::Interview, 'a') => Command::NotApplicable,
            (Mode::Interview, 'x') => Command::ClearAnswer,
            (Mode::Interview, 'f') => Command::FollowUp,
            (Mode::Interview, '"') => Command::Quote,
            (Mode::Interview, 't') => Command::Timestamp,
            (Mode::Interview, 'r') => Command::Reasons,
            (Mode::Interview, 'o') => Command::Obstacles,
            (Mode::Interview, 'F') => Command::Finish,
            (Mode::Interview, 'n') => Command::Notes,
            (Mode::Interview, 'e' | 'i') => Command::Edit,
            (Mode::Interview, 'p') => Command::Panel,
            (Mode::Menu, 'n') => Command::NewInterview,
            (Mode::Menu, 'b') => Command::Sessions,
            (Mode::Menu, 'e') => Command::Edit,
            (Mode::Menu, 'F') => Command::Finish,
            (Mode::Menu, 'q') => return Some(Action::Quit),
            (Mode::Menu, 's') => Command::Sort,
            (Mode::Menu, 'S') => Command::SortReverse,
            (Mode::Menu, '/') => Command::Search,
            (Mode::Menu, 'g') => Command::FilterStage,
            (Mode::Menu, 't') => Command::FilterStatus,
            (Mode::Menu, 'i') => Command::FilterInterviewer,
            (Mode::Menu, 'c') => Command::ClearFilters,
            (Mode::Menu, 'I') => Command::Insights,
            (Mode::Menu, 'T') => Command::Trash,
            (Mode::Menu, 'd') => Command::Delete,
            (Mode::Menu, 'u') => Command::Restore,
            (Mode::Menu, 'm') => Command::EditMeta,
            (Mode::Menu, 'x') => Command::Export,
            (Mode::Menu, 'X') => Command::ExportAll,
            (Mode::Menu | Mode::Overlay, 'r') => Command::Reasons,
            (Mode::Overlay, 'x') => Command::ClearOverride,
            (Mode::Overlay, 'y') => Command::Yes,
            (Mode::Overlay, 'n') => Command::No,
            (Mode::Overlay, 'a') => Command::Anonymize,
            (_, 'H') => Command::Home,
            _ => return None,
        }),
        _ => return None,
    })
}

/// Every key, for the help overlay: (keys, what they do).
pub const HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Everywhere",
        &[
            ("Ctrl-Q / Ctrl-C", "quit (everything is saved first)"),
            (
                "Ctrl-S",
                "save now (journey also saves within a second of every change)",
            ),
            ("F1 / ?", "this help (? outside text fields)"),
            ("Esc", "leave the field, overlay or screen"),
        ],
    ),
    (
        "Interview",
        &[
            (
                "PageDown / PageUp",
                "next / previous question (skip logic applies)",
            ),
            ("] / [", "next / previous section"),
            ("↑↓ or j k", "move between options"),
            (
                "Space / Enter",
                "pick the option (toggle in multiple choice)",
            ),
            (
                "1–9",
                "pick option N (toggle in multiple choice); scale: set the point",
            ),
            ("← →", "scale: lower / higher"),
            ("Tab / Shift-Tab", "answer → other text → notes"),
            (
                "e or Enter",
                "type in the answer field (text and number questions)",
            ),
            ("n / F2 / Ctrl-N", "write notes"),
            (
                "t / F5 / Ctrl-T",
                "put the elapsed time [mm:ss] into the notes",
            ),
            (
                "\" / F3 / Ctrl-O",
                "mark a verbatim quote: the selection, or the current line",
            ),
            ("f / F4 / Ctrl-F", "flag the question for a follow-up"),
            ("s / F6", "skip the question (recorded as skipped)"),
            ("a / F7", "not applicable"),
            ("x", "clear the answer"),
            ("o / F8", "obstacle checklist: set a status by hand"),
            ("r / F9", "the reasons behind the stage gauge and checklist"),
            ("p / Ctrl-P", "small terminals: switch the side panel"),
            (
                "F / F10",
                "finish: summary, and the session is marked complete",
            ),
        ],
    ),
    (
        "Text fields",
        &[
            ("arrows, Home, End", "move; Shift selects"),
            ("Ctrl-W / Alt-Backspace", "delete a word"),
            ("Ctrl-K / Ctrl-J", "delete to end / start of line"),
            ("Ctrl-U / Ctrl-R", "undo / redo"),
            (
                "Enter",
                "new line in notes and text answers; done in one-line fields",
            ),
        ],
    ),
    (
        "Home, lists and summaries",
        &[
            ("↑↓ Enter", "move, open"),
            ("n", "new interview"),
            ("b", "browse sessions"),
            ("e", "resume the interview (reopen it to edit)"),
            ("x", "export this session (Markdown, CSV, JSON, HTML)"),
            ("H", "home"),
            ("q", "quit"),
        ],
    ),
    (
        "Session browser",
        &[
            (
                "/",
                "filter as you type: customer, participant, notes, quotes, answers",
            ),
            (
                "g / t / i",
                "filter by stage / status / interviewer (each press: the next one)",
            ),
            ("c", "clear every filter"),
            ("s / S", "sort by the next column / reverse the order"),
            ("Enter", "read the session (read-only)"),
            ("e", "resume the interview"),
            ("m", "edit the metadata"),
            (
                "d",
                "delete: moves the file to the trash, after a confirmation",
            ),
            ("T", "the trash; u restores the session under the cursor"),
            (
                "I",
                "insights across the sessions shown; Enter on a bar lists its sessions",
            ),
            (
                "x / X",
                "export the session under the cursor / every session shown",
            ),
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn the_keys_that_work_everywhere_work_in_every_mode() {
        let modes = [
            Mode::Menu,
            Mode::Form,
            Mode::Interview,
            Mode::Field { multiline: true },
            Mode::Field { multiline: false },
            Mode::Overlay,
        ];
        for mode in modes {
            assert_eq!(action(mode, ctrl('q')), Some(Action::Quit), "{mode:?}");
            assert_eq!(action(mode, ctrl('s')), Some(Action::Save), "{mode:?}");
            assert_eq!(
                action(mode, key(KeyCode::F(1))),
                Some(Action::Help),
                "{mode:?}"
            );
            assert_eq!(
                action(mode, key(KeyCode::Esc)),
                Some(Action::Back),
                "{mode:?}"
            );
        }
        for mode in [Mode::Interview, Mode::Field { multiline: true }] {
            assert_eq!(
                action(mode, key(KeyCode::PageDown)),
                Some(Action::NextQuestion)
            );
            assert_eq!(
                action(mode, key(KeyCode::PageUp)),
                Some(Action::PrevQuestion)
            );
        }
    }

    #[test]
    fn letters_are_commands_outside_fields_and_text_inside() {
        let s = key(KeyCode::Char('s'));
        assert_eq!(
            action(Mode::Interview, s),
            Some(Action::Command(Command::Skip))
        );
        assert_eq!(
            action(Mode::Field { multiline: true }, s),
            Some(Action::Input(s))
        );
        let q = key(KeyCode::Char('?'));
        assert_eq!(action(Mode::Interview, q), Some(Action::Help));
        assert_eq!(
            action(Mode::Field { multiline: false }, q),
            Some(Action::Input(q))
        );
        assert_eq!(
            action(Mode::Interview, key(KeyCode::Char('7'))),
            Some(Action::Digit(7))
        );
    }

    #[test]
    fn enter_ends_a_one_line_field_and_breaks_a_line_in_notes() {
        let enter = key(KeyCode::Enter);
        assert_eq!(
            action(Mode::Field { multiline: false }, enter),
            Some(Action::Select)
        );
        assert_eq!(
            action(Mode::Field { multiline: true }, enter),
            Some(Action::Input(enter))
        );
    }

    #[test]
    fn releases_are_ignored() {
        let mut k = key(KeyCode::Char('j'));
        k.kind = KeyEventKind::Release;
        assert_eq!(action(Mode::Interview, k), None);
    }
}
