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
use crate::tui::wrap::wrap_line;

pub struct StageGauge<'a> {
    guide: &'a Guide,
    assessment: &'a Assessment,
    /// The key that goes to the suggested question, when the gauge shows what to ask next.
    ask_next: Option<String>,
}

/// Lines the disagreement and the why of the next question may take.
const DISAGREEMENT_LINES: usize = 3;
const WHY_LINES: usize = 2;

impl<'a> StageGauge<'a> {
    pub fn new(guide: &'a Guide, assessment: &'a Assessment) -> Self {
        Self {
            guide,
            assessment,
            ask_next: None,
        }
    }

    /// Shows the questions to ask next, with the key that goes to the first.
    pub fn ask_next(mut self, key: String) -> Self {
        self.ask_next = Some(key);
        self
    }

    /// Rows the gauge needs to show everything at `width` columns.
    pub fn height(&self, width: u16) -> u16 {
        self.blocks(width)
            .iter()
            .map(|b| b.lines.len() as u16)
            .sum()
    }

    fn labels(&self, width: u16) -> Line<'static> {
        labels(self.guide, self.assessment.stage.as_deref(), width)
    }

    fn track(&self, width: u16) -> Line<'static> {
        track(
            self.guide,
            self.assessment.position,
            self.assessment.range,
            width,
        )
    }

    /// The gauge's parts, in the order drawn; each knows how much it matters when rows are short.
    fn blocks(&self, width: u16) -> Vec<Block> {
        let mut blocks = vec![self.stage_block(width)];
        blocks.extend(self.disagreement_block(width));
        blocks.extend(self.ask_next_block(width));
        blocks.push(self.drivers_block(width));
        blocks.extend(self.milestones_block());
        blocks
    }

    /// The scale, the stage with its position and band, and how strong the evidence is.
    fn stage_block(&self, width: u16) -> Block {
        let a = self.assessment;
        let figures = match (a.position, a.range) {
            (Some(p), Some([low, high])) => format!("  {p:.1} · {low:.1}–{high:.1}"),
            _ => String::new(),
        };
        let mut label = a.stage_label(self.guide);
        let mut figures = figures;
        if label.width() + figures.width() > usize::from(width) {
            label = a.short_stage_label(self.guide);
        }
        // Whole figures only: the band goes first, then the position.
        if label.width() + figures.width() > usize::from(width) {
            figures = a.position.map_or(String::new(), |p| format!("  {p:.1}"));
        }
        if label.width() + figures.width() > usize::from(width) {
            figures.clear();
        }
        let stage = vec![
            Span::styled(label, theme::title()),
            Span::styled(figures, theme::dim()),
        ];
        let strength_style = match a.strength.label {
            StrengthLabel::None | StrengthLabel::Low => theme::warn(),
            _ => theme::ok(),
        };
        let strength = match a.strength.label {
            StrengthLabel::None => "none yet".to_string(),
            label => format!("{} ({})", label.label(), a.strength.answers),
        };
        let mut evidence = vec![
            Span::styled("evidence ", theme::dim()),
            Span::styled(strength, strength_style),
        ];
        if let Some(agreement) = a.agreement {
            let style = if agreement < 0.85 {
                theme::warn()
            } else {
                theme::dim()
            };
            evidence.push(Span::styled(
                format!(" · {:.0}% agree", agreement * 100.0),
                style,
            ));
        }
        Block::new(
            0,
            vec![
                self.labels(width),
                self.track(width),
                Line::from(stage),
                Line::from(evidence),
            ],
        )
    }

    /// The first disagreement among the answers, and how many more there are.
    fn disagreement_block(&self, width: u16) -> Option<Block> {
        let a = self.assessment;
        let d = a.disagreements.first()?;
        let more = match a.disagreements.len() {
            1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        let line = Line::styled(format!("⚠ {}{more}", d.message), theme::warn());
        Some(Block::new(
            1,
            clip(wrap_line(&line, width, 2), DISAGREEMENT_LINES, width),
        ))
    }

    /// The questions to ask next, the first with why.
    fn ask_next_block(&self, width: u16) -> Option<Block> {
        let a = self.assessment;
        let (Some(key), false) = (&self.ask_next, a.next_questions.is_empty()) else {
            return None;
        };
        let mut lines = vec![Line::from(vec![
            Span::styled("Ask next", theme::title()),
            Span::styled(format!(" · {key} goes there"), theme::dim()),
        ])];
        for (n, q) in a.next_questions.iter().enumerate() {
            let style = if n == 0 { Style::new() } else { theme::dim() };
            lines.push(Line::styled(
                crate::text::truncate(&format!("› {}", q.label), usize::from(width)),
                style,
            ));
            if n == 0 {
                let why = Line::styled(format!("  {}", q.why), theme::dim());
                lines.extend(clip(wrap_line(&why, width, 2), WHY_LINES, width));
            }
        }
        Some(Block::new(2, lines))
    }

    /// Each driver's level, with the levels its answers span, over a bar.
    fn drivers_block(&self, width: u16) -> Block {
        let a = self.assessment;
        let mut drivers = Vec::new();
        for d in &a.drivers {
            let level = d.level_name.as_deref().unwrap_or("no evidence yet");
            // Answers that disagree: the levels they span.
            let spread = d.spread.and_then(|[low, high]| {
                let levels = &self.guide.driver(&d.id)?.levels;
                Some(format!(" ({}–{})", levels.get(low)?, levels.get(high)?))
            });
            drivers.push(Line::from(vec![
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
                Span::styled(spread.unwrap_or_default(), theme::warn()),
            ]));
            drivers.push(bar(
                d.ratio().unwrap_or(0.0),
                width,
                theme::gauge_fill(),
                theme::dim(),
            ));
        }
        Block::new(3, drivers)
    }

    /// The inflection points: reached, not reached or not known yet.
    fn milestones_block(&self) -> Option<Block> {
        let a = self.assessment;
        if a.milestones.is_empty() {
            return None;
        }
        let mut lines = vec![Line::raw("")];
        for m in &a.milestones {
            let (mark, style) = match m.state {
                MilestoneState::Reached => ("✓ ", theme::ok()),
                MilestoneState::NotReached => ("✗ ", theme::warn()),
                MilestoneState::Unknown => ("? ", theme::dim()),
            };
            lines.push(Line::from(vec![
                Span::styled(mark, style),
                Span::styled(m.name.clone(), style),
            ]));
        }
        Some(Block::new(4, lines))
    }
}

/// A part of the gauge: its lines, and its rank (0 first) when not everything fits.
struct Block {
    rank: u8,
    lines: Vec<Line<'static>>,
}

impl Block {
    fn new(rank: u8, lines: Vec<Line<'static>>) -> Block {
        Block { rank, lines }
    }
}

/// At most `max` lines, the last ending in "…" when some were dropped.
/// The column of a position on a track `width` cells wide.
fn column(guide: &Guide, position: f64, width: u16) -> u16 {
    let last = (guide.stages.len().max(2) - 1) as f64;
    ((position / last) * f64::from(width.saturating_sub(1))).round() as u16
}

/// Each stage's short name centred on its tick, left to right, dropping any that would overlap;
/// the `current` stage's stands out.
pub fn labels(guide: &Guide, current: Option<&str>, width: u16) -> Line<'static> {
    let cells = usize::from(width);
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, stage) in guide.stages.iter().enumerate() {
        let label = stage.short_name();
        let len = label.width();
        let tick = usize::from(column(guide, i as f64, width));
        let gap = usize::from(used > 0);
        let start = tick
            .saturating_sub(len / 2)
            .min(cells.saturating_sub(len))
            .max(used + gap);
        if start + len > cells {
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

/// The track from the first stage to the last: the band the evidence allows drawn heavy, the
/// position marked.
pub fn track(
    guide: &Guide,
    position: Option<f64>,
    range: Option<[f64; 2]>,
    width: u16,
) -> Line<'static> {
    let n = guide.stages.len();
    let ticks: Vec<u16> = (0..n).map(|i| column(guide, i as f64, width)).collect();
    let marker = position.map(|p| column(guide, p, width));
    let band = range.map(|[low, high]| (column(guide, low, width), column(guide, high, width)));
    let mut spans = Vec::new();
    for x in 0..width {
        let (symbol, style) = if Some(x) == marker {
            ("●", theme::title())
        } else {
            let inside = band.is_some_and(|(low, high)| low <= x && x <= high);
            let style = if inside {
                theme::gauge_fill()
            } else {
                theme::dim()
            };
            let symbol = match ticks.iter().position(|t| *t == x) {
                Some(0) => "├",
                Some(i) if i + 1 == n => "┤",
                Some(_) => "┼",
                None if inside => "━",
                None => "─",
            };
            (symbol, style)
        };
        spans.push(Span::styled(symbol, style));
    }
    Line::from(spans)
}

fn clip(mut lines: Vec<Line<'static>>, max: usize, width: u16) -> Vec<Line<'static>> {
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let style = last.spans.first().map_or(Style::new(), |s| s.style);
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let cut = crate::text::truncate(&format!("{text} …"), usize::from(width));
            *last = Line::styled(cut, style);
        }
    }
    lines
}

impl Widget for StageGauge<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 4 || area.height == 0 {
            return;
        }
        let blocks = self.blocks(area.width);
        // The parts that matter most, as many as fit, drawn in their order.
        let mut ranks: Vec<(u8, usize)> = blocks.iter().map(|b| (b.rank, b.lines.len())).collect();
        ranks.sort();
        let mut room = usize::from(area.height);
        let mut shown = Vec::new();
        for (rank, len) in ranks {
            if len <= room {
                room -= len;
                shown.push(rank);
            }
        }
        let mut y = 0;
        for block in blocks.into_iter().filter(|b| shown.contains(&b.rank)) {
            for line in block.lines {
                put_line(buf, area, y, line);
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
        let area = Rect::new(0, 0, width, gauge.height(width));
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
