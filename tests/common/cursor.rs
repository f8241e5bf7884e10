//! The terminal cursor at the focus: every snapshot's frame is checked for a visible cursor on
//! what has the focus as the screen shows it — the caret a text field draws (reverse video),
//! the row drawn as the selection, or, where nothing is selected (a message, a reader), the
//! first text of the top layer.

use journey::tui::theme;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// What the cursor sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// The caret a text field draws.
    Caret,
    /// A row drawn in the selection's style (a list's selected row, the option under the
    /// cursor, a scale point).
    Selection,
    /// Text (not a blank, not a border): in a field, or where nothing is selected (a message,
    /// a reader, a page of text).
    Text,
    /// Just after the text typed (or the prompt of an empty line) on a line that draws no caret
    /// of its own (a picker's query).
    EndOfLine,
    /// The start of an empty field in its box.
    EmptyField,
}

fn selected(buf: &Buffer, x: u16, y: u16) -> bool {
    let cell = &buf[(x, y)];
    match theme::selected().bg {
        Some(bg) => cell.bg == bg,
        None => cell.modifier.contains(Modifier::REVERSED),
    }
}

/// Where the cursor is and what it sits on; fails when it is hidden or on nothing focused.
pub fn focus(backend: &TestBackend, name: &str) -> On {
    let buf = backend.buffer();
    let screen = format!("{backend}");
    assert!(
        backend.cursor_visible(),
        "{name}: the cursor is hidden\n{screen}"
    );
    let p = backend.cursor_position();
    assert!(
        buf.area.contains(p),
        "{name}: the cursor {p:?} is off the screen"
    );
    let cell = &buf[(p.x, p.y)];
    let row: String = (0..buf.area.width)
        .map(|x| buf[(x, p.y)].symbol())
        .collect();
    let on = if selected(buf, p.x, p.y) {
        On::Selection
    } else if cell.modifier.contains(Modifier::REVERSED) {
        On::Caret
    } else if is_text(cell.symbol()) {
        On::Text
    } else if cell.symbol() == " "
        // Right after what was typed, or after the prompt ("› ") of an empty line.
        && (p.x.saturating_sub(2)..p.x).any(|x| is_text(buf[(x, p.y)].symbol()))
        && (p.x..buf.area.width)
            .take_while(|x| buf[(*x, p.y)].symbol() == " ")
            .count()
            > 1
    {
        On::EndOfLine
    } else if cell.symbol() == " " && p.x > 0 && buf[(p.x - 1, p.y)].symbol() == "│" {
        On::EmptyField
    } else {
        panic!(
            "{name}: the cursor at {p:?} is on {:?}, not on a caret, a selection or text; its row:\n{row}\n{screen}",
            cell.symbol()
        );
    };
    on
}

/// Something written: not blank, not a box's border.
fn is_text(symbol: &str) -> bool {
    symbol
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !('\u{2500}'..='\u{257F}').contains(&c))
}
