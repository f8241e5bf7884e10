//! Deletions as the researcher's intent. A session file journey moved to the trash is recorded
//! here, so a team sync commits its deletion; a file that is missing without such a record (a
//! join or a checkout that was interrupted, a file lost by hand) is never a deletion: the sync
//! brings it back from the archive.
//!
//! The record is `<data>/.journey-deletions`, one id a line, local to this folder (the archive's
//! ignore rules keep `.journey-*` out of it).

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const FILE: &str = ".journey-deletions";

fn file(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

/// Records that the researcher deleted `id` here, when the folder is a team archive (elsewhere
/// there is nothing to commit, and no record keeps the id once the trash is emptied).
pub fn record(data_dir: &Path, id: &str) -> io::Result<()> {
    if !data_dir.join(".git").exists() {
        return Ok(());
    }
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(file(data_dir))?;
    // One write of one short line: appended whole.
    f.write_all(format!("{id}\n").as_bytes())?;
    f.sync_all()
}

/// The ids deleted here and not yet committed.
pub fn recorded(data_dir: &Path) -> BTreeSet<String> {
    fs::read_to_string(file(data_dir))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Forgets `ids` (their deletion is committed, or the session is back).
pub fn forget(data_dir: &Path, ids: &[String]) -> io::Result<()> {
    let before = recorded(data_dir);
    let after: Vec<&String> = before.iter().filter(|id| !ids.contains(id)).collect();
    if after.len() == before.len() {
        return Ok(());
    }
    if after.is_empty() {
        return match fs::remove_file(file(data_dir)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let text: String = after.iter().map(|id| format!("{id}\n")).collect();
    crate::files::write_atomic(
        data_dir,
        &file(data_dir),
        text.as_bytes(),
        true,
        &mut |_| Ok(()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_deletion_is_kept_until_forgotten() {
        let dir = tempfile::tempdir().expect("tempdir");
        record(dir.path(), "outside").expect("record");
        assert!(
            recorded(dir.path()).is_empty(),
            "no record outside an archive"
        );
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        record(dir.path(), "a").expect("record");
        record(dir.path(), "b").expect("record");
        record(dir.path(), "a").expect("record");
        assert_eq!(
            recorded(dir.path()).into_iter().collect::<Vec<_>>(),
            ["a", "b"]
        );
        forget(dir.path(), &["a".to_string()]).expect("forget");
        assert_eq!(recorded(dir.path()).into_iter().collect::<Vec<_>>(), ["b"]);
        forget(dir.path(), &["b".to_string()]).expect("forget");
        assert!(!file(dir.path()).exists());
    }
}
