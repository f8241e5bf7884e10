//! The session browser: every session in a sortable table, filtered as you type and by stage,
//! status and interviewer; unreadable files listed with their reasons.

mod draw;

pub use draw::draw;

use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::Mode;
use crate::tui::later::{Later, Wanted};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::Frame;
use ratatui_textarea::TextArea;

use crate::guide::Guide;
use crate::session::{SearchIndex, Status, Store, Summary};
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::nav::Nav;
use crate::tui::theme;

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
    texts: Option<SearchIndex>,
    /// Reading it, on a thread, the first time a search needs it: typing goes on meanwhile.
    pub reading: Later<(Vec<String>, SearchIndex)>,
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
    pub only: Option<(String, std::collections::HashSet<std::sync::Arc<str>>)>,
    /// The check against the session files after a first frame drawn from the index.
    pub check: Later<Checked>,
}

/// The sessions as the files have them, and the files that could not be read.
type Checked = (Vec<Summary>, Vec<(String, String)>);

fn checked(store: &Store, guide: &Guide) -> Checked {
    match store.summaries(guide) {
        Ok(l) => (
            l.sessions,
            l.problems.iter().map(|p| p.file_and_reason()).collect(),
        ),
        Err(e) => (Vec::new(), vec![e.file_and_reason()]),
    }
}

impl Browser {
    /// The browser at once: from the summary index as last written when there is one (the files
    /// are checked right after the first frame, and the table corrected), else read and checked
    /// now.
    pub fn open(store: &Store, guide: &Guide) -> Browser {
        match store.summaries_as_indexed(guide) {
            Some(entries) => {
                let mut browser = Browser::with(store, (entries, Vec::new()));
                browser.check = Later::Due;
                browser
            }
            None => Browser::load(store, guide),
        }
    }

    /// The browser read from the session files (through the index, checked).
    pub fn load(store: &Store, guide: &Guide) -> Browser {
        Browser::with(store, checked(store, guide))
    }

    fn with(store: &Store, (entries, problems): Checked) -> Browser {
        let mut query = TextArea::default();
        query.set_placeholder_text("type to filter");
        query.set_cursor_line_style(ratatui::style::Style::default());
        let mut browser = Browser {
            store: store.clone(),
            entries,
            texts: None,
            reading: Later::Idle,
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
            check: Later::Idle,
        };
        browser.refresh();
        browser
    }

    /// Starts the check after the first frame, or takes its result when it ended. True when
    /// the table changed.
    pub fn poll_check(&mut self, store: &Store, guide: &Guide) -> bool {
        let Some(fresh) = self.check.poll(|| {
            let (store, guide) = (store.clone(), guide.clone());
            move |_: &Wanted| checked(&store, &guide)
        }) else {
            return false;
        };
        if fresh.0 == self.entries && fresh.1 == self.problems {
            return false;
        }
        self.replace(fresh);
        true
    }

    /// Starts reading what the filter searches, if it has not been read and is not being read.
    fn ensure_texts(&mut self) {
        if self.texts.is_none() && !self.reading.pending() {
            self.reading = Later::Soon;
        }
    }

    /// Whether a search waits for the sessions to be read.
    pub fn searching(&self) -> bool {
        self.reading.pending()
    }

    /// Starts reading what the filter searches, or takes it when it has been read and filters.
    /// True when the table changed.
    pub fn poll_search(&mut self, guide: &Guide) -> bool {
        let (store, entries) = (&self.store, &self.entries);
        let Some((read, index)) = self.reading.poll(|| {
            let ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
            let (store, guide) = (store.clone(), guide.clone());
            // Left unread when the browser is gone before the reading ends.
            move |wanted: &Wanted| {
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                let index = SearchIndex::build(&store, &guide, &refs, &|| wanted.still());
                (ids, index)
            }
        }) else {
            return false;
        };
        // Read for other sessions (they changed meanwhile): read again.
        if !read
            .iter()
            .map(String::as_str)
            .eq(self.entries.iter().map(|e| e.id.as_str()))
        {
            self.reading = Later::Soon;
            return false;
        }
        self.texts = Some(index);
        self.refresh();
        true
    }

    /// Reads the sessions again, keeping the filters, the sort and (where it can) the cursor.
    pub fn reload(&mut self, store: &Store, guide: &Guide) {
        self.check = Later::Idle;
        self.replace(checked(store, guide));
    }

    /// New entries, keeping the filters, the sort and (where it can) the cursor; what the filter
    /// searches is read again only when the sessions changed.
    fn replace(&mut self, (entries, problems): Checked) {
        let selected = self.selected().map(|e| e.id.clone());
        if entries != self.entries {
            let searching = self.texts.is_some() || self.reading.pending();
            self.texts = None;
            self.reading = Later::Idle;
            self.entries = entries;
            if searching {
                self.ensure_texts();
            }
        }
        self.problems = problems;
        self.refresh();
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
    pub fn refresh(&mut self) {
        let terms: Vec<String> = self
            .query_text()
            .to_lowercase()
            .split_whitespace()
            .map(String::from)
            .collect();
        if !terms.is_empty() {
            self.ensure_texts();
        }
        let found = match (&self.texts, terms.is_empty()) {
            (Some(index), false) => index.matching(&terms),
            _ => Vec::new(),
        };
        let keep = |i: usize| {
            let e = &self.entries[i];
            (terms.is_empty() || found.get(i).copied().unwrap_or(false))
                && self.stage.as_ref().is_none_or(|s| e.stage == *s)
                && self.status.is_none_or(|s| e.status() == s)
                && self
                    .interviewer
                    .as_ref()
                    .is_none_or(|i| e.interviewer == *i)
                && self
                    .only
                    .as_ref()
                    .is_none_or(|(_, ids)| ids.contains(e.id.as_str()))
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
        let by_text = matches!(
            self.sort,
            Column::Customer | Column::Participant | Column::Interviewer | Column::Status
        );
        if by_text {
            visible.sort_by_cached_key(|&i| {
                let (text, number) = key(&self.entries[i]);
                (text, OrderedF64(number), self.entries[i].id.clone())
            });
        } else {
            // Numbers only: compared in place, nothing allocated per session.
            visible.sort_by(|&a, &b| {
                let (ea, eb) = (&self.entries[a], &self.entries[b]);
                OrderedF64(key(ea).1)
                    .cmp(&OrderedF64(key(eb).1))
                    .then_with(|| ea.id.cmp(&eb.id))
            });
        }
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
                    crate::tui::line_edit::input(&mut self.query, key);
                }
                Action::Paste(text) => {
                    self.query.insert_str(text::line(&text));
                }
                Action::Back | Action::Select | Action::FocusNext => self.typing = false,
                _ => return None,
            }
            self.cursor = 0;
            self.refresh();
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
                    self.refresh();
                } else {
                    return Some(Nav::Home);
                }
            }
            Action::Command(command) => match command {
                Command::Search => {
                    self.typing = true;
                    crate::tui::line_edit::select_on_entry(&mut self.query);
                }
                Command::Sort => {
                    let at = Column::ALL
                        .iter()
                        .position(|c| *c == self.sort)
                        .unwrap_or(0);
                    self.sort = Column::ALL[(at + 1) % Column::ALL.len()];
                    self.refresh();
                }
                Command::SortReverse => {
                    self.descending = !self.descending;
                    self.refresh();
                }
                Command::FilterStage => {
                    let mut stages: Vec<Option<String>> =
                        guide.stages.iter().map(|s| Some(s.id.clone())).collect();
                    stages.push(None);
                    self.stage = Self::cycle(&self.stage, &stages);
                    self.refresh();
                }
                Command::FilterStatus => {
                    self.status =
                        Self::cycle(&self.status, &[Status::InProgress, Status::Complete]);
                    self.refresh();
                }
                Command::FilterInterviewer => {
                    let mut names: Vec<String> =
                        self.entries.iter().map(|e| e.interviewer.clone()).collect();
                    names.sort();
                    names.dedup();
                    self.interviewer = Self::cycle(&self.interviewer, &names);
                    self.refresh();
                }
                Command::ClearFilters => {
                    self.query = TextArea::default();
                    self.query.set_placeholder_text("type to filter");
                    self.stage = None;
                    self.status = None;
                    self.interviewer = None;
                    self.only = None;
                    self.refresh();
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
