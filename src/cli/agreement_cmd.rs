//! `journey agreement [--json] [filters]`: how far the researchers agree with each other and
//! with the gauge, over the sessions two or more of them placed.

use anyhow::Result;

use super::filter_args::FilterArgs;
use crate::agreement::{self, Agreement, CodeAlpha};
use crate::guide::Guide;
use crate::session::Store;

#[derive(Debug, clap::Args)]
pub struct AgreementArgs {
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(store: &Store, guide: &Guide, args: &AgreementArgs) -> Result<()> {
    let filter = args.filter.filter(guide)?;
    let (a, problems) = agreement::select(store, guide, &filter)?;
    for problem in &problems {
        warn!("skipped {problem}");
    }
    if args.json {
        let json = crate::text::json_safe(serde_json::to_string_pretty(&a)?);
        super::out::print(&format!("{json}\n"))?;
        return Ok(());
    }
    super::out::print(&render(guide, &a))?;
    Ok(())
}

/// A figure with three places, or "—" and why there is none.
pub fn figure(value: Option<f64>, note: Option<&str>) -> String {
    match (value, note) {
        (Some(v), _) => format!("{v:.3}"),
        (None, Some(note)) => format!("— ({note})"),
        (None, None) => "—".into(),
    }
}

fn percent(value: Option<f64>) -> String {
    value.map_or("—".into(), |p| format!("{p:.1}%"))
}

/// The agreement as tables to read.
fn render(guide: &Guide, a: &Agreement) -> String {
    let mut out = String::new();
    let sessions = crate::text::count(a.sessions, "session");
    out.push_str(&format!(
        "Agreement over {sessions} placed by two or more researchers{}\n",
        match a.researchers.is_empty() {
            true => String::new(),
            false => format!(" ({})", a.researchers.join(", ")),
        }
    ));
    for note in &a.notes {
        out.push_str(&format!("  {note}\n"));
    }
    if a.sessions == 0 {
        out.push_str(
            "Place a session with `journey place ID STAGE`; a second researcher places it too.\n",
        );
        return out;
    }
    let s = &a.stage;
    out.push_str("\nStage\n");
    out.push_str(&format!("  exact agreement    {}\n", percent(s.percent)));
    let alpha = figure(s.alpha, s.alpha_note.as_deref());
    out.push_str(&format!("  alpha (ordinal)    {alpha}\n"));
    let with = figure(s.alpha_with_gauge, s.alpha_with_gauge_note.as_deref());
    out.push_str(&format!("  alpha with gauge   {with}\n\n"));
    let mut rows = vec![["RATER", "RATER", "SESSIONS", "SAME", "KAPPA (QUADRATIC)"]
        .map(String::from)
        .to_vec()];
    for p in &s.pairs {
        rows.push(vec![
            p.a.clone(),
            p.b.clone(),
            p.n.to_string(),
            percent(Some(p.percent)),
            figure(p.kappa, p.note.as_deref()),
        ]);
    }
    out.push_str(&indent(&super::table::table(&rows, &[24, 24, 8, 8, 80])));
    render_codes(&mut out, a);
    render_disagreements(&mut out, guide, a);
    out
}

fn render_codes(out: &mut String, a: &Agreement) {
    if a.codes.is_empty() {
        return;
    }
    out.push_str("\nCodes (Krippendorff's alpha, nominal: applied or not)\n");
    let cell = |c: &CodeAlpha| figure(c.alpha, c.note.as_deref());
    let mut rows = vec![["CODE", "SESSIONS", "ALPHA", "TEXTS", "ALPHA"]
        .map(String::from)
        .to_vec()];
    for c in &a.codes {
        rows.push(vec![
            c.name.clone(),
            c.sessions.units.to_string(),
            cell(&c.sessions),
            c.segments.units.to_string(),
            cell(&c.segments),
        ]);
    }
    out.push_str(&indent(&super::table::table(&rows, &[28, 8, 60, 6, 60])));
}

fn render_disagreements(out: &mut String, guide: &Guide, a: &Agreement) {
    if a.disagreements.is_empty() {
        out.push_str(
            "\nNo disagreement: every researcher placed each session where the gauge does.\n",
        );
        return;
    }
    out.push_str("\nDisagreements, furthest apart first\n");
    let name = |id: &str| crate::assess::stage_name(guide, id).to_string();
    for d in &a.disagreements {
        let mut placed: Vec<String> = d
            .placements
            .iter()
            .map(|p| format!("{} {} ({})", p.by, name(&p.stage), p.sure.label()))
            .collect();
        placed.push(match &d.gauge {
            Some(g) => format!("gauge {}", name(g)),
            None => "gauge: no evidence".into(),
        });
        out.push_str(&format!("  {}  {}\n", d.id, d.customer));
        out.push_str(&format!("      {}\n", placed.join(" · ")));
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
