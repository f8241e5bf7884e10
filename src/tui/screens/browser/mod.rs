//! The session browser: every session in a sortable table, filtered as you type and by stage,
//! status and interviewer; unreadable files listed with their reasons.

mod draw;

pub use draw::draw;

use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::Mode;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::Frame;
use ratatui_textarea::TextArea;

use crate::guide::Guide;
use crate::session::{answer_text, Session, Status, Store, Summary};
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::nav::Nav;
use crate::tui::theme;

/// The lower-case text the filter searches in a session: names, notes, quotes and answers.
fn search_text(guide: &Guide, session: &Session) -> String {
    let m = &session.meta;
    let mut text = [
        m.customer.as_str(),
        m.participant.as_str(),
        m.role.as_str(),
        m.interviewer.as_str(),
    ]
    .join("\n");
    for (id, answer) in &session.answers {
        for part in std::iter::once(&answer.notes).chain(&answer.quotes) {
            text.push('\n');
            text.push_str(part);
        }
        if let (Some(q), Some(v)) = (guide.question(id), answer.value.as_ref()) {
            text.push('\n');
            text.push_str(&answer_text(q, v));
        }
    }
    text.to_lowercase()
}

/// The search text of each session, read on all cores; a session that cannot be read has none.
fn search_texts(store: &Store, guide: &Guide, ids: &[&str]) -> Vec<Box<str>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let per = ids.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = ids
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|id| {
                            store
                                .load(id)
                                .map(|s| search_text(guide, &s))
                                .unwrap_or_default()
                                .into_boxed_str()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Date,
    Customer,
    Participant,
    Interviewer,
    Status,
    Stage,
    Obstacles,
    Duration,
}

impl Column {
    const ALL: [Column; 8] = [
        Column::Date,
        Column::Customer,
        Column::Participant,
        Column::Interviewer,
        Column::Status,
        Column::Stage,
        Column::Obstacles,
        Column::Duration,
    ];

    fn title(self) -> &'static str {
        match self {
            Column::Date => "Date",
            Column::Customer => "Customer",
            Column::Participant => "Participant",
            Column::Interviewer => "Interviewer",
            Column::Status => "Status",
            Column::Stage => "Stage",
            Column::Obstacles => "Obstacles raised",
            Column::Duration => "Time",
        }
    }
}

pub struct Browser {
    store: Store,
    /// Every session, as the summary index has it.
    pub entries: Vec<Summary>,
    /// What the filter searches, per entry: read from the files the first time it is needed.
    texts: Option<Vec<Box<str>>>,
    /// Files that could not be read: (file name, reason).
    pub problems: Vec<(String, String)>,
    /// Indices of the entries shown, filtered and sorted.
    pub visible: Vec<usize>,
    pub cursor: usize,
    pub sort: Column,
    pub descending: bool,
    pub query: TextArea<'static>,
    pub typing: bool,
    /// `Some(None)`: sessions with no evidence yet.
    pub stage: Option<Option<String>>,
    pub status: Option<Status>,
    pub interviewer: Option<String>,
    /// Only these sessions (chosen from a bar in the insights), with what they share.
    pub only: Option<(String, Vec<String>)>,
}

impl Browser {
    pub fn load(store: &Store, guide: &Guide) -> Browser {
        let (entries, problems) = match store.summaries(guide) {
            Ok(l) => (
                l.sessions,
                l.problems.iter().map(|p| p.file_and_reason()).collect(),
            ),
            Err(e) => (Vec::new(), vec![e.file_and_reason()]),
        };
        let mut query = TextArea::default();
        query.set_placeholder_text("type to filter");
        query.set_cursor_line_style(ratatui::style::Style::default());
        let mut browser = Browser {
            store: store.clone(),
            entries,
            texts: None,
            problems,
            visible: Vec::new(),
            cursor: 0,
            sort: Column::Date,
            descending: true,
            query,
            typing: false,
            stage: None,
            status: None,
            interviewer: None,
            only: None,
        };
        browser.refresh(guide);
        browser
    }

    /// Reads what the filter searches, if it has not been read yet.
    fn ensure_texts(&mut self, guide: &Guide) {
        if self.texts.is_none() {
            let ids: Vec<&str> = self.entries.iter().map(|e| e.id.as_str()).collect();
            self.texts = Some(search_texts(&self.store, guide, &ids));
        }
    }

    /// Reads the sessions again, keeping the filters, the sort and (where it can) the cursor.
    pub fn reload(&mut self, store: &Store, guide: &Guide) {
        let fresh = Browser::load(store, guide);
        let selected = self.selected().map(|e| e.id.clone());
        let searching = self.texts.is_some();
        self.entries = fresh.entries;
        self.problems = fresh.problems;
        self.texts = None;
        if searching {
            self.ensure_texts(guide);
        }
        self.refresh(guide);
        if let Some(id) = selected {
            if let Some(at) = self.visible.iter().position(|&i| self.entries[i].id == id) {
                self.cursor = at;
            }
        }
    }

    pub fn query_text(&self) -> String {
        self.query.lines().join(" ")
    }

    /// Applies the filters and the sort.
    pub fn refresh(&mut self, guide: &Guide) {
        let terms: Vec<String> = self
            .query_text()
            .to_lowercase()
            .split_whitespace()
            .map(String::from)
            .collect();
        if !terms.is_empty() {
            self.ensure_texts(guide);
        }
        let texts = self.texts.as_deref();
        let keep = |i: usize| {
            let e = &self.entries[i];
            terms
                .iter()
                .all(|t| texts.is_some_and(|texts| texts[i].contains(t.as_str())))
                && self.stage.as_ref().is_none_or(|s| e.stage == *s)
                && self.status.is_none_or(|s| e.status() == s)
                && self
                    .interviewer
                    .as_ref()
                    .is_none_or(|i| e.interviewer == *i)
                && self
                    .only
                    .as_ref()
                    .is_none_or(|(_, ids)| ids.contains(&e.id))
        };
        let mut visible: Vec<usize> = (0..self.entries.len()).filter(|&i| keep(i)).collect();
        let key = |e: &Summary| -> (String, f64) {
            match self.sort {
                Column::Date => (String::new(), e.started.timestamp() as f64),
                Column::Customer => (e.customer.to_lowercase(), 0.0),
                Column::Participant => (e.participant.to_lowercase(), 0.0),
                Column::Interviewer => (e.interviewer.to_lowercase(), 0.0),
                Column::Status => (e.status().label().to_string(), 0.0),
                Column::Stage => (String::new(), e.position.unwrap_or(-1.0)),
                Column::Obstacles => (String::new(), e.obstacles_raised.len() as f64),
                Column::Duration => (String::new(), e.elapsed_seconds as f64),
            }
        };
        visible.sort_by_cached_key(|&i| {
            let (text, number) = key(&self.entries[i]);
            (text, OrderedF64(number), self.entries[i].id.clone())
        });
        if self.descending {
            visible.reverse();
        }
        self.visible = visible;
        self.cursor = self.cursor.min(self.rows().saturating_sub(1));
    }

    /// Rows in the table: the sessions shown, then the unreadable files.
    fn rows(&self) -> usize {
        self.visible.len() + self.problems.len()
    }

    pub fn selected(&self) -> Option<&Summary> {
        self.visible.get(self.cursor).map(|&i| &self.entries[i])
    }

    pub fn selected_problem(&self) -> Option<String> {
        self.cursor
            .checked_sub(self.visible.len())
            .and_then(|i| self.problems.get(i))
            .map(|(file, reason)| {
                format!("{file} could not be read and was left as it is: {reason}")
            })
    }

    /// The sessions shown, for insights and exports.
    pub fn shown(&self) -> Vec<&Summary> {
        self.visible.iter().map(|&i| &self.entries[i]).collect()
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

    pub fn update(&mut self, guide: &Guide, action: Action) -> Option<Nav> {
        if self.typing {
            match action {
                Action::Input(key) => {
                    self.query.input(key);
                }
                Action::Paste(text) => {
                    self.query.insert_str(text::line(&text));
                }
                Action::Back | Action::Select | Action::FocusNext => self.typing = false,
                _ => return None,
            }
            self.cursor = 0;
            self.refresh(guide);
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
                return selected_id.map(Nav::Review);
            }
            Action::Back => {
                if self.only.is_some() {
                    self.only = None;
                    self.refresh(guide);
                } else {
                    return Some(Nav::Home);
                }
            }
            Action::Command(command) => match command {
                Command::Search => self.typing = true,
                Command::Sort => {
                    let at = Column::ALL
                        .iter()
                        .position(|c| *c == self.sort)
                        .unwrap_or(0);
                    self.sort = Column::ALL[(at + 1) % Column::ALL.len()];
                    self.refresh(guide);
                }
                Command::SortReverse => {
                    self.descending = !self.descending;
                    self.refresh(guide);
                }
                Command::FilterStage => {
                    let mut stages: Vec<Option<String>> =
                        guide.stages.iter().map(|s| Some(s.id.clone())).collect();
                    stages.push(None);
                    self.stage = Self::cycle(&self.stage, &stages);
                    self.refresh(guide);
                }
                Command::FilterStatus => {
                    self.status =
                        Self::cycle(&self.status, &[Status::InProgress, Status::Complete]);
                    self.refresh(guide);
                }
                Command::FilterInterviewer => {
                    let mut names: Vec<String> =
                        self.entries.iter().map(|e| e.interviewer.clone()).collect();
                    names.sort();
                    names.dedup();
                    self.interviewer = Self::cycle(&self.interviewer, &names);
                    self.refresh(guide);
                }
                Command::ClearFilters => {
                    self.query = TextArea::default();
                    self.query.set_placeholder_text("type to filter");
                    self.stage = None;
                    self.status = None;
                    self.interviewer = None;
                    self.only = None;
                    self.refresh(guide);
                }
                Command::Edit => return selected_id.map(Nav::Open),
                Command::EditMeta => return selected_id.map(Nav::EditMeta),
                Command::Delete => return selected_id.map(Nav::ConfirmDelete),
                Command::Export => return selected_id.map(|id| Nav::Export(vec![id])),
                Command::ExportAll => {
                    let ids: Vec<String> = self.shown().iter().map(|e| e.id.clone()).collect();
                    return (!ids.is_empty()).then_some(Nav::Export(ids));
                }
                Command::Insights => return Some(Nav::Insights),
                Command::Report => {
                    let ids: Vec<String> = self.shown().iter().map(|e| e.id.clone()).collect();
                    return (!ids.is_empty()).then_some(Nav::Report(ids));
                }
                Command::Trash => return Some(Nav::Trash),
                Command::NewInterview => return Some(Nav::NewInterview),
                Command::Home => return Some(Nav::Home),
                Command::Sync => return Some(Nav::Sync),
                _ => {}
            },
            _ => {}
        }
        None
    }

    /// What the filters are, in words.
    fn filters(&self, guide: &Guide) -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        let mut add = |key: &str, what: String| {
            spans.push(Span::styled(format!(" {key}: "), theme::key()));
            spans.push(Span::raw(format!("{what}  ")));
        };
        let stage = match &self.stage {
            None => "all stages".to_string(),
            Some(None) => "no evidence yet".to_string(),
            Some(Some(id)) => crate::assess::stage_name(guide, id).to_string(),
        };
        add("g", stage);
        add(
            "t",
            self.status
                .map_or("any status".to_string(), |s| s.label().to_string()),
        );
        add(
            "i",
            self.interviewer
                .as_ref()
                .map_or("any interviewer".to_string(), |i| {
                    if i.is_empty() {
                        "(no interviewer)".into()
                    } else {
                        text::line(i).into_owned()
                    }
                }),
        );
        if let Some((label, ids)) = &self.only {
            spans.push(Span::styled(
                format!(
                    "  only {} session(s): {} (Esc)",
                    ids.len(),
                    text::line(label)
                ),
                theme::warn(),
            ));
        }
        spans
    }
}

/// A float that sorts (NaN last), for sort keys.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrderedF64(f64);

impl Eq for OrderedF64 {}

impl PartialOrd for OrderedF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Component for Browser {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Option<Nav> {
        self.update(ctx.guide, action)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, ctx.guide, self);
    }

    /// A click selects the row; a click on the selected row reads the session.
    fn click_row(&mut self, row: usize, ctx: &Ctx) -> Option<Nav> {
        if row >= self.rows() {
            return None;
        }
        if row == self.cursor {
            return self.update(ctx.guide, Action::Select);
        }
        self.cursor = row;
        None
    }

    fn mode(&self, _: &Ctx) -> Mode {
        if self.typing {
            Mode::Search
        } else {
            Mode::Browser
        }
    }
}
