//! Writing an export: atomically (temp file, fsync, rename, fsync folder), private, never over
//! a file unless forced and never over anything but a regular file.

use std::path::{Path, PathBuf};

use super::ExportError;

/// Writes atomically (temp file, fsync, rename, fsync folder), 0600, never over an existing file
/// unless `force`; a missing folder is made (0700).
pub fn write(path: &Path, contents: &str, force: bool) -> Result<(), ExportError> {
    write_with(path, force, |out| {
        out.write_all(contents.as_bytes())
            .map_err(ExportError::from)
    })
}

/// Writes `contents` into `dir` under `name`, or under `stem-2.ext`, `stem-3.ext`, … when that
/// name is taken: never over another file. Returns the path written.
pub fn write_new(dir: &Path, name: &str, contents: &str) -> Result<PathBuf, ExportError> {
    write_new_bytes(dir, name, contents.as_bytes())
}

/// [`write_new`] of bytes (a `.qdpx` zip).
pub fn write_new_bytes(dir: &Path, name: &str, contents: &[u8]) -> Result<PathBuf, ExportError> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1.. {
        let file = if n == 1 {
            name.to_string()
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(file);
        let written = write_with(&path, false, |out| {
            out.write_all(contents).map_err(ExportError::from)
        });
        match written {
            Ok(()) => return Ok(path),
            // Taken, by a file or by anything else (a link, a pipe): the next name.
            Err(ExportError::Exists(_) | ExportError::NotRegular(..)) => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("some name is free")
}

/// How journey's export temp files begin (then the export's name, random letters, `.tmp`).
const TEMP_PREFIX: &str = ".journey-";

/// Removes the temp files of exports into `dir` that died before they finished (a `kill -9`):
/// they hold customer data. A temp file another export is still writing is locked, and kept.
fn sweep_dead_temps(dir: &Path) {
    let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp");
        if !ours || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether a regular file is at `path` (not following a link); an error for anything else there
/// (a link, a folder, a FIFO, a device, a socket), which `--force` never replaces: as root,
/// `-o /dev/null --force` would otherwise replace the device with a file.
fn existing_file(path: &Path) -> Result<bool, ExportError> {
    let kind = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(ExportError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let what = if kind.is_file() {
        return Ok(true);
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a folder"
    } else {
        special_kind(kind)
    };
    Err(ExportError::NotRegular(path.to_path_buf(), what))
}

#[cfg(unix)]
fn special_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: std::fs::FileType) -> &'static str {
    "a special file"
}

/// Like [`write`], with the contents streamed by `fill` into the temp file.
pub fn write_with<T>(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut dyn std::io::Write) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if existing_file(path)? && !force {
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // `-o summaries/` may name a folder that does not exist yet: make it, private.
    crate::session::create_private_dir(&dir)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("export");
    sweep_dead_temps(&dir);
    let temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    // Held while the export is written: a temp file nobody holds is a dead export's.
    let _ = temp.as_file().try_lock();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    let mut out = std::io::BufWriter::new(temp);
    let value = fill(&mut out)?;
    let temp = out.into_inner().map_err(|e| io(e.into_error()))?;
    persist(temp, path, &dir, force)?;
    Ok(value)
}

/// Puts the written temp file in place of `path` (over a regular file only when `force`), with
/// the file and its folder synced: the export is whole on disk or not there at all.
fn persist(
    temp: tempfile::NamedTempFile,
    path: &Path,
    dir: &Path,
    force: bool,
) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    temp.as_file().sync_all().map_err(io)?;
    // Looked at again just before: a link, a pipe or a device put there meanwhile is not replaced.
    existing_file(path)?;
    let persisted = if force {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            ExportError::Exists(path.to_path_buf())
        } else {
            io(e.error)
        }
    })?;
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io)?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
