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
    /// Every format, in the order the CLI's help and the TUI's export dialog offer them.
    pub const ALL: [Format; 8] = [
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::Json,
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

    /// What the format is, in a few words, for a list to choose from.
    pub fn description(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown summary, to read or paste",
            Format::Html => "one self-contained web page, to read or print",
            Format::Csv => "one row per session, for a spreadsheet",
            Format::Json => "the sessions as data, with their assessment",
            Format::Spss => "coded CSV and SPSS / PSPP syntax, into a folder",
            Format::Stata => "coded CSV and a Stata do-file, into a folder",
            Format::Qdpx => "REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)",
            Format::Qdc => "REFI-QDA codebook of the guide's codes",
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
            assert!(!f.description().is_empty());
        }
    }
}
