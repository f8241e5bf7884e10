//! What surrounds the questions: the `settings` sheet, the languages of the label columns, and
//! the `journey` sheet that holds journey's research framework.

use serde_json::{Map, Value};

use super::super::sheet::{Issue, Row, Sheet, Workbook};
use crate::guide::{
    split_language, AssessmentSettings, Code, Driver, Highlight, Milestone, Obstacle, Stage,
};

/// The languages the label columns are in: the guide's own (`label`, or `label::<own>`) and
/// the translations (`label::Français (fr)`).
#[derive(Debug, Default)]
pub struct Langs {
    /// The own language as written ("English (en)"); empty when the form names none.
    pub own: String,
    /// The other languages as written in the headers, in the order first seen.
    pub others: Vec<String>,
}

const TRANSLATED: [&str; 3] = ["label", "hint", "journey::short"];

impl Langs {
    pub fn find(book: &Workbook, default_language: &str) -> Langs {
        let mut seen: Vec<String> = Vec::new();
        let mut plain = false;
        for sheet in ["survey", "choices"].iter().filter_map(|s| book.sheet(s)) {
            for header in &sheet.headers {
                let header = header.trim();
                plain |= header.eq_ignore_ascii_case("label");
                for field in TRANSLATED {
                    let lang = strip_prefix_ci(header, &format!("{field}::"));
                    if let Some(lang) = lang.filter(|l| !seen.iter().any(|s| s == l.trim())) {
                        seen.push(lang.trim().to_string());
                    }
                }
            }
        }
        let own = if !default_language.is_empty() {
            default_language.to_string()
        } else if plain || seen.is_empty() {
            String::new()
        } else {
            seen[0].clone()
        };
        let others = seen.into_iter().filter(|l| *l != own).collect();
        Langs { own, others }
    }

    /// The own-language text of `field` in `row`: `field::<own>`, else plain `field`.
    pub fn own(&self, sheet: &Sheet, row: &Row, field: &str) -> String {
        let named = if self.own.is_empty() {
            ""
        } else {
            sheet.get(row, &format!("{field}::{}", self.own))
        };
        if named.is_empty() {
            sheet.get(row, field).to_string()
        } else {
            named.to_string()
        }
    }

    /// (language code, text) for each translation of `field` that `row` gives.
    pub fn translated(&self, sheet: &Sheet, row: &Row, field: &str) -> Vec<(String, String)> {
        self.others
            .iter()
            .filter_map(|lang| {
                let text = sheet.get(row, &format!("{field}::{lang}"));
                (!text.is_empty()).then(|| (split_language(lang).0, text.to_string()))
            })
            .collect()
    }

    /// Whether a column header is one this import reads for the languages.
    pub fn reads(header: &str) -> bool {
        TRANSLATED
            .iter()
            .any(|field| strip_prefix_ci(header.trim(), &format!("{field}::")).is_some())
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    (text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then(|| &text[prefix.len()..])
}

/// The `settings` sheet's first row: title, id, version, default language.
#[derive(Debug, Default)]
pub struct Settings {
    pub title: String,
    pub id: String,
    pub version: String,
    pub default_language: String,
}

pub fn settings(book: &Workbook, warnings: &mut Vec<Issue>) -> Settings {
    let Some(sheet) = book.sheet("settings") else {
        return Settings::default();
    };
    let used = ["form_title", "form_id", "version", "default_language"];
    super::warn_unused_columns(sheet, &used, warnings);
    let Some(row) = sheet.rows.first() else {
        return Settings::default();
    };
    Settings {
        title: sheet.get(row, "form_title").to_string(),
        id: sheet.get(row, "form_id").to_string(),
        version: sheet.get(row, "version").to_string(),
        default_language: sheet.get(row, "default_language").to_string(),
    }
}

/// The framework fields journey's sheet may hold: lists get one row per item.
const LISTS: [&str; 6] = [
    "stages",
    "drivers",
    "obstacles",
    "milestones",
    "highlights",
    "codes",
];

/// Reads the `journey` sheet (`field`, `value` as JSON) into the guide's top-level fields;
/// without one, the built-in guide's framework, with a warning.
pub fn framework(
    book: &Workbook,
    errors: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> Map<String, Value> {
    let Some(sheet) = book.sheet("journey") else {
        warnings.push(Issue {
            sheet: "journey".into(),
            row: 0,
            column: String::new(),
            message: "not in the workbook, so the stages, drivers, obstacles and codes are the built-in guide's (no milestones or highlights), and the questions carry no evidence".into(),
        });
        return builtin_framework();
    };
    let mut out = Map::new();
    for list in LISTS {
        out.insert(list.into(), Value::Array(Vec::new()));
    }
    for row in &sheet.rows {
        let field = sheet.get(row, "field");
        let text = sheet.get(row, "value");
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let message = format!(
                    "not JSON: {} (character {})",
                    crate::guide::json_message(&e),
                    e.column()
                );
                errors.push(sheet.issue(row.number, "value", message));
                continue;
            }
        };
        if let Err(message) = check_item(field, &value) {
            errors.push(sheet.issue(
                row.number,
                if message.starts_with('`') {
                    "field"
                } else {
                    "value"
                },
                message,
            ));
            continue;
        }
        match out.get_mut(field) {
            Some(Value::Array(items)) if LISTS.contains(&field) => items.push(value),
            _ => {
                out.insert(field.to_string(), value);
            }
        }
    }
    out
}

/// Whether one row of the journey sheet has the shape its field needs.
fn check_item(field: &str, value: &Value) -> Result<(), String> {
    fn shape<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), String> {
        serde_json::from_value::<T>(value.clone())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    match field {
        "stages" => shape::<Stage>(value),
        "drivers" => shape::<Driver>(value),
        "obstacles" => shape::<Obstacle>(value),
        "milestones" => shape::<Milestone>(value),
        "highlights" => shape::<Highlight>(value),
        "codes" => shape::<Code>(value),
        "assessment" => shape::<AssessmentSettings>(value),
        "format" => shape::<u32>(value),
        "description" => shape::<String>(value),
        other => Err(format!(
            "`{other}` is not a field journey's sheet holds: format, description, assessment, {}",
            LISTS.join(", ")
        )),
    }
}

/// The built-in guide's framework, for a form made without journey's sheet.
fn builtin_framework() -> Map<String, Value> {
    let mut out = Map::new();
    let Ok(guide) = crate::guide::builtin() else {
        return out;
    };
    let Ok(Value::Object(all)) = serde_json::to_value(&guide) else {
        return out;
    };
    // Not the milestones and highlights: they read the built-in guide's questions.
    for key in [
        "stages",
        "drivers",
        "obstacles",
        "codes",
        "assessment",
        "format",
    ] {
        if let Some(v) = all.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    out
}
