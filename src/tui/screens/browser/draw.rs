//! Drawing the session browser: the filter line, the table of sessions and the footer.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{Browser, Column};
use crate::guide::Guide;
use crate::text;
use crate::tui::interview::clock;
use crate::tui::theme;

pub fn draw(frame: &mut Frame, area: Rect, guide: &Guide, b: &Browser) {
    let [head, search, filters, table, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    frame.render_widget(
        Line::from(vec![
            Span::styled("Sessions", theme::title()),
            Span::styled(
                format!("  {} of {} shown", b.visible.len(), b.entries.len()),
                theme::dim(),
            ),
            Span::styled(
                if b.searching() {
                    " · reading the sessions to search…"
                } else {
                    ""
                },
                theme::dim(),
            ),
            Span::styled(
                if b.problems.is_empty() {
                    String::new()
                } else {
                    format!(" · {} unreadable", b.problems.len())
                },
                theme::warn(),
            ),
        ]),
        head,
    );
    let [label, field] =
        Layout::horizontal([Constraint::Length(3), Constraint::Min(1)]).areas(search);
    frame.render_widget(
        Span::styled(" / ", if b.typing { theme::key() } else { theme::dim() }),
        label,
    );
    crate::tui::chrome::render_field(frame, field, &b.query, b.typing);
    frame.render_widget(Line::from(b.filters(guide)), filters);

    // Only the rows on screen are made (the table scrolls as a fresh table state would: the
    // cursor's row last once it is past the first screen), whatever the number of sessions.
    let height = usize::from(table.height.saturating_sub(1)).max(1);
    let start = b.cursor.saturating_sub(height - 1);
    let end = (start + height).min(b.rows());
    let session_row = |e: &crate::session::Summary| {
        let obstacles: Vec<&str> = e
            .obstacles_raised
            .iter()
            .map(|id| guide.obstacle(id).map_or(id.as_str(), |o| o.short_name()))
            .collect();
        Row::new(vec![
            Cell::from(e.started.format("%Y-%m-%d %H:%M").to_string()),
            Cell::from(text::line(&e.customer).into_owned()),
            Cell::from(text::line(&e.participant).into_owned()),
            Cell::from(text::line(&e.interviewer).into_owned()),
            // A session with conflicts after a team sync says so where its status is.
            if e.conflicts > 0 {
                Cell::from(Span::styled("⚠ conflict".to_string(), theme::warn()))
            } else {
                Cell::from(e.status().label())
            },
            Cell::from(crate::assess::short_stage_label(
                guide,
                e.stage.as_deref(),
                e.between.as_ref(),
            )),
            Cell::from(obstacles.join(", ")),
            Cell::from(clock(std::time::Duration::from_secs(e.elapsed_seconds))),
        ])
    };
    let problem_row = |(file, reason): &(String, String)| {
        Row::new(vec![
            Cell::from("⚠ unreadable"),
            Cell::from(text::line(file).into_owned()),
            Cell::from(""),
            Cell::from(""),
            Cell::from(""),
            Cell::from("Enter: why"),
            Cell::from(text::line(reason).into_owned()),
        ])
        .style(theme::warn())
    };
    let rows: Vec<Row> = (start..end)
        .map(|i| match b.visible.get(i) {
            Some(&e) => session_row(&b.entries[e]),
            None => problem_row(&b.problems[i - b.visible.len()]),
        })
        .collect();
    let header = Row::new(Column::ALL.iter().map(|c| {
        let arrow = if *c == b.sort {
            if b.descending {
                " ▼"
            } else {
                " ▲"
            }
        } else {
            ""
        };
        Cell::from(format!("{}{arrow}", c.title()))
    }))
    .style(theme::title());
    // Narrow terminals keep the date, customer, status, stage and time.
    let widths = if area.width >= 100 {
        [
            Constraint::Length(16),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(11),
            Constraint::Length(18),
            Constraint::Length(19),
            Constraint::Length(8),
        ]
    } else {
        [
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Length(0),
            Constraint::Length(0),
            Constraint::Length(11),
            Constraint::Length(12),
            Constraint::Length(0),
            Constraint::Length(7),
        ]
    };
    let mut state = TableState::default().with_selected(b.cursor.checked_sub(start));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme::selected()),
        table,
        &mut state,
    );
    crate::tui::chrome::add_table_rows(table, start + state.offset(), b.rows());
    let mode = if b.typing {
        crate::tui::keymap::Mode::Search
    } else {
        crate::tui::keymap::Mode::Browser
    };
    let hint = crate::tui::chrome::footer_at(mode, foot);
    frame.render_widget(Paragraph::new(Line::styled(hint, theme::dim())), foot);
}
