//! The transcript files of a session travel with it: into the trash, back out, and away when
//! the trash is emptied. A session `ID`'s transcripts are `transcripts/ID.vtt` (or `.srt`,
//! `.txt`, and `ID.2.vtt` for a second); in the trash they follow the session file's name
//! (`trash/transcripts/ID~2.vtt` beside `trash/ID~2.json`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::store::{create_private_dir, Store, StoreError};

/// The folder transcripts are kept in, and its counterpart in the trash.
pub const TRANSCRIPTS: &str = "transcripts";

impl Store {
    /// `<data>/transcripts/`.
    pub fn transcripts_dir(&self) -> PathBuf {
        self.data_dir().join(TRANSCRIPTS)
    }

    /// `<data>/trash/transcripts/`.
    pub fn trashed_transcripts_dir(&self) -> PathBuf {
        self.trash_dir().join(TRANSCRIPTS)
    }

    /// Moves the transcripts of `id` beside its session file, now at `trashed` in the trash.
    pub(super) fn trash_transcripts(&self, id: &str, trashed: &Path) -> Result<(), StoreError> {
        let names = names_of(&self.transcripts_dir(), id);
        if names.is_empty() {
            return Ok(());
        }
        let to = self.trashed_transcripts_dir();
        create_private_dir(&to)?;
        move_all(&self.transcripts_dir(), &names, id, &to, stem(trashed))
    }

    /// Moves the transcripts of the trashed session file `from` back, as `id`'s.
    pub(super) fn restore_transcripts(&self, from: &Path, id: &str) -> Result<(), StoreError> {
        let dir = self.trashed_transcripts_dir();
        let names = names_of(&dir, stem(from));
        if names.is_empty() {
            return Ok(());
        }
        create_private_dir(&self.transcripts_dir())?;
        move_all(&dir, &names, stem(from), &self.transcripts_dir(), id)
    }

    /// Deletes the transcripts of the trashed session file `path`.
    pub(super) fn remove_trashed_transcripts(&self, path: &Path) -> Result<(), StoreError> {
        let dir = self.trashed_transcripts_dir();
        for name in names_of(&dir, stem(path)) {
            let file = dir.join(&name);
            match fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io(&file, e)),
            }
        }
        Ok(())
    }
}

fn stem(path: &Path) -> &str {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
}

/// The names in `dir` that are transcripts of `stem`: `STEM.EXT` or `STEM.N.EXT`.
pub fn names_of(dir: &Path, stem: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| is_transcript_of(name, stem))
        .collect();
    names.sort();
    names
}

/// Whether `name` is `STEM.EXT` or `STEM.N.EXT` (letters and digits).
pub fn is_transcript_of(name: &str, stem: &str) -> bool {
    let Some(rest) = name.strip_prefix(stem).and_then(|r| r.strip_prefix('.')) else {
        return false;
    };
    let word = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
    match rest.split_once('.') {
        None => word(rest),
        Some((n, ext)) => !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && word(ext),
    }
}

/// Moves each of `names` (named after `from_stem`) from `from` to `to`, renamed after
/// `to_stem`; never over a file that is there (that one stays where it was).
fn move_all(
    from: &Path,
    names: &[String],
    from_stem: &str,
    to: &Path,
    to_stem: &str,
) -> Result<(), StoreError> {
    for name in names {
        let source = from.join(name);
        let target = to.join(format!("{to_stem}{}", &name[from_stem.len()..]));
        match fs::hard_link(&source, &target) {
            Ok(()) => fs::remove_file(&source).map_err(|e| StoreError::io(&source, e))?,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(StoreError::io(&source, e)),
        }
    }
    for dir in [from, to] {
        if let Ok(f) = fs::File::open(dir) {
            f.sync_all().map_err(|e| StoreError::io(dir, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_names_belong_to_their_session_only() {
        let id = "2026-11-25-acme-k3f9";
        assert!(is_transcript_of("2026-11-25-acme-k3f9.vtt", id));
        assert!(is_transcript_of("2026-11-25-acme-k3f9.2.srt", id));
        assert!(!is_transcript_of("2026-11-25-acme-k3f9x.vtt", id));
        assert!(!is_transcript_of("2026-11-25-acme-k3f9~2.vtt", id));
        assert!(!is_transcript_of("2026-11-25-acme-k3f9.vtt.tmp.x", id));
        assert!(!is_transcript_of("2026-11-25-acme-k3f9.", id));
        assert!(is_transcript_of(
            "2026-11-25-acme-k3f9~2.vtt",
            &format!("{id}~2")
        ));
    }
}
