//! Which part of the interview's question has the keyboard: what a click on a field gives it.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Options and scale points; letters are commands.
    Options,
    /// The typed answer of a text or number question.
    AnswerField,
    /// The free text of an "Other: ..." option.
    Other,
    Notes,
}
