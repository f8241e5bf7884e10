//! The session browser: every session in a sortable table, chosen by one `crate::index::Filter`
//! (typed words, stage, status, interviewer); unreadable files listed with their reasons.

mod column;
mod draw;
mod input;

pub use column::Column;
pub use draw::draw;

use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::hits::Hit;
use crate::tui::keymap::Mode;
use crate::tui::later::{Later, Wanted, READ_BEFORE_FRAME};
use ratatui::layout::Rect;
use ratatui::Frame;
use ratatui_textarea::TextArea;

use crate::guide::Guide;
use std::sync::Arc;

use crate::index::{Filter, IndexRead, SearchIndex, Stamps, Summary};
use crate::session::Store;
use crate::transcript::search_hit;
use crate::tui::action::Action;

pub struct Browser {
    store: Store,
    /// Every session, as the summary index has it (shared with a search's reading).
    pub entries: Arc<Vec<Summary>>,
    /// Their files' stamps once checked (none before): the word index is checked against them.
    stamps: Stamps,
    /// What the filter searches, per entry: read from the files the first time it is needed.
    texts: Option<Arc<SearchIndex>>,
    /// Whether `texts` were checked against the files; a search typed before the check of the
    /// files ended answers from the word index as last written, checked when the check ends.
    texts_checked: bool,
    /// Reading it, on a thread, the first time a search needs it: typing goes on meanwhile.
    pub reading: Later<(Arc<Vec<Summary>>, Arc<SearchIndex>, bool)>,
    /// Files that could not be read: (file name, reason).
    pub problems: Vec<(String, String)>,
    /// Indices of the entries shown, filtered and sorted.
    pub visible: Vec<usize>,
    pub cursor: usize,
    pub sort: Column,
    pub descending: bool,
    pub query: TextArea<'static>,
    pub typing: bool,
    /// Which sessions are shown, as `list`, `export` and `report` choose them; its text is the
    /// query typed.
    pub filter: Filter,
    /// Only these sessions (chosen from a bar in the insights), with what they share.
    pub only: Option<(String, std::collections::HashSet<std::sync::Arc<str>>)>,
    /// The check against the session files after a first frame drawn from the index: nothing
    /// when every summary read still holds (the stamps the index gave, `indexed`, are then the
    /// files').
    pub check: Later<Option<Checked>>,
    /// The index as the first frame read it, while it holds.
    read: Option<IndexRead>,
    /// The stamps the index gives the files, until the check finds them true.
    indexed: Stamps,
    /// Opened with no summary index and many sessions: none listed until the check has read
    /// them, and the head says so.
    pub first_read: bool,
}

/// The sessions as the files have them, the files that could not be read, and the sessions'
/// files' stamps.
type Checked = (Vec<Summary>, Vec<(String, String)>, Stamps);

fn checked(store: &Store, guide: &Guide) -> Checked {
    match store.summaries_stamped(guide) {
        Ok((l, stamps)) => listed(l, stamps),
        Err(e) => unlisted(e),
    }
}

fn listed(l: crate::index::Summaries, stamps: Stamps) -> Checked {
    let problems = l.problems.iter().map(|p| p.file_and_reason()).collect();
    (l.sessions, problems, stamps)
}

fn unlisted(e: crate::session::StoreError) -> Checked {
    (Vec::new(), vec![e.file_and_reason()], Stamps::default())
}

/// The check of the summaries `read` gave: nothing when they all still hold (100,000 summaries
/// are not made a second time to be found equal), else the sessions as checked.
fn checked_since(store: &Store, guide: &Guide, read: Option<IndexRead>) -> Option<Checked> {
    let Some(read) = read else {
        return Some(checked(store, guide));
    };
    match store.summaries_unless_held(guide, read) {
        Ok(None) => None,
        Ok(Some((l, stamps))) => Some(listed(l, stamps)),
        Err(e) => Some(unlisted(e)),
    }
}

/// What a search reads, checked against the files' `stamps`: the unchecked index it answered
/// from when it still holds, else the word index on disk where it holds, the other sessions
/// read (it answers before the index is written again).
fn read_texts(
    store: &Store,
    guide: &Guide,
    ids: &[&str],
    stamps: &Stamps,
    unchecked: Option<Arc<SearchIndex>>,
    wanted: &Wanted,
) -> Arc<SearchIndex> {
    let still = || wanted.still();
    // From the word index where it holds (the one taken as written, else the file); the other
    // sessions are read. The search answers before the file is written.
    let (index, write) = match unchecked {
        Some(unchecked) => match store.search_index_again(&unchecked, guide, ids, stamps, &still) {
            None => return unchecked,
            Some(again) => again,
        },
        None => store.search_index_unwritten(guide, ids, Some(stamps), &still),
    };
    if let Some(write) = write {
        write.finish_later();
    }
    Arc::new(index)
}

impl Browser {
    /// The browser at once: from the summary index as last written when there is one (the files
    /// are checked right after the first frame, and the table corrected), else read and checked
    /// now.
    pub fn open(store: &Store, guide: &Guide) -> Browser {
        match store.summaries_as_indexed(guide) {
            Some((entries, read, indexed)) => {
                let mut browser = Browser::with(store, (entries, Vec::new(), Stamps::default()));
                browser.check = Later::Due;
                browser.read = Some(read);
                browser.indexed = indexed;
                browser
            }
            None if !store.more_sessions_than(READ_BEFORE_FRAME) => Browser::load(store, guide),
            // No index, many sessions: the browser at once, the sessions once the check has
            // read them (and written the index).
            None => {
                let mut browser = Browser::with(store, (Vec::new(), Vec::new(), Stamps::default()));
                browser.check = Later::Due;
                browser.first_read = true;
                browser
            }
        }
    }

    /// The browser read from the session files (through the index, checked).
    pub fn load(store: &Store, guide: &Guide) -> Browser {
        Browser::with(store, checked(store, guide))
    }

    fn with(store: &Store, (entries, problems, stamps): Checked) -> Browser {
        let mut query = TextArea::default();
        query.set_placeholder_text("type to filter");
        query.set_cursor_line_style(ratatui::style::Style::default());
        let mut browser = Browser {
            store: store.clone(),
            entries: Arc::new(entries),
            stamps,
            texts: None,
            texts_checked: false,
            reading: Later::Idle,
            problems,
            visible: Vec::new(),
            cursor: 0,
            sort: Column::Date,
            descending: true,
            query,
            typing: false,
            filter: Filter::default(),
            only: None,
            check: Later::Idle,
            read: None,
            indexed: Stamps::default(),
            first_read: false,
        };
        browser.refresh();
        browser
    }

    /// Starts the check after the first frame, or takes its result when it ended. True when
    /// the table changed. A check again (the files' stamps known) waits while a search reads:
    /// the search does not need it, and their memory is not added up.
    pub fn poll_check(&mut self, store: &Store, guide: &Guide) -> bool {
        let again = self.stamps.len() == self.entries.len();
        if again && self.reading.pending() && matches!(self.check, Later::Due | Later::Soon) {
            return false;
        }
        let read = self.read;
        let Some(fresh) = self.check.poll(|| {
            let (store, guide) = (store.clone(), guide.clone());
            move |_: &Wanted| checked_since(&store, &guide, read)
        }) else {
            return false;
        };
        let first = std::mem::take(&mut self.first_read);
        if self.texts.is_some() && !self.texts_checked && !self.reading.pending() {
            // Checked against the stamps this check found, once they are set below.
            self.reading = Later::Soon;
        }
        let Some(fresh) = fresh else {
            // The same index still holds: its stamps are the files' (a later check finds the
            // ones already taken).
            if !self.indexed.is_empty() {
                self.stamps = std::mem::take(&mut self.indexed);
            }
            return first;
        };
        self.read = None;
        self.indexed = Stamps::default();
        if fresh.0 == *self.entries && fresh.1 == self.problems {
            self.stamps = fresh.2;
            return first;
        }
        self.replace(fresh);
        true
    }

    /// Every session as checked against the files, once the check after the first frame has
    /// ended; none before.
    pub fn checked_entries(&self) -> Option<&[Summary]> {
        (!self.check.pending()).then_some(self.entries.as_slice())
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
        let (store, entries, stamps) = (&self.store, &self.entries, &self.stamps);
        // Before the check of the files, their stamps are not known yet.
        let checked = stamps.len() == entries.len();
        let (texts, was_checked) = (&self.texts, self.texts_checked);
        let Some((read, index, texts_checked)) = self.reading.poll(|| {
            let unchecked = texts.clone().filter(|_| !was_checked);
            // The summaries shared, not their ids copied (100,000 strings beside the index).
            let entries = Arc::clone(entries);
            let (store, guide, stamps) = (store.clone(), guide.clone(), stamps.clone());
            // Left unread when the browser is gone before the reading ends.
            move |wanted: &Wanted| {
                let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
                let (index, checked) = if checked {
                    (
                        read_texts(&store, &guide, &ids, &stamps, unchecked, wanted),
                        true,
                    )
                } else {
                    match store.search_index_as_written(&guide, &ids) {
                        Some(index) => (Arc::new(index), false),
                        None => (
                            read_texts(&store, &guide, &ids, &stamps, unchecked, wanted),
                            true,
                        ),
                    }
                };
                drop(ids);
                (entries, index, checked)
            }
        }) else {
            return false;
        };
        // Read for other sessions (they changed meanwhile): read again.
        if !Arc::ptr_eq(&read, &self.entries) {
            self.reading = Later::Soon;
            return false;
        }
        self.texts = Some(index);
        self.texts_checked = texts_checked;
        if !texts_checked && !self.check.pending() {
            // The check ended while the index was read: check it now.
            self.reading = Later::Soon;
        }
        self.refresh();
        true
    }

    /// Reads the sessions again, keeping the filters, the sort and (where it can) the cursor.
    pub fn reload(&mut self, store: &Store, guide: &Guide) {
        self.check = Later::Idle;
        self.read = None;
        self.indexed = Stamps::default();
        self.replace(checked(store, guide));
    }

    /// Checks the sessions against the files again after the next frame (the table stays as it
    /// is until then): coming back from a screen that changed nothing, at once.
    pub fn check_again(&mut self) {
        self.check = Later::Due;
    }

    /// New entries, keeping the filters, the sort and (where it can) the cursor; what the filter
    /// searches is read again only when the sessions changed.
    fn replace(&mut self, (entries, problems, stamps): Checked) {
        let selected = self.selected().map(|e| e.id.clone());
        self.stamps = stamps;
        if entries != *self.entries {
            let searching = self.texts.is_some() || self.reading.pending();
            self.texts = None;
            self.texts_checked = false;
            self.reading = Later::Idle;
            self.entries = Arc::new(entries);
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

    /// Shows the sessions `filter` keeps; its text becomes the query.
    pub fn set_filter(&mut self, filter: Filter) {
        self.query = TextArea::from([filter.text.clone()]);
        self.query.set_placeholder_text("type to filter");
        self.filter = filter;
        self.cursor = 0;
        self.refresh();
    }

    pub fn query_text(&self) -> String {
        self.query.lines().join(" ")
    }

    /// Applies the filters and the sort.
    pub fn refresh(&mut self) {
        self.filter.text = self.query_text();
        let terms = self.filter.terms();
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
                && self.filter.keeps_summary(e)
                && self
                    .only
                    .as_ref()
                    .is_none_or(|(_, ids)| ids.contains(e.id.as_str()))
        };
        let mut visible: Vec<usize> = (0..self.entries.len()).filter(|&i| keep(i)).collect();
        column::sort(&mut visible, &self.entries, self.sort);
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

    /// Where the words searched for are in session `id`: the question (its place in the
    /// guide's order) whose answer, notes or quotes hold them, or that was on screen when a
    /// transcript line holding them was said. None without a search.
    pub fn hit(&self, guide: &Guide, id: &str) -> Option<usize> {
        let terms = self.filter.terms();
        if terms.is_empty() {
            return None;
        }
        let session = self.store.load(id).ok()?;
        let question = search_hit(&self.store, guide, &session, &terms)?;
        guide.questions().position(|(_, q)| q.id == question)
    }

    /// The sessions shown, for insights and exports.
    pub fn shown(&self) -> Vec<&Summary> {
        self.visible.iter().map(|&i| &self.entries[i]).collect()
    }
}

impl Component for Browser {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        Outcome::go(self.update(ctx.guide, action))
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, ctx.guide, self);
    }

    /// A click selects the row; a click on the selected row reads the session.
    fn click(&mut self, hit: Hit, ctx: &Ctx) -> Outcome {
        let Hit::Row(row) = hit else {
            return Outcome::Done;
        };
        if row >= self.rows() {
            return Outcome::Done;
        }
        if row == self.cursor {
            return Outcome::go(self.update(ctx.guide, Action::Select));
        }
        self.cursor = row;
        Outcome::Done
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(if self.typing {
            Mode::Search
        } else {
            Mode::Browser
        })
    }

    fn tick(&mut self, ctx: &Ctx) -> bool {
        let checked = self.poll_check(ctx.store, ctx.guide);
        self.poll_search(ctx.guide) || checked
    }

    fn busy(&self) -> bool {
        self.check.pending() || self.searching()
    }
}
