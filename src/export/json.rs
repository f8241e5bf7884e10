//! JSON for scripts: every session with its status and assessment, and the insights of the set.

use serde::Serialize;

use super::{Export, ExportError};
use crate::assess::insights::{insights, Insights};
use crate::assess::Assessment;
use crate::session::{Session, Status, Timestamp};

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    exported: &'a Timestamp,
    guide: GuideRef<'a>,
    anonymized: bool,
    sessions: Vec<Entry<'a>>,
    insights: Insights,
}

#[derive(Serialize)]
struct GuideRef<'a> {
    id: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    #[serde(flatten)]
    session: &'a Session,
    status: Status,
    assessment: &'a Assessment,
    /// The transcripts' lines, when the export read them (`--transcript`).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    transcript: &'a [super::Heard],
    /// The questions whose answers the skip logic hides now: left out of `answers` (the
    /// session file keeps them; their notes and quotes stay).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    hidden_answers: &'a [String],
}

pub fn render(export: &Export) -> Result<String, ExportError> {
    let doc = Document {
        format: "journey-export",
        version: 1,
        exported: &export.exported,
        guide: GuideRef {
            id: &export.guide.id,
            version: &export.guide.version,
        },
        anonymized: export.anonymized,
        sessions: export
            .items
            .iter()
            .map(|i| Entry {
                session: &i.session,
                status: i.session.status(),
                assessment: &i.assessment,
                transcript: &i.transcripts,
                hidden_answers: &i.hidden,
            })
            .collect(),
        insights: insights(export.guide, &export.pairs()),
    };
    Ok(crate::text::json_safe(serde_json::to_string_pretty(&doc)?) + "\n")
}
