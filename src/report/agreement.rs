//! The report's agreement section: how far the researchers' own placements agree with each
//! other and with the gauge, the codes' agreement, and the sessions to talk through; and the
//! sentence on the gauge's agreement where the report says its stages are the gauge's. Built
//! once as data ([`AgreementView`]) and rendered as Markdown and as HTML.

use std::fmt::Write as _;

use super::Study;
use crate::agreement::{Agreement, CodeAlpha, GAUGE};
use crate::export::html_escape as esc;
use crate::guide::Guide;

/// A table of the section.
pub struct Table {
    pub title: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// The section as words and tables.
pub struct AgreementView {
    pub paragraphs: Vec<String>,
    pub tables: Vec<Table>,
}

/// A figure to two places, or "—" and why there is none.
fn figure(value: Option<f64>, note: Option<&str>) -> String {
    match (value, note) {
        (Some(v), _) => format!("{v:.2}"),
        (None, Some(note)) => format!("— ({note})"),
        (None, None) => "—".into(),
    }
}

/// The gauge's agreement with the researchers, in one sentence, where researchers placed
/// sessions the report covers.
pub fn gauge_line(study: &Study) -> Option<String> {
    let a = study.agreement.as_ref().filter(|a| a.sessions > 0)?;
    let with_gauge: Vec<_> = a.stage.pairs.iter().filter(|p| p.b == GAUGE).collect();
    let n: usize = with_gauge.iter().map(|p| p.n).sum();
    let same: f64 = with_gauge.iter().map(|p| p.percent * p.n as f64).sum();
    let mut line = format!(
        "The stages are the gauge's, worked out from the answers. Where researchers placed the customers themselves ({}), the gauge chose the same stage as the researcher in {:.0}% of {}",
        crate::text::count(a.sessions, "session"),
        if n > 0 { same / n as f64 } else { 0.0 },
        crate::text::count(n, "placement"),
    );
    let s = &a.stage;
    let _ = write!(
        line,
        "; Krippendorff's alpha (ordinal) is {} among the researchers and {} with the gauge as one more rater.",
        figure(s.alpha, s.alpha_note.as_deref()),
        figure(s.alpha_with_gauge, s.alpha_with_gauge_note.as_deref())
    );
    Some(line)
}

impl AgreementView {
    /// The section, when any session the report covers was placed by a researcher.
    pub fn new(guide: &Guide, study: &Study) -> Option<AgreementView> {
        let a = study.agreement.as_ref()?;
        if a.sessions == 0 && a.placed_once == 0 {
            return None;
        }
        let mut paragraphs = vec![format!(
            "Researchers placed the customers themselves (journey place): {} placed by two or more of them ({}).",
            crate::text::count(a.sessions, "session"),
            a.researchers.join(", ")
        )];
        paragraphs.extend(a.notes.iter().map(|n| format!("{n}.")));
        if a.sessions == 0 {
            return Some(AgreementView {
                paragraphs,
                tables: Vec::new(),
            });
        }
        let s = &a.stage;
        paragraphs.push(format!(
            "Exact agreement {}; Krippendorff's alpha (ordinal) {}, with the gauge as one more rater {}.",
            s.percent.map_or("—".into(), |p| format!("{p:.0}%")),
            figure(s.alpha, s.alpha_note.as_deref()),
            figure(s.alpha_with_gauge, s.alpha_with_gauge_note.as_deref())
        ));
        let tables = vec![pairs(a), codes(a), disagreements(guide, a)]
            .into_iter()
            .filter(|t| !t.rows.is_empty())
            .collect();
        Some(AgreementView { paragraphs, tables })
    }
}

fn pairs(a: &Agreement) -> Table {
    Table {
        title: "Each two raters".into(),
        header: vec![
            "Rater",
            "Rater",
            "Sessions",
            "Same stage",
            "Kappa (quadratic)",
        ],
        rows: a
            .stage
            .pairs
            .iter()
            .map(|p| {
                vec![
                    p.a.clone(),
                    p.b.clone(),
                    p.n.to_string(),
                    format!("{:.0}%", p.percent),
                    figure(p.kappa, p.note.as_deref()),
                ]
            })
            .collect(),
    }
}

fn codes(a: &Agreement) -> Table {
    let cell = |c: &CodeAlpha| figure(c.alpha, c.note.as_deref());
    Table {
        title: "Codes: Krippendorff's alpha (nominal), applied or not".into(),
        header: vec!["Code", "Sessions", "Alpha", "Texts coded by two", "Alpha"],
        rows: a
            .codes
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.sessions.units.to_string(),
                    cell(&c.sessions),
                    c.segments.units.to_string(),
                    cell(&c.segments),
                ]
            })
            .collect(),
    }
}

fn disagreements(guide: &Guide, a: &Agreement) -> Table {
    let name = |id: &str| crate::assess::stage_name(guide, id).to_string();
    Table {
        title: "Disagreements to talk through".into(),
        header: vec!["Customer", "Placed", "Gauge"],
        rows: a
            .disagreements
            .iter()
            .map(|d| {
                let placed: Vec<String> = d
                    .placements
                    .iter()
                    .map(|p| format!("{}: {} ({})", p.by, name(&p.stage), p.sure.label()))
                    .collect();
                let gauge = d.gauge.as_deref().map_or("no evidence".into(), name);
                vec![d.customer.clone(), placed.join("; "), gauge]
            })
            .collect(),
    }
}

/// The section in Markdown; `cell` makes text safe in it.
pub fn markdown(out: &mut String, guide: &Guide, study: &Study, cell: fn(&str) -> String) {
    let Some(view) = AgreementView::new(guide, study) else {
        return;
    };
    let _ = writeln!(out, "## Agreement\n");
    for p in &view.paragraphs {
        let _ = writeln!(out, "{}\n", cell(p));
    }
    for t in &view.tables {
        let _ = writeln!(out, "### {}\n", cell(&t.title));
        let _ = writeln!(out, "| {} |", t.header.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(t.header.len()));
        for row in &t.rows {
            let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
}

/// The section in HTML, every value escaped.
pub fn html(out: &mut String, guide: &Guide, study: &Study) {
    let Some(view) = AgreementView::new(guide, study) else {
        return;
    };
    out.push_str("<h2>Agreement</h2>\n");
    for p in &view.paragraphs {
        let _ = writeln!(out, "<p>{}</p>", esc(p));
    }
    for t in &view.tables {
        let _ = write!(out, "<h3>{}</h3><table><tr>", esc(&t.title));
        for h in &t.header {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr>");
        for row in &t.rows {
            out.push_str("<tr>");
            for c in row {
                let _ = write!(out, "<td>{}</td>", esc(c));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>\n");
    }
}
