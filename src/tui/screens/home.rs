//! The home screen: resume an interview in progress, start a new one, browse sessions, quit.

use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::hits::Hit;
use crate::tui::keymap::{key_for, Mode};
use crate::tui::later::{Later, READ_BEFORE_FRAME};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::guide::Guide;
use crate::index::Summary;
use crate::session::{Status, Store, Timestamp};
use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::nav::Nav;
use crate::tui::theme;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    New,
    Resume {
        id: String,
        customer: String,
        participant: String,
        updated: Timestamp,
        answered: usize,
        /// Answers or details two copies disagree on (after a team sync).
        conflicts: usize,
    },
    Sessions,
    Quit,
}

/// Interviews in progress the first frame shows from the index: more than a screen holds.
const GLANCE: usize = 200;

#[derive(Debug, Default)]
pub struct Home {
    pub items: Vec<Item>,
    pub cursor: usize,
    pub total: usize,
    /// Sessions with answers in conflict after a team sync.
    pub conflicts: usize,
    /// Files in the store that could not be read.
    pub problems: usize,
    /// The team archive's state, when the data folder is one.
    pub sync: Option<String>,
    /// Checking the screen against the session files and reading the archive's state with git:
    /// both run after the first frame, on a thread, never before it.
    pub check: Later<Home>,
    /// Whether the check reads the sessions again (the screen came from the index unchecked)
    /// or only asks git.
    reload: bool,
    /// Opened with no summary index to show: the sessions are being read for the first time,
    /// and the menu says so until the check ends.
    pub reading: bool,
}

impl Home {
    /// The home screen at once: from the summary index as last written when there is one (the
    /// files are checked right after the first frame, and the screen corrected), else read
    /// and checked now; but an archive of many sessions with no index shows the menu first,
    /// its interviews once they are read.
    pub fn open(store: &Store, guide: &Guide) -> Home {
        match store.glance(guide, GLANCE) {
            Some(glance) => {
                let mut home = Home::of(glance.in_progress, glance.sessions, 0);
                home.conflicts = glance.conflicts;
                home.check = Later::Due;
                home.reload = true;
                home
            }
            None if !store.more_sessions_than(READ_BEFORE_FRAME) => {
                let mut home = Home::load(store, guide);
                home.check = Later::Due;
                home
            }
            // No index yet, and many sessions (a joined archive, an index deleted): the menu
            // at once, with no interview listed until the sessions are read after it.
            None => Home {
                check: Later::Due,
                reload: true,
                reading: true,
                ..Home::of(Vec::new(), 0, 0)
            },
        }
    }

    /// The home screen read from the session files (through the index, checked), without the
    /// archive's state.
    pub fn load(store: &Store, guide: &Guide) -> Home {
        // Streamed from the checked index: only the interviews in progress are kept.
        let (mut sessions, total, conflicts, problems) = match store.scan(guide) {
            Ok(scan) => {
                let (mut total, mut conflicts) = (0, 0);
                let in_progress = scan
                    .summaries(guide)
                    .inspect(|s| {
                        total += 1;
                        conflicts += usize::from(s.conflicts > 0);
                    })
                    .filter(|s| s.status() == Status::InProgress)
                    .collect::<Vec<_>>();
                (in_progress, total, conflicts, scan.problems.len())
            }
            Err(_) => (Vec::new(), 0, 0, 1),
        };
        sessions.sort_by_key(|s| std::cmp::Reverse(s.updated));
        let mut home = Home::of(sessions, total, problems);
        home.conflicts = conflicts;
        home
    }

    fn of(in_progress: Vec<Summary>, total: usize, problems: usize) -> Home {
        let mut items = vec![Item::New];
        items.extend(in_progress.into_iter().map(|s| Item::Resume {
            answered: s.answered,
            conflicts: s.conflicts,
            id: s.id,
            customer: s.customer.to_string(),
            participant: s.participant.to_string(),
            updated: s.updated,
        }));
        items.push(Item::Sessions);
        items.push(Item::Quit);
        // Start on the most recent interview in progress, if there is one.
        let cursor = usize::from(items.len() > 3);
        Home {
            items,
            cursor,
            total,
            problems,
            ..Home::default()
        }
    }

    pub fn update(&mut self, action: Action) -> Option<Nav> {
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.items.len().saturating_sub(1)),
            Action::Select | Action::Right => {
                return match self.items.get(self.cursor)? {
                    Item::New => Some(Nav::NewInterview),
                    Item::Resume { id, .. } => Some(Nav::Open(id.clone())),
                    Item::Sessions => Some(Nav::Sessions),
                    Item::Quit => Some(Nav::Quit),
                }
            }
            Action::Command(Command::NewInterview) => return Some(Nav::NewInterview),
            Action::Command(Command::Sessions) => return Some(Nav::Sessions),
            Action::Command(Command::Sync) => return Some(Nav::Sync),
            Action::Command(Command::Theme) => return Some(Nav::Theme),
            Action::Back => return Some(Nav::Quit),
            _ => {}
        }
        None
    }
}

pub fn draw(frame: &mut Frame, area: Rect, home: &Home, guide: &Guide) {
    let width = area.width.min(76);
    let x = area.x + (area.width - width) / 2;
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(Rect::new(x, area.y, width, area.height));
    frame.render_widget(
        Paragraph::new(title_lines(guide)).block(
            Block::new()
                .borders(Borders::BOTTOM)
                .border_style(theme::border()),
        ),
        head,
    );
    let items: Vec<ListItem> = home
        .items
        .iter()
        .map(|item| ListItem::new(item_line(item, home, width.saturating_sub(2))))
        .collect();
    let heights: Vec<u16> = items.iter().map(|i| i.height() as u16).collect();
    let mut state = ListState::default().with_selected(Some(home.cursor));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(theme::selected())
            .highlight_symbol("▶ "),
        list,
        &mut state,
    );
    crate::tui::chrome::add_rows(list, state.offset(), &heights);
    frame.render_widget(Paragraph::new(foot_lines(home, width, area.width)), foot);
}

fn title_lines(guide: &Guide) -> Vec<Line<'static>> {
    vec![
        Line::from(vec![
            Span::styled("journey", theme::title()),
            Span::raw("  interview assistant"),
        ]),
        Line::styled(
            format!(
                "{} · guide {} {}",
                text::line(&guide.title),
                text::line(&guide.id),
                text::line(&guide.version)
            ),
            theme::dim(),
        ),
    ]
}

/// A line of the menu, with the key that reaches it from anywhere on the screen (from the key
/// table) where there is one; a session's names give way ("…") so its date, its answers and
/// its conflicts fit in `width`.
fn item_line(item: &Item, home: &Home, width: u16) -> Line<'static> {
    use unicode_width::UnicodeWidthStr;
    let key = |action: Action| {
        let name = key_for(Mode::Home, &action).unwrap_or_default();
        Span::styled(format!("{name} "), theme::key())
    };
    match item {
        Item::New => Line::from(vec![
            key(Action::Command(Command::NewInterview)),
            Span::raw("New interview"),
        ]),
        Item::Resume {
            customer,
            participant,
            updated,
            answered,
            conflicts,
            ..
        } => {
            let who = if participant.is_empty() {
                String::new()
            } else {
                format!(" · {}", text::line(participant))
            };
            let when = format!(
                "  {} · {answered} answered",
                updated.format("%Y-%m-%d %H:%M")
            );
            let conflicts = match conflicts {
                0 => String::new(),
                n => format!(" · ⚠ {}", crate::text::count(*n, "conflict")),
            };
            let names = format!("Resume {}{who}", text::line(customer));
            let room = usize::from(width).saturating_sub(2 + when.width() + conflicts.width());
            let names = match crate::tui::chrome::fit_words(&names, room as u16) {
                // One word longer than the room: cut where it runs out.
                fitted if fitted.is_empty() && names.width() > room => text::truncate(&names, room),
                fitted => fitted,
            };
            Line::from(vec![
                Span::styled("↻ ", theme::key()),
                Span::raw(names),
                Span::styled(when, theme::dim()),
                Span::styled(conflicts, theme::warn()),
            ])
        }
        Item::Sessions => Line::from(vec![
            key(Action::Command(Command::Sessions)),
            Span::raw(if home.reading {
                "Browse sessions (reading them…)".to_string()
            } else {
                format!("Browse sessions ({})", home.total)
            }),
        ]),
        Item::Quit => Line::from(vec![key(Action::Quit), Span::raw("Quit")]),
    }
}

/// Unreadable session files, the team archive's status, and the keys.
fn foot_lines(home: &Home, width: u16, area_width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if home.problems > 0 {
        lines.push(Line::styled(
            format!(
                "{} could not be read: see Browse sessions",
                crate::text::count(home.problems, "session file")
            ),
            theme::warn(),
        ));
    }
    if let Some(sync) = &home.sync {
        lines.push(Line::styled(
            text::truncate(sync, usize::from(width)),
            theme::dim(),
        ));
    }
    lines.push(Line::styled(
        crate::tui::chrome::footer(Mode::Home, area_width),
        theme::dim(),
    ));
    lines
}

impl Home {
    /// Whether the check after the first frame is still to start or to end.
    pub fn checking(&self) -> bool {
        self.check.pending()
    }

    /// Starts the check after the first frame, or takes its result when it ended: the screen
    /// as the files have it, the cursor kept on the same item. True when the screen changed.
    pub fn poll_check(&mut self, store: &Store, guide: &Guide) -> bool {
        let (reload, conflicts) = (self.reload, self.conflicts);
        let Some(checked) = self.check.poll(|| {
            let (store, guide) = (store.clone(), guide.clone());
            move |_: &crate::tui::later::Wanted| {
                let mut home = if reload {
                    Home::load(&store, &guide)
                } else {
                    Home {
                        conflicts,
                        ..Home::default()
                    }
                };
                if store.data_dir().join(".git").exists() {
                    home.sync = crate::archive::status(&store, home.conflicts)
                        .ok()
                        .flatten()
                        .map(|mut s| {
                            // The sessions in conflict by name, not a number.
                            s.conflicted = crate::archive::conflicted(&store, &guide);
                            s.line()
                        });
                }
                home
            }
        }) else {
            return false;
        };
        self.sync = checked.sync;
        if reload {
            let at = self.items.get(self.cursor).cloned();
            let cursor = at
                .and_then(|at| checked.items.iter().position(|i| same_item(i, &at)))
                .unwrap_or(checked.cursor);
            self.items = checked.items;
            self.cursor = cursor;
            self.total = checked.total;
            self.problems = checked.problems;
            self.conflicts = checked.conflicts;
            self.reading = false;
        }
        true
    }
}

/// The same menu entry, or the same interview however far it got since.
fn same_item(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::Resume { id: x, .. }, Item::Resume { id: y, .. }) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

impl Component for Home {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        Outcome::go(self.update(action))
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, self, ctx.guide);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Home)
    }

    /// A click opens the item, like Enter on it.
    fn click(&mut self, hit: Hit, _: &Ctx) -> Outcome {
        let Hit::Row(row) = hit else {
            return Outcome::Done;
        };
        self.cursor = row.min(self.items.len().saturating_sub(1));
        Outcome::go(self.update(Action::Select))
    }

    fn tick(&mut self, ctx: &Ctx) -> bool {
        self.poll_check(ctx.store, ctx.guide)
    }

    fn busy(&self) -> bool {
        self.checking()
    }
}
