//! `journey export`: sessions by id, or all of them filtered by stage and status.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::assess::assess;
use crate::export::{self, Export, Format};
use crate::guide::Guide;
use crate::session::{Session, Status, Store};
use crate::text;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Sessions to export, by id or unique prefix
    pub ids: Vec<String>,
    /// Export every session (filtered by --stage and --status)
    #[arg(long, conflicts_with = "ids")]
    pub all: bool,
    /// Only sessions nearest this stage (its id or name, e.g. it-production)
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Only sessions with this status
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    #[arg(long, short, value_enum)]
    pub format: Format,
    /// File or folder to write to [default: standard output]
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace customer, participant and interviewer names with aliases (C1, P1, I1) everywhere
    #[arg(long)]
    pub anonymize: bool,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    InProgress,
    Complete,
}

/// The sessions an export names: by id, or all (filters apply either way).
pub fn select(store: &Store, guide: &Guide, args: &ExportArgs) -> Result<Vec<Session>> {
    if args.ids.is_empty() && !args.all {
        bail!("name the sessions to export (ids or prefixes), or pass --all");
    }
    let mut sessions = if args.all {
        let listing = store.list()?;
        for problem in &listing.problems {
            eprintln!("journey: skipped {}", text::line(&problem.to_string()));
        }
        listing.sessions
    } else {
        let mut out = Vec::new();
        for id in &args.ids {
            out.push(store.load(&store.resolve(id)?)?);
        }
        out
    };
    if let Some(stage) = &args.stage {
        let wanted = guide
            .stages
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(stage) || s.name.eq_ignore_ascii_case(stage))
            .map(|s| s.id.clone());
        let Some(wanted) = wanted else {
            let known: Vec<&str> = guide.stages.iter().map(|s| s.id.as_str()).collect();
            bail!(
                "no stage `{stage}`; the guide's stages are {}",
                known.join(", ")
            );
        };
        sessions.retain(|s| assess(guide, s).stage.as_deref() == Some(wanted.as_str()));
    }
    if let Some(status) = args.status {
        let want = match status {
            StatusArg::InProgress => Status::InProgress,
            StatusArg::Complete => Status::Complete,
        };
        sessions.retain(|s| s.status() == want);
    }
    if sessions.is_empty() {
        bail!("no session matches");
    }
    Ok(sessions)
}

pub fn run(store: &Store, guide: &Guide, args: &ExportArgs) -> Result<()> {
    let sessions = select(store, guide, args)?;
    let export = Export::new(guide, sessions, args.anonymize, crate::session::now());
    let contents = export.render(args.format)?;
    match &args.output {
        None => std::io::stdout().lock().write_all(contents.as_bytes())?,
        Some(path) => {
            let target = export::target(path, &export.file_name(args.format));
            export::write(&target, &contents, args.force)?;
            eprintln!(
                "journey: wrote {} ({} session{})",
                target.display(),
                export.items.len(),
                if export.items.len() == 1 { "" } else { "s" }
            );
        }
    }
    Ok(())
}
