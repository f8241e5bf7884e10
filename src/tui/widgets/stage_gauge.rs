//! The stage gauge: where the customer sits from the first stage to the last, how strong the
//! evidence is, the three driver sub-gauges and the inflection points.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::{bar, put_line};
use crate::assess::{Assessment, MilestoneState, StrengthLabel};
use crate::guide::Guide;
use crate::tui::theme;

pub struct StageGauge<'a> {
    guide: &'a Guide,
    assessment: &'a Assessment,
}

impl<'a> StageGauge<'a> {
    pub fn new(guide: &'a Guide, assessment: &'a Assessment) -> Self {
        Self { guide, assessment }
    }

    /// Rows the gauge needs to show everything.
    pub fn height(&self) -> u16 {
        let milestones = self.guide.milestones.len() as u16;
        4 + 2 * self.guide.drivers.len() as u16 + milestones + u16::from(milestones > 0)
    }

    /// The column of a position on a track `width` cells wide.
    fn column(&self, position: f64, width: u16) -> u16 {
        let last = (self.guide.stages.len().max(2) - 1) as f64;
        ((position / last) * f64::from(width.saturating_sub(1))).round() as u16
    }

    /// Each stage's short name centred on its tick, left to right, dropping any that would overlap.
    fn labels(&self, width: u16) -> Line<'static> {
        let width = usize::from(width);
        let current = self.assessment.stage.as_deref();
        let mut spans = Vec::new();
        let mut used = 0;
        for (i, stage) in self.guide.stages.iter().enumerate() {
            let label = stage.short_name();
            let len = label.width();
            let tick = usize::from(self.column(i as f64, width as u16));
            let gap = usize::from(used > 0);
            let start = tick
                .saturating_sub(len / 2)
                .min(width.saturating_sub(len))
                .max(used + gap);
            if start + len > width {
                break;
            }
            let style = if current == Some(stage.id.as_str()) {
                theme::title()
            } else {
                theme::dim()
            };
            spans.push(Span::raw(" ".repeat(start - used)));
            spans.push(Span::styled(label.to_string(), style));
            used = start + len;
        }
        Line::from(spans)
    }

    fn track(&self, width: u16) -> Line<'static> {
        let n = self.guide.stages.len();
        let ticks: Vec<u16> = (0..n).map(|i| self.column(i as f64, width)).collect();
        let marker = self.assessment.position.map(|p| self.column(p, width));
        let mut spans = Vec::new();
        for x in 0..width {
            let (symbol, style) = if Some(x) == marker {
                ("●", theme::title())
            } else {
                let filled = marker.is_some_and(|m| x < m);
                let style = if filled {
                    theme::gauge_fill()
                } else {
                    theme::dim()
                };
                let symbol = match ticks.iter().position(|t| *t == x) {
                    Some(0) => "├",
                    Some(i) if i + 1 == n => "┤",
                    Some(_) => "┼",
                    None if filled => "━",
                    None => "─",
                };
                (symbol, style)
            };
            spans.push(Span::styled(symbol, style));
        }
        Line::from(spans)
    }
}

impl Widget for StageGauge<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 4 || area.height == 0 {
            return;
        }
        let a = self.assessment;
        let w = area.width;
        put_line(buf, area, 0, self.labels(w));
        put_line(buf, area, 1, self.track(w));
        let mut label = a.stage_label(self.guide);
        if label.width() + 5 > usize::from(w) {
            label = a.short_stage_label(self.guide);
        }
        let stage = Span::styled(label, theme::title());
        let mut line = vec![stage];
        if let Some(p) = a.position {
            line.push(Span::styled(format!("  {p:.1}"), theme::dim()));
        }
        put_line(buf, area, 2, Line::from(line));
        let strength_style = match a.strength.label {
            StrengthLabel::None | StrengthLabel::Low => theme::warn(),
            _ => theme::ok(),
        };
        let strength = match a.strength.label {
            StrengthLabel::None => "none yet".to_string(),
            label => format!(
                "{} ({} answer{})",
                label.label(),
                a.strength.answers,
                if a.strength.answers == 1 { "" } else { "s" }
            ),
        };
        put_line(
            buf,
            area,
            3,
            Line::from(vec![
                Span::styled("evidence: ", theme::dim()),
                Span::styled(strength, strength_style),
            ]),
        );
        let mut y = 4;
        for d in &a.drivers {
            let level = d.level_name.as_deref().unwrap_or("no evidence yet");
            put_line(
                buf,
                area,
                y,
                Line::from(vec![
                    Span::styled(d.name.clone(), Style::new().add_modifier(Modifier::BOLD)),
                    Span::raw(" · "),
                    Span::styled(
                        level.to_string(),
                        if d.level.is_some() {
                            Style::new()
                        } else {
                            theme::dim()
                        },
                    ),
                    // Answers that disagree: the range they span.
                    Span::styled(
                        d.spread.map_or(String::new(), |[low, high]| {
                            format!(" (spread {low}–{high})")
                        }),
                        theme::warn(),
                    ),
                ]),
            );
            put_line(
                buf,
                area,
                y + 1,
                bar(
                    d.ratio().unwrap_or(0.0),
                    w,
                    theme::gauge_fill(),
                    theme::dim(),
                ),
            );
            y += 2;
        }
        if !a.milestones.is_empty() {
            y += 1;
            for m in &a.milestones {
                let (mark, style) = match m.state {
                    MilestoneState::Reached => ("✓ ", theme::ok()),
                    MilestoneState::NotReached => ("✗ ", theme::warn()),
                    MilestoneState::Unknown => ("· ", theme::dim()),
                };
                put_line(
                    buf,
                    area,
                    y,
                    Line::from(vec![
                        Span::styled(mark, style),
                        Span::styled(m.name.clone(), style),
                    ]),
                );
                y += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::guide::builtin;
    use crate::session::{AnswerState, Meta, Session, Value};

    fn render(session: &Session, width: u16) -> Vec<String> {
        let guide = builtin().expect("guide");
        let a = assess(&guide, session);
        let gauge = StageGauge::new(&guide, &a);
        let area = Rect::new(0, 0, width, gauge.height());
        let mut buf = Buffer::empty(area);
        gauge.render(area, &mut buf);
        (0..area.height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect()
    }

    fn session() -> Session {
        let guide = builtin().expect("guide");
        Session::new(&guide, Meta::new("T"))
    }

    #[test]
    fn an_empty_session_shows_no_marker_and_says_so() {
        let rows = render(&session(), 34);
        assert_eq!(rows[0].trim_end(), "Zero    IT Prod   Biz Prod   ITaaS");
        assert!(!rows[1].contains('●'), "{rows:#?}");
        assert!(rows[2].starts_with("no evidence yet"), "{rows:#?}");
        assert!(
            rows[4].starts_with("Sponsorship · no evidence yet"),
            "{rows:#?}"
        );
    }

    #[test]
    fn the_marker_moves_along_the_track_with_the_answers() {
        let mut s = session();
        let a = s.answer_mut("sponsorship.sponsor");
        a.state = AnswerState::Answered;
        a.value = Some(Value::Choice {
            selected: vec!["it-owned".into()],
            other: None,
        });
        let it = render(&s, 31);
        let a = s.answer_mut("sponsorship.sponsor");
        a.value = Some(Value::Choice {
            selected: vec!["cio".into()],
            other: None,
        });
        let cio = render(&s, 31);
        let at = |rows: &[String]| rows[1].chars().position(|c| c == '●');
        assert_eq!(at(&it), Some(10), "{it:#?}");
        assert_eq!(at(&cio), Some(30), "{cio:#?}");
        assert!(it[2].starts_with("IT Production  1.0"), "{it:#?}");
        assert!(it[5].starts_with("██████████"), "{it:#?}");
    }

    #[test]
    fn tiny_areas_draw_nothing_rather_than_panic() {
        let guide = builtin().expect("guide");
        let a = assess(&guide, &session());
        for (w, h) in [(0, 0), (1, 1), (3, 2), (5, 1)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            StageGauge::new(&guide, &a).render(area, &mut buf);
        }
    }
}
