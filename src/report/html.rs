//! The study report as one self-contained, print-ready page: inline SVG charts (stacked bars
//! and cross-tab heatmaps), nothing fetched from the network, every value escaped.

use std::fmt::Write as _;

use super::view::{ReportView, StageSection, NO_EVIDENCE as NONE};
use super::{Scope, Study};
use crate::export::html_escape as esc;
use crate::guide::Guide;

const STYLE: &str = r#"
:root { --ink: #1d2330; --dim: #667085; --line: #d0d5dd; --accent: #0b7285; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 1.8rem 0 .4rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; } .meta, .dim { color: var(--dim); }
table { border-collapse: collapse; } td, th { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--line); }
td.n { text-align: right; } blockquote { margin: .4rem 0; padding: .2rem .8rem; border-left: 3px solid var(--accent); }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } section.stage { break-inside: avoid-page; } }
"#;

/// Shades of the accent for the parts of a stacked bar, and grey for "no evidence".
const SHADES: [&str; 6] = [
    "#c5e4ea", "#8cc9d5", "#4fa6b8", "#0b7285", "#085464", "#e9ecef",
];

/// One stacked bar: each part's label and count, as wide as `total` allows.
fn stacked(label: &str, parts: &[(&str, usize)]) -> String {
    let total: usize = parts.iter().map(|p| p.1).sum();
    let mut svg = format!(
        "<svg role=\"img\" width=\"100%\" viewBox=\"0 0 680 40\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>\
         <text x=\"0\" y=\"13\">{}</text>",
        esc(label),
        esc(label)
    );
    let mut x = 0.0;
    for (i, (name, n)) in parts.iter().enumerate() {
        if *n == 0 || total == 0 {
            continue;
        }
        let w = 680.0 * *n as f64 / total as f64;
        // "No evidence" is always the pale grey; the levels darken as they rise.
        let shade = if *name == NONE {
            SHADES[SHADES.len() - 1]
        } else {
            SHADES[i.min(SHADES.len() - 2)]
        };
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"18\" width=\"{w:.1}\" height=\"18\" fill=\"{shade}\"><title>{}: {n}</title></rect>",
            esc(name)
        );
        let ink = if i >= 3 && *name != NONE {
            " style=\"fill:#fff\""
        } else {
            ""
        };
        // The name where it fits; else the count alone, so a printout shows every part.
        if w > 60.0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"31\"{ink}>{} {n}</text>",
                x + 4.0,
                esc(&crate::text::truncate(name, (w / 7.5) as usize))
            );
        } else if w >= 8.0 * (n.to_string().len() as f64) + 4.0 {
            let _ = write!(svg, "<text x=\"{:.1}\" y=\"31\"{ink}>{n}</text>", x + 2.0);
        }
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

/// A cross-tab as a heatmap: darker cells hold more interviews; each cell shows its count.
fn heatmap(rows: &[&str], columns: &[String], counts: &[Vec<usize>]) -> String {
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let (left, cell_w, cell_h, top) = (150.0, (530.0 / columns.len().max(1) as f64), 26.0, 70.0);
    let height = top + cell_h * rows.len() as f64 + 4.0;
    let mut svg = format!(
        "<svg role=\"img\" width=\"100%\" viewBox=\"0 0 680 {height:.0}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (j, c) in columns.iter().enumerate() {
        let x = left + cell_w * j as f64 + cell_w / 2.0;
        let _ = write!(
            svg,
            "<text transform=\"translate({x:.1},{:.1}) rotate(-30)\">{}</text>",
            top - 6.0,
            esc(&crate::text::truncate(c, 22))
        );
    }
    for (i, (r, row)) in rows.iter().zip(counts).enumerate() {
        let y = top + cell_h * i as f64;
        let _ = write!(svg, "<text x=\"0\" y=\"{:.1}\">{}</text>", y + 17.0, esc(r));
        for (j, n) in row.iter().enumerate() {
            let x = left + cell_w * j as f64;
            let shade = 0.08 + 0.92 * (*n as f64 / max as f64);
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#0b7285\" fill-opacity=\"{shade:.2}\"><title>{} × {}: {n}</title></rect>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
                cell_w - 2.0,
                cell_h - 2.0,
                esc(r),
                esc(&columns[j]),
                x + cell_w / 2.0,
                y + 17.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

pub fn render(guide: &Guide, study: &Study, scope: &Scope) -> String {
    let view = ReportView::new(guide, study, scope);
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(view.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(view.title));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(&view.about));
    out.push_str("<h2>Customers by stage</h2>\n");
    let parts: Vec<(&str, usize)> = view
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.customers))
        .collect();
    out.push_str(&stacked("Customers now", &parts));
    let _ = writeln!(out, "<p>{}</p>", esc(super::view::COUNTED));
    out.push_str("<table><tr><th>Stage</th><th>Customers now</th><th>Interviews</th><th>Weak evidence</th><th>Disagreeing</th></tr>");
    for r in &view.rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.name),
            r.customers,
            r.interviews,
            r.weak,
            r.disagreeing
        );
    }
    out.push_str("</table>\n");
    if let Some(line) = super::agreement::gauge_line(study) {
        let _ = writeln!(out, "<p>{}</p>", esc(&line));
    }
    for stage in &view.stages {
        render_stage(&mut out, stage);
    }
    render_movement(&mut out, &study.movers);
    out.push_str("<h2>Across stages</h2>\n");
    let rows: Vec<&str> = view.rows.iter().map(|r| r.name.as_str()).collect();
    for tab in &view.cross_tabs {
        let map = heatmap(&rows, &tab.columns, tab.counts);
        let _ = writeln!(out, "<h3>{}</h3>{map}", esc(tab.title));
    }
    super::agreement::html(&mut out, guide, study);
    out.push_str("</body>\n</html>\n");
    out
}

/// Who moved, stalled at the chasm or went back between their first and latest interviews.
fn render_movement(out: &mut String, movers: &[super::Mover]) {
    if movers.is_empty() {
        return;
    }
    let tally = super::movement::tally(movers);
    let n = crate::text::count(movers.len(), "customer");
    let _ = writeln!(
        out,
        "<h2>Movement</h2>\n<p>{} interviewed more than once; at their latest interview: {}.</p>",
        esc(&n),
        esc(&tally)
    );
    out.push_str("<table><tr><th>Customer</th><th>Interviews</th><th>First</th><th>Latest</th><th>Latest move</th><th>What changed since the interview before</th></tr>");
    for m in movers {
        let changed: Vec<String> = m.changed().iter().map(|l| esc(l)).collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&m.customer),
            m.interviews,
            esc(&m.first),
            esc(&m.latest),
            esc(m.movement.label()),
            changed.join("<br>")
        );
    }
    out.push_str("</table>\n");
}

/// "name (3), other (1)", escaped.
fn counted(items: &[(&str, usize)]) -> String {
    let list: Vec<String> = items
        .iter()
        .map(|(k, n)| format!("{} ({n})", esc(k)))
        .collect();
    list.join(", ")
}

fn render_stage(out: &mut String, g: &StageSection) {
    let _ = writeln!(out, "<section class=\"stage\"><h2>{}</h2>", esc(&g.heading));
    out.push_str("<h3>Drivers</h3>");
    for (name, levels) in &g.drivers {
        out.push_str(&stacked(name, levels));
    }
    out.push_str("<h3>Most common</h3><ul>");
    for (title, items) in &g.highlights {
        let _ = write!(out, "<li><b>{}</b>: {}</li>", esc(title), counted(items));
    }
    out.push_str("</ul><h3>Obstacles</h3><ul>");
    for o in &g.obstacles {
        let worked = if o.worked.is_empty() {
            String::new()
        } else {
            format!("; where resolved: {}", counted(&o.worked))
        };
        let (name, raised, resolved) = (esc(o.name), o.raised, o.resolved);
        let _ = write!(
            out,
            "<li>{name}: raised by {raised}, resolved by {resolved}{worked}</li>"
        );
    }
    out.push_str("</ul>");
    if !g.codes.is_empty() {
        let _ = write!(out, "<p><b>Codes applied</b>: {}</p>", counted(&g.codes));
    }
    let milestones: Vec<String> = g
        .milestones
        .iter()
        .map(|(name, reached, known)| format!("{}: {reached} of {known} known", esc(name)))
        .collect();
    if !milestones.is_empty() {
        let _ = write!(
            out,
            "<p><b>Inflection points reached</b>: {}</p>",
            milestones.join(" · ")
        );
    }
    for q in &g.quotes {
        let _ = write!(
            out,
            "<blockquote>{}{}{}<br><span class=\"dim\">— {}, on {}</span></blockquote>",
            q.quote.open,
            esc(q.quote.text),
            q.quote.close,
            esc(&q.who),
            esc(q.question)
        );
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    /// A part too narrow for its name still shows its count; one too narrow for that shows
    /// nothing (its title says both).
    #[test]
    fn a_narrow_part_of_a_bar_shows_its_count() {
        let svg = super::stacked("Customers now", &[("Stage zero", 2), ("IT Production", 22)]);
        assert!(svg.contains(">2</text>"), "{svg}");
        assert!(svg.contains(">IT Production 22</text>"), "{svg}");
        let svg = super::stacked(
            "Customers now",
            &[("Stage zero", 1), ("IT Production", 400)],
        );
        assert!(!svg.contains(">1</text>"), "{svg}");
        assert!(svg.contains("<title>Stage zero: 1</title>"), "{svg}");
    }
}
