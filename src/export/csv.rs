//! CSV: one row per session, one column per question, notes and quotes in columns of their own;
//! cells a spreadsheet would run as a formula are neutralised.

use std::collections::BTreeSet;

use super::{answer_cell, duration, Export, ExportError};
use crate::assess::{assess, Assessment};
use crate::guide::Guide;
use crate::session::Session;

/// Cells starting with these run as formulas in spreadsheets; a leading `'` keeps them text.
fn neutralise(cell: String) -> String {
    // Nothing raw for a terminal either: the CSV may be printed rather than opened.
    let cell = match crate::text::block(&cell) {
        std::borrow::Cow::Owned(safe) => safe,
        std::borrow::Cow::Borrowed(_) => cell,
    };
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell
    }
}

/// Which columns a CSV export has: every question, and notes and quotes columns for the
/// questions where some session has them.
pub struct Plan {
    questions: Vec<String>,
    with_notes: Vec<String>,
    with_quotes: Vec<String>,
}

impl Plan {
    /// From the question ids that carry notes and quotes in any of the sessions exported.
    pub fn new<'a>(
        guide: &Guide,
        notes: impl IntoIterator<Item = &'a str>,
        quotes: impl IntoIterator<Item = &'a str>,
    ) -> Plan {
        let notes: BTreeSet<&str> = notes.into_iter().collect();
        let quotes: BTreeSet<&str> = quotes.into_iter().collect();
        let questions: Vec<String> = guide.questions().map(|(_, q)| q.id.clone()).collect();
        Plan {
            with_notes: questions
                .iter()
                .filter(|q| notes.contains(q.as_str()))
                .cloned()
                .collect(),
            with_quotes: questions
                .iter()
                .filter(|q| quotes.contains(q.as_str()))
                .cloned()
                .collect(),
            questions,
        }
    }

    fn header(&self, guide: &Guide) -> Vec<String> {
        let mut header: Vec<String> = [
            "id",
            "customer",
            "participant",
            "role",
            "interviewer",
            "consent",
            "started",
            "finished",
            "status",
            "duration",
            "stage",
            "position",
            "evidence",
        ]
        .map(String::from)
        .to_vec();
        header.extend(guide.drivers.iter().map(|d| d.id.clone()));
        for o in &guide.obstacles {
            header.push(o.id.clone());
            header.push(format!("{} tactics", o.id));
        }
        header.push("follow-ups".into());
        header.extend(self.questions.iter().cloned());
        header.extend(self.with_notes.iter().map(|q| format!("{q} notes")));
        header.extend(self.with_quotes.iter().map(|q| format!("{q} quotes")));
        header
    }

    fn row(&self, guide: &Guide, s: &Session, a: &Assessment) -> Vec<String> {
        let mut row = vec![
            s.id.clone(),
            s.meta.customer.clone(),
            s.meta.participant.clone(),
            s.meta.role.clone(),
            s.meta.interviewer.clone(),
            if s.meta.consent { "yes" } else { "no" }.into(),
            s.meta.started.to_rfc3339(),
            s.meta.finished.map(|f| f.to_rfc3339()).unwrap_or_default(),
            s.status().label().into(),
            duration(s.elapsed_seconds),
            a.stage.clone().unwrap_or_default(),
            a.position.map(|p| format!("{p:.2}")).unwrap_or_default(),
            a.strength.label.label().into(),
        ];
        row.extend(
            a.drivers
                .iter()
                .map(|d| d.level_name.clone().unwrap_or_default()),
        );
        for o in &a.obstacles {
            row.push(o.status.label().into());
            row.push(
                o.tactics_used
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        row.push(
            s.follow_ups(guide)
                .iter()
                .filter_map(|q| guide.question(q).map(|q| q.text.as_str()))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        row.extend(self.questions.iter().map(|q| answer_cell(guide, s, q)));
        row.extend(
            self.with_notes
                .iter()
                .map(|q| s.answer(q).map(|a| a.notes.clone()).unwrap_or_default()),
        );
        row.extend(
            self.with_quotes
                .iter()
                .map(|q| s.answer(q).map(|a| a.quotes.join("\n")).unwrap_or_default()),
        );
        row.into_iter().map(neutralise).collect()
    }
}

/// Writes the header, then one row per session as each arrives: the sessions are never all in
/// memory at once.
pub fn stream(
    guide: &Guide,
    plan: &Plan,
    sessions: impl Iterator<Item = Result<Session, ExportError>>,
    out: impl std::io::Write,
) -> Result<usize, ExportError> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(plan.header(guide))?;
    let mut rows = 0;
    for session in sessions {
        let session = session?;
        let assessment = assess(guide, &session);
        writer.write_record(plan.row(guide, &session, &assessment))?;
        rows += 1;
    }
    writer.flush().map_err(|e| ExportError::Csv(e.into()))?;
    Ok(rows)
}

pub fn render(export: &Export) -> Result<String, ExportError> {
    let notes = export.items.iter().flat_map(|i| {
        i.session
            .answers
            .iter()
            .filter(|(_, a)| !a.notes.is_empty())
            .map(|(q, _)| q.as_str())
    });
    let quotes = export.items.iter().flat_map(|i| {
        i.session
            .answers
            .iter()
            .filter(|(_, a)| !a.quotes.is_empty())
            .map(|(q, _)| q.as_str())
    });
    let plan = Plan::new(export.guide, notes, quotes);
    let mut out = ::csv::Writer::from_writer(Vec::new());
    out.write_record(plan.header(export.guide))?;
    for item in &export.items {
        out.write_record(plan.row(export.guide, &item.session, &item.assessment))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+1".into()), "'+1+1");
        assert_eq!(neutralise("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(neutralise("-3".into()), "-3");
        assert_eq!(neutralise("Acme".into()), "Acme");
    }
}
