use super::*;
use crate::tui::action::Command;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn with(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

const ALL_MODES: [Mode; 22] = [
    Mode::Home,
    Mode::Browser,
    Mode::Search,
    Mode::Trash,
    Mode::Insights,
    Mode::Summary,
    Mode::Review,
    Mode::Customer,
    Mode::Place,
    Mode::Form,
    Mode::Interview,
    Mode::InterviewField { multiline: true },
    Mode::InterviewField { multiline: false },
    Mode::Reader,
    Mode::Obstacles,
    Mode::Confirm,
    Mode::Export,
    Mode::Resolve,
    Mode::Finish,
    Mode::QuitPrompt,
    Mode::Transcript,
    Mode::Attach,
];

#[test]
fn the_keys_that_work_everywhere_work_in_every_mode() {
    for mode in ALL_MODES {
        let ctrl_q = with(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(action(mode, ctrl_q), Some(Action::Quit), "{mode:?}");
        if mode != Mode::QuitPrompt {
            assert_eq!(
                action(mode, key(KeyCode::F(1))),
                Some(Action::Help),
                "{mode:?}"
            );
        }
    }
}

/// Typing is always writing: in the interview no printable character is a command, whatever
/// has the focus. Digits pick only while the options have the focus.
#[test]
fn no_printable_character_is_a_command_in_the_interview() {
    let printable = (' '..='~').chain("éüßçñ€“”’—".chars());
    for c in printable {
        for shift in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
            let k = with(KeyCode::Char(c), shift);
            let options = action(Mode::Interview, k);
            match options {
                Some(Action::Input(_)) => {}
                Some(Action::Digit(d)) => assert!(c.is_ascii_digit() && d == c as u8 - b'0'),
                other => panic!("{c:?} with the options in focus gave {other:?}"),
            }
            for multiline in [true, false] {
                let field = action(Mode::InterviewField { multiline }, k);
                assert_eq!(field, Some(Action::Input(k)), "{c:?} in a field");
            }
        }
    }
}

#[test]
fn commands_need_no_function_key_on_a_laptop() {
    let ctrl = |c| with(KeyCode::Char(c), KeyModifiers::CONTROL);
    let alt = |c| with(KeyCode::Char(c), KeyModifiers::ALT);
    for mode in [Mode::Interview, Mode::InterviewField { multiline: true }] {
        assert_eq!(action(mode, ctrl('n')), Some(Action::NextQuestion));
        assert_eq!(action(mode, ctrl('p')), Some(Action::PrevQuestion));
        assert_eq!(action(mode, alt('s')), Some(Action::Command(Command::Skip)));
        assert_eq!(
            action(mode, alt('a')),
            Some(Action::Command(Command::NotApplicable))
        );
        assert_eq!(
            action(mode, alt('f')),
            Some(Action::Command(Command::Finish))
        );
        assert_eq!(
            action(mode, ctrl('z')),
            Some(Action::Command(Command::Undo))
        );
        assert_eq!(
            action(mode, ctrl('g')),
            Some(Action::Command(Command::GoTo))
        );
        assert_eq!(action(mode, ctrl('c')), Some(Action::ConfirmQuit));
        assert_eq!(
            action(mode, key(KeyCode::F(6))),
            Some(Action::Command(Command::Skip))
        );
        assert_eq!(
            action(mode, key(KeyCode::PageDown)),
            Some(Action::NextQuestion)
        );
    }
    // Outside an interview Ctrl-C quits at once (everything there is saved already).
    assert_eq!(action(Mode::Browser, ctrl('c')), Some(Action::Quit));
    // Some terminals send Ctrl-letters in upper case with Shift.
    let shifted = with(
        KeyCode::Char('N'),
        KeyModifiers::CONTROL | KeyModifiers::SHIFT,
    );
    assert_eq!(action(Mode::Interview, shifted), Some(Action::NextQuestion));
}

#[test]
fn enter_ends_a_one_line_field_and_breaks_a_line_in_notes() {
    let enter = key(KeyCode::Enter);
    assert_eq!(
        action(Mode::InterviewField { multiline: false }, enter),
        Some(Action::Select)
    );
    assert_eq!(
        action(Mode::InterviewField { multiline: true }, enter),
        Some(Action::Input(enter))
    );
    assert_eq!(action(Mode::Interview, enter), Some(Action::Select));
}

#[test]
fn arrows_and_pages_keep_their_direction() {
    assert_eq!(action(Mode::Interview, key(KeyCode::Up)), Some(Action::Up));
    assert_eq!(
        action(Mode::Interview, key(KeyCode::Left)),
        Some(Action::Left)
    );
    assert_eq!(
        action(Mode::Reader, key(KeyCode::PageUp)),
        Some(Action::PrevQuestion)
    );
    assert_eq!(
        action(Mode::Form, key(KeyCode::BackTab)),
        Some(Action::FocusPrev)
    );
    assert_eq!(
        action(Mode::Form, key(KeyCode::Down)),
        Some(Action::FocusNext)
    );
    assert_eq!(
        action(Mode::Obstacles, key(KeyCode::Char('3'))),
        Some(Action::Digit(3))
    );
}

#[test]
fn menus_keep_their_letters() {
    assert_eq!(
        action(Mode::Home, key(KeyCode::Char('n'))),
        Some(Action::Command(Command::NewInterview))
    );
    assert_eq!(
        action(Mode::Browser, key(KeyCode::Char('T'))),
        Some(Action::Command(Command::Trash))
    );
    let shift_t = with(KeyCode::Char('T'), KeyModifiers::SHIFT);
    assert_eq!(
        action(Mode::Browser, shift_t),
        Some(Action::Command(Command::Trash))
    );
    assert_eq!(
        action(Mode::Search, key(KeyCode::Char('T'))),
        Some(Action::Input(key(KeyCode::Char('T'))))
    );
    assert_eq!(action(Mode::Home, key(KeyCode::Char('z'))), None);
}

/// The footers and the help come from the same tables: every hint a footer shows is a row of
/// the help with the same key.
#[test]
fn every_hint_in_a_footer_is_in_the_help() {
    let help: Vec<(String, &str)> = ALL.iter().flat_map(|g| help_rows(g)).collect();
    for mode in ALL_MODES {
        let hints = hints(mode);
        assert!(!hints.is_empty(), "{mode:?} has no hints");
        for (key, hint) in hints {
            assert!(
                help.iter()
                    .any(|(keys, _)| keys.split(" / ").any(|k| k == key)),
                "{mode:?}: the footer's “{key} {hint}” is not in the help"
            );
        }
    }
}

/// A key means one thing in a mode: no two bindings of the tables a mode reads share a key.
#[test]
fn no_key_is_bound_twice_in_a_mode() {
    for mode in ALL_MODES {
        let mut seen: Vec<(Key, &str)> = Vec::new();
        for group in groups(mode) {
            for binding in group.bindings {
                for k in binding.keys {
                    // A mode's own table may override a key of the tables after it.
                    if let Some((_, other)) = seen.iter().find(|(s, _)| s == k) {
                        assert!(
                            !group.bindings.iter().any(|b| b.help == *other),
                            "{mode:?}: {} is bound twice in “{}”",
                            k.name(),
                            group.title
                        );
                        continue;
                    }
                    seen.push((*k, binding.help));
                }
            }
        }
    }
}

#[test]
fn releases_are_ignored() {
    let mut k = key(KeyCode::Char('j'));
    k.kind = KeyEventKind::Release;
    assert_eq!(action(Mode::Interview, k), None);
}

#[test]
fn shift_arrows_select_lines_in_the_transcript_panel_and_still_move_elsewhere() {
    let shift = |code| with(code, KeyModifiers::SHIFT);
    assert_eq!(
        action(Mode::Transcript, shift(KeyCode::Up)),
        Some(Action::Command(Command::ExtendUp))
    );
    assert_eq!(
        action(Mode::Transcript, shift(KeyCode::Down)),
        Some(Action::Command(Command::ExtendDown))
    );
    assert_eq!(
        action(Mode::Transcript, key(KeyCode::Down)),
        Some(Action::Down)
    );
    assert_eq!(
        action(Mode::Browser, shift(KeyCode::Down)),
        Some(Action::Down)
    );
    assert_eq!(
        Key::Code(KeyCode::Up, KeyModifiers::SHIFT).name(),
        "Shift-↑"
    );
    // Typing a path: every character is text, Tab completes.
    assert_eq!(
        action(Mode::Attach, key(KeyCode::Char('q'))),
        Some(Action::Input(key(KeyCode::Char('q'))))
    );
    assert_eq!(
        action(Mode::Attach, key(KeyCode::Tab)),
        Some(Action::Command(Command::Complete))
    );
}
