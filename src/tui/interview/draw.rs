//! The interview screen: outline, question with its answer widget and notes, the stage gauge
//! and the obstacle checklist; folded into tabs on small terminals.

use std::time::Instant;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use ratatui::Frame;

use crate::guide::{Guide, Kind, Question};
use crate::session::AnswerState;
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::chrome::render_field;
use crate::tui::interview::{clock, Focus, Interview, Panel};
use crate::tui::keymap;
use crate::tui::theme;
use crate::tui::widgets::{ObstacleChecklist, Outline, StageGauge};
use crate::tui::wrap::wrap_lines;

use super::shape::{self, Shape};
pub use super::shape::{FULL, MEDIUM};
/// Below this, journey says the terminal is too small.
pub const MINIMUM: (u16, u16) = (40, 12);

pub fn draw(frame: &mut Frame, area: Rect, guide: &Guide, i: &Interview, now: Instant) {
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    draw_footer(frame.buffer_mut(), footer, guide, i, now);
    let layout = Shape::at(area.width, area.height, i.panels_hidden);
    shape::drawn(layout);
    if layout == Shape::Alone {
        draw_question(frame, body, guide, i, now);
    } else if layout == Shape::Columns {
        // The side columns grow with the terminal, the question keeps the most room.
        let outline_width = (area.width * 25 / 100).clamp(30, 56);
        let side_width = (area.width * 26 / 100).clamp(34, 56);
        let [outline, middle, side] = Layout::horizontal([
            Constraint::Length(outline_width),
            Constraint::Min(40),
            Constraint::Length(side_width),
        ])
        .areas(body);
        draw_outline(frame, outline, guide, i);
        draw_question(frame, middle, guide, i, now);
        draw_side(frame, side, guide, i, true);
    } else if layout == Shape::Side {
        let [middle, side] =
            Layout::horizontal([Constraint::Min(40), Constraint::Length(34)]).areas(body);
        draw_question(frame, middle, guide, i, now);
        draw_side(frame, side, guide, i, false);
    } else {
        let [tabs, strip, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(body);
        draw_tabs(frame.buffer_mut(), tabs, i.panel);
        draw_strip(frame.buffer_mut(), strip, guide, i);
        match i.panel {
            Panel::Question => draw_question(frame, rest, guide, i, now),
            Panel::Gauge => {
                let block = panel_block("Stage", false);
                let inner = block.inner(rest);
                frame.render_widget(block, rest);
                frame.render_widget(gauge(guide, i), inner);
            }
            Panel::Obstacles => {
                let set = keymap::interview_key(&Action::Command(Command::Obstacles));
                let title = format!("Obstacles · {set} to set");
                let block = panel_block(&title, false);
                let inner = block.inner(rest);
                frame.render_widget(block, rest);
                frame.render_widget(ObstacleChecklist::new(guide, &i.assessment), inner);
            }
            Panel::Outline => draw_outline(frame, rest, guide, i),
        }
    }
}

/// The stage gauge of the interview, with what to ask next.
fn gauge<'a>(guide: &'a Guide, i: &'a Interview) -> StageGauge<'a> {
    let key = keymap::interview_key(&Action::Command(Command::AskNext));
    let gauge = StageGauge::new(guide, &i.assessment);
    if i.read_only().is_some() {
        gauge
    } else {
        gauge.ask_next(key)
    }
}

fn panel_block(title: &str, focused: bool) -> Block<'_> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme::border_focused()
        } else {
            theme::border()
        })
        .title(Span::styled(format!(" {title} "), theme::title()))
}

fn draw_outline(frame: &mut Frame, area: Rect, guide: &Guide, i: &Interview) {
    let (done, total) = i.progress(guide);
    let block = panel_block("Outline", false)
        .title_bottom(Line::styled(format!(" {done}/{total} "), theme::dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Outline::new(guide, i.session(), i.index), inner);
}

/// The gauge above the checklist; `roomy` shows the tactics too.
fn draw_side(frame: &mut Frame, area: Rect, guide: &Guide, i: &Interview, roomy: bool) {
    let gauge = gauge(guide, i);
    let gauge_height =
        (gauge.height(area.width.saturating_sub(2)) + 2).min(area.height.saturating_sub(5));
    let [top, bottom] =
        Layout::vertical([Constraint::Length(gauge_height), Constraint::Min(0)]).areas(area);
    let reasons = keymap::interview_key(&Action::Command(Command::Reasons));
    let block = panel_block("Stage", false)
        .title_bottom(Line::styled(format!(" {reasons} reasons "), theme::dim()));
    let inner = block.inner(top);
    frame.render_widget(block, top);
    frame.render_widget(gauge, inner);
    let set = keymap::interview_key(&Action::Command(Command::Obstacles));
    let block = panel_block("Obstacles", false)
        .title_bottom(Line::styled(format!(" {set} set by hand "), theme::dim()));
    let inner = block.inner(bottom);
    frame.render_widget(block, bottom);
    let checklist = ObstacleChecklist::new(guide, &i.assessment);
    let fits = checklist.height() <= inner.height;
    frame.render_widget(checklist.tactics(roomy && fits), inner);
}

fn draw_tabs(buf: &mut Buffer, area: Rect, current: Panel) {
    let mut spans = Vec::new();
    for panel in Panel::ALL {
        let style = if panel == current {
            theme::selected()
        } else {
            theme::dim()
        };
        spans.push(Span::styled(format!(" {} ", panel.label()), style));
    }
    let panel = keymap::interview_key(&Action::Command(Command::Panel));
    spans.push(Span::styled(format!(" {panel}: switch"), theme::dim()));
    Line::from(spans).render(area, buf);
}

/// One line with the stage and the obstacle statuses, for narrow terminals.
fn draw_strip(buf: &mut Buffer, area: Rect, guide: &Guide, i: &Interview) {
    let mut spans = vec![
        Span::styled("Stage: ", theme::dim()),
        Span::styled(i.assessment.stage_label(guide), theme::title()),
        Span::raw("  "),
    ];
    for o in &i.assessment.obstacles {
        let (glyph, style) = theme::obstacle(o.status);
        let initial: String = o.name.chars().take(4).collect();
        spans.push(Span::styled(format!("{glyph}{initial} "), style));
    }
    Line::from(spans).render(area, buf);
}

fn draw_question(frame: &mut Frame, area: Rect, guide: &Guide, i: &Interview, now: Instant) {
    let Some((section, q)) = i.question(guide) else {
        return;
    };
    let notes_height = (area.height / 4).clamp(5, 10);
    let [top, notes] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(notes_height)]).areas(area);
    let (title, flags) = question_title(guide, i, &section.title, &q.id, top.width);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(if i.focus == Focus::Notes {
            theme::border()
        } else {
            theme::border_focused()
        })
        .title(Span::styled(title, theme::title()))
        .title(Line::from(flags).right_aligned());
    let inner = block.inner(top);
    frame.render_widget(block, top);

    let mut head = vec![Line::styled(
        text::line(&q.text).into_owned(),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    head.extend(
        q.probes
            .iter()
            .map(|p| Line::styled(format!("  › {}", text::line(p)), theme::probe())),
    );
    let head = wrap_lines(head, inner.width);
    let head_height = (head.len() as u16).min(inner.height / 2);
    let head = Paragraph::new(head);
    let [head_area, focus_area, answer_area, status_area] = Layout::vertical([
        Constraint::Length(head_height),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    draw_focus(frame.buffer_mut(), focus_area, guide, i);
    frame.render_widget(head, head_area);
    match q.kind {
        Kind::Single | Kind::Multiple => super::answer::draw_choice(frame, answer_area, q, i),
        Kind::Scale => super::answer::draw_scale(frame, answer_area, q, i),
        Kind::Number => super::answer::draw_number(frame, answer_area, q, i),
        Kind::Text => draw_text(frame, answer_area, i),
    }
    draw_status(frame.buffer_mut(), status_area, q, i, now);
    draw_notes(frame, notes, i, &q.id);
}

/// The question box's title (section, question number, how many done) cut by whole parts,
/// and its flags (follow-up, read-only).
fn question_title(
    guide: &Guide,
    i: &Interview,
    section: &str,
    question: &str,
    width: u16,
) -> (String, Vec<Span<'static>>) {
    let (done, total) = i.progress(guide);
    let number = i.index + 1;
    let answer = i.session().answer(question);
    let mut flags = Vec::new();
    if answer.is_some_and(|a| a.follow_up) {
        flags.push(Span::styled(" ⚑ follow-up ", theme::warn()));
    }
    if i.read_only().is_some() {
        flags.push(Span::styled(" READ-ONLY ", theme::warn()));
    }
    // The title keeps whole parts: the counts go before a number would be cut in half.
    let room = usize::from(width.saturating_sub(4))
        .saturating_sub(flags.iter().map(Span::width).sum::<usize>());
    let parts = [
        format!(" {} ", text::line(section)),
        format!("question {number} of {} ", guide.question_count()),
        format!("· {done}/{total} done "),
    ];
    let mut title = String::new();
    for (n, part) in parts.iter().enumerate() {
        let fits = unicode_width::UnicodeWidthStr::width(format!("{title}{part}").as_str()) <= room;
        if fits {
            title.push_str(part);
        } else if n == 0 {
            title = crate::text::truncate(part, room);
        } else {
            break;
        }
    }
    (title, flags)
}

/// A text answer: its field, with a rule at its left.
fn draw_text(frame: &mut Frame, area: Rect, i: &Interview) {
    let block =
        Block::new()
            .borders(Borders::LEFT)
            .border_style(if i.focus == Focus::AnswerField {
                theme::border_focused()
            } else {
                theme::border()
            });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // From the options, typing goes into the answer: the cursor waits there.
    let typing_here = matches!(i.focus, Focus::AnswerField | Focus::Options);
    render_field(frame, inner, &i.answer_field, typing_here);
    crate::tui::hits::add(inner, crate::tui::hits::Hit::Field(Focus::AnswerField));
}

fn draw_status(buf: &mut Buffer, area: Rect, q: &Question, i: &Interview, now: Instant) {
    let answer = i.session().answer(&q.id);
    let state = answer.map_or(AnswerState::NotAsked, |a| a.state);
    let (glyph, style) = theme::answer(state);
    let mut spent = answer.map_or(0, |a| a.seconds_spent);
    spent += now
        .saturating_duration_since(i.open.accounted_at())
        .as_secs();
    let mut spans = vec![Span::styled(format!("{glyph} {}", state.label()), style)];
    // Two copies disagree on this answer (a team sync): say so where the answer's state is,
    // before the time, so no width cuts it. On the metadata (no question shows it), say so on
    // every question until it is resolved.
    if let Some(c) = i.session().conflict_at_hand(&q.id) {
        let key = keymap::interview_key(&Action::Command(Command::Resolve));
        let on = crate::session::META_PREFIX;
        let what = match c.question.strip_prefix(on) {
            Some(f) => format!(" of the {}", text::line(f)),
            None if !c.on.is_answer() => " of the notes".to_string(),
            None => String::new(),
        };
        spans.push(Span::styled(
            format!(" · ⚠ {} versions{what}: {key}", c.versions.len()),
            theme::warn(),
        ));
    }
    spans.push(Span::styled(
        format!(
            " · {} on this question",
            clock(std::time::Duration::from_secs(spent))
        ),
        theme::dim(),
    ));
    let quotes = answer.map_or(0, |a| a.quotes.len());
    if quotes > 0 {
        spans.push(Span::styled(format!(" · ❝ {quotes}"), theme::probe()));
    }
    // Whole parts: the last ones go when the line is too narrow, none is cut.
    while spans.len() > 1 && spans.iter().map(Span::width).sum::<usize>() > usize::from(area.width)
    {
        spans.pop();
    }
    Line::from(spans).render(area, buf);
}

/// Where the next keystroke goes: a marked line above the answer, so nobody types blind.
fn draw_focus(buf: &mut Buffer, area: Rect, guide: &Guide, i: &Interview) {
    let label = match i.read_only() {
        Some(why) => format!("nothing typed here is kept · {}", text::line(why)),
        None => i.focus_label(guide),
    };
    // Cut by whole items, never mid-word.
    let label = crate::tui::chrome::fit_hints(&label, area.width.saturating_sub(5));
    Line::from(vec![
        Span::styled("⌨ ", theme::key()),
        Span::styled(format!(" {label} "), theme::selected()),
    ])
    .render(area, buf);
}

fn draw_notes(frame: &mut Frame, area: Rect, i: &Interview, question: &str) {
    let focused = i.focus == Focus::Notes;
    let title = if focused {
        "Notes ✎ typing here"
    } else {
        "Notes"
    };
    let key = |c: Command| keymap::interview_key(&Action::Command(c));
    let keys = format!(
        "{} time · {} quote ",
        key(Command::Timestamp),
        key(Command::Quote)
    );
    let block = panel_block(title, focused).title(Span::styled(keys, theme::dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    crate::tui::hits::add(area, crate::tui::hits::Hit::Field(Focus::Notes));
    let quotes: Vec<&String> = i
        .session()
        .answer(question)
        .map_or(&[][..], |a| a.quotes.as_slice())
        .iter()
        .rev()
        .take(usize::from(inner.height / 3))
        .collect();
    let [field, quote_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(quotes.len() as u16)])
            .areas(inner);
    render_field(frame, field, &i.notes_field, focused);
    let lines: Vec<Line> = quotes
        .into_iter()
        .rev()
        .map(|q| Line::styled(format!("❝ {}", text::line(q)), theme::probe()))
        .collect();
    Paragraph::new(Text::from(lines)).render(quote_area, frame.buffer_mut());
}

fn draw_footer(buf: &mut Buffer, area: Rect, guide: &Guide, i: &Interview, now: Instant) {
    let (done, total) = i.progress(guide);
    let save = if i.read_only().is_some() {
        Span::styled(" read-only ", theme::warn())
    } else if let Some(e) = &i.open.saver.error {
        Span::styled(
            format!(" NOT SAVED: {} (retrying) ", text::line(e)),
            theme::error(),
        )
    } else if i.open.saver.is_dirty() {
        Span::styled(" saving… ", theme::dim())
    } else {
        let at = i.open.saver.last_saved.unwrap_or(i.session().meta.updated);
        Span::styled(format!(" saved {} ", at.format("%H:%M:%S")), theme::ok())
    };
    let mut spans = vec![
        Span::styled(format!(" ⏱ {} ", clock(i.elapsed(now))), theme::title()),
        save,
        Span::styled(format!(" {done}/{total} "), theme::dim()),
    ];
    let used: u16 = spans.iter().map(|s| s.width() as u16).sum::<u16>() + 2;
    match i.flash_text(now) {
        // A message too long for the footer ends after a whole word.
        Some(message) => spans.push(Span::styled(
            format!(
                " {} ",
                crate::tui::chrome::fit_words(
                    &text::line(message),
                    area.width.saturating_sub(used)
                )
            ),
            theme::warn(),
        )),
        None => {
            // A conflict at hand: the footer names the key that keeps a version first.
            let here = i.question(guide).map(|(_, q)| q.id.as_str());
            if here.is_some_and(|q| i.session().conflict_at_hand(q).is_some()) {
                let key = keymap::interview_key(&Action::Command(Command::Resolve));
                spans.push(Span::styled(
                    format!(" ⚠ {key} keep a version "),
                    theme::warn(),
                ));
            }
            let used: u16 = spans.iter().map(|s| s.width() as u16).sum::<u16>() + 1;
            let room = Rect::new(
                area.x + used.min(area.width),
                area.y,
                area.width.saturating_sub(used),
                1,
            );
            let hints = crate::tui::chrome::footer_at(i.mode(guide), room);
            spans.push(Span::styled(format!(" {hints}"), theme::dim()));
        }
    }
    Line::from(spans).render(area, buf);
}
