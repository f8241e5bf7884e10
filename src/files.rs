//! Files journey reads and writes whole: only regular files, never past a size, and written
//! atomically and durably (a temporary file, synced, renamed, the folder synced). A leaf: the
//! guide, the sessions and the archive all read and write through it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Session files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// A file's modification time in nanoseconds since 1970, for stamps that say whether a file
/// changed (-1 when the system gives none).
pub(crate) fn modified_ns(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(-1, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// Opens a regular file for reading, and nothing else: a named pipe, a socket or a device would
/// block or never end, a symbolic link may point anywhere, and a folder is said to be one. On Unix the file is opened
/// without following a link and without blocking, then checked; elsewhere it is checked before
/// it is opened. Either way opening never blocks.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    open_regular_sized(path).map(|(file, _)| file)
}

/// [`open_regular`], with the file's size from the same check.
pub(crate) fn open_regular_sized(path: &Path) -> io::Result<(File, u64)> {
    let refused =
        |what: &str| io::Error::new(io::ErrorKind::InvalidInput, format!("{what}: not read"));
    const LINK: &str = "a symbolic link";
    const SPECIAL: &str = "not a regular file (a named pipe, socket or device)";
    let folder = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a folder, not a file: name a file in it",
        )
    };
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
        } else if meta.is_dir() {
            Err(folder())
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
        } else if kind.is_dir() {
            Err(folder())
        } else if !kind.is_file() {
            Err(refused(SPECIAL))
        } else {
            File::open(path).map(|file| (file, meta.len()))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_refused_as_a_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = open_regular(dir.path()).expect_err("a folder");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(
            err.to_string(),
            "is a folder, not a file: name a file in it"
        );
        let file = dir.path().join("a.txt");
        fs::write(&file, "text").expect("write");
        assert_eq!(open_regular_sized(&file).expect("a file").1, 4);
    }
}
