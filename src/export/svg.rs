//! The SVG charts of the HTML export: horizontal bars and the stage gauge, inline, every label
//! escaped.

use std::fmt::Write as _;

use super::html::esc;
use super::summary::StageView;
use crate::assess::insights::Bar;

/// Horizontal bars as SVG: label, bar, count.
pub fn bar_chart(bars: &[Bar], total: usize) -> String {
    let row = 24;
    let (label_w, bar_w) = (230.0, 380.0);
    let height = row * bars.len().max(1) + 4;
    let mut svg = format!(
        "<svg role=\"img\" width=\"100%\" viewBox=\"0 0 680 {height}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i * row;
        let w = if total == 0 {
            0.0
        } else {
            bar_w * bar.count as f64 / total as f64
        };
        let _ = write!(
            svg,
            "<g><title>{}</title><text x=\"0\" y=\"{}\">{}</text></g><rect x=\"{label_w}\" y=\"{}\" width=\"{bar_w}\" height=\"14\" fill=\"#eef1f4\"/>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"14\" fill=\"#0b7285\"/><text x=\"{}\" y=\"{}\">{}</text>",
            esc(&bar.label),
            y + 15,
            esc(&crate::text::truncate(&bar.label, 34)),
            y + 3,
            y + 3,
            label_w + bar_w + 8.0,
            y + 15,
            bar.count
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The stage gauge: the stages along a track, the customer's position marked.
pub fn gauge(st: &StageView) -> String {
    let (x0, x1) = (40.0, 640.0);
    let last = (st.scale.len().max(2) - 1) as f64;
    let x = |p: f64| x0 + (x1 - x0) * p / last;
    let mut svg = String::from(
        "<svg role=\"img\" width=\"100%\" viewBox=\"0 0 680 86\" xmlns=\"http://www.w3.org/2000/svg\">\
         <line x1=\"40\" y1=\"44\" x2=\"640\" y2=\"44\" stroke=\"#d0d5dd\" stroke-width=\"6\" stroke-linecap=\"round\"/>",
    );
    if let Some([low, high]) = st.range {
        // The band the evidence allows.
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"44\" x2=\"{:.1}\" y2=\"44\" stroke=\"#0b7285\" stroke-opacity=\"0.45\" stroke-width=\"14\" stroke-linecap=\"round\"><title>band {low:.2}–{high:.2}</title></line>",
            x(low),
            x(high)
        );
    }
    for (i, stage) in st.scale.iter().enumerate() {
        let cx = x(i as f64);
        let _ = write!(
            svg,
            "<line x1=\"{cx:.1}\" y1=\"36\" x2=\"{cx:.1}\" y2=\"52\" stroke=\"#667085\"/>\
             <text x=\"{cx:.1}\" y=\"24\" text-anchor=\"middle\">{}</text>",
            esc(stage)
        );
    }
    if let Some(p) = st.position {
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"44\" r=\"9\" fill=\"#0b7285\" stroke=\"white\" stroke-width=\"2\"/>\
             <text x=\"{:.1}\" y=\"76\" text-anchor=\"middle\">{p:.2}</text>",
            x(p),
            x(p)
        );
    }
    svg.push_str("</svg>");
    svg
}
