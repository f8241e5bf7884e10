//! `journey guide export`: a guide written as an XLSForm workbook. The standard columns say
//! what XLSForm means by them; journey's own fields go in `journey::` columns and a `journey`
//! sheet, which ODK tools ignore, so the workbook reads back into the same guide.

use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;

use super::xpath;
use crate::guide::{split_language, Guide, Kind, Question, Section};

/// A sheet as rows of text, the first its header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn new(name: &'static str, headers: &[String]) -> Table {
        Table {
            name,
            rows: vec![headers.to_vec()],
        }
    }

    /// Adds a row from (column, value) pairs; columns not named stay empty.
    fn push(&mut self, cells: &[(&str, String)]) {
        let header = &self.rows[0];
        let mut row = vec![String::new(); header.len()];
        for (column, value) in cells {
            if let Some(i) = header.iter().position(|h| h == column) {
                row[i].clone_from(value);
            }
        }
        self.rows.push(row);
    }
}

fn compact<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The language column suffix for a translation: `Français (fr)`.
fn column_language(guide: &Guide, code: &str) -> String {
    let name = guide
        .translations
        .get(code)
        .map_or(code, |t| t.name.as_str());
    if name.is_empty() || name == code || split_language(name).0 == code {
        code.to_string()
    } else {
        format!("{name} ({code})")
    }
}

/// The guide's sheets: survey, choices, settings and journey.
pub fn tables(guide: &Guide) -> Vec<Table> {
    vec![
        survey(guide),
        choices(guide),
        settings(guide),
        framework(guide),
    ]
}

fn survey(guide: &Guide) -> Table {
    let mut headers: Vec<String> = [
        "type",
        "name",
        "label",
        "hint",
        "relevant",
        "constraint",
        "parameters",
    ]
    .map(String::from)
    .to_vec();
    for code in guide.translations.keys() {
        let lang = column_language(guide, code);
        headers.extend([
            format!("label::{lang}"),
            format!("hint::{lang}"),
            format!("journey::short::{lang}"),
        ]);
    }
    headers.extend(
        [
            "journey::short",
            "journey::unit",
            "journey::labels",
            "journey::bands",
            "journey::aspect",
        ]
        .map(String::from),
    );
    let mut table = Table::new("survey", &headers);
    for section in &guide.sections {
        write_section(guide, section, &mut table);
    }
    table
}

fn relevant(guide: &Guide, condition: Option<&crate::guide::Condition>) -> String {
    let multiple = |q: &str| guide.question(q).is_some_and(|q| q.kind == Kind::Multiple);
    condition
        .map(|c| xpath::write(c, &multiple))
        .unwrap_or_default()
}

fn write_section(guide: &Guide, section: &Section, table: &mut Table) {
    let mut begin = vec![
        ("type", "begin group".to_string()),
        ("name", section.id.clone()),
        ("label", section.title.clone()),
        ("relevant", relevant(guide, section.show_if.as_ref())),
        ("journey::aspect", section.aspect.clone()),
    ];
    let mut intro = vec![
        ("type", "note".to_string()),
        ("label", section.intro.clone()),
    ];
    let mut name = format!("{}_intro", section.id);
    while guide.question(&name).is_some() {
        name.push('_');
    }
    intro.push(("name", name));
    let columns: Vec<(String, String, String)> = guide
        .translations
        .iter()
        .map(|(code, t)| {
            let text = t.sections.get(&section.id).cloned().unwrap_or_default();
            (
                format!("label::{}", column_language(guide, code)),
                text.title,
                text.intro,
            )
        })
        .collect();
    for (column, title, text) in &columns {
        begin.push((column.as_str(), title.clone()));
        intro.push((column.as_str(), text.clone()));
    }
    table.push(&begin);
    if !section.intro.is_empty() {
        table.push(&intro);
    }
    for q in &section.questions {
        write_question(guide, q, table);
    }
    table.push(&[
        ("type", "end group".to_string()),
        ("name", section.id.clone()),
    ]);
}

fn question_type(q: &Question) -> String {
    match q.kind {
        Kind::Single => format!("select_one {}", q.id),
        Kind::Multiple => format!("select_multiple {}", q.id),
        Kind::Scale => "range".into(),
        Kind::Number => "decimal".into(),
        Kind::Text => "text".into(),
    }
}

fn write_question(guide: &Guide, q: &Question, table: &mut Table) {
    let bound = |op: &str, v: Option<f64>| v.map(|v| format!(". {op} {v}"));
    let constraint = match q.kind {
        Kind::Number => [bound(">=", q.min), bound("<=", q.max)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and "),
        _ => String::new(),
    };
    let parameters = match (q.kind, q.min, q.max) {
        (Kind::Scale, Some(min), Some(max)) => format!("start={min} end={max} step=1"),
        _ => String::new(),
    };
    let list = |v: &[String]| {
        if v.is_empty() {
            String::new()
        } else {
            compact(&v)
        }
    };
    let mut cells = vec![
        ("type", question_type(q)),
        ("name", q.id.clone()),
        ("label", q.text.clone()),
        ("hint", q.probes.join("\n")),
        ("relevant", relevant(guide, q.show_if.as_ref())),
        ("constraint", constraint),
        ("parameters", parameters),
        ("journey::short", q.short.clone()),
        ("journey::unit", q.unit.clone()),
        ("journey::labels", list(&q.labels)),
        (
            "journey::bands",
            if q.bands.is_empty() {
                String::new()
            } else {
                compact(&q.bands)
            },
        ),
    ];
    let mut translated = Vec::new();
    for (code, t) in &guide.translations {
        let lang = column_language(guide, code);
        let qt = t.questions.get(&q.id).cloned().unwrap_or_default();
        translated.push((format!("label::{lang}"), qt.text));
        translated.push((format!("hint::{lang}"), qt.probes.join("\n")));
        translated.push((format!("journey::short::{lang}"), qt.short));
    }
    cells.extend(translated.iter().map(|(c, v)| (c.as_str(), v.clone())));
    table.push(&cells);
}

fn choices(guide: &Guide) -> Table {
    let mut headers: Vec<String> = ["list_name", "name", "label"].map(String::from).to_vec();
    let langs: Vec<(String, String)> = guide
        .translations
        .keys()
        .map(|code| {
            (
                code.clone(),
                format!("label::{}", column_language(guide, code)),
            )
        })
        .collect();
    headers.extend(langs.iter().map(|(_, column)| column.clone()));
    headers.extend(["journey_flags", "journey_evidence", "journey_cues"].map(String::from));
    let mut table = Table::new("choices", &headers);
    for (_, q) in guide.questions() {
        for o in &q.options {
            let flags: Vec<&str> = [
                ("other", o.other),
                ("exclusive", o.exclusive),
                ("unknown", o.unknown),
            ]
            .into_iter()
            .filter_map(|(name, on)| on.then_some(name))
            .collect();
            let mut cells = vec![
                ("list_name", q.id.clone()),
                ("name", o.id.clone()),
                ("label", o.label.clone()),
                ("journey_flags", flags.join(" ")),
                (
                    "journey_evidence",
                    if o.evidence.is_empty() {
                        String::new()
                    } else {
                        compact(&o.evidence)
                    },
                ),
                (
                    "journey_cues",
                    if o.cues.is_empty() {
                        String::new()
                    } else {
                        compact(&o.cues)
                    },
                ),
            ];
            for (code, column) in &langs {
                let label = guide.translations[code]
                    .questions
                    .get(&q.id)
                    .and_then(|qt| qt.options.get(&o.id));
                cells.push((column.as_str(), label.cloned().unwrap_or_default()));
            }
            table.push(&cells);
        }
    }
    table
}

fn settings(guide: &Guide) -> Table {
    let headers = ["form_title", "form_id", "version", "default_language"].map(String::from);
    let mut table = Table::new("settings", &headers);
    table.push(&[
        ("form_title", guide.title.clone()),
        ("form_id", guide.id.clone()),
        ("version", guide.version.clone()),
        ("default_language", guide.language.clone()),
    ]);
    table
}

fn framework(guide: &Guide) -> Table {
    let mut table = Table::new("journey", &["field".to_string(), "value".to_string()]);
    let mut row =
        |field: &str, value: String| table.push(&[("field", field.to_string()), ("value", value)]);
    row("format", compact(&guide.format));
    if !guide.description.is_empty() {
        row("description", compact(&guide.description));
    }
    guide.stages.iter().for_each(|x| row("stages", compact(x)));
    guide
        .drivers
        .iter()
        .for_each(|x| row("drivers", compact(x)));
    guide
        .obstacles
        .iter()
        .for_each(|x| row("obstacles", compact(x)));
    guide
        .milestones
        .iter()
        .for_each(|x| row("milestones", compact(x)));
    guide
        .highlights
        .iter()
        .for_each(|x| row("highlights", compact(x)));
    row("assessment", compact(&guide.assessment));
    guide.codes.iter().for_each(|x| row("codes", compact(x)));
    table
}

/// The workbook's bytes (.xlsx).
pub fn workbook(guide: &Guide) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    write_tables(&tables(guide))
}

/// Sheets of text as an .xlsx workbook, headers in bold.
pub fn write_tables(tables: &[Table]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(table.name)?;
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
                let (r, c) = (
                    u32::try_from(r).unwrap_or(u32::MAX),
                    u16::try_from(c).unwrap_or(u16::MAX),
                );
                if r == 0 {
                    sheet.write_string_with_format(r, c, cell, &bold)?;
                } else {
                    sheet.write_string(r, c, cell)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}
