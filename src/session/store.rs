//! The session store: one pretty-printed JSON file per session, written atomically and durably.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

mod read;
mod write;

pub(crate) use crate::files::{temp_prefix, write_atomic};
pub use crate::files::{SaveStep, MAX_FILE_BYTES};
pub(crate) use read::read_limited;
pub use read::{parse_session, parse_session_anywhere, read_session_file, FileStamp};
pub(crate) use write::{create_private_dir, refuse_link};

use super::{Session, SCHEMA_VERSION};

const SESSIONS_DIR: &str = "sessions";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{file}: {source}")]
    Io { file: String, source: io::Error },
    #[error("{file}:{line}:{column}: {reason}; the file was left as it is")]
    Corrupt {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error(
        "{file}: written by a newer journey (schema version {found}; this one reads up to \
         {SCHEMA_VERSION}); upgrade journey to open it"
    )]
    Newer { file: String, found: u32 },
    #[error("no session `{0}` (see `journey list`)")]
    NotFound(String),
    #[error("`{prefix}` matches {} sessions: {}; give more of the id", candidates.len(), candidates.join(", "))]
    Ambiguous {
        prefix: String,
        candidates: Vec<String>,
    },
    #[error("session `{0}` already exists")]
    Exists(String),
    #[error("{file}: {size} bytes is too large for a session file (the limit is {MAX_FILE_BYTES}); the file was left as it is")]
    TooLarge { file: String, size: u64 },
    #[error("{file}: not saved: it would be {size} bytes, over the {MAX_FILE_BYTES} a session file may hold; the file on disk was left as it was")]
    WouldBeTooLarge { file: String, size: u64 },
    #[error("session `{id}` is open in another journey ({holder}); it can be viewed read-only")]
    Locked { id: String, holder: String },
}

impl StoreError {
    /// The file's name (not its folder) and what is wrong with it, for lists of problems.
    pub fn file_and_reason(&self) -> (String, String) {
        let name = |file: &str| {
            Path::new(file)
                .file_name()
                .map_or(file.to_string(), |n| n.to_string_lossy().into_owned())
        };
        match self {
            StoreError::Corrupt {
                file,
                line,
                column,
                reason,
            } => (
                name(file),
                format!("line {line}, column {column}: {reason}"),
            ),
            StoreError::Newer { file, found } => (
                name(file),
                format!("written by a newer journey (schema version {found})"),
            ),
            StoreError::Io { file, source } => (name(file), source.to_string()),
            StoreError::TooLarge { file, size } => {
                (name(file), format!("{size} bytes is too large"))
            }
            other => (String::new(), other.to_string()),
        }
    }

    pub(crate) fn io(path: &Path, source: io::Error) -> StoreError {
        StoreError::Io {
            file: path.display().to_string(),
            source,
        }
    }
}

/// Every session that could be read, and a report for every file that could not.
#[derive(Debug, Default)]
pub struct Listing {
    /// Most recently started first.
    pub sessions: Vec<Session>,
    pub problems: Vec<StoreError>,
}

/// A fault to inject after a save step, for tests of what a full or read-only disk does.
pub type FaultHook = std::sync::Arc<dyn Fn(SaveStep) -> io::Result<()> + Send + Sync>;

/// The sessions folder under a data directory.
#[derive(Clone)]
pub struct Store {
    data_dir: PathBuf,
    sessions: PathBuf,
    faults: Option<FaultHook>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

/// The one id among `ids` that `part` names: the id itself, else the only id starting with it,
/// else the only id containing it (the customer's name is part of every id).
pub(crate) fn choose_id(ids: &[String], part: &str) -> Result<String, StoreError> {
    // An id with a control character is no session (loading refuses it): never chosen.
    let ids: Vec<&String> = ids
        .iter()
        .filter(|id| !id.chars().any(char::is_control))
        .collect();
    if ids.iter().any(|id| *id == part) {
        return Ok(part.to_string());
    }
    let starting: Vec<&String> = ids
        .iter()
        .copied()
        .filter(|id| id.starts_with(part))
        .collect();
    let mut matches: Vec<&String> = if starting.is_empty() {
        ids.iter().copied().filter(|id| id.contains(part)).collect()
    } else {
        starting
    };
    matches.dedup();
    match matches.len() {
        0 => Err(StoreError::NotFound(part.to_string())),
        1 => Ok(matches.remove(0).clone()),
        _ => Err(StoreError::Ambiguous {
            prefix: part.to_string(),
            candidates: matches.into_iter().cloned().collect(),
        }),
    }
}

impl Store {
    /// Opens the store, creating its folders (0700) if needed.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        let sessions = data_dir.join(SESSIONS_DIR);
        // The data folder itself may be a link the user made; the folders inside may not.
        if !data_dir.is_dir() {
            create_private_dir(data_dir)?;
        }
        create_private_dir(&sessions)?;
        Ok(Store {
            data_dir: data_dir.to_path_buf(),
            sessions,
            faults: None,
        })
    }

    /// Every save of this store calls `hook` after each step and fails where it fails. For tests.
    pub fn with_faults(mut self, hook: FaultHook) -> Store {
        self.faults = Some(hook);
        self
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn sessions_dir(&self) -> &Path {
        &self.sessions
    }

    pub fn path(&self, id: &str) -> PathBuf {
        self.sessions.join(format!("{id}.json"))
    }

    /// Gives the session a fresh id and writes it, never over an existing file.
    pub fn create(&self, session: &mut Session) -> Result<(), StoreError> {
        for _ in 0..16 {
            session.id = super::new_id(&session.meta.customer, &session.meta.started);
            match self.write(session, false) {
                Err(StoreError::Exists(_)) => continue,
                other => {
                    // The interviewer entered here names who uses journey, until they say.
                    if other.is_ok() {
                        let interviewer = &session.meta.interviewer;
                        let _ = super::identity::remember_interviewer(self.data_dir(), interviewer);
                    }
                    return other.map(|_| ());
                }
            }
        }
        Err(StoreError::Exists(session.id.clone()))
    }

    /// Writes the session atomically over its file: a crash leaves the old file or the new one.
    pub fn save(&self, session: &Session) -> Result<(), StoreError> {
        self.write(session, true).map(|_| ())
    }

    /// [`Store::save`], returning the file as written, so an open session knows it without
    /// reading it back.
    pub fn save_stamped(&self, session: &Session) -> Result<FileStamp, StoreError> {
        self.write(session, true)
    }

    /// [`Store::save`], calling `after` once each step is done; an error from `after` stops the
    /// save there, as a crash or a failing disk would. For fault-injection tests.
    pub fn save_with(
        &self,
        session: &Session,
        after: &mut dyn FnMut(SaveStep) -> io::Result<()>,
    ) -> Result<(), StoreError> {
        self.write_with(session, true, after).map(|_| ())
    }

    fn write(&self, session: &Session, replace: bool) -> Result<FileStamp, StoreError> {
        match self.faults.clone() {
            Some(hook) => self.write_with(session, replace, &mut |step| hook(step)),
            None => self.write_with(session, replace, &mut |_| Ok(())),
        }
    }

    fn write_with(
        &self,
        session: &Session,
        replace: bool,
        after: &mut dyn FnMut(SaveStep) -> io::Result<()>,
    ) -> Result<FileStamp, StoreError> {
        let path = self.path(&session.id);
        let mut bytes = serde_json::to_vec_pretty(session)
            .map_err(|e| StoreError::io(&path, io::Error::new(io::ErrorKind::InvalidData, e)))?;
        bytes.push(b'\n');
        // Writing and reading agree: a file that `load` would refuse is never written.
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(StoreError::WouldBeTooLarge {
                file: path.display().to_string(),
                size: bytes.len() as u64,
            });
        }
        write_atomic(&self.sessions, &path, &bytes, replace, after).map_err(|e| match e {
            e if e.kind() == io::ErrorKind::AlreadyExists => StoreError::Exists(session.id.clone()),
            e => StoreError::io(&path, e),
        })?;
        let meta = std::fs::symlink_metadata(&path).map_err(|e| StoreError::io(&path, e))?;
        Ok(FileStamp::of(&meta, &bytes))
    }

    /// Reads one session by its exact id.
    pub fn load(&self, id: &str) -> Result<Session, StoreError> {
        let path = self.path(id);
        match read_limited(&path) {
            Ok(bytes) => parse_session(&path, &bytes),
            Err(StoreError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::NotFound(id.to_string()))
            }
            Err(e) => Err(e),
        }
    }

    /// The ids of every session file, sorted.
    pub fn ids(&self) -> Result<Vec<String>, StoreError> {
        let mut ids = Vec::new();
        self.ids_in_batches(usize::MAX, &mut |batch| ids.append(batch))?;
        ids.sort();
        Ok(ids)
    }

    /// The ids of every session file in the folder's order, given to `each` at most `size` at a
    /// time (it may take them): an archive of any size is listed without holding every id.
    pub fn ids_in_batches(
        &self,
        size: usize,
        each: &mut dyn FnMut(&mut Vec<String>),
    ) -> Result<(), StoreError> {
        let entries =
            fs::read_dir(&self.sessions).map_err(|e| StoreError::io(&self.sessions, e))?;
        let mut batch = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(&self.sessions, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some(id) = name.strip_suffix(".json") {
                if !id.starts_with('.') && !id.is_empty() {
                    batch.push(id.to_string());
                }
            }
            if batch.len() >= size {
                each(&mut batch);
                batch.clear();
            }
        }
        if !batch.is_empty() {
            each(&mut batch);
        }
        Ok(())
    }

    /// Whether the folder holds more than `n` session files (it stops listing past them; an
    /// unreadable folder holds none).
    pub fn more_sessions_than(&self, n: usize) -> bool {
        let Ok(entries) = fs::read_dir(&self.sessions) else {
            return false;
        };
        let is_session = |e: &fs::DirEntry| {
            let name = e.file_name();
            name.to_str()
                .is_some_and(|n| n.ends_with(".json") && !n.starts_with('.'))
        };
        entries.flatten().filter(is_session).nth(n).is_some()
    }

    /// The one id equal to `prefix`, or the only one starting with it; failing that, the only
    /// one containing it, so `acme` finds `2026-11-25-acme-w9j7`.
    pub fn resolve(&self, prefix: &str) -> Result<String, StoreError> {
        choose_id(&self.ids()?, prefix)
    }

    /// Changes a session's metadata (customer, participant, role, interviewer, consent) and
    /// keeps everything else; refused while the session is open in a journey.
    pub fn update_meta(&self, id: &str, meta: super::Meta) -> Result<(), StoreError> {
        let _lock = self.lock(id)?;
        let mut session = self.load(id)?;
        // The customer stays the same customer when the name is corrected.
        session.meta.customer_id = session.meta.customer_key();
        session.meta.customer = meta.customer;
        session.meta.participant = meta.participant;
        session.meta.role = meta.role;
        session.meta.interviewer = meta.interviewer;
        session.meta.consent = meta.consent;
        session.meta.updated = super::now();
        self.save(&session)
    }

    /// What a session file is now: its identity and contents, to notice a change made by
    /// another program (an editor, a script, a sync). `None` when there is no such file.
    pub fn stamp(&self, id: &str) -> Result<Option<FileStamp>, StoreError> {
        let path = self.path(id);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        let bytes = read_limited(&path)?;
        Ok(Some(FileStamp::of(&meta, &bytes)))
    }

    /// Keeps a session that cannot be saved where it belongs beside the archive, in
    /// `<data>/rescued/`, so nothing typed is lost. Returns the file written.
    pub fn rescue(&self, session: &Session) -> Result<PathBuf, StoreError> {
        let dir = self.data_dir().join("rescued");
        create_private_dir(&dir)?;
        let stamp = super::now().format("%Y%m%d-%H%M%S");
        let path = dir.join(format!("{}-{stamp}.json", session.id));
        let mut bytes = serde_json::to_vec_pretty(session)
            .map_err(|e| StoreError::io(&path, io::Error::new(io::ErrorKind::InvalidData, e)))?;
        bytes.push(b'\n');
        write_atomic(&dir, &path, &bytes, false, &mut |_| Ok(()))
            .map_err(|e| StoreError::io(&path, e))?;
        Ok(path)
    }

    /// Reads every session; unreadable files are reported and skipped, never touched.
    pub fn list(&self) -> Result<Listing, StoreError> {
        let mut listing = Listing::default();
        for id in self.ids()? {
            match self.load(&id) {
                Ok(session) => listing.sessions.push(session),
                // Removed between listing the folder and reading it: not a problem to report.
                Err(StoreError::NotFound(_)) => {}
                Err(e) => listing.problems.push(e),
            }
        }
        listing.sessions.sort_by(|a, b| {
            b.meta
                .started
                .cmp(&a.meta.started)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(listing)
    }
}
