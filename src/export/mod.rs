//! Exports for colleagues who never run journey: Markdown, CSV, JSON and self-contained HTML,
//! optionally anonymised, written atomically and never over an existing file unless forced.

mod anonymize;
mod csv;
mod folder;
mod format;
mod html;
mod json;
mod markdown;
mod qdpx;
mod scrub;
mod stats;
mod summary;
mod svg;
pub mod words;

use std::path::{Path, PathBuf};

use crate::assess::{assess, Assessment};
use crate::guide::Guide;
use crate::session::{Session, Timestamp};

pub use anonymize::{anonymize, Anonymizer};
pub use csv::{codebook as csv_codebook, Plan as CsvPlan};
pub use folder::write_into;
pub use format::Format;
pub use html::esc as html_escape;
pub use markdown::md;
pub use qdpx::project as qdpx_project;
pub use stats::{Package as StatsPackage, Table as StatsTable};
pub use summary::{Quote, SessionSummary};

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
}

/// A session ready to export, with its assessment.
pub struct Item {
    pub session: Session,
    pub assessment: Assessment,
}

/// What is exported: sessions in order (oldest first), assessed, anonymised if asked.
pub struct Export<'g> {
    pub guide: &'g Guide,
    pub items: Vec<Item>,
    pub anonymized: bool,
    pub exported: Timestamp,
}

impl<'g> Export<'g> {
    pub fn new(
        guide: &'g Guide,
        mut sessions: Vec<Session>,
        anonymized: bool,
        exported: Timestamp,
    ) -> Export<'g> {
        sessions.sort_by(|a, b| {
            a.meta
                .started
                .cmp(&b.meta.started)
                .then_with(|| a.id.cmp(&b.id))
        });
        if anonymized {
            anonymize(&mut sessions);
        }
        let items = sessions
            .into_iter()
            .map(|session| Item {
                assessment: assess(guide, &session),
                session,
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

/// Writes atomically (temp file, fsync, rename, fsync folder), 0600, never over an existing file
/// unless `force`; a missing folder is made (0700).
pub fn write(path: &Path, contents: &str, force: bool) -> Result<(), ExportError> {
    write_with(path, force, |out| {
        out.write_all(contents.as_bytes())
            .map_err(ExportError::from)
    })
}

/// Writes `contents` into `dir` under `name`, or under `stem-2.ext`, `stem-3.ext`, … when that
/// name is taken: never over another file. Returns the path written.
pub fn write_new(dir: &Path, name: &str, contents: &str) -> Result<PathBuf, ExportError> {
    write_new_bytes(dir, name, contents.as_bytes())
}

/// [`write_new`] of bytes (a `.qdpx` zip).
pub fn write_new_bytes(dir: &Path, name: &str, contents: &[u8]) -> Result<PathBuf, ExportError> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1.. {
        let file = if n == 1 {
            name.to_string()
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(file);
        let written = write_with(&path, false, |out| {
            out.write_all(contents).map_err(ExportError::from)
        });
        match written {
            Ok(()) => return Ok(path),
            // Taken, by a file or by anything else (a link, a pipe): the next name.
            Err(ExportError::Exists(_) | ExportError::NotRegular(..)) => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("some name is free")
}

/// How journey's export temp files begin (then the export's name, random letters, `.tmp`).
const TEMP_PREFIX: &str = ".journey-";

/// Removes the temp files of exports into `dir` that died before they finished (a `kill -9`):
/// they hold customer data. A temp file another export is still writing is locked, and kept.
fn sweep_dead_temps(dir: &Path) {
    let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp");
        if !ours || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether a regular file is at `path` (not following a link); an error for anything else there
/// (a link, a folder, a FIFO, a device, a socket), which `--force` never replaces: as root,
/// `-o /dev/null --force` would otherwise replace the device with a file.
fn existing_file(path: &Path) -> Result<bool, ExportError> {
    let kind = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(ExportError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let what = if kind.is_file() {
        return Ok(true);
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a folder"
    } else {
        special_kind(kind)
    };
    Err(ExportError::NotRegular(path.to_path_buf(), what))
}

#[cfg(unix)]
fn special_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: std::fs::FileType) -> &'static str {
    "a special file"
}

/// Like [`write`], with the contents streamed by `fill` into the temp file.
pub fn write_with<T>(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut dyn std::io::Write) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if existing_file(path)? && !force {
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // `-o summaries/` may name a folder that does not exist yet: make it, private.
    crate::session::create_private_dir(&dir)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("export");
    sweep_dead_temps(&dir);
    let temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    // Held while the export is written: a temp file nobody holds is a dead export's.
    let _ = temp.as_file().try_lock();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    let mut out = std::io::BufWriter::new(temp);
    let value = fill(&mut out)?;
    let temp = out.into_inner().map_err(|e| io(e.into_error()))?;
    persist(temp, path, &dir, force)?;
    Ok(value)
}

/// Puts the written temp file in place of `path` (over a regular file only when `force`), with
/// the file and its folder synced: the export is whole on disk or not there at all.
fn persist(
    temp: tempfile::NamedTempFile,
    path: &Path,
    dir: &Path,
    force: bool,
) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    temp.as_file().sync_all().map_err(io)?;
    // Looked at again just before: a link, a pipe or a device put there meanwhile is not replaced.
    existing_file(path)?;
    let persisted = if force {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            ExportError::Exists(path.to_path_buf())
        } else {
            io(e.error)
        }
    })?;
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io)?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
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
    let mut metas = Vec::with_capacity(ids.len());
    for id in ids {
        metas.push(store.load(id)?.meta);
    }
    Ok(Anonymizer::new(&metas))
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
        self.notes.extend(s.with_notes.iter().copied());
        self.quotes.extend(s.with_quotes.iter().copied());
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
/// in memory at a time; returns the number of rows.
pub fn stream_csv(
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
