//! One writer per session: an advisory lock on `<data>/locks/<id>.lock`, released by the
//! operating system when the process ends, however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::store::{create_private_dir, Store, StoreError};

/// The lock file of a session.
pub(crate) fn lock_path(store: &Store, id: &str) -> PathBuf {
    store.data_dir().join("locks").join(format!("{id}.lock"))
}

/// Held while a session is open for writing; dropping it releases the lock.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
    pub path: PathBuf,
}

impl Store {
    /// Takes the session's lock, or says who holds it. Leftover temp files from a writer that
    /// died mid-save are removed once the lock is ours.
    pub fn lock(&self, id: &str) -> Result<SessionLock, StoreError> {
        let dir = self.data_dir().join("locks");
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            return Err(StoreError::Io {
                file: dir.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "is a file, not the folder journey keeps its lock files in; move it away",
                ),
            });
        }
        create_private_dir(&dir)?;
        let path = lock_path(self, id);
        let io = |e| StoreError::Io {
            file: path.display().to_string(),
            source: e,
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(io)?;
        }
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                return Err(StoreError::Locked {
                    id: id.to_string(),
                    holder: holder.trim().to_string(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let me = format!("pid {}", std::process::id());
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(me.as_bytes()).map_err(io)?;
        self.remove_orphan_temps(id);
        Ok(SessionLock { _file: file, path })
    }

    /// Temp files of this session that no save is writing any more (we hold its lock).
    fn remove_orphan_temps(&self, id: &str) {
        let prefix = super::store::temp_prefix(&self.path(id));
        let Ok(entries) = std::fs::read_dir(self.sessions_dir()) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
