//! Finding a question by what the interviewer remembers of it (Ctrl-G): its number, words of
//! its label, of its text, or its id. Matches are ranked so that what the words name comes
//! first: "first production" finds "First production workload" before "Year of first
//! production VM", and "sponsor" finds "Sponsor" before "Executive sponsorship".

use super::Question;

/// How well a question matches, best first. A question that does not match has no rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The query is the question's number.
    Number,
    /// The label starts with the query.
    LabelStart,
    /// The query stands as whole words in the label.
    LabelWords,
    /// Every word of the query is a whole word of the label, in any order.
    LabelAllWords,
    /// The query starts a word of the label ("sponsor" in "sponsorship").
    LabelWordStart,
    /// The query is somewhere in the label.
    Label,
    /// The query stands as whole words in the question's text.
    TextWords,
    /// The query is somewhere in the text.
    Text,
    /// Every word of the query is somewhere in the label or the text.
    AllWords,
    /// The query is part of the question's id.
    Id,
}

/// The questions (index in the guide's flat order, question) that match `query`, best first,
/// in guide order within a rank. An empty query matches every question, in order.
pub fn find<'g>(
    query: &str,
    questions: impl IntoIterator<Item = (usize, &'g Question)>,
) -> Vec<usize> {
    let query = fold(query.trim());
    let mut found: Vec<(Rank, usize)> = questions
        .into_iter()
        .filter_map(|(i, q)| {
            if query.is_empty() {
                return Some((Rank::Number, i));
            }
            rank(&query, i + 1, q).map(|r| (r, i))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, i)| i).collect()
}

/// How question number `number` matches `query` (already folded with [`fold`]).
pub fn rank(query: &str, number: usize, question: &Question) -> Option<Rank> {
    if query == number.to_string() {
        return Some(Rank::Number);
    }
    let label = fold(question.label());
    let text = fold(&question.text);
    let wanted: Vec<&str> = words(query).collect();
    let has_word = |hay: &str, word: &str| words(hay).any(|w| w == word);
    if label.starts_with(query) {
        Some(Rank::LabelStart)
    } else if at_words(&label, query, true) {
        Some(Rank::LabelWords)
    } else if !wanted.is_empty() && wanted.iter().all(|w| has_word(&label, w)) {
        Some(Rank::LabelAllWords)
    } else if at_words(&label, query, false) {
        Some(Rank::LabelWordStart)
    } else if label.contains(query) {
        Some(Rank::Label)
    } else if at_words(&text, query, true) {
        Some(Rank::TextWords)
    } else if text.contains(query) {
        Some(Rank::Text)
    } else if !wanted.is_empty() && wanted.iter().all(|w| label.contains(w) || text.contains(w)) {
        Some(Rank::AllWords)
    } else if fold(&question.id).contains(query) {
        Some(Rank::Id)
    } else {
        None
    }
}

/// Lower case without accents, so "societe" finds "Société".
pub use crate::text::fold;

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether `needle` occurs in `hay` starting at a word's start, and (with `whole`) ending at
/// a word's end.
fn at_words(hay: &str, needle: &str, whole: bool) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        boundary(before) && (!whole || boundary(after))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, short: &str, text: &str) -> Question {
        serde_json::from_value(serde_json::json!({
            "id": id, "kind": "text", "short": short, "text": text
        }))
        .expect("question")
    }

    fn labels(query: &str, questions: &[Question]) -> Vec<String> {
        find(query, questions.iter().enumerate())
            .into_iter()
            .map(|i| questions[i].label().to_string())
            .collect()
    }

    fn sample() -> Vec<Question> {
        vec![
            question(
                "start.production",
                "In production today?",
                "Is anything running on virtual machines in production today?",
            ),
            question(
                "start.first_year",
                "Year of first production VM",
                "In what year did the first virtual machine go into production?",
            ),
            question(
                "start.first_workload",
                "First production workload",
                "What was the first thing you put into production, and why?",
            ),
            question(
                "sponsorship.exec",
                "Executive sponsorship",
                "Who sponsored it?",
            ),
            question("sponsorship.sponsor", "Sponsor", "Who paid for it?"),
            question(
                "team.skills",
                "Skills",
                "Which skills did the production team lack?",
            ),
        ]
    }

    #[test]
    fn a_label_that_starts_with_the_words_comes_before_one_that_holds_them() {
        let found = labels("first production", &sample());
        assert_eq!(
            found,
            ["First production workload", "Year of first production VM"]
        );
    }

    #[test]
    fn whole_words_come_before_parts_of_words_and_labels_before_texts() {
        let found = labels("sponsor", &sample());
        assert_eq!(found, ["Sponsor", "Executive sponsorship"]);
        let found = labels("production", &sample());
        assert_eq!(
            found,
            [
                "In production today?",
                "Year of first production VM",
                "First production workload",
                "Skills",
            ]
        );
    }

    #[test]
    fn words_in_any_order_find_the_label_and_accents_and_case_do_not_matter() {
        let found = labels("workload FIRST", &sample());
        assert_eq!(
            found.first().map(String::as_str),
            Some("First production workload")
        );
        let questions = vec![question("org.name", "Société", "Which company?")];
        assert_eq!(labels("societe", &questions), ["Société"]);
    }

    #[test]
    fn the_number_comes_first_then_the_id_and_nothing_matches_nonsense() {
        let questions = sample();
        assert_eq!(find("3", questions.iter().enumerate()).first(), Some(&2));
        assert_eq!(
            labels("first_year", &questions),
            ["Year of first production VM"]
        );
        assert!(labels("zebra", &questions).is_empty());
        assert_eq!(labels("  ", &questions).len(), questions.len());
    }
}
