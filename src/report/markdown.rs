//! The study report in Markdown, to paste into a write-up.

use std::fmt::Write as _;

use super::view::{CrossTabView, ReportView, StageRow, StageSection};
use super::{Scope, Study};
use crate::guide::Guide;

/// Text safe in Markdown and in its table cells: no pipes, no line breaks, and no markup (a
/// quote with `<script>` or `*` is shown as typed, as in the Markdown export).
fn cell(text: &str) -> String {
    crate::export::md(text)
}

pub fn render(guide: &Guide, study: &Study, scope: &Scope) -> String {
    let view = ReportView::new(guide, study, scope);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(view.title));
    let _ = writeln!(out, "{}\n", cell(&view.about));
    let _ = writeln!(out, "## Customers by stage\n");
    let _ = writeln!(out, "{}\n", cell(super::view::COUNTED));
    let _ = writeln!(
        out,
        "| Stage | Customers now | Interviews | Weak evidence | Disagreeing evidence |\n|---|---:|---:|---:|---:|"
    );
    for r in &view.rows {
        let (name, n, i) = (cell(&r.name), r.customers, r.interviews);
        let _ = writeln!(
            out,
            "| {name} | {n} | {i} | {} | {} |",
            r.weak, r.disagreeing
        );
    }
    out.push('\n');
    if let Some(line) = super::agreement::gauge_line(study) {
        let _ = writeln!(out, "{}\n", cell(&line));
    }
    for stage in &view.stages {
        render_stage(&mut out, stage);
    }
    render_movement(&mut out, &study.movers);
    let _ = writeln!(out, "## Across stages\n");
    for tab in &view.cross_tabs {
        render_cross_tab(&mut out, &view.rows, tab);
    }
    super::agreement::markdown(&mut out, guide, study, cell);
    out
}

/// Who moved, stalled at the chasm or went back between their first and latest interviews.
fn render_movement(out: &mut String, movers: &[super::Mover]) {
    if movers.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Movement\n");
    let tally = super::movement::tally(movers);
    let n = crate::text::count(movers.len(), "customer");
    let _ = writeln!(
        out,
        "{n} interviewed more than once; at their latest interview: {tally}.\n"
    );
    let _ = writeln!(
        out,
        "| Customer | Interviews | First | Latest | Latest move |\n|---|---:|---|---|---|"
    );
    for m in movers {
        let (who, first, latest) = (cell(&m.customer), cell(&m.first), cell(&m.latest));
        let what = m.movement.label();
        let _ = writeln!(
            out,
            "| {who} | {} | {first} | {latest} | {what} |",
            m.interviews
        );
    }
    out.push('\n');
    for m in movers.iter().filter(|m| !m.changed().is_empty()) {
        let _ = writeln!(
            out,
            "**{}** ({} at the latest interview): what changed\n",
            cell(&m.customer),
            m.movement.label()
        );
        for line in m.changed() {
            let _ = writeln!(out, "- {}", cell(&line));
        }
        out.push('\n');
    }
}

/// "name (3), other (1)".
fn counted(items: &[(&str, usize)]) -> String {
    let list: Vec<String> = items
        .iter()
        .map(|(k, n)| format!("{} ({n})", cell(k)))
        .collect();
    list.join(", ")
}

fn render_stage(out: &mut String, g: &StageSection) {
    let _ = writeln!(out, "## {}\n", cell(&g.heading));
    if g.weak + g.disagreeing > 0 {
        let _ = writeln!(
            out,
            "{} with weak evidence, {} with answers that disagree.\n",
            g.weak, g.disagreeing
        );
    }
    let _ = writeln!(out, "**Drivers**\n");
    for (name, levels) in &g.drivers {
        let levels: Vec<String> = levels
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{} {n}", cell(l)))
            .collect();
        let _ = writeln!(out, "- {}: {}", cell(name), levels.join(" · "));
    }
    out.push('\n');
    for (title, items) in &g.highlights {
        let _ = writeln!(out, "- **{}**: {}", cell(title), counted(items));
    }
    out.push('\n');
    let _ = writeln!(out, "**Obstacles**\n");
    for o in &g.obstacles {
        let (name, raised, resolved) = (cell(o.name), o.raised, o.resolved);
        let mut line = format!("- {name}: raised by {raised}, resolved by {resolved}");
        if !o.worked.is_empty() {
            let _ = write!(line, "; where resolved: {}", counted(&o.worked));
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    if !g.codes.is_empty() {
        let _ = writeln!(out, "**Codes applied**: {}\n", counted(&g.codes));
    }
    let milestones: Vec<String> = g
        .milestones
        .iter()
        .map(|(name, reached, known)| format!("{}: {reached} of {known} known", cell(name)))
        .collect();
    if !milestones.is_empty() {
        let _ = writeln!(
            out,
            "**Inflection points reached**: {}\n",
            milestones.join(" · ")
        );
    }
    for q in &g.quotes {
        let (open, close) = (q.quote.open, q.quote.close);
        let _ = writeln!(
            out,
            "> {open}{}{close} — {}, on {}\n",
            cell(q.quote.text),
            cell(&q.who),
            cell(q.question)
        );
    }
}

fn render_cross_tab(out: &mut String, rows: &[StageRow], tab: &CrossTabView) {
    let _ = writeln!(out, "### {}\n", tab.title);
    let columns: Vec<String> = tab.columns.iter().map(|c| cell(c)).collect();
    let _ = writeln!(out, "| Stage | {} |", columns.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(columns.len()));
    for (row, counts) in rows.iter().zip(tab.counts) {
        let cells: Vec<String> = counts.iter().map(usize::to_string).collect();
        let _ = writeln!(out, "| {} | {} |", cell(&row.name), cells.join(" | "));
    }
    out.push('\n');
}
