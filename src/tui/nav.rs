//! Where a screen or an overlay asks to go next; `App::navigate` carries it out.

use super::overlay::Overlay;
use crate::session::Meta;

#[derive(Debug, Clone)]
pub enum Nav {
    NewInterview,
    Sessions,
    Home,
    /// Open (resume) a session by id.
    Open(String),
    /// Open a session that another journey holds, read-only, saying why.
    OpenReadOnly(String, String),
    /// Create a session with this metadata and open it.
    Start(Meta),
    /// Read a session, read-only.
    Review(String),
    EditMeta(String),
    SaveMeta(String, Meta),
    /// Ask before moving a session to the trash.
    ConfirmDelete(String),
    Delete(String),
    Restore(String),
    Export(Vec<String>),
    Insights,
    Trash,
    /// Back to the browser, showing only these sessions (from a bar in the insights).
    OnlySessions(String, Vec<std::sync::Arc<str>>),
    /// Finish the interview on screen: the summary.
    Finish,
    /// From the summary back into the interview.
    Reopen,
    /// Put an overlay over the screen.
    Show(Overlay),
    Message(String),
    /// Sync the team archive in the background.
    Sync,
    /// The study report over these sessions.
    Report(Vec<String>),
    Quit,
}
