//! The terminal's own cursor at the focus, on every screen and overlay, so screen readers and
//! magnifiers follow where the next keystroke goes. A layer that knows its focus exactly (a
//! text field's caret, the option under the interview's cursor) puts the cursor there with
//! [`place`]; for any other layer, [`settle`] puts it on the first cell drawn in the selection's
//! style (the selected row of a list), else at the start of the layer's first text (a message,
//! a reader).

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::Frame;

use super::theme;

thread_local! {
    /// Whether the layer being drawn has put the cursor itself.
    static PLACED: Cell<bool> = const { Cell::new(false) };
}

/// Puts the terminal cursor at `at`: the layer's focus.
pub fn place(frame: &mut Frame, at: Position) {
    frame.set_cursor_position(at);
    PLACED.with(|p| p.set(true));
}

/// Draws a layer with `draw`, then puts the cursor at its focus ([`settle`]): the top overlay
/// over `under` (the frame before it), or a screen alone (`None`).
pub fn draw_layer(frame: &mut Frame, under: Option<&Buffer>, draw: impl FnOnce(&mut Frame)) {
    begin_layer();
    draw(frame);
    settle(frame, under);
}

/// A new layer is about to be drawn: what it places is its own.
pub fn begin_layer() {
    PLACED.with(|p| p.set(false));
}

/// After the top layer is drawn: when it placed no cursor, puts it at its focus as the buffer
/// shows it. `under` is the frame as it was before the top layer (an overlay) was drawn, so
/// only the overlay's own cells count; `None` for a screen.
pub fn settle(frame: &mut Frame, under: Option<&Buffer>) {
    if PLACED.with(Cell::get) {
        return;
    }
    let buf = frame.buffer_mut();
    let area = buf.area;
    let mine = |x: u16, y: u16| under.is_none_or(|u| u[(x, y)] != buf[(x, y)]);
    // A box's top row carries its title, not its content.
    let top_of_box = |y: u16| {
        (area.x..area.right()).any(|x| mine(x, y) && matches!(buf[(x, y)].symbol(), "┌" | "╭"))
    };
    let at = first_cell(area, |x, y| mine(x, y) && is_selected(buf, x, y))
        .or_else(|| {
            first_cell(area, |x, y| {
                mine(x, y) && is_text(buf, x, y) && !top_of_box(y)
            })
        })
        .or_else(|| first_cell(area, |x, y| mine(x, y) && is_text(buf, x, y)))
        .unwrap_or(Position::new(area.x, area.y));
    frame.set_cursor_position(at);
}

/// The first cell, row by row, that `wanted` holds for.
fn first_cell(area: Rect, wanted: impl Fn(u16, u16) -> bool) -> Option<Position> {
    area.positions().find(|p| wanted(p.x, p.y))
}

/// A cell drawn in the selection's style: its background, or reverse video without colour.
fn is_selected(buf: &Buffer, x: u16, y: u16) -> bool {
    let cell = &buf[(x, y)];
    let selected = theme::selected();
    match selected.bg {
        Some(bg) => cell.bg == bg,
        None => cell.modifier.contains(Modifier::REVERSED),
    }
}

/// A cell of text: a letter or a digit (not a border, a space or a marker).
fn is_text(buf: &Buffer, x: u16, y: u16) -> bool {
    buf[(x, y)]
        .symbol()
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
}
