//! The `survey` sheet, row by row: groups become sections, questions become questions, and
//! `relevant` becomes skip logic.

mod question;

use std::collections::HashMap;

use super::super::sheet::{Issue, Row, Sheet};
use super::super::xpath;
use super::choices::Choices;
use super::{Langs, Translations};
use crate::guide::{split_language, Condition, Fault, Kind, Section, Translation};

/// The columns of the survey sheet journey reads.
const USED: [&str; 8] = [
    "type",
    "name",
    "label",
    "hint",
    "relevant",
    "constraint",
    "required",
    "parameters",
];

/// A row's `type`, as journey reads it.
#[derive(Debug, Clone, PartialEq)]
enum RowType {
    BeginGroup { repeat: bool },
    EndGroup { repeat: bool },
    Question(Kind, Option<String>),
    Note,
    Unsupported(String),
}

fn row_type(text: &str) -> RowType {
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["begin", "group"] | ["begin_group"] => RowType::BeginGroup { repeat: false },
        ["end", "group"] | ["end_group"] => RowType::EndGroup { repeat: false },
        ["begin", "repeat"] | ["begin_repeat"] => RowType::BeginGroup { repeat: true },
        ["end", "repeat"] | ["end_repeat"] => RowType::EndGroup { repeat: true },
        ["select_one" | "select1", list, rest @ ..] | ["select", "one", list, rest @ ..]
            if rest.is_empty() || rest == ["or_other"] =>
        {
            RowType::Question(Kind::Single, Some(list.to_string()))
        }
        ["select_multiple", list, rest @ ..] | ["select", "multiple", list, rest @ ..]
            if rest.is_empty() || rest == ["or_other"] =>
        {
            RowType::Question(Kind::Multiple, Some(list.to_string()))
        }
        ["integer" | "int" | "decimal"] => RowType::Question(Kind::Number, None),
        ["range"] => RowType::Question(Kind::Scale, None),
        ["text" | "string"] => RowType::Question(Kind::Text, None),
        ["note"] => RowType::Note,
        _ => RowType::Unsupported(text.to_string()),
    }
}

/// An open group: its name, where it began, and the skip logic it and its parents add up to.
struct Group {
    name: String,
    row: usize,
    title: String,
    show_if: Option<Condition>,
    aspect: String,
}

/// What the walk produces: sections and translations, and where each thing came from.
#[derive(Default)]
pub struct Walked {
    pub sections: Vec<Section>,
    pub translations: Translations,
    section_rows: Vec<usize>,
    question_rows: HashMap<String, usize>,
}

struct Walk<'a> {
    sheet: &'a Sheet,
    langs: &'a Langs,
    choices: &'a Choices,
    title: &'a str,
    errors: &'a mut Vec<Issue>,
    warnings: &'a mut Vec<Issue>,
    out: Walked,
    stack: Vec<Group>,
    /// The section questions go into now; `None` after a group ends.
    current: Option<usize>,
    /// Names of rows not imported (unsupported types), for clearer errors.
    left_out: HashMap<String, usize>,
    /// `${q}` references: the row and the question read.
    refs: Vec<(usize, String)>,
}

pub fn walk(
    sheet: &Sheet,
    langs: &Langs,
    choices: &Choices,
    title: &str,
    errors: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> Walked {
    let mut used: Vec<&str> = USED.to_vec();
    used.extend([
        "journey::short",
        "journey::unit",
        "journey::labels",
        "journey::bands",
        "journey::aspect",
    ]);
    super::warn_unused_columns(sheet, &used, warnings);
    if sheet.column("type").is_none() {
        errors.push(sheet.issue(1, "type", "the survey sheet needs a `type` column"));
        return Walked::default();
    }
    let mut w = Walk {
        sheet,
        langs,
        choices,
        title,
        errors,
        warnings,
        out: Walked::default(),
        stack: Vec::new(),
        current: None,
        left_out: HashMap::new(),
        refs: Vec::new(),
    };
    for lang in &langs.others {
        let (code, name) = split_language(lang);
        w.out.translations.insert(
            code,
            Translation {
                name,
                ..Translation::default()
            },
        );
    }
    for row in &sheet.rows {
        w.row(row);
    }
    w.finish()
}

impl<'a> Walk<'a> {
    fn error(&mut self, row: usize, column: &str, message: impl Into<String>) {
        self.errors.push(self.sheet.issue(row, column, message));
    }

    fn warn(&mut self, row: usize, column: &str, message: impl Into<String>) {
        self.warnings.push(self.sheet.issue(row, column, message));
    }

    fn row(&mut self, row: &Row) {
        let kind = self.sheet.get(row, "type");
        if kind.is_empty() {
            self.warn(row.number, "type", "a row without a `type`: left out");
            return;
        }
        if kind
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("or_other"))
        {
            self.warn(row.number, "type", "journey does not read `or_other`: give the list an option whose `journey_flags` is `other` (it asks for the text)");
        }
        match row_type(kind) {
            RowType::BeginGroup { repeat } => self.begin_group(row, repeat),
            RowType::EndGroup { repeat } => self.end_group(row, repeat),
            RowType::Note => self.note(row),
            RowType::Question(kind, list) => self.question(row, kind, list.as_deref()),
            RowType::Unsupported(t) => {
                let name = self.sheet.get(row, "name");
                if !name.is_empty() {
                    self.left_out.insert(name.to_string(), row.number);
                }
                self.warn(row.number, "type", format!("journey does not support the type `{t}` (it reads select_one, select_multiple, integer, decimal, range, text, note and groups): the row is left out"));
            }
        }
    }

    /// The row's `relevant`, read; references are checked once every name is known.
    fn relevant(&mut self, row: &Row) -> Option<Condition> {
        let text = self.sheet.get(row, "relevant");
        if text.is_empty() {
            return None;
        }
        match xpath::parse(text) {
            Ok(c) => {
                for q in c.questions() {
                    self.refs.push((row.number, q.to_string()));
                }
                Some(c)
            }
            Err(e) => {
                self.error(row.number, "relevant", format!("cannot read `{text}`: {e}"));
                None
            }
        }
    }

    fn begin_group(&mut self, row: &Row, repeat: bool) {
        let name = self.sheet.get(row, "name").to_string();
        if name.is_empty() {
            self.error(row.number, "name", "a group needs a `name`");
        }
        if repeat {
            self.warn(
                row.number,
                "type",
                format!(
                    "journey has no repeat groups: `{name}` is read as a plain group, asked once"
                ),
            );
        }
        if let Some(parent) = self.stack.last() {
            let message = format!("journey's sections do not nest: group `{name}` inside `{}` becomes a section of its own, asked when both groups' `relevant` hold", parent.name);
            self.warn(row.number, "type", message);
        }
        let own = self.relevant(row);
        let parent = self.stack.last().and_then(|g| g.show_if.clone());
        let show_if = match (parent, own) {
            (Some(p), Some(o)) => Some(Condition::All(vec![p, o])),
            (p, o) => p.or(o),
        };
        let title = self.langs.own(self.sheet, row, "label");
        let group = Group {
            name: name.clone(),
            row: row.number,
            title: if title.is_empty() {
                name.clone()
            } else {
                title
            },
            show_if,
            aspect: self.sheet.get(row, "journey::aspect").to_string(),
        };
        self.open_section(&group, name.clone());
        for (code, text) in self.langs.translated(self.sheet, row, "label") {
            if let Some(t) = self.out.translations.get_mut(&code) {
                t.sections.entry(name.clone()).or_default().title = text;
            }
        }
        self.stack.push(group);
    }

    fn open_section(&mut self, group: &Group, id: String) {
        self.out.sections.push(Section {
            id,
            title: group.title.clone(),
            aspect: group.aspect.clone(),
            intro: String::new(),
            show_if: group.show_if.clone(),
            questions: Vec::new(),
        });
        self.out.section_rows.push(group.row);
        self.current = Some(self.out.sections.len() - 1);
    }

    fn end_group(&mut self, row: &Row, repeat: bool) {
        let what = if repeat { "repeat" } else { "group" };
        if self.stack.pop().is_none() {
            self.error(
                row.number,
                "type",
                format!("`end {what}` without a `begin {what}` before it"),
            );
        }
        self.current = None;
    }

    /// The section a question goes into: the current one, or a new one for the questions
    /// after a nested group (or outside every group).
    fn section(&mut self, row: &Row) -> usize {
        if let Some(i) = self.current {
            return i;
        }
        let group = match self.stack.last() {
            Some(g) => Group {
                name: g.name.clone(),
                row: row.number,
                title: g.title.clone(),
                show_if: g.show_if.clone(),
                aspect: g.aspect.clone(),
            },
            None => Group {
                name: "questions".into(),
                row: row.number,
                title: self.title.to_string(),
                show_if: None,
                aspect: String::new(),
            },
        };
        let mut id = group.name.clone();
        let mut n = 1;
        while self.out.sections.iter().any(|s| s.id == id) {
            n += 1;
            id = format!("{}-{n}", group.name);
        }
        self.open_section(&group, id);
        self.out.sections.len() - 1
    }

    /// A note opening a group is the section's intro; journey has no notes between questions.
    fn note(&mut self, row: &Row) {
        let i = self.section(row);
        let text = self.langs.own(self.sheet, row, "label");
        let section = &mut self.out.sections[i];
        if !section.questions.is_empty() || !section.intro.is_empty() {
            self.warn(row.number, "type", "journey shows a note only as a group's intro (its first row): this note is left out");
            return;
        }
        section.intro = text;
        let id = section.id.clone();
        for (code, text) in self.langs.translated(self.sheet, row, "label") {
            if let Some(t) = self.out.translations.get_mut(&code) {
                t.sections.entry(id.clone()).or_default().intro = text;
            }
        }
    }

    fn finish(mut self) -> Walked {
        for group in std::mem::take(&mut self.stack) {
            self.error(
                group.row,
                "type",
                format!(
                    "group `{}` is never closed: no `end group` after it",
                    group.name
                ),
            );
        }
        for (row, q) in std::mem::take(&mut self.refs) {
            if self.out.question_rows.contains_key(&q) {
                continue;
            }
            let message = match self.left_out.get(&q) {
                Some(at) => format!("`${{{q}}}` names row {at}, which journey does not import"),
                None => format!("`${{{q}}}` names no question of the form"),
            };
            self.error(row, "relevant", message);
        }
        let mut kept = (Vec::new(), Vec::new());
        for (section, row) in self
            .out
            .sections
            .drain(..)
            .zip(self.out.section_rows.drain(..))
        {
            if section.questions.is_empty() {
                self.warnings.push(self.sheet.issue(
                    row,
                    "type",
                    format!(
                        "group `{}` holds no question journey imports: left out",
                        section.id
                    ),
                ));
            } else {
                kept.0.push(section);
                kept.1.push(row);
            }
        }
        (self.out.sections, self.out.section_rows) = kept;
        if self.out.sections.is_empty() && self.errors.is_empty() {
            self.errors.push(self.sheet.issue(
                0,
                "",
                "the form has no question journey can import",
            ));
        }
        self.out
            .translations
            .retain(|_, t| !t.questions.is_empty() || !t.sections.is_empty());
        self.out
    }
}

impl Walked {
    /// A fault `guide check` found, placed at the row of the question or group it names.
    pub fn locate(&self, sheet: &Sheet, fault: &Fault) -> Issue {
        let named = |kind: &str| {
            fault
                .place
                .strip_prefix(kind)
                .and_then(|rest| rest.split('`').nth(1))
                .map(str::to_string)
        };
        let row = if let Some(q) = named("question") {
            self.question_rows.get(&q).copied()
        } else if let Some(s) = named("section") {
            self.sections
                .iter()
                .position(|x| x.id == s)
                .map(|i| self.section_rows[i])
        } else {
            None
        };
        match row {
            Some(row) => sheet.issue(row, column_of(fault), fault.to_string()),
            None => Issue {
                sheet: "journey".into(),
                row: 0,
                column: String::new(),
                message: fault.to_string(),
            },
        }
    }
}

/// The survey column a `guide check` fault is about, where its words say so.
fn column_of(fault: &Fault) -> &'static str {
    let m = fault.message.as_str();
    let about = |field: &str| m.contains(&format!("`{field}`"));
    if m.contains("skip logic") || m.contains("condition") || m.contains("question `") {
        "relevant"
    } else if fault.place.contains(" option `") || fault.place.contains(" band ") {
        ""
    } else if about("short") {
        "journey::short"
    } else if about("text") {
        "label"
    } else if about("labels") {
        "journey::labels"
    } else if about("unit") {
        "journey::unit"
    } else if about("bands") {
        "journey::bands"
    } else {
        ""
    }
}
