//! Reading session files safely: only regular files, never past a size, located errors.

use std::path::Path;

use serde::Deserialize;

use super::StoreError;
use crate::files::{open_regular_sized, MAX_FILE_BYTES};
use crate::guide::json_message;
use crate::session::{Session, SCHEMA_VERSION};

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
    pub(super) fn of(meta: &std::fs::Metadata, bytes: &[u8]) -> FileStamp {
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
