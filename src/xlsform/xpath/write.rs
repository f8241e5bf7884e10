//! Journey's conditions written as XLSForm `relevant` expressions, in the forms `parse` reads
//! back to the same conditions.

use crate::guide::{Condition, Test};

/// Writes a condition as a `relevant` expression; `is_multiple` tells the questions answered
/// with `select_multiple` (tested with `selected()`) from the others (`${q} = 'x'`).
pub fn write(condition: &Condition, is_multiple: &dyn Fn(&str) -> bool) -> String {
    write_nested(condition, is_multiple, false)
}

fn quote(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

fn number(n: f64) -> String {
    format!("{n}")
}

fn join(parts: Vec<String>, word: &str, nested: bool) -> String {
    // An empty `all` always holds and an empty `any` never does.
    if parts.is_empty() {
        return if word == "and" { "true()" } else { "false()" }.to_string();
    }
    let text = parts.join(&format!(" {word} "));
    if nested && parts.len() > 1 {
        format!("({text})")
    } else {
        text
    }
}

fn write_nested(c: &Condition, multiple: &dyn Fn(&str) -> bool, nested: bool) -> String {
    match c {
        Condition::All(items) => join(
            items
                .iter()
                .map(|c| write_nested(c, multiple, true))
                .collect(),
            "and",
            nested,
        ),
        Condition::Any(items) => join(
            items
                .iter()
                .map(|c| write_nested(c, multiple, true))
                .collect(),
            "or",
            nested,
        ),
        Condition::Not(inner) => format!("not({})", write_nested(inner, multiple, false)),
        Condition::Test { question, test } => {
            write_test(question, test, multiple(question), nested)
        }
    }
}

fn write_test(q: &str, test: &Test, multiple: bool, nested: bool) -> String {
    let pick = |id: &String| {
        if multiple {
            format!("selected(${{{q}}}, {})", quote(id))
        } else {
            format!("${{{q}}} = {}", quote(id))
        }
    };
    match test {
        Test::Answered(true) => format!("${{{q}}} != ''"),
        Test::Answered(false) => format!("${{{q}}} = ''"),
        Test::AnyOf(ids) => join(ids.iter().map(pick).collect(), "or", nested),
        Test::AllOf(ids) if ids.is_empty() => format!("${{{q}}} != ''"),
        Test::AllOf(ids) => join(ids.iter().map(pick).collect(), "and", nested),
        Test::NoneOf(ids) => {
            let any = join(ids.iter().map(pick).collect(), "or", false);
            join(
                vec![format!("${{{q}}} != ''"), format!("not({any})")],
                "and",
                nested,
            )
        }
        Test::Range { min, max } => {
            let mut parts = Vec::new();
            match (min, max) {
                (Some(a), Some(b)) if a == b => parts.push(format!("${{{q}}} = {}", number(*a))),
                _ => {
                    if let Some(a) = min {
                        parts.push(format!("${{{q}}} >= {}", number(*a)));
                    }
                    if let Some(b) = max {
                        parts.push(format!("${{{q}}} <= {}", number(*b)));
                    }
                }
            }
            if parts.is_empty() {
                parts.push(format!("${{{q}}} != ''"));
            }
            join(parts, "and", nested)
        }
    }
}
