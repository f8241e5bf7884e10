//! journey's own widgets, each drawable on a bare buffer.

mod obstacle_checklist;
mod outline;
pub mod reasons;
mod stage_gauge;

pub use obstacle_checklist::ObstacleChecklist;
pub use outline::Outline;
pub use stage_gauge::{labels as stage_labels, track as stage_track, StageGauge};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A bar of `width` cells filled to `ratio` (0.0 to 1.0), with eighth-cell precision.
pub fn bar(ratio: f64, width: u16, fill: Style, empty: Style) -> Line<'static> {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let width = usize::from(width);
    let eighths = (ratio.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let full = eighths / 8;
    let part = EIGHTHS[eighths % 8];
    let used = full + usize::from(!part.is_empty());
    Line::from(vec![
        Span::styled("█".repeat(full), fill),
        Span::styled(part, fill),
        Span::styled("░".repeat(width.saturating_sub(used)), empty),
    ])
}

/// Draws one line at row `y` of `area`, if that row exists.
pub fn put_line(buf: &mut Buffer, area: Rect, y: u16, line: Line) {
    if y < area.height {
        line.render(Rect::new(area.x, area.y + y, area.width, 1), buf);
    }
}

/// The first item to draw so that item `cursor` is in view, about mid-way, with the view as full
/// as the items allow; `heights` are the items' heights in rows.
pub fn scroll_start(heights: &[u16], cursor: usize, height: u16) -> usize {
    let cursor = cursor.min(heights.len().saturating_sub(1));
    if heights.iter().map(|h| u32::from(*h)).sum::<u32>() <= u32::from(height) {
        return 0;
    }
    let mut start = cursor;
    let mut above = 0;
    while start > 0 && above + heights[start - 1] <= height / 2 {
        start -= 1;
        above += heights[start];
    }
    // Near the end, pull the view up so it does not end half empty.
    let mut used: u16 = heights[start..].iter().sum();
    while start > 0 && used + heights[start - 1] <= height {
        start -= 1;
        used += heights[start];
    }
    start
}

#[cfg(test)]
mod tests {
    use super::scroll_start;

    #[test]
    fn short_lists_start_at_the_top() {
        assert_eq!(scroll_start(&[1, 1, 1], 2, 10), 0);
        assert_eq!(scroll_start(&[], 0, 10), 0);
    }

    #[test]
    fn the_cursor_sits_mid_view_and_the_end_fills_the_view() {
        let ten = [1u16; 10];
        assert_eq!(scroll_start(&ten, 0, 4), 0);
        assert_eq!(scroll_start(&ten, 5, 4), 3);
        assert_eq!(scroll_start(&ten, 9, 4), 6);
        assert_eq!(scroll_start(&[2, 2, 2, 2], 3, 5), 2);
    }
}
