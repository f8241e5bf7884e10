//! The one shape of every screen and every overlay: handle an action and say what happens
//! next, render into an area, and name the key table it reads (from which its footer and the
//! help are made). `App` holds one screen and a stack of overlays, and gives a key to the top
//! one first.

use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::Frame;

use super::action::Action;
use super::hits::Hit;
use super::keymap::Mode;
use super::nav::{Edit, Nav};
use crate::assess::Assessment;
use crate::guide::Guide;
use crate::session::{Session, Store};

/// What every component may use: the guide, the store, the time, and the session on screen.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub guide: &'a Guide,
    pub store: &'a Store,
    pub now: Instant,
    /// The session the screen under an overlay shows, for overlays about it (reasons,
    /// obstacles, versions of an answer, go to a question, finish).
    pub subject: Option<Subject<'a>>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        guide: &'a Guide,
        store: &'a Store,
        now: Instant,
        subject: Option<Subject<'a>>,
    ) -> Ctx<'a> {
        Ctx {
            guide,
            store,
            now,
            subject,
        }
    }
}

/// The session a screen shows, read-only: what its overlays read.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub session: &'a Session,
    pub assessment: &'a Assessment,
    /// The question on screen, by its index in the guide's flat order.
    pub question: Option<usize>,
}

/// What a component did with an action.
pub enum Outcome {
    /// Handled; the component stays.
    Done,
    /// Not for this component: the keys every screen shares (help, quit) may take it.
    PassOn(Action),
    /// The overlay closes.
    Close,
    /// The overlay closes, and what is under it takes the action.
    CloseAndPass(Action),
    /// The overlay closes (a screen stays), then the app goes there.
    Go(Nav),
    /// The component stays, and the screen under it makes this change.
    Send(Edit),
    /// The overlay closes, and the screen under it makes this change.
    CloseAndSend(Edit),
    /// Another overlay opens over this one.
    Open(Box<dyn Component>),
    /// The overlay closes, and another opens in its place.
    Replace(Box<dyn Component>),
}

impl Outcome {
    /// `Go` when there is somewhere to go, else `Done`: for code that finds out as it goes.
    pub fn go(nav: Option<Nav>) -> Outcome {
        nav.map_or(Outcome::Done, Outcome::Go)
    }

    /// A message over the screen.
    pub fn message(text: impl Into<String>) -> Outcome {
        Outcome::Go(Nav::Message(text.into()))
    }
}

pub trait Component: std::any::Any {
    /// Changes the component's state for an action, and says what happens next.
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome;
    /// Draws the component; never changes it.
    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);
    /// The key table the component reads now; `None` for an overlay that reads keys as the
    /// layer under it does (a message: any key closes it and does what it does there).
    fn mode(&self, ctx: &Ctx) -> Option<Mode>;

    /// A click on an area the last frame drew for this component.
    fn click(&mut self, _hit: Hit, _ctx: &Ctx) -> Outcome {
        Outcome::Done
    }
    /// A change asked for by an overlay over this screen (go to a question, keep a version).
    fn edit(&mut self, _edit: Edit, _ctx: &Ctx) -> Outcome {
        Outcome::Done
    }
    /// Time passing: saving, background reads. True when the screen changed by itself.
    fn tick(&mut self, _ctx: &Ctx) -> bool {
        false
    }
    /// Work runs in the background that the screen will show when it ends.
    fn busy(&self) -> bool {
        false
    }
    /// The session this screen shows, for the overlays over it.
    fn subject(&self) -> Option<Subject<'_>> {
        None
    }
}
