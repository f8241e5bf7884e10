//! The customer page's lines, built only where the screen shows them: a customer of thousands
//! of interviews has tens of thousands of lines, and a frame draws a screenful. Every line is
//! still counted (without being built), so the page knows its length.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::DATE;
use crate::customer::History;
use crate::session::Timestamp;
use crate::tui::component::Ctx;
use crate::tui::theme;
use crate::tui::widgets::stage_track;

/// The lines from `skip` on, at most `room` of them; the lines before and after are counted.
pub(super) struct Window {
    skip: usize,
    room: usize,
    seen: usize,
    pub(super) lines: Vec<Line<'static>>,
}

impl Window {
    pub(super) fn new(skip: usize, room: usize) -> Window {
        Window {
            skip,
            room,
            seen: 0,
            lines: Vec::with_capacity(room.min(256)),
        }
    }

    /// A window that shows nothing: it counts the page's lines.
    pub(super) fn counting() -> Window {
        Window::new(usize::MAX, 0)
    }

    /// Lines so far, shown or not.
    pub(super) fn len(&self) -> usize {
        self.seen
    }

    /// Whether one of the next `n` lines is in the window.
    fn wants(&self, n: usize) -> bool {
        self.seen.saturating_add(n) > self.skip && self.seen < self.skip.saturating_add(self.room)
    }

    /// Counts `n` lines without building them.
    fn pass(&mut self, n: usize) {
        self.seen += n;
    }

    /// The next line: kept when in the window.
    pub(super) fn push(&mut self, line: Line<'static>) {
        if self.wants(1) {
            self.lines.push(line);
        }
        self.seen += 1;
    }

    /// Rows of `each` lines, `count` of them: those the window does not show are counted,
    /// those it shows drawn by `draw` (given the row's place).
    pub(super) fn rows(
        &mut self,
        count: usize,
        each: usize,
        mut draw: impl FnMut(usize, &mut Self),
    ) {
        let before = (self.skip.saturating_sub(self.seen) / each.max(1)).min(count);
        self.pass(before * each);
        for at in before..count {
            if !self.wants(each) {
                self.pass((count - at) * each);
                return;
            }
            draw(at, self);
        }
    }

    /// A block of `n` lines built by `draw` only when the window shows one of them.
    fn block(&mut self, n: usize, draw: impl FnOnce(&mut Self)) {
        if self.wants(n) {
            let end = self.seen + n;
            draw(self);
            debug_assert_eq!(self.seen, end, "a block drew other than it said");
        } else {
            self.pass(n);
        }
    }
}

/// One interview's row on the track: what the summaries have, with its band once read.
pub(super) struct Row<'a> {
    pub(super) started: Timestamp,
    pub(super) position: Option<f64>,
    pub(super) band: Option<[f64; 2]>,
    pub(super) label: std::borrow::Cow<'a, str>,
    pub(super) interviewer: &'a str,
}

impl Row<'_> {
    /// Its date and track, then its stage, position and interviewer under them: two lines.
    pub(super) fn draw(&self, ctx: &Ctx, track: u16, out: &mut Window) {
        let date = self.started.format("%Y-%m-%d");
        let mut row = vec![Span::styled(
            format!("{date:<width$}", width = usize::from(DATE)),
            theme::dim(),
        )];
        row.extend(stage_track(ctx.guide, self.position, self.band, track).spans);
        out.push(Line::from(row));
        let at = self
            .position
            .map(|p| format!(" {p:.1}"))
            .unwrap_or_default();
        let who = crate::text::line(self.interviewer).into_owned();
        out.push(Line::styled(
            format!("{:w$}{}{at} · {who}", "", self.label, w = usize::from(DATE)),
            theme::dim(),
        ));
    }
}

/// The moves from each interview to the next, with what changed.
pub(super) fn movement(h: &History, out: &mut Window) {
    if h.movement.is_empty() {
        out.push(Line::styled(
            "One interview so far: movement shows from the second.",
            theme::dim(),
        ));
        out.push(Line::raw(""));
        return;
    }
    out.push(Line::styled("Movement", theme::title()));
    // The moves are from each interview to the next, in order: found by place, not by a
    // search through hundreds of interviews for each.
    let interviews = &h.interviews;
    let date = |at: usize, id: &str| {
        let i = interviews.get(at).filter(|i| i.session == id);
        let i = i.or_else(|| interviews.iter().find(|i| i.session == id));
        i.map_or(id.to_string(), |i| i.started.format("%Y-%m-%d").to_string())
    };
    for (at, m) in h.movement.iter().enumerate() {
        let c = &m.changes;
        let lines = 1 + c.drivers.len() + c.obstacles.len() + usize::from(!c.answers.is_empty());
        out.block(lines, |out| {
            let figure = |p: Option<f64>| p.map_or("—".into(), |p| format!("{p:.1}"));
            out.push(Line::raw(format!(
                "{} → {}  {} {} → {}",
                date(at, &m.session_from),
                date(at + 1, &m.session_to),
                m.movement.label(),
                figure(m.from),
                figure(m.to)
            )));
            for x in c.drivers.iter().chain(&c.obstacles) {
                let line = format!("    {}: {} → {}", x.name, x.from, x.to);
                out.push(Line::styled(line, theme::dim()));
            }
            if !c.answers.is_empty() {
                let n = crate::text::count(c.answers.len(), "answer");
                out.push(Line::styled(format!("    {n} differ"), theme::dim()));
            }
        });
    }
    out.push(Line::raw(""));
}

/// Each milestone and obstacle with what happened to it, folded onto indented lines where the
/// page is too narrow for the whole of it.
pub(super) fn milestones_and_obstacles(h: &History, width: u16, out: &mut Window) {
    out.push(Line::styled("Milestones", theme::title()));
    for m in &h.milestones {
        let words = m.words();
        let parts: Vec<&str> = words.split("; ").collect();
        folded(&format!("{}: ", m.name), &parts, "; ", width, out);
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Obstacles", theme::title()));
    for o in &h.obstacles {
        let mut parts = vec![o.latest.label().to_string()];
        parts.extend(o.words());
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        folded(&format!("{}: ", o.name), &parts, " · ", width, out);
    }
}

/// `head` and the `parts` joined by `between` on one line when it fits in `width`; else each
/// part that does not fit goes on a line of its own, indented under the head.
fn folded(head: &str, parts: &[&str], between: &str, width: u16, out: &mut Window) {
    const INDENT: &str = "    ";
    let width = usize::from(width);
    let mut line = head.to_string();
    let mut empty = true;
    for part in parts {
        let joined = if empty {
            format!("{line}{part}")
        } else {
            format!("{line}{between}{part}")
        };
        if empty || joined.width() <= width {
            line = joined;
        } else {
            out.push(Line::raw(std::mem::take(&mut line)));
            line = format!("{INDENT}{part}");
        }
        empty = false;
    }
    out.push(Line::raw(line));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of two lines and single lines after them, in a window of `room` from `skip`: the
    /// lines kept are exactly those from `skip`, and every line is counted.
    fn page(skip: usize, room: usize) -> (Vec<String>, usize) {
        let mut out = Window::new(skip, room);
        out.push(Line::raw("head"));
        out.rows(5, 2, |at, out| {
            out.push(Line::raw(format!("row {at} a")));
            out.push(Line::raw(format!("row {at} b")));
        });
        for n in 0..3 {
            out.block(2, |out| {
                out.push(Line::raw(format!("block {n} a")));
                out.push(Line::raw(format!("block {n} b")));
            });
        }
        let lines = out.lines.iter().map(|l| l.to_string()).collect();
        (lines, out.len())
    }

    #[test]
    fn a_window_keeps_the_lines_it_shows_and_counts_the_rest() {
        let (all, count) = page(0, usize::MAX);
        assert_eq!(count, 17);
        assert_eq!(all.len(), 17);
        for skip in 0..19 {
            for room in 0..6 {
                let (shown, counted) = page(skip, room);
                let want: Vec<String> = all.iter().skip(skip).take(room).cloned().collect();
                assert_eq!(shown, want, "skip {skip} room {room}");
                assert_eq!(counted, 17);
            }
        }
        let (none, counted) = {
            let mut out = Window::counting();
            out.push(Line::raw("x"));
            out.rows(3, 2, |_, _| panic!("a counting window draws nothing"));
            (out.lines.len(), out.len())
        };
        assert_eq!((none, counted), (0, 7));
    }

    #[test]
    fn a_line_too_wide_folds_its_parts_under_its_name() {
        let fold = |width| {
            let mut out = Window::new(0, usize::MAX);
            let parts = ["resolved", "first raised 2026-01-10", "resolved 2026-03-02"];
            folded("Storage architecture: ", &parts, " · ", width, &mut out);
            out.lines.iter().map(|l| l.to_string()).collect::<Vec<_>>()
        };
        let whole =
            "Storage architecture: resolved · first raised 2026-01-10 · resolved 2026-03-02";
        assert_eq!(fold(200), vec![whole]);
        assert_eq!(
            fold(60),
            vec![
                "Storage architecture: resolved · first raised 2026-01-10",
                "    resolved 2026-03-02",
            ]
        );
        assert_eq!(
            fold(20),
            vec![
                "Storage architecture: resolved",
                "    first raised 2026-01-10",
                "    resolved 2026-03-02",
            ]
        );
        for width in [20, 60, 200] {
            let mut count = Window::counting();
            folded(
                "Storage architecture: ",
                &["a", "b"],
                " · ",
                width,
                &mut count,
            );
            let mut shown = Window::new(0, usize::MAX);
            folded(
                "Storage architecture: ",
                &["a", "b"],
                " · ",
                width,
                &mut shown,
            );
            assert_eq!(count.len(), shown.lines.len());
        }
    }
}
