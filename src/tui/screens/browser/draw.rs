//! Drawing the session browser: the filter line, the table of sessions and the footer.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

use super::{Browser, Column};
use crate::guide::Guide;
use crate::text;
use crate::tui::action::Action;
use crate::tui::interview::clock;
use crate::tui::keymap::{key_for, Mode};
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
    let widths = column_widths(area.width, table.width);
    frame.render_widget(head_line(b, &widths), head);
    let [label, field] =
        Layout::horizontal([Constraint::Length(3), Constraint::Min(1)]).areas(search);
    frame.render_widget(
        Span::styled(" / ", if b.typing { theme::key() } else { theme::dim() }),
        label,
    );
    crate::tui::chrome::render_field(frame, field, &b.query, b.typing);
    frame.render_widget(Line::from(filter_spans(b, guide)), filters);
    render_table(frame, table, guide, b, &widths);
    if b.visible.is_empty() && !b.searching() && !b.first_read {
        render_none_shown(frame, table, guide, b);
    }
    let mode = if b.typing {
        crate::tui::keymap::Mode::Search
    } else {
        crate::tui::keymap::Mode::Browser
    };
    let hint = crate::tui::chrome::footer_at(mode, foot);
    frame.render_widget(Paragraph::new(Line::styled(hint, theme::dim())), foot);
}

/// The title, the counts, and the sort when its column is too narrow to be shown.
fn head_line(b: &Browser, widths: &[u16]) -> Line<'static> {
    let hidden_sort = Column::ALL
        .iter()
        .zip(widths)
        .find(|(c, w)| **c == b.sort && **w == 0)
        .map(|(c, _)| format!(" · {}{}", c.title(), arrow(b)));
    Line::from(vec![
        Span::styled("Sessions", theme::title()),
        Span::styled(
            if b.first_read {
                "  reading the sessions for the first time…".to_string()
            } else {
                format!("  {} of {} shown", b.visible.len(), b.entries.len())
            },
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
        Span::styled(hidden_sort.unwrap_or_default(), theme::dim()),
    ])
}

fn arrow(b: &Browser) -> &'static str {
    if b.descending {
        " ▼"
    } else {
        " ▲"
    }
}

/// Each column's width in a table `width` wide, as the table lays them out (one space between
/// columns). Narrow terminals keep the date, customer, status, stage and time; from 100 columns
/// the interviewer, the open obstacles and the hour join them, and from 120 the participant.
fn column_widths(screen: u16, width: u16) -> Vec<u16> {
    let widths = if screen >= 100 {
        // Below 120 columns the participant gives way, so the customer keeps a readable width.
        let participant = if screen >= 120 {
            Constraint::Fill(2)
        } else {
            Constraint::Length(0)
        };
        [
            Constraint::Length(16),
            Constraint::Fill(3),
            participant,
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
            // "IT Prod → Biz Prod", the longest short stage label, whole from 80 columns.
            Constraint::Length(if screen >= 80 { 18 } else { 12 }),
            Constraint::Length(0),
            Constraint::Length(7),
        ]
    };
    Layout::horizontal(widths)
        .flex(Flex::Start)
        .spacing(1)
        .split(Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| r.width)
        .collect()
}

/// The header: each column's title, the sorted one with its arrow, cut so the arrow shows.
fn header_row(b: &Browser, widths: &[u16]) -> Row<'static> {
    Row::new(Column::ALL.iter().zip(widths).map(|(c, w)| {
        if *c != b.sort {
            return Cell::from(text::truncate(c.title(), usize::from(*w)));
        }
        let arrow = arrow(b);
        let room = usize::from(*w).saturating_sub(unicode_width::UnicodeWidthStr::width(arrow));
        Cell::from(format!("{}{arrow}", text::truncate(c.title(), room)))
    }))
    .style(theme::title())
}

/// Column `c`'s width in `widths` (as `column_widths` gives them).
fn width(widths: &[u16], c: Column) -> usize {
    usize::from(widths.get(c as usize).copied().unwrap_or(0))
}

/// One session's row; a text too long for its column ends in "…" rather than at the edge.
fn session_row(guide: &Guide, e: &crate::index::Summary, widths: &[u16]) -> Row<'static> {
    let cut = |c: Column, s: &str| Cell::from(text::truncate(&text::line(s), width(widths, c)));
    let obstacles: Vec<&str> = e
        .obstacles_open
        .iter()
        .map(|id| guide.obstacle(id).map_or(&**id, |o| o.short_name()))
        .collect();
    Row::new(vec![
        Cell::from(e.started.format("%Y-%m-%d %H:%M").to_string()),
        cut(Column::Customer, &e.customer),
        cut(Column::Participant, &e.participant),
        cut(Column::Interviewer, &e.interviewer),
        // A session with conflicts after a team sync says so where its status is.
        if e.conflicts > 0 {
            Cell::from(Span::styled("⚠ conflict".to_string(), theme::warn()))
        } else {
            Cell::from(e.status().label())
        },
        cut(
            Column::Stage,
            &crate::assess::short_stage_label(guide, e.stage.as_deref(), e.between.as_ref()),
        ),
        cut(Column::Obstacles, &obstacles.join(", ")),
        Cell::from(clock(std::time::Duration::from_secs(e.elapsed_seconds))),
    ])
}

/// An unreadable file's row: what it is, its name, where to read why, and why when there is room.
fn problem_row((file, reason): &(String, String), widths: &[u16]) -> Row<'static> {
    let cut = |c: Column, s: &str| Cell::from(text::truncate(&text::line(s), width(widths, c)));
    let why = format!(
        "{}: why",
        key_for(Mode::Browser, &Action::Select).unwrap_or_default()
    );
    // The mark goes before the file's name where the date column is too narrow for both words.
    let (what, name) =
        if width(widths, Column::Date) >= unicode_width::UnicodeWidthStr::width("⚠ unreadable") {
            ("⚠ unreadable", file.to_string())
        } else {
            ("unreadable", format!("⚠ {file}"))
        };
    Row::new(vec![
        Cell::from(what),
        cut(Column::Customer, &name),
        Cell::from(""),
        Cell::from(""),
        Cell::from(""),
        cut(Column::Stage, &why),
        cut(Column::Obstacles, reason),
    ])
    .style(theme::warn())
}

/// The sessions shown, then the unreadable files. Only the rows on screen are made (the table
/// scrolls as a fresh table state would: the cursor's row last once it is past the first
/// screen), whatever the number of sessions.
fn render_table(frame: &mut Frame, table: Rect, guide: &Guide, b: &Browser, widths: &[u16]) {
    let height = usize::from(table.height.saturating_sub(1)).max(1);
    let start = b.cursor.saturating_sub(height - 1);
    let end = (start + height).min(b.rows());
    let rows: Vec<Row> = (start..end)
        .map(|i| match b.visible.get(i) {
            Some(&e) => session_row(guide, &b.entries[e], widths),
            None => problem_row(&b.problems[i - b.visible.len()], widths),
        })
        .collect();
    let mut state = TableState::default().with_selected(b.cursor.checked_sub(start));
    let lengths = widths.iter().map(|w| Constraint::Length(*w));
    frame.render_stateful_widget(
        Table::new(rows, lengths)
            .header(header_row(b, widths))
            .row_highlight_style(theme::selected()),
        table,
        &mut state,
    );
    crate::tui::chrome::add_table_rows(table, start + state.offset(), b.rows());
}

/// Says why the table has no session in it: none yet, or none the filter keeps (and which).
fn render_none_shown(frame: &mut Frame, table: Rect, guide: &Guide, b: &Browser) {
    let below = 1 + u16::try_from(b.problems.len()).unwrap_or(u16::MAX);
    if below >= table.height {
        return;
    }
    let area = Rect {
        y: table.y + below,
        height: table.height - below,
        ..table
    };
    let message = if b.entries.is_empty() {
        "No sessions yet.".to_string()
    } else {
        let mut what = b.filter.describe(guide);
        if let Some((label, _)) = &b.only {
            what.push(format!("only {}", text::line(label)));
        }
        format!("No sessions match: {}.", text::line(&what.join(", ")))
    };
    frame.render_widget(
        Paragraph::new(Line::styled(message, theme::warn())).wrap(Wrap { trim: true }),
        area,
    );
}

/// What the filters are, in words.
fn filter_spans(b: &Browser, guide: &Guide) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut add = |key: &str, what: String| {
        spans.push(Span::styled(format!(" {key}: "), theme::key()));
        spans.push(Span::raw(format!("{what}  ")));
    };
    let stage = match &b.filter.stage {
        None => "all stages".to_string(),
        Some(None) => "no evidence yet".to_string(),
        Some(Some(id)) => crate::assess::stage_name(guide, id).to_string(),
    };
    add("g", stage);
    add(
        "t",
        b.filter
            .status
            .map_or("any status".to_string(), |s| s.label().to_string()),
    );
    add(
        "i",
        b.filter
            .interviewer
            .as_ref()
            .map_or("any interviewer".to_string(), |i| {
                if i.is_empty() {
                    "(no interviewer)".into()
                } else {
                    text::line(i).into_owned()
                }
            }),
    );
    if let Some((label, ids)) = &b.only {
        spans.push(Span::styled(
            format!(
                "  only {}: {} ({})",
                crate::text::count(ids.len(), "session"),
                text::line(label),
                key_for(Mode::Browser, &Action::Back).unwrap_or_default()
            ),
            theme::warn(),
        ));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(screen: u16, c: Column) -> u16 {
        column_widths(screen, screen)[c as usize]
    }

    #[test]
    fn columns_give_way_in_order_as_the_terminal_narrows() {
        let stage = "IT Prod → Biz Prod";
        assert!(usize::from(width(80, Column::Stage)) >= stage.chars().count());
        assert!(usize::from(width(120, Column::Stage)) >= stage.chars().count());
        for screen in [60, 80, 100, 120, 200] {
            let sum: u16 = column_widths(screen, screen).iter().sum();
            assert!(sum + 7 <= screen, "{screen}: {sum}");
            assert!(width(screen, Column::Customer) >= 12, "{screen}");
        }
        for screen in [60, 80, 99] {
            assert_eq!(width(screen, Column::Interviewer), 0);
            assert_eq!(width(screen, Column::Obstacles), 0);
        }
        for screen in [100, 119] {
            assert_eq!(width(screen, Column::Participant), 0);
            assert!(width(screen, Column::Interviewer) > 0);
            assert!(width(screen, Column::Customer) > width(screen, Column::Interviewer));
        }
        assert!(width(120, Column::Participant) > 0);
    }
}
