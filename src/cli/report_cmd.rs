//! `journey report`: the study report over the archive, filtered like an export.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use chrono::NaiveDate;

use super::export_cmd::StatusArg;
use crate::guide::Guide;
use crate::report::{self, Scope};
use crate::session::{Status, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    #[value(name = "md")]
    Markdown,
    Html,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[arg(long, short, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// File to write [default: standard output]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only sessions nearest this stage (its id or name)
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Only sessions with this status
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Only sessions by this interviewer (any part of the name, any case)
    #[arg(long, value_name = "NAME")]
    pub interviewer: Option<String>,
    /// Only sessions started on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only sessions started on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Customers, participants and interviewers as C1, P1, I1, in quotes too
    #[arg(long)]
    pub anonymize: bool,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(store: &Store, guide: &Guide, args: &ReportArgs) -> Result<()> {
    let stage = super::stage_option(guide, args.stage.as_deref())?;
    let listing = store.summaries(guide)?;
    for problem in &listing.problems {
        warn!("skipped {problem}");
    }
    let mut ids: Vec<String> = listing.sessions.iter().map(|s| s.id.clone()).collect();
    ids.sort();
    let anonymizer = if args.anonymize {
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        Some(crate::export::anonymizer_from_files(store, &refs)?)
    } else {
        None
    };
    // Every filter is decided from the session file itself, never from the index.
    let keep = |s: &crate::session::Session| -> bool {
        let day = s.meta.started.date_naive();
        let status_ok = args.status.is_none_or(|want| {
            let want = match want {
                StatusArg::InProgress => Status::InProgress,
                StatusArg::Complete => Status::Complete,
            };
            s.status() == want
        });
        let who_ok = args.interviewer.as_ref().is_none_or(|who| {
            s.meta
                .interviewer
                .to_lowercase()
                .contains(&who.to_lowercase())
        });
        status_ok
            && who_ok
            && args.since.is_none_or(|d| day >= d)
            && args.until.is_none_or(|d| day <= d)
    };
    // The interviewers the report keeps, as it names them: an anonymised header says I1, never
    // the name the filter was given.
    let interviewers = std::sync::Mutex::new(std::collections::BTreeSet::new());
    let study = report::gather(guide, ids.len(), stage.as_deref(), |i| {
        let mut s = store.load(&ids[i])?;
        if !keep(&s) {
            return Ok(None);
        }
        if let Some(a) = &anonymizer {
            a.apply(&mut s);
        }
        if let Ok(mut seen) = interviewers.lock() {
            seen.insert(s.meta.interviewer.clone());
        }
        Ok(Some(s))
    })?;
    if study.sessions == 0 {
        bail!("no session matches");
    }
    let mut filters = Vec::new();
    if let Some(s) = &stage {
        filters.push(format!("stage {}", crate::assess::stage_name(guide, s)));
    }
    if let Some(s) = args.status {
        filters.push(match s {
            StatusArg::InProgress => "in progress".to_string(),
            StatusArg::Complete => "complete".to_string(),
        });
    }
    if let Some(who) = &args.interviewer {
        if args.anonymize {
            let seen = interviewers.into_inner().unwrap_or_default();
            let seen: Vec<String> = seen.into_iter().filter(|i| !i.is_empty()).collect();
            filters.push(format!("interviewer {}", seen.join(", ")));
        } else {
            filters.push(format!("interviewer {who}"));
        }
    }
    if let Some(d) = args.since {
        filters.push(format!("since {d}"));
    }
    if let Some(d) = args.until {
        filters.push(format!("until {d}"));
    }
    let scope = Scope {
        title: format!("{}: study report", guide.title),
        filters,
        anonymized: args.anonymize,
        generated: crate::session::now().format("%Y-%m-%d %H:%M").to_string(),
    };
    let text = match args.format {
        ReportFormat::Markdown => report::markdown(guide, &study, &scope),
        ReportFormat::Html => report::html(guide, &study, &scope),
    };
    match &args.output {
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
        Some(path) => {
            crate::export::write(path, &text, args.force)?;
            let sessions = crate::export::words::count(study.sessions, "session");
            warn!("wrote {} ({sessions})", path.display());
        }
    }
    Ok(())
}
