//! The study report in Markdown, to paste into a write-up.

use std::fmt::Write as _;

use super::{top, CrossTab, Scope, Study};
use crate::export::words::quote_marks;
use crate::guide::Guide;

/// Markdown table cells: no pipes or line breaks.
fn cell(text: &str) -> String {
    crate::text::line(text).replace('|', "\\|")
}

pub fn render(guide: &Guide, study: &Study, scope: &Scope) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&scope.title));
    let mut about = format!(
        "{} interview{} · guide {} {} · generated {}",
        study.sessions,
        if study.sessions == 1 { "" } else { "s" },
        guide.id,
        guide.version,
        scope.generated
    );
    if !scope.filters.is_empty() {
        let _ = write!(about, " · {}", scope.filters.join(", "));
    }
    if scope.anonymized {
        about.push_str(" · anonymised");
    }
    let _ = writeln!(out, "{}\n", cell(&about));
    let rows = Study::row_names(guide);

    let _ = writeln!(out, "## Customers by stage\n");
    let _ = writeln!(
        out,
        "| Stage | Customers | Weak evidence | Disagreeing evidence |\n|---|---:|---:|---:|"
    );
    for (name, g) in rows.iter().zip(&study.stages) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(name),
            g.customers,
            g.weak,
            g.disagreeing
        );
    }
    out.push('\n');

    for (s, (name, g)) in rows.iter().zip(&study.stages).enumerate() {
        if g.customers == 0 {
            continue;
        }
        let theme = guide
            .stages
            .get(s)
            .map_or(String::new(), |st| format!(" ({})", st.theme));
        let _ = writeln!(
            out,
            "## {}{}: {} customer{}\n",
            cell(name),
            cell(&theme),
            g.customers,
            if g.customers == 1 { "" } else { "s" }
        );
        if g.weak + g.disagreeing > 0 {
            let _ = writeln!(
                out,
                "{} with weak evidence, {} with answers that disagree.\n",
                g.weak, g.disagreeing
            );
        }
        let _ = writeln!(out, "**Drivers**\n");
        for (d, counts) in guide.drivers.iter().zip(&g.drivers) {
            let levels: Vec<String> = d
                .levels
                .iter()
                .chain(std::iter::once(&"no evidence".to_string()))
                .zip(counts)
                .filter(|(_, n)| **n > 0)
                .map(|(l, n)| format!("{} {n}", cell(l)))
                .collect();
            let _ = writeln!(out, "- {}: {}", cell(&d.name), levels.join(" · "));
        }
        out.push('\n');
        for (h, items) in guide.highlights.iter().zip(&g.highlights) {
            let items = top(items);
            if items.is_empty() {
                continue;
            }
            let list: Vec<String> = items
                .iter()
                .map(|(k, n)| format!("{} ({n})", cell(k)))
                .collect();
            let _ = writeln!(out, "- **{}**: {}", cell(&h.title), list.join(", "));
        }
        out.push('\n');
        let _ = writeln!(out, "**Obstacles**\n");
        for (o, (raised, resolved, tactics)) in guide.obstacles.iter().zip(&g.obstacles) {
            let mut line = format!(
                "- {}: raised by {raised}, resolved by {resolved}",
                cell(&o.name)
            );
            let worked: Vec<String> = o
                .tactics
                .iter()
                .zip(tactics)
                .filter(|(_, n)| **n > 0)
                .map(|(t, n)| format!("{} ({n})", cell(&t.name)))
                .collect();
            if !worked.is_empty() {
                let _ = write!(line, "; where resolved: {}", worked.join(", "));
            }
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
        if !g.codes.is_empty() {
            let list: Vec<String> = top(&g.codes)
                .iter()
                .map(|(k, n)| format!("{} ({n})", cell(k)))
                .collect();
            let _ = writeln!(out, "**Codes applied**: {}\n", list.join(", "));
        }
        let milestones: Vec<String> = guide
            .milestones
            .iter()
            .zip(&g.milestones)
            .map(|(m, (reached, known))| format!("{}: {reached} of {known} known", cell(&m.name)))
            .collect();
        if !milestones.is_empty() {
            let _ = writeln!(
                out,
                "**Inflection points reached**: {}\n",
                milestones.join(" · ")
            );
        }
        for q in &g.quotes {
            let (open, close) = quote_marks(&q.text);
            let _ = writeln!(
                out,
                "> {open}{}{close} — {}, on {}\n",
                cell(&q.text),
                cell(&q.customer),
                cell(&q.question)
            );
        }
    }

    let _ = writeln!(out, "## Across stages\n");
    for CrossTab {
        title,
        columns,
        counts,
    } in study.cross_tabs(guide)
    {
        let _ = writeln!(out, "### {title}\n");
        let _ = writeln!(
            out,
            "| Stage | {} |",
            columns
                .iter()
                .map(|c| cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(out, "|---|{}", "---:|".repeat(columns.len()));
        for (name, row) in rows.iter().zip(counts.iter()) {
            let cells: Vec<String> = row.iter().map(usize::to_string).collect();
            let _ = writeln!(out, "| {} | {} |", cell(name), cells.join(" | "));
        }
        out.push('\n');
    }
    out
}
