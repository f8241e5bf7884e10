//! `journey guide`: check a guide, and move it to and from an XLSForm spreadsheet.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::guide::{self, BUILTIN_NAME};
use crate::xlsform;

#[derive(Debug, Subcommand)]
pub enum GuideCommand {
    /// Validate a guide file (the built-in guide when no file is given); warns of texts a
    /// translation leaves in the guide's own language
    Check {
        /// The guide to check
        file: Option<PathBuf>,
    },
    /// Read an XLSForm spreadsheet (.xlsx: survey, choices, settings sheets) into a guide
    /// file; every error and warning names its sheet, row and column
    Import {
        /// The spreadsheet
        form: PathBuf,
        /// The guide file to write
        #[arg(long, short, value_name = "GUIDE.json")]
        output: PathBuf,
        /// Replace the output file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Write a guide as an XLSForm spreadsheet (.xlsx) that ODK, KoboToolbox and journey read
    /// (the built-in guide when no file is given)
    Export {
        /// The guide to export
        file: Option<PathBuf>,
        /// The spreadsheet to write
        #[arg(long, short, value_name = "FORM.xlsx")]
        output: PathBuf,
        /// Replace the output file if it exists
        #[arg(long)]
        force: bool,
    },
}

pub fn run(command: GuideCommand, global: Option<&Path>) -> Result<()> {
    match command {
        GuideCommand::Check { file } => check(file.as_deref().or(global)),
        GuideCommand::Import {
            form,
            output,
            force,
        } => import(&form, &output, force),
        GuideCommand::Export {
            file,
            output,
            force,
        } => export(file.as_deref().or(global), &output, force),
    }
}

pub fn check(file: Option<&Path>) -> Result<()> {
    let guide = match file {
        Some(path) => guide::load_file(path)?,
        None => guide::builtin()?,
    };
    let name = file.map_or(BUILTIN_NAME.to_string(), |p| p.display().to_string());
    for warning in guide::missing_translations(&guide) {
        warn!("{name}: warning: {warning}");
    }
    say!(
        "{name}: ok: {} {}, {} sections, {} questions, {} stages, {} drivers, {} obstacles{}",
        crate::text::line(&guide.id),
        crate::text::line(&guide.version),
        guide.sections.len(),
        guide.question_count(),
        guide.stages.len(),
        guide.drivers.len(),
        guide.obstacles.len(),
        languages(&guide)
    );
    Ok(())
}

/// ", languages: en, fr" when the guide has translations.
fn languages(guide: &guide::Guide) -> String {
    if guide.translations.is_empty() {
        return String::new();
    }
    let own = guide::split_language(&guide.language).0;
    let mut codes = vec![if own.is_empty() {
        "own".to_string()
    } else {
        own
    }];
    codes.extend(guide.translations.keys().cloned());
    format!(", languages: {}", codes.join(", "))
}

/// "2 sections, 1 question".
fn counts(guide: &guide::Guide) -> String {
    let n =
        |count: usize, what: &str| format!("{count} {what}{}", if count == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        n(guide.sections.len(), "section"),
        n(guide.question_count(), "question")
    )
}

fn import(form: &Path, output: &Path, force: bool) -> Result<()> {
    let name = form.display().to_string();
    let size = std::fs::metadata(form)
        .with_context(|| format!("{name}: cannot read"))?
        .len();
    if size > crate::files::MAX_FILE_BYTES {
        anyhow::bail!("{name}: {size} bytes is too large for a form");
    }
    let bytes = std::fs::read(form).with_context(|| format!("{name}: cannot read"))?;
    let stem = form.file_stem().and_then(|s| s.to_str()).unwrap_or("guide");
    let default_id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let imported = match xlsform::import(&name, bytes, &default_id) {
        Ok(imported) => imported,
        Err(e) => {
            if let xlsform::ImportError::Invalid { warnings, .. } = &e {
                warnings.iter().for_each(|w| warn!("{name}: warning: {w}"));
            }
            return Err(e.into());
        }
    };
    for w in &imported.warnings {
        warn!("{name}: warning: {w}");
    }
    let json = xlsform::guide_json(&imported.guide)?;
    crate::export::write(output, &json, force)?;
    let g = &imported.guide;
    say!(
        "{}: {} from {name}{}",
        output.display(),
        counts(g),
        languages(g)
    );
    Ok(())
}

fn export(file: Option<&Path>, output: &Path, force: bool) -> Result<()> {
    let guide = super::load_guide(file)?;
    let bytes = xlsform::workbook(&guide).context("could not build the spreadsheet")?;
    crate::export::write_with(output, force, |out| {
        out.write_all(&bytes)
            .map_err(crate::export::ExportError::from)
    })?;
    say!(
        "{}: {} as XLSForm (survey, choices, settings, journey)",
        output.display(),
        counts(&guide)
    );
    Ok(())
}
