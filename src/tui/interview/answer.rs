//! The answer widgets of the interview screen: options (with a marker for those out of sight),
//! scale points and the number field.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use ratatui::Frame;

use crate::guide::{AnswerSource as _, Kind, Question};
use crate::session::Value;
use crate::text;
use crate::tui::chrome::{fit_words, render_field};
use crate::tui::hits::{self, Hit};
use crate::tui::interview::digits::digit_of_option;
use crate::tui::interview::{Focus, Interview};
use crate::tui::theme;
use crate::tui::widgets::scroll_start;
use crate::tui::wrap::wrap_line;

pub fn draw_choice(frame: &mut Frame, area: Rect, q: &Question, i: &Interview) {
    let (selected, _) = match i.session().answer(&q.id).and_then(|a| a.value.as_ref()) {
        Some(Value::Choice { selected, other }) => (selected.as_slice(), other.as_deref()),
        _ => (&[][..], None),
    };
    // Each option wraps onto as many rows as it needs; scroll so the cursor's option is in view.
    let options = option_rows(q, i, selected, area.width);
    let has_other = q.options.iter().any(|o| o.other);
    let other_rows = u16::from(has_other) * 2;
    let heights: Vec<u16> = options.iter().map(|rows| rows.len() as u16).collect();
    let needed: u16 = heights.iter().sum();
    let list_rows = needed.min(area.height.saturating_sub(other_rows)).max(1);
    let [list, other_row, _] = Layout::vertical([
        Constraint::Length(list_rows),
        Constraint::Length(other_rows),
        Constraint::Min(0),
    ])
    .areas(area);
    // When not every option fits, the last row says how many are hidden and how many of those
    // are ticked, so nothing picked is out of sight without a marker.
    let overflow = needed > list.height;
    let rows_for_options = if overflow {
        list.height.saturating_sub(1)
    } else {
        list.height
    };
    let first = scroll_start(&heights, i.cursor, rows_for_options);
    let mut y = list.y;
    let mut shown = 0;
    for (option, height) in options.into_iter().zip(&heights).skip(first) {
        let bottom = list.y + rows_for_options;
        if y + height > bottom && (y >= bottom || shown > 0) {
            break;
        }
        let rows = (*height).min(bottom - y);
        let row = Rect::new(list.x, y, list.width, rows);
        frame.render_widget(Paragraph::new(option), row);
        if first + shown == i.cursor && i.focus == Focus::Options {
            crate::tui::cursor::place(frame, row.as_position());
        }
        hits::add(row, Hit::Option(first + shown));
        y += rows;
        shown += 1;
    }
    if overflow && list.height > 0 {
        draw_overflow(frame, list, q, selected, (first, shown));
    }
    if has_other && other_row.height >= 1 {
        draw_other(frame, other_row, i);
    }
}

/// Each option as the rows it wraps onto: the cursor, its mark, its digit and its label.
fn option_rows(
    q: &Question,
    i: &Interview,
    selected: &[String],
    width: u16,
) -> Vec<Vec<Line<'static>>> {
    let in_options = i.focus == Focus::Options;
    q.options
        .iter()
        .enumerate()
        .map(|(n, option)| {
            let picked = selected.contains(&option.id);
            let mark = match (q.kind, picked) {
                (Kind::Multiple, true) => "[x]",
                (Kind::Multiple, false) => "[ ]",
                (_, true) => "(•)",
                (_, false) => "( )",
            };
            let key = digit_of_option(n + 1).map_or("  ".to_string(), |d| format!("{d} "));
            let here = n == i.cursor && in_options;
            let style = if picked {
                theme::picked()
            } else {
                Style::new()
            };
            let mut line = Line::from(vec![
                Span::raw(if here { "▸ " } else { "  " }),
                Span::styled(mark, style),
                Span::raw(" "),
                Span::styled(key, theme::key()),
                Span::styled(text::line(&option.label).into_owned(), style),
            ]);
            if here {
                line = line.style(theme::selected());
            }
            // Continuation rows line up with the label, after "▸ [x] 1 ".
            wrap_line(&line, width, 8)
        })
        .collect()
}

/// The last row when not every option fits: how many are hidden above and below and how many
/// of those are ticked, so nothing picked is out of sight without a marker.
fn draw_overflow(
    frame: &mut Frame,
    list: Rect,
    q: &Question,
    selected: &[String],
    (first, shown): (usize, usize),
) {
    let ticked = |range: std::ops::Range<usize>| {
        q.options[range]
            .iter()
            .filter(|o| selected.contains(&o.id))
            .count()
    };
    let below = q.options.len().saturating_sub(first + shown);
    let mut parts = Vec::new();
    if first > 0 {
        parts.push(format!("▲ {first} above ({} ticked)", ticked(0..first)));
    }
    if below > 0 {
        let from = first + shown;
        parts.push(format!(
            "▼ {below} more ({} ticked)",
            ticked(from..q.options.len())
        ));
    }
    let marker = Line::styled(format!("  {}", parts.join(" · ")), theme::warn());
    frame.render_widget(
        Paragraph::new(marker),
        Rect::new(list.x, list.y + list.height - 1, list.width, 1),
    );
}

/// The "Other:" text field under the options.
fn draw_other(frame: &mut Frame, other_row: Rect, i: &Interview) {
    let label = Span::styled(
        "Other: ",
        if i.focus == Focus::Other {
            theme::key()
        } else {
            theme::dim()
        },
    );
    let [label_area, field] = Layout::horizontal([Constraint::Length(9), Constraint::Min(1)])
        .areas(Rect::new(other_row.x, other_row.y + 1, other_row.width, 1));
    Line::from(vec![Span::raw("  "), label]).render(label_area, frame.buffer_mut());
    render_field(frame, field, &i.other_field, i.focus == Focus::Other);
    hits::add(field, Hit::Field(Focus::Other));
}

pub fn draw_scale(frame: &mut Frame, area: Rect, q: &Question, i: &Interview) {
    let (min, max) = (q.min.unwrap_or(1.0), q.max.unwrap_or(5.0));
    let value = i.session().number(&q.id);
    let mut spans = vec![Span::raw("  ")];
    let mut x = area.x + 2;
    let mut point = min;
    let mut index = 0;
    // Only the points that fit are drawn: the cost never depends on a number from a file.
    while point <= max && x < area.x + area.width {
        let chosen = value == Some(point);
        let here = index == i.cursor && i.focus == Focus::Options;
        let style = match (chosen, here) {
            (true, _) => theme::picked().add_modifier(Modifier::REVERSED),
            (false, true) => theme::selected(),
            _ => Style::new(),
        };
        // The chosen point carries brackets, so it shows without colour too.
        let number = crate::session::format_number(point, "");
        let text = if chosen {
            format!("[{number}]")
        } else {
            format!(" {number} ")
        };
        let width = unicode_width::UnicodeWidthStr::width(text.as_str()) as u16;
        if x + width <= area.x + area.width && area.height > 0 {
            hits::add(Rect::new(x, area.y, width, 1), Hit::Option(index));
            if here {
                crate::tui::cursor::place(frame, ratatui::layout::Position::new(x, area.y));
            }
        }
        x = x.saturating_add(width + 1);
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
        point += 1.0;
        index += 1;
    }
    let mut lines = vec![Line::from(spans)];
    if let (Some(low), Some(high)) = (q.labels.first(), q.labels.last()) {
        lines.push(Line::styled(
            format!("  {} ← → {}", text::line(low), text::line(high)),
            theme::dim(),
        ));
    }
    lines.push(Line::styled(
        "  ← → or a digit sets the point",
        theme::dim(),
    ));
    Paragraph::new(lines).render(area, frame.buffer_mut());
}

pub fn draw_number(frame: &mut Frame, area: Rect, q: &Question, i: &Interview) {
    let focused = i.focus == Focus::AnswerField;
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(area);
    let [prompt, field, unit] = Layout::horizontal([
        Constraint::Length(4),
        Constraint::Length(16),
        Constraint::Min(1),
    ])
    .areas(rows[0]);
    Span::styled("  ▏", if focused { theme::key() } else { theme::dim() })
        .render(prompt, frame.buffer_mut());
    // From the options, typing goes into the number too: the cursor waits there.
    render_field(
        frame,
        field,
        &i.answer_field,
        focused || i.focus == Focus::Options,
    );
    hits::add(field, Hit::Field(Focus::AnswerField));
    Span::raw(format!(" {}", text::line(&q.unit))).render(unit, frame.buffer_mut());
    let width = rows[1].width;
    // A comma is a decimal comma or groups thousands ("2,5", "1,200"): the number it was read
    // as is shown, so "1,2005" (a digit typed after "1,200") is seen as 1.2005 at once.
    let typed = i.answer_field.lines().join("");
    let read = typed
        .contains(',')
        .then(|| crate::session::parse_number(&typed))
        .flatten();
    let hint = match (&i.number_error, read) {
        (Some(e), _) => Line::styled(fit_words(&format!("  {e}"), width), theme::warn()),
        (None, Some(n)) => Line::styled(
            fit_words(
                &format!("  read as {}", crate::session::format_number(n, &q.unit)),
                width,
            ),
            theme::key(),
        ),
        (None, None) => {
            let range = match (q.min, q.max) {
                (Some(a), Some(b)) => format!(
                    " from {} to {}",
                    crate::session::format_number(a, &q.unit),
                    crate::session::format_number(b, &q.unit)
                ),
                _ => String::new(),
            };
            let done = crate::tui::keymap::key_for(
                crate::tui::keymap::Mode::InterviewField { multiline: false },
                &crate::tui::action::Action::Select,
            )
            .unwrap_or_default();
            // Whole parts: the range before the key, else the key alone.
            let fits = |t: &String| {
                unicode_width::UnicodeWidthStr::width(t.as_str()) <= usize::from(width)
            };
            let hint = [
                format!("  a number{range}; {done} when done"),
                format!("  a number{range}"),
                format!("  a number; {done} when done"),
            ]
            .into_iter()
            .find(fits)
            .unwrap_or_else(|| fit_words(&format!("  a number{range}"), width));
            Line::styled(hint, theme::dim())
        }
    };
    hint.render(rows[1], frame.buffer_mut());
}
