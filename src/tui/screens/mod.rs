//! Drawing: one module per screen, all reading the app state and never changing it.

pub mod answer;
pub mod browser;
pub mod code_picker;
pub mod form;
pub mod hints;
pub mod home;
pub mod insights;
pub mod interview;
pub mod jump;
pub mod overlay;
pub mod session_view;
pub mod shape;
pub mod summary;
pub mod trash;

use std::time::Instant;

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use super::app::App;
use super::theme;

/// Draws the whole frame for the app's state.
pub fn draw(frame: &mut Frame, app: &App, now: Instant) {
    let area = frame.area();
    let (min_w, min_h) = interview::MINIMUM;
    if area.width < min_w || area.height < min_h {
        let text = format!(
            "Terminal too small: {}x{}. journey needs at least {min_w}x{min_h}; nothing is lost, resize to go on.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme::warn())).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    super::hits::clear();
    let ctx = crate::tui::component::Ctx {
        guide: &app.guide,
        store: &app.store,
        now,
    };
    app.screen.component().render(frame, area, &ctx);
    if let Some(line) = app.sync_line(now) {
        let row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        frame.render_widget(ratatui::widgets::Clear, row);
        frame.render_widget(Line::styled(line, theme::key()), row);
    }
    if let Some(overlay) = &app.overlay {
        overlay::draw(frame, area, overlay, app);
    }
}

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

/// The footer of a mode, from the key tables, cut to `width`.
pub fn footer(mode: super::keymap::Mode, width: u16) -> String {
    let hints = super::keymap::hints(mode);
    fit_hints(&super::keymap::hint_line(&hints), width)
}

/// The footer of a mode drawn from `area`'s left edge: cut to its width, and each hint a button
/// that does what its key does.
pub fn footer_at(mode: super::keymap::Mode, area: Rect) -> String {
    use unicode_width::UnicodeWidthStr;
    let text = footer(mode, area.width);
    let mut x = area.x;
    let actions = super::keymap::hint_actions(mode);
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
            frame.set_cursor_position(Position::new(area.x + col as u16, area.y + row as u16));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fit_hints;

    #[test]
    fn hints_that_do_not_fit_whole_are_dropped_from_the_end() {
        let hints = " F1 help · PgDn next · ^Q quit";
        assert_eq!(fit_hints(hints, 40), hints);
        assert_eq!(fit_hints(hints, 22), " F1 help · PgDn next");
        assert_eq!(fit_hints(hints, 21), " F1 help · PgDn next");
        assert_eq!(fit_hints(hints, 19), " F1 help");
        assert_eq!(fit_hints(hints, 3), "");
    }
}
