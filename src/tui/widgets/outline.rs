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

    /// The outline's rows for a panel `width` wide (labels that do not fit end in "…"), the
    /// question each row shows (none for section titles), and the current question's row.
    fn lines(&self, width: u16) -> (Vec<Line<'static>>, Vec<Option<usize>>, usize) {
        let mut lines = Vec::new();
        let mut questions = Vec::new();
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
                questions.push(None);
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
            questions.push(None);
            lines.push(Line::from(vec![
                Span::styled(
                    text::truncate(&section.title, usize::from(width).saturating_sub(6)),
                    theme::title(),
                ),
                Span::styled(format!(" {done}/{total}"), theme::dim()),
            ]));
            for (question, shown) in section.questions.iter().zip(shown) {
                let is_current = flat == self.current;
                let mut line = self.question_line(question, shown, is_current, width);
                if is_current {
                    current_line = lines.len();
                    line = line.style(theme::selected().add_modifier(Modifier::BOLD));
                }
                lines.push(line);
                questions.push(shown.then_some(flat));
                flat += 1;
            }
        }
        (lines, questions, current_line)
    }

    /// A question's row: the cursor, its state, a conflict or follow-up flag, its label.
    fn question_line(
        &self,
        question: &crate::guide::Question,
        shown: bool,
        is_current: bool,
        width: u16,
    ) -> Line<'static> {
        let (glyph, style) = if shown {
            theme::answer(self.state(&question.id))
        } else {
            ("⊘", theme::dim())
        };
        // A conflict (two copies disagree, after a team sync) before a follow-up flag.
        let flag = if self.session.conflict(&question.id).is_some() {
            "⚠"
        } else if self
            .session
            .answer(&question.id)
            .is_some_and(|a| a.follow_up)
        {
            "⚑"
        } else {
            " "
        };
        Line::from(vec![
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
        ])
    }

    fn state(&self, question: &str) -> AnswerState {
        self.session
            .answer(question)
            .map_or(AnswerState::NotAsked, |a| a.state)
    }
}

impl Widget for Outline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (lines, questions, current) = self.lines(area.width);
        let height = usize::from(area.height);
        let offset = current
            .saturating_sub(height / 2)
            .min(lines.len().saturating_sub(height));
        let rows = lines.into_iter().zip(questions).skip(offset).take(height);
        for (y, (line, question)) in rows.enumerate() {
            put_line(buf, area, y as u16, line);
            if let Some(flat) = question {
                let row = Rect::new(area.x, area.y + y as u16, area.width, 1);
                crate::tui::hits::add(row, crate::tui::hits::Hit::Question(flat));
            }
        }
    }
}
