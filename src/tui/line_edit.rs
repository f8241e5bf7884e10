//! The keys of a one-line text field, the same in every one (the new-interview form, the
//! metadata form, the browser's filter, a number answer, the "Other…" text, the queries of
//! Ctrl-G and of the code picker):
//! Ctrl-A / Home to the start, Ctrl-E / End to the end, Ctrl-U deletes to the start, Ctrl-K to
//! the end, Ctrl-W the word before the cursor. A pre-filled field is selected when it takes the
//! focus: typing replaces it, an arrow, Home or End keeps it and moves.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

/// A field taking the focus: a pre-filled one is selected whole (shown reversed), an empty one
/// gets the cursor.
pub fn select_on_entry(field: &mut TextArea<'_>) {
    field.cancel_selection();
    field.set_selection_style(Style::new().add_modifier(Modifier::REVERSED));
    if field.lines().iter().any(|line| !line.is_empty()) {
        field.select_all();
    } else {
        field.move_cursor(CursorMove::End);
    }
}

/// A key in a one-line field; true when the text changed. Enter and new lines are the
/// caller's (they never get into the field).
pub fn input(field: &mut TextArea<'_>, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    match key.code {
        KeyCode::Enter => return false,
        KeyCode::Char('m') if ctrl => return false,
        // The text area's own Ctrl-U is undo; in a line, as in a shell, it deletes to the start.
        KeyCode::Char('u') if ctrl && !alt => return field.delete_line_by_head(),
        _ => {}
    }
    if moves(key.code, ctrl, alt) && !shift {
        // A move keeps the selected text: it is no longer selected, and typing inserts.
        field.cancel_selection();
    }
    field.input(key)
}

/// Whether a key only moves the cursor.
fn moves(code: KeyCode, ctrl: bool, alt: bool) -> bool {
    match code {
        KeyCode::Left | KeyCode::Right | KeyCode::Up | KeyCode::Down => true,
        KeyCode::Home | KeyCode::End => true,
        KeyCode::Char('a' | 'e' | 'b' | 'f') => {
            ctrl || (alt && matches!(code, KeyCode::Char('b' | 'f')))
        }
        _ => false,
    }
}

/// A key in a one-line field kept as a plain string edited at its end (Ctrl-G's query): the
/// same keys where a cursor at the end gives them a meaning. True when the text changed.
pub fn input_at_end(text: &mut String, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let before = text.len();
    match key.code {
        KeyCode::Char('u') if ctrl => text.clear(),
        KeyCode::Char('w') if ctrl => delete_word(text),
        KeyCode::Backspace if alt => delete_word(text),
        KeyCode::Char('h') if ctrl => {
            text.pop();
        }
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char(c) if !ctrl && !alt => text.push(c),
        _ => {}
    }
    text.len() != before
}

/// Deletes the word before the end and the spaces after it, as Ctrl-W does.
fn delete_word(text: &mut String) {
    let kept = text.trim_end().len();
    let start = text[..kept]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    text.truncate(start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn field(text: &str) -> TextArea<'static> {
        let mut f = TextArea::new(vec![text.to_string()]);
        select_on_entry(&mut f);
        f
    }

    fn typed(f: &mut TextArea<'_>, text: &str) {
        for c in text.chars() {
            input(f, key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn a_prefilled_field_is_replaced_by_typing() {
        let mut f = field("Sam Researcher");
        typed(&mut f, "Alex Analyst");
        assert_eq!(f.lines(), ["Alex Analyst"]);
    }

    #[test]
    fn an_arrow_home_or_end_keeps_the_prefilled_text() {
        for (first, expected) in [
            (key(KeyCode::End), "Sam R."),
            (key(KeyCode::Right), "Sam R."),
            (key(KeyCode::Left), "Sam .R"),
            (key(KeyCode::Home), ". Sam R"),
            (ctrl('a'), ". Sam R"),
            (ctrl('e'), "Sam R."),
        ] {
            let mut f = field("Sam R");
            input(&mut f, first);
            let text = if expected.starts_with('.') { ". " } else { "." };
            typed(&mut f, text);
            assert_eq!(f.lines(), [expected], "after {first:?}");
        }
    }

    #[test]
    fn backspace_or_ctrl_u_clears_a_selected_field() {
        let mut f = field("Sam Researcher");
        input(&mut f, key(KeyCode::Backspace));
        assert_eq!(f.lines(), [""]);
        let mut f = field("Sam Researcher");
        input(&mut f, ctrl('u'));
        assert_eq!(f.lines(), [""]);
    }

    #[test]
    fn the_line_editing_keys_work_as_in_a_shell() {
        let mut f = field("");
        typed(&mut f, "two sites run SAP");
        input(&mut f, ctrl('w'));
        assert_eq!(f.lines(), ["two sites run "]);
        input(&mut f, ctrl('a'));
        input(&mut f, ctrl('k'));
        assert_eq!(f.lines(), [""]);
        typed(&mut f, "abc def");
        input(&mut f, key(KeyCode::Left));
        input(&mut f, key(KeyCode::Left));
        input(&mut f, ctrl('u'));
        assert_eq!(f.lines(), ["ef"]);
        input(&mut f, ctrl('e'));
        typed(&mut f, "!");
        input(&mut f, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        input(&mut f, ctrl('m'));
        assert_eq!(f.lines(), ["ef!"]);
    }

    #[test]
    fn a_string_edited_at_its_end_takes_the_same_deleting_keys() {
        let mut s = String::new();
        for c in "first production".chars() {
            input_at_end(&mut s, key(KeyCode::Char(c)));
        }
        assert!(input_at_end(&mut s, ctrl('w')));
        assert_eq!(s, "first ");
        input_at_end(&mut s, key(KeyCode::Backspace));
        assert_eq!(s, "first");
        assert!(!input_at_end(&mut s, ctrl('a')));
        assert!(input_at_end(&mut s, ctrl('u')));
        assert_eq!(s, "");
    }
}
