//! Codes added during a study: one file per code in `<data>/codes/<id>.json`, beside the guide's
//! codebook (one file each, so two researchers adding codes never touch the same file in a
//! team sync). A code file arrives from the team archive like a session file: one that is not
//! a code (conflict markers, invalid JSON, a named pipe, a link, a huge file, an id the guide
//! has, a name that is not its id) is skipped with a line saying why, never blocking anything.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Code, Guide};

/// The most a code file may hold: a code is a few lines, so a larger file is no code and is
/// not read further.
pub const MAX_CODE_BYTES: u64 = 256 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("{file}: {message}")]
    Bad { file: String, message: String },
    #[error("code `{0}` already exists")]
    Exists(String),
    #[error("{0}")]
    Invalid(String),
}

pub use super::framework::{CodeConflict, ConflictValue};

/// The added codes that could be read, in id order, and a line for every file skipped.
#[derive(Debug, Default)]
pub struct AddedCodes {
    pub codes: Vec<Code>,
    /// `<file>: skipped: <why>`, one per file.
    pub skipped: Vec<String>,
}

/// The folder of a study's added codes.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("codes")
}

fn skipped(path: &Path, why: &str) -> String {
    format!("{}: skipped: {why}", path.display())
}

/// Reads the added codes; every file that is not a code is skipped and named with the reason.
pub fn read(data_dir: &Path) -> AddedCodes {
    let mut out = AddedCodes::default();
    let dir = folder(data_dir);
    match std::fs::symlink_metadata(&dir) {
        Err(_) => return out,
        Ok(meta) if meta.file_type().is_symlink() => {
            out.skipped
                .push(skipped(&dir, "a symbolic link, not followed"));
            return out;
        }
        Ok(meta) if !meta.is_dir() => {
            out.skipped.push(skipped(&dir, "not a folder"));
            return out;
        }
        Ok(_) => {}
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.skipped.push(skipped(&dir, &e.to_string()));
            return out;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        match read_file(&path) {
            Ok(code) => out.codes.push(code),
            Err(why) => out.skipped.push(skipped(&path, &why)),
        }
    }
    out
}

/// One code file, checked: a regular file (never a link, a pipe or a device), at most
/// [`MAX_CODE_BYTES`], a valid code whose id is the file's name.
pub fn read_file(path: &Path) -> Result<Code, String> {
    let code = parse(&read_bytes(path)?)?;
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if stem.as_deref() != Some(code.id.as_str()) {
        return Err(format!("its id `{}` is not its file name", code.id));
    }
    Ok(code)
}

/// A file's bytes, opened as a session file is (no link followed, no blocking, regular files
/// only) and refused past [`MAX_CODE_BYTES`] without reading more.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let file = crate::files::open_regular(path).map_err(|e| e.to_string())?;
    let too_large =
        |size: u64| format!("{size} bytes, over the {MAX_CODE_BYTES} a code file may hold");
    match file.metadata() {
        Ok(meta) if meta.len() > MAX_CODE_BYTES => return Err(too_large(meta.len())),
        _ => {}
    }
    let mut bytes = Vec::new();
    file.take(MAX_CODE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    // Grown since it was opened: no more than the limit was read.
    if bytes.len() as u64 > MAX_CODE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A code from a file's bytes, checked like a code added with [`add`].
pub fn parse(bytes: &[u8]) -> Result<Code, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes
        .split(|b| *b == b'\n')
        .any(|line| line.starts_with(b"<<<<<<<") || line.starts_with(b">>>>>>>"))
    {
        return Err("git conflict markers from an unfinished merge".into());
    }
    let code: Code = serde_json::from_slice(bytes).map_err(|e| format!("not a code: {e}"))?;
    check(&code)?;
    Ok(code)
}

/// What every code needs: an id of letters, digits, `-`, `_` and `.`, a name, a colour written
/// `#RRGGBB` or none.
fn check(code: &Code) -> Result<(), String> {
    let valid_id = !code.id.is_empty()
        && code
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid_id {
        return Err(format!(
            "`{}`: ids use letters, digits, `-`, `_` and `.` only",
            code.id
        ));
    }
    if code.name.trim().is_empty() {
        return Err(format!("code `{}` has no name", code.id));
    }
    if !code.colour.is_empty() && !Code::is_colour(&code.colour) {
        return Err(format!("colour `{}`: write it as #RRGGBB", code.colour));
    }
    Ok(())
}

/// The guide with the study's added codes after its own; returns a line for every code file
/// skipped (an added code with a guide code's id among them).
pub fn extend(guide: &mut Guide, data_dir: &Path) -> Vec<String> {
    let AddedCodes { codes, mut skipped } = read(data_dir);
    for code in codes {
        if guide.codes.iter().any(|c| c.id == code.id) {
            let file = folder(data_dir).join(format!("{}.json", code.id));
            skipped.push(self::skipped(
                &file,
                &format!("code `{}` is already in the guide's codebook", code.id),
            ));
        } else {
            guide.codes.push(code);
        }
    }
    skipped
}

/// The codes folder, made if needed; a link there is refused (codes are written only inside
/// the data folder).
fn writable_folder(data_dir: &Path) -> Result<PathBuf, CodeError> {
    let dir = folder(data_dir);
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(CodeError::Invalid(format!(
            "{}: a symbolic link; codes are written only in a real folder",
            dir.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| CodeError::Invalid(e.to_string()))?;
    Ok(dir)
}

fn write(dir: &Path, code: &Code, replace: bool) -> Result<PathBuf, CodeError> {
    let path = dir.join(format!("{}.json", code.id));
    let mut bytes =
        serde_json::to_vec_pretty(code).map_err(|e| CodeError::Invalid(e.to_string()))?;
    bytes.push(b'\n');
    crate::files::write_atomic(dir, &path, &bytes, replace, &mut |_| Ok(())).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CodeError::Exists(code.id.clone())
        } else {
            CodeError::Invalid(format!("{}: {e}", path.display()))
        }
    })?;
    Ok(path)
}

/// Adds a code to the study, after checking it like the guide's own.
pub fn add(guide: &Guide, data_dir: &Path, code: Code) -> Result<PathBuf, CodeError> {
    check(&code).map_err(CodeError::Invalid)?;
    if guide.codes.iter().any(|c| c.id == code.id) {
        return Err(CodeError::Exists(code.id));
    }
    write(&writable_folder(data_dir)?, &code, false)
}

/// New values for a code's fields; `None` keeps the value the code holds.
#[derive(Debug, Default, Clone)]
pub struct Resolution {
    pub name: Option<String>,
    pub description: Option<String>,
    pub colour: Option<String>,
}

/// Resolves the conflicts recorded in an added code: sets the values given, keeps the others
/// as the code holds them, and clears the record. Returns the file written.
pub fn resolve(data_dir: &Path, id: &str, change: Resolution) -> Result<PathBuf, CodeError> {
    let dir = writable_folder(data_dir)?;
    let path = dir.join(format!("{id}.json"));
    let bad = |message: String| CodeError::Bad {
        file: path.display().to_string(),
        message,
    };
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(CodeError::Invalid(format!(
            "no added code `{id}` ({} does not exist)",
            path.display()
        )));
    }
    let mut code = read_file(&path).map_err(|why| {
        bad(format!(
            "{why}; fix the file by hand, or remove it and add the code again"
        ))
    })?;
    if let Some(name) = change.name {
        code.name = name;
    }
    if let Some(description) = change.description {
        code.description = description;
    }
    if let Some(colour) = change.colour {
        code.colour = colour;
    }
    code.conflicts.clear();
    check(&code).map_err(CodeError::Invalid)?;
    write(&dir, &code, true)
}

#[cfg(test)]
mod tests;
