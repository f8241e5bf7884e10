//! The command line: arguments (clap derive) and dispatch to the domain.

/// Prints a line for the user on stdout, through the one path that makes text safe for the
/// terminal (`text::block`): no escape sequence from a file reaches it raw.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::out::print_or_warn(&format!(
            "{}\n",
            $crate::text::block(&format!($($arg)*))
        ))
    };
}

/// [`say!`] for stderr, with journey's prefix.
macro_rules! warn {
    ($($arg:tt)*) => {
        eprintln!("journey: {}", $crate::text::block(&format!($($arg)*)))
    };
}

mod agreement_cmd;
mod alias_cmd;
mod codes_cmd;
mod customer_cmd;
mod erase_cmd;
pub mod export_cmd;
pub mod filter_args;
mod guide_cmd;
mod man;
pub mod out;
mod place_cmd;
mod plain;
mod report;
pub mod report_cmd;
mod sync_cmd;
mod table;
mod transcript_cmd;
mod trash_cmd;
mod whoami_cmd;

pub use filter_args::stage_option;
pub use guide_cmd::GuideCommand;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use crate::guide::{self, Guide};
use crate::session::{Meta, Store};
use crate::tui::Launch;

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

    /// The guide's language new interviews are held in (a code or name of the guide's
    /// translations, e.g. `fr`); a session remembers its own
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// The interview as a line-by-line conversation on standard input and output, with no
    /// escape codes (for screen readers and braille displays); also when TERM=dumb
    #[arg(long, global = true)]
    pub plain: bool,

    /// Colours: auto follows the terminal's background (COLORFGBG, else the terminal's answer),
    /// or dark, light, high-contrast; without it, the theme last chosen in journey (`t` on the
    /// home screen). NO_COLOR turns colour off whatever the theme
    #[arg(long, global = true, value_enum, value_name = "THEME")]
    pub theme: Option<crate::tui::theme::Choice>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new interview (the form opens unless a customer is given)
    New {
        /// The customer organisation; with it, the session is saved at once and the first question opens
        #[arg(long)]
        customer: Option<String>,
        /// The person interviewed
        #[arg(long)]
        participant: Option<String>,
        /// The participant's role
        #[arg(long)]
        role: Option<String>,
        /// Who conducts the interview (you)
        #[arg(long)]
        interviewer: Option<String>,
        /// Note that the participant's consent was given
        #[arg(long)]
        consent: bool,
        /// The guide's language the interview is held in (as `journey --lang`)
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
    /// Reopen a session at the question where it stopped
    Resume {
        /// Session id, or a unique prefix of it
        id: String,
    },
    /// List the sessions (every one, or those the filter options keep): id, customer,
    /// participant, interviewer, dates, status, stage
    List {
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        filter: filter_args::FilterArgs,
    },
    /// Show one session: metadata, stage and drivers with reasons, obstacles, answers, quotes
    Show {
        /// Session id, or a unique prefix of it
        id: String,
        /// Print JSON for scripts (the session with its assessment)
        #[arg(long)]
        json: bool,
    },
    /// Export sessions as Markdown, CSV, JSON or HTML
    Export(export_cmd::ExportArgs),
    /// The customers interviewed, each with its interviews (one customer across interviews,
    /// researchers and participants); `customers merge FROM INTO` joins two spellings
    Customers(customer_cmd::CustomersArgs),
    /// One customer over time: its interviews, milestones, obstacles and movement
    Customer {
        #[command(subcommand)]
        command: customer_cmd::CustomerCommand,
    },
    /// Other names a session's customer or participant goes by (nicknames, short forms), hidden
    /// by `--anonymize` too; lists them when no name is given
    Alias(alias_cmd::AliasArgs),
    /// Record where you judge a session's customer to be on the journey, and how sure (your
    /// own placement, beside the gauge's; `journey agreement` compares them)
    Place(place_cmd::PlaceArgs),
    /// How far the researchers agree with each other and with the gauge, over the sessions two
    /// or more of them placed: stages (percent, Krippendorff's alpha, Cohen's kappa per pair),
    /// codes, and the disagreements by session
    Agreement(agreement_cmd::AgreementArgs),
    /// Move a session to the trash (restore it with `journey trash restore ID`)
    Delete {
        /// Session id, or a unique prefix of it
        id: String,
    },
    /// Erase a session for good, when a participant withdraws: the session, its trash and other
    /// copies journey keeps, and (in a team archive) the history that holds it; asks first
    Erase {
        /// Session id, or a unique part of it (also a session only in the trash or the history)
        id: String,
        /// Do not ask for confirmation (for scripts)
        #[arg(long)]
        yes: bool,
    },
    /// Attach a recording's transcript to a session and show it against the interview's timeline
    Transcript {
        #[command(subcommand)]
        command: transcript_cmd::TranscriptCommand,
    },
    /// List, restore or empty the trash
    Trash {
        #[command(subcommand)]
        command: Option<TrashCommand>,
    },
    /// Work with interview guides
    Guide {
        #[command(subcommand)]
        command: GuideCommand,
    },
    /// The study report: for each stage its customers, drivers, triggers, workloads, products,
    /// value, obstacles and tactics, milestones and quotes; cross-tabs across stages
    Report(report_cmd::ReportArgs),
    /// The study's codebook: the guide's codes and the codes added during the study
    Codes {
        #[command(subcommand)]
        command: Option<CodesCommand>,
    },
    /// Who you are: the name your team archive's commits and conflict versions carry
    /// (default: the interviewer name last entered here; never git's identity)
    Whoami(whoami_cmd::WhoamiArgs),
    /// Share the archive with a team over git: commit, fetch, merge sessions, push
    Sync {
        #[command(subcommand)]
        command: Option<SyncCommand>,
    },
    /// Git's merge for session files (registered by `journey sync init`): BASE OURS THEIRS
    MergeDriver {
        /// The common ancestor (git's %O)
        base: PathBuf,
        /// Our version; the merge is written here (git's %A)
        ours: PathBuf,
        /// Their version (git's %B)
        theirs: PathBuf,
        /// The file's path in the repository (git's %P), to name who changed each side
        path: Option<PathBuf>,
    },
    /// Print a shell completion script (e.g. `journey completions bash > ~/.local/share/bash-completion/completions/journey`)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): every command, option and key, and the data layout; e.g.
    /// `journey man > journey.1 && man -l journey.1`
    Man,
}

#[derive(Debug, Subcommand)]
pub enum TrashCommand {
    /// List the sessions in the trash (the default)
    List,
    /// Move a session back from the trash
    Restore {
        /// Session id, or any unique part of it (such as the customer)
        id: String,
    },
    /// Delete everything in the trash for good
    Empty {
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CodesCommand {
    /// Every code: id, name, colour, description (the default)
    List,
    /// Add a code to the study (saved in `<data>/codes/ID.json`, shared by a team sync)
    Add {
        /// Letters, digits, `-`, `_` and `.`
        id: String,
        /// The name shown in the picker and the reports
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        /// #RRGGBB
        #[arg(long, default_value = "")]
        colour: String,
    },
    /// Settle a code two researchers changed at once: the values given replace the code's,
    /// the others stay as `journey codes` shows them, and the conflict is cleared
    Resolve {
        /// The code's id
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// #RRGGBB
        #[arg(long)]
        colour: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Make the data folder a team archive (a git repository), or join REMOTE's
    Init {
        /// The shared repository: a URL, an SSH address or a path to a bare repository
        remote: Option<String>,
    },
    /// Ahead, behind, changes to commit, conflicts and the last sync
    Status,
}

/// Runs the parsed command line.
// One arm per command, each a few lines that open what it needs and call its module:
// a long match is the clearest form here.
pub fn run(mut cli: Cli) -> Result<()> {
    match cli.command.take() {
        None => interactive(&cli, Launch::Home),
        Some(Command::New {
            customer,
            participant,
            role,
            interviewer,
            consent,
            lang,
        }) => {
            if lang.is_some() {
                cli.lang = lang;
            }
            let meta = customer.map(|customer| Meta {
                participant: participant.unwrap_or_default(),
                role: role.unwrap_or_default(),
                interviewer: interviewer.unwrap_or_default(),
                consent,
                ..Meta::new(customer)
            });
            if meta.as_ref().is_some_and(|m| m.customer.trim().is_empty()) {
                anyhow::bail!("--customer needs a name");
            }
            interactive(&cli, Launch::New(meta))
        }
        Some(Command::Resume { id }) => {
            let store = open_store(cli.data_dir.clone())?;
            let id = store.resolve(&id)?;
            interactive(&cli, Launch::Resume(id))
        }
        Some(Command::List { json, filter }) => {
            let guide = load_guide(cli.guide.as_deref())?;
            let filter = filter.filter(&guide)?;
            report::list(&open_store(cli.data_dir)?, &guide, json, &filter)
        }
        Some(Command::Show { id, json }) => {
            let store = open_store(cli.data_dir)?;
            let guide = study_guide(cli.guide.as_deref(), &store)?;
            report::show(&store, &guide, &id, json)
        }
        Some(Command::Guide { command }) => guide_cmd::run(command, cli.guide.as_deref()),
        Some(Command::Export(args)) => {
            let store = open_store(cli.data_dir)?;
            let guide = study_guide(cli.guide.as_deref(), &store)?;
            export_cmd::run(&store, &guide, &args)
        }
        Some(Command::Customers(args)) => {
            let store = open_store(cli.data_dir)?;
            let guide = study_guide(cli.guide.as_deref(), &store)?;
            customer_cmd::customers(&store, &guide, &args)
        }
        Some(Command::Customer { command }) => {
            let store = open_store(cli.data_dir)?;
            let guide = study_guide(cli.guide.as_deref(), &store)?;
            customer_cmd::customer(&store, &guide, &command)
        }
        Some(Command::Place(args)) => {
            let store = open_store(cli.data_dir)?;
            place_cmd::run(&store, &study_guide(cli.guide.as_deref(), &store)?, &args)
        }
        Some(Command::Agreement(args)) => {
            let store = open_store(cli.data_dir)?;
            agreement_cmd::run(&store, &study_guide(cli.guide.as_deref(), &store)?, &args)
        }
        Some(Command::Codes { command }) => {
            let store = open_store(cli.data_dir)?;
            let guide = study_guide(cli.guide.as_deref(), &store)?;
            codes_cmd::run(&store, &guide, command)
        }
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            out::print_rendered(|buffer| {
                clap_complete::generate(shell, &mut command, "journey", buffer);
                Ok(())
            })?;
            Ok(())
        }
        Some(Command::Man) => {
            use clap::CommandFactory;
            out::print(&man::page(Cli::command()))?;
            Ok(())
        }
        Some(Command::Report(args)) => {
            let store = open_store(cli.data_dir)?;
            let guide = study_guide(cli.guide.as_deref(), &store)?;
            report_cmd::run(&store, &guide, &args)
        }
        Some(Command::Sync { command }) => {
            let guide = load_guide(cli.guide.as_deref())?;
            // A link where journey's folders belong (from an archive) is repaired before the
            // store, which refuses it, opens.
            let dir = data_dir(cli.data_dir.clone())?;
            if dir.join(".git").exists() {
                for line in crate::archive::repair_links(&dir)? {
                    say!("{line}");
                }
            }
            sync_cmd::run(&open_store(Some(dir))?, &guide, command)
        }
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        }) => sync_cmd::merge_driver(&base, &ours, &theirs, path.as_deref()),
        Some(Command::Alias(args)) => alias_cmd::run(&open_store(cli.data_dir)?, &args),
        Some(Command::Whoami(args)) => whoami_cmd::run(&open_store(cli.data_dir)?, &args),
        Some(Command::Delete { id }) => trash_cmd::delete(&open_store(cli.data_dir)?, &id),
        Some(Command::Erase { id, yes }) => erase_cmd::run(&open_store(cli.data_dir)?, &id, yes),
        Some(Command::Transcript { command }) => {
            let guide = load_guide(cli.guide.as_deref())?;
            transcript_cmd::run(&open_store(cli.data_dir)?, &guide, command)
        }
        Some(Command::Trash { command }) => trash_cmd::run(
            &open_store(cli.data_dir)?,
            command.unwrap_or(TrashCommand::List),
        ),
    }
}

/// Opens the full-screen interface (the terminal must be one), or the plain one with `--plain`
/// or `TERM=dumb`.
fn interactive(cli: &Cli, launch: Launch) -> Result<()> {
    use std::io::IsTerminal;
    let store = open_store(cli.data_dir.clone())?;
    let (guide, skipped) = study_guide_skipping(cli.guide.as_deref(), &store)?;
    for line in &skipped {
        warn!("{line}");
    }
    let lang = match cli.lang.as_deref() {
        Some(wanted) => guide
            .find_language(wanted)
            .map_err(anyhow::Error::msg)?
            .unwrap_or_default(),
        None => String::new(),
    };
    let launch = match launch {
        Launch::New(Some(meta)) => Launch::New(Some(Meta {
            lang: lang.clone(),
            ..meta
        })),
        other => other,
    };
    if cli.plain || self::plain::wanted_by_terminal() {
        return plain::run(&guide, &store, launch, &lang);
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!("the interview screen needs a terminal; `journey --plain` holds the interview on standard input and output, and for scripts see `journey --help` (list, show, guide check)");
    }
    crate::tui::run(guide, store, launch, &skipped, &lang, cli.theme)
}

/// The guide with the codes the study added in `<data>/codes/`; a code file that cannot be
/// used is skipped, named on stderr with the reason.
pub fn study_guide(file: Option<&Path>, store: &Store) -> Result<Guide> {
    let (guide, skipped) = study_guide_skipping(file, store)?;
    for line in skipped {
        warn!("{line}");
    }
    Ok(guide)
}

/// [`study_guide`], returning the lines for the code files skipped instead of printing them.
pub fn study_guide_skipping(file: Option<&Path>, store: &Store) -> Result<(Guide, Vec<String>)> {
    let mut guide = load_guide(file)?;
    let skipped = guide::codes::extend(&mut guide, store.data_dir());
    Ok((guide, skipped))
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
