//! The trash: deleted sessions, restorable until the trash is emptied (`journey trash empty`).

use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::hits::Hit;
use crate::tui::keymap::Mode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

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
    let id_width = list
        .sessions
        .iter()
        .map(|s| s.id.width())
        .max()
        .unwrap_or(0);
    let w = column_widths(table.width, id_width);
    let cut = |s: &str, n: u16| Cell::from(text::truncate(&text::line(s), usize::from(n)));
    let rows = list.sessions.iter().map(|s| {
        Row::new(vec![
            Cell::from(
                s.meta
                    .started
                    .format(if w[0] < 16 {
                        "%Y-%m-%d"
                    } else {
                        "%Y-%m-%d %H:%M"
                    })
                    .to_string(),
            ),
            cut(&s.meta.customer, w[1]),
            cut(&s.meta.participant, w[2]),
            cut(&s.id, w[3]),
        ])
    });
    let head: Vec<Cell> = ["Started", "Customer", "Participant", "Id"]
        .iter()
        .zip(w)
        .map(|(title, n)| cut(title, n))
        .collect();
    let widths = w.map(Constraint::Length);
    let mut state = TableState::default().with_selected(Some(list.cursor));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(Row::new(head).style(theme::title()))
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

/// The widths of the columns (started, customer, participant, id) in `total` columns: the id,
/// which `journey trash restore` takes, whole; the customer and the participant share the rest
/// and are cut with "…"; with less than 20 columns left for them the start loses its time.
fn column_widths(total: u16, id: usize) -> [u16; 4] {
    const GAPS: u16 = 3;
    let id = u16::try_from(id).unwrap_or(u16::MAX).max(2);
    let started = if total.saturating_sub(16 + GAPS + id) < 20 {
        10
    } else {
        16
    };
    let room = total.saturating_sub(started + GAPS);
    let id = id.min(room);
    let rest = room - id;
    let customer = rest - rest / 2;
    [started, customer, rest / 2, id]
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

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn the_id_keeps_its_whole_width_and_the_names_give_way() {
        // 80 columns, a 30-column id: 16 + 1 + 16 + 1 + 15 + 1 + 30.
        assert_eq!(column_widths(80, 30), [16, 16, 15, 30]);
        assert_eq!(column_widths(120, 30), [16, 36, 35, 30]);
        // A long id at 80 columns: the start gives its time to the names.
        assert_eq!(column_widths(80, 45), [10, 11, 11, 45]);
        // Too narrow for the id: it takes what there is.
        assert_eq!(column_widths(40, 30), [10, 0, 0, 27]);
        assert_eq!(column_widths(10, 30), [10, 0, 0, 0]);
    }
}
