//! Which layout the interview screen takes at a size: three columns, the question beside a side
//! panel, or the question at full width with the stage, the obstacles and the outline one key
//! (F11) away as tabs. F11 acts on what is on screen: it switches the tabs, or hides and shows
//! the side columns; so the last layout drawn is kept, as the click map is (`tui::hits`).

use std::cell::Cell;

/// The smallest terminal the three-column layout needs.
pub const FULL: (u16, u16) = (110, 30);
/// The smallest terminal with the question and a side panel: below it, the question gets the
/// whole width (at 80x24 a side panel left it 44 columns and 3 of 10 options).
pub const MEDIUM: (u16, u16) = (100, 24);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// Outline, question, stage and obstacles side by side.
    Columns,
    /// The question with the stage and obstacles beside it.
    Side,
    /// The question alone at full width: the side columns hidden with F11.
    Alone,
    /// One panel at a time, F11 switches.
    #[default]
    Tabs,
}

impl Shape {
    /// The layout for a body `width` x `height`, the side columns `hidden` or not.
    pub fn at(width: u16, height: u16, hidden: bool) -> Shape {
        let wide = if width >= FULL.0 && height >= FULL.1 {
            Shape::Columns
        } else if width >= MEDIUM.0 && height >= MEDIUM.1 {
            Shape::Side
        } else {
            return Shape::Tabs;
        };
        if hidden {
            Shape::Alone
        } else {
            wide
        }
    }

    /// Whether F11 hides and shows side columns here (rather than switching tabs).
    pub fn has_columns(self) -> bool {
        self != Shape::Tabs
    }
}

thread_local! {
    static LAST: Cell<Shape> = const { Cell::new(Shape::Tabs) };
}

/// Notes the layout a frame drew.
pub fn drawn(shape: Shape) {
    LAST.with(|l| l.set(shape));
}

/// The layout the last frame drew ([`Shape::Tabs`] before any).
pub fn last() -> Shape {
    LAST.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_gets_the_full_width_at_80x24_and_below_and_columns_can_hide() {
        assert_eq!(Shape::at(80, 24, false), Shape::Tabs);
        assert_eq!(Shape::at(60, 20, false), Shape::Tabs);
        assert_eq!(Shape::at(99, 40, false), Shape::Tabs);
        assert_eq!(Shape::at(100, 24, false), Shape::Side);
        assert_eq!(Shape::at(120, 40, false), Shape::Columns);
        assert_eq!(Shape::at(200, 60, true), Shape::Alone);
        assert_eq!(Shape::at(80, 24, true), Shape::Tabs);
        assert!(Shape::Alone.has_columns() && !Shape::Tabs.has_columns());
    }
}
