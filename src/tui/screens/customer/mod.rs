//! The customer page: one customer over its interviews, each interview's position and band on
//! the journey's scale, one row per interview in date order, then the movement between them,
//! the milestones with when they were first reached, and the obstacles over time.
//!
//! Its first frame is drawn from the summaries the browser holds (each interview's date,
//! position, stage and interviewer); the interviews are read on a thread for what summaries do
//! not have (the bands, the movement, the milestones, the obstacles), which fill the page in
//! when they are read. Esc leaves at once, reading or not.

use std::borrow::Cow;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

mod lines;

use super::browser::Browser;
use super::session_view::Review;

use crate::assess::stage_label;
use crate::customer::{Customer, History, Listed};
use crate::guide::Guide;
use crate::session::Store;
use crate::tui::action::{Action, Command};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use crate::tui::later::{Later, Wanted};
use crate::tui::nav::Nav;
use crate::tui::theme;
use crate::tui::widgets::stage_labels;
use lines::{Row, Window};

/// Where Esc goes back to.
pub enum Back {
    Browser(Box<Browser>),
    Review(Box<Review>),
    Home,
}

pub struct CustomerPage {
    /// The customer as the summaries list it: the page until its interviews are read.
    pub customer: Customer,
    /// Its interviews read: `None` until then.
    pub history: Option<Box<History>>,
    reading: Later<Read>,
    /// The interview the page was opened from: the customer is found again from it when the
    /// summaries were not checked against the files.
    session: String,
    /// Whether `customer` comes from summaries checked against the files.
    checked: bool,
    /// Why the interviews could not be read.
    failed: Option<String>,
    /// The first line of the body on screen.
    pub scroll: usize,
    drawn: std::cell::Cell<Drawn>,
    pub back: Back,
}

/// What the reading gives: the history, nothing when the page was left before its end, or why
/// the interviews could not be read.
type Read = Result<Option<History>, String>;

/// The width of the date column before each interview's track.
const DATE: u16 = 11;

impl CustomerPage {
    /// The page of `customer` (the customer of interview `session`), drawn at once from the
    /// summaries; its interviews are read from the next tick on. `checked` says whether the
    /// summaries were checked against the files (else they are checked again first).
    pub fn open(customer: Customer, session: &str, checked: bool, back: Back) -> CustomerPage {
        CustomerPage {
            customer,
            history: None,
            // Started after the first frame: that frame reads no file, and the reading of
            // thousands of interviews on every core would slow it down.
            reading: Later::Due,
            session: session.to_string(),
            checked,
            failed: None,
            scroll: 0,
            drawn: Default::default(),
            back,
        }
    }

    /// Whether the interviews are still being read.
    pub fn reading(&self) -> bool {
        self.reading.pending()
    }

    /// Starts reading the interviews, or takes the history when they are read. True when the
    /// page changed.
    pub fn poll(&mut self, ctx: &Ctx) -> bool {
        let (customer, session, checked) = (&self.customer, &self.session, self.checked);
        let Some(read) = self.reading.poll(|| {
            let (store, guide) = (ctx.store.clone(), ctx.guide.clone());
            let (customer, session) = (customer.clone(), session.clone());
            move |wanted: &Wanted| read(&store, &guide, (&customer, &session, checked), wanted)
        }) else {
            return false;
        };
        match read {
            Ok(Some(history)) => self.history = Some(Box::new(history)),
            Ok(None) => {}
            Err(e) => self.failed = Some(e),
        }
        true
    }

    /// The two lines above the rows, kept in place while the rows scroll: the section's title
    /// (with what the page still waits for) and the stages' names over the tracks.
    fn head(&self, ctx: &Ctx, track: u16) -> Vec<Line<'static>> {
        let latest = match &self.history {
            Some(h) => h.interviews.last().and_then(|i| i.stage.as_deref()),
            None => self
                .customer
                .interviews
                .last()
                .and_then(|i| i.stage.as_deref()),
        };
        let title = match self.mark() {
            None => Line::styled("Positions over time", theme::title()),
            Some(mark) => Line::from(vec![
                Span::styled("Positions over time", theme::title()),
                Span::styled(format!(" · {mark}"), theme::dim()),
            ]),
        };
        let mut labels = vec![Span::raw(" ".repeat(usize::from(DATE)))];
        labels.extend(stage_labels(ctx.guide, latest, track).spans);
        vec![title, Line::from(labels)]
    }

    /// The page under its head, in `out`: each interview's two lines, then the movement, the
    /// milestones and the obstacles once read.
    fn body(&self, ctx: &Ctx, track: u16, out: &mut Window) {
        out.rows(self.count(), 2, |at, out| {
            self.row(at, ctx.guide).draw(ctx, track, out)
        });
        out.push(Line::raw(""));
        match &self.history {
            Some(h) => {
                lines::movement(h, out);
                lines::milestones_and_obstacles(h, track + DATE, out);
            }
            None => {
                let mark = self.mark().unwrap_or_default();
                let line = format!("Movement, milestones and obstacles: {mark}");
                out.push(Line::styled(line, theme::dim()));
                if let Some(e) = &self.failed {
                    out.push(Line::styled(
                        crate::text::line(e).into_owned(),
                        theme::dim(),
                    ));
                }
            }
        }
    }

    /// What the page still waits for, or that it will not come (why is said below the rows).
    fn mark(&self) -> Option<String> {
        if self.failed.is_some() {
            return Some("the interviews could not be read".into());
        }
        let n = self.customer.interviews.len();
        self.history
            .is_none()
            .then(|| format!("reading {}…", crate::text::count(n, "interview")))
    }

    /// How many interviews the page has rows for.
    fn count(&self) -> usize {
        match &self.history {
            Some(h) => h.interviews.len(),
            None => self.customer.interviews.len(),
        }
    }

    /// The row of the `at`th interview: from the history once read, else from the summaries.
    fn row<'a>(&'a self, at: usize, guide: &Guide) -> Row<'a> {
        if let Some(h) = &self.history {
            let i = &h.interviews[at];
            return Row {
                started: i.started,
                position: i.position,
                band: i.band,
                label: Cow::Borrowed(&i.stage_label),
                interviewer: &i.interviewer,
            };
        }
        let i: &Listed = &self.customer.interviews[at];
        Row {
            started: i.started,
            position: i.position,
            band: None,
            label: Cow::Owned(stage_label(guide, i.stage.as_deref(), i.between.as_ref())),
            interviewer: &i.interviewer,
        }
    }

    /// The customer's name and how many interviews it has, in the page's title.
    fn title(&self) -> String {
        let (name, n) = match &self.history {
            Some(h) => (&h.name, h.interviews.len()),
            None => (&self.customer.name, self.customer.interviews.len()),
        };
        let name = crate::text::line(name);
        format!(" {name} · {} ", crate::text::count(n, "interview"))
    }
}

impl CustomerPage {
    /// Scrolls by `by` lines (down when positive), within the page as last drawn.
    fn scroll_by(&mut self, by: isize) {
        let most = self.drawn.get().most;
        self.scroll = self.scroll.min(most).saturating_add_signed(by).min(most);
    }
}

/// The page as last drawn: how many lines of the body the screen shows, and the furthest it
/// scrolls.
#[derive(Clone, Copy, Default)]
struct Drawn {
    room: usize,
    most: usize,
}

impl Component for CustomerPage {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        let page = self.drawn.get().room.saturating_sub(1).max(1) as isize;
        match action {
            Action::Up => self.scroll_by(-1),
            Action::Down => self.scroll_by(1),
            Action::PrevQuestion => self.scroll_by(-page),
            Action::NextQuestion => self.scroll_by(page),
            Action::First => self.scroll = 0,
            Action::Last => self.scroll = self.drawn.get().most,
            Action::Back => return Outcome::Go(Nav::CustomerBack),
            Action::Command(Command::Home) => return Outcome::Go(Nav::Home),
            _ => {}
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let [body, footer] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
        let title = self.title();
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme::border())
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(body);
        frame.render_widget(block, body);
        let [head, rows] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        let track = inner.width.saturating_sub(DATE).max(8);
        frame.render_widget(Paragraph::new(self.head(ctx, track)), head);
        // Counted first (no line built), then only the lines on screen built.
        let mut count = Window::counting();
        self.body(ctx, track, &mut count);
        let room = usize::from(rows.height);
        let most = count.len().saturating_sub(room);
        self.drawn.set(Drawn { room, most });
        let mut shown = Window::new(self.scroll.min(most), room);
        self.body(ctx, track, &mut shown);
        frame.render_widget(Paragraph::new(shown.lines), rows);
        let hints = crate::tui::chrome::footer(Mode::Customer, footer.width);
        frame.render_widget(Line::styled(hints, theme::dim()), footer);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Customer)
    }

    fn tick(&mut self, ctx: &Ctx) -> bool {
        self.poll(ctx)
    }

    fn busy(&self) -> bool {
        self.reading()
    }
}

/// The history of the customer of interview `session`, read on the page's thread: from
/// `customer` when it was listed from checked summaries, else found again after a check.
fn read(
    store: &Store,
    guide: &Guide,
    (customer, session, checked): (&Customer, &str, bool),
    wanted: &Wanted,
) -> Read {
    let listed = checked.then_some(customer);
    crate::customer::history_of(store, guide, (session, listed), &|| wanted.still())
        .map_err(|e| e.to_string())
}
