//! `journey customers [--json]`, `journey customers merge FROM INTO` and `journey customer show
//! NAME [--json]`: a customer across its interviews.

use anyhow::{Context, Result};

use crate::customer::{self, Customer, History};
use crate::guide::Guide;
use crate::session::Store;
use crate::text;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CustomersArgs {
    #[command(subcommand)]
    pub command: Option<CustomersCommand>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum CustomersCommand {
    /// Join two spellings of one customer: every interview of FROM takes INTO's id (rewritten
    /// under its lock; nothing else changes; a sync carries it to the team)
    Merge {
        /// The customer to join into the other: its id or a name its interviews use
        from: String,
        /// The customer it joins
        into: String,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum CustomerCommand {
    /// A customer's interviews in date order with position, stage, band and drivers; the
    /// milestones with the date each was first seen reached; the obstacles with when they were
    /// raised and resolved; and the movement from one interview to the next
    Show {
        /// The customer's id, a name its interviews use, or the start of one
        name: String,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
}

pub fn customers(store: &Store, guide: &Guide, args: &CustomersArgs) -> Result<()> {
    let all = known(store, guide)?;
    if let Some(CustomersCommand::Merge { from, into }) = &args.command {
        return merge(store, &all, from, into);
    }
    if args.json {
        say!("{}", text::json_safe(serde_json::to_string_pretty(&all)?));
        return Ok(());
    }
    if all.is_empty() {
        say!("No customers yet in {}.", store.sessions_dir().display());
        return Ok(());
    }
    let mut rows = vec![[
        "CUSTOMER",
        "ID",
        "INTERVIEWS",
        "FIRST",
        "LATEST",
        "LATEST STAGE",
    ]
    .map(String::from)
    .to_vec()];
    for c in &all {
        let (first, last) = (&c.interviews[0], &c.interviews[c.interviews.len() - 1]);
        let mut name = c.name.clone();
        if !c.other_names.is_empty() {
            name.push_str(&format!(" (also {})", c.other_names.join(", ")));
        }
        rows.push(vec![
            name,
            c.id.clone(),
            c.interviews.len().to_string(),
            first.started.format("%Y-%m-%d").to_string(),
            last.started.format("%Y-%m-%d").to_string(),
            crate::assess::stage_label(guide, last.stage.as_deref(), last.between.as_ref()),
        ]);
    }
    super::out::print(&super::table::table(&rows, &[40, 32, 10, 10, 10, 40]))?;
    Ok(())
}

pub fn customer(store: &Store, guide: &Guide, command: &CustomerCommand) -> Result<()> {
    let CustomerCommand::Show { name, json } = command;
    let all = known(store, guide)?;
    let c = customer::find(&all, name)?;
    // Its interviews read across the cores, as the customer page reads them.
    let h = customer::read_history(store, guide, c, &|| true)?
        .ok_or_else(|| anyhow::anyhow!("the interviews of {} were not read", c.name))?;
    if *json {
        say!("{}", text::json_safe(serde_json::to_string_pretty(&h)?));
    } else {
        super::out::print(&shown(&h))?;
    }
    Ok(())
}

fn known(store: &Store, guide: &Guide) -> Result<Vec<Customer>> {
    let listing = store.summaries(guide)?;
    for problem in &listing.problems {
        warn!("skipped {problem}");
    }
    Ok(customer::customers(&listing.sessions))
}

fn merge(store: &Store, all: &[Customer], from: &str, into: &str) -> Result<()> {
    let from = customer::find(all, from)?;
    let into = customer::find(all, into)?;
    if from.id == into.id {
        say!(
            "{} and {} are already one customer ({})",
            from.name,
            into.name,
            into.id
        );
        return Ok(());
    }
    let ids: Vec<&str> = from.interviews.iter().map(|i| i.session.as_str()).collect();
    // Every lock first: an interview open elsewhere stops the merge before anything changes.
    let locks = ids
        .iter()
        .map(|id| store.lock(id).with_context(|| format!("session {id}")))
        .collect::<Result<Vec<_>>>()?;
    for id in &ids {
        let mut s = store.load(id)?;
        s.meta.customer_id = into.id.clone();
        s.meta.updated = crate::session::now();
        store.save(&s)?;
    }
    drop(locks);
    say!(
        "{} joined {} ({}): {} rewritten",
        from.name,
        into.name,
        into.id,
        text::count(ids.len(), "interview")
    );
    Ok(())
}

/// `customer show` as text.
fn shown(h: &History) -> String {
    let mut out = format!("{} ({})\n\nInterviews\n", h.name, h.id);
    for i in &h.interviews {
        let band = i
            .band
            .map(|[l, h]| format!(" · band {l:.1}–{h:.1}"))
            .unwrap_or_default();
        let at = i.position.map(|p| format!(" {p:.1}")).unwrap_or_default();
        out.push_str(&format!(
            "  {}  {}{at}{band}  ({}; {} with {})\n",
            i.started.format("%Y-%m-%d"),
            i.stage_label,
            i.session,
            text::line(&i.interviewer),
            text::line(&i.participant),
        ));
        let drivers: Vec<String> = i
            .drivers
            .iter()
            .filter_map(|d| Some(format!("{}: {}", d.name, d.level_name.as_deref()?)))
            .collect();
        if !drivers.is_empty() {
            out.push_str(&format!("      {}\n", drivers.join(" · ")));
        }
    }
    if !h.movement.is_empty() {
        out.push_str("\nMovement\n");
    }
    for m in &h.movement {
        let figure = |p: Option<f64>| p.map_or("—".into(), |p| format!("{p:.1}"));
        out.push_str(&format!(
            "  {} → {}: {} {} → {}\n",
            m.session_from,
            m.session_to,
            m.movement.label(),
            figure(m.from),
            figure(m.to)
        ));
        for c in m.changes.drivers.iter().chain(&m.changes.obstacles) {
            out.push_str(&format!("      {}: {} → {}\n", c.name, c.from, c.to));
        }
        let answers = m.changes.answers.len();
        if answers > 0 {
            out.push_str(&format!(
                "      {} differ\n",
                text::count(answers, "answer")
            ));
        }
    }
    out.push_str("\nMilestones\n");
    for m in &h.milestones {
        let when = m.words();
        out.push_str(&format!("  {}: {when}\n", m.name));
    }
    out.push_str("\nObstacles\n");
    for o in &h.obstacles {
        let mut line = format!("  {}: {}", o.name, o.latest.label());
        for words in o.words() {
            line.push_str(&format!(" · {words}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
