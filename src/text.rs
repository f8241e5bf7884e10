//! Making text from sessions and guides safe to print: no control characters, escape sequences,
//! bidi overrides or invisible characters ever reach the terminal raw.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// What a character becomes on screen.
enum Shown {
    Keep,
    Drop,
    As(char),
}

fn classify(c: char, keep_newlines: bool) -> Shown {
    match c {
        '\n' if keep_newlines => Shown::Keep,
        '\n' | '\t' => Shown::As(' '),
        // C0 controls and DEL as their Control Pictures (ESC shows as ␛, CR as ␍).
        '\u{0}'..='\u{1f}' => Shown::As(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => Shown::As('\u{2421}'),
        // C1 controls (8-bit CSI, OSC, ...), bidi embeddings, overrides and isolates.
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Shown::As('\u{fffd}')
        }
        // Invisible marks with no place in interview notes; joiners stay (emoji, scripts need them).
        '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{061c}' => Shown::Drop,
        _ => Shown::Keep,
    }
}

fn clean(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    // Most text is printable ASCII: checked byte by byte, it needs nothing more.
    let plain = |b: &u8| (0x20..0x7f).contains(b) || (keep_newlines && *b == b'\n');
    if text.as_bytes().iter().all(plain) {
        return Cow::Borrowed(text);
    }
    if text
        .chars()
        .all(|c| matches!(classify(c, keep_newlines), Shown::Keep))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match classify(c, keep_newlines) {
            Shown::Keep => out.push(c),
            Shown::Drop => {}
            Shown::As(r) => out.push(r),
        }
    }
    Cow::Owned(out)
}

/// Whether a character must not reach a terminal raw: controls other than newline and tab,
/// DEL, C1 controls, bidi embeddings, overrides and isolates, and invisible marks.
pub fn is_unsafe(c: char) -> bool {
    !matches!(classify(c, true), Shown::Keep) && c != '\t'
}

/// JSON text with every unsafe character inside its strings written as a `\uXXXX` escape: the
/// same data for a parser, nothing raw for a terminal. (Outside strings, JSON has no such
/// characters.)
pub fn json_safe(json: String) -> String {
    if !json.chars().any(is_unsafe) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One line of safe text: newlines and tabs become spaces.
pub fn line(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// Safe text that keeps its line breaks.
pub fn block(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

/// Cuts text to at most `max` display columns, marking the cut with "…".
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width + w + 1 > max {
            break;
        }
        out.push(c);
        width += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_defused() {
        let evil = "a\u{1b}[31mred\u{1b}]0;title\u{7}\r\u{9b}2J\u{202e}txt";
        let safe = line(evil);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe:?}");
        assert_eq!(safe, "a␛[31mred␛]0;title␇␍\u{fffd}2J\u{fffd}txt");
    }

    #[test]
    fn ordinary_text_is_untouched_and_not_copied() {
        let text = "Société 日本 👨‍👩‍👧 «quote»";
        assert!(matches!(line(text), Cow::Borrowed(_)));
        assert_eq!(block("one\ntwo"), "one\ntwo");
        assert_eq!(line("one\ntwo\tthree"), "one two three");
        assert_eq!(line("zero\u{200b}width"), "zerowidth");
    }

    #[test]
    fn json_keeps_the_data_and_drops_nothing_raw() {
        let value = serde_json::json!({"name": "a\u{1b}[31m\u{9b}\u{202e}\u{7f}b\nc\td"});
        let safe = json_safe(serde_json::to_string(&value).expect("json"));
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn truncation_counts_display_columns() {
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
        assert_eq!(truncate("short", 7), "short");
    }
}
