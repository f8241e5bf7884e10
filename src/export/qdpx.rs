//! REFI-QDA, the exchange format of NVivo, ATLAS.ti, MAXQDA and QualCoder: a `.qdpx` project (a
//! zip of `project.qde` and one plain-text source per session) and a `.qdc` codebook.
//!
//! Each session is a text source: its metadata, then every answered question with its answer,
//! notes and quotes, as readable text. Quotes and coded lines of notes are selections of that
//! text, with their codes; each transcript attached to the session is a text source of its own
//! (`heard.rs`), a line a line with its time and speaker, the quotes taken from it selections
//! of it; the guide's codebook is the codes; each customer is a case with variables (stage,
//! position, industry, interviewer, dates) and its sources; interviewers are users. GUIDs are
//! derived from ids (UUID v5), so the same archive always gives the same project.

use std::io::{Cursor, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use uuid::Uuid;

use super::{answer_cell, Export, ExportError};
use crate::guide::Guide;

mod heard;

const NAMESPACE: &str = "urn:QDA-XML:project:1.0";
const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";
/// The namespace journey's GUIDs are derived in.
const ROOT: Uuid = Uuid::from_u128(0x6a6f_7572_6e65_7900_8000_0000_0000_0001);

fn guid(kind: &str, id: &str) -> String {
    Uuid::new_v5(&ROOT, format!("{kind}:{id}").as_bytes()).to_string()
}

/// `text` with every character XML 1.0 forbids (U+0001 and the other controls but tab and line
/// breaks, U+FFFE, U+FFFF: pasted from Word, they make the whole file unreadable) replaced by a
/// space: one character for one, so the places of selections in a text stay right.
pub fn xml_chars(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' => c,
            c if c >= '\u{10000}' => c,
            _ => ' ',
        })
        .collect()
}

fn xml_error(e: impl std::fmt::Display) -> ExportError {
    ExportError::Write(std::io::Error::other(e.to_string()))
}

/// A selection of a source's text: where it starts and ends (in characters) and its codes.
struct Selection {
    name: String,
    start: usize,
    end: usize,
    codes: Vec<String>,
}

/// A session (or one of its transcripts) as readable text, with the places of its quotes and
/// coded lines.
struct Source {
    /// What its GUID and its selections' are derived from: the session's id (`id:transcript:n`
    /// for a transcript).
    id: String,
    name: String,
    text: String,
    selections: Vec<Selection>,
}

/// A source's text as it grows, and its length in characters (where selections are placed).
#[derive(Default)]
struct Lines {
    text: String,
    chars: usize,
}

impl Lines {
    /// Adds a line; returns the character where it starts.
    fn push(&mut self, line: &str) -> usize {
        let start = self.chars;
        self.text.push_str(line);
        self.text.push('\n');
        self.chars += line.chars().count() + 1;
        start
    }
}

fn source(guide: &Guide, s: &crate::session::Session) -> Source {
    let mut lines = Lines::default();
    let mut selections = Vec::new();
    let m = &s.meta;
    lines.push(&format!("Interview with {}", m.customer));
    lines.push(&format!(
        "Participant: {} ({}) · Interviewer: {} · Started: {}",
        m.participant,
        m.role,
        m.interviewer,
        m.started.format("%Y-%m-%d %H:%M")
    ));
    for (_, q) in guide.questions() {
        let Some(a) = s.answer(&q.id) else { continue };
        let answer = answer_cell(guide, s, &q.id);
        if answer.is_empty() && a.notes.is_empty() && a.quotes.is_empty() {
            continue;
        }
        lines.push("");
        lines.push(&q.text);
        if !answer.is_empty() {
            lines.push(&format!("Answer: {answer}"));
        }
        notes(&mut lines, &mut selections, q, a);
        quotes(&mut lines, &mut selections, q, a);
    }
    // Read as text, never as XML, but by the same tools: no character they refuse.
    Source {
        id: s.id.clone(),
        name: format!("{} ({})", m.customer, s.id),
        text: xml_chars(&lines.text),
        selections,
    }
}

/// The notes of an answer, and its coded lines (or parts of lines) as selections of them.
fn notes(
    lines: &mut Lines,
    selections: &mut Vec<Selection>,
    q: &crate::guide::Question,
    a: &crate::session::Answer,
) {
    // The notes as they are written into the source, and where they start.
    let notes: Vec<&str> = a.notes.lines().collect();
    let mut notes_start = None;
    for line in &notes {
        let start = lines.push(line);
        notes_start.get_or_insert(start);
    }
    let joined = notes.join("\n");
    for coded in a.coded.iter().filter(|c| !a.quotes.contains(&c.text)) {
        // A coded line or part of one: found in the notes as written.
        let (Some(base), Some(byte)) = (notes_start, joined.find(coded.text.as_str())) else {
            continue;
        };
        let start = base + joined[..byte].chars().count();
        selections.push(Selection {
            name: format!("{}: note", q.label()),
            start,
            end: start + coded.text.chars().count(),
            codes: coded.codes.clone(),
        });
    }
}

/// The quotes of an answer, each a selection with the codes applied to it.
fn quotes(
    lines: &mut Lines,
    selections: &mut Vec<Selection>,
    q: &crate::guide::Question,
    a: &crate::session::Answer,
) {
    // Each code once, though two researchers applied it.
    let codes_of = |t: &str| -> Vec<String> {
        let mut codes: Vec<String> = Vec::new();
        for code in a
            .coded
            .iter()
            .filter(|c| c.text == t)
            .flat_map(|c| &c.codes)
        {
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
        codes
    };
    for quote in &a.quotes {
        let prefix = "Quote: ";
        let start = lines.push(&format!("{prefix}{quote}")) + prefix.chars().count();
        selections.push(Selection {
            name: format!("{}: quote", q.label()),
            start,
            end: start + quote.chars().count(),
            codes: codes_of(quote),
        });
    }
}

type Xml = Writer<Cursor<Vec<u8>>>;

fn codes(w: &mut Xml, guide: &Guide) -> Result<(), ExportError> {
    w.create_element("Codes")
        .write_inner_content(|w| {
            for c in &guide.codes {
                let g = guid("code", &c.id);
                let mut e = w
                    .create_element("Code")
                    .with_attribute(("guid", g.as_str()))
                    .with_attribute(("name", c.name.as_str()))
                    .with_attribute(("isCodable", "true"));
                if !c.colour.is_empty() {
                    e = e.with_attribute(("color", c.colour.as_str()));
                }
                if c.description.is_empty() {
                    e.write_empty()?;
                } else {
                    e.write_inner_content(|w| {
                        w.create_element("Description")
                            .write_text_content(BytesText::new(&c.description))?;
                        Ok(())
                    })?;
                }
            }
            Ok(())
        })
        .map_err(xml_error)?;
    Ok(())
}

/// The codebook alone (`.qdc`).
pub fn codebook(guide: &Guide) -> Result<String, ExportError> {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .map_err(xml_error)?;
    w.create_element("CodeBook")
        .with_attribute(("xmlns", CODEBOOK_NAMESPACE))
        .with_attribute(("origin", "journey"))
        .write_inner_content(|w| {
            codes(w, guide).map_err(|e| std::io::Error::other(e.to_string()))?;
            Ok(())
        })
        .map_err(xml_error)?;
    Ok(xml_chars(&String::from_utf8_lossy(
        &w.into_inner().into_inner(),
    )))
}

/// The variables every case has, and their REFI-QDA types.
const VARIABLES: [(&str, &str); 6] = [
    ("stage", "Text"),
    ("position", "Float"),
    ("industry", "Text"),
    ("interviewer", "Text"),
    ("started", "DateTime"),
    ("finished", "DateTime"),
];

/// The project (`.qdpx`): the zip's bytes.
pub fn project(export: &Export) -> Result<Vec<u8>, ExportError> {
    // Per session: its own source, then one per transcript.
    let sources: Vec<Vec<Source>> = export
        .items
        .iter()
        .map(|i| {
            let own = source(export.guide, &i.session);
            let heard = (i.transcripts.iter().enumerate())
                .map(|(n, h)| heard::source(export.guide, i, h, n));
            std::iter::once(own).chain(heard).collect()
        })
        .collect();
    let qde = project_xml(export, &sources)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let zip_err =
        |e: zip::result::ZipError| ExportError::Write(std::io::Error::other(e.to_string()));
    zip.start_file("project.qde", options).map_err(zip_err)?;
    zip.write_all(qde.as_bytes())?;
    for src in sources.iter().flatten() {
        let g = guid("source", &src.id);
        zip.start_file(format!("sources/{g}.txt"), options)
            .map_err(zip_err)?;
        zip.write_all(src.text.as_bytes())?;
    }
    Ok(zip.finish().map_err(zip_err)?.into_inner())
}

/// `project.qde`: users, codebook, variables, cases and sources.
fn project_xml(export: &Export, sources: &[Vec<Source>]) -> Result<String, ExportError> {
    let guide = export.guide;
    let mut users: Vec<&str> = export
        .items
        .iter()
        .map(|i| i.session.meta.interviewer.as_str())
        .filter(|n| !n.trim().is_empty())
        .collect();
    users.sort_unstable();
    users.dedup();
    let now = export
        .exported
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .map_err(xml_error)?;
    let io = |e: ExportError| std::io::Error::other(e.to_string());
    w.create_element("Project")
        .with_attribute(("xmlns", NAMESPACE))
        .with_attribute(("name", format!("{}: interviews", guide.title).as_str()))
        .with_attribute(("origin", "journey"))
        .with_attribute(("creationDateTime", now.as_str()))
        .write_inner_content(|w| {
            write_users(w, &users)?;
            if !guide.codes.is_empty() {
                w.create_element("CodeBook")
                    .write_inner_content(|w| codes(w, guide).map_err(io))?;
            }
            write_variables(w)?;
            w.create_element("Cases").write_inner_content(|w| {
                let mut pairs = export.items.iter().zip(sources);
                pairs.try_for_each(|(i, own)| write_case(w, guide, i, own))
            })?;
            w.create_element("Sources").write_inner_content(|w| {
                let mut pairs = export.items.iter().zip(sources);
                pairs.try_for_each(|(item, own)| {
                    own.iter()
                        .try_for_each(|src| write_source(w, guide, item, src))
                })
            })?;
            Ok(())
        })
        .map_err(xml_error)?;
    // Names, labels and answers can carry any character: none XML forbids is written.
    Ok(xml_chars(&String::from_utf8_lossy(
        &w.into_inner().into_inner(),
    )))
}

fn write_users(w: &mut Xml, users: &[&str]) -> std::io::Result<()> {
    if users.is_empty() {
        return Ok(());
    }
    w.create_element("Users").write_inner_content(|w| {
        for u in users {
            w.create_element("User")
                .with_attribute(("guid", guid("user", u).as_str()))
                .with_attribute(("name", *u))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_variables(w: &mut Xml) -> std::io::Result<()> {
    w.create_element("Variables").write_inner_content(|w| {
        for (name, kind) in VARIABLES {
            w.create_element("Variable")
                .with_attribute(("guid", guid("variable", name).as_str()))
                .with_attribute(("name", name))
                .with_attribute(("typeOfVariable", kind))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// A case's values, in the order of [`VARIABLES`], with the element each is written in.
fn case_values(guide: &Guide, item: &super::Item) -> [(&'static str, Option<String>); 6] {
    let (s, a) = (&item.session, &item.assessment);
    let stamp =
        |t: &crate::session::Timestamp| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let stage = a.stage.as_deref();
    let industry = answer_cell(guide, s, "org.industry");
    [
        (
            "TextValue",
            stage.map(|id| crate::assess::stage_name(guide, id).to_string()),
        ),
        ("FloatValue", a.position.map(|p| p.to_string())),
        ("TextValue", Some(industry).filter(|i| !i.is_empty())),
        (
            "TextValue",
            Some(s.meta.interviewer.clone()).filter(|i| !i.is_empty()),
        ),
        ("DateTimeValue", Some(stamp(&s.meta.started))),
        ("DateTimeValue", s.meta.finished.as_ref().map(stamp)),
    ]
}

/// A customer as a case: its variables and its sources.
fn write_case(
    w: &mut Xml,
    guide: &Guide,
    item: &super::Item,
    sources: &[Source],
) -> std::io::Result<()> {
    let s = &item.session;
    let values = case_values(guide, item);
    w.create_element("Case")
        .with_attribute(("guid", guid("case", &s.id).as_str()))
        .with_attribute(("name", s.meta.customer.as_str()))
        .write_inner_content(|w| {
            for ((name, _), (element, value)) in VARIABLES.iter().zip(&values) {
                let Some(value) = value else { continue };
                w.create_element("VariableValue").write_inner_content(|w| {
                    w.create_element("VariableRef")
                        .with_attribute(("targetGUID", guid("variable", name).as_str()))
                        .write_empty()?;
                    w.create_element(*element)
                        .write_text_content(BytesText::new(value))?;
                    Ok(())
                })?;
            }
            for src in sources {
                w.create_element("SourceRef")
                    .with_attribute(("targetGUID", guid("source", &src.id).as_str()))
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

/// A session (or a transcript of it) as a text source, with its selections.
fn write_source(
    w: &mut Xml,
    guide: &Guide,
    item: &super::Item,
    src: &Source,
) -> std::io::Result<()> {
    let s = &item.session;
    let g = guid("source", &src.id);
    let user = Some(s.meta.interviewer.as_str())
        .filter(|n| !n.trim().is_empty())
        .map(|n| guid("user", n));
    let mut e = w
        .create_element("TextSource")
        .with_attribute(("guid", g.as_str()))
        .with_attribute(("name", src.name.as_str()))
        .with_attribute(("plainTextPath", format!("internal://{g}.txt").as_str()));
    if let Some(user) = &user {
        e = e.with_attribute(("creatingUser", user.as_str()));
    }
    e.write_inner_content(|w| {
        for (n, sel) in src.selections.iter().enumerate() {
            let id = format!("{}:{n}", src.id);
            write_selection(w, guide, &id, sel, user.as_deref())?;
        }
        Ok(())
    })?;
    Ok(())
}

/// A selection and its codings (only codes the guide knows); `id` is `session:n`.
fn write_selection(
    w: &mut Xml,
    guide: &Guide,
    id: &str,
    sel: &Selection,
    user: Option<&str>,
) -> std::io::Result<()> {
    let sg = guid("selection", id);
    let (start, end) = (sel.start.to_string(), sel.end.to_string());
    let mut e = w
        .create_element("PlainTextSelection")
        .with_attribute(("guid", sg.as_str()))
        .with_attribute(("name", sel.name.as_str()))
        .with_attribute(("startPosition", start.as_str()))
        .with_attribute(("endPosition", end.as_str()));
    if let Some(user) = user {
        e = e.with_attribute(("creatingUser", user));
    }
    let known: Vec<&String> = sel
        .codes
        .iter()
        .filter(|c| guide.codes.iter().any(|k| &k.id == *c))
        .collect();
    if known.is_empty() {
        e.write_empty()?;
        return Ok(());
    }
    e.write_inner_content(|w| {
        for (k, code) in known.iter().enumerate() {
            let cg = guid("coding", &format!("{id}:{k}"));
            w.create_element("Coding")
                .with_attribute(("guid", cg.as_str()))
                .write_inner_content(|w| {
                    w.create_element("CodeRef")
                        .with_attribute(("targetGUID", guid("code", code).as_str()))
                        .write_empty()?;
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}
