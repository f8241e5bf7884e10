//! Small words the exports and reports share: counts with the right plural, and quotation marks
//! that are never doubled.

pub use crate::text::count;

/// Marks that open a quotation, and those that close one.
const OPENING: &[char] = &['"', '“', '„', '«', '»', '‘', '‚', '‹', '「', '『'];
const CLOSING: &[char] = &['"', '”', '“', '»', '«', '’', '‘', '›', '」', '』'];

/// The quotation marks to put around a quote: “ and ”, or none when the researcher typed the
/// quote with its own marks already (`"…"`, `“…”`, `«…»`, …), so none is ever doubled.
pub fn quote_marks(text: &str) -> (&'static str, &'static str) {
    let text = text.trim();
    let mut chars = text.chars();
    let (first, last) = (chars.next(), chars.next_back());
    match (first, last) {
        (Some(a), Some(z)) if OPENING.contains(&a) && CLOSING.contains(&z) => ("", ""),
        _ => ("“", "”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_plural_only_when_not_one() {
        assert_eq!(count(0, "customer"), "0 customers");
        assert_eq!(count(1, "customer"), "1 customer");
        assert_eq!(count(2, "session"), "2 sessions");
    }

    #[test]
    fn a_quote_with_its_own_marks_gets_no_second_pair() {
        for quoted in [
            "\"It paid.\"",
            "“It paid.”",
            "«Ça paie.»",
            "„Es lohnt.“",
            " “x” ",
        ] {
            assert_eq!(quote_marks(quoted), ("", ""), "{quoted}");
        }
        for bare in [
            "It paid.",
            "\"Cloud\" is next",
            "It \"paid\"",
            "\"",
            "",
            "'90s kit'",
        ] {
            assert_eq!(quote_marks(bare), ("“", "”"), "{bare}");
        }
    }
}
