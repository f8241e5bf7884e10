//! The `choices` sheet: each list's options, with their labels in every language and
//! journey's own fields (evidence, cue phrases, flags).

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::super::sheet::{Issue, Row, Sheet};
use super::Langs;

/// One option as the sheet gives it.
#[derive(Debug, Clone)]
pub struct Choice {
    pub row: usize,
    pub name: String,
    /// Language code → label.
    pub labels: Vec<(String, String)>,
    /// The option as journey's guide JSON holds it (id, label, flags, evidence, cues).
    pub json: Value,
}

/// The lists, by `list_name`, in the order the sheet gives them.
#[derive(Debug, Default)]
pub struct Choices {
    pub lists: HashMap<String, Vec<Choice>>,
}

const FLAGS: [&str; 3] = ["other", "exclusive", "unknown"];

/// Reads the `choices` sheet (absent: no lists); faults go to `errors` and `warnings`.
pub fn read(
    sheet: Option<&Sheet>,
    langs: &Langs,
    errors: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> Choices {
    let mut choices = Choices::default();
    let Some(sheet) = sheet else {
        return choices;
    };
    super::warn_unused_columns(
        sheet,
        &["list_name", "list name", "name", "label"],
        warnings,
    );
    if sheet
        .column("list_name")
        .or(sheet.column("list name"))
        .is_none()
        && !sheet.rows.is_empty()
    {
        errors.push(sheet.issue(
            1,
            "list_name",
            "the choices sheet needs a `list_name` column",
        ));
        return choices;
    }
    for row in &sheet.rows {
        read_row(sheet, row, langs, &mut choices, errors);
    }
    choices
}

/// One option row, added to its list unless it lacks a list or a name or repeats a name.
fn read_row(
    sheet: &Sheet,
    row: &Row,
    langs: &Langs,
    choices: &mut Choices,
    errors: &mut Vec<Issue>,
) {
    let list = first(sheet.get(row, "list_name"), sheet.get(row, "list name"));
    let name = sheet.get(row, "name");
    if list.is_empty() {
        let message = "a choice needs the `list_name` of its list";
        errors.push(sheet.issue(row.number, "list_name", message));
        return;
    }
    if name.is_empty() {
        errors.push(sheet.issue(row.number, "name", "a choice needs a `name`"));
        return;
    }
    let entries = choices.lists.entry(list.to_string()).or_default();
    if let Some(other) = entries.iter().find(|c| c.name == name) {
        let message = format!(
            "list `{list}` already has a choice `{name}` (row {})",
            other.row
        );
        errors.push(sheet.issue(row.number, "name", message));
        return;
    }
    let label = langs.own(sheet, row, "label");
    if label.is_empty() {
        errors.push(sheet.issue(row.number, "label", format!("choice `{name}` has no label")));
    }
    let json = option_json(sheet, row, name, &label, errors);
    entries.push(Choice {
        row: row.number,
        name: name.to_string(),
        labels: langs.translated(sheet, row, "label"),
        json,
    });
}

fn first<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.is_empty() {
        b
    } else {
        a
    }
}

/// The choices sheet's column for journey's `field`: `journey_evidence` (pyxform passes
/// `::` columns of this sheet on as languages), or `journey::evidence`.
fn journey_column(sheet: &Sheet, field: &str) -> String {
    let plain = format!("journey_{field}");
    if sheet.column(&plain).is_some() {
        plain
    } else {
        format!("journey::{field}")
    }
}

/// The option as guide JSON: id, label, the flags in `journey_flags`, and the JSON of
/// `journey_evidence` and `journey_cues`.
fn option_json(
    sheet: &Sheet,
    row: &super::super::sheet::Row,
    name: &str,
    label: &str,
    errors: &mut Vec<Issue>,
) -> Value {
    let mut option = Map::new();
    option.insert("id".into(), json!(name));
    option.insert("label".into(), json!(label));
    let flags = journey_column(sheet, "flags");
    for flag in sheet
        .get(row, &flags)
        .split([' ', ','])
        .filter(|f| !f.is_empty())
    {
        if FLAGS.contains(&flag) {
            option.insert(flag.into(), json!(true));
        } else {
            errors.push(sheet.issue(
                row.number,
                &flags,
                format!("`{flag}` is not a flag journey knows: other, exclusive, unknown"),
            ));
        }
    }
    for field in ["evidence", "cues"] {
        let column = journey_column(sheet, field);
        let text = sheet.get(row, &column);
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(value @ Value::Array(_)) => {
                option.insert(field.into(), value);
            }
            Ok(_) => errors.push(sheet.issue(row.number, &column, "expected a JSON list `[...]`")),
            Err(e) => errors.push(sheet.issue(
                row.number,
                &column,
                format!(
                    "not JSON: {} (character {})",
                    crate::guide::json_message(&e),
                    e.column()
                ),
            )),
        }
    }
    Value::Object(option)
}
