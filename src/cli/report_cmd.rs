//! `journey report`: the study report over the sessions the filter options keep.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};

use super::filter_args::FilterArgs;
use crate::guide::Guide;
use crate::index::Filter;
use crate::report::{self, Scope};
use crate::session::Store;

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

/// A report's study, the sessions it counts (by id, in id order) and their names as the
/// report shows them.
pub struct Gathered {
    pub study: report::Study,
    pub ids: Vec<String>,
    names: Names,
}

/// The study over the sessions `filter` keeps, each read once: every part of the filter is
/// decided from the file as read (its stage from the report's own assessment), before names
/// are hidden. Aliases, when anonymised, are those of the whole archive.
pub fn gather(store: &Store, guide: &Guide, filter: &Filter, anonymize: bool) -> Result<Gathered> {
    // Only what the report needs of each summary (id, customer, start), taken one at a time:
    // 100,000 summaries are never held at once.
    let mut customer_of: std::collections::HashMap<String, (String, crate::session::Timestamp)> =
        Default::default();
    let mut ids: Vec<String> = Vec::new();
    let problems = store.select_each(guide, &Filter::default(), &mut |s| {
        ids.push(s.id.clone());
        customer_of.insert(s.id, (s.customer_id.to_string(), s.started));
    })?;
    for problem in &problems {
        warn!("skipped {problem}");
    }
    ids.sort();
    let anonymizer = if anonymize {
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        Some(crate::export::anonymizer_from_files(store, &refs)?)
    } else {
        None
    };
    let kept = std::sync::Mutex::new((Vec::new(), Names::default()));
    let keep = |i: usize, s: &crate::session::Session, a: &crate::assess::Assessment| {
        if !filter.keeps_stage(a.stage.as_deref()) {
            return false;
        }
        if let Ok(mut kept) = kept.lock() {
            let (ids_kept, names) = &mut *kept;
            ids_kept.push(ids[i].clone());
            names.interviewers.insert(s.meta.interviewer.clone());
            names.customers.insert(s.meta.customer.clone());
        }
        true
    };
    let mut study = report::gather_kept(guide, ids.len(), &keep, |i| {
        let mut s = store.load(&ids[i])?;
        if !filter.keeps_unstaged(store, guide, &s) {
            return Ok(None);
        }
        if let Some(a) = &anonymizer {
            a.apply(&mut s);
        }
        Ok(Some(s))
    })?;
    let (mut ids, names) = kept.into_inner().unwrap_or_default();
    ids.sort();
    study.set_movers(movers(
        store,
        guide,
        &ids,
        &customer_of,
        anonymizer.as_ref(),
    )?);
    study.agreement = Some(agreement(store, guide, &ids, anonymizer.as_ref()));
    Ok(Gathered { study, ids, names })
}

/// How each customer with two or more of the sessions kept moved: only its first interview
/// and its latest two are read again (the report tells the latest move), one customer at a
/// time, so a customer interviewed a thousand times costs three sessions.
fn movers(
    store: &Store,
    guide: &Guide,
    kept: &[String],
    customer_of: &std::collections::HashMap<String, (String, crate::session::Timestamp)>,
    anonymizer: Option<&crate::export::Anonymizer>,
) -> Result<Vec<report::Mover>> {
    type Visits<'a> = Vec<(crate::session::Timestamp, &'a str)>;
    let mut by_customer: std::collections::BTreeMap<&str, Visits> = Default::default();
    for id in kept {
        if let Some((c, started)) = customer_of.get(id) {
            by_customer.entry(c).or_default().push((*started, id));
        }
    }
    let mut out = Vec::new();
    for (customer, mut visits) in by_customer.into_iter().filter(|(_, v)| v.len() > 1) {
        visits.sort_unstable();
        let n = visits.len();
        let wanted = [0, n.saturating_sub(2).max(1), n - 1];
        let mut picked: Vec<&str> = wanted.iter().map(|&i| visits[i].1).collect();
        picked.dedup();
        let mut sessions = picked
            .iter()
            .map(|id| store.load(id))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(a) = anonymizer {
            sessions.iter_mut().for_each(|s| a.apply(s));
        }
        let latest = sessions.iter().max_by_key(|s| s.meta.started);
        let name = latest.map(|s| s.meta.customer.clone()).unwrap_or_default();
        let id = if anonymizer.is_some() { "" } else { customer };
        let history = crate::customer::history(guide, id, &name, &sessions);
        if let Some(mut mover) = report::Mover::of(&history) {
            mover.interviews = n;
            out.push(mover);
        }
    }
    Ok(out)
}

/// The researchers' agreement over the sessions reported; anonymised, the customers as the
/// report names them and the researchers as R1, R2, ….
fn agreement(
    store: &Store,
    guide: &Guide,
    ids: &[String],
    anonymizer: Option<&crate::export::Anonymizer>,
) -> crate::agreement::Agreement {
    let (mut agreement, problems) = crate::agreement::over(store, guide, ids);
    for problem in &problems {
        warn!("skipped {problem}");
    }
    if let Some(a) = anonymizer {
        agreement.hide_researchers();
        for d in &mut agreement.disagreements {
            d.customer = a.customer(&d.customer);
        }
    }
    agreement
}

/// The sessions a report with this filter covers, by id in id order.
pub fn sessions(store: &Store, guide: &Guide, filter: &Filter) -> Result<Vec<String>> {
    Ok(gather(store, guide, filter, false)?.ids)
}

pub fn run(store: &Store, guide: &Guide, args: &ReportArgs) -> Result<()> {
    let filter = args.filter.filter(guide)?;
    let Gathered { study, names, .. } = gather(store, guide, &filter, args.anonymize)?;
    if study.sessions == 0 {
        bail!("no session matches");
    }
    let filters = if args.anonymize {
        anonymized_words(guide, &filter, names)
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
            let sessions = crate::export::words::count(study.sessions, "session");
            warn!("wrote {} ({sessions})", path.display());
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
