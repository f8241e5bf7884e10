//! Every copy of one session that journey keeps in a data folder: the session file, its trash
//! copies, the copies rescued when a save failed, its lock file and its line in the summary
//! index. Exports are the user's own files (see `exports`): journey never touches them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::session::Store;

/// The files of one session in a data folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Copies {
    /// `sessions/ID.json`.
    pub session: Option<PathBuf>,
    /// `trash/ID.json` and `trash/ID~N.json`.
    pub trash: Vec<PathBuf>,
    /// `rescued/ID-YYYYMMDD-HHMMSS.json`.
    pub rescued: Vec<PathBuf>,
    /// `transcripts/ID.EXT`, `transcripts/ID.N.EXT` and their trash copies
    /// (`trash/transcripts/ID~N.EXT`).
    pub transcripts: Vec<PathBuf>,
}

impl Copies {
    /// The copies of `id` in the store's folders (names only: nothing is read).
    pub fn of(store: &Store, id: &str) -> Copies {
        let session = store.path(id);
        let is_there = fs::symlink_metadata(&session).is_ok();
        Copies {
            session: is_there.then_some(session),
            trash: files_in(&store.trash_dir(), |name| is_trash_name(name, id)),
            rescued: files_in(&store.data_dir().join("rescued"), |name| {
                is_rescued_name(name, id)
            }),
            transcripts: transcripts_of(store, id),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.all().next().is_none()
    }

    /// Every file, session first.
    pub fn all(&self) -> impl Iterator<Item = &PathBuf> {
        self.session
            .iter()
            .chain(&self.trash)
            .chain(&self.rescued)
            .chain(&self.transcripts)
    }

    /// Removes every file (a file already gone is not an error), then the session's lock file,
    /// its line in the summary index and its words in the search index. The caller holds the
    /// session's lock, or knows no interview has it open. Returns the files removed.
    pub fn remove(&self, store: &Store, id: &str) -> Result<Vec<PathBuf>> {
        let mut removed = Vec::new();
        for path in self.all() {
            match fs::remove_file(path) {
                Ok(()) => removed.push(path.clone()),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("erasing {}", path.display()));
                }
            }
        }
        let lock = store.data_dir().join("locks").join(format!("{id}.lock"));
        let _ = fs::remove_file(lock);
        store.forget_in_index(id);
        Ok(removed)
    }
}

/// The transcripts of `id`, kept and in the trash.
fn transcripts_of(store: &Store, id: &str) -> Vec<PathBuf> {
    let kept = store.transcripts_dir();
    let mut files: Vec<PathBuf> = crate::session::transcript_names(&kept, id)
        .into_iter()
        .map(|name| kept.join(name))
        .collect();
    let trashed = store.trashed_transcripts_dir();
    files.extend(
        names_in(&trashed)
            .into_iter()
            .filter(|name| is_trashed_transcript(name, id))
            .map(|name| trashed.join(name)),
    );
    files.sort();
    files.dedup();
    files
}

/// The ids found in the trash and in `rescued/` (to erase a session that is only there).
pub fn kept_ids(store: &Store) -> Vec<String> {
    let mut ids = Vec::new();
    for name in names_in(&store.trash_dir()) {
        if let Some(stem) = name.strip_suffix(".json") {
            ids.push(stem.split('~').next().unwrap_or(stem).to_string());
        }
    }
    for name in names_in(&store.data_dir().join("rescued")) {
        if let Some(stem) = name.strip_suffix(".json") {
            // ID-YYYYMMDD-HHMMSS
            if let Some(id) = stem.get(..stem.len().saturating_sub(16)) {
                if is_rescued_name(&name, id) {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

fn names_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect()
}

fn files_in(dir: &Path, wanted: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = names_in(dir)
        .into_iter()
        .filter(|name| wanted(name))
        .map(|name| dir.join(name))
        .collect();
    files.sort();
    files
}

/// A transcript of `ID` or of a trash copy `ID~N`.
fn is_trashed_transcript(name: &str, id: &str) -> bool {
    if crate::session::is_transcript_of(name, id) {
        return true;
    }
    let Some(rest) = name.strip_prefix(id).and_then(|r| r.strip_prefix('~')) else {
        return false;
    };
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    !n.is_empty() && crate::session::is_transcript_of(name, &format!("{id}~{n}"))
}

/// `ID.json` or `ID~N.json`.
fn is_trash_name(name: &str, id: &str) -> bool {
    let Some(rest) = name.strip_prefix(id) else {
        return false;
    };
    rest == ".json"
        || rest
            .strip_prefix('~')
            .and_then(|r| r.strip_suffix(".json"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `ID-YYYYMMDD-HHMMSS.json`, as `Store::rescue` names it.
fn is_rescued_name(name: &str, id: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix(id)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_suffix(".json"))
    else {
        return false;
    };
    let bytes = stamp.as_bytes();
    bytes.len() == 15
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 8 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trash_and_rescued_names_belong_to_their_id_only() {
        let id = "2026-11-25-acme-k3f9";
        assert!(is_trash_name("2026-11-25-acme-k3f9.json", id));
        assert!(is_trash_name("2026-11-25-acme-k3f9~12.json", id));
        assert!(!is_trash_name("2026-11-25-acme-k3f9x.json", id));
        assert!(!is_trash_name("2026-11-25-acme-k3f9~.json", id));
        assert!(is_rescued_name(
            "2026-11-25-acme-k3f9-20261203-101500.json",
            id
        ));
        assert!(!is_rescued_name(
            "2026-11-25-acme-k3f9-x-20261203-101500.json",
            id
        ));
        assert!(!is_rescued_name("2026-11-25-acme-k3f9.json", id));
    }

    #[test]
    fn every_copy_is_found_and_removed_and_others_are_left() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let id = "2026-11-25-acme-k3f9";
        let other = "2026-11-25-acme-k3f9x";
        for sub in ["trash", "rescued"] {
            fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        let files = [
            format!("sessions/{id}.json"),
            format!("trash/{id}.json"),
            format!("trash/{id}~2.json"),
            format!("rescued/{id}-20261203-101500.json"),
            format!("sessions/{other}.json"),
            format!("trash/{other}.json"),
            format!("rescued/{other}-20261203-101500.json"),
        ];
        for f in &files {
            fs::write(dir.path().join(f), "{}").expect("write");
        }
        assert_eq!(kept_ids(&store), vec![id.to_string(), other.to_string()]);
        let copies = Copies::of(&store, id);
        assert_eq!(copies.all().count(), 4);
        let removed = copies.remove(&store, id).expect("remove");
        assert_eq!(removed.len(), 4);
        for f in &files[..4] {
            assert!(!dir.path().join(f).exists(), "{f}");
        }
        for f in &files[4..] {
            assert!(dir.path().join(f).exists(), "{f}");
        }
        assert!(Copies::of(&store, id).is_empty());
    }
}
