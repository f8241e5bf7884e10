//! Deleting without destroying: a deleted session moves to `<data>/trash/`, from where it can be
//! restored, until the trash is emptied.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::store::{create_private_dir, parse_session, Listing, Store, StoreError};

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// What the trash folder holds, as `journey trash` shows it.
#[derive(Debug, Default)]
pub struct TrashContents {
    pub sessions: Vec<(PathBuf, super::Session)>,
    /// Session files that cannot be read, with the reason.
    pub problems: Vec<StoreError>,
    /// Everything that is not a readable session: never deleted by emptying the trash.
    pub others: Vec<PathBuf>,
}

impl Store {
    pub fn trash_dir(&self) -> PathBuf {
        self.data_dir().join("trash")
    }

    /// Moves a session to the trash. Refused while the session is open in a journey.
    pub fn trash(&self, id: &str) -> Result<PathBuf, StoreError> {
        let _lock = self.lock(id)?;
        let from = self.path(id);
        match fs::symlink_metadata(&from) {
            Err(_) => return Err(StoreError::NotFound(id.to_string())),
            // Only a session journey can read moves: not a link, a pipe or a folder.
            Ok(m) if !m.file_type().is_file() => {
                return Err(StoreError::io(
                    &from,
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "not a regular file (a symbolic link, pipe or folder): left as it is",
                    ),
                ))
            }
            Ok(_) => {}
        }
        let dir = self.trash_dir();
        create_private_dir(&dir)?;
        let mut to = dir.join(format!("{id}.json"));
        let mut n = 2;
        while to.exists() {
            to = dir.join(format!("{id}~{n}.json"));
            n += 1;
        }
        let io_err = |e| StoreError::Io {
            file: from.display().to_string(),
            source: e,
        };
        fs::rename(&from, &to).map_err(io_err)?;
        sync_dir(&dir)
            .and_then(|()| sync_dir(self.sessions_dir()))
            .map_err(io_err)?;
        // Its transcripts go with it, named after the session file in the trash.
        self.trash_transcripts(id, &to)?;
        // The lock file is named after the session (and so the customer): it goes too, while we
        // hold it. A journey opening the id afterwards finds no session file.
        let _ = fs::remove_file(super::lock::lock_path(self, id));
        self.forget_in_index(id);
        // The researcher meant it: a team sync commits this deletion (and only such deletions).
        super::deletions::record(self.data_dir(), id).map_err(|e| StoreError::Io {
            file: self
                .data_dir()
                .join(".journey-deletions")
                .display()
                .to_string(),
            source: e,
        })?;
        Ok(to)
    }

    /// The sessions in the trash (as `Listing`, unreadable files reported).
    pub fn trashed(&self) -> Result<Listing, StoreError> {
        let contents = self.trash_contents();
        Ok(Listing {
            sessions: contents.sessions.into_iter().map(|(_, s)| s).collect(),
            problems: contents.problems,
        })
    }

    /// Everything in the trash folder: the sessions journey can restore (newest first), the
    /// session files it cannot read, and whatever else is there (left alone).
    pub fn trash_contents(&self) -> TrashContents {
        let mut contents = TrashContents::default();
        // A trash that is a link (a shared archive can carry one) is never read nor emptied: it
        // could point at the sessions themselves.
        if let Err(e) = super::store::refuse_link(&self.trash_dir()) {
            contents.problems.push(e);
            return contents;
        }
        let entries = fs::read_dir(self.trash_dir())
            .into_iter()
            .flatten()
            .flatten();
        for entry in entries {
            let path = entry.path();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && entry.file_name() == super::TRANSCRIPTS {
                // The trashed sessions' transcripts: they go and come back with them.
                continue;
            }
            if !is_file || path.extension().is_none_or(|e| e != "json") {
                contents.others.push(path);
                continue;
            }
            let result =
                super::store::read_limited(&path).and_then(|bytes| parse_trashed(&path, &bytes));
            match result {
                Ok(session) => contents.sessions.push((path, session)),
                Err(e) => {
                    contents.problems.push(e);
                    contents.others.push(path);
                }
            }
        }
        contents
            .sessions
            .sort_by_key(|(_, s)| std::cmp::Reverse(s.meta.started));
        contents.others.sort();
        contents
    }

    /// Deletes for good exactly the session files of `listed` (what the trash list showed and
    /// the user agreed to), and nothing else; a file gone meanwhile is not an error. Returns how
    /// many were deleted.
    pub fn empty_trash(&self, listed: &TrashContents) -> Result<usize, StoreError> {
        let dir = self.trash_dir();
        super::store::refuse_link(&dir)?;
        self.remove_stale_locks();
        let mut n = 0;
        for (path, _) in &listed.sessions {
            self.remove_trashed_transcripts(path)?;
            match fs::remove_file(path) {
                Ok(()) => n += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(StoreError::Io {
                        file: path.display().to_string(),
                        source: e,
                    })
                }
            }
        }
        if n > 0 {
            sync_dir(&dir).map_err(|e| StoreError::Io {
                file: dir.display().to_string(),
                source: e,
            })?;
        }
        Ok(n)
    }

    fn trash_files(&self) -> Vec<(PathBuf, String)> {
        let mut files: Vec<(PathBuf, String)> = fs::read_dir(self.trash_dir())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter_map(|p| {
                let stem = p.file_stem()?.to_str()?;
                let id = stem.split('~').next().unwrap_or(stem).to_string();
                Some((p, id))
            })
            .collect();
        files.sort();
        files
    }

    /// Moves a session back from the trash by id (or unique prefix); never over a session with
    /// the same id. Returns the id restored.
    pub fn restore(&self, id: &str) -> Result<String, StoreError> {
        let files = self.trash_files();
        let ids: Vec<String> = files.iter().map(|(_, i)| i.clone()).collect();
        let id = super::store::choose_id(&ids, id)?;
        let Some((path, id)) = files.iter().find(|(_, i)| *i == id) else {
            return Err(StoreError::NotFound(id));
        };
        self.restore_path(path, id)?;
        Ok(id.clone())
    }

    fn restore_path(&self, from: &Path, id: &str) -> Result<(), StoreError> {
        let to = self.path(id);
        let io_err = |e| StoreError::Io {
            file: from.display().to_string(),
            source: e,
        };
        // A hard link fails if the target exists: no session is ever replaced.
        match fs::hard_link(from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(StoreError::Exists(id.to_string()))
            }
            Err(e) => return Err(io_err(e)),
        }
        fs::remove_file(from).map_err(io_err)?;
        sync_dir(self.sessions_dir())
            .and_then(|()| sync_dir(&self.trash_dir()))
            .map_err(io_err)?;
        self.restore_transcripts(from, id)?;
        // Back: its deletion is no longer meant.
        let _ = super::deletions::forget(self.data_dir(), &[id.to_string()]);
        Ok(())
    }
}

impl Store {
    /// Removes lock files whose session is gone, unless someone holds them.
    fn remove_stale_locks(&self) {
        let Ok(ids) = self.ids() else {
            return;
        };
        let dir = self.data_dir().join("locks");
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if ids.iter().any(|i| i == id) {
                continue;
            }
            // Only a lock nobody holds is removed.
            if let Ok(file) = fs::OpenOptions::new().read(true).write(true).open(&path) {
                if file.try_lock().is_ok() {
                    let _ = fs::remove_file(&path);
                }
            }
        }
    }
}

/// A trashed file may be named `<id>~N.json`; its id is inside.
fn parse_trashed(path: &Path, bytes: &[u8]) -> Result<super::Session, StoreError> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let id = stem.split('~').next().unwrap_or(stem);
    let as_named = path.with_file_name(format!("{id}.json"));
    parse_session(&as_named, bytes).map_err(|e| match e {
        StoreError::Corrupt {
            line,
            column,
            reason,
            ..
        } => StoreError::Corrupt {
            file: path.display().to_string(),
            line,
            column,
            reason,
        },
        other => other,
    })
}
