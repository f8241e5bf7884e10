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

use super::browser::Browser;
use super::session_view::Review;

use crate::assess::stage_label;
use crate::customer::{Customer, History, Interview, Listed};
use crate::guide::Guide;
use crate::session::{Store, Timestamp};
use crate::tui::action::{Action, Command};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use crate::tui::later::{Later, Wanted};
use crate::tui::nav::Nav;
use crate::tui::theme;
use crate::tui::widgets::{stage_labels, stage_track};

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
    pub scroll: u16,
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
            // Started at the tick right after the key, before the first frame: that frame reads
            // no file and takes a few milliseconds, and the reading need not wait for a tick.
            reading: Later::Soon,
            session: session.to_string(),
            checked,
            failed: None,
            scroll: 0,
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

    /// Every line of the page at `width` columns.
    pub fn lines(&self, ctx: &Ctx, width: u16) -> Vec<Line<'static>> {
        let track = width.saturating_sub(DATE).max(8);
        let rows = self.rows(ctx.guide);
        let latest = rows.last().and_then(|r| r.stage);
        let mark = self.mark();
        let mut out = vec![match &mark {
            None => Line::styled("Positions over time", theme::title()),
            Some(mark) => Line::from(vec![
                Span::styled("Positions over time", theme::title()),
                Span::styled(format!(" · {mark}"), theme::dim()),
            ]),
        }];
        let mut labels = vec![Span::raw(" ".repeat(usize::from(DATE)))];
        labels.extend(stage_labels(ctx.guide, latest, track).spans);
        out.push(Line::from(labels));
        for row in &rows {
            row.draw(ctx, track, &mut out);
        }
        out.push(Line::raw(""));
        match (&self.history, mark) {
            (Some(h), _) => {
                movement(h, &mut out);
                milestones_and_obstacles(h, &mut out);
            }
            (None, mark) => {
                let mark = mark.unwrap_or_default();
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
        out
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

    /// The interviews' rows: from the history once read, else from the summaries.
    fn rows<'a>(&'a self, guide: &Guide) -> Vec<Row<'a>> {
        if let Some(h) = &self.history {
            return h.interviews.iter().map(Row::read).collect();
        }
        let label = |i: &Listed| stage_label(guide, i.stage.as_deref(), i.between.as_ref());
        let row = |i: &'a Listed| Row {
            started: i.started,
            position: i.position,
            band: None,
            stage: i.stage.as_deref(),
            label: Cow::Owned(label(i)),
            interviewer: &i.interviewer,
        };
        self.customer.interviews.iter().map(row).collect()
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

/// One interview's row on the track: what the summaries have, with its band once read.
struct Row<'a> {
    started: Timestamp,
    position: Option<f64>,
    band: Option<[f64; 2]>,
    stage: Option<&'a str>,
    label: Cow<'a, str>,
    interviewer: &'a str,
}

impl<'a> Row<'a> {
    fn read(i: &'a Interview) -> Row<'a> {
        Row {
            started: i.started,
            position: i.position,
            band: i.band,
            stage: i.stage.as_deref(),
            label: Cow::Borrowed(&i.stage_label),
            interviewer: &i.interviewer,
        }
    }

    /// Its date and track, then its stage, position and interviewer under them.
    fn draw(&self, ctx: &Ctx, track: u16, out: &mut Vec<Line<'static>>) {
        let date = self.started.format("%Y-%m-%d");
        let mut row = vec![Span::styled(
            format!("{date:<width$}", width = usize::from(DATE)),
            theme::dim(),
        )];
        row.extend(stage_track(ctx.guide, self.position, self.band, track).spans);
        out.push(Line::from(row));
        let at = self
            .position
            .map(|p| format!(" {p:.1}"))
            .unwrap_or_default();
        let who = crate::text::line(self.interviewer).into_owned();
        out.push(Line::styled(
            format!("{:w$}{}{at} · {who}", "", self.label, w = usize::from(DATE)),
            theme::dim(),
        ));
    }
}

/// The moves from each interview to the next, with what changed.
fn movement(h: &History, out: &mut Vec<Line<'static>>) {
    if h.movement.is_empty() {
        out.push(Line::styled(
            "One interview so far: movement shows from the second.",
            theme::dim(),
        ));
        out.push(Line::raw(""));
        return;
    }
    out.push(Line::styled("Movement", theme::title()));
    // The moves are from each interview to the next, in order: found by place, not by a
    // search through hundreds of interviews for each.
    let interviews = &h.interviews;
    let date = |at: usize, id: &str| {
        let i = interviews.get(at).filter(|i| i.session == id);
        let i = i.or_else(|| interviews.iter().find(|i| i.session == id));
        i.map_or(id.to_string(), |i| i.started.format("%Y-%m-%d").to_string())
    };
    for (at, m) in h.movement.iter().enumerate() {
        let figure = |p: Option<f64>| p.map_or("—".into(), |p| format!("{p:.1}"));
        out.push(Line::raw(format!(
            "{} → {}  {} {} → {}",
            date(at, &m.session_from),
            date(at + 1, &m.session_to),
            m.movement.label(),
            figure(m.from),
            figure(m.to)
        )));
        let c = &m.changes;
        for x in c.drivers.iter().chain(&c.obstacles) {
            let line = format!("    {}: {} → {}", x.name, x.from, x.to);
            out.push(Line::styled(line, theme::dim()));
        }
        if !c.answers.is_empty() {
            let n = crate::text::count(c.answers.len(), "answer");
            out.push(Line::styled(format!("    {n} differ"), theme::dim()));
        }
    }
    out.push(Line::raw(""));
}

fn milestones_and_obstacles(h: &History, out: &mut Vec<Line<'static>>) {
    out.push(Line::styled("Milestones", theme::title()));
    for m in &h.milestones {
        let when = m.words();
        out.push(Line::raw(format!("{}: {when}", m.name)));
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Obstacles", theme::title()));
    for o in &h.obstacles {
        let mut line = format!("{}: {}", o.name, o.latest.label());
        if let Some(t) = o.raised {
            line.push_str(&format!(" · first raised {}", t.format("%Y-%m-%d")));
        }
        if let Some(t) = o.resolved {
            line.push_str(&format!(" · resolved {}", t.format("%Y-%m-%d")));
        }
        out.push(Line::raw(line));
    }
}

impl Component for CustomerPage {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PrevQuestion => self.scroll = self.scroll.saturating_sub(10),
            Action::NextQuestion => self.scroll = self.scroll.saturating_add(10),
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
        let lines = self.lines(ctx, inner.width);
        let most = (lines.len() as u16).saturating_sub(inner.height);
        let scroll = self.scroll.min(most);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
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
