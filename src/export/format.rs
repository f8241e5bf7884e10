//! The export formats: one list that the command line and the TUI both offer.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[value(name = "md")]
    Markdown,
    Csv,
    Json,
    Html,
    /// A coded CSV and an SPSS / PSPP syntax file (`.sps`) with its labels, into a folder.
    Spss,
    /// A coded CSV and a Stata do-file (`.do`) with its labels, into a folder.
    Stata,
    /// A REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder): sessions as sources, quotes and
    /// coded lines as selections, customers as cases.
    Qdpx,
    /// The REFI-QDA codebook alone.
    Qdc,
}

impl Format {
    /// Every format, in the order the CLI's help and the TUI's export dialog offer them (the
    /// TUI's first four keep the digits they had: 1 Markdown, 2 CSV, 3 JSON, 4 HTML).
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

    /// The name `--format` takes (`md`, `spss`, …), as the user types it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::Spss => "spss",
            Format::Stata => "stata",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }

    /// The format's name for people ("Markdown", "SPSS / PSPP", "REFI-QDA project").
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::Html => "HTML",
            Format::Spss => "SPSS / PSPP",
            Format::Stata => "Stata",
            Format::Qdpx => "REFI-QDA project",
            Format::Qdc => "REFI-QDA codebook",
        }
    }

    /// What the format is for, in a few words: `label — description` fits 56 columns (a 60-column
    /// terminal with a digit before it).
    pub fn description(self) -> &'static str {
        match self {
            Format::Markdown => "to read, or paste into a write-up",
            Format::Csv => "one row per session, for spreadsheets",
            Format::Json => "sessions and assessments, for scripts",
            Format::Html => "one self-contained page, to read or print",
            Format::Spss => "a coded CSV and its .sps syntax file",
            Format::Stata => "a coded CSV and its .do file",
            Format::Qdpx => "NVivo, ATLAS.ti, MAXQDA, QualCoder",
            Format::Qdc => "the guide's codes alone",
        }
    }

    /// Whether the format writes more than one file or a binary one, so it needs `-o`: a
    /// folder (SPSS, Stata) or a file (a `.qdpx` zip).
    pub fn needs_output(self) -> bool {
        matches!(self, Format::Spss | Format::Stata | Format::Qdpx)
    }

    /// The extension of the file the format writes (`sps` for SPSS syntax, `do` for Stata).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::Spss => "sps",
            Format::Stata => "do",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Format;
    use clap::ValueEnum;

    #[test]
    fn every_format_is_listed_once_under_the_name_clap_takes() {
        assert_eq!(Format::ALL.len(), Format::value_variants().len());
        for f in Format::value_variants() {
            assert_eq!(Format::ALL.iter().filter(|g| *g == f).count(), 1, "{f:?}");
            let value = f.to_possible_value().expect("a value");
            assert_eq!(value.get_name(), f.name());
            assert_eq!(Format::from_str(f.name(), false), Ok(*f));
            let line = format!("{} — {}", f.label(), f.description());
            assert!(line.chars().count() <= 56, "{line}");
        }
        // The order clap lists them in is the order of the list.
        assert_eq!(Format::ALL.as_slice(), Format::value_variants());
    }
}
