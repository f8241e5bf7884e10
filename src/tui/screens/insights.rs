//! Insights across the sessions the browser shows: stages, obstacles and tactics, triggers,
//! products, value and open follow-ups. Every bar leads to the sessions behind it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::assess::insights::{Bar, FollowUp, Insights, ObstacleInsight};
use crate::guide::Guide;
use crate::text;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::theme;
use crate::tui::widgets::bar;

pub enum Row {
    Heading(String),
    /// A line that cannot be selected ("none recorded").
    Note(String),
    Bar {
        bar: Bar,
        note: String,
        indent: bool,
    },
}

pub struct InsightsView {
    /// The headings and the bars, then the follow-ups' heading.
    pub rows: Vec<Row>,
    /// One row each after `rows`, made only when on screen: at 100,000 sessions there can be
    /// a hundred thousand.
    pub follow_ups: Vec<FollowUp>,
    /// The sessions' ids, which bars and follow-ups name by place.
    ids: Vec<String>,
    pub cursor: usize,
    pub total: usize,
    /// The first row on screen, kept between frames so the list scrolls as the cursor moves.
    offset: std::cell::Cell<usize>,
    /// The rows the screen showed last: a page for PageDown.
    height: std::cell::Cell<usize>,
    /// The width of the widest count with its note, as `bar_item` writes them: worked out once,
    /// the rows never change.
    widest: u16,
}

/// Each obstacle: how often raised and resolved, then the tactics used against it.
fn obstacle_rows(guide: &Guide, obstacles: Vec<ObstacleInsight>) -> Vec<Row> {
    let mut rows = Vec::new();
    for (o, obstacle) in obstacles.into_iter().zip(&guide.obstacles) {
        rows.push(Row::Bar {
            bar: Bar {
                label: obstacle.name.clone(),
                ..o.raised
            },
            note: format!("resolved in {}", o.resolved.count),
            indent: false,
        });
        for t in o.tactics {
            rows.push(Row::Bar {
                bar: t.used,
                note: format!("used; obstacle resolved in {}", t.resolved),
                indent: true,
            });
        }
    }
    rows
}

/// A follow-up's row: the customer and the question, leading to its session.
fn follow_up_bar(f: &FollowUp) -> Bar {
    Bar {
        label: format!("{}: {}", f.customer, f.question),
        count: 1,
        sessions: vec![f.session],
    }
}

impl InsightsView {
    /// The view of `insights`, which it takes: its bars are moved into rows, not copied.
    pub fn new(guide: &Guide, insights: Insights) -> InsightsView {
        let mut rows = vec![Row::Heading(format!(
            "Where the interviews sit ({})",
            crate::text::count(insights.sessions, "interview")
        ))];
        let plain = |bar: Bar| Row::Bar {
            bar,
            note: String::new(),
            indent: false,
        };
        rows.extend(insights.stages.into_iter().map(plain));
        rows.push(Row::Heading(
            "Obstacles raised, and the tactics that worked".into(),
        ));
        rows.extend(obstacle_rows(guide, insights.obstacles));
        for h in insights.highlights {
            rows.push(Row::Heading(h.title));
            if h.bars.is_empty() {
                rows.push(Row::Note("none recorded".into()));
            }
            rows.extend(h.bars.into_iter().map(plain));
        }
        rows.push(Row::Heading(format!(
            "Open follow-ups ({})",
            insights.follow_ups.len()
        )));
        let mut view = InsightsView {
            rows,
            follow_ups: insights.follow_ups,
            ids: insights.ids,
            cursor: 0,
            total: insights.sessions,
            offset: std::cell::Cell::new(0),
            height: std::cell::Cell::new(10),
            widest: 0,
        };
        view.widest = view.widest_count_and_note();
        view.cursor = (0..view.len()).find(|&i| view.selectable(i)).unwrap_or(0);
        view
    }

    /// The width of the widest count with its note, as `bar_item` writes them (follow-ups:
    /// a count of 1, no note).
    fn widest_count_and_note(&self) -> u16 {
        let width = |bar: &Bar, note: &str| {
            let count = bar.count.to_string().len().max(3);
            count
                + if note.is_empty() {
                    0
                } else {
                    2 + note.chars().count()
                }
        };
        let widest = self
            .rows
            .iter()
            .filter_map(|row| match row {
                Row::Bar { bar, note, .. } => Some(width(bar, note)),
                _ => None,
            })
            .max()
            .unwrap_or(3);
        u16::try_from(widest).unwrap_or(u16::MAX)
    }

    /// Rows in all, the follow-ups' included.
    pub fn len(&self) -> usize {
        self.rows.len() + self.follow_ups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn selectable(&self, i: usize) -> bool {
        match self.rows.get(i) {
            Some(row) => matches!(row, Row::Bar { .. }),
            None => i < self.len(),
        }
    }

    fn step(&mut self, forward: bool) {
        let next = if forward {
            (self.cursor + 1..self.len()).find(|&i| self.selectable(i))
        } else {
            (0..self.cursor).rev().find(|&i| self.selectable(i))
        };
        if let Some(i) = next {
            self.cursor = i;
        }
    }

    pub fn update(&mut self, action: Action) -> Option<Nav> {
        match action {
            Action::Up => self.step(false),
            Action::Down => self.step(true),
            Action::PrevQuestion => (0..self.page()).for_each(|_| self.step(false)),
            Action::NextQuestion => (0..self.page()).for_each(|_| self.step(true)),
            Action::First => {
                // The page's top on screen, its heading too; the cursor on its first bar.
                self.offset.set(0);
                self.cursor = 0;
                if !self.selectable(0) {
                    self.step(true);
                }
            }
            Action::Last => {
                self.cursor = self.len().saturating_sub(1);
                if !self.selectable(self.cursor) {
                    self.step(false);
                }
            }
            Action::Select => {
                let bar = match self.rows.get(self.cursor) {
                    Some(Row::Bar { bar, .. }) => Some(bar.clone()),
                    Some(_) => None,
                    None => self
                        .follow_ups
                        .get(self.cursor - self.rows.len())
                        .map(follow_up_bar),
                }?;
                let ids = bar
                    .sessions
                    .iter()
                    .filter_map(|&p| self.ids.get(p as usize))
                    .map(|id| id.as_str().into())
                    .collect();
                return Some(Nav::OnlySessions(bar.label, ids));
            }
            Action::Back => return Some(Nav::Sessions),
            _ => {}
        }
        None
    }

    /// How many rows PageDown moves: a screenful as last drawn, less one kept in view.
    fn page(&self) -> usize {
        self.height.get().saturating_sub(1).max(1)
    }

    /// The rows on a screen of `height`, from the first shown, keeping the cursor in view.
    fn window(&self, height: usize) -> std::ops::Range<usize> {
        self.height.set(height);
        let height = height.max(1);
        let mut offset = self.offset.get().min(self.cursor);
        if self.cursor >= offset + height {
            offset = self.cursor + 1 - height;
        }
        self.offset.set(offset);
        offset..(offset + height).min(self.len())
    }
}

/// The screen while the sessions are read for the insights.
pub fn draw_reading(frame: &mut Frame, area: Rect, sessions: usize) {
    let [main, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border_focused())
        .title(Span::styled(" Insights ", theme::title()));
    frame.render_widget(
        Paragraph::new(format!(
            "Reading the {} shown…",
            crate::text::count(sessions, "session")
        ))
        .block(block),
        main,
    );
    draw_footer(frame, foot);
}

fn draw_footer(frame: &mut Frame, foot: Rect) {
    frame.render_widget(
        Paragraph::new(Line::styled(
            crate::tui::chrome::footer_at(crate::tui::keymap::Mode::Insights, foot),
            theme::dim(),
        )),
        foot,
    );
}

/// A counted row: its label, a bar of its share of the sessions, the count and a note.
fn bar_item(
    b: &Bar,
    note: &str,
    indent: bool,
    (label_width, bar_width): (u16, u16),
    total: usize,
) -> ListItem<'static> {
    let label = format!(
        "{}{}",
        if indent { "   " } else { " " },
        text::line(&b.label)
    );
    let label = text::truncate(&label, usize::from(label_width));
    let pad = usize::from(label_width)
        .saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()));
    let ratio = if total == 0 {
        0.0
    } else {
        b.count as f64 / total as f64
    };
    let mut spans = vec![Span::raw(format!("{label}{} ", " ".repeat(pad)))];
    spans.extend(bar(ratio, bar_width, theme::gauge_fill(), theme::dim()).spans);
    spans.push(Span::raw(format!(" {:>3}", b.count)));
    if !note.is_empty() {
        spans.push(Span::styled(format!("  {note}"), theme::dim()));
    }
    ListItem::new(Line::from(spans))
}

pub fn draw(frame: &mut Frame, area: Rect, view: &InsightsView) {
    let [list_area, foot] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border_focused())
        .title(Span::styled(
            format!(" Insights · {} ", crate::text::count(view.total, "session")),
            theme::title(),
        ));
    let inner = block.inner(list_area);
    // Room first for the bar's smallest width and the widest count and note: a number cut
    // short would be read as another number; a label cut short ends in "…".
    let rest = 2 + view.widest;
    let label_width = (inner.width / 2)
        .clamp(10, 48)
        .min(inner.width.saturating_sub(rest + 4).max(10));
    let bar_width = inner.width.saturating_sub(label_width + rest).max(4);
    let shown = view.window(usize::from(inner.height));
    let widths = (label_width, bar_width);
    let items: Vec<ListItem> = shown
        .clone()
        .map(|i| match view.rows.get(i) {
            Some(Row::Heading(h)) => {
                ListItem::new(Line::styled(text::line(h).into_owned(), theme::title()))
            }
            Some(Row::Note(n)) => {
                ListItem::new(Line::styled(format!("   {}", text::line(n)), theme::dim()))
            }
            Some(Row::Bar {
                bar: b,
                note,
                indent,
            }) => bar_item(b, note, *indent, widths, view.total),
            None => {
                let f = &view.follow_ups[i - view.rows.len()];
                bar_item(&follow_up_bar(f), "", true, widths, view.total)
            }
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(view.cursor - shown.start));
    frame.render_stateful_widget(
        List::new(items)
            .block(block)
            .highlight_style(theme::selected()),
        list_area,
        &mut state,
    );
    draw_footer(frame, foot);
}
