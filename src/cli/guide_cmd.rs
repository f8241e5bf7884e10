//! `journey guide check`.

use std::path::Path;

use anyhow::Result;

use crate::guide::{self, BUILTIN_NAME};

pub fn check(file: Option<&Path>) -> Result<()> {
    let guide = match file {
        Some(path) => guide::load_file(path)?,
        None => guide::builtin()?,
    };
    let name = file.map_or(BUILTIN_NAME.to_string(), |p| p.display().to_string());
    say!(
        "{name}: ok: {} {}, {} sections, {} questions, {} stages, {} drivers, {} obstacles",
        crate::text::line(&guide.id),
        crate::text::line(&guide.version),
        guide.sections.len(),
        guide.question_count(),
        guide.stages.len(),
        guide.drivers.len(),
        guide.obstacles.len()
    );
    Ok(())
}
