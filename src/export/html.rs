//! HTML: one self-contained page (no network, no external assets) with the stage gauge and the
//! cross-session charts as inline SVG, readable on screen and on paper. Every value is escaped.

use std::fmt::Write as _;

use super::{answer_cell, Export, Item};
use crate::assess::insights::{insights, Bar, Insights};
use crate::assess::{Assessment, MilestoneState, Reason};
use crate::guide::{Guide, ObstacleStatus};

/// Text safe in HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::block(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1d2330; --dim: #667085; --line: #d0d5dd; --accent: #0b7285; --ok: #2b8a3e; --warn: #e67700; --bad: #c92a2a; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 1.6rem 0 .4rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.meta { color: var(--dim); margin: 0 0 1rem; } .dim { color: var(--dim); }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
ul.reasons { margin: .2rem 0 .6rem; padding-left: 1.2rem; } ul.reasons li { color: var(--dim); } ul.reasons b { color: var(--ink); font-weight: 600; }
.status-raised { color: var(--bad); font-weight: 600; } .status-being_addressed { color: var(--warn); font-weight: 600; }
.status-resolved, .status-not_an_obstacle { color: var(--ok); font-weight: 600; } .status-not_discussed { color: var(--dim); }
blockquote { margin: .4rem 0; padding: .2rem .8rem; border-left: 3px solid var(--accent); }
dt { font-weight: 600; margin-top: .6rem; } dd { margin: 0 0 0 1rem; } .notes { color: var(--dim); white-space: pre-wrap; }
section.session { margin-top: 3rem; } svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
@media print { body { margin: 0; max-width: none; } section.session { break-before: page; } a { color: inherit; } }
"#;

pub fn render(export: &Export) -> String {
    let guide = export.guide;
    let title = match export.items.as_slice() {
        [one] => format!("{} — journey interview", one.session.meta.customer),
        items => format!("journey: {} interviews", items.len()),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Exported {} · guide {} {}{}</p>",
        esc(&export.exported.format("%Y-%m-%d %H:%M %:z").to_string()),
        esc(&guide.id),
        esc(&guide.version),
        if export.anonymized {
            " · anonymised"
        } else {
            ""
        }
    );
    if export.items.len() > 1 {
        overview(&mut out, guide, &insights(guide, &export.pairs()));
    }
    for item in &export.items {
        session(&mut out, guide, item);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Horizontal bars as SVG: label, bar, count.
fn bar_chart(bars: &[Bar], total: usize) -> String {
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

fn overview(out: &mut String, guide: &Guide, i: &Insights) {
    let _ = writeln!(out, "<h1>{} interviews</h1>", i.sessions);
    let _ = writeln!(
        out,
        "<h2>Where the customers sit</h2>\n{}",
        bar_chart(&i.stages, i.sessions)
    );
    let raised: Vec<Bar> = i.obstacles.iter().map(|o| o.raised.clone()).collect();
    let _ = writeln!(
        out,
        "<h2>Obstacles raised</h2>\n{}",
        bar_chart(&raised, i.sessions)
    );
    let _ = writeln!(
        out,
        "<table><tr><th>Tactic</th><th>Used</th><th>Obstacle resolved</th></tr>"
    );
    for (o, obstacle) in i.obstacles.iter().zip(&guide.obstacles) {
        for t in &o.tactics {
            let _ = writeln!(
                out,
                "<tr><td>{}: {}</td><td>{}</td><td>{}</td></tr>",
                esc(&obstacle.name),
                esc(&t.used.label),
                t.used.count,
                t.resolved
            );
        }
    }
    out.push_str("</table>\n");
    for h in i.highlights.iter().filter(|h| !h.bars.is_empty()) {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n{}",
            esc(&h.title),
            bar_chart(&h.bars, i.sessions)
        );
    }
    if !i.follow_ups.is_empty() {
        let _ = writeln!(out, "<h2>Open follow-ups</h2>\n<ul>");
        for f in &i.follow_ups {
            let _ = writeln!(
                out,
                "<li><b>{}</b>: {}</li>",
                esc(&f.customer),
                esc(&f.question)
            );
        }
        out.push_str("</ul>\n");
    }
}

/// The stage gauge: the stages along a track, the customer's position marked.
fn gauge(guide: &Guide, a: &Assessment) -> String {
    let (x0, x1) = (40.0, 640.0);
    let last = (guide.stages.len().max(2) - 1) as f64;
    let x = |p: f64| x0 + (x1 - x0) * p / last;
    let mut svg = String::from(
        "<svg role=\"img\" width=\"100%\" viewBox=\"0 0 680 86\" xmlns=\"http://www.w3.org/2000/svg\">\
         <line x1=\"40\" y1=\"44\" x2=\"640\" y2=\"44\" stroke=\"#d0d5dd\" stroke-width=\"6\" stroke-linecap=\"round\"/>",
    );
    if let Some([low, high]) = a.range {
        // The band the evidence allows.
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"44\" x2=\"{:.1}\" y2=\"44\" stroke=\"#0b7285\" stroke-opacity=\"0.45\" stroke-width=\"14\" stroke-linecap=\"round\"><title>band {low:.2}–{high:.2}</title></line>",
            x(low),
            x(high)
        );
    }
    for (i, stage) in guide.stages.iter().enumerate() {
        let cx = x(i as f64);
        let _ = write!(
            svg,
            "<line x1=\"{cx:.1}\" y1=\"36\" x2=\"{cx:.1}\" y2=\"52\" stroke=\"#667085\"/>\
             <text x=\"{cx:.1}\" y=\"24\" text-anchor=\"middle\">{}</text>",
            esc(&stage.name)
        );
    }
    if let Some(p) = a.position {
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

fn reasons(out: &mut String, reasons: &[Reason]) {
    if reasons.is_empty() {
        return;
    }
    out.push_str("<ul class=\"reasons\">");
    for r in reasons {
        let _ = write!(
            out,
            "<li>{}: <b>{}</b> → {}: {}</li>",
            esc(&r.label),
            esc(&r.answer),
            esc(&r.points_to),
            esc(&r.why)
        );
    }
    out.push_str("</ul>\n");
}

fn status_class(status: ObstacleStatus) -> &'static str {
    match status {
        ObstacleStatus::NotDiscussed => "status-not_discussed",
        ObstacleStatus::NotAnObstacle => "status-not_an_obstacle",
        ObstacleStatus::Raised => "status-raised",
        ObstacleStatus::BeingAddressed => "status-being_addressed",
        ObstacleStatus::Resolved => "status-resolved",
    }
}

fn session(out: &mut String, guide: &Guide, item: &Item) {
    let (s, a) = (&item.session, &item.assessment);
    let m = &s.meta;
    let _ = writeln!(out, "<section class=\"session\" id=\"{}\">", esc(&s.id));
    let _ = writeln!(out, "<h1>{}</h1>", esc(&m.customer));
    let mut who = Vec::new();
    if !m.participant.is_empty() {
        who.push(esc(&m.participant));
    }
    if !m.role.is_empty() {
        who.push(esc(&m.role));
    }
    if !m.interviewer.is_empty() {
        who.push(format!("interviewed by {}", esc(&m.interviewer)));
    }
    let finished = m.finished.map_or("in progress".to_string(), |f| {
        format!("finished {}", f.format("%Y-%m-%d %H:%M"))
    });
    who.push(format!(
        "started {} · {} · {} of interview · consent {}",
        esc(&m.started.format("%Y-%m-%d %H:%M %:z").to_string()),
        esc(&finished),
        crate::session::clock(s.elapsed_seconds),
        if m.consent { "noted" } else { "not noted" }
    ));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}<br><code>{}</code></p>",
        who.join(" · "),
        esc(&s.id)
    );
    let _ = writeln!(
        out,
        "<h2>Stage: {}</h2>\n{}",
        esc(&a.stage_label(guide)),
        gauge(guide, a)
    );
    let band = a
        .band_words(guide)
        .map_or(String::new(), |b| format!(" {}.", esc(&b)));
    let _ = writeln!(
        out,
        "<p class=\"dim\">Evidence: {} ({} answers).{band}</p>",
        a.strength.label.label(),
        a.strength.answers
    );
    if !a.disagreements.is_empty() {
        out.push_str("<p>Where the evidence disagrees:</p><ul class=\"disagreements\">");
        for d in &a.disagreements {
            let _ = write!(out, "<li>{}</li>", esc(&d.message));
        }
        out.push_str("</ul>\n");
    }
    reasons(out, &a.reasons);
    out.push_str("<h2>Drivers</h2>\n");
    for d in &a.drivers {
        let level = d.level_name.as_deref().unwrap_or("no evidence yet");
        let pct = d.ratio().unwrap_or(0.0) * 100.0;
        let _ = writeln!(
            out,
            "<h3>{}: {}</h3><svg role=\"img\" width=\"100%\" viewBox=\"0 0 680 14\" xmlns=\"http://www.w3.org/2000/svg\">\
             <rect width=\"680\" height=\"10\" fill=\"#eef1f4\"/><rect width=\"{:.1}\" height=\"10\" fill=\"#0b7285\"/></svg>",
            esc(&d.name),
            esc(level),
            6.8 * pct
        );
        reasons(out, &d.reasons);
    }
    if !a.milestones.is_empty() {
        out.push_str("<h2>Inflection points</h2>\n<ul>");
        for ms in &a.milestones {
            let mark = match ms.state {
                MilestoneState::Reached => "✓",
                MilestoneState::NotReached => "✗",
                MilestoneState::Unknown => "·",
            };
            let _ = write!(
                out,
                "<li>{mark} <b>{}</b>: {}",
                esc(&ms.name),
                ms.state.label()
            );
            for r in &ms.reasons {
                let _ = write!(out, "<br><span class=\"dim\">{}</span>", esc(r));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Obstacles</h2>\n<table><tr><th>Obstacle</th><th>Status</th><th>Tactics used</th></tr>\n");
    for o in &a.obstacles {
        let tactics: Vec<String> = o.tactics_used.iter().map(|t| esc(&t.name)).collect();
        let hand = if o.overridden { " (set by hand)" } else { "" };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"{}\">{}{hand}</td><td>{}</td></tr>",
            esc(&o.name),
            status_class(o.status),
            o.status.label(),
            tactics.join("; ")
        );
    }
    out.push_str("</table>\n");
    for o in a.obstacles.iter().filter(|o| !o.reasons.is_empty()) {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&o.name));
        reasons(out, &o.reasons);
    }
    for h in a.highlights.iter().filter(|h| !h.items.is_empty()) {
        let items: Vec<String> = h
            .items
            .iter()
            .map(|i| format!("<li>{}</li>", esc(i)))
            .collect();
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ul>{}</ul>",
            esc(&h.title),
            items.concat()
        );
    }
    out.push_str("<h2>Answers</h2>\n");
    for (section, recorded) in s.recorded(guide) {
        let _ = writeln!(out, "<h3>{}</h3>\n<dl>", esc(&section.title));
        for (q, ans) in recorded {
            let flag = if ans.follow_up { " ⚑" } else { "" };
            let value = answer_cell(guide, s, &q.id);
            let _ = write!(
                out,
                "<dt>{}{flag}</dt><dd>{}",
                esc(&q.text),
                if value.is_empty() {
                    "—".into()
                } else {
                    esc(&value)
                }
            );
            if !ans.notes.is_empty() {
                let _ = write!(out, "<div class=\"notes\">{}</div>", esc(&ans.notes));
            }
            for quote in &ans.quotes {
                let _ = write!(out, "<blockquote>“{}”</blockquote>", esc(quote));
            }
            for coded in &ans.coded {
                let names: Vec<String> = coded
                    .codes
                    .iter()
                    .map(|id| {
                        let code = guide.codes.iter().find(|c| &c.id == id);
                        let name = code.map_or(id.as_str(), |c| c.name.as_str());
                        let colour = code.map_or("", |c| c.colour.as_str());
                        // Colours come from the guide: only #RRGGBB reaches the style.
                        let swatch = if crate::guide::Code::is_colour(colour) {
                            format!("<span style=\"color:{colour}\">■</span> ")
                        } else {
                            String::new()
                        };
                        format!("{swatch}{}", esc(name))
                    })
                    .collect();
                let _ = write!(
                    out,
                    "<div class=\"dim\">coded {}: “{}”</div>",
                    names.join(", "),
                    esc(&coded.text)
                );
            }
            out.push_str("</dd>\n");
        }
        out.push_str("</dl>\n");
    }
    let follow_ups = s.follow_ups(guide);
    if !follow_ups.is_empty() {
        out.push_str("<h2>Follow-ups</h2>\n<ul>");
        for qid in follow_ups {
            if let Some(q) = guide.question(qid) {
                let _ = write!(out, "<li>{}</li>", esc(q.label()));
            }
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
