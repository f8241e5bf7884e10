//! What screens and overlays share when they draw: key hints that keep whole items (on one row,
//! in a box's bottom border, over several rows), messages cut at a whole word, clickable rows,
//! text fields with their cursor, and the centred popup every overlay is drawn in.

use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use super::theme;
use super::wrap::wrap_lines;

/// Key hints (`"a · b · c"`) cut to the ones that fit whole in `width` columns, first ones first,
/// so a narrow footer drops its last hints instead of ending in half a word.
pub fn fit_hints(hints: &str, width: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut fitted = String::new();
    for hint in hints.split(" · ") {
        let longer = if fitted.is_empty() {
            hint.to_string()
        } else {
            format!("{fitted} · {hint}")
        };
        if longer.width() > usize::from(width) {
            break;
        }
        fitted = longer;
    }
    fitted
}

/// Hints for the bottom border of a box `width` wide: the items that fit whole between the
/// corners, padded with a space each side; nothing when not even the first fits.
pub fn bottom_title(hints: &str, width: u16) -> Line<'static> {
    let fitted = fit_hints(hints.trim(), width.saturating_sub(4));
    if fitted.is_empty() {
        Line::default()
    } else {
        Line::styled(format!(" {fitted} "), theme::dim())
    }
}

/// The items of a hint line over rows `width` wide, each item whole; an item wider than a row
/// gets a row of its own (and is cut there).
pub fn wrap_hints(hints: &str, width: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width);
    let mut rows: Vec<String> = Vec::new();
    for item in hints.split(" · ").map(str::trim).filter(|i| !i.is_empty()) {
        match rows.last_mut() {
            Some(row) if row.width() + 3 + item.width() <= width => {
                row.push_str(" · ");
                row.push_str(item);
            }
            _ => rows.push(item.to_string()),
        }
    }
    rows
}

/// `text` followed by `extra` when both fit in `width`; `text` alone otherwise.
pub fn with_optional(text: &str, extra: &str, width: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() + extra.width() <= usize::from(width) {
        format!("{text}{extra}")
    } else {
        text.to_string()
    }
}

/// `text` cut to `width` columns at a word's end, with "…" when anything was left out.
pub fn fit_words(text: &str, width: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width);
    if text.width() <= width {
        return text.to_string();
    }
    let mut fitted = String::new();
    for word in text.split(' ') {
        let longer = if fitted.is_empty() {
            word.to_string()
        } else {
            format!("{fitted} {word}")
        };
        if longer.width() + 1 > width {
            break;
        }
        fitted = longer;
    }
    if fitted.is_empty() {
        return String::new();
    }
    format!("{}…", fitted.trim_end_matches([' ', '·', ':', ',']))
}

thread_local! {
    /// The key table of the overlay open over the screen, while the frame is drawn.
    static OVERLAY_KEYS: std::cell::Cell<Option<super::keymap::Mode>> =
        const { std::cell::Cell::new(None) };
}

/// Says, for the frame being drawn, which key table an open overlay reads (`None`: no overlay
/// has its own). The screen under it draws the footer of that table: the keys that work now.
/// Set by the app around drawing the screen, as the hit map is (drawing takes `&self`).
pub fn set_overlay_keys(mode: Option<super::keymap::Mode>) {
    OVERLAY_KEYS.with(|m| m.set(mode));
}

/// The key table a screen of `mode` shows in its footer: an open overlay's, else its own.
pub fn footer_mode(mode: super::keymap::Mode) -> super::keymap::Mode {
    OVERLAY_KEYS.with(std::cell::Cell::get).unwrap_or(mode)
}

/// The footer of a mode (or of the overlay open over it), from the key tables, cut to `width`.
pub fn footer(mode: super::keymap::Mode, width: u16) -> String {
    let hints = super::keymap::hints(footer_mode(mode));
    fit_hints(&super::keymap::hint_line(&hints), width)
}

/// The footer of a mode drawn from `area`'s left edge: cut to its width, and each hint a button
/// that does what its key does.
pub fn footer_at(mode: super::keymap::Mode, area: Rect) -> String {
    use unicode_width::UnicodeWidthStr;
    let text = footer(mode, area.width);
    let mut x = area.x;
    let actions = super::keymap::hint_actions(footer_mode(mode));
    for piece in text.split(" · ") {
        let width = piece.width() as u16;
        let pressable = actions
            .iter()
            .find(|(key, hint, _)| piece.trim() == format!("{key} {hint}"))
            .filter(|(_, _, a)| {
                !matches!(
                    a,
                    super::action::Action::Digit(_)
                        | super::action::Action::Down
                        | super::action::Action::Right
                )
            });
        if let Some((_, _, action)) = pressable {
            super::hits::add(
                Rect::new(x, area.y, width, 1),
                super::hits::Hit::Action(action.clone()),
            );
        }
        x += width + 3;
    }
    text
}

/// Records the rows of a list drawn in `area` from item `offset` on, each `heights` tall, so a
/// click picks the item.
pub fn add_rows(area: Rect, offset: usize, heights: &[u16]) {
    let mut y = area.y;
    for (n, height) in heights.iter().enumerate().skip(offset) {
        if y >= area.y + area.height {
            break;
        }
        let rows = (*height).min(area.y + area.height - y);
        super::hits::add(
            Rect::new(area.x, y, area.width, rows),
            super::hits::Hit::Row(n),
        );
        y += rows;
    }
}

/// [`add_rows`] for a table of one-line rows under a one-line header.
pub fn add_table_rows(table: Rect, offset: usize, rows: usize) {
    let body = Rect::new(
        table.x,
        table.y + 1,
        table.width,
        table.height.saturating_sub(1),
    );
    add_rows(body, offset, &vec![1; rows]);
}

/// Adds `hints` after `spans`, cut by [`fit_hints`] to the room left in a row `width` wide.
pub fn push_hints(spans: &mut Vec<Span<'static>>, hints: &str, width: u16) {
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(width).saturating_sub(used);
    let hints = fit_hints(hints, u16::try_from(room).unwrap_or(u16::MAX));
    spans.push(Span::styled(hints, theme::dim()));
}

/// Draws a text field and, when it has the focus, puts the terminal cursor in it.
pub fn render_field(frame: &mut Frame, area: Rect, field: &TextArea, focused: bool) {
    if area.is_empty() {
        return;
    }
    frame.render_widget(field, area);
    if focused {
        let cursor = field.screen_cursor();
        let (top, left) = field.scroll_offset();
        let row = cursor.row.saturating_sub(usize::from(top));
        let col = cursor.col.saturating_sub(usize::from(left));
        if row < usize::from(area.height) && col < usize::from(area.width) {
            super::cursor::place(
                frame,
                Position::new(area.x + col as u16, area.y + row as u16),
            );
        }
    }
}

/// A centred area of at most `width` x `height` cells.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// A bordered popup of `lines` in `area`, scrolled by `scroll`, with `hint` at its foot.
pub fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: u16,
    hint: &str,
) {
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border_focused())
        .title(Span::styled(format!(" {title} "), theme::title()))
        .title_bottom(bottom_title(hint, area.width));
    let inner = block.inner(area);
    let lines = wrap_lines(lines, inner.width);
    let max_scroll = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        area,
    );
}

/// The footer line of a key table: its hints, one after another.
pub fn hints(mode: super::keymap::Mode) -> String {
    super::keymap::hint_line(&super::keymap::hints(mode))
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn hints_that_do_not_fit_whole_are_dropped_from_the_end() {
        let hints = " F1 help · PgDn next · ^Q quit";
        assert_eq!(fit_hints(hints, 40), hints);
        assert_eq!(fit_hints(hints, 22), " F1 help · PgDn next");
        assert_eq!(fit_hints(hints, 21), " F1 help · PgDn next");
        assert_eq!(fit_hints(hints, 19), " F1 help");
        assert_eq!(fit_hints(hints, 3), "");
    }

    #[test]
    fn a_message_is_cut_after_a_whole_word() {
        let message = "“Other product…” picked: type what it is · Enter done";
        assert_eq!(fit_words(message, 80), message);
        assert_eq!(fit_words(message, 30), "“Other product…” picked: type…");
        assert!(fit_words(message, 30).width() <= 30);
        assert_eq!(fit_words(message, 3), "");
    }

    #[test]
    fn hints_wrap_and_fit_by_whole_items() {
        let hints =
            "1 not discussed · 2 not an obstacle · 3 raised · 4 being addressed · 5 resolved";
        let rows = wrap_hints(hints, 56);
        assert_eq!(
            rows,
            [
                "1 not discussed · 2 not an obstacle · 3 raised",
                "4 being addressed · 5 resolved"
            ]
        );
        assert!(rows.iter().all(|r| r.width() <= 56));
        let title = bottom_title(
            " F1 help · 1–9 write · a anonymise · Esc cancel · Ctrl-Q quit ",
            60,
        );
        assert_eq!(
            title.to_string(),
            " F1 help · 1–9 write · a anonymise · Esc cancel "
        );
        assert_eq!(bottom_title("F1 help", 6).to_string(), "");
        assert_eq!(with_optional("abc", "  Space", 9), "abc");
        assert_eq!(with_optional("abc", "  Space", 10), "abc  Space");
    }
}
