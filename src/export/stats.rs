//! Data for statistics packages: a coded CSV (one row per session, numeric codes for choices,
//! one 0/1 variable per option of a multiple choice) and the syntax that loads it with variable
//! and value labels: an SPSS / PSPP `.sps` or a Stata `.do`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::{Export, ExportError};
use crate::guide::{Guide, Kind};
use crate::session::{AnswerState, Session, Value};

/// A variable: its safe name, its label, and what it holds.
struct Variable {
    name: String,
    label: String,
    kind: VarKind,
}

enum VarKind {
    /// Numbers, with labels for some codes.
    Numeric(Vec<(i64, String)>),
    Text,
}

/// The syntax a statistics package reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    Spss,
    Stata,
}

/// The coded table of the export: variables and one row of cells per session.
pub struct Table {
    vars: Vec<Variable>,
    rows: Vec<Vec<String>>,
}

/// Names every package accepts: letters, digits and `_`, a letter first, at most 32 characters
/// (Stata's limit), unique, and not an SPSS keyword.
#[derive(Default)]
struct Names {
    /// Every name given, lower case.
    taken: HashSet<String>,
    /// For a base name, the suffix to try next: a guide whose 20,000 option ids all cut to the
    /// same 32 characters is named in linear time, not 20,000 tries each.
    next: HashMap<String, usize>,
}

impl Names {
    fn name(&mut self, wanted: &str) -> String {
        let mut base: String = wanted
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base.insert(0, 'v');
        }
        base.truncate(32);
        const KEYWORDS: [&str; 13] = [
            "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH",
        ];
        let mut name = base.clone();
        let key = base.to_lowercase();
        let mut n = self.next.get(&key).copied().unwrap_or(1);
        while self.taken.contains(&name.to_lowercase())
            || KEYWORDS.contains(&name.to_uppercase().as_str())
        {
            n += 1;
            let suffix = format!("_{n}");
            name = format!("{}{suffix}", &base[..base.len().min(32 - suffix.len())]);
        }
        self.next.insert(key, n);
        self.taken.insert(name.to_lowercase());
        name
    }
}

impl Variable {
    fn text(names: &mut Names, id: &str, label: &str) -> Variable {
        Variable {
            name: names.name(id),
            label: label.to_string(),
            kind: VarKind::Text,
        }
    }

    fn numeric(names: &mut Names, id: &str, label: &str, codes: Vec<(i64, String)>) -> Variable {
        Variable {
            name: names.name(id),
            label: label.to_string(),
            kind: VarKind::Numeric(codes),
        }
    }
}

/// Codes 0, 1, 2, … for these labels.
fn numbered<S: ToString>(labels: impl IntoIterator<Item = S>) -> Vec<(i64, String)> {
    labels
        .into_iter()
        .enumerate()
        .map(|(i, l)| (i as i64, l.to_string()))
        .collect()
}

/// The session's own variables: who, when, and its assessment (stage, drivers, obstacles,
/// codes), in the order [`row`] writes them.
fn session_vars(names: &mut Names, guide: &Guide) -> Vec<Variable> {
    let mut vars = vec![
        Variable::text(names, "id", "Session id"),
        Variable::text(names, "customer", "Customer"),
        Variable::text(names, "interviewer", "Interviewer"),
        Variable::text(names, "started", "Started (ISO 8601)"),
    ];
    let complete = numbered(["in progress", "complete"]);
    vars.push(Variable::numeric(
        names,
        "complete",
        "Interview complete",
        complete,
    ));
    let stages = numbered(guide.stages.iter().map(|s| &s.name));
    vars.push(Variable::numeric(names, "stage", "Nearest stage", stages));
    for (id, label) in [
        ("position", "Position on the journey"),
        ("band_low", "Band: lowest position the evidence allows"),
        ("band_high", "Band: highest position the evidence allows"),
        ("agreement", "Share of the stage evidence that agrees"),
    ] {
        vars.push(Variable::numeric(names, id, label, Vec::new()));
    }
    let evidence = numbered(["no evidence", "low", "medium", "high"]);
    let label = "Strength of the stage evidence";
    vars.push(Variable::numeric(names, "evidence", label, evidence));
    for d in &guide.drivers {
        let label = format!("{} level", d.name);
        vars.push(Variable::numeric(names, &d.id, &label, numbered(&d.levels)));
    }
    let statuses = numbered(crate::guide::ObstacleStatus::ALL.iter().map(|s| s.label()));
    for o in &guide.obstacles {
        vars.push(Variable::numeric(names, &o.id, &o.name, statuses.clone()));
    }
    for code in &guide.codes {
        let (id, label) = (
            format!("code_{}", code.id),
            format!("Texts coded {}", code.name),
        );
        vars.push(Variable::numeric(names, &id, &label, Vec::new()));
    }
    vars
}

/// A question's variables: one coded variable, or one 0/1 variable per option of a multiple
/// choice.
fn question_vars(names: &mut Names, q: &crate::guide::Question, vars: &mut Vec<Variable>) {
    let label = q.label().to_string();
    match q.kind {
        Kind::Single => {
            let codes = q
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| (i as i64 + 1, o.label.clone()))
                .collect();
            vars.push(Variable::numeric(names, &q.id, &label, codes));
        }
        Kind::Multiple => {
            for o in &q.options {
                vars.push(Variable::numeric(
                    names,
                    &format!("{}_{}", q.id, o.id),
                    &format!("{label}: {}", o.label),
                    numbered(["not picked", "picked"]),
                ));
            }
        }
        Kind::Scale | Kind::Number => {
            vars.push(Variable::numeric(names, &q.id, &label, Vec::new()));
        }
        Kind::Text => vars.push(Variable::text(names, &q.id, &label)),
    }
}

impl Table {
    pub fn new(export: &Export) -> Table {
        let guide = export.guide;
        let mut names = Names::default();
        let mut vars = session_vars(&mut names, guide);
        for (_, q) in guide.questions() {
            question_vars(&mut names, q, &mut vars);
        }
        let rows = export
            .items
            .iter()
            .map(|item| row(guide, &item.session, &item.assessment))
            .collect();
        Table { vars, rows }
    }

    /// The coded CSV: a header of the variable names, then one row per session.
    pub fn csv(&self) -> Result<String, ExportError> {
        let mut out = ::csv::Writer::from_writer(Vec::new());
        out.write_record(self.vars.iter().map(|v| v.name.as_str()))?;
        for row in &self.rows {
            out.write_record(row)?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| ExportError::Csv(e.into_error().into()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The widest value of a text variable, in bytes (at least 1).
    fn width(&self, var: usize) -> usize {
        self.rows
            .iter()
            .map(|r| r[var].len())
            .max()
            .unwrap_or(1)
            .clamp(1, 32767)
    }

    /// The syntax that loads `data_file` with every label.
    pub fn syntax(&self, package: Package, data_file: &str) -> String {
        match package {
            Package::Spss => self.sps(data_file),
            Package::Stata => self.do_file(data_file),
        }
    }

    fn sps(&self, data_file: &str) -> String {
        let q = |s: &str| format!("'{}'", one_line(s).replace('\'', "''"));
        let mut out = String::from(
            "* Written by journey: loads the coded CSV beside this file with its labels.\n\
             * Run it from this folder (pspp FILE.sps), or open it in SPSS and run all.\n",
        );
        let _ = writeln!(
            out,
            "GET DATA /TYPE=TXT /FILE={} /ENCODING='UTF8' /ARRANGEMENT=DELIMITED\n  /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=\",\" /QUALIFIER='\"'\n  /VARIABLES=",
            q(data_file)
        );
        for (i, v) in self.vars.iter().enumerate() {
            let format = match v.kind {
                VarKind::Numeric(_) => "F8.3".to_string(),
                VarKind::Text => format!("A{}", self.width(i)),
            };
            let _ = writeln!(out, "    {} {format}", v.name);
        }
        out.push_str(".\nVARIABLE LABELS\n");
        let labels: Vec<String> = self
            .vars
            .iter()
            .map(|v| format!("    {} {}", v.name, q(&v.label)))
            .collect();
        out.push_str(&labels.join("\n  /"));
        out.push_str(".\n");
        let coded: Vec<&Variable> = self
            .vars
            .iter()
            .filter(|v| matches!(&v.kind, VarKind::Numeric(c) if !c.is_empty()))
            .collect();
        if !coded.is_empty() {
            out.push_str("VALUE LABELS\n");
            let blocks: Vec<String> = coded
                .iter()
                .map(|v| {
                    let VarKind::Numeric(codes) = &v.kind else {
                        return String::new();
                    };
                    let pairs: Vec<String> =
                        codes.iter().map(|(c, l)| format!("{c} {}", q(l))).collect();
                    format!("    {} {}", v.name, pairs.join(" "))
                })
                .collect();
            out.push_str(&blocks.join("\n  /"));
            out.push_str(".\n");
        }
        for v in &self.vars {
            if let VarKind::Numeric(codes) = &v.kind {
                if !codes.is_empty() {
                    let _ = writeln!(out, "FORMATS {} (F8.0).", v.name);
                }
            }
        }
        out.push_str("EXECUTE.\n");
        out
    }

    fn do_file(&self, data_file: &str) -> String {
        let q = |s: &str| format!("`\"{}\"'", stata_text(s));
        let mut out = String::from("* Written by journey: loads the coded CSV beside this file with its labels.\n* Run it from this folder: do FILE.do\n");
        let _ = writeln!(
            out,
            "import delimited using {}, varnames(1) encoding(\"utf-8\") bindquote(strict) stringcols({}) clear",
            q(data_file),
            self.vars
                .iter()
                .enumerate()
                .filter(|(_, v)| matches!(v.kind, VarKind::Text))
                .map(|(i, _)| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(" ")
        );
        for v in &self.vars {
            let _ = writeln!(out, "label variable {} {}", v.name, q(&v.label));
            if let VarKind::Numeric(codes) = &v.kind {
                if !codes.is_empty() {
                    let pairs: Vec<String> =
                        codes.iter().map(|(c, l)| format!("{c} {}", q(l))).collect();
                    let _ = writeln!(
                        out,
                        "label define {}_l {}, replace",
                        v.name,
                        pairs.join(" ")
                    );
                    let _ = writeln!(out, "label values {} {}_l", v.name, v.name);
                }
            }
        }
        out
    }
}

/// Labels are one line; syntax files take no control characters.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('"', "'")
}

/// A label inside Stata's compound quotes: one line, and nothing Stata expands there (`$name`,
/// `` `name' ``, `` `c(pwd)' ``): `\`, `$` and the backtick are escaped as Stata documents.
fn stata_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if matches!(c, '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn row(guide: &Guide, s: &Session, a: &crate::assess::Assessment) -> Vec<String> {
    let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    // Every text cell is one line: PSPP reads a line break inside quotes as a new case.
    let mut cells = vec![
        one_line(&s.id),
        one_line(&s.meta.customer),
        one_line(&s.meta.interviewer),
        s.meta.started.to_rfc3339(),
        u8::from(s.meta.finished.is_some()).to_string(),
        a.stage
            .as_deref()
            .and_then(|id| guide.stage_index(id))
            .map_or(String::new(), |i| i.to_string()),
        num(a.position),
        num(a.range.map(|r| r[0])),
        num(a.range.map(|r| r[1])),
        num(a.agreement),
        (a.strength.label as u8).to_string(),
    ];
    for d in &a.drivers {
        cells.push(num(d.level));
    }
    for o in &a.obstacles {
        let code = crate::guide::ObstacleStatus::ALL
            .iter()
            .position(|x| *x == o.status)
            .unwrap_or(0);
        cells.push(code.to_string());
    }
    for code in &guide.codes {
        let n = s
            .answers
            .values()
            .flat_map(|a| a.coded.iter())
            .filter(|c| c.codes.contains(&code.id))
            .count();
        cells.push(n.to_string());
    }
    for (_, q) in guide.questions() {
        let value = s
            .answer(&q.id)
            .filter(|a| a.state == AnswerState::Answered)
            .and_then(|a| a.value.as_ref());
        question_cells(q, value, &mut cells);
    }
    cells
}

/// A question's coded cells: its option's number, a 0/1 per option, a number or a line of text;
/// blank without an answer.
fn question_cells(q: &crate::guide::Question, value: Option<&Value>, cells: &mut Vec<String>) {
    match (q.kind, value) {
        (Kind::Single, Some(Value::Choice { selected, .. })) => cells.push(
            selected
                .first()
                .and_then(|id| q.options.iter().position(|o| &o.id == id))
                .map_or(String::new(), |i| (i + 1).to_string()),
        ),
        (Kind::Single, _) => cells.push(String::new()),
        (Kind::Multiple, Some(Value::Choice { selected, .. })) => {
            let selected: HashSet<&str> = selected.iter().map(String::as_str).collect();
            for o in &q.options {
                cells.push(u8::from(selected.contains(o.id.as_str())).to_string());
            }
        }
        (Kind::Multiple, _) => cells.extend(q.options.iter().map(|_| String::new())),
        (Kind::Scale | Kind::Number, Some(Value::Number(n))) => cells.push(format!("{n}")),
        (Kind::Scale | Kind::Number, _) => cells.push(String::new()),
        (Kind::Text, Some(Value::Text(t))) => cells.push(one_line(t)),
        (Kind::Text, _) => cells.push(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Option ids that all cut to the same 32 characters still get unique names, as before,
    /// numbered in order.
    #[test]
    fn colliding_names_are_unique_and_numbered_in_order() {
        let mut names = Names::default();
        let long = "a_question_id_long_enough_to_be_cut_option";
        let got: Vec<String> = (0..3000)
            .map(|i| names.name(&format!("{long}{i}")))
            .collect();
        assert_eq!(got[0], &long[..32]);
        assert_eq!(got[1], format!("{}_2", &long[..30]));
        assert_eq!(got[2999], format!("{}_3000", &long[..27]));
        let unique: HashSet<String> = got.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(unique.len(), got.len());
        assert!(got.iter().all(|n| n.len() <= 32));
        // A name taken outright is skipped by the numbering.
        let mut names = Names::default();
        names.name("x_2");
        assert_eq!([names.name("x"), names.name("x")], ["x", "x_3"]);
        assert_eq!(names.name("BY"), "BY_2");
    }

    #[test]
    fn stata_labels_expand_no_macro() {
        assert_eq!(
            stata_text("$HOME `c(pwd)' \\x \"q\"\nnext"),
            "\\$HOME \\`c(pwd)' \\\\x 'q' next"
        );
    }
}
