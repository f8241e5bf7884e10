//! Writing files atomically and durably: a temporary file, synced, renamed, the folder synced.

use std::fs;
use std::io;
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
