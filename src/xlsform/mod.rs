//! Guides as XLSForm workbooks, the spreadsheets ODK, KoboToolbox and SurveyCTO users write
//! forms in: read into a guide (`journey guide import`) and written from one (`guide export`).

mod export;
mod import;
mod sheet;
mod xpath;

pub use export::{tables, workbook, write_tables, Table};
pub use import::{guide_json, import, ImportError, Imported};
pub use sheet::Issue;
pub use xpath::{parse as parse_relevant, write as write_relevant};

#[cfg(test)]
mod tests;
