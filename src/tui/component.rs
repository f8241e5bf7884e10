//! The one shape of every screen: handle an action with a context and say where to go next,
//! render into an area, and name the key table it reads (from which its footer and the help
//! are made).

use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::Frame;

use super::action::Action;
use super::keymap::Mode;
use super::nav::Nav;
use crate::guide::Guide;
use crate::session::Store;

/// What every screen may use: the guide, the store and the time.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub guide: &'a Guide,
    pub store: &'a Store,
    pub now: Instant,
}

pub trait Component {
    /// Changes the screen's state for an action; `Some` asks the app to go somewhere.
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Option<Nav>;
    /// Draws the screen; never changes it.
    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);
    /// The key table the screen reads now.
    fn mode(&self, ctx: &Ctx) -> Mode;

    /// A click on row `row` of the screen's list, for screens that have one.
    fn click_row(&mut self, _row: usize, _ctx: &Ctx) -> Option<Nav> {
        None
    }
}
