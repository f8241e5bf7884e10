//! One question row: its kind's columns (a list's options, a range's parameters, a number's
//! bounds), journey's own columns, and its texts in the other languages.

use super::super::super::sheet::{Issue, Row};
use super::super::choices::{Choice, Choices};
use super::{row_type, RowType, Walk};
use crate::guide::{Kind, Question};

impl<'a> Walk<'a> {
    pub(super) fn question(&mut self, row: &Row, kind: Kind, list: Option<&str>) {
        let name = self.sheet.get(row, "name").to_string();
        if name.is_empty() {
            self.error(row.number, "name", "a question needs a `name`");
            return;
        }
        if let Some(first) = self.out.question_rows.get(&name) {
            let message =
                format!("`{name}` is also the name of row {first}: names are unique in a guide");
            self.error(row.number, "name", message);
            return;
        }
        self.out.question_rows.insert(name.clone(), row.number);
        let text = self.langs.own(self.sheet, row, "label");
        if text.is_empty() {
            self.error(
                row.number,
                "label",
                format!("question `{name}` has no label"),
            );
        }
        let mut q = Question {
            id: name.clone(),
            kind,
            text,
            short: self.sheet.get(row, "journey::short").to_string(),
            probes: lines(&self.langs.own(self.sheet, row, "hint")),
            show_if: self.relevant(row),
            options: Vec::new(),
            min: None,
            max: None,
            unit: self.sheet.get(row, "journey::unit").to_string(),
            labels: self.json_list(row, "journey::labels").unwrap_or_default(),
            bands: self.json_list(row, "journey::bands").unwrap_or_default(),
        };
        self.read_details(row, &mut q, list);
        self.translate(row, &q);
        let i = self.section(row);
        self.out.sections[i].questions.push(q);
    }

    /// The kind's own columns: a list's options, a range's parameters, a number's bounds;
    /// `required` noted.
    fn read_details(&mut self, row: &Row, q: &mut Question, list: Option<&str>) {
        if let Some(list) = list {
            self.options(row, q, list);
        }
        if q.kind == Kind::Scale {
            self.parameters(row, q);
        }
        let constraint = self.sheet.get(row, "constraint");
        if !constraint.is_empty() {
            match (q.kind, bounds(constraint)) {
                (Kind::Number, Some((min, max))) => (q.min, q.max) = (min, max),
                _ => self.warn(row.number, "constraint", format!("journey reads a constraint only as a number's bounds (`. >= 0 and . <= 100`): `{constraint}` is left out")),
            }
        }
        let required = self.sheet.get(row, "required");
        if matches!(
            required.to_ascii_lowercase().as_str(),
            "yes" | "true" | "true()" | "1"
        ) {
            self.warn(
                row.number,
                "required",
                "journey lets the interviewer skip any question: `required` is left out",
            );
        }
    }

    fn options(&mut self, row: &Row, q: &mut Question, list: &str) {
        let Some(choices) = self.choices.lists.get(list) else {
            self.error(
                row.number,
                "type",
                format!("no list `{list}` on the choices sheet"),
            );
            return;
        };
        for choice in choices {
            match serde_json::from_value(choice.json.clone()) {
                Ok(option) => q.options.push(option),
                Err(e) => self.errors.push(Issue {
                    sheet: "choices".into(),
                    row: choice.row,
                    column: "journey_evidence".into(),
                    message: e.to_string(),
                }),
            }
        }
    }

    fn parameters(&mut self, row: &Row, q: &mut Question) {
        let (mut min, mut max) = (1.0, 10.0);
        for part in self
            .sheet
            .get(row, "parameters")
            .split([' ', ';', ','])
            .filter(|p| !p.is_empty())
        {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            match (key.trim(), value.trim().parse::<f64>()) {
                ("start", Ok(v)) => min = v,
                ("end", Ok(v)) => max = v,
                ("step", Ok(1.0)) => {}
                _ => self.warn(row.number, "parameters", format!("journey's scales count whole points from start to end: `{part}` is left out")),
            }
        }
        (q.min, q.max) = (Some(min), Some(max));
    }

    fn json_list<T: serde::de::DeserializeOwned>(
        &mut self,
        row: &Row,
        column: &str,
    ) -> Option<Vec<T>> {
        let text = self.sheet.get(row, column);
        if text.is_empty() {
            return None;
        }
        serde_json::from_str::<Vec<T>>(text)
            .map_err(|e| {
                self.error(
                    row.number,
                    column,
                    format!(
                        "not a JSON list journey reads: {}",
                        crate::guide::json_message(&e)
                    ),
                )
            })
            .ok()
    }

    /// The question's texts in the other languages.
    fn translate(&mut self, row: &Row, q: &Question) {
        let fields = [("label", 0), ("hint", 1), ("journey::short", 2)];
        for (field, which) in fields {
            for (code, text) in self.langs.translated(self.sheet, row, field) {
                let Some(t) = self.out.translations.get_mut(&code) else {
                    continue;
                };
                let qt = t.questions.entry(q.id.clone()).or_default();
                match which {
                    0 => qt.text = text,
                    1 => qt.probes = lines(&text),
                    _ => qt.short = text,
                }
            }
        }
        if let Some(choices) = q.kind.is_choice().then(|| self.list_of(row)).flatten() {
            for choice in choices {
                for (code, label) in &choice.labels {
                    if let Some(t) = self.out.translations.get_mut(code) {
                        t.questions
                            .entry(q.id.clone())
                            .or_default()
                            .options
                            .insert(choice.name.clone(), label.clone());
                    }
                }
            }
        }
    }

    fn list_of(&self, row: &Row) -> Option<&'a [Choice]> {
        let choices: &'a Choices = self.choices;
        match row_type(self.sheet.get(row, "type")) {
            RowType::Question(_, Some(list)) => choices.lists.get(&list).map(Vec::as_slice),
            _ => None,
        }
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// A number's bounds from `. >= a and . <= b` (either alone).
fn bounds(constraint: &str) -> Option<(Option<f64>, Option<f64>)> {
    let (mut min, mut max) = (None, None);
    for part in constraint.split(" and ") {
        let rest = part.trim().strip_prefix('.')?.trim_start();
        if let Some(v) = rest.strip_prefix(">=") {
            min = Some(v.trim().parse().ok()?);
        } else if let Some(v) = rest.strip_prefix("<=") {
            max = Some(v.trim().parse().ok()?);
        } else {
            return None;
        }
    }
    Some((min, max))
}
