//! A session's answers in words: option labels (with what was typed for "Other…"), a number
//! with its unit, or the text.

use std::borrow::Cow;

use super::{Picked, Value};

/// A number with its unit, without a needless ".0": `35 %`, `120 servers`.
pub fn format_number(n: f64, unit: &str) -> String {
    let num = if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    match unit {
        "" => num,
        "%" => format!("{num}%"),
        unit => format!("{num} {unit}"),
    }
}

/// The labels of the options picked, with the "other" text where given.
pub fn picked_labels(question: &crate::guide::Question, value: &Value) -> Vec<String> {
    let Value::Choice { selected, other } = value else {
        return Vec::new();
    };
    let selected = Picked::new(selected);
    question
        .options
        .iter()
        .filter(|o| selected.contains(&o.id))
        .map(|o| match other {
            Some(text) if o.other && !text.trim().is_empty() => {
                format!(
                    "{}: {}",
                    o.label.trim_end_matches(['…', '.', ':']),
                    text.trim()
                )
            }
            _ => o.label.clone(),
        })
        .collect()
}

/// What to call a picked option in lists and charts: the text typed for an "Other…" option,
/// else the option's label.
pub fn item_label(option: &crate::guide::ChoiceOption, other: Option<&str>) -> String {
    match other.map(str::trim) {
        Some(text) if option.other && !text.is_empty() => text.to_string(),
        _ => option.label.clone(),
    }
}

/// An answer as a reader would want it: option labels, a number with its unit, or the text.
pub fn answer_text(question: &crate::guide::Question, value: &Value) -> String {
    answer_str(question, value).into_owned()
}

/// [`answer_text`], borrowed where the answer is one string already stored: a text, or the
/// label of the one option picked (an export writes thousands of them).
pub fn answer_str<'a>(question: &'a crate::guide::Question, value: &'a Value) -> Cow<'a, str> {
    match value {
        Value::Choice { selected, other } => {
            let ids = Picked::new(selected);
            let mut picked = question.options.iter().filter(|o| ids.contains(&o.id));
            let typed = other.as_deref().is_some_and(|t| !t.trim().is_empty());
            match (picked.next(), picked.next()) {
                (Some(o), None) if !(o.other && typed) => Cow::Borrowed(&o.label),
                _ => Cow::Owned(picked_labels(question, value).join("; ")),
            }
        }
        Value::Number(n) => Cow::Owned(format_number(*n, &question.unit)),
        Value::Text(t) => Cow::Borrowed(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The borrowed answer is the answer: one option (an "Other…" with and without its text),
    /// several, none.
    #[test]
    fn a_borrowed_answer_reads_as_the_labels_joined() {
        let guide = crate::guide::builtin().expect("guide");
        let mut checked = 0;
        for (_, q) in guide.questions().filter(|(_, q)| q.kind.is_choice()) {
            let ids: Vec<String> = q.options.iter().map(|o| o.id.clone()).collect();
            let mut picks: Vec<Vec<String>> = ids.iter().map(|id| vec![id.clone()]).collect();
            picks.push(ids.clone());
            picks.push(Vec::new());
            for selected in picks {
                for other in [None, Some("  "), Some("Hyper-V")] {
                    let value = Value::Choice {
                        selected: selected.clone(),
                        other: other.map(String::from),
                    };
                    assert_eq!(
                        answer_str(q, &value),
                        picked_labels(q, &value).join("; "),
                        "{} {selected:?} {other:?}",
                        q.id
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
