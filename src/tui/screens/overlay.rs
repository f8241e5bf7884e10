//! Overlays over any screen: help, the reasons behind the assessment, the obstacle editor, the
//! read-only offer and messages.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::assess::{Assessment, Reason};
use crate::guide::{Guide, ObstacleStatus};
use crate::text;
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::overlay::Overlay;
use crate::tui::theme;
use crate::tui::widgets::ObstacleChecklist;
use crate::tui::wrap::wrap_lines;

/// A centred area of at most `width` x `height` cells.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

fn popup(
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
        .title_bottom(super::hints::bottom_title(hint, area.width));
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

pub fn draw(frame: &mut Frame, area: Rect, overlay: &Overlay, app: &App) {
    let guide = &app.guide;
    match overlay {
        Overlay::Resolve => {
            let Some((q, conflict)) = app.interview().and_then(|i| {
                let (_, q) = i.question(guide)?;
                Some((q, i.session().conflict_at_hand(&q.id)?))
            }) else {
                return;
            };
            let on_question = conflict.question == q.id;
            let q = on_question.then_some(q);
            let head = match q {
                Some(q) => format!(
                    "Two copies of this session gave \"{}\" different answers. Keep one; the \
                     others go into the notes.",
                    text::line(q.label())
                ),
                None => format!(
                    "Two copies of this session give the {} different values. Keep one.",
                    text::line(&crate::session::conflict_label(&conflict.question, guide))
                ),
            };
            let mut lines = vec![Line::raw(head), Line::raw("")];
            for n in 0..conflict.versions.len() {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {} ", n + 1), theme::key()),
                    Span::raw(text::line(&conflict.describe(q, n)).into_owned()),
                ]));
            }
            let height = lines.len() as u16 + 4;
            popup(
                frame,
                centered(area, 80, height),
                "Keep one version",
                lines,
                0,
                &hints(app),
            );
        }
        Overlay::Help { scroll } => {
            popup(
                frame,
                centered(area, 96, area.height.saturating_sub(2)),
                "Keys",
                help_lines(),
                *scroll,
                &hints(app),
            );
        }
        Overlay::Report { text, scroll } => {
            // The Markdown report, its headings as titles.
            let lines: Vec<Line> = text
                .lines()
                .map(|l| match l.strip_prefix('#') {
                    Some(heading) => Line::styled(
                        text::line(heading.trim_start_matches('#').trim()).into_owned(),
                        theme::title(),
                    ),
                    None => Line::raw(text::line(l).into_owned()),
                })
                .collect();
            popup(
                frame,
                centered(area, 110, area.height.saturating_sub(2)),
                "Study report",
                lines,
                *scroll,
                &hints(app),
            );
        }
        Overlay::Reasons { scroll } => {
            let lines = app
                .assessment()
                .map_or_else(Vec::new, |a| reason_lines(guide, a));
            popup(
                frame,
                centered(area, 96, area.height.saturating_sub(2)),
                "Why the gauge says so",
                lines,
                *scroll,
                &hints(app),
            );
        }
        Overlay::Obstacles => {
            let Some(i) = app.interview() else {
                return;
            };
            let checklist = ObstacleChecklist::new(guide, &i.assessment).cursor(i.obstacle_cursor);
            let height = checklist.height() + 8;
            let popup_area = centered(area, 64, height);
            frame.render_widget(Clear, popup_area);
            let block = Block::new()
                .borders(Borders::ALL)
                .border_style(theme::border_focused())
                .title(Span::styled(
                    " Obstacle checklist: set by hand ",
                    theme::title(),
                ));
            let inner = block.inner(popup_area);
            frame.render_widget(block, popup_area);
            let [list, help] =
                Layout::vertical([Constraint::Length(checklist.height()), Constraint::Min(1)])
                    .areas(inner);
            frame.render_widget(checklist, list);
            let statuses: Vec<String> = ObstacleStatus::ALL
                .iter()
                .enumerate()
                .map(|(n, s)| format!("{} {}", n + 1, s.label()))
                .collect();
            let current = i.assessment.obstacles.get(i.obstacle_cursor);
            let derived = current.map_or(String::new(), |o| {
                if o.overridden {
                    format!("set by hand; the answers say: {}", o.derived.label())
                } else {
                    "derived from the answers".to_string()
                }
            });
            // Whole items on each row: a narrow box never shows half a status or a key.
            let mut lines = vec![Line::raw(""), Line::styled(derived, theme::dim())];
            let keys = "↑↓ obstacle · ←→ or 1–5 status · x back to the answers · Esc done";
            for (row, style) in super::hints::wrap_hints(&statuses.join(" · "), help.width)
                .into_iter()
                .map(|r| (r, theme::key()))
                .chain(
                    super::hints::wrap_hints(keys, help.width)
                        .into_iter()
                        .map(|r| (r, theme::dim())),
                )
            {
                lines.push(Line::styled(row, style));
            }
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), help);
        }
        Overlay::Confirm { title, message, .. } => {
            let lines = vec![
                Line::raw(text::line(message).into_owned()),
                Line::raw(""),
                Line::from(vec![
                    Span::styled("y", theme::key()),
                    Span::raw(" yes   "),
                    Span::styled("n", theme::key()),
                    Span::raw(" no"),
                ]),
            ];
            popup(frame, centered(area, 70, 9), title, lines, 0, &hints(app));
        }
        Overlay::Export { ids, anonymize } => {
            let what = if ids.len() == 1 {
                "this session".to_string()
            } else {
                format!("{} sessions", ids.len())
            };
            let mut lines = vec![
                Line::raw(format!(
                    "Export {what} to {}",
                    app.store.data_dir().join("exports").display()
                )),
                Line::raw(""),
            ];
            for (n, name) in [
                "Markdown",
                "CSV (spreadsheets)",
                "JSON (scripts)",
                "HTML (one self-contained page)",
            ]
            .iter()
            .enumerate()
            {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {} ", n + 1), theme::key()),
                    Span::raw(name.to_string()),
                ]));
            }
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("  a ", theme::key()),
                Span::raw(format!(
                    "anonymise names (C1, P1, I1): {}",
                    if *anonymize { "on" } else { "off" }
                )),
            ]));
            popup(
                frame,
                centered(area, 76, 12),
                "Export",
                lines,
                0,
                &hints(app),
            );
        }
        Overlay::Code(picker) => {
            let height = (guide.codes.len() as u16 + 5).min(area.height.saturating_sub(2));
            picker.draw(frame, centered(area, 80, height), guide);
        }
        Overlay::CodeTexts(texts) => {
            texts.draw(
                frame,
                centered(area, 100, area.height.saturating_sub(4).max(8)),
            );
        }
        Overlay::Jump(jump) => {
            if let Some(i) = app.interview() {
                let height = area.height.saturating_sub(4).max(8);
                jump.draw(frame, centered(area, 90, height), guide, i.session());
            }
        }
        Overlay::QuitPrompt => {
            let lines = vec![
                Line::raw("Quit journey? Everything typed is saved."),
                Line::raw(""),
                Line::from(vec![
                    Span::styled("Ctrl-C", theme::key()),
                    Span::raw(" again quits; any other key goes on with the interview"),
                ]),
            ];
            popup(
                frame,
                centered(area, 70, 7),
                "Quit?",
                lines,
                0,
                "Ctrl-C quit",
            );
        }
        Overlay::Message(message) => {
            // A message may have several lines (a sync's report); each is made safe.
            let lines: Vec<Line> = message
                .lines()
                .map(|l| Line::raw(text::line(l).into_owned()))
                .collect();
            let height = (lines.len() as u16 + 4).clamp(7, area.height.saturating_sub(2).max(7));
            popup(
                frame,
                centered(area, 70, height),
                "journey",
                lines,
                0,
                "Enter or Esc",
            );
        }
    }
}

/// Every key, from the tables the keymap reads: a key is written once.
pub fn help_lines() -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<(&str, Vec<(String, &str)>)> = keymap::ALL
        .iter()
        .map(|g| (g.title, keymap::help_rows(g)))
        .collect();
    let docs: Vec<(String, &str)> = keymap::TEXT_FIELDS
        .iter()
        .map(|(k, w)| (k.to_string(), *w))
        .collect();
    let width = rows
        .iter()
        .flat_map(|(_, r)| r.iter())
        .chain(docs.iter())
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (title, rows) in rows
        .into_iter()
        .chain(std::iter::once(("Text fields", docs)))
    {
        lines.push(Line::styled(title.to_string(), theme::title()));
        for (key, what) in rows {
            let pad = width.saturating_sub(key.width());
            lines.push(Line::from(vec![
                Span::styled(format!("  {key}{}  ", " ".repeat(pad)), theme::key()),
                Span::raw(what.to_string()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}

/// The footer hints of the mode the app is in.
fn hints(app: &App) -> String {
    keymap::hint_line(&keymap::hints(app.mode()))
}

fn reason_line(r: &Reason) -> Line<'static> {
    Line::from(vec![
        Span::raw("  • "),
        Span::raw(format!("{}: ", text::line(&r.label))),
        Span::styled(
            text::line(&r.answer).into_owned(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!(" → {}", text::line(&r.points_to)), theme::key()),
        Span::styled(
            format!(" (×{}) ", crate::session::format_number(r.weight, "")),
            theme::dim(),
        ),
        Span::raw(text::line(&r.why).into_owned()),
    ])
}

/// Every figure of the assessment with the answers behind it.
pub fn reason_lines(guide: &Guide, a: &Assessment) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!("Stage: {}", a.stage_label(guide)),
        theme::title(),
    )];
    if let Some(p) = a.position {
        lines.push(Line::styled(
            format!(
                "  position {p:.2} of {} · evidence {} (weight {}, {} answers)",
                guide.stages.len() - 1,
                a.strength.label.label(),
                crate::session::format_number(a.strength.weight, ""),
                a.strength.answers
            ),
            theme::dim(),
        ));
    }
    if let Some(band) = a.band_words(guide) {
        lines.push(Line::styled(format!("  {band}"), theme::dim()));
    }
    for d in &a.disagreements {
        lines.push(Line::styled(
            format!("  ⚠ {}", text::line(&d.message)),
            theme::warn(),
        ));
    }
    lines.extend(a.reasons.iter().map(reason_line));
    if !a.next_questions.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Ask next", theme::title()));
        for n in &a.next_questions {
            lines.push(Line::from(vec![
                Span::raw(format!("  › {}: ", n.label)),
                Span::styled(n.why.clone(), theme::dim()),
            ]));
        }
    }
    for d in &a.drivers {
        lines.push(Line::raw(""));
        let level = d
            .level_name
            .clone()
            .unwrap_or_else(|| "no evidence yet".into());
        let spread = d
            .spread_words(guide)
            .map_or(String::new(), |w| format!(" ({w})"));
        lines.push(Line::styled(
            format!("{}: {level}{spread}", d.name),
            theme::title(),
        ));
        lines.extend(d.reasons.iter().map(reason_line));
    }
    if !a.milestones.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Inflection points", theme::title()));
        for m in &a.milestones {
            lines.push(Line::raw(format!("  {}: {}", m.name, m.state.label())));
            lines.extend(
                m.reasons
                    .iter()
                    .map(|r| Line::styled(format!("      {}", text::line(r)), theme::dim())),
            );
        }
    }
    for o in &a.obstacles {
        lines.push(Line::raw(""));
        let hand = if o.overridden { " (set by hand)" } else { "" };
        lines.push(Line::styled(
            format!("{}: {}{hand}", o.name, o.status.label()),
            theme::title(),
        ));
        lines.extend(o.reasons.iter().map(reason_line));
    }
    lines
}
