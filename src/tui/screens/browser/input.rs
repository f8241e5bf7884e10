//! What the browser does with an action: typing the query, moving, filtering, sorting, and
//! the commands that leave for another screen.

use ratatui_textarea::TextArea;

use super::{Browser, Column};
use crate::guide::Guide;
use crate::index::Filter;
use crate::session::Status;
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::nav::Nav;

impl Browser {
    pub fn update(&mut self, guide: &Guide, action: Action) -> Option<Nav> {
        if self.typing {
            self.type_query(action);
            return None;
        }
        let selected_id = self.selected().map(|e| e.id.clone());
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.rows().saturating_sub(1)),
            Action::PrevQuestion => self.cursor = self.cursor.saturating_sub(10),
            Action::NextQuestion => {
                self.cursor = (self.cursor + 10).min(self.rows().saturating_sub(1))
            }
            Action::Select => {
                if let Some(problem) = self.selected_problem() {
                    return Some(Nav::Message(problem));
                }
                let id = selected_id?;
                return Some(match self.hit(guide, &id) {
                    Some(at) => Nav::ReviewAt(id, at),
                    None => Nav::Review(id),
                });
            }
            Action::Back => {
                if self.only.is_some() {
                    self.only = None;
                    self.refresh();
                } else {
                    return Some(Nav::Home);
                }
            }
            Action::Command(command) => return self.command(guide, command, selected_id),
            _ => {}
        }
        None
    }

    /// A key while the query is being typed.
    fn type_query(&mut self, action: Action) {
        match action {
            Action::Input(key) => {
                crate::tui::line_edit::input(&mut self.query, key);
            }
            Action::Paste(text) => {
                self.query.insert_str(text::line(&text));
            }
            Action::Back | Action::Select | Action::FocusNext => self.typing = false,
            _ => return,
        }
        self.cursor = 0;
        self.refresh();
    }

    /// A command: one that changes the table, or one that leaves for another screen.
    fn command(
        &mut self,
        guide: &Guide,
        command: Command,
        selected: Option<String>,
    ) -> Option<Nav> {
        let shown = || -> Vec<String> { self.shown().iter().map(|e| e.id.clone()).collect() };
        match command {
            Command::Edit => selected.map(|id| match self.hit(guide, &id) {
                Some(at) => Nav::OpenAt(id, at),
                None => Nav::Open(id),
            }),
            Command::EditMeta => selected.map(Nav::EditMeta),
            Command::Delete => selected.map(Nav::ConfirmDelete),
            Command::Export => selected.map(|id| Nav::Export(vec![id])),
            Command::ExportAll => Some(shown()).filter(|ids| !ids.is_empty()).map(Nav::Export),
            Command::Report => Some(shown()).filter(|ids| !ids.is_empty()).map(Nav::Report),
            Command::Insights => Some(Nav::Insights),
            Command::Trash => Some(Nav::Trash),
            Command::Customer => selected.map(Nav::Customer),
            Command::Blind => selected.map(Nav::Blind),
            Command::NewInterview => Some(Nav::NewInterview),
            Command::Home => Some(Nav::Home),
            Command::Sync => Some(Nav::Sync),
            other => {
                self.change_table(guide, other);
                None
            }
        }
    }

    /// Searching, sorting and filtering.
    fn change_table(&mut self, guide: &Guide, command: Command) {
        match command {
            Command::Search => {
                self.typing = true;
                crate::tui::line_edit::select_on_entry(&mut self.query);
                return;
            }
            Command::Sort => {
                let at = Column::ALL
                    .iter()
                    .position(|c| *c == self.sort)
                    .unwrap_or(0);
                self.sort = Column::ALL[(at + 1) % Column::ALL.len()];
            }
            Command::SortReverse => self.descending = !self.descending,
            Command::FilterStage => {
                let mut stages: Vec<Option<String>> =
                    guide.stages.iter().map(|s| Some(s.id.clone())).collect();
                stages.push(None);
                self.filter.stage = cycle(&self.filter.stage, &stages);
            }
            Command::FilterStatus => {
                let statuses = [Status::InProgress, Status::Complete];
                self.filter.status = cycle(&self.filter.status, &statuses);
            }
            Command::FilterInterviewer => {
                let names: std::collections::BTreeSet<&str> =
                    self.entries.iter().map(|e| &*e.interviewer).collect();
                let names: Vec<String> = names.into_iter().map(String::from).collect();
                self.filter.interviewer = cycle(&self.filter.interviewer, &names);
            }
            Command::ClearFilters => {
                self.query = TextArea::default();
                self.query.set_placeholder_text("type to filter");
                self.filter = Filter::default();
                self.only = None;
            }
            _ => return,
        }
        self.refresh();
    }
}

/// The next value of a filter: all, then each value in turn, then all again.
fn cycle<T: Clone + PartialEq>(current: &Option<T>, values: &[T]) -> Option<T> {
    match current {
        None => values.first().cloned(),
        Some(v) => values
            .iter()
            .position(|x| x == v)
            .and_then(|i| values.get(i + 1).cloned()),
    }
}
