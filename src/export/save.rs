//! Saving an export into a folder under names no other file has: what the full-screen app
//! does with every format (the command line writes where `-o` says instead).

use std::path::{Path, PathBuf};

use super::{write_with, Export, ExportError, Format};

impl Format {
    /// Every format, in the order the app offers them.
    pub const ALL: [Format; 8] = [
        Format::Markdown,
        Format::Csv,
        Format::Json,
        Format::Html,
        Format::Spss,
        Format::Stata,
        Format::Qdpx,
        Format::Qdc,
    ];

    /// What the format is, for a researcher choosing one.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Csv => "CSV (spreadsheets)",
            Format::Json => "JSON (scripts)",
            Format::Html => "HTML (one self-contained page)",
            Format::Spss => "SPSS / PSPP (coded CSV + .sps syntax, in a folder)",
            Format::Stata => "Stata (coded CSV + .do file, in a folder)",
            Format::Qdpx => "REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)",
            Format::Qdc => "REFI-QDA codebook",
        }
    }

    /// The name `--format` takes.
    pub fn cli_name(self) -> String {
        clap::ValueEnum::to_possible_value(&self).map_or_else(
            || self.extension().to_string(),
            |v| v.get_name().to_string(),
        )
    }
}

/// Writes `export` in `format` into `dir`, never over another file: a name already taken gets
/// `-2`, `-3`, …; SPSS and Stata write their two files into a new folder of their own, so
/// the syntax always names its data. Returns what was written.
pub fn save_into(dir: &Path, export: &Export, format: Format) -> Result<PathBuf, ExportError> {
    crate::session::create_private_dir(dir)?;
    match format {
        Format::Qdpx => {
            let bytes = super::qdpx::project(export)?;
            free_name(dir, &export.file_name(format), |path| {
                write_with(path, false, |out| {
                    std::io::Write::write_all(out, &bytes).map_err(ExportError::from)
                })
            })
        }
        Format::Spss | Format::Stata => {
            let name = export.file_name(format).replace('.', "-");
            let folder = free_name(dir, &name, |path| {
                std::fs::create_dir(path).map_err(|e| match e.kind() {
                    std::io::ErrorKind::AlreadyExists => ExportError::Exists(path.to_path_buf()),
                    _ => ExportError::Io {
                        path: path.to_path_buf(),
                        source: e,
                    },
                })
            })?;
            let table = super::stats::Table::new(export);
            super::write(
                &folder.join(export.file_name(Format::Csv)),
                &table.csv()?,
                false,
            )?;
            super::write(
                &folder.join(export.file_name(format)),
                &export.render(format)?,
                false,
            )?;
            Ok(folder)
        }
        _ => {
            let contents = export.render(format)?;
            free_name(dir, &export.file_name(format), |path| {
                super::write(path, &contents, false)
            })
        }
    }
}

/// Tries `name`, then `stem-2.ext`, `stem-3.ext`, … until `make` does not find it taken.
fn free_name(
    dir: &Path,
    name: &str,
    mut make: impl FnMut(&Path) -> Result<(), ExportError>,
) -> Result<PathBuf, ExportError> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, format!(".{ext}")),
        None => (name, String::new()),
    };
    for n in 1..10_000 {
        let path = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{stem}-{n}{ext}"))
        };
        match make(&path) {
            Ok(()) => return Ok(path),
            // Taken, by a file or by anything else (a link, a pipe): the next name.
            Err(ExportError::Exists(_) | ExportError::NotRegular(..)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(ExportError::Exists(dir.join(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(guide: &crate::guide::Guide) -> Export<'_> {
        let session = crate::session::Session::new(guide, crate::session::Meta::new("Acme"));
        Export::new(guide, vec![session], false, crate::session::now())
    }

    #[test]
    fn every_format_saves_and_a_second_save_takes_a_new_name() {
        let guide = crate::guide::builtin().expect("guide");
        let dir = tempfile::tempdir().expect("temp dir");
        let export = export(&guide);
        for format in Format::ALL {
            let first = save_into(dir.path(), &export, format).expect("first");
            let second = save_into(dir.path(), &export, format).expect("second");
            assert_ne!(first, second, "{format:?}");
            assert!(first.exists() && second.exists(), "{format:?}");
            if matches!(format, Format::Spss | Format::Stata) {
                // The syntax and its data side by side.
                assert_eq!(std::fs::read_dir(&second).expect("folder").count(), 2);
            }
        }
    }
}
