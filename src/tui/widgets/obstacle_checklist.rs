//! The obstacle checklist: each obstacle's status (✎ when set by hand) and its tactics, ticked
//! where the customer used them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::put_line;
use crate::assess::Assessment;
use crate::guide::Guide;
use crate::tui::theme;

pub struct ObstacleChecklist<'a> {
    guide: &'a Guide,
    assessment: &'a Assessment,
    /// The obstacle to highlight (in the obstacle editor).
    cursor: Option<usize>,
    tactics: bool,
}

impl<'a> ObstacleChecklist<'a> {
    pub fn new(guide: &'a Guide, assessment: &'a Assessment) -> Self {
        Self {
            guide,
            assessment,
            cursor: None,
            tactics: true,
        }
    }

    pub fn cursor(mut self, cursor: usize) -> Self {
        self.cursor = Some(cursor);
        self
    }

    /// Leaves the tactics out, for short areas.
    pub fn tactics(mut self, show: bool) -> Self {
        self.tactics = show;
        self
    }

    /// Each obstacle takes a line for its name, one for its status, and one per tactic.
    pub fn height(&self) -> u16 {
        let tactics: usize = if self.tactics {
            self.guide.obstacles.iter().map(|o| o.tactics.len()).sum()
        } else {
            0
        };
        (2 * self.guide.obstacles.len() + tactics) as u16
    }
}

impl Widget for ObstacleChecklist<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut y = 0;
        for (i, (obstacle, reading)) in self
            .guide
            .obstacles
            .iter()
            .zip(&self.assessment.obstacles)
            .enumerate()
        {
            let (glyph, style) = theme::obstacle(reading.status);
            let mut name = Line::from(vec![
                Span::styled(format!("{glyph} "), style),
                Span::styled(
                    obstacle.name.clone(),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
            ]);
            let mut status = vec![Span::raw("  "), Span::styled(reading.status.label(), style)];
            if reading.overridden {
                status.push(Span::styled(" ✎ set by hand", theme::key()));
            }
            let mut status = Line::from(status);
            if self.cursor == Some(i) {
                name = name.style(theme::selected());
                status = status.style(theme::selected());
            }
            put_line(buf, area, y, name);
            put_line(buf, area, y + 1, status);
            y += 2;
            if !self.tactics {
                continue;
            }
            for tactic in &obstacle.tactics {
                let used = reading.tactics_used.iter().any(|t| t.id == tactic.id);
                let (mark, style) = if used {
                    ("✓", theme::ok())
                } else {
                    ("·", theme::dim())
                };
                put_line(
                    buf,
                    area,
                    y,
                    Line::from(vec![
                        Span::raw("   "),
                        Span::styled(format!("{mark} "), style),
                        Span::styled(
                            crate::tui::chrome::fit_words(
                                &tactic.name,
                                area.width.saturating_sub(5),
                            ),
                            style,
                        ),
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
    use crate::guide::{builtin, ObstacleStatus};
    use crate::session::{AnswerState, Meta, Session, Value};

    #[test]
    fn statuses_tactics_and_overrides_show() {
        let guide = builtin().expect("guide");
        let mut s = Session::new(&guide, Meta::new("T"));
        let a = s.answer_mut("fud.tactics");
        a.state = AnswerState::Answered;
        a.value = Some(Value::Choice {
            selected: vec!["vmotion-demo".into()],
            other: None,
        });
        let raised = s.answer_mut("fud.issue");
        raised.state = AnswerState::Answered;
        raised.value = Some(Value::Choice {
            selected: vec!["yes".into()],
            other: None,
        });
        s.obstacle_overrides
            .insert("storage".into(), ObstacleStatus::Resolved);
        let a = assess(&guide, &s);
        let widget = ObstacleChecklist::new(&guide, &a);
        let area = Rect::new(0, 0, 50, widget.height());
        let mut buf = Buffer::empty(area);
        widget.render(area, &mut buf);
        let rows: Vec<String> = (0..area.height)
            .map(|y| {
                (0..50)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect();
        assert_eq!(rows[0], "○ Team communication");
        assert_eq!(rows[1], "  not discussed");
        assert_eq!(rows[5], "◐ Virtualization FUD");
        assert_eq!(rows[6], "  being addressed");
        assert_eq!(rows[7], "   ✓ vMotion demo (later HA / FT demos)");
        assert_eq!(rows[10], "● Storage architecture");
        assert_eq!(rows[11], "  resolved ✎ set by hand");
    }
}
