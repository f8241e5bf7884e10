//! Key hints that never end in half a word: a hint line (`"a · b · c"`) keeps whole items, on
//! one row ([`super::fit_hints`]), in a box's bottom border ([`bottom_title`]) or over several
//! rows ([`wrap_hints`]).

use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use crate::tui::theme;

/// Hints for the bottom border of a box `width` wide: the items that fit whole between the
/// corners, padded with a space each side; nothing when not even the first fits.
pub fn bottom_title(hints: &str, width: u16) -> Line<'static> {
    let fitted = super::fit_hints(hints.trim(), width.saturating_sub(4));
    if fitted.is_empty() {
        Line::default()
    } else {
        Line::styled(format!(" {fitted} "), theme::dim())
    }
}

/// The items of a hint line over rows `width` wide, each item whole; an item wider than a row
/// gets a row of its own (and is cut there).
pub fn wrap_hints(hints: &str, width: u16) -> Vec<String> {
    let width = usize::from(width);
    let mut rows: Vec<String> = Vec::new();
    for item in hints.split(" · ").map(str::trim).filter(|i| !i.is_empty()) {
        match rows.last_mut() {
            Some(row) if row.width() + 3 + item.width() <= width => {
                row.push_str(" · ");
                row.push_str(item);
            }
            _ => rows.push(item.to_string()),
        }
    }
    rows
}

/// `text` followed by `extra` when both fit in `width`; `text` alone otherwise.
pub fn with_optional(text: &str, extra: &str, width: u16) -> String {
    if text.width() + extra.width() <= usize::from(width) {
        format!("{text}{extra}")
    } else {
        text.to_string()
    }
}

/// `text` cut to `width` columns at a word's end, with "…" when anything was left out.
pub fn fit_words(text: &str, width: u16) -> String {
    let width = usize::from(width);
    if text.width() <= width {
        return text.to_string();
    }
    let mut fitted = String::new();
    for word in text.split(' ') {
        let longer = if fitted.is_empty() {
            word.to_string()
        } else {
            format!("{fitted} {word}")
        };
        if longer.width() + 1 > width {
            break;
        }
        fitted = longer;
    }
    if fitted.is_empty() {
        return String::new();
    }
    format!("{}…", fitted.trim_end_matches([' ', '·', ':', ',']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_cut_after_a_whole_word() {
        let message = "“Other product…” picked: type what it is · Enter done";
        assert_eq!(fit_words(message, 80), message);
        assert_eq!(fit_words(message, 30), "“Other product…” picked: type…");
        assert!(fit_words(message, 30).width() <= 30);
        assert_eq!(fit_words(message, 3), "");
    }

    #[test]
    fn hints_wrap_and_fit_by_whole_items() {
        let hints =
            "1 not discussed · 2 not an obstacle · 3 raised · 4 being addressed · 5 resolved";
        let rows = wrap_hints(hints, 56);
        assert_eq!(
            rows,
            [
                "1 not discussed · 2 not an obstacle · 3 raised",
                "4 being addressed · 5 resolved"
            ]
        );
        assert!(rows.iter().all(|r| r.width() <= 56));
        let title = bottom_title(
            " F1 help · 1–9 write · a anonymise · Esc cancel · Ctrl-Q quit ",
            60,
        );
        assert_eq!(
            title.to_string(),
            " F1 help · 1–9 write · a anonymise · Esc cancel "
        );
        assert_eq!(bottom_title("F1 help", 6).to_string(), "");
        assert_eq!(with_optional("abc", "  Space", 9), "abc");
        assert_eq!(with_optional("abc", "  Space", 10), "abc  Space");
    }
}
