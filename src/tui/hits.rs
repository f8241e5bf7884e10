//! Where the mouse can click: drawing records the areas of options, outline rows, fields and
//! footer hints as it draws them, and a click is looked up in what the last frame drew. The map
//! lives with the drawing thread (drawing takes `&self`, so it cannot own it), and is cleared at
//! the start of every frame.

use std::cell::RefCell;

use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::focus::Focus;

/// What a click on an area means.
#[derive(Debug, Clone, PartialEq)]
pub enum Hit {
    /// What the key of a footer hint does.
    Action(Action),
    /// An option (or scale point) of the question on screen.
    Option(usize),
    /// A question, by its index in the guide's flat order (outline, go to).
    Question(usize),
    /// A row of a list (home, browser, trash).
    Row(usize),
    /// A text field of the interview.
    Field(Focus),
}

thread_local! {
    static HITS: RefCell<Vec<(Rect, Hit)>> = const { RefCell::new(Vec::new()) };
}

/// Forgets the last frame's areas.
pub fn clear() {
    HITS.with(|h| h.borrow_mut().clear());
}

/// Records an area drawn this frame; later areas lie over earlier ones.
pub fn add(area: Rect, hit: Hit) {
    if !area.is_empty() {
        HITS.with(|h| h.borrow_mut().push((area, hit)));
    }
}

/// What the top area at a cell means, if anything.
pub fn at(column: u16, row: u16) -> Option<Hit> {
    HITS.with(|h| {
        h.borrow()
            .iter()
            .rev()
            .find(|(area, _)| area.contains(Position::new(column, row)))
            .map(|(_, hit)| hit.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_area_drawn_wins_and_a_new_frame_forgets() {
        clear();
        add(Rect::new(0, 0, 10, 10), Hit::Row(1));
        add(Rect::new(2, 2, 2, 2), Hit::Row(2));
        assert_eq!(at(3, 3), Some(Hit::Row(2)));
        assert_eq!(at(0, 0), Some(Hit::Row(1)));
        assert_eq!(at(10, 0), None);
        clear();
        assert_eq!(at(3, 3), None);
    }
}
