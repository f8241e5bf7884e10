//! The outline of the guide: sections and questions with their state, the current one
//! highlighted and kept in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::put_line;
use crate::guide::Guide;
use crate::session::{AnswerState, Session};
use crate::text;
use crate::tui::theme;

pub struct Outline<'a> {
    guide: &'a Guide,
    session: &'a Session,
    /// The current question's index in guide order.
    current: usize,
}

impl<'a> Outline<'a> {
    pub fn new(guide: &'a Guide, session: &'a Session, current: usize) -> Self {
        Self {
            guide,
            session,
            current,
        }
    }

    /// Every line of the outline, and the index of the current question's line.
    /// The outline's rows for a panel `width` wide: labels that do not fit end in "…".
    fn lines(&self, width: u16) -> (Vec<Line<'static>>, usize) {
        let mut lines = Vec::new();
        let mut current_line = 0;
        let mut flat = 0;
        for section in &self.guide.sections {
            let section_shown = section
                .show_if
                .as_ref()
                .is_none_or(|c| c.eval(self.session));
            if !section_shown {
                lines.push(Line::styled(
                    format!("⊘ {} (skipped by skip logic)", section.title),
                    theme::dim(),
                ));
                flat += section.questions.len();
                continue;
            }
            let shown: Vec<bool> = section
                .questions
                .iter()
                .map(|q| self.guide.is_shown(section, q, self.session))
                .collect();
            let done = section
                .questions
                .iter()
                .zip(&shown)
                .filter(|(q, s)| **s && self.state(&q.id) != AnswerState::NotAsked)
                .count();
            let total = shown.iter().filter(|s| **s).count();
            lines.push(Line::from(vec![
                Span::styled(
                    text::truncate(&section.title, usize::from(width).saturating_sub(6)),
                    theme::title(),
                ),
                Span::styled(format!(" {done}/{total}"), theme::dim()),
            ]));
            for (question, shown) in section.questions.iter().zip(shown) {
                let is_current = flat == self.current;
                let (glyph, style) = if shown {
                    theme::answer(self.state(&question.id))
                } else {
                    ("⊘", theme::dim())
                };
                let flag = if self
                    .session
                    .answer(&question.id)
                    .is_some_and(|a| a.follow_up)
                {
                    "⚑"
                } else {
                    " "
                };
                let mut line = Line::from(vec![
                    Span::raw(if is_current { "▶" } else { " " }),
                    Span::styled(glyph, style),
                    Span::styled(flag, theme::warn()),
                    Span::styled(
                        text::truncate(
                            &text::line(question.label()),
                            usize::from(width).saturating_sub(3),
                        ),
                        if shown {
                            ratatui::style::Style::new()
                        } else {
                            theme::dim()
                        },
                    ),
                ]);
                if is_current {
                    current_line = lines.len();
                    line = line.style(theme::selected().add_modifier(Modifier::BOLD));
                }
                lines.push(line);
                flat += 1;
            }
        }
        (lines, current_line)
    }

    fn state(&self, question: &str) -> AnswerState {
        self.session
            .answer(question)
            .map_or(AnswerState::NotAsked, |a| a.state)
    }
}

impl Widget for Outline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (lines, current) = self.lines(area.width);
        let height = usize::from(area.height);
        let offset = current
            .saturating_sub(height / 2)
            .min(lines.len().saturating_sub(height));
        for (y, line) in lines.into_iter().skip(offset).take(height).enumerate() {
            put_line(buf, area, y as u16, line);
        }
    }
}
