//! Making text from sessions and guides safe to print: no control characters, escape sequences,
//! bidi overrides or invisible characters ever reach the terminal raw.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

mod name;

pub use name::{deserialize_name, name, names, Name, SharedName};

/// "1 session", "3 sessions": a count and its noun, plural when the count is not one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Text as searches and the archive's filter compare it: accents folded away ("é" is "e", "ß" is
/// "ss"), in lower case.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// A name as a stable id: folded (see `fold`), every run of other characters than letters and
/// digits one `-`, none at the ends ("Café Müller GmbH" is "cafe-muller-gmbh"). Empty for a
/// name with no letter or digit.
pub fn slug(name: &str) -> String {
    let folded = fold(name);
    let parts: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    parts.join("-")
}

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

/// A writer of JSON text that escapes, as it passes, what [`json_safe`] escapes: for JSON
/// streamed a piece at a time. A character split between two writes waits for its rest.
pub struct JsonSafe<W: std::io::Write> {
    out: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> JsonSafe<W> {
    pub fn new(out: W) -> JsonSafe<W> {
        JsonSafe {
            out,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for JsonSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            self.pending.extend_from_slice(buf);
            &self.pending[..]
        };
        let whole = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            // Only an unfinished character at the end waits; anything else is not UTF-8 JSON.
            Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()])
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?,
            Err(e) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        };
        if whole.chars().any(is_unsafe) {
            self.out
                .write_all(json_safe(whole.to_string()).as_bytes())?;
        } else {
            self.out.write_all(whole.as_bytes())?;
        }
        let rest = bytes[whole.len()..].to_vec();
        self.pending = rest;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
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

/// The first code point of the private-use plane that stands for an unsafe character in a text
/// field: `PRIVATE + c` shows `c` as a harmless glyph and turns back into `c` exactly.
const PRIVATE: u32 = 0xF0000;

/// Text as a text field shows it: every character that must not reach the terminal raw stands
/// in for itself reversibly (C0 controls as their Control Pictures, ␛ ␍ ␉; the rest, and real
/// Control Pictures, as private-use characters), so [`from_field`] gives back exactly what was
/// typed, pasted or loaded. Newlines stay: they are the field's lines.
pub fn to_field(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\n' => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or(c)),
            '\u{7f}' => out.push('\u{2421}'),
            '\u{2400}'..='\u{2421}' => out.push(char::from_u32(PRIVATE + c as u32).unwrap_or(c)),
            c if is_unsafe(c) => out.push(char::from_u32(PRIVATE + c as u32).unwrap_or(c)),
            // Private-use characters typed as themselves are marked, so they come back as typed.
            c if (PRIVATE..PRIVATE + 0x1_0000).contains(&(c as u32)) || c == MARK => {
                out.push(MARK);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The text a field holds, as it is stored: the inverse of [`to_field`].
pub fn from_field(shown: &str) -> String {
    let mut out = String::with_capacity(shown.len());
    let mut chars = shown.chars();
    while let Some(c) = chars.next() {
        let raw = match c as u32 {
            _ if c == MARK => chars.next().unwrap_or(MARK),
            0x2400..=0x241f => char::from_u32(c as u32 - 0x2400).unwrap_or(c),
            0x2421 => '\u{7f}',
            n if (PRIVATE..PRIVATE + 0x1_0000).contains(&n) => {
                char::from_u32(n - PRIVATE).unwrap_or(c)
            }
            _ => c,
        };
        out.push(raw);
    }
    out
}

/// Marks the next character of a field as itself (see [`to_field`]).
const MARK: char = '\u{10fffd}';

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
    // A cut right after a word's own "…" or a space needs no second mark after it.
    let kept = out.trim_end().trim_end_matches('…').len();
    out.truncate(kept);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_slug_folds_accents_and_joins_words_with_one_dash() {
        assert_eq!(super::slug("Café Müller GmbH"), "cafe-muller-gmbh");
        assert_eq!(super::slug("  ACME, Inc. "), "acme-inc");
        assert_eq!(super::slug("Straße 9"), "strasse-9");
        assert_eq!(super::slug("—"), "");
    }

    use super::*;

    #[test]
    fn json_streamed_through_json_safe_is_json_safe_of_the_whole() {
        use std::io::Write;
        let json =
            serde_json::to_string(&["a\u{1b}[31mé", "\u{202e}ok", "日本\u{7}"]).expect("json");
        // Every split point, characters cut in two included.
        for cut in 0..=json.len() {
            let mut out = Vec::new();
            let mut safe = JsonSafe::new(&mut out);
            safe.write_all(&json.as_bytes()[..cut]).expect("write");
            safe.write_all(&json.as_bytes()[cut..]).expect("write");
            safe.flush().expect("flush");
            assert_eq!(
                String::from_utf8(out).expect("utf-8"),
                json_safe(json.clone())
            );
        }
    }

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

    proptest::proptest! {
        /// Any text round-trips through a field exactly, and the field shows nothing unsafe.
        #[test]
        fn text_round_trips_through_a_field(raw in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{9f}\\u{200b}-\\u{2069}\\u{2400}-\\u{2426}\\u{f0000}-\\u{f0010}\\u{10fffd}]*") {
            let shown = to_field(&raw);
            proptest::prop_assert!(!shown.chars().any(|c| c != '\n' && (is_unsafe(c) || c == '\t')), "{shown:?}");
            proptest::prop_assert_eq!(from_field(&shown), raw);
        }
    }
}
