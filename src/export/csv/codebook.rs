//! The data dictionary of a CSV export: each column with its question, kind, codes and label.

use super::{neutralise, Plan};
use crate::export::ExportError;
use crate::guide::{Guide, Kind, Question};

/// The data dictionary of a CSV export: each column with its question, kind, codes and labels.
pub fn codebook(guide: &Guide, plan: &Plan) -> Result<String, ExportError> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    out.write_record(["column", "question", "kind", "codes", "label"])?;
    for column in plan.header(guide) {
        let row = entry(guide, &column);
        out.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One column's line of the dictionary: column, question, kind, codes, label.
fn entry(guide: &Guide, column: &str) -> [String; 5] {
    let (question, option) = match column.split_once('/') {
        Some((q, o)) => (q, Some(o)),
        None => (column, None),
    };
    let q_of = |suffix: &str| column.strip_suffix(suffix).and_then(|q| guide.question(q));
    let line = |q: &str, kind: &str, codes: String, label: String| {
        [
            column.to_string(),
            q.to_string(),
            kind.to_string(),
            codes,
            label,
        ]
    };
    match (guide.question(question), option) {
        (Some(q), Some(o)) => {
            let label = q
                .options
                .iter()
                .find(|x| x.id == o)
                .map_or(o, |x| x.label.as_str());
            let codes = "1=picked; 0=not picked; blank=no answer".to_string();
            line(&q.id, "0/1", codes, format!("{}: {label}", q.text))
        }
        (Some(q), None) => {
            let kind = format!("{:?}", q.kind).to_lowercase();
            let label = format!(
                "{} (the readable answer; skipped and n/a in brackets)",
                q.text
            );
            line(&q.id, &kind, codes(q), label)
        }
        _ => match (q_of(" notes"), q_of(" quotes")) {
            (Some(q), _) => line(
                &q.id,
                "text",
                String::new(),
                format!("Notes on: {}", q.text),
            ),
            (_, Some(q)) => {
                let label = format!("Verbatim quotes on: {}", q.text);
                line(&q.id, "text", String::new(), label)
            }
            _ => line("", "session", String::new(), describe_column(guide, column)),
        },
    }
}

/// A question's codes: its options (`id=label`), or its range and unit.
fn codes(q: &Question) -> String {
    match q.kind {
        Kind::Single | Kind::Multiple => q
            .options
            .iter()
            .map(|o| format!("{}={}", o.id, o.label))
            .collect::<Vec<_>>()
            .join("; "),
        Kind::Scale | Kind::Number => match (q.min, q.max) {
            (Some(a), Some(b)) => format!("{a} to {b} {}", q.unit).trim().to_string(),
            _ => q.unit.clone(),
        },
        Kind::Text => String::new(),
    }
}

/// What a session-level column holds.
fn describe_column(guide: &Guide, column: &str) -> String {
    if let Some(d) = guide.drivers.iter().find(|d| d.id == column) {
        return format!("{} driver: its level ({})", d.name, d.levels.join(", "));
    }
    if let Some(o) = guide.obstacles.iter().find(|o| o.id == column) {
        return format!(
            "{}: its status (not discussed, not an obstacle, raised, being addressed, resolved)",
            o.name
        );
    }
    if let Some(o) = column
        .strip_suffix(" tactics")
        .and_then(|id| guide.obstacle(id))
    {
        return format!("{}: the tactics used, separated by \"; \"", o.name);
    }
    match column {
        "id" => "The session id".into(),
        "stage" => format!(
            "The nearest stage's id ({})",
            guide
                .stages
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "position" => format!(
            "Position on the journey, 0 ({}) to {} ({})",
            guide.stages[0].name,
            guide.stages.len() - 1,
            guide.stages[guide.stages.len() - 1].name
        ),
        "evidence" => "Strength of the stage evidence: no evidence, low, medium, high".into(),
        "band low" | "band high" => {
            "The band of positions the evidence allows (same units as position)".into()
        }
        "agreement" => "Share of the stage evidence that agrees, 0 to 1".into(),
        "disagreements" => {
            "Answers two or more stages apart, in words, separated by \" | \"".into()
        }
        "duration" => "Interview time in journey (h:mm:ss)".into(),
        "follow-ups" => "Questions flagged for a follow-up".into(),
        "codes" => {
            "Codes applied to quotes and lines of notes, with how many texts carry each".into()
        }
        other => other.replace('_', " "),
    }
}
