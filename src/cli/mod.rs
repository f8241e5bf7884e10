//! The command line: arguments (clap derive) and dispatch to the domain.

mod guide_cmd;
mod report;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use crate::guide::{self, Guide};
use crate::session::Store;

/// A full-screen interview assistant for research on server virtualization journeys.
#[derive(Debug, Parser)]
#[command(name = "journey", version, about, long_about = None)]
pub struct Cli {
    /// Folder holding the sessions [default: the platform data folder, e.g. ~/.local/share/journey]
    #[arg(long, global = true, env = "JOURNEY_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Interview guide to use instead of the built-in one
    #[arg(long, global = true, value_name = "FILE")]
    pub guide: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every session: id, customer, participant, interviewer, dates, status, stage
    List {
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// Show one session: metadata, stage and drivers with reasons, obstacles, answers, quotes
    Show {
        /// Session id, or a unique prefix of it
        id: String,
        /// Print JSON for scripts (the session with its assessment)
        #[arg(long)]
        json: bool,
    },
    /// Work with interview guides
    Guide {
        #[command(subcommand)]
        command: GuideCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum GuideCommand {
    /// Validate a guide file (the built-in guide when no file is given)
    Check {
        /// The guide to check
        file: Option<PathBuf>,
    },
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => {
            use clap::CommandFactory;
            Cli::command().print_help()?;
            Ok(())
        }
        Some(Command::List { json }) => {
            let guide = load_guide(cli.guide.as_deref())?;
            report::list(&open_store(cli.data_dir)?, &guide, json)
        }
        Some(Command::Show { id, json }) => {
            let guide = load_guide(cli.guide.as_deref())?;
            report::show(&open_store(cli.data_dir)?, &guide, &id, json)
        }
        Some(Command::Guide {
            command: GuideCommand::Check { file },
        }) => guide_cmd::check(file.as_deref().or(cli.guide.as_deref())),
    }
}

/// The guide from `--guide FILE`, or the built-in one.
pub fn load_guide(file: Option<&Path>) -> Result<Guide> {
    Ok(match file {
        Some(path) => guide::load_file(path)?,
        None => guide::builtin()?,
    })
}

/// The data folder: `--data-dir`, `JOURNEY_DATA_DIR`, or the platform's data folder.
pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    match flag {
        Some(dir) => Ok(dir),
        None => directories::ProjectDirs::from("", "", "journey")
            .map(|p| p.data_dir().to_path_buf())
            .context(
                "no home folder to keep sessions in; pass --data-dir DIR or set JOURNEY_DATA_DIR",
            ),
    }
}

pub fn open_store(flag: Option<PathBuf>) -> Result<Store> {
    Ok(Store::open(&data_dir(flag)?)?)
}
