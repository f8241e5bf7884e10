//! `journey guide import`: an XLSForm workbook read into a guide. Every error and warning
//! names its sheet, row and column, and all are reported at once; what journey does not
//! support is named in a warning, never dropped in silence.

mod choices;
mod frame;
mod survey;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::sheet::{Issue, Sheet, Workbook};
use crate::guide::{self, Guide};

pub(crate) use frame::Langs;

/// A guide read from a workbook, and what was left out or read loosely.
#[derive(Debug)]
pub struct Imported {
    pub guide: Guide,
    pub warnings: Vec<Issue>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {message}")]
    Unreadable { file: String, message: String },
    #[error("{file}: {} error{} found, no guide written:\n{}", errors.len(), if errors.len() == 1 { "" } else { "s" }, list(errors))]
    Invalid {
        file: String,
        errors: Vec<Issue>,
        warnings: Vec<Issue>,
    },
}

fn list(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("  {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the workbook in `bytes` (named `file` in messages); `default_id` is the guide's id
/// when the settings sheet gives no `form_id`.
pub fn import(file: &str, bytes: Vec<u8>, default_id: &str) -> Result<Imported, ImportError> {
    let unreadable = |message: String| ImportError::Unreadable {
        file: file.to_string(),
        message,
    };
    let book = Workbook::read(bytes).map_err(unreadable)?;
    let Some(survey) = book.sheet("survey") else {
        return Err(unreadable(
            "no `survey` sheet: an XLSForm has its questions on a sheet named `survey`".into(),
        ));
    };
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let settings = frame::settings(&book, &mut warnings);
    let langs = Langs::find(&book, &settings.default_language);
    let choices = choices::read(book.sheet("choices"), &langs, &mut errors, &mut warnings);
    let title = first_of(&settings.title, &settings.id, default_id);
    let walked = survey::walk(survey, &langs, &choices, &title, &mut errors, &mut warnings);
    let mut whole = frame::framework(&book, &mut errors, &mut warnings);
    whole.insert("id".into(), json!(first_of(&settings.id, default_id, "")));
    whole.insert("title".into(), json!(title));
    whole.insert(
        "version".into(),
        json!(first_of(&settings.version, "1", "")),
    );
    whole.entry("format").or_insert(json!(guide::FORMAT));
    if !langs.own.is_empty() {
        whole.insert("language".into(), json!(langs.own));
    }
    sort(&mut errors);
    sort(&mut warnings);
    let built = if errors.is_empty() {
        build(file, whole, &walked, survey)
    } else {
        Err(errors)
    };
    match built {
        Ok(guide) => Ok(Imported { guide, warnings }),
        Err(errors) => Err(ImportError::Invalid {
            file: file.to_string(),
            errors,
            warnings,
        }),
    }
}

/// The guide from the framework and the walked survey, checked as `guide check` checks a
/// file; its faults are placed at the rows they come from.
fn build(
    file: &str,
    mut whole: Map<String, Value>,
    walked: &survey::Walked,
    survey: &Sheet,
) -> Result<Guide, Vec<Issue>> {
    let value = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    whole.insert(
        "sections".into(),
        value(serde_json::to_value(&walked.sections)),
    );
    if !walked.translations.is_empty() {
        whole.insert(
            "translations".into(),
            value(serde_json::to_value(&walked.translations)),
        );
    }
    let guide = guide::parse(file, &Value::Object(whole).to_string()).map_err(|e| {
        vec![Issue {
            sheet: "journey".into(),
            row: 0,
            column: String::new(),
            message: e.to_string(),
        }]
    })?;
    let faults = guide::check(&guide);
    if faults.is_empty() {
        Ok(guide)
    } else {
        let mut errors: Vec<Issue> = faults.iter().map(|f| walked.locate(survey, f)).collect();
        sort(&mut errors);
        Err(errors)
    }
}

/// Issues in the order a user reads the workbook: sheet by sheet, row by row.
fn sort(issues: &mut [Issue]) {
    let rank = |sheet: &str| {
        ["survey", "choices", "settings", "journey"]
            .iter()
            .position(|s| s.eq_ignore_ascii_case(sheet))
            .unwrap_or(4)
    };
    issues.sort_by_key(|i| (rank(&i.sheet), i.row));
}

fn first_of(a: &str, b: &str, c: &str) -> String {
    [a, b, c]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .unwrap_or_default()
        .to_string()
}

/// Warns of every column journey does not read that holds something: one warning a column, at
/// its first row, naming the others.
fn warn_unused_columns(sheet: &Sheet, used: &[&str], warnings: &mut Vec<Issue>) {
    for (c, header) in sheet.headers.iter().enumerate() {
        let h = header.trim();
        let lower = h.to_ascii_lowercase();
        let read = used.iter().any(|u| u.eq_ignore_ascii_case(h))
            || Langs::reads(h)
            || lower.starts_with("journey::")
            || lower.starts_with("journey_");
        let rows: Vec<usize> = sheet
            .rows
            .iter()
            .filter(|r| r.cells.get(c).is_some_and(|v| !v.is_empty()))
            .map(|r| r.number)
            .collect();
        let Some((first, more)) = rows.split_first().filter(|_| !read) else {
            continue;
        };
        let column = if h.is_empty() {
            format!("{} (no header)", column_letters(c))
        } else {
            h.to_string()
        };
        let also = match more {
            [] => String::new(),
            [.., last] if more.len() > 8 => {
                format!(" (also {} more rows, to row {last})", more.len())
            }
            _ => format!(
                " (also row{} {})",
                if more.len() == 1 { "" } else { "s" },
                more.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        warnings.push(sheet.issue(
            *first,
            &column,
            format!("journey does not use this column: left out{also}"),
        ));
    }
}

/// A column's letters as a spreadsheet shows them: A, …, Z, AA, …
pub(super) fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The translations the walk collects: language code → texts.
pub(crate) type Translations = BTreeMap<String, guide::Translation>;

/// Fields a guide file may leave out when empty: the imported guide is written without them,
/// as a person writes a guide.
const OPTIONAL: [&str; 15] = [
    "description",
    "theme",
    "evidence",
    "probes",
    "labels",
    "bands",
    "unit",
    "intro",
    "aspect",
    "short",
    "cues",
    "codes",
    "milestones",
    "highlights",
    "options",
];

/// The guide as JSON text, without the empty optional fields.
pub fn guide_json(guide: &Guide) -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(guide)?;
    tidy(&mut value);
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    Ok(text)
}

fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, v| {
                let empty = matches!(v, Value::String(s) if s.is_empty())
                    || matches!(v, Value::Array(a) if a.is_empty());
                !(empty && OPTIONAL.contains(&key.as_str()))
            });
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        // A whole number is written as one (`2`, not `2.0`), as people write them.
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9e15) {
                #[allow(clippy::cast_possible_truncation)]
                let whole = f as i64;
                *value = Value::from(whole);
            }
        }
        _ => {}
    }
}
