//! The trash: deleted sessions, restorable until the trash is emptied (`journey trash empty`).

use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::hits::Hit;
use crate::tui::keymap::Mode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use crate::session::{Session, Store};
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::nav::Nav;
use crate::tui::theme;

#[derive(Default)]
pub struct TrashList {
    pub sessions: Vec<Session>,
    pub problems: Vec<String>,
    pub cursor: usize,
}

impl TrashList {
    pub fn load(store: &Store) -> TrashList {
        match store.trashed() {
            Ok(l) => TrashList {
                sessions: l.sessions,
                problems: l.problems.iter().map(ToString::to_string).collect(),
                cursor: 0,
            },
            Err(e) => TrashList {
                problems: vec![e.to_string()],
                ..TrashList::default()
            },
        }
    }

    pub fn update(&mut self, action: Action) -> Option<Nav> {
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.sessions.len().saturating_sub(1))
            }
            Action::Select | Action::Command(Command::Restore) => {
                return self
                    .sessions
                    .get(self.cursor)
                    .map(|s| Nav::Restore(s.id.clone()));
            }
            Action::Back => return Some(Nav::Sessions),
            _ => {}
        }
        None
    }
}

pub fn draw(frame: &mut Frame, area: Rect, list: &TrashList) {
    let [head, table, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    frame.render_widget(
        Line::styled(
            format!(
                "Trash ({})",
                crate::text::count(list.sessions.len(), "session")
            ),
            theme::title(),
        ),
        head,
    );
    let rows = list.sessions.iter().map(|s| {
        Row::new(vec![
            Cell::from(s.meta.started.format("%Y-%m-%d %H:%M").to_string()),
            Cell::from(text::line(&s.meta.customer).into_owned()),
            Cell::from(text::line(&s.meta.participant).into_owned()),
            Cell::from(s.id.clone()),
        ])
    });
    let widths = [
        Constraint::Length(16),
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Fill(3),
    ];
    let mut state = TableState::default().with_selected(Some(list.cursor));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(Row::new(["Started", "Customer", "Participant", "Id"]).style(theme::title()))
            .row_highlight_style(theme::selected()),
        table,
        &mut state,
    );
    crate::tui::chrome::add_table_rows(table, state.offset(), list.sessions.len());
    let mut lines: Vec<Line> = list
        .problems
        .iter()
        .take(1)
        .map(|p| Line::styled(text::line(p).into_owned(), theme::warn()))
        .collect();
    let mode = crate::tui::chrome::footer_mode(crate::tui::keymap::Mode::Trash);
    let mut hints = crate::tui::chrome::hints(mode);
    if mode == crate::tui::keymap::Mode::Trash {
        hints.push_str(" · `journey trash empty` deletes them for good");
    }
    lines.push(Line::styled(
        crate::tui::chrome::fit_hints(&hints, foot.width),
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(lines), foot);
}

impl Component for TrashList {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        Outcome::go(self.update(action))
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        draw(frame, area, self);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Trash)
    }

    fn click(&mut self, hit: Hit, _: &Ctx) -> Outcome {
        if let Hit::Row(row) = hit {
            self.cursor = row.min(self.sessions.len().saturating_sub(1));
        }
        Outcome::Done
    }
}
