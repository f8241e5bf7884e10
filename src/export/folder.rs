//! Any export format written into a folder under names of its own, never over a file: what the
//! TUI's export dialog (and anything else without a `-o`) calls, for all the formats alike.

use std::path::{Path, PathBuf};

use super::{qdpx, stats, write_new, write_new_bytes, Export, ExportError, Format};

/// Writes the export in `format` into `dir` (made, private, when missing) under the export's
/// own file names; a name already taken gets `-2`, `-3`, … Returns the paths written: one file,
/// or for SPSS and Stata the coded CSV and then the syntax that loads it (which names the CSV
/// as it was actually written).
pub fn write_into(
    dir: &Path,
    export: &Export,
    format: Format,
) -> Result<Vec<PathBuf>, ExportError> {
    crate::session::create_private_dir(dir)?;
    let name = export.file_name(format);
    match format {
        Format::Qdpx => Ok(vec![write_new_bytes(dir, &name, &qdpx::project(export)?)?]),
        Format::Spss | Format::Stata => {
            let table = stats::Table::new(export);
            let data = write_new(dir, &export.file_name(Format::Csv), &table.csv()?)?;
            let data_name = data
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let package = if format == Format::Spss {
                stats::Package::Spss
            } else {
                stats::Package::Stata
            };
            let syntax = write_new(dir, &name, &table.syntax(package, &data_name))?;
            Ok(vec![data, syntax])
        }
        _ => Ok(vec![write_new(dir, &name, &export.render(format)?)?]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(guide: &crate::guide::Guide) -> Export<'_> {
        // From JSON, as a session file gives it: fields added later are optional.
        let now = crate::session::now().to_rfc3339();
        let meta = serde_json::json!({
            "customer": "Acme", "participant": "", "role": "", "interviewer": "Sam",
            "consent": true, "started": now, "updated": now,
        });
        let meta = serde_json::from_value(meta).expect("meta");
        let session = crate::session::Session::new(guide, meta);
        Export::new(guide, vec![session], false, crate::session::now())
    }

    #[test]
    fn every_format_writes_into_a_folder_and_never_over_a_file() {
        let guide = crate::guide::builtin().expect("guide");
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("exports");
        let export = export(&guide);
        for format in Format::ALL {
            let first = write_into(&out, &export, format).expect("first");
            let again = write_into(&out, &export, format).expect("again");
            let files = if format.needs_output() && format != Format::Qdpx {
                2
            } else {
                1
            };
            assert_eq!((first.len(), again.len()), (files, files), "{format:?}");
            for (a, b) in first.iter().zip(&again) {
                assert_ne!(a, b, "{format:?} wrote over its first file");
                assert!(std::fs::metadata(a).expect("written").len() > 0, "{a:?}");
                assert_eq!(a.extension(), b.extension());
            }
            assert_eq!(
                first.last().and_then(|p| p.extension()),
                Some(std::ffi::OsStr::new(format.extension()))
            );
        }
    }

    #[test]
    fn the_syntax_names_the_data_file_it_was_written_beside() {
        let guide = crate::guide::builtin().expect("guide");
        let dir = tempfile::tempdir().expect("tempdir");
        let export = export(&guide);
        // The CSV's own name is taken by another file: the data goes to `-2`, and the syntax
        // loads that one.
        let taken = dir.path().join(export.file_name(Format::Csv));
        std::fs::write(&taken, "someone else's").expect("write");
        let written = write_into(dir.path(), &export, Format::Spss).expect("spss");
        let data = written[0]
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(data.ends_with("-2.csv"), "{data}");
        let syntax = std::fs::read_to_string(&written[1]).expect("syntax");
        assert!(syntax.contains(&data), "{syntax}");
        assert_eq!(
            std::fs::read_to_string(&taken).expect("kept"),
            "someone else's"
        );
    }
}
