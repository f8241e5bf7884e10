//! What a key means, independent of the key: the vocabulary between the keymap and `update`.

use ratatui::crossterm::event::KeyEvent;

/// One thing the user asked for. Screens give the generic ones (`Up`, `Select`, ...) their meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Save and leave journey.
    Quit,
    /// Ctrl-C in an interview: ask before quitting.
    ConfirmQuit,
    /// Save the open session now.
    Save,
    Help,
    /// Leave the current field, overlay or screen.
    Back,
    Up,
    Down,
    Left,
    Right,
    /// Enter: choose the item under the cursor, or go into a field.
    Select,
    /// A digit: pick option N, or set a scale point.
    Digit(u8),
    NextQuestion,
    PrevQuestion,
    /// Home and End on a page that scrolls: its top, its end.
    First,
    Last,
    NextSection,
    PrevSection,
    FocusNext,
    FocusPrev,
    Command(Command),
    /// A key for the text field that has the focus.
    Input(KeyEvent),
    Paste(String),
}

/// Named commands, reachable by letter outside text fields and by Ctrl or F-keys everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Go to a question by part of its label or its number.
    GoTo,
    /// Go to the first question the gauge suggests asking next.
    AskNext,
    /// Sync the team archive.
    Sync,
    /// The study report over the sessions shown.
    Report,
    /// Code the selection, the line of notes or the last quote.
    Code,
    /// Pick one version of an answer two copies disagree on.
    Resolve,
    /// Undo the last change to an answer or its state.
    Undo,
    Skip,
    NotApplicable,
    ClearAnswer,
    FollowUp,
    Quote,
    Timestamp,
    Reasons,
    Obstacles,
    /// Clear an obstacle override (in the obstacle editor).
    ClearOverride,
    Finish,
    /// Go into the answer field or the notes.
    Edit,
    Notes,
    NewInterview,
    /// The next colour theme (auto, dark, light, high contrast), remembered.
    Theme,
    Sessions,
    Home,
    /// Switch the side panel on small terminals.
    Panel,
    Yes,
    No,
    // The session browser.
    /// Sort by the next column.
    Sort,
    /// Reverse the sort order.
    SortReverse,
    /// Type to filter.
    Search,
    FilterStage,
    FilterStatus,
    FilterInterviewer,
    ClearFilters,
    Insights,
    Trash,
    /// The customer of the session under the cursor, over its interviews.
    Customer,
    /// Record your own placement of the customer on the journey.
    Place,
    /// Read a session blind: no gauge, nobody else's placement or codes until you place it.
    Blind,
    Delete,
    Restore,
    EditMeta,
    /// Export the session under the cursor (or on screen).
    Export,
    /// Export every session the browser shows.
    ExportAll,
    /// Export options: anonymise on or off.
    Anonymize,
    // Transcripts.
    /// The transcript panel: what was said while the question was on screen.
    Transcript,
    /// Attach a transcript file.
    Attach,
    /// Extend the selection of lines up / down.
    ExtendUp,
    ExtendDown,
    /// Start (or drop) a selection of lines at the cursor.
    Mark,
    /// Take the suggestion on the line.
    Take,
    /// Go to the next line with a suggestion.
    NextSuggestion,
    /// Move the transcript's offset by this many seconds (±1, ±10).
    OffsetBack1,
    OffsetOn1,
    OffsetBack10,
    OffsetOn10,
    /// Complete the path typed.
    Complete,
}
