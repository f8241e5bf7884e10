//! Finding names in free text and replacing them with aliases, keeping track of where each
//! piece of the old text went, so a coded span of a note can be found again in the new note.

use regex::Regex;

/// A name or a text the way names are compared: lower case, accents and ligatures folded
/// ("Société" → "societe"), spaces collapsed.
pub(super) fn normalise(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold_char(c: char) -> String {
    match deunicode::deunicode_char(c) {
        Some(s) if !s.is_empty() => s.to_lowercase(),
        _ => c.to_lowercase().collect(),
    }
}

fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// E-mail addresses, replaced whole: half an address still names someone.
fn email() -> &'static Regex {
    static EMAIL: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    EMAIL.get_or_init(|| {
        Regex::new(r"(?i)[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+")
            .expect("a valid pattern")
    })
}

/// One replacement: the bytes `from..to` of the old text became `new_from..new_to`.
#[derive(Debug, Clone, Copy)]
struct Edit {
    from: usize,
    to: usize,
    new_from: usize,
    new_to: usize,
}

/// A text with its names replaced, and where each replacement went.
#[derive(Debug)]
pub(super) struct Scrubbed {
    pub text: String,
    edits: Vec<Edit>,
}

impl Scrubbed {
    /// The place in the new text of the old text's bytes `start..end`; a name the span cuts
    /// into is taken whole, so the span holds its alias, never half of it.
    pub fn span(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let shift = |at: usize| -> isize {
            self.edits
                .iter()
                .filter(|e| e.to <= at)
                .map(|e| (e.new_to - e.new_from) as isize - (e.to - e.from) as isize)
                .sum()
        };
        let inside = |at: usize| self.edits.iter().find(|e| e.from < at && at < e.to);
        let new_start = match inside(start) {
            Some(e) => e.new_from,
            None => start.saturating_add_signed(shift(start)),
        };
        let new_end = match inside(end) {
            Some(e) => e.new_to,
            None => end.saturating_add_signed(shift(end)),
        };
        new_start.min(self.text.len())..new_end.clamp(new_start, self.text.len())
    }
}

/// Replaces every spelling of every name in `text` with its alias: compared without case or
/// accents, as whole words where the name begins or ends with a letter or digit (so "Yahoo!"
/// and "Globex (UK)" are found, and "Al" is not found in "Also"). E-mail addresses go whole.
pub(super) fn scrub(text: &str, patterns: &[(String, String)]) -> Scrubbed {
    let mut claimed: Vec<(usize, usize, &str)> = email()
        .find_iter(text)
        .map(|m| (m.start(), m.end(), "[e-mail]"))
        .collect();
    claim_names(text, patterns, &mut claimed);
    claimed.sort_by_key(|c| c.0);
    let mut out = String::with_capacity(text.len());
    let mut edits = Vec::with_capacity(claimed.len());
    let mut at = 0;
    for (from, to, alias) in claimed {
        out.push_str(&text[at..from]);
        let new_from = out.len();
        out.push_str(alias);
        edits.push(Edit {
            from,
            to,
            new_from,
            new_to: out.len(),
        });
        at = to;
    }
    out.push_str(&text[at..]);
    Scrubbed { text: out, edits }
}

/// Adds to `claimed` the places of names in `text` that no earlier claim overlaps.
fn claim_names<'p>(
    text: &str,
    patterns: &'p [(String, String)],
    claimed: &mut Vec<(usize, usize, &'p str)>,
) {
    // The folded text, and for each of its bytes the original char it comes from.
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let f = fold_char(c);
        for _ in 0..f.len() {
            origin.push((at, at + c.len_utf8()));
        }
        folded.push_str(&f);
    }
    let starts_char =
        |i: usize| i == 0 || origin.get(i).map(|o| o.0) != origin.get(i - 1).map(|o| o.0);
    let alnum_at = |i: usize| {
        folded[i..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    };
    let alnum_before = |i: usize| {
        folded[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    };
    for (name, alias) in patterns {
        let edge_start = name.chars().next().is_some_and(char::is_alphanumeric);
        let edge_end = name.chars().next_back().is_some_and(char::is_alphanumeric);
        for (i, _) in folded.match_indices(name.as_str()) {
            let end = i + name.len();
            let whole = starts_char(i)
                && (end == folded.len() || starts_char(end))
                && !(edge_start && alnum_before(i))
                && !(edge_end && end < folded.len() && alnum_at(end));
            if !whole {
                continue;
            }
            let (from, to) = (origin[i].0, origin[end - 1].1);
            if claimed.iter().any(|(a, b, _)| from < *b && *a < to) {
                continue;
            }
            claimed.push((from, to, alias.as_str()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns() -> Vec<(String, String)> {
        vec![
            ("acme corp".into(), "C1".into()),
            ("acme".into(), "C1".into()),
            ("dana".into(), "P1".into()),
        ]
    }

    #[test]
    fn a_span_follows_its_text_into_the_scrubbed_text() {
        let text = "Dana said: Acme Corp never looked back. Write to dana@acme.com.";
        let s = scrub(text, &patterns());
        assert_eq!(s.text, "P1 said: C1 never looked back. Write to [e-mail].");
        let at = text.find("never looked").expect("in text");
        let r = s.span(at, at + "never looked".len());
        assert_eq!(&s.text[r], "never looked");
        // A span that cuts a name takes the alias whole.
        let at = text.find("cme Corp never").expect("in text");
        let r = s.span(at, at + "cme Corp never".len());
        assert_eq!(&s.text[r], "C1 never");
        let r = s.span(0, text.len());
        assert_eq!(&s.text[r], s.text);
    }
}
