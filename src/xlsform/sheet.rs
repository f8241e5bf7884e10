//! A worksheet as XLSForm reads it: a header row naming the columns, then rows of text, each
//! with the row number a spreadsheet shows.

use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader};

/// One problem in the workbook, where a user finds it: sheet, row (1-based, as shown) and
/// column (its header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub sheet: String,
    /// The spreadsheet's row number; 0 for the sheet as a whole.
    pub row: usize,
    /// The column's header; empty for the row as a whole.
    pub column: String,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} sheet", self.sheet)?;
        if self.row > 0 {
            write!(f, ", row {}", self.row)?;
        }
        if !self.column.is_empty() {
            write!(f, ", column `{}`", self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// One row: its number and its cells as text, trimmed.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

/// A sheet's columns (headers as written) and its rows below the header.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Sheet {
    /// The column whose header is `name` (any case, spaces around ignored).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }

    /// The text of `column` in `row`, empty when the sheet has no such column.
    pub fn get<'r>(&self, row: &'r Row, column: &str) -> &'r str {
        self.column(column)
            .and_then(|c| row.cells.get(c))
            .map_or("", String::as_str)
    }

    /// An issue at `row`, `column` of this sheet.
    pub fn issue(&self, row: usize, column: &str, message: impl Into<String>) -> Issue {
        Issue {
            sheet: self.name.clone(),
            row,
            column: column.to_string(),
            message: message.into(),
        }
    }
}

/// The sheets of a workbook, by name (any case).
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// Reads every sheet of an .xlsx (or .xls, .ods) held in memory.
    pub fn read(bytes: Vec<u8>) -> Result<Workbook, String> {
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
            .map_err(|e| format!("not a spreadsheet journey can read (.xlsx, .xls, .ods): {e}"))?;
        let mut sheets = Vec::new();
        for name in book.sheet_names() {
            let range = book
                .worksheet_range(&name)
                .map_err(|e| format!("{name} sheet: cannot read: {e}"))?;
            sheets.push(read_sheet(&name, &range));
        }
        Ok(Workbook { sheets })
    }

    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(name))
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Bool(true) => "yes".into(),
        Data::Bool(false) => "no".into(),
        other => other.to_string().trim().to_string(),
    }
}

fn read_sheet(name: &str, range: &calamine::Range<Data>) -> Sheet {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet {
        name: name.to_string(),
        ..Sheet::default()
    };
    let lead = vec![String::new(); left as usize];
    for (i, cells) in range.rows().enumerate() {
        let mut row: Vec<String> = lead.clone();
        row.extend(cells.iter().map(text));
        if sheet.headers.is_empty() {
            if row.iter().any(|c| !c.is_empty()) {
                sheet.headers = row;
            }
            continue;
        }
        if row.iter().all(String::is_empty) {
            continue;
        }
        sheet.rows.push(Row {
            number: top as usize + i + 1,
            cells: row,
        });
    }
    sheet
}
