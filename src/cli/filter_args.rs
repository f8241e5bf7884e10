//! The filter options `list`, `export` and `report` share, made into a [`crate::index::Filter`].

use anyhow::Result;
use chrono::NaiveDate;

use crate::guide::Guide;
use crate::session::Status;

/// Which sessions to take: every option given must hold (see `crate::index::Filter`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only sessions nearest this stage (its id or name, e.g. it-production; "none": no stage
    /// evidence yet)
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Only sessions with this status
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Only sessions by this interviewer (any part of the name, any case, accents or not)
    #[arg(long, value_name = "NAME")]
    pub interviewer: Option<String>,
    /// Only sessions with this customer (any part of the name, any case, accents or not; or its id, with the interviews merged into it)
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    /// Only sessions started on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only sessions started on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Only sessions whose names, notes, quotes or answers hold every one of these words (any
    /// part of a word, any case, accents or not), as the browser's search
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
}

impl From<StatusArg> for Status {
    fn from(status: StatusArg) -> Status {
        match status {
            StatusArg::InProgress => Status::InProgress,
            StatusArg::Complete => Status::Complete,
        }
    }
}

impl FilterArgs {
    /// The filter these options name; an unknown stage is an error that lists the stages.
    pub fn filter(&self, guide: &Guide) -> Result<crate::index::Filter> {
        let stage = match self.stage.as_deref() {
            None => None,
            Some(w) if guide.find_stage(w).is_err() && w.trim().eq_ignore_ascii_case("none") => {
                Some(None)
            }
            Some(w) => Some(stage_option(guide, Some(w))?),
        };
        Ok(crate::index::Filter {
            stage,
            status: self.status.map(Status::from),
            interviewer: self.interviewer.clone(),
            customer: self.customer.clone(),
            since: self.since,
            until: self.until,
            text: self.text.clone().unwrap_or_default(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    InProgress,
    Complete,
}

/// The stage a `--stage` option names (its id or name, any case), as the guide's id; the error
/// lists the stages there are.
pub fn stage_option(guide: &Guide, wanted: Option<&str>) -> Result<Option<String>> {
    wanted
        .map(|w| guide.find_stage(w).map(str::to_string))
        .transpose()
        .map_err(anyhow::Error::msg)
}
