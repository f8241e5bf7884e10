//! The gauge's figures with the answers behind them, as lines: for the reasons overlay and
//! the summary.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::assess::{Assessment, Reason};
use crate::guide::Guide;
use crate::text;
use crate::tui::theme;

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
    let mut lines = stage_lines(guide, a);
    ask_next_lines(&mut lines, a);
    driver_lines(&mut lines, guide, a);
    milestone_and_obstacle_lines(&mut lines, a);
    lines
}

/// The stage, its position and band, the disagreements, and the answers behind the stage.
fn stage_lines(guide: &Guide, a: &Assessment) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!("Stage: {}", a.stage_label(guide)),
        theme::title(),
    )];
    if let Some(p) = a.position {
        lines.push(Line::styled(
            format!(
                "  position {p:.2} of {} · evidence {} (weight {}, {})",
                guide.stages.len() - 1,
                a.strength.label.label(),
                crate::session::format_number(a.strength.weight, ""),
                crate::text::count(a.strength.answers, "answer")
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
    lines
}

/// The questions to ask next, each with why.
fn ask_next_lines(lines: &mut Vec<Line<'static>>, a: &Assessment) {
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
}

/// Each driver's level, with the levels its answers span, and the answers behind it.
fn driver_lines(lines: &mut Vec<Line<'static>>, guide: &Guide, a: &Assessment) {
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
}

/// The inflection points and the obstacles, each with the answers behind it.
fn milestone_and_obstacle_lines(lines: &mut Vec<Line<'static>>, a: &Assessment) {
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
}
