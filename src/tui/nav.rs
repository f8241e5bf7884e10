//! Where a screen or an overlay asks to go next, and the changes an overlay asks of the screen
//! under it; `App::navigate` carries them out.

use crate::guide::ObstacleStatus;
use crate::session::Meta;

#[derive(Debug, Clone)]
pub enum Nav {
    /// The next colour theme, remembered.
    Theme,
    NewInterview,
    Sessions,
    Home,
    /// Open (resume) a session by id.
    Open(String),
    /// Open a session at the question at this index of the guide's flat order (a search hit).
    OpenAt(String, usize),
    /// Open a session that another journey holds, read-only, saying why.
    OpenReadOnly(String, String),
    /// Create a session with this metadata and open it.
    Start(Meta),
    /// Read a session, read-only.
    Review(String),
    /// Read a session read-only and blind, to place and code it first.
    Blind(String),
    /// Read a session, read-only, at the question at this index of the guide's flat order (a
    /// search hit).
    ReviewAt(String, usize),
    EditMeta(String),
    SaveMeta(String, Meta),
    /// Ask before moving a session to the trash.
    ConfirmDelete(String),
    Delete(String),
    Restore(String),
    /// Choose an export format for these sessions.
    Export(Vec<String>),
    Insights,
    Trash,
    /// The customer of this session over its interviews.
    Customer(String),
    /// From the customer page back to where it was opened.
    CustomerBack,
    /// Back to the browser, showing only these sessions (from a bar in the insights).
    OnlySessions(String, Vec<std::sync::Arc<str>>),
    /// Finish the interview on screen: the summary.
    Finish,
    /// From the summary back into the interview.
    Reopen,
    Message(String),
    /// Sync the team archive in the background.
    Sync,
    /// The study report over these sessions.
    Report(Vec<String>),
    Quit,
}

/// A change an overlay asks of the screen under it.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Go to the question at this index of the guide's flat order.
    GoTo(usize),
    /// Keep version `n` of the conflict at hand.
    Resolve(usize),
    /// Set obstacle `n`'s status by hand (`None`: back to what the answers say).
    Obstacle(usize, Option<ObstacleStatus>),
    /// Code a text (of the question, when the screen has no question of its own).
    Code {
        question: Option<String>,
        text: String,
        code: String,
    },
    /// Quote a transcript line (or lines) on a question, with where it was said; `then_code`:
    /// then open the code picker on the quote.
    Quote {
        question: String,
        text: String,
        at: f64,
        speaker: Option<String>,
        then_code: bool,
    },
    /// Set the offset of transcript `n` (by index in the session's `transcripts`).
    Offset(usize, f64),
    /// Take a suggestion: record its answer, the line as its quote.
    Take(crate::transcript::Suggestion),
    /// Attach a transcript file with these roles (`None`: journey's guess).
    Attach {
        path: std::path::PathBuf,
        roles: crate::transcript::Roles,
    },
    /// Record the researcher's own placement.
    Place {
        stage: String,
        sure: crate::session::Sure,
    },
}
