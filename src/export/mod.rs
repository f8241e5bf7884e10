//! Exports for colleagues who never run journey: Markdown, CSV, JSON and self-contained HTML,
//! optionally anonymised, written atomically and never over an existing file unless forced.

mod anonymize;
mod csv;
mod folder;
mod format;
mod heard;
mod html;
mod json;
mod markdown;
mod qdpx;
mod scrub;
mod stats;
mod summary;
mod svg;
pub mod words;
mod write;

use std::path::{Path, PathBuf};

use crate::assess::{assess, Assessment};
use crate::guide::Guide;
use crate::session::{Session, Timestamp};

pub use anonymize::{anonymize, Anonymizer};
pub use csv::{codebook as csv_codebook, Plan as CsvPlan, ROWS_FILE};
pub use folder::write_into;
pub use format::Format;
pub use heard::{clock, read as read_transcripts, said_words, Heard};
pub use html::esc as html_escape;
pub use markdown::md;
pub use qdpx::project as qdpx_project;
pub use stats::{Package as StatsPackage, Table as StatsTable};
pub use summary::{Quote, SessionSummary};
pub use write::{write, write_new, write_new_bytes, write_with};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} already exists; pass --force to replace it")]
    Exists(PathBuf),
    #[error("{0} is {1}, not a regular file: journey only ever replaces regular files; name another path")]
    NotRegular(PathBuf, &'static str),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("could not write: {0}")]
    Write(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] crate::session::StoreError),
    #[error("session {id}: a transcript attached to it cannot be read: {source}. An export that carries transcripts (--transcript, qdpx) or hides names (--anonymize) needs it: put the file back in <data>/transcripts/")]
    Transcript {
        id: String,
        source: crate::transcript::AttachError,
    },
}

/// A session ready to export, with its assessment and the transcripts read for it.
pub struct Item {
    pub session: Session,
    pub assessment: Assessment,
    /// Its transcripts, when the export reads them (`Export::with_transcripts`).
    pub transcripts: Vec<Heard>,
    /// The questions whose answers the skip logic hides, left out of `session` (the file keeps
    /// them): `Session::hide_irrelevant`.
    pub hidden: Vec<String>,
}

/// What is exported: sessions in order (oldest first), assessed, anonymised if asked.
pub struct Export<'g> {
    pub guide: &'g Guide,
    pub items: Vec<Item>,
    pub anonymized: bool,
    pub exported: Timestamp,
}

impl<'g> Export<'g> {
    /// These sessions, without their transcripts' lines (quotes keep who said them and when).
    pub fn new(
        guide: &'g Guide,
        sessions: Vec<Session>,
        anonymized: bool,
        exported: Timestamp,
    ) -> Export<'g> {
        let sessions = sessions.into_iter().map(|s| (s, Vec::new())).collect();
        Export::with_transcripts(guide, sessions, anonymized, exported)
    }

    /// The sessions `ids` read from `store` for an export: with their transcripts' lines when
    /// `carried` (`--transcript`, REFI-QDA), and read anyway when anonymised, since the
    /// speakers' names are names to hide in the quotes; only a session with transcripts reads
    /// a file for them.
    pub fn read(
        guide: &'g Guide,
        store: &crate::session::Store,
        ids: &[String],
        (anonymized, carried): (bool, bool),
        exported: Timestamp,
    ) -> Result<Export<'g>, ExportError> {
        let mut sessions = Vec::with_capacity(ids.len());
        for id in ids {
            let session = store.load(id)?;
            let heard = if carried || anonymized {
                read_transcripts(store, &session)?
            } else {
                Vec::new()
            };
            sessions.push((session, heard));
        }
        let mut export = Export::with_transcripts(guide, sessions, anonymized, exported);
        if !carried {
            export.items.iter_mut().for_each(|i| i.transcripts.clear());
        }
        Ok(export)
    }

    /// These sessions with their transcripts (read by [`read_transcripts`]): Markdown and HTML
    /// show the whole transcripts, JSON lists their lines, REFI-QDA makes each a source.
    /// Anonymised, the speakers become the sessions' aliases, in the lines' text too.
    pub fn with_transcripts(
        guide: &'g Guide,
        mut sessions: Vec<(Session, Vec<Heard>)>,
        anonymized: bool,
        exported: Timestamp,
    ) -> Export<'g> {
        sessions.sort_by(|(a, _), (b, _)| {
            a.meta
                .started
                .cmp(&b.meta.started)
                .then_with(|| a.id.cmp(&b.id))
        });
        if anonymized {
            anonymize::anonymize_heard(&mut sessions);
        }
        let items = sessions
            .into_iter()
            .map(|(mut session, transcripts)| {
                // Assessed as the interview's gauge reads it (which leaves hidden answers out
                // already), then stripped of the answers the skip logic hides.
                let assessment = assess(guide, &session);
                let hidden = session.hide_irrelevant(guide);
                Item {
                    assessment,
                    session,
                    transcripts,
                    hidden,
                }
            })
            .collect();
        Export {
            guide,
            items,
            anonymized,
            exported,
        }
    }

    pub fn render(&self, format: Format) -> Result<String, ExportError> {
        Ok(match format {
            Format::Markdown => markdown::render(self),
            Format::Csv => csv::render(self)?,
            Format::Json => json::render(self)?,
            Format::Html => html::render(self),
            Format::Qdc => qdpx::codebook(self.guide)?,
            // A zip: written by `qdpx::project`, never as text.
            Format::Qdpx => {
                return Err(ExportError::Write(std::io::Error::other(
                    "a .qdpx project is a zip file: write it with -o FILE",
                )))
            }
            // The syntax; the data beside it comes from `stats::Table::csv`.
            Format::Spss | Format::Stata => {
                let package = if format == Format::Spss {
                    stats::Package::Spss
                } else {
                    stats::Package::Stata
                };
                let data = self.file_name(Format::Csv);
                stats::Table::new(self).syntax(package, &data)
            }
        })
    }

    /// `<id>.<ext>` for one session, `journey-<n>-sessions-<date>.<ext>` for a set: a plain file
    /// name, whatever the customer was called.
    pub fn file_name(&self, format: Format) -> String {
        let stem = match self.items.as_slice() {
            [one] => one.session.id.clone(),
            items => format!(
                "journey-{}-sessions-{}",
                items.len(),
                self.exported.format("%Y-%m-%d")
            ),
        };
        safe_file_name(&stem, format)
    }

    /// Pairs of (session, assessment), for the insights.
    pub fn pairs(&self) -> Vec<(&Session, &Assessment)> {
        self.items
            .iter()
            .map(|i| (&i.session, &i.assessment))
            .collect()
    }
}

/// A file name of letters, digits, `-` and `_` only, with the format's extension: it cannot
/// leave the chosen folder, whatever it was made from.
pub fn safe_file_name(stem: &str, format: Format) -> String {
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_matches('-');
    let safe = if safe.is_empty() {
        "journey-export"
    } else {
        safe
    };
    format!("{safe}.{}", format.extension())
}

/// Where `-o PATH` sends an export: into PATH when it is a folder (with the export's own file
/// name), else to PATH itself.
pub fn target(path: &Path, file_name: &str) -> PathBuf {
    if path.is_dir()
        || path
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR)
    {
        path.join(file_name)
    } else {
        path.to_path_buf()
    }
}

/// The answer as text for a reader: the value, or its state when there is none.
fn answer_cell(guide: &Guide, session: &Session, question: &str) -> String {
    match guide.question(question) {
        Some(q) => answer_cell_of(q, session.answer(question)).into_owned(),
        None => String::new(),
    }
}

/// [`answer_cell`] of a question and its answer, both found already; borrowed where it can be.
fn answer_cell_of<'a>(
    q: &'a crate::guide::Question,
    a: Option<&'a crate::session::Answer>,
) -> std::borrow::Cow<'a, str> {
    use crate::session::AnswerState;
    let Some(a) = a else {
        return "".into();
    };
    match (a.state, a.answered_value()) {
        (AnswerState::Answered, Some(v)) => crate::session::answer_str(q, v),
        (AnswerState::Skipped, _) => "(skipped)".into(),
        (AnswerState::NotApplicable, _) => "(n/a)".into(),
        _ => "".into(),
    }
}

/// The anonymiser for these sessions, its names read from the session files, never from the
/// index: a stale index line must not leave a real name in an anonymised row.
pub fn anonymizer_from_files(
    store: &crate::session::Store,
    ids: &[&str],
) -> Result<Anonymizer, ExportError> {
    let mut sessions = Vec::with_capacity(ids.len());
    for id in ids {
        let session = store.load(id)?;
        // Only a session with transcripts reads them: their speakers are names to hide.
        let heard = read_transcripts(store, &session)?;
        sessions.push((session, heard));
    }
    Ok(Anonymizer::of(&sessions))
}

/// The sessions an export takes, oldest first, and the questions that have notes or quotes in
/// any of them: all a streamed CSV needs to know beforehand (an id a session, not a summary).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Selection {
    pub ids: Vec<String>,
    /// Positions in the guide's question order, as in [`crate::index::Summary`].
    pub notes: std::collections::BTreeSet<u16>,
    pub quotes: std::collections::BTreeSet<u16>,
}

impl Selection {
    /// These sessions, oldest first (by id between equals).
    pub fn of<'a>(chosen: impl IntoIterator<Item = &'a crate::index::Summary>) -> Selection {
        let mut selection = Selection::default();
        let mut order = Vec::new();
        for s in chosen {
            selection.add(s);
            order.push((s.started, s.id.clone()));
        }
        order.sort();
        selection.ids = order.into_iter().map(|(_, id)| id).collect();
        selection
    }

    /// Counts a session's notes and quotes in (its id is the caller's to place).
    pub fn add(&mut self, s: &crate::index::Summary) {
        self.notes.extend(s.with_notes.iter());
        self.quotes.extend(s.with_quotes.iter());
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The columns of the CSV of these sessions.
pub fn csv_plan(guide: &Guide, chosen: &Selection) -> csv::Plan {
    csv::Plan::new(
        guide,
        chosen.notes.iter().copied(),
        chosen.quotes.iter().copied(),
    )
}

/// Streams the CSV of these sessions (in the order given) from the store to `out`, one session
/// in memory at a time, through the row cache (`<data>/rows.cache`) unless anonymised; returns
/// the number of rows.
pub fn stream_csv(
    store: &crate::session::Store,
    guide: &Guide,
    chosen: &Selection,
    anonymize: bool,
    out: impl std::io::Write,
) -> Result<usize, ExportError> {
    if anonymize {
        return stream_csv_from_files(store, guide, chosen, true, out);
    }
    stream_csv_as_of(store, guide, chosen, std::time::SystemTime::now(), out)
}

/// [`stream_csv`] (not anonymised) as if run at `now`: the time the row cache's entries are
/// read at, which its racy rule compares the files' times with (tests run an export "later").
pub fn stream_csv_as_of(
    store: &crate::session::Store,
    guide: &Guide,
    chosen: &Selection,
    now: std::time::SystemTime,
    out: impl std::io::Write,
) -> Result<usize, ExportError> {
    let plan = csv_plan(guide, chosen);
    csv::stream_cached(store, guide, &plan, &chosen.ids, csv::ns_of(now), out)
}

/// [`stream_csv`] with every session read from its file, the row cache neither read nor
/// written. Anonymised rows take this way: they depend on every session exported (the aliases
/// are numbered across them), so they are never cached.
pub fn stream_csv_from_files(
    store: &crate::session::Store,
    guide: &Guide,
    chosen: &Selection,
    anonymize: bool,
    out: impl std::io::Write,
) -> Result<usize, ExportError> {
    let anonymizer = if anonymize {
        let ids: Vec<&str> = chosen.ids.iter().map(String::as_str).collect();
        Some(anonymizer_from_files(store, &ids)?)
    } else {
        None
    };
    let plan = csv_plan(guide, chosen);
    let load = |i: usize| {
        let mut session = store.load(&chosen.ids[i])?;
        if let Some(a) = &anonymizer {
            a.apply(&mut session);
        }
        Ok(session)
    };
    csv::stream(guide, &plan, chosen.len(), load, out)
}
