//! The key tables: every binding journey has, written once, grouped by the mode that reads it.
//! The interview's tables and the shared ones are here; the lists' and overlays' in `lists`.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::{Binding, Group, Key};
use crate::tui::action::{Action, Command};

pub(super) const NONE: KeyModifiers = KeyModifiers::NONE;
pub(super) const fn plain(code: KeyCode) -> Key {
    Key::Code(code, NONE)
}
pub(super) const fn ch(c: char) -> Key {
    Key::Code(KeyCode::Char(c), NONE)
}
pub(super) const fn ctrl(c: char) -> Key {
    Key::Code(KeyCode::Char(c), KeyModifiers::CONTROL)
}
pub(super) const fn alt(c: char) -> Key {
    Key::Code(KeyCode::Char(c), KeyModifiers::ALT)
}
pub(super) const fn alt_code(code: KeyCode) -> Key {
    Key::Code(code, KeyModifiers::ALT)
}
pub(super) const fn f(n: u8) -> Key {
    Key::Code(KeyCode::F(n), NONE)
}
pub(super) const UP: Key = plain(KeyCode::Up);
pub(super) const DOWN: Key = plain(KeyCode::Down);
pub(super) const LEFT: Key = plain(KeyCode::Left);
pub(super) const RIGHT: Key = plain(KeyCode::Right);
pub(crate) const ENTER: Key = plain(KeyCode::Enter);
pub(crate) const ESC: Key = plain(KeyCode::Esc);
pub(super) const TAB: Key = plain(KeyCode::Tab);
pub(super) const BACKTAB: Key = plain(KeyCode::BackTab);
pub(super) const PGDN: Key = plain(KeyCode::PageDown);
pub(super) const PGUP: Key = plain(KeyCode::PageUp);
pub(super) const HOME_KEY: Key = plain(KeyCode::Home);
pub(super) const END_KEY: Key = plain(KeyCode::End);

pub(super) const F1: Key = f(1);

pub(super) const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint: None,
    }
}

pub(super) const fn hint(
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

pub(super) const fn cmd(c: Command) -> Action {
    Action::Command(c)
}

pub const EVERYWHERE: Group = Group {
    title: "Everywhere",
    bindings: &[
        hint(&[f(1)], Action::Help, "every key (this help)", "help"),
        bind(
            &[ctrl('s')],
            Action::Save,
            "save now (journey also saves within half a second of every change)",
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
        bind(
            &[alt('c')],
            cmd(Command::Code),
            "code the selection or the line of notes (the last quote from the options): pick a code as you type",
        ),
        bind(
            &[alt('k')],
            cmd(Command::Resolve),
            "an answer two copies disagree on (after a team sync): keep one version",
        ),
        bind(
            &[f(12), alt('j')],
            cmd(Command::AskNext),
            "go to the question the gauge suggests asking next",
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
            "panels: small terminals switch question, stage, obstacles, outline; wide ones hide or show the side columns",
        ),
        bind(
            &[alt('t')],
            cmd(Command::Transcript),
            "the transcript: what was said while this question was on screen; quote, code, nudge the offset, take a suggestion",
        ),
        bind(
            &[alt('l')],
            cmd(Command::Attach),
            "attach (link) a transcript of the recording: type its path, Tab completes",
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
            &[Key::DigitsAndZero],
            Action::Digit(0),
            "pick option N, 0 the tenth (toggle in multiple choice); scale: set the point",
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
    ("Ctrl-A / Ctrl-E", "to the start / the end of the line"),
    (
        "a pre-filled field",
        "one-line fields: selected when it takes the focus; typing replaces it, an arrow keeps it",
    ),
    ("Ctrl-W / Alt-Backspace", "delete a word"),
    ("Ctrl-K", "delete to the end of the line"),
    ("Ctrl-U", "one-line fields: delete to the start"),
    (
        "Ctrl-U / Ctrl-R",
        "notes and text answers: undo / redo typing",
    ),
];

pub const QUIT_PROMPT: Group = Group {
    title: "Quitting from an interview",
    bindings: &[bind(
        &[ctrl('c'), ctrl('q')],
        Action::Quit,
        "quit (any other key goes on with the interview)",
    )],
};

/// Every table, in the order the help shows them.
pub use super::lists::*;
pub use super::transcript::*;

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
    &CUSTOMER,
    &PLACE,
    &FORM,
    &READER,
    &OBSTACLES,
    &CONFIRM,
    &EXPORT,
    &RESOLVE,
    &FINISH,
    &QUIT_PROMPT,
    &TRANSCRIPT,
    &ATTACH,
];
