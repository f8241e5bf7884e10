//! Writing files atomically and durably: a temporary file, synced, renamed, the folder synced.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use super::StoreError;

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
