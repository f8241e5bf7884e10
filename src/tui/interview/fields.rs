//! The interview's text fields (typed answer, "other" text, notes): made from the session when
//! a question is entered, and where the keyboard focus is.

use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::{Focus, Interview};
use crate::guide::{Guide, Kind};
use crate::session::{format_number, Value};

/// Fields over this many bytes are not wrapped: ratatui-textarea wraps every line of a field
/// again on each key, which took 75 ms a key in a 1 MB note. Lines then run past the edge and
/// the view follows the cursor sideways.
const WRAP_LIMIT: usize = 128 * 1024;

/// Wraps the field's lines, unless it is too long to wrap at each key; true when that changed.
pub(super) fn fit_wrap(area: &mut TextArea<'static>) -> bool {
    let long = area.lines().iter().map(|l| l.len() + 1).sum::<usize>() > WRAP_LIMIT;
    let mode = if long {
        WrapMode::None
    } else {
        WrapMode::WordOrGlyph
    };
    let changed = area.wrap_mode() != mode;
    if changed {
        area.set_wrap_mode(mode);
    }
    changed
}

pub(super) fn field(lines: &str, placeholder: &str) -> TextArea<'static> {
    // Shown reversibly safe: what the field holds goes back to the session exactly.
    let safe = crate::text::to_field(lines);
    let mut area = TextArea::new(safe.split('\n').map(String::from).collect());
    area.set_placeholder_text(placeholder);
    fit_wrap(&mut area);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

impl Interview {
    /// Loads the fields for the current question and puts the focus where typing starts.
    pub(super) fn enter_question(&mut self, guide: &Guide) {
        let Some((_, q)) = self.question(guide) else {
            return;
        };
        let answer = self.open.session.answer(&q.id).cloned().unwrap_or_default();
        let (typed, other, picked) = match &answer.value {
            Some(Value::Text(t)) => (t.clone(), String::new(), None),
            Some(Value::Number(n)) => (format_number(*n, ""), String::new(), None),
            Some(Value::Choice { selected, other }) => (
                String::new(),
                other.clone().unwrap_or_default(),
                selected
                    .first()
                    .and_then(|id| q.options.iter().position(|o| o.id == *id)),
            ),
            None => (String::new(), String::new(), None),
        };
        let hint = match q.kind {
            Kind::Number => "type a number",
            _ => "type the answer",
        };
        self.answer_field = field(&typed, hint);
        self.other_field = field(&other, "what else?");
        let stamp = crate::tui::keymap::interview_key(&crate::tui::action::Action::Command(
            crate::tui::action::Command::Timestamp,
        ));
        self.notes_field = field(&answer.notes, &format!("notes: {stamp} puts the time in"));
        self.number_error = None;
        self.cursor = match q.kind {
            Kind::Scale => answer
                .value
                .as_ref()
                .and_then(|v| match v {
                    Value::Number(n) => Some((n - q.min.unwrap_or(0.0)).max(0.0) as usize),
                    _ => None,
                })
                .unwrap_or(0),
            _ => picked.unwrap_or(0),
        };
        self.set_focus(match q.kind {
            Kind::Text | Kind::Number if self.open.read_only().is_none() => Focus::AnswerField,
            _ => Focus::Options,
        });
    }

    /// Moves the keyboard focus; only the focused field shows its cursor.
    pub fn set_focus(&mut self, focus: Focus) {
        use ratatui::style::{Modifier, Style};
        self.focus = focus;
        self.typing_recorded = false;
        let cursor = |on: bool| {
            if on {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            }
        };
        self.answer_field
            .set_cursor_style(cursor(focus == Focus::AnswerField));
        self.other_field
            .set_cursor_style(cursor(focus == Focus::Other));
        self.notes_field
            .set_cursor_style(cursor(focus == Focus::Notes));
    }
}
