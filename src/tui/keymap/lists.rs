//! The key tables of the lists (home, browser, trash, insights, summary, review), the forms and
//! the overlays.

use ratatui::crossterm::event::KeyCode;

use super::tables::{
    bind, ch, cmd, hint, plain, BACKTAB, DOWN, END_KEY, ENTER, ESC, HOME_KEY, LEFT, PGDN, PGUP,
    RIGHT, TAB, UP,
};
use super::{Group, Key};
use crate::tui::action::{Action, Command};

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
        hint(
            &[ch('y')],
            cmd(Command::Sync),
            "sync the team archive: commit, fetch, merge, push (`journey sync`)",
            "sync",
        ),
        bind(
            &[ch('t')],
            cmd(Command::Theme),
            "colours: auto (the terminal's background), dark, light, high contrast; remembered",
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
            "resume the interview (a finished one opens to edit, and stays complete)",
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
        bind(
            &[ch('C')],
            cmd(Command::Customer),
            "the customer over its interviews: positions over time, movement, milestones",
        ),
        bind(
            &[ch('B')],
            cmd(Command::Blind),
            "read the session blind, to place and code it: no gauge, nobody else's placement or codes until you have placed it",
        ),
        bind(
            &[ch('R')],
            cmd(Command::Report),
            "the study report over the sessions shown (journey report writes it to a file)",
        ),
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
        bind(
            &[ch('y')],
            cmd(Command::Sync),
            "sync the team archive: commit, fetch, merge, push",
        ),
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
        bind(&[HOME_KEY], Action::First, "the first bar"),
        bind(&[END_KEY], Action::Last, "the last row"),
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
            "export this session: Markdown, CSV, JSON, HTML, SPSS, Stata or REFI-QDA",
            "export",
        ),
        hint(
            &[ch('r')],
            cmd(Command::Reasons),
            "the reasons behind the gauge",
            "reasons",
        ),
        hint(
            &[ch('p')],
            cmd(Command::Place),
            "record your own placement: the stage you judge the customer at, how sure",
            "place",
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
            "resume the interview (a finished one opens to edit, and stays complete)",
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
            &[ch('c')],
            cmd(Command::Code),
            "code a quote or a line of notes: pick the text, then the code, as you type",
            "code",
        ),
        hint(
            &[ch('r')],
            cmd(Command::Reasons),
            "the reasons behind the gauge",
            "reasons",
        ),
        // Not in the footer (it is full): the view's transcript line names the key.
        bind(
            &[ch('t')],
            cmd(Command::Transcript),
            "the transcript, question by question: quote, code, nudge the offset, take a suggestion",
        ),
        bind(
            &[ch('a')],
            cmd(Command::Attach),
            "attach a transcript of the recording: type its path, Tab completes",
        ),
        hint(
            &[ch('C')],
            cmd(Command::Customer),
            "the customer over its interviews: positions over time, movement, milestones",
            "customer",
        ),
        hint(
            &[ch('p')],
            cmd(Command::Place),
            "record your own placement: the stage you judge the customer at, how sure",
            "place",
        ),
        bind(&[ch('H')], cmd(Command::Home), "home"),
        hint(&[ESC], Action::Back, "back", "back"),
    ],
};

pub const PLACE: Group = Group {
    title: "Your placement",
    bindings: &[
        hint(&[UP, DOWN], Action::Down, "the stage", "stage"),
        hint(&[LEFT, RIGHT], Action::Right, "how sure", "sure"),
        hint(&[ENTER], Action::Select, "record it", "record"),
        hint(&[ESC], Action::Back, "cancel", "cancel"),
    ],
};

pub const CUSTOMER: Group = Group {
    title: "Customer over time",
    bindings: &[
        hint(&[UP, DOWN, PGUP, PGDN], Action::Down, "scroll", "scroll"),
        bind(&[HOME_KEY], Action::First, "the top of the page"),
        bind(&[END_KEY], Action::Last, "the end of the page"),
        bind(&[ch('H')], cmd(Command::Home), "home"),
        hint(&[ESC], Action::Back, "back", "back"),
    ],
};

pub const FORM: Group = Group {
    title: "Forms",
    bindings: &[
        hint(
            &[TAB, DOWN],
            Action::FocusNext,
            "next field; on a customer's name being typed: take the known customer offered",
            "next field",
        ),
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

pub const FINISH: Group = Group {
    title: "Finishing an interview",
    bindings: &[
        hint(
            &[ch('y'), ENTER],
            cmd(Command::Yes),
            "finish: mark the interview complete",
            "finish",
        ),
        hint(
            &[ch('g')],
            cmd(Command::GoTo),
            "go to the first question not asked or flagged",
            "go to the first open",
        ),
        hint(
            &[ch('n'), ESC],
            cmd(Command::No),
            "back to the interview",
            "back",
        ),
    ],
};

pub const RESOLVE: Group = Group {
    title: "Answers two copies disagree on",
    bindings: &[
        hint(
            &[Key::Digits],
            Action::Digit(0),
            "keep version N; the others stay in the session's resolved conflicts",
            "keep",
        ),
        hint(&[ESC], Action::Back, "decide later", "later"),
    ],
};

pub const EXPORT: Group = Group {
    title: "Export",
    bindings: &[
        hint(
            &[Key::Digits],
            Action::Digit(0),
            "a format by its number (1–8)",
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
