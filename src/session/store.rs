//! The session store: one pretty-printed JSON file per session, written atomically and durably.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Session, SCHEMA_VERSION};
use crate::guide::json_message;

const SESSIONS_DIR: &str = "sessions";
/// Session files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

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
        let entries =
            fs::read_dir(&self.sessions).map_err(|e| StoreError::io(&self.sessions, e))?;
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(&self.sessions, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some(id) = name.strip_suffix(".json") {
                if !id.starts_with('.') && !id.is_empty() {
                    ids.push(id.to_string());
                }
            }
        }
        ids.sort();
        Ok(ids)
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

/// Opens a regular file for reading, and nothing else: a named pipe, a socket or a device would
/// block or never end, and a symbolic link may point anywhere. On Unix the file is opened
/// without following a link and without blocking, then checked; elsewhere it is checked before
/// it is opened. Either way opening never blocks.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    open_regular_sized(path).map(|(file, _)| file)
}

/// [`open_regular`], with the file's size from the same check.
fn open_regular_sized(path: &Path) -> io::Result<(File, u64)> {
    let refused =
        |what: &str| io::Error::new(io::ErrorKind::InvalidInput, format!("{what}: not read"));
    const LINK: &str = "a symbolic link";
    const SPECIAL: &str = "not a regular file (a named pipe, socket or device)";
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let file = match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
        {
            Ok(file) => file,
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(refused(LINK)),
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => return Err(refused(SPECIAL)),
            Err(e) => return Err(e),
        };
        let meta = file.metadata()?;
        if meta.is_file() {
            Ok((file, meta.len()))
        } else {
            Err(refused(SPECIAL))
        }
    }
    #[cfg(not(unix))]
    {
        let meta = std::fs::symlink_metadata(path)?;
        let kind = meta.file_type();
        if kind.is_symlink() {
            Err(refused(LINK))
        } else if !kind.is_file() {
            Err(refused(SPECIAL))
        } else {
            File::open(path).map(|file| (file, meta.len()))
        }
    }
}

/// Reads a file, refusing one over [`MAX_FILE_BYTES`] (without reading more than that).
/// Reads and parses the session file at `path` as [`Store::load`] does (a regular file, within
/// the size limit, named after its id).
pub fn read_session_file(path: &Path) -> Result<Session, StoreError> {
    parse_session(path, &read_limited(path)?)
}

pub(crate) fn read_limited(path: &Path) -> Result<Vec<u8>, StoreError> {
    use std::io::Read;
    let (file, size) = open_regular_sized(path).map_err(|e| StoreError::io(path, e))?;
    // Room for the whole file and the byte that tells it ended, so one read takes it all.
    let size = size.min(MAX_FILE_BYTES);
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(StoreError::TooLarge {
            file: path.display().to_string(),
            size,
        });
    }
    Ok(bytes)
}

/// A file's identity and contents at one moment: size, modification time, inode and a hash of
/// the bytes. Two stamps differ when anything about the file changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
    hash: u64,
}

impl FileStamp {
    fn of(meta: &std::fs::Metadata, bytes: &[u8]) -> FileStamp {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
            hash: hasher.finish(),
        }
    }
}

#[derive(Deserialize)]
struct VersionProbe {
    schema_version: u32,
}

/// Parses a session file, refusing files from a newer schema and ones whose id is not their name.
pub fn parse_session(path: &Path, bytes: &[u8]) -> Result<Session, StoreError> {
    parse_session_named(path, bytes, true)
}

/// Parses a session from a file whose name need not be its id (git's merge gives temp files).
pub fn parse_session_anywhere(path: &Path, bytes: &[u8]) -> Result<Session, StoreError> {
    parse_session_named(path, bytes, false)
}

fn parse_session_named(path: &Path, bytes: &[u8], named: bool) -> Result<Session, StoreError> {
    let file = path.display().to_string();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let newer = |found| StoreError::Newer {
        file: file.clone(),
        found,
    };
    // Valid UTF-8 is checked once for the whole file rather than string by string (a session
    // holds hundreds of short strings); a file that is not reads as bytes, for the error's place.
    let parsed = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str::<Session>(text),
        Err(_) => serde_json::from_slice::<Session>(bytes),
    };
    match parsed {
        Ok(session) if session.schema_version > SCHEMA_VERSION => {
            Err(newer(session.schema_version))
        }
        Ok(session) => {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if session.id.chars().any(char::is_control) {
                Err(StoreError::Corrupt {
                    file,
                    line: 1,
                    column: 1,
                    reason: "its id holds a control character".into(),
                })
            } else if !named || session.id == stem {
                Ok(session)
            } else {
                Err(StoreError::Corrupt {
                    file,
                    line: 1,
                    column: 1,
                    reason: format!("its id `{}` does not match the file name", session.id),
                })
            }
        }
        Err(e) => match serde_json::from_slice::<VersionProbe>(bytes) {
            Ok(probe) if probe.schema_version > SCHEMA_VERSION => Err(newer(probe.schema_version)),
            _ => Err(StoreError::Corrupt {
                file,
                line: e.line(),
                column: e.column(),
                reason: json_message(&e),
            }),
        },
    }
}

/// Creates a folder readable by its owner only; leaves an existing one as it is.
pub(crate) fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    refuse_link(dir)?;
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir).map_err(|e| StoreError::io(dir, e))?;
        // The mode above is masked by the umask; set it exactly.
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| StoreError::io(dir, e))
    }
    #[cfg(not(unix))]
    builder.create(dir).map_err(|e| StoreError::io(dir, e))
}

/// journey's own folders are real folders: one that is a symbolic link (which a shared archive
/// can carry) is refused, never followed.
pub(crate) fn refuse_link(dir: &Path) -> Result<(), StoreError> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(StoreError::io(
            dir,
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "is a symbolic link (to {}): journey's folders are real folders, so it is not followed; \
                     remove the link (in a team archive, `journey sync` does so)",
                    fs::read_link(dir).map_or_else(|_| "?".into(), |t| t.display().to_string())
                ),
            ),
        )),
        _ => Ok(()),
    }
}

/// The steps of an atomic save, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    CreateTemp,
    WriteTemp,
    SyncTemp,
    Rename,
    SyncDir,
}

impl SaveStep {
    pub const ALL: [SaveStep; 5] = [
        SaveStep::CreateTemp,
        SaveStep::WriteTemp,
        SaveStep::SyncTemp,
        SaveStep::Rename,
        SaveStep::SyncDir,
    ];
}

/// The temp file name prefix for a target file: `.NAME.`; temp files end in `.tmp`.
pub(crate) fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    format!(".{name}.")
}

/// Write a temp file in `dir`, fsync it, rename it over `path` (or beside it, if `replace` is
/// false and `path` exists: `AlreadyExists`), then fsync `dir`. The file is 0600. On an error
/// before the rename, the temp file is removed and `path` is untouched.
pub(crate) fn write_atomic(
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    replace: bool,
    after: &mut dyn FnMut(SaveStep) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_with(dir, path, replace, &mut |out| out.write_all(bytes), after)
}

/// [`write_atomic`] of what `write` writes, streamed through a buffer into the temporary file.
pub(crate) fn write_atomic_with(
    dir: &Path,
    path: &Path,
    replace: bool,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    after: &mut dyn FnMut(SaveStep) -> io::Result<()>,
) -> io::Result<()> {
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    after(SaveStep::CreateTemp)?;
    {
        let mut out = io::BufWriter::with_capacity(1 << 16, temp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    after(SaveStep::WriteTemp)?;
    temp.as_file().sync_all()?;
    after(SaveStep::SyncTemp)?;
    if replace {
        temp.persist(path).map_err(|e| e.error)?;
    } else {
        temp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    after(SaveStep::Rename)?;
    sync_dir(dir)?;
    after(SaveStep::SyncDir)
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}
