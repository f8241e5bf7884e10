//! Screens that read a session back: the summary after finishing, the read-only review, and the
//! insights over the browser's sessions. Each in the one shape of [`Component`].

use ratatui::layout::Rect;
use ratatui::Frame;

use super::browser::Browser;
use super::insights::InsightsView;
use super::summary::{self, View};
use crate::assess::Assessment;
use crate::guide::Guide;
use crate::session::{Session, Store};
use crate::tui::action::{Action, Command};
use crate::tui::component::{Component, Ctx, Outcome, Subject};
use crate::tui::interview::Interview;
use crate::tui::keymap::Mode;
use crate::tui::later::{Held, Later, Wanted};
use crate::tui::nav::{Edit, Nav};
use crate::tui::overlays::{after_quote, AttachPrompt, CodeTexts, Reader, TranscriptPanel};

/// Scrolling, and the reasons overlay: what the summary and the review share.
fn scroll_or_reasons(scroll: &mut u16, action: Action) -> Outcome {
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::PrevQuestion => *scroll = scroll.saturating_sub(10),
        Action::NextQuestion => *scroll = scroll.saturating_add(10),
        Action::Command(Command::Reasons) => return Outcome::Open(Box::new(Reader::reasons())),
        _ => {}
    }
    Outcome::Done
}

/// The summary after finishing an interview; the interview stays open under it.
pub struct Summary {
    pub interview: Box<Interview>,
    pub scroll: u16,
}

impl Component for Summary {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Command(Command::Edit) | Action::Select => Outcome::Go(Nav::Reopen),
            Action::Command(Command::Export) => {
                Outcome::Go(Nav::Export(vec![self.interview.session().id.clone()]))
            }
            Action::Command(Command::Place) => {
                let me = crate::session::identity::researcher_name(ctx.store.data_dir());
                place_overlay(ctx, self.interview.session(), me.as_deref())
            }
            Action::Back | Action::Command(Command::Home) => Outcome::Go(Nav::Home),
            other => scroll_or_reasons(&mut self.scroll, other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let view = View {
            session: self.interview.session(),
            assessment: &self.interview.assessment,
            answers: false,
            title: "Summary · the session is marked complete",
            mode: Mode::Summary,
            blind: false,
        };
        summary::draw(frame, area, ctx.guide, &view, self.scroll);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Summary)
    }

    fn tick(&mut self, ctx: &Ctx) -> bool {
        Component::tick(self.interview.as_mut(), ctx)
    }

    /// A placement picked over the summary goes into the open interview.
    fn edit(&mut self, edit: Edit, ctx: &Ctx) -> Outcome {
        Component::edit(self.interview.as_mut(), edit, ctx)
    }

    fn subject(&self) -> Option<Subject<'_>> {
        self.interview.subject()
    }
}

/// A session read back, read-only; `back` is the browser it was opened from.
pub struct Review {
    pub session: Box<Session>,
    pub assessment: Box<Assessment>,
    pub scroll: u16,
    pub back: Option<Box<Browser>>,
    /// Opened blind (to place and code it): the gauge, the other researchers' placements and
    /// codes stay hidden until this researcher has placed the customer.
    pub blind: bool,
    /// The researcher reading, as journey knows them (`journey whoami`).
    pub me: Option<String>,
    /// The width it was last drawn at, to scroll to a question as drawn.
    pub width: std::cell::Cell<u16>,
}

impl Review {
    /// A session read back, opened from nowhere in particular, not blind, read by nobody
    /// journey knows yet.
    pub fn new(session: Session, assessment: Assessment) -> Review {
        Review {
            session: Box::new(session),
            assessment: Box::new(assessment),
            scroll: 0,
            back: None,
            blind: false,
            me: None,
            width: std::cell::Cell::new(0),
        }
    }

    /// Codes a text of this session from the read-only view (the domain locks, reads, codes
    /// and saves the file). Returns what happened, in words.
    pub fn code(&mut self, ctx: &Ctx, question: &str, text: &str, code: &str) -> String {
        match ctx.store.code_text(&self.session.id, question, text, code) {
            Err(e) => format!("Not coded: {e}"),
            Ok(crate::session::TextCoded::Already) => "That text already has that code".to_string(),
            Ok(crate::session::TextCoded::Saved(session)) => {
                let name = ctx
                    .guide
                    .codes
                    .iter()
                    .find(|c| c.id == code)
                    .map_or(code, |c| c.name.as_str())
                    .to_string();
                *self.assessment = crate::assess::assess(ctx.guide, &session);
                self.session = session;
                format!(
                    "Coded “{}” as {name}",
                    crate::text::truncate(&crate::text::line(text), 40)
                )
            }
        }
    }
}

impl Review {
    /// A change from the transcript panel or the attach prompt, saved at once under the
    /// session's lock (an interview open elsewhere is never written over).
    fn transcript_edit(&mut self, edit: Edit, ctx: &Ctx) -> Outcome {
        let id = self.session.id.clone();
        let mut said = None;
        let changed = match edit {
            Edit::Quote {
                question,
                text,
                at,
                speaker,
                then_code,
            } => {
                let quoted = ctx.store.change(&id, |s| {
                    s.quote_line(&question, &text, at, speaker.as_deref())
                });
                let already = matches!(quoted, Ok(None));
                if let Err(e) = self.take_saved(ctx, quoted) {
                    return Outcome::message(format!("Not quoted: {e}"));
                }
                return after_quote(question, &text, then_code, already);
            }
            Edit::Offset(n, offset) => ctx.store.change(&id, |s| {
                crate::transcript::set_offset(ctx.store, s, n, offset)
            }),
            Edit::Take(suggestion) => ctx.store.change(&id, |s| {
                let done = crate::transcript::take(ctx.guide, s, &suggestion);
                let ok = done.is_ok();
                said = Some(done.map_or_else(|e| e, |d| format!("Taken: {d}")));
                ok
            }),
            Edit::Attach { path, roles } => {
                return match crate::transcript::attach(ctx.store, &id, &path, None, roles) {
                    Err(e) => Outcome::message(format!("Not attached: {e}")),
                    Ok(_) => match ctx.store.load(&id) {
                        Err(e) => Outcome::message(format!("Attached, but not read back: {e}")),
                        Ok(session) => {
                            let _ = self.take_saved(ctx, Ok(Some(Box::new(session))));
                            Outcome::Open(Box::new(TranscriptPanel::open(ctx, &self.session, None)))
                        }
                    },
                };
            }
            _ => return Outcome::Done,
        };
        match (self.take_saved(ctx, changed), said) {
            (Err(e), _) => Outcome::message(format!("Not saved: {e}")),
            (Ok(()), Some(said)) => Outcome::message(said),
            (Ok(()), None) => Outcome::Done,
        }
    }

    /// Shows the session as saved.
    fn take_saved(
        &mut self,
        ctx: &Ctx,
        saved: Result<Option<Box<Session>>, crate::session::StoreError>,
    ) -> Result<(), crate::session::StoreError> {
        if let Some(session) = saved? {
            *self.assessment = crate::assess::assess(ctx.guide, &session);
            self.session = session;
        }
        Ok(())
    }
}

impl Review {
    /// Still blind: opened so, and this researcher has not placed the customer yet.
    pub fn hiding(&self, me: Option<&str>) -> bool {
        self.blind && !placed_by(&self.session, me)
    }

    /// Records this researcher's placement (the domain locks, reads, places and saves).
    fn place(&mut self, ctx: &Ctx, stage: String, sure: crate::session::Sure) -> String {
        // Named since the view opened (`journey whoami` in another shell) counts too.
        let me = (self.me.clone())
            .or_else(|| crate::session::identity::researcher_name(ctx.store.data_dir()));
        let Some(me) = me else {
            return crate::tui::overlays::place::NOBODY.into();
        };
        let placement = crate::session::Placement::now(&me, &stage, sure);
        let said = crate::tui::overlays::place::placed(ctx.guide, &placement);
        match ctx.store.place(&self.session.id, placement) {
            Err(e) => format!("Not placed: {e}"),
            Ok(session) => {
                *self.assessment = crate::assess::assess(ctx.guide, &session);
                *self.session = session;
                self.me = Some(me);
                said
            }
        }
    }
}

/// Whether researcher `me` has placed the session's customer.
pub fn placed_by(session: &Session, me: Option<&str>) -> bool {
    me.is_some_and(|me| session.placements.iter().any(|p| p.by == me))
}

/// The place overlay, at this researcher's own latest placement when there is one.
fn place_overlay(ctx: &Ctx, session: &Session, me: Option<&str>) -> Outcome {
    let latest = session.latest_placements();
    let mine = latest.iter().find(|p| Some(p.by.as_str()) == me).copied();
    Outcome::Open(Box::new(crate::tui::overlays::Place::new(ctx.guide, mine)))
}

impl Component for Review {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let id = self.session.id.clone();
        match action {
            Action::Command(Command::Place) => {
                place_overlay(ctx, &self.session, self.me.as_deref())
            }
            // Blind: nothing that shows the gauge (the interview's panel, the customer page)
            // opens until this researcher has placed the customer.
            Action::Command(Command::Edit | Command::Customer)
                if self.hiding(self.me.as_deref()) =>
            {
                Outcome::message(
                    "Blind review: place the customer first (p); the interview and the customer page show the gauge",
                )
            }
            Action::Command(Command::Reasons) if self.hiding(self.me.as_deref()) => {
                Outcome::message(
                    "Blind review: the gauge's reasons show once you have placed the customer",
                )
            }
            Action::Command(Command::Edit) => Outcome::Go(Nav::Open(id)),
            Action::Command(Command::Export) => Outcome::Go(Nav::Export(vec![id])),
            Action::Command(Command::EditMeta) => Outcome::Go(Nav::EditMeta(id)),
            Action::Command(Command::Customer) => Outcome::Go(Nav::Customer(id)),
            Action::Command(Command::Delete) => Outcome::Go(Nav::ConfirmDelete(id)),
            Action::Command(Command::Code) => {
                Outcome::Open(Box::new(CodeTexts::new(ctx.guide, &self.session)))
            }
            Action::Command(Command::Transcript) => {
                Outcome::Open(Box::new(TranscriptPanel::open(ctx, &self.session, None)))
            }
            Action::Command(Command::Attach) => Outcome::Open(Box::new(AttachPrompt::new())),
            Action::Back if self.back.is_some() => Outcome::Go(Nav::Sessions),
            Action::Back | Action::Command(Command::Home) => Outcome::Go(Nav::Home),
            other => scroll_or_reasons(&mut self.scroll, other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        self.width.set(area.width);
        let view = self.view();
        summary::draw(frame, area, ctx.guide, &view, self.scroll);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Review)
    }

    /// A code picked for a text of this session.
    fn edit(&mut self, edit: Edit, ctx: &Ctx) -> Outcome {
        match edit {
            Edit::Code {
                question,
                text,
                code,
            } => {
                let question = question.unwrap_or_default();
                Outcome::message(self.code(ctx, &question, &text, &code))
            }
            Edit::Place { stage, sure } => Outcome::message(self.place(ctx, stage, sure)),
            Edit::GoTo(index) => self.go_to(ctx, index),
            other => self.transcript_edit(other, ctx),
        }
    }

    fn subject(&self) -> Option<Subject<'_>> {
        Some(Subject {
            session: &self.session,
            assessment: &self.assessment,
            question: None,
        })
    }
}

impl Review {
    fn view(&self) -> View<'_> {
        View {
            session: &self.session,
            assessment: &self.assessment,
            answers: true,
            title: if self.hiding(self.me.as_deref()) {
                "Session (read-only, blind)"
            } else {
                "Session (read-only)"
            },
            mode: Mode::Review,
            blind: self.hiding(self.me.as_deref()),
        }
    }

    /// To question `index` (a search hit): its answer scrolled to the top when something is
    /// recorded for it, else what was said while it was on screen (the transcript panel).
    fn go_to(&mut self, ctx: &Ctx, index: usize) -> Outcome {
        let Some((_, q)) = ctx.guide.questions().nth(index) else {
            return Outcome::Done;
        };
        // Not drawn yet (it has just opened): the terminal's width.
        let width = match self.width.get() {
            0 => ratatui::crossterm::terminal::size().map_or(120, |(w, _)| w),
            w => w,
        };
        if let Some(row) = summary::row_of(ctx.guide, &self.view(), width, q) {
            self.scroll = row;
            return Outcome::Done;
        }
        if self.session.transcripts.is_empty() {
            return Outcome::Done;
        }
        let panel = TranscriptPanel::open(ctx, &self.session, Some(index));
        Outcome::Open(Box::new(panel))
    }
}

/// Insights over the sessions the browser showed; Esc goes back to that browser. The sessions
/// are read for them on a thread: the screen says so meanwhile, and Esc still goes back.
pub struct Insights {
    /// `None` until the sessions have been read.
    pub view: Option<Held<InsightsView>>,
    reading: Later<Option<Held<InsightsView>>>,
    /// The sessions they are over, until the reading takes them.
    ids: Vec<String>,
    shown: usize,
    pub back: Box<Browser>,
}

impl Insights {
    /// Over the sessions `back` shows; they are read after the first frame.
    pub fn open(back: Box<Browser>) -> Insights {
        let ids: Vec<String> = back.shown().iter().map(|e| e.id.clone()).collect();
        Insights {
            view: None,
            reading: Later::Due,
            shown: ids.len(),
            ids,
            back,
        }
    }

    /// Whether the sessions are still being read.
    pub fn reading(&self) -> bool {
        self.reading.pending()
    }

    /// Starts reading the sessions, or takes the insights when they are read. True when the
    /// screen changed.
    pub fn poll(&mut self, store: &Store, guide: &Guide) -> bool {
        let ids = &mut self.ids;
        let Some(insights) = self.reading.poll(|| {
            let (store, guide, ids) = (store.clone(), guide.clone(), std::mem::take(ids));
            // Left unread when Esc leaves before the reading ends.
            move |wanted: &Wanted| {
                let wanted = wanted.clone();
                // Made and freed on a thread of its own: see `Held`.
                Held::make(move || {
                    let insights =
                        crate::assess::insights::insights_from_store(&store, &guide, ids, &|| {
                            wanted.still()
                        });
                    InsightsView::new(&guide, insights)
                })
            }
        }) else {
            return false;
        };
        self.view = insights;
        true
    }
}

impl Component for Insights {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        Outcome::go(match &mut self.view {
            Some(view) => view.update(action),
            None => (action == Action::Back).then_some(Nav::Sessions),
        })
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        match &self.view {
            Some(view) => super::insights::draw(frame, area, view),
            None => super::insights::draw_reading(frame, area, self.shown),
        }
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Insights)
    }

    fn tick(&mut self, ctx: &Ctx) -> bool {
        self.poll(ctx.store, ctx.guide)
    }

    fn busy(&self) -> bool {
        self.reading()
    }
}
