//! `journey report`: the study report over the sessions the filter options keep.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};

use super::filter_args::FilterArgs;
use crate::guide::Guide;
use crate::report::{self, Scope};
use crate::session::{Filter, Store};

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
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Customers, participants and interviewers as C1, P1, I1, in quotes too
    #[arg(long)]
    pub anonymize: bool,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

/// The sessions a report covers: those `filter` keeps (decided from the files), by id in id
/// order. Files that could not be read are named on stderr.
pub fn sessions(store: &Store, guide: &Guide, filter: &Filter) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for problem in store.select_each(guide, filter, &mut |s| ids.push(s.id))? {
        warn!("skipped {problem}");
    }
    ids.sort();
    Ok(ids)
}

pub fn run(store: &Store, guide: &Guide, args: &ReportArgs) -> Result<()> {
    let filter = args.filter.filter(guide)?;
    let ids = sessions(store, guide, &filter)?;
    if ids.is_empty() {
        bail!("no session matches");
    }
    // Aliases over the sessions reported, as an export of the same sessions gives them.
    let anonymizer = if args.anonymize {
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        Some(crate::export::anonymizer_from_files(store, &refs)?)
    } else {
        None
    };
    // The names the report keeps, as it names them: an anonymised header says I1 or C1, never
    // the name the filter was given.
    let names = std::sync::Mutex::new(Names::default());
    let study = report::gather(guide, ids.len(), None, |i| {
        let mut s = store.load(&ids[i])?;
        if let Some(a) = &anonymizer {
            a.apply(&mut s);
        }
        if let Ok(mut seen) = names.lock() {
            seen.interviewers.insert(s.meta.interviewer.clone());
            seen.customers.insert(s.meta.customer.clone());
        }
        Ok(Some(s))
    })?;
    if study.sessions == 0 {
        bail!("no session matches");
    }
    let filters = if args.anonymize {
        anonymized_words(guide, &filter, names.into_inner().unwrap_or_default())
    } else {
        filter.describe(guide)
    };
    let scope = Scope::new(guide, filters, args.anonymize);
    let text = match args.format {
        ReportFormat::Markdown => report::markdown(guide, &study, &scope),
        ReportFormat::Html => report::html(guide, &study, &scope),
    };
    match &args.output {
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
        Some(path) => {
            crate::export::write(path, &text, args.force)?;
            warn!("wrote {} ({} sessions)", path.display(), study.sessions);
        }
    }
    Ok(())
}

/// The names in the sessions reported, as the report shows them.
#[derive(Default)]
struct Names {
    interviewers: std::collections::BTreeSet<String>,
    customers: std::collections::BTreeSet<String>,
}

/// The filter in words for an anonymised report: the names it was given become the aliases of
/// the names it kept, and the words it searched for are withheld (they may be names).
fn anonymized_words(guide: &Guide, filter: &Filter, names: Names) -> Vec<String> {
    let aliases = |given: &Option<String>, seen: std::collections::BTreeSet<String>| {
        given.as_ref().map(|given| {
            if given.trim().is_empty() {
                String::new()
            } else {
                let seen: Vec<String> = seen.into_iter().filter(|n| !n.is_empty()).collect();
                seen.join(", ")
            }
        })
    };
    let shown = Filter {
        interviewer: aliases(&filter.interviewer, names.interviewers),
        customer: aliases(&filter.customer, names.customers),
        text: String::new(),
        ..filter.clone()
    };
    let mut words = shown.describe(guide);
    match filter.terms().len() {
        0 => {}
        1 => words.push("mentioning a word withheld".to_string()),
        n => words.push(format!("mentioning {n} words withheld")),
    }
    words
}
