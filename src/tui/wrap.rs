//! Word wrap with a hanging indent: a bullet's or a key column's continuation rows line up with
//! the text after it, and a wrapped text has exactly as many rows as lines, so scrolling can stop
//! at its real end.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// Wraps each line to `width` columns, continuation rows indented by [`hanging_indent`].
pub fn wrap_lines(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| {
            let indent = hanging_indent(&line);
            wrap_line(&line, width, indent)
        })
        .collect()
}

/// Where a line's continuation rows start: after its leading spaces and a bullet (`•`, `›`, `❝`,
/// `[x]`, `1.`…) or, for a two-column line, after a first span padded with two or more spaces.
pub fn hanging_indent(line: &Line) -> u16 {
    if let [first, _, ..] = line.spans.as_slice() {
        if first.content.ends_with("  ") {
            return first.width() as u16;
        }
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let trimmed = text.trim_start_matches(' ');
    let mut indent = text.len() - trimmed.len();
    if let Some((marker, _)) = trimmed.split_once(' ') {
        let is_bullet = marker.chars().count() <= 3 && !marker.chars().any(char::is_alphabetic);
        if is_bullet && !marker.is_empty() {
            let after = &trimmed[marker.len()..];
            let spaces = after.len() - after.trim_start_matches(' ').len();
            indent += unicode_width::UnicodeWidthStr::width(marker) + spaces;
        }
    }
    indent as u16
}

/// Wraps one line at spaces to rows of at most `width` columns; rows after the first start with
/// `indent` spaces. A word longer than a row is broken where the row ends.
pub fn wrap_line(line: &Line, width: u16, indent: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    // Too narrow for the indent to leave room for text: no indent.
    let indent = if usize::from(indent) * 2 > width {
        0
    } else {
        usize::from(indent)
    };
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let mut rows = Rows {
        rows: vec![Vec::new()],
        used: 0,
        width,
        indent,
    };
    for word in words(&cells) {
        let word_width: usize = word.iter().map(|(c, _)| c.width().unwrap_or(0)).sum();
        if word[0].0 == ' ' {
            // Spaces that overflow become the break; a continuation row never starts with them.
            if !rows.fits(word_width) {
                rows.break_row();
            } else if rows.rows.len() == 1 || rows.has_text() {
                rows.push(word, word_width);
            }
            continue;
        }
        if !rows.fits(word_width) && rows.has_text() {
            rows.break_row();
        }
        for &(c, style) in word {
            let w = c.width().unwrap_or(0);
            if !rows.fits(w) && rows.has_text() {
                rows.break_row();
            }
            rows.push(&[(c, style)], w);
        }
    }
    rows.rows
        .into_iter()
        .map(|row| Line::from(spans(row)).style(line.style))
        .collect()
}

/// Rows of styled cells being filled, and how full the last one is.
struct Rows {
    rows: Vec<Vec<(char, Style)>>,
    used: usize,
    width: usize,
    indent: usize,
}

impl Rows {
    fn fits(&self, width: usize) -> bool {
        self.used + width <= self.width
    }

    /// Whether the last row holds anything past its indent (the first row has none).
    fn has_text(&self) -> bool {
        self.used > if self.rows.len() == 1 { 0 } else { self.indent }
    }

    fn push(&mut self, cells: &[(char, Style)], width: usize) {
        if let Some(row) = self.rows.last_mut() {
            row.extend_from_slice(cells);
        }
        self.used += width;
    }

    /// Ends the row (without its trailing spaces) and starts an indented one.
    fn break_row(&mut self) {
        if let Some(row) = self.rows.last_mut() {
            while row.last().is_some_and(|(c, _)| *c == ' ') {
                row.pop();
            }
        }
        self.rows.push(vec![(' ', Style::new()); self.indent]);
        self.used = self.indent;
    }
}

/// Runs of spaces and runs of everything else.
fn words(cells: &[(char, Style)]) -> impl Iterator<Item = &[(char, Style)]> {
    cells.chunk_by(|a, b| (a.0 == ' ') == (b.0 == ' '))
}

/// Cells back into spans, one per run of one style.
fn spans(row: Vec<(char, Style)>) -> Vec<Span<'static>> {
    row.chunk_by(|a, b| a.1 == b.1)
        .map(|run| Span::styled(run.iter().map(|(c, _)| c).collect::<String>(), run[0].1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn bullets_hang_under_their_text() {
        let line = Line::raw("  • File and print servers are low-hanging fruit");
        assert_eq!(
            rows(&wrap_lines(vec![line], 24)),
            [
                "  • File and print",
                "    servers are",
                "    low-hanging fruit"
            ]
        );
    }

    #[test]
    fn a_padded_first_span_makes_a_column() {
        let line = Line::from(vec![
            Span::raw("  Ctrl-S    "),
            Span::raw("save now, and again"),
        ]);
        assert_eq!(hanging_indent(&line), 12);
        assert_eq!(
            rows(&wrap_lines(vec![line], 24)),
            ["  Ctrl-S    save now,", "            and again"]
        );
    }

    #[test]
    fn plain_text_and_short_lines_stay_as_they_are() {
        assert_eq!(hanging_indent(&Line::raw("Stage: IT Production")), 0);
        assert_eq!(rows(&wrap_lines(vec![Line::raw("short")], 24)), ["short"]);
        assert_eq!(rows(&wrap_lines(vec![Line::raw("")], 24)), [""]);
        assert_eq!(
            rows(&wrap_line(&Line::raw("a b c d"), 3, 0)),
            ["a b", "c d"]
        );
    }

    #[test]
    fn long_words_break_and_wide_characters_count_twice() {
        assert_eq!(
            rows(&wrap_line(&Line::raw("abcdefgh"), 3, 0)),
            ["abc", "def", "gh"]
        );
        assert_eq!(
            rows(&wrap_line(&Line::raw("北海道電力 ok"), 6, 0)),
            ["北海道", "電力", "ok"]
        );
    }

    #[test]
    fn styles_survive_the_wrap() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![Span::raw("plain "), Span::styled("bold words", bold)]);
        let wrapped = wrap_line(&line, 11, 0);
        assert_eq!(rows(&wrapped), ["plain bold", "words"]);
        assert_eq!(wrapped[1].spans[0].style, bold);
    }

    #[test]
    fn no_width_is_too_small() {
        for width in 2..8 {
            let wrapped = wrap_lines(vec![Line::raw("  • 北海道 a bc")], width);
            for row in &wrapped {
                assert!(row.width() <= usize::from(width), "{width}: {row}");
            }
        }
    }
}
