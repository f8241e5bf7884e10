//! The key tables of the transcript panel and of attaching a transcript.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::tables::{bind, ch, cmd, hint, DOWN, ENTER, ESC, LEFT, RIGHT, TAB, UP};
use super::{Group, Key};
use crate::tui::action::{Action, Command};

pub(super) const SHIFT_UP: Key = Key::Code(KeyCode::Up, KeyModifiers::SHIFT);
pub(super) const SHIFT_DOWN: Key = Key::Code(KeyCode::Down, KeyModifiers::SHIFT);

pub const TRANSCRIPT: Group = Group {
    title: "Transcript panel (what was said while the question was on screen)",
    bindings: &[
        // Shift-↑↓ before ↑↓: the plain arrows take a key with Shift too.
        bind(&[SHIFT_UP], cmd(Command::ExtendUp), "select lines upward"),
        bind(
            &[SHIFT_DOWN],
            cmd(Command::ExtendDown),
            "select lines downward",
        ),
        bind(&[UP, DOWN], Action::Down, "move between lines"),
        bind(
            &[ch(' ')],
            cmd(Command::Mark),
            "mark: start a selection at the line (again: drop it)",
        ),
        // Enter is Select, so that Enter over a message closes the message only.
        hint(
            &[ENTER],
            Action::Select,
            "quote the line (or the selection) on its question, with its speaker and time",
            "quote",
        ),
        bind(&[ch('q')], cmd(Command::Quote), "quote, as Enter"),
        hint(
            &[ch('c')],
            cmd(Command::Code),
            "code the line (quoted first): pick a code as you type",
            "code",
        ),
        hint(
            &[ch('y')],
            cmd(Command::Take),
            "take the suggestion on the line: its answer is recorded, the line kept as its quote",
            "take",
        ),
        hint(
            &[LEFT, RIGHT],
            Action::Right,
            "the previous / next question with lines",
            "question",
        ),
        bind(
            &[ch('n')],
            cmd(Command::NextSuggestion),
            "the next line with a suggestion, on any question",
        ),
        hint(
            &[ch('+')],
            cmd(Command::OffsetOn1),
            "offset +1 s: the recording started a second earlier (lines move earlier)",
            "offset",
        ),
        bind(&[ch('-')], cmd(Command::OffsetBack1), "offset −1 s"),
        bind(&[ch('>')], cmd(Command::OffsetOn10), "offset +10 s"),
        bind(&[ch('<')], cmd(Command::OffsetBack10), "offset −10 s"),
        hint(
            &[ch('a')],
            cmd(Command::Attach),
            "attach a transcript file",
            "attach",
        ),
        hint(&[ESC], Action::Back, "close the panel", "close"),
    ],
};

pub const ATTACH: Group = Group {
    title: "Attaching a transcript",
    bindings: &[
        hint(
            &[TAB],
            cmd(Command::Complete),
            "complete the path (files and folders; ~ is your home)",
            "complete",
        ),
        hint(
            &[UP, DOWN],
            Action::Down,
            "speakers: who is the participant",
            "participant",
        ),
        hint(
            &[ENTER],
            Action::Select,
            "read the file; then attach it with these roles",
            "attach",
        ),
        hint(
            &[ESC],
            Action::Back,
            "cancel: nothing is attached",
            "cancel",
        ),
    ],
};
