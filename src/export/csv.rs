//! CSV: one row per session, one column per question, notes and quotes in columns of their own;
//! cells a spreadsheet would run as a formula are neutralised.

use super::{answer_cell, duration, Export, ExportError};

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

pub fn render(export: &Export) -> Result<String, ExportError> {
    let guide = export.guide;
    let questions: Vec<&str> = guide.questions().map(|(_, q)| q.id.as_str()).collect();
    let any = |f: &dyn Fn(&crate::session::Answer) -> bool, q: &str| {
        export
            .items
            .iter()
            .any(|i| i.session.answer(q).is_some_and(f))
    };
    let with_notes: Vec<&str> = questions
        .iter()
        .copied()
        .filter(|q| any(&|a| !a.notes.is_empty(), q))
        .collect();
    let with_quotes: Vec<&str> = questions
        .iter()
        .copied()
        .filter(|q| any(&|a| !a.quotes.is_empty(), q))
        .collect();

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
    header.extend(questions.iter().map(|q| q.to_string()));
    header.extend(with_notes.iter().map(|q| format!("{q} notes")));
    header.extend(with_quotes.iter().map(|q| format!("{q} quotes")));

    let mut out = ::csv::Writer::from_writer(Vec::new());
    out.write_record(&header)?;
    for item in &export.items {
        let (s, a) = (&item.session, &item.assessment);
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
        row.extend(questions.iter().map(|q| answer_cell(guide, s, q)));
        row.extend(
            with_notes
                .iter()
                .map(|q| s.answer(q).map(|a| a.notes.clone()).unwrap_or_default()),
        );
        row.extend(
            with_quotes
                .iter()
                .map(|q| s.answer(q).map(|a| a.quotes.join("\n")).unwrap_or_default()),
        );
        out.write_record(row.into_iter().map(neutralise))?;
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
