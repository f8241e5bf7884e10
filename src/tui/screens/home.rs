//! The home screen: resume an interview in progress, start a new one, browse sessions, quit.

use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::Mode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::guide::Guide;
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
    },
    Sessions,
    Quit,
}

#[derive(Debug, Default)]
pub struct Home {
    pub items: Vec<Item>,
    pub cursor: usize,
    pub total: usize,
    /// Files in the store that could not be read.
    pub problems: usize,
    /// The team archive's state, when the data folder is one.
    pub sync: Option<String>,
    /// Sessions with conflicts, while the archive's state is still to be read: git runs after
    /// the first frame, never before it.
    pub sync_pending: Option<usize>,
}

impl Home {
    pub fn load(store: &Store, guide: &Guide) -> Home {
        let (mut sessions, problems) = match store.summaries(guide) {
            Ok(listing) => (listing.sessions, listing.problems.len()),
            Err(_) => (Vec::new(), 1),
        };
        let total = sessions.len();
        let conflicts = sessions.iter().filter(|s| s.conflicts > 0).count();
        let sync_pending = store.data_dir().join(".git").exists().then_some(conflicts);
        sessions.retain(|s| s.status() == Status::InProgress);
        sessions.sort_by_key(|s| std::cmp::Reverse(s.updated));
        let mut items = vec![Item::New];
        items.extend(sessions.into_iter().map(|s| Item::Resume {
            answered: s.answered,
            id: s.id,
            customer: s.customer,
            participant: s.participant,
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
            sync: None,
            sync_pending,
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
    let title = vec![
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
    ];
    frame.render_widget(
        Paragraph::new(title).block(
            Block::new()
                .borders(Borders::BOTTOM)
                .border_style(theme::border()),
        ),
        head,
    );

    let items: Vec<ListItem> = home
        .items
        .iter()
        .map(|item| {
            ListItem::new(match item {
                Item::New => Line::from(vec![
                    Span::styled("n ", theme::key()),
                    Span::raw("New interview"),
                ]),
                Item::Resume {
                    customer,
                    participant,
                    updated,
                    answered,
                    ..
                } => {
                    let who = if participant.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", text::line(participant))
                    };
                    Line::from(vec![
                        Span::styled("↻ ", theme::key()),
                        Span::raw(format!("Resume {}{who}", text::line(customer))),
                        Span::styled(
                            format!(
                                "  {} · {answered} answered",
                                updated.format("%Y-%m-%d %H:%M")
                            ),
                            theme::dim(),
                        ),
                    ])
                }
                Item::Sessions => Line::from(vec![
                    Span::styled("b ", theme::key()),
                    Span::raw(format!("Browse sessions ({})", home.total)),
                ]),
                Item::Quit => Line::from(vec![Span::styled("q ", theme::key()), Span::raw("Quit")]),
            })
        })
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
    super::add_rows(list, state.offset(), &heights);
    let mut foot_lines = vec![Line::styled(
        super::footer(crate::tui::keymap::Mode::Home, area.width),
        theme::dim(),
    )];
    if let Some(sync) = &home.sync {
        foot_lines.insert(
            0,
            Line::styled(text::truncate(sync, usize::from(width)), theme::dim()),
        );
    }
    if home.problems > 0 {
        foot_lines.insert(
            0,
            Line::styled(
                format!(
                    "{} session file(s) could not be read: see Browse sessions",
                    home.problems
                ),
                theme::warn(),
            ),
        );
    }
    frame.render_widget(Paragraph::new(foot_lines), foot);
}

impl Home {
    /// Reads the team archive's state (git runs here), when it is still to be read; true when
    /// the screen changed.
    pub fn read_sync_status(&mut self, store: &Store) -> bool {
        let Some(conflicts) = self.sync_pending.take() else {
            return false;
        };
        self.sync = crate::archive::status(store, conflicts)
            .ok()
            .flatten()
            .map(|s| s.line());
        self.sync.is_some()
    }
}

impl Component for Home {
    fn handle(&mut self, action: Action, _: &Ctx) -> Option<Nav> {
        self.update(action)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, self, ctx.guide);
    }

    fn mode(&self, _: &Ctx) -> Mode {
        Mode::Home
    }

    /// A click opens the item, like Enter on it.
    fn click_row(&mut self, row: usize, _: &Ctx) -> Option<Nav> {
        self.cursor = row.min(self.items.len().saturating_sub(1));
        self.update(Action::Select)
    }
}
