//! Who is using journey in this data folder: the researcher's name, set once (`journey whoami
//! NAME`), else the interviewer name last entered here. Kept in a small settings file of the
//! folder, `.journey-settings.json`, which a team archive never shares (git ignores it and a
//! sync refuses it from the archive). Never the machine's or the repository's git identity.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// The settings file, in the data folder.
pub const SETTINGS_FILE: &str = ".journey-settings.json";

/// The most a settings file may hold; a larger one is not journey's.
const MAX_BYTES: u64 = 64 * 1024;

/// The longest name kept, in characters.
const MAX_NAME: usize = 200;

/// This folder's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The researcher's name, as they set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub researcher: Option<String>,
    /// The researcher's e-mail for commits, if they gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The interviewer name last entered for a new interview here: the default researcher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_interviewer: Option<String>,
}

/// Who is using journey, and where the name comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
    /// The name was set with `journey whoami` (else it is the last interviewer entered).
    pub chosen: bool,
}

pub fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SETTINGS_FILE)
}

/// The settings; none yet is the default. A file journey cannot read is an error naming it.
pub fn load(data_dir: &Path) -> Result<Settings> {
    let path = settings_path(data_dir);
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let mut bytes = Vec::new();
    use std::io::Read;
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", path.display()))?;
    if bytes.len() as u64 > MAX_BYTES {
        bail!(
            "{}: over {MAX_BYTES} bytes, not a journey settings file; the file was left as it is",
            path.display()
        );
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: {e}; the file was left as it is (fix it, or set your name again with `journey whoami NAME` after moving it away)",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Writes the settings whole (atomically).
pub fn save(data_dir: &Path, settings: &Settings) -> Result<()> {
    let path = settings_path(data_dir);
    let mut bytes = serde_json::to_vec_pretty(settings)?;
    bytes.push(b'\n');
    crate::files::write_atomic(data_dir, &path, &bytes, true, &mut |_| Ok(()))
        .with_context(|| format!("writing {}", path.display()))
}

/// A name as journey keeps it: one line, no control characters, trimmed, at most 200
/// characters; `None` when nothing is left.
pub fn clean_name(name: &str) -> Option<String> {
    let one_line: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = one_line.split_whitespace().collect();
    let name: String = words.join(" ").chars().take(MAX_NAME).collect();
    let name = name.trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// Sets the researcher's name (and e-mail, when given).
pub fn set_researcher(data_dir: &Path, name: &str, email: Option<&str>) -> Result<Identity> {
    let Some(name) = clean_name(name) else {
        bail!("a researcher's name needs a letter or a digit");
    };
    let mut settings = load(data_dir)?;
    settings.researcher = Some(name);
    if let Some(email) = email {
        settings.email =
            clean_name(email).filter(|e| e.contains('@') && !e.contains(['<', '>', ' ']));
        if settings.email.is_none() {
            bail!("`{}` is not an e-mail address", crate::text::line(email));
        }
    }
    save(data_dir, &settings)?;
    identity_of(&settings).context("the name was not kept")
}

/// Remembers the interviewer name entered for a new interview, the default researcher. A
/// settings file journey cannot read is left as it is.
pub fn remember_interviewer(data_dir: &Path, interviewer: &str) -> Result<()> {
    let Some(name) = clean_name(interviewer) else {
        return Ok(());
    };
    let mut settings = load(data_dir)?;
    if settings.last_interviewer.as_deref() == Some(name.as_str()) {
        return Ok(());
    }
    settings.last_interviewer = Some(name);
    save(data_dir, &settings)
}

/// Who is using journey here, if anyone said so.
pub fn researcher(data_dir: &Path) -> Result<Option<Identity>> {
    Ok(identity_of(&load(data_dir)?))
}

/// The name of who is using journey here, for what they record (codes, placements, versions
/// kept); none when nobody said, or when the settings cannot be read.
pub fn researcher_name(data_dir: &Path) -> Option<String> {
    researcher(data_dir).ok().flatten().map(|who| who.name)
}

fn identity_of(settings: &Settings) -> Option<Identity> {
    let chosen = settings.researcher.as_deref().and_then(clean_name);
    let (name, is_chosen) = match chosen {
        Some(name) => (name, true),
        None => (
            settings.last_interviewer.as_deref().and_then(clean_name)?,
            false,
        ),
    };
    let email = settings
        .email
        .clone()
        .filter(|_| is_chosen)
        .unwrap_or_else(|| neutral_email(&name));
    Some(Identity {
        name,
        email,
        chosen: is_chosen,
    })
}

/// A neutral address for a name, in a domain that never delivers: `alex.analyst@journey.invalid`.
pub fn neutral_email(name: &str) -> String {
    let mut local = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            local.push(c);
        } else if !local.is_empty() && !local.ends_with('.') {
            local.push('.');
        }
    }
    let local = local.trim_end_matches('.');
    let local = if local.is_empty() {
        "researcher"
    } else {
        local
    };
    format!("{local}@journey.invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_set_wins_over_the_last_interviewer_and_both_survive_a_reload() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(researcher(dir.path()).expect("none"), None);
        remember_interviewer(dir.path(), "Sam Researcher").expect("remember");
        let who = researcher(dir.path()).expect("read").expect("someone");
        assert_eq!(who.name, "Sam Researcher");
        assert_eq!(who.email, "sam.researcher@journey.invalid");
        assert!(!who.chosen);
        set_researcher(dir.path(), "  Alex\nAnalyst ", None).expect("set");
        remember_interviewer(dir.path(), "Sam Researcher").expect("remember");
        let who = researcher(dir.path()).expect("read").expect("someone");
        assert_eq!((who.name.as_str(), who.chosen), ("Alex Analyst", true));
        set_researcher(dir.path(), "Alex Analyst", Some("alex@example.org")).expect("set");
        let who = researcher(dir.path()).expect("read").expect("someone");
        assert_eq!(who.email, "alex@example.org");
        assert!(set_researcher(dir.path(), "Alex", Some("not an address")).is_err());
        assert!(set_researcher(dir.path(), " \n ", None).is_err());
    }

    #[test]
    fn a_settings_file_journey_cannot_read_is_named_and_left_as_it_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = settings_path(dir.path());
        std::fs::write(&path, "{\"researcher\": 3}").expect("write");
        let err = researcher(dir.path()).expect_err("refused").to_string();
        assert!(err.contains(SETTINGS_FILE) && err.contains(":1:"), "{err}");
        assert!(remember_interviewer(dir.path(), "Sam").is_err());
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "{\"researcher\": 3}"
        );
    }

    #[test]
    fn a_neutral_email_is_made_of_the_name() {
        assert_eq!(neutral_email("Zoë Ng"), "zo.ng@journey.invalid");
        assert_eq!(neutral_email("<>"), "researcher@journey.invalid");
    }
}
