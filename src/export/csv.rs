//! CSV: one row per session, one column per question, notes and quotes in columns of their own;
//! cells a spreadsheet would run as a formula are neutralised.

use std::borrow::Cow;
use std::collections::BTreeSet;

mod cache;
mod cached;
mod codebook;
mod parts;

pub use cache::{ns_of, ROWS_FILE};
pub use cached::stream_cached;
pub use codebook::codebook;

use super::{answer_cell_of, Export, ExportError};
use crate::assess::{assess_with, Assessment, Detail};
use crate::guide::Guide;
use crate::session::Session;

/// Cells starting with these run as formulas in spreadsheets; a leading `'` keeps them text.
fn neutralise(cell: &str) -> Cow<'_, str> {
    // Nothing raw for a terminal either: the CSV may be printed rather than opened.
    let cell = crate::text::block(cell);
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

/// A CSV writer that neutralises every field it is given.
struct Row<'w> {
    writer: &'w mut ::csv::Writer<Vec<u8>>,
}

impl Row<'_> {
    fn field(&mut self, cell: &str) -> ::csv::Result<()> {
        self.writer.write_field(neutralise(cell).as_bytes())
    }

    /// A cell journey writes itself ("1", "0", "yes"): nothing in it to neutralise.
    fn own(&mut self, cell: &'static str) -> ::csv::Result<()> {
        self.writer.write_field(cell)
    }
}

/// Which columns a CSV export has: every question, and notes and quotes columns for the
/// questions where some session has them.
pub struct Plan {
    questions: Vec<String>,
    with_notes: Vec<String>,
    with_quotes: Vec<String>,
    /// Each question's place in the guide's order, by id: a row finds its answers once.
    at: std::collections::HashMap<String, usize>,
    /// The same, of the notes and quotes columns.
    notes_at: Vec<usize>,
    quotes_at: Vec<usize>,
}

impl Plan {
    /// From the positions (in guide order) of the questions that carry notes and quotes in any
    /// of the sessions exported.
    pub fn new(
        guide: &Guide,
        notes: impl IntoIterator<Item = u16>,
        quotes: impl IntoIterator<Item = u16>,
    ) -> Plan {
        let notes: BTreeSet<u16> = notes.into_iter().collect();
        let quotes: BTreeSet<u16> = quotes.into_iter().collect();
        let questions: Vec<String> = guide.questions().map(|(_, q)| q.id.clone()).collect();
        let pick = |set: &BTreeSet<u16>| {
            set.iter()
                .filter_map(|&i| questions.get(usize::from(i)).cloned())
                .collect()
        };
        let places = |set: &BTreeSet<u16>| {
            set.iter()
                .map(|&i| usize::from(i))
                .filter(|&i| i < questions.len())
                .collect()
        };
        Plan {
            with_notes: pick(&notes),
            with_quotes: pick(&quotes),
            notes_at: places(&notes),
            quotes_at: places(&quotes),
            at: questions
                .iter()
                .enumerate()
                .map(|(i, q)| (q.clone(), i))
                .collect(),
            questions,
        }
    }

    /// The same plan from the sessions themselves.
    fn of<'a>(guide: &Guide, sessions: impl Iterator<Item = &'a Session> + Clone) -> Plan {
        let positions = |f: fn(&crate::session::Answer) -> bool| {
            let sessions = sessions.clone();
            guide
                .questions()
                .enumerate()
                .filter(move |(_, (_, q))| sessions.clone().any(|s| s.answer(&q.id).is_some_and(f)))
                .map(|(i, _)| i as u16)
                .collect::<Vec<u16>>()
        };
        Plan::new(
            guide,
            positions(|a| !a.notes.is_empty()),
            positions(|a| !a.quotes.is_empty()),
        )
    }

    pub fn header(&self, guide: &Guide) -> Vec<String> {
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
            "band low",
            "band high",
            "agreement",
            "disagreements",
        ]
        .map(String::from)
        .to_vec();
        header.extend(guide.drivers.iter().map(|d| d.id.clone()));
        for o in &guide.obstacles {
            header.push(o.id.clone());
            header.push(format!("{} tactics", o.id));
        }
        header.push("follow-ups".into());
        header.push("codes".into());
        // As ODK and KoboToolbox export it: a multiple choice gets one 0/1 column per option,
        // `question/option`, beside its readable column.
        for q in &self.questions {
            header.push(q.clone());
            header.extend(choice_options(guide, q).map(|o| format!("{q}/{o}")));
        }
        header.extend(self.with_notes.iter().map(|q| format!("{q} notes")));
        header.extend(self.with_quotes.iter().map(|q| format!("{q} quotes")));
        // Guide ids may start with `-` or `=`: header cells are neutralised like data cells.
        header
            .into_iter()
            .map(|h| neutralise(&h).into_owned())
            .collect()
    }

    /// Writes one session's row.
    fn write_row(
        &self,
        guide: &Guide,
        s: &Session,
        a: &Assessment,
        writer: &mut ::csv::Writer<Vec<u8>>,
    ) -> ::csv::Result<()> {
        let mut row = Row { writer };
        write_session(&mut row, s, a)?;
        let answers = self.placed(s);
        self.write_follow_ups_and_codes(&mut row, guide, s, &answers)?;
        for (q, answer) in guide.questions().map(|(_, q)| q).zip(&answers) {
            write_answer(&mut row, q, *answer)?;
        }
        for &i in &self.notes_at {
            row.field(answers[i].map_or("", |a| a.notes.as_str()))?;
        }
        for &i in &self.quotes_at {
            row.field(&answers[i].map(|a| a.quotes.join("\n")).unwrap_or_default())?;
        }
        row.writer.write_record(None::<&[u8]>)
    }

    /// Each answer found once, by its question's place in the guide.
    fn placed<'s>(&self, s: &'s Session) -> Vec<Option<&'s crate::session::Answer>> {
        let mut answers = vec![None; self.questions.len()];
        for (id, answer) in &s.answers {
            if let Some(&i) = self.at.get(id) {
                answers[i] = Some(answer);
            }
        }
        answers
    }

    /// The follow-ups cell (the questions flagged, in guide order, as `Session::follow_ups`)
    /// and the codes cell.
    fn write_follow_ups_and_codes(
        &self,
        row: &mut Row,
        guide: &Guide,
        s: &Session,
        answers: &[Option<&crate::session::Answer>],
    ) -> ::csv::Result<()> {
        let follow_ups: Vec<&str> = guide
            .questions()
            .zip(answers)
            .filter(|(_, a)| a.is_some_and(|a| a.follow_up))
            .map(|((_, q), _)| q.text.as_str())
            .collect();
        row.field(&follow_ups.join("\n"))?;
        let codes: Vec<String> = s
            .code_counts(guide)
            .into_iter()
            .map(|(name, n)| format!("{name} ({n})"))
            .collect();
        row.field(&codes.join("; "))
    }
}

/// The session's own columns: who, when, and its assessment (stage, drivers, obstacles).
fn write_session(row: &mut Row, s: &Session, a: &Assessment) -> ::csv::Result<()> {
    let m = &s.meta;
    for cell in [&s.id, &m.customer, &m.participant, &m.role, &m.interviewer] {
        row.field(cell)?;
    }
    row.own(if m.consent { "yes" } else { "no" })?;
    row.field(&m.started.to_rfc3339())?;
    row.field(&m.finished.map(|f| f.to_rfc3339()).unwrap_or_default())?;
    row.field(s.status().label())?;
    row.field(&crate::session::clock(s.elapsed_seconds))?;
    row.field(a.stage.as_deref().unwrap_or(""))?;
    row.field(&a.position.map(|p| format!("{p:.2}")).unwrap_or_default())?;
    row.field(a.strength.label.label())?;
    let [low, high] = a.range.map_or([String::new(), String::new()], |r| {
        r.map(|v| format!("{v:.2}"))
    });
    row.field(&low)?;
    row.field(&high)?;
    row.field(&a.agreement.map(|v| format!("{v:.2}")).unwrap_or_default())?;
    let disagreements: Vec<&str> = a.disagreements.iter().map(|d| d.message.as_str()).collect();
    row.field(&disagreements.join(" | "))?;
    for d in &a.drivers {
        row.field(d.level_name.as_deref().unwrap_or(""))?;
    }
    for o in &a.obstacles {
        row.field(o.status.label())?;
        let tactics: Vec<&str> = o.tactics_used.iter().map(|t| t.name.as_str()).collect();
        row.field(&tactics.join("; "))?;
    }
    Ok(())
}

/// A question's readable answer, then for a multiple choice one 0/1 cell per option.
fn write_answer(
    row: &mut Row,
    q: &crate::guide::Question,
    answer: Option<&crate::session::Answer>,
) -> ::csv::Result<()> {
    row.field(&answer_cell_of(q, answer))?;
    if q.kind != crate::guide::Kind::Multiple {
        return Ok(());
    }
    let picked = match answer.and_then(|a| a.answered_value()) {
        Some(crate::session::Value::Choice { selected, .. }) => Some(selected),
        _ => None,
    };
    for option in &q.options {
        // Blank when the question has no answer, as ODK leaves it.
        row.own(match picked {
            Some(selected) if selected.contains(&option.id) => "1",
            Some(_) => "0",
            None => "",
        })?;
    }
    Ok(())
}

/// The options of a multiple-choice question, which get a 0/1 column each.
pub(crate) fn choice_options<'g>(
    guide: &'g Guide,
    question: &str,
) -> impl Iterator<Item = &'g str> {
    guide
        .question(question)
        .filter(|q| q.kind == crate::guide::Kind::Multiple)
        .into_iter()
        .flat_map(|q| q.options.iter().map(|o| o.id.as_str()))
}

/// Sessions per chunk: workers claim chunks in turn; the writer puts them out in order.
const CHUNK: usize = 64;

/// Writes the header, then one row per session, sessions `0..count` as `load` reads them: the
/// cores read, assess and encode chunks of sessions, written in order (`par::stream`), so only a
/// few chunks are in memory at once.
pub fn stream<F>(
    guide: &Guide,
    plan: &Plan,
    count: usize,
    load: F,
    mut out: impl std::io::Write,
) -> Result<usize, ExportError>
where
    F: Fn(usize) -> Result<Session, ExportError> + Sync,
{
    write_header(guide, plan, &mut out)?;
    let rows = |range: std::ops::Range<usize>| encode(guide, plan, &load, range);
    crate::par::stream(count, CHUNK, rows, |bytes| {
        out.write_all(&bytes?)?;
        Ok::<(), ExportError>(())
    })?
    .map_err(|lost| ExportError::Write(std::io::Error::other(lost)))?;
    out.flush()?;
    Ok(count)
}

/// Writes the header line of `plan`.
fn write_header(
    guide: &Guide,
    plan: &Plan,
    out: &mut impl std::io::Write,
) -> Result<(), ExportError> {
    let mut header = ::csv::Writer::from_writer(Vec::new());
    header.write_record(plan.header(guide))?;
    let header = header.into_inner();
    out.write_all(&header.map_err(|e| ExportError::Csv(e.into_error().into()))?)?;
    Ok(())
}

/// The rows of sessions `range`, read by `load`, assessed and encoded.
fn encode<F>(
    guide: &Guide,
    plan: &Plan,
    load: &F,
    range: std::ops::Range<usize>,
) -> Result<Vec<u8>, ExportError>
where
    F: Fn(usize) -> Result<Session, ExportError>,
{
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    for i in range {
        let mut session = load(i)?;
        let assessment = assess_with(guide, &session, Detail::Brief);
        // The gauge read every answer it counts; the row leaves out those skip logic hides.
        session.hide_irrelevant(guide);
        plan.write_row(guide, &session, &assessment, &mut writer)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

pub fn render(export: &Export) -> Result<String, ExportError> {
    let plan = Plan::of(export.guide, export.items.iter().map(|i| &i.session));
    let mut out = ::csv::Writer::from_writer(Vec::new());
    out.write_record(plan.header(export.guide))?;
    for item in &export.items {
        plan.write_row(export.guide, &item.session, &item.assessment, &mut out)?;
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
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+1"), "'+1+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-3"), "-3");
        assert_eq!(neutralise("Acme"), "Acme");
    }
}
