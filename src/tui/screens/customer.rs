//! The customer page: one customer over its interviews, each interview's position and band on
//! the journey's scale, one row per interview in date order, then the movement between them,
//! the milestones with when they were first reached, and the obstacles over time.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::browser::Browser;
use super::session_view::Review;
use crate::customer::History;
use crate::tui::action::{Action, Command};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use crate::tui::nav::Nav;
use crate::tui::theme;
use crate::tui::widgets::{stage_labels, stage_track};

/// Where Esc goes back to.
pub enum Back {
    Browser(Box<Browser>),
    Review(Box<Review>),
    Home,
}

pub struct CustomerPage {
    pub history: Box<History>,
    pub scroll: u16,
    pub back: Back,
}

/// The width of the date column before each interview's track.
const DATE: u16 = 11;

impl CustomerPage {
    pub fn new(history: History, back: Back) -> CustomerPage {
        CustomerPage {
            history: Box::new(history),
            scroll: 0,
            back,
        }
    }

    /// Every line of the page at `width` columns.
    pub fn lines(&self, ctx: &Ctx, width: u16) -> Vec<Line<'static>> {
        let h = &self.history;
        let track = width.saturating_sub(DATE).max(8);
        let latest = h.interviews.last().and_then(|i| i.stage.as_deref());
        let mut out = vec![Line::styled("Positions over time", theme::title())];
        let mut labels = vec![Span::raw(" ".repeat(usize::from(DATE)))];
        labels.extend(stage_labels(ctx.guide, latest, track).spans);
        out.push(Line::from(labels));
        for i in &h.interviews {
            let mut row = vec![Span::styled(
                format!(
                    "{:<width$}",
                    i.started.format("%Y-%m-%d"),
                    width = usize::from(DATE)
                ),
                theme::dim(),
            )];
            row.extend(stage_track(ctx.guide, i.position, i.band, track).spans);
            out.push(Line::from(row));
            let at = i.position.map(|p| format!(" {p:.1}")).unwrap_or_default();
            let who = crate::text::line(&i.interviewer).into_owned();
            out.push(Line::styled(
                format!(
                    "{:w$}{}{at} · {who}",
                    "",
                    i.stage_label,
                    w = usize::from(DATE)
                ),
                theme::dim(),
            ));
        }
        out.push(Line::raw(""));
        self.movement(&mut out);
        self.milestones_and_obstacles(&mut out);
        out
    }

    fn movement(&self, out: &mut Vec<Line<'static>>) {
        if self.history.movement.is_empty() {
            out.push(Line::styled(
                "One interview so far: movement shows from the second.",
                theme::dim(),
            ));
            out.push(Line::raw(""));
            return;
        }
        out.push(Line::styled("Movement", theme::title()));
        // The moves are from each interview to the next, in order: found by place, not by a
        // search through hundreds of interviews for each.
        let interviews = &self.history.interviews;
        let date = |at: usize, id: &str| {
            let i = interviews.get(at).filter(|i| i.session == id);
            let i = i.or_else(|| interviews.iter().find(|i| i.session == id));
            i.map_or(id.to_string(), |i| i.started.format("%Y-%m-%d").to_string())
        };
        for (at, m) in self.history.movement.iter().enumerate() {
            let figure = |p: Option<f64>| p.map_or("—".into(), |p| format!("{p:.1}"));
            out.push(Line::raw(format!(
                "{} → {}  {} {} → {}",
                date(at, &m.session_from),
                date(at + 1, &m.session_to),
                m.movement.label(),
                figure(m.from),
                figure(m.to)
            )));
            let c = &m.changes;
            for x in c.drivers.iter().chain(&c.obstacles) {
                let line = format!("    {}: {} → {}", x.name, x.from, x.to);
                out.push(Line::styled(line, theme::dim()));
            }
            if !c.answers.is_empty() {
                let n = crate::text::count(c.answers.len(), "answer");
                out.push(Line::styled(format!("    {n} differ"), theme::dim()));
            }
        }
        out.push(Line::raw(""));
    }

    fn milestones_and_obstacles(&self, out: &mut Vec<Line<'static>>) {
        out.push(Line::styled("Milestones", theme::title()));
        for m in &self.history.milestones {
            let when = m.words();
            out.push(Line::raw(format!("{}: {when}", m.name)));
        }
        out.push(Line::raw(""));
        out.push(Line::styled("Obstacles", theme::title()));
        for o in &self.history.obstacles {
            let mut line = format!("{}: {}", o.name, o.latest.label());
            if let Some(t) = o.raised {
                line.push_str(&format!(" · first raised {}", t.format("%Y-%m-%d")));
            }
            if let Some(t) = o.resolved {
                line.push_str(&format!(" · resolved {}", t.format("%Y-%m-%d")));
            }
            out.push(Line::raw(line));
        }
    }
}

impl Component for CustomerPage {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PrevQuestion => self.scroll = self.scroll.saturating_sub(10),
            Action::NextQuestion => self.scroll = self.scroll.saturating_add(10),
            Action::Back => return Outcome::Go(Nav::CustomerBack),
            Action::Command(Command::Home) => return Outcome::Go(Nav::Home),
            _ => {}
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let [body, footer] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
        let h = &self.history;
        let title = format!(
            " {} · {} ",
            crate::text::line(&h.name),
            crate::text::count(h.interviews.len(), "interview")
        );
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme::border())
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(body);
        frame.render_widget(block, body);
        let lines = self.lines(ctx, inner.width);
        let most = (lines.len() as u16).saturating_sub(inner.height);
        let scroll = self.scroll.min(most);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
        let hints = crate::tui::chrome::footer(Mode::Customer, footer.width);
        frame.render_widget(Line::styled(hints, theme::dim()), footer);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Customer)
    }
}
