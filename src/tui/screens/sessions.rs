//! The list of sessions: open one to resume or review it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use crate::assess::assess;
use crate::guide::Guide;
use crate::session::Store;
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::app::Nav;
use crate::tui::theme;

pub struct SessionRow {
    pub id: String,
    pub cells: [String; 6],
}

#[derive(Default)]
pub struct SessionList {
    pub rows: Vec<SessionRow>,
    pub problems: Vec<String>,
    pub cursor: usize,
}

impl SessionList {
    pub fn load(store: &Store, guide: &Guide) -> SessionList {
        let listing = match store.list() {
            Ok(l) => l,
            Err(e) => {
                return SessionList {
                    problems: vec![e.to_string()],
                    ..SessionList::default()
                }
            }
        };
        let rows = listing
            .sessions
            .iter()
            .map(|s| SessionRow {
                id: s.id.clone(),
                cells: [
                    s.meta.started.format("%Y-%m-%d %H:%M").to_string(),
                    s.meta.customer.clone(),
                    s.meta.participant.clone(),
                    s.meta.interviewer.clone(),
                    s.status().label().to_string(),
                    assess(guide, s).stage_label(guide),
                ],
            })
            .collect();
        SessionList {
            rows,
            problems: listing.problems.iter().map(ToString::to_string).collect(),
            cursor: 0,
        }
    }

    pub fn selected_id(&self) -> Option<String> {
        self.rows.get(self.cursor).map(|r| r.id.clone())
    }

    pub fn update(&mut self, action: Action) -> Option<Nav> {
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.rows.len().saturating_sub(1)),
            Action::Select => return self.selected_id().map(Nav::Open),
            Action::Command(Command::NewInterview) => return Some(Nav::NewInterview),
            Action::Back | Action::Command(Command::Home) => return Some(Nav::Home),
            _ => {}
        }
        None
    }
}

pub fn draw(frame: &mut Frame, area: Rect, list: &SessionList) {
    let problems = list.problems.len().min(5) as u16;
    let [head, table, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(problems + 1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("Sessions ({})", list.rows.len()),
            theme::title(),
        )),
        head,
    );
    let rows = list.rows.iter().map(|r| {
        Row::new(
            r.cells
                .iter()
                .map(|c| Cell::from(text::line(c).into_owned()))
                .collect::<Vec<_>>(),
        )
    });
    let header = Row::new([
        "Started",
        "Customer",
        "Participant",
        "Interviewer",
        "Status",
        "Stage",
    ])
    .style(theme::title());
    let widths = [
        Constraint::Length(16),
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Fill(1),
        Constraint::Length(11),
        Constraint::Fill(2),
    ];
    let mut state = TableState::default().with_selected(Some(list.cursor));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme::selected()),
        table,
        &mut state,
    );
    let mut lines: Vec<Line> = list
        .problems
        .iter()
        .take(5)
        .map(|p| Line::styled(format!("unreadable: {}", text::line(p)), theme::warn()))
        .collect();
    lines.push(Line::styled(
        "↑↓ move · Enter open · n new · Esc home · F1 help",
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(lines), foot);
}
