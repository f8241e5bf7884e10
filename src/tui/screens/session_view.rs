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
use crate::tui::later::{Later, Wanted};
use crate::tui::nav::{Edit, Nav};
use crate::tui::overlays::{CodeTexts, Reader};

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
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        match action {
            Action::Command(Command::Edit) | Action::Select => Outcome::Go(Nav::Reopen),
            Action::Command(Command::Export) => {
                Outcome::Go(Nav::Export(vec![self.interview.session().id.clone()]))
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
        };
        summary::draw(frame, area, ctx.guide, &view, self.scroll);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Summary)
    }

    fn tick(&mut self, ctx: &Ctx) -> bool {
        Component::tick(self.interview.as_mut(), ctx)
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
}

impl Review {
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

impl Component for Review {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let id = self.session.id.clone();
        match action {
            Action::Command(Command::Edit) => Outcome::Go(Nav::Open(id)),
            Action::Command(Command::Export) => Outcome::Go(Nav::Export(vec![id])),
            Action::Command(Command::EditMeta) => Outcome::Go(Nav::EditMeta(id)),
            Action::Command(Command::Customer) => Outcome::Go(Nav::Customer(id)),
            Action::Command(Command::Delete) => Outcome::Go(Nav::ConfirmDelete(id)),
            Action::Command(Command::Code) => {
                Outcome::Open(Box::new(CodeTexts::new(ctx.guide, &self.session)))
            }
            Action::Back if self.back.is_some() => Outcome::Go(Nav::Sessions),
            Action::Back | Action::Command(Command::Home) => Outcome::Go(Nav::Home),
            other => scroll_or_reasons(&mut self.scroll, other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let view = View {
            session: &self.session,
            assessment: &self.assessment,
            answers: true,
            title: "Session (read-only)",
            mode: Mode::Review,
        };
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
            _ => Outcome::Done,
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

/// Insights over the sessions the browser showed; Esc goes back to that browser. The sessions
/// are read for them on a thread: the screen says so meanwhile, and Esc still goes back.
pub struct Insights {
    /// `None` until the sessions have been read.
    pub view: Option<Box<InsightsView>>,
    reading: Later<crate::assess::insights::Insights>,
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
                crate::assess::insights::insights_from_store(&store, &guide, &ids, &|| {
                    wanted.still()
                })
            }
        }) else {
            return false;
        };
        self.view = Some(Box::new(InsightsView::new(guide, &insights)));
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
