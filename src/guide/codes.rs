//! Codes added during a study: one file per code in `<data>/codes/<id>.json`, beside the guide's
//! codebook (one file each, so two researchers adding codes never touch the same file in a
//! team sync).

use std::path::{Path, PathBuf};

use super::{Code, Guide};

#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("{file}: {message}")]
    Bad { file: String, message: String },
    #[error("code `{0}` already exists")]
    Exists(String),
    #[error("{0}")]
    Invalid(String),
}

/// The folder of a study's added codes.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("codes")
}

/// Reads the added codes, in id order; a file that is not a code is named in the error.
pub fn read(data_dir: &Path) -> Result<Vec<Code>, CodeError> {
    let Ok(entries) = std::fs::read_dir(folder(data_dir)) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| CodeError::Bad {
                file: file.clone(),
                message: e.to_string(),
            })?;
            serde_json::from_str::<Code>(&text).map_err(|e| CodeError::Bad {
                file,
                message: format!("not a code: {e}"),
            })
        })
        .collect()
}

/// The guide with the study's added codes after its own; an added code with a guide code's id
/// is an error that names its file.
pub fn extend(guide: &mut Guide, data_dir: &Path) -> Result<(), CodeError> {
    for code in read(data_dir)? {
        if guide.codes.iter().any(|c| c.id == code.id) {
            return Err(CodeError::Bad {
                file: folder(data_dir)
                    .join(format!("{}.json", code.id))
                    .display()
                    .to_string(),
                message: format!("code `{}` is already in the guide's codebook", code.id),
            });
        }
        guide.codes.push(code);
    }
    Ok(())
}

/// Adds a code to the study, after checking it like the guide's own.
pub fn add(guide: &Guide, data_dir: &Path, code: Code) -> Result<PathBuf, CodeError> {
    let valid_id = !code.id.is_empty()
        && code
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid_id {
        return Err(CodeError::Invalid(format!(
            "`{}`: ids use letters, digits, `-`, `_` and `.` only",
            code.id
        )));
    }
    if code.name.trim().is_empty() {
        return Err(CodeError::Invalid("a code needs a name".into()));
    }
    if !code.colour.is_empty() && !Code::is_colour(&code.colour) {
        return Err(CodeError::Invalid(format!(
            "colour `{}`: write it as #RRGGBB",
            code.colour
        )));
    }
    if guide.codes.iter().any(|c| c.id == code.id) {
        return Err(CodeError::Exists(code.id));
    }
    let dir = folder(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| CodeError::Invalid(e.to_string()))?;
    let path = dir.join(format!("{}.json", code.id));
    let mut bytes =
        serde_json::to_vec_pretty(&code).map_err(|e| CodeError::Invalid(e.to_string()))?;
    bytes.push(b'\n');
    crate::session::write_atomic(&dir, &path, &bytes, false, &mut |_| Ok(())).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CodeError::Exists(code.id.clone())
        } else {
            CodeError::Invalid(format!("{}: {e}", path.display()))
        }
    })?;
    Ok(path)
}
