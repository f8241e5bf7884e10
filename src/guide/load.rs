//! Reading a guide from the built-in copy or a file, with errors that say where.

use std::fmt;
use std::path::Path;

use super::{check, Fault, Guide};

/// The name the built-in guide goes by in messages.
pub const BUILTIN_NAME: &str = "<built-in>/virtualization-journey.json";
const BUILTIN: &str = include_str!("../../content/virtualization-journey.json");

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    /// The file is not valid JSON, or does not have the guide's shape.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {} fault{} found:\n{}", faults.len(), if faults.len() == 1 { "" } else { "s" }, FaultList(faults))]
    Invalid { file: String, faults: Vec<Fault> },
}

struct FaultList<'a>(&'a [Fault]);

impl fmt::Display for FaultList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, fault) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {fault}")?;
        }
        Ok(())
    }
}

/// The guide compiled into the binary, checked.
pub fn builtin() -> Result<Guide, LoadError> {
    parse_checked(BUILTIN_NAME, BUILTIN)
}

/// Reads, parses and checks a guide file.
pub fn load_file(path: &Path) -> Result<Guide, LoadError> {
    let file = path.display().to_string();
    let io = |source| LoadError::Io {
        file: file.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > crate::files::MAX_FILE_BYTES {
        return Err(io(std::io::Error::other(format!(
            "{size} bytes is too large for a guide (the limit is {})",
            crate::files::MAX_FILE_BYTES
        ))));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let column = upto.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        LoadError::Syntax {
            file: file.clone(),
            line,
            column,
            message: "the file is not valid UTF-8 text".into(),
        }
    })?;
    parse_checked(&file, &text)
}

fn parse_checked(file: &str, text: &str) -> Result<Guide, LoadError> {
    let guide = parse(file, text)?;
    let faults = check(&guide);
    if faults.is_empty() {
        Ok(guide)
    } else {
        Err(LoadError::Invalid {
            file: file.to_string(),
            faults,
        })
    }
}

/// Parses a guide's JSON without the semantic checks; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Guide, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut guide: Guide = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    make_safe(&mut guide);
    Ok(guide)
}

/// A guide is text to show: control characters, escape sequences and bidi overrides in its
/// titles, questions and labels are made visible once, here, so no screen or export can
/// pass them on raw. Ids are checked, not changed.
fn make_safe(guide: &mut Guide) {
    for s in [&mut guide.title, &mut guide.description, &mut guide.version] {
        clean(s);
    }
    for stage in &mut guide.stages {
        for s in [
            &mut stage.name,
            &mut stage.short,
            &mut stage.theme,
            &mut stage.description,
        ] {
            clean(s);
        }
    }
    for driver in &mut guide.drivers {
        clean(&mut driver.name);
        clean(&mut driver.description);
        driver.levels.iter_mut().for_each(clean);
    }
    for obstacle in &mut guide.obstacles {
        for s in [
            &mut obstacle.name,
            &mut obstacle.short,
            &mut obstacle.description,
        ] {
            clean(s);
        }
        for tactic in &mut obstacle.tactics {
            clean(&mut tactic.name);
            clean(&mut tactic.description);
        }
    }
    for m in &mut guide.milestones {
        clean(&mut m.name);
        clean(&mut m.description);
    }
    guide
        .highlights
        .iter_mut()
        .for_each(|h| clean(&mut h.title));
    make_sections_safe(&mut guide.sections);
    clean(&mut guide.language);
    for t in guide.translations.values_mut() {
        clean(&mut t.name);
        for s in t.sections.values_mut() {
            clean(&mut s.title);
            clean(&mut s.intro);
        }
        for q in t.questions.values_mut() {
            for s in [&mut q.text, &mut q.short] {
                clean(s);
            }
            q.probes.iter_mut().for_each(clean);
            q.options.values_mut().for_each(clean);
        }
    }
}

/// [`make_safe`] for the questions, in their sections.
fn make_sections_safe(sections: &mut [super::Section]) {
    for section in sections {
        clean(&mut section.title);
        clean(&mut section.intro);
        for q in &mut section.questions {
            clean(&mut q.text);
            clean(&mut q.unit);
            q.probes.iter_mut().for_each(clean);
            q.labels.iter_mut().for_each(clean);
            for option in &mut q.options {
                clean(&mut option.label);
                option.evidence.iter_mut().for_each(|e| clean(&mut e.why));
            }
            for band in &mut q.bands {
                band.evidence.iter_mut().for_each(|e| clean(&mut e.why));
            }
        }
    }
}

/// A text made visible: control characters, escape sequences and bidi overrides shown, not
/// passed on.
fn clean(s: &mut String) {
    if let std::borrow::Cow::Owned(safe) = crate::text::line(s) {
        *s = safe;
    }
}

/// serde_json's message without its trailing " at line L column C".
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) if e.line() > 0 => text[..at].to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_guide_loads_and_is_valid() {
        let guide = builtin().expect("built-in guide is valid");
        assert_eq!(guide.id, "virtualization-journey");
        assert!(guide.question_count() > 40);
    }

    #[test]
    fn broken_json_names_file_line_and_column() {
        let err = parse("g.json", "{\n  \"format\": 1,\n  \"id\": \n}").expect_err("broken");
        let text = err.to_string();
        assert!(text.starts_with("g.json:4:1: "), "{text}");
        assert!(!text.contains(" at line "), "{text}");
    }

    #[test]
    fn a_leading_byte_order_mark_is_accepted() {
        let with_bom = format!("\u{feff}{BUILTIN}");
        assert!(parse("bom.json", &with_bom).is_ok());
    }
}
