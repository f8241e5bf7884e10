//! Drawing the whole frame: the screen, the line of a running sync, then each overlay over it.

use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::App;
use crate::tui::interview::MINIMUM;
use crate::tui::{chrome, cursor, hits, theme};

impl App {
    /// Draws the whole frame for the app's state; never changes it.
    pub fn draw(&self, frame: &mut Frame, now: Instant) {
        let area = frame.area();
        let (min_w, min_h) = MINIMUM;
        if area.width < min_w || area.height < min_h {
            let text = format!(
                "Terminal too small: {}x{}. journey needs at least {min_w}x{min_h}; nothing is lost, resize to go on.",
                area.width, area.height
            );
            frame.render_widget(
                Paragraph::new(Line::styled(text, theme::warn())).wrap(Wrap { trim: true }),
                area,
            );
            cursor::begin_layer();
            cursor::settle(frame, None);
            return;
        }
        hits::clear();
        let ctx = self.ctx(now);
        cursor::begin_layer();
        // The footer under an overlay shows the overlay's keys.
        let keys = self.overlays.iter().rev().find_map(|o| o.mode(&ctx));
        chrome::set_overlay_keys(keys);
        self.screen.component().render(frame, area, &ctx);
        chrome::set_overlay_keys(None);
        if let Some(line) = self.sync_line(now) {
            let row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
            frame.render_widget(ratatui::widgets::Clear, row);
            frame.render_widget(Line::styled(line, theme::key()), row);
        }
        if !self.overlays.is_empty() {
            // Only the top overlay's areas answer a click.
            hits::clear();
        }
        let Some((top, below)) = self.overlays.split_last() else {
            cursor::settle(frame, None);
            return;
        };
        for overlay in below {
            overlay.render(frame, area, &ctx);
        }
        // The cursor goes to the top overlay's focus, among the cells it draws.
        let under = frame.buffer_mut().clone();
        cursor::draw_layer(frame, Some(&under), |frame| top.render(frame, area, &ctx));
    }
}
