//! The researcher's own placement: the stage they judge the customer to be at, and how sure.
//! From the summary after finishing and from the read-only view; recorded as the session's
//! `placements` under the researcher's name (`journey whoami`).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::session::Sure;
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{centered, hints, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use crate::tui::nav::Edit;
use crate::tui::theme;

const SURE: [Sure; 3] = [Sure::Low, Sure::Medium, Sure::High];

/// Why a placement cannot be recorded: journey does not know who is placing.
pub const NOBODY: &str =
    "Not placed: journey does not know who you are; set your name with `journey whoami \"Your Name\"`";

/// A placement recorded, in words: "Ana placed the customer at ITaaS (sure: high)".
pub fn placed(guide: &crate::guide::Guide, p: &crate::session::Placement) -> String {
    format!(
        "{} placed the customer at {} (sure: {})",
        p.by,
        crate::assess::stage_name(guide, &p.stage),
        p.sure.label()
    )
}

#[derive(Debug, Clone)]
pub struct Place {
    /// The stage under the cursor, as an index in the guide's stages.
    pub cursor: usize,
    pub sure: Sure,
}

impl Place {
    /// Starts at the researcher's own latest placement when there is one, else at the first
    /// stage; "medium" sure.
    pub fn new(guide: &crate::guide::Guide, mine: Option<&crate::session::Placement>) -> Place {
        let cursor = mine.and_then(|p| guide.stage_index(&p.stage)).unwrap_or(0);
        Place {
            cursor,
            sure: mine.map_or(Sure::Medium, |p| p.sure),
        }
    }

    fn step_sure(&mut self, forward: bool) {
        let at = SURE.iter().position(|s| *s == self.sure).unwrap_or(1);
        let next = if forward {
            (at + 1).min(2)
        } else {
            at.saturating_sub(1)
        };
        self.sure = SURE[next];
    }
}

impl Component for Place {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let last = ctx.guide.stages.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Left => self.step_sure(false),
            Action::Right => self.step_sure(true),
            Action::Select => {
                let Some(stage) = ctx.guide.stages.get(self.cursor) else {
                    return Outcome::Close;
                };
                return Outcome::CloseAndSend(Edit::Place {
                    stage: stage.id.clone(),
                    sure: self.sure,
                });
            }
            Action::Back | Action::Command(Command::No) => return Outcome::Close,
            other => return Outcome::PassOn(other),
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let mut lines = vec![
            Line::raw("Where do you judge the customer to be now?"),
            Line::raw(""),
        ];
        for (i, stage) in ctx.guide.stages.iter().enumerate() {
            let (mark, style) = if i == self.cursor {
                ("▸ ", theme::selected())
            } else {
                ("  ", ratatui::style::Style::new())
            };
            lines.push(Line::styled(format!("{mark}{}", stage.name), style));
        }
        lines.push(Line::raw(""));
        let mut sure = vec![Span::raw("How sure: ")];
        for s in SURE {
            let (shown, style) = if s == self.sure {
                (format!("[{}]", s.label()), theme::selected())
            } else {
                (format!(" {} ", s.label()), theme::dim())
            };
            sure.push(Span::styled(shown, style));
        }
        lines.push(Line::from(sure));
        let height = lines.len() as u16 + 2;
        popup(
            frame,
            centered(area, 60, height),
            "Your placement",
            lines,
            0,
            &hints(Mode::Place),
        );
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Place)
    }
}
