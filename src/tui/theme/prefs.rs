//! The theme chosen in journey, remembered for the next start: `config.json` in the platform's
//! config folder (`~/.config/journey` on Linux), or in `JOURNEY_CONFIG_DIR` when set (tests set
//! it; nothing is ever written to a home folder without a choice made in journey).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::Choice;

/// The environment variable naming the config folder.
pub const CONFIG_DIR_ENV: &str = "JOURNEY_CONFIG_DIR";

const CONFIG_FILE: &str = "config.json";

/// The most a config file may hold; a larger one is not journey's.
const MAX_BYTES: u64 = 16 * 1024;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    theme: Option<String>,
}

/// The config folder: `JOURNEY_CONFIG_DIR`, else the platform's; `None` without a home.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            directories::ProjectDirs::from("", "", "journey").map(|p| p.config_dir().to_path_buf())
        }
    }
}

/// The theme remembered in `dir`; `Ok(None)` when none was chosen yet. A file journey cannot
/// read is an error naming it (and the choice falls back to `auto`).
pub fn load(dir: &Path) -> Result<Option<Choice>> {
    let path = dir.join(CONFIG_FILE);
    let bytes = match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        Ok(m) if m.len() > MAX_BYTES => anyhow::bail!(
            "{}: over {MAX_BYTES} bytes, not a journey config file",
            path.display()
        ),
        Ok(_) => std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
    };
    let config: Config = serde_json::from_slice(&bytes)
        .map_err(|e| anyhow::anyhow!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
    match config.theme.as_deref() {
        None => Ok(None),
        Some(name) => Choice::from_name(name).map(Some).with_context(|| {
            format!(
                "{}: field `theme`: `{name}` is not a theme (auto, dark, light or high-contrast)",
                path.display()
            )
        }),
    }
}

/// Remembers `choice` in `dir` (made if missing), written whole.
pub fn save(dir: &Path, choice: Choice) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("making {}", dir.display()))?;
    let path = dir.join(CONFIG_FILE);
    let config = Config {
        theme: Some(choice.name().to_string()),
    };
    let mut bytes = serde_json::to_vec_pretty(&config)?;
    bytes.push(b'\n');
    crate::files::write_atomic(dir, &path, &bytes, true, &mut |_| Ok(()))
        .with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_remembered_and_a_bad_file_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(dir.path()).expect("none yet"), None);
        save(dir.path(), Choice::HighContrast).expect("save");
        assert_eq!(load(dir.path()).expect("load"), Some(Choice::HighContrast));
        std::fs::write(dir.path().join(CONFIG_FILE), "{\"theme\": \"neon\"}").expect("write");
        let e = load(dir.path()).expect_err("not a theme").to_string();
        assert!(e.contains("config.json") && e.contains("neon"), "{e}");
        std::fs::write(dir.path().join(CONFIG_FILE), "{\"theme\": ").expect("write");
        let e = load(dir.path()).expect_err("not JSON").to_string();
        assert!(e.contains("config.json:1:"), "{e}");
    }
}
