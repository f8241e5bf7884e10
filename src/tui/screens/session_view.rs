//! Screens that read a session back: the summary after finishing, the read-only review, and the
//! insights over the browser's sessions. Each in the one shape of [`Component`].

use ratatui::layout::Rect;
use ratatui::Frame;

use super::browser::Browser;
use super::code_picker::CodeTexts;
use super::insights::InsightsView;
use super::summary::{self, View};
use crate::assess::Assessment;
use crate::guide::Guide;
use crate::session::{Session, Store};
use crate::tui::action::{Action, Command};
use crate::tui::component::{Component, Ctx};
use crate::tui::interview::Interview;
use crate::tui::keymap::Mode;
use crate::tui::later::{Later, Wanted};
use crate::tui::nav::Nav;
use crate::tui::overlay::Overlay;

/// Scrolling, and the reasons overlay: what the summary and the review share.
fn scroll_or_reasons(scroll: &mut u16, action: Action) -> Option<Nav> {
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::PrevQuestion => *scroll = scroll.saturating_sub(10),
        Action::NextQuestion => *scroll = scroll.saturating_add(10),
        Action::Command(Command::Reasons) => return Some(Nav::Show(Overlay::reasons())),
        _ => {}
    }
    None
}

/// The summary after finishing an interview; the interview stays open under it.
pub struct Summary {
    pub interview: Box<Interview>,
    pub scroll: u16,
}

impl Component for Summary {
    fn handle(&mut self, action: Action, _: &Ctx) -> Option<Nav> {
        match action {
            Action::Command(Command::Edit) | Action::Select => Some(Nav::Reopen),
            Action::Command(Command::Export) => {
                Some(Nav::Export(vec![self.interview.session().id.clone()]))
            }
            Action::Back | Action::Command(Command::Home) => Some(Nav::Home),
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

    fn mode(&self, _: &Ctx) -> Mode {
        Mode::Summary
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
    /// Codes a text of this session from the read-only view: the file is locked, read, coded
    /// and saved, so an interview open elsewhere is never written over. Returns what happened.
    pub fn code(&mut self, ctx: &Ctx, question: &str, text: &str, code: &str) -> String {
        let id = self.session.id.clone();
        let _lock = match ctx.store.lock(&id) {
            Ok(lock) => lock,
            Err(e) => return format!("Not coded: {e}"),
        };
        let mut session = match ctx.store.load(&id) {
            Ok(s) => s,
            Err(e) => return format!("Not coded: {e}"),
        };
        if !session.apply_code(question, text, code) {
            return "That text already has that code".to_string();
        }
        session.meta.updated = crate::session::now();
        if let Err(e) = ctx.store.save(&session) {
            return format!("Not coded: {e}");
        }
        let name = ctx
            .guide
            .codes
            .iter()
            .find(|c| c.id == code)
            .map_or(code, |c| c.name.as_str())
            .to_string();
        *self.assessment = crate::assess::assess(ctx.guide, &session);
        *self.session = session;
        format!(
            "Coded “{}” as {name}",
            crate::text::truncate(&crate::text::line(text), 40)
        )
    }
}

impl Component for Review {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Option<Nav> {
        let id = self.session.id.clone();
        match action {
            Action::Command(Command::Edit) => Some(Nav::Open(id)),
            Action::Command(Command::Export) => Some(Nav::Export(vec![id])),
            Action::Command(Command::EditMeta) => Some(Nav::EditMeta(id)),
            Action::Command(Command::Delete) => Some(Nav::ConfirmDelete(id)),
            Action::Command(Command::Code) => Some(Nav::Show(Overlay::CodeTexts(CodeTexts::new(
                ctx.guide,
                &self.session,
            )))),
            Action::Back if self.back.is_some() => Some(Nav::Sessions),
            Action::Back | Action::Command(Command::Home) => Some(Nav::Home),
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

    fn mode(&self, _: &Ctx) -> Mode {
        Mode::Review
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
    fn handle(&mut self, action: Action, _: &Ctx) -> Option<Nav> {
        match &mut self.view {
            Some(view) => view.update(action),
            None => (action == Action::Back).then_some(Nav::Sessions),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        match &self.view {
            Some(view) => super::insights::draw(frame, area, view),
            None => super::insights::draw_reading(frame, area, self.shown),
        }
    }

    fn mode(&self, _: &Ctx) -> Mode {
        Mode::Insights
    }
}
