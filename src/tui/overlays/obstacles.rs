//! The obstacle editor: the interviewer's status for each obstacle, set by hand over what the
//! answers say, or back to the answers.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::guide::ObstacleStatus;
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{centered, hints, wrap_hints};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use crate::tui::nav::Edit;
use crate::tui::theme;
use crate::tui::widgets::ObstacleChecklist;

#[derive(Debug, Clone, Default)]
pub struct Obstacles {
    /// The obstacle under the cursor.
    pub cursor: usize,
}

impl Component for Obstacles {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let count = ctx.guide.obstacles.len();
        let at = self.cursor.min(count.saturating_sub(1));
        let status = ctx
            .subject
            .and_then(|s| s.assessment.obstacles.get(at))
            .map(|o| o.status);
        let cycle = |delta: isize| {
            let all = &ObstacleStatus::ALL;
            let pos = status
                .and_then(|s| all.iter().position(|x| *x == s))
                .unwrap_or(0) as isize;
            all[(pos + delta).rem_euclid(all.len() as isize) as usize]
        };
        let set = |status| Outcome::Send(Edit::Obstacle(at, status));
        match action {
            Action::Up => self.cursor = at.saturating_sub(1),
            Action::Down => self.cursor = (at + 1).min(count.saturating_sub(1)),
            Action::Right => return set(Some(cycle(1))),
            Action::Left => return set(Some(cycle(-1))),
            Action::Digit(d) if (1..=ObstacleStatus::ALL.len() as u8).contains(&d) => {
                return set(Some(ObstacleStatus::ALL[usize::from(d) - 1]));
            }
            Action::Command(Command::ClearOverride) => return set(None),
            Action::Back | Action::Select | Action::Command(Command::Obstacles) => {
                return Outcome::Close
            }
            other => return Outcome::PassOn(other),
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some(subject) = ctx.subject else {
            return;
        };
        let checklist = ObstacleChecklist::new(ctx.guide, subject.assessment).cursor(self.cursor);
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
        let current = subject.assessment.obstacles.get(self.cursor);
        let derived = current.map_or(String::new(), |o| {
            if o.overridden {
                format!("set by hand; the answers say: {}", o.derived.label())
            } else {
                "derived from the answers".to_string()
            }
        });
        // Whole items on each row: a narrow box never shows half a status or a key.
        let mut lines = vec![Line::raw(""), Line::styled(derived, theme::dim())];
        let rows = |text: &str| wrap_hints(text, help.width);
        lines.extend(
            rows(&statuses.join(" · "))
                .into_iter()
                .map(|r| Line::styled(r, theme::key())),
        );
        lines.extend(
            rows(&hints(Mode::Obstacles))
                .into_iter()
                .map(|r| Line::styled(r, theme::dim())),
        );
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), help);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Obstacles)
    }
}
