//! HTML: one self-contained page (no network, no external assets) with the stage gauge and the
//! cross-session charts as inline SVG, readable on screen and on paper. Every value is escaped.

use std::fmt::Write as _;

use super::summary::{CodeName, Quote, SectionView, SessionSummary, StageView, TranscriptPart};
use super::svg::{self, bar_chart};
use super::words::count;
use super::Export;
use crate::assess::insights::{insights, Bar, Insights};
use crate::assess::{MilestoneReading, MilestoneState, ObstacleReading, Reason};
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
section.session { margin-top: 3rem; } ul.transcript { list-style: none; padding-left: 0; } svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
@media print { body { margin: 0; max-width: none; } section.session { break-before: page; } a { color: inherit; } }
"#;

pub fn render(export: &Export) -> String {
    let guide = export.guide;
    let title = match export.items.as_slice() {
        [one] => format!("{} — journey interview", one.session.meta.customer),
        items => format!("journey: {}", count(items.len(), "interview")),
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
        session(&mut out, &SessionSummary::new(guide, item));
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn overview(out: &mut String, guide: &Guide, i: &Insights) {
    let _ = writeln!(out, "<h1>{}</h1>", count(i.sessions, "interview"));
    let _ = writeln!(
        out,
        "<h2>Where the interviews sit</h2>\n{}",
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

/// One session's summary, section by section.
fn session(out: &mut String, s: &SessionSummary) {
    let _ = writeln!(out, "<section class=\"session\" id=\"{}\">", esc(s.id));
    header(out, s);
    stage(out, &s.stage);
    out.push_str("<h2>Drivers</h2>\n");
    for d in &s.drivers {
        let level = d.level.unwrap_or("no evidence yet");
        let _ = writeln!(
            out,
            "<h3>{}: {}</h3><svg role=\"img\" width=\"100%\" viewBox=\"0 0 680 14\" xmlns=\"http://www.w3.org/2000/svg\">\
             <rect width=\"680\" height=\"10\" fill=\"#eef1f4\"/><rect width=\"{:.1}\" height=\"10\" fill=\"#0b7285\"/></svg>",
            esc(d.name),
            esc(level),
            6.8 * (d.ratio * 100.0)
        );
        reasons(out, d.reasons);
    }
    milestones(out, s.milestones);
    obstacles(out, s.obstacles);
    for h in &s.highlights {
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
    answers(out, &s.sections);
    if !s.follow_ups.is_empty() {
        out.push_str("<h2>Follow-ups</h2>\n<ul>");
        for f in &s.follow_ups {
            let _ = write!(out, "<li>{}</li>", esc(f.label));
        }
        out.push_str("</ul>\n");
    }
    transcript(out, &s.transcript);
    out.push_str("</section>\n");
}

/// The whole transcript, under the question on screen while each run of lines was said.
fn transcript(out: &mut String, parts: &[TranscriptPart]) {
    if parts.is_empty() {
        return;
    }
    out.push_str("<h2>Transcript</h2>\n");
    for part in parts {
        let question = part.question.map_or("Said on no question".to_string(), esc);
        let _ = writeln!(out, "<h3>{question}</h3>\n<ul class=\"transcript\">");
        for line in &part.lines {
            let speaker = line
                .speaker
                .map_or(String::new(), |s| format!(" <b>{}</b>:", esc(s)));
            let _ = writeln!(
                out,
                "<li><span class=\"dim\">{}</span>{speaker} {}</li>",
                esc(&line.at),
                esc(line.text)
            );
        }
        out.push_str("</ul>\n");
    }
}

/// The customer, who was there, when and how long.
fn header(out: &mut String, s: &SessionSummary) {
    let _ = writeln!(out, "<h1>{}</h1>", esc(s.customer));
    let mut who = Vec::new();
    if !s.participant.is_empty() {
        who.push(esc(s.participant));
    }
    if !s.role.is_empty() {
        who.push(esc(s.role));
    }
    if !s.interviewer.is_empty() {
        who.push(format!("interviewed by {}", esc(s.interviewer)));
    }
    let finished = s.finished.map_or("in progress".to_string(), |f| {
        format!("finished {}", f.format("%Y-%m-%d %H:%M"))
    });
    who.push(format!(
        "started {} · {} · {} of interview · consent {}",
        esc(&s.started.format("%Y-%m-%d %H:%M %:z").to_string()),
        esc(&finished),
        s.interview_time,
        if s.consent { "noted" } else { "not noted" }
    ));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}<br><code>{}</code></p>",
        who.join(" · "),
        esc(s.id)
    );
}

/// The stage and its gauge, how strong the evidence, where it disagrees, and why.
fn stage(out: &mut String, st: &StageView) {
    let _ = writeln!(
        out,
        "<h2>Stage: {}</h2>\n{}",
        esc(&st.label),
        svg::gauge(st)
    );
    let band = st
        .band
        .as_deref()
        .map_or(String::new(), |b| format!(" {}.", esc(b)));
    let _ = writeln!(
        out,
        "<p class=\"dim\">Evidence: {} ({}).{band}</p>",
        st.evidence,
        count(st.answers, "answer")
    );
    if !st.disagreements.is_empty() {
        out.push_str("<p>Where the evidence disagrees:</p><ul class=\"disagreements\">");
        for d in &st.disagreements {
            let _ = write!(out, "<li>{}</li>", esc(d));
        }
        out.push_str("</ul>\n");
    }
    reasons(out, st.reasons);
}

fn milestones(out: &mut String, milestones: &[MilestoneReading]) {
    if milestones.is_empty() {
        return;
    }
    out.push_str("<h2>Inflection points</h2>\n<ul>");
    for ms in milestones {
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

/// The obstacles as a table, then the reasons behind each.
fn obstacles(out: &mut String, obstacles: &[ObstacleReading]) {
    out.push_str("<h2>Obstacles</h2>\n<table><tr><th>Obstacle</th><th>Status</th><th>Tactics used</th></tr>\n");
    for o in obstacles {
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
    for o in obstacles.iter().filter(|o| !o.reasons.is_empty()) {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&o.name));
        reasons(out, &o.reasons);
    }
}

/// Every recorded answer, by section, with its notes, quotes and coded lines.
fn answers(out: &mut String, sections: &[SectionView]) {
    out.push_str("<h2>Answers</h2>\n");
    for section in sections {
        let _ = writeln!(out, "<h3>{}</h3>\n<dl>", esc(section.title));
        for a in &section.answers {
            let flag = if a.follow_up { " ⚑" } else { "" };
            let value = if a.value.is_empty() {
                "—".into()
            } else {
                esc(&a.value)
            };
            let _ = write!(out, "<dt>{}{flag}</dt><dd>{value}", esc(a.question));
            if !a.notes.is_empty() {
                let _ = write!(out, "<div class=\"notes\">{}</div>", esc(a.notes));
            }
            for quote in &a.quotes {
                let _ = write!(out, "<blockquote>{}</blockquote>", quoted(quote));
            }
            for coded in &a.coded {
                let names: Vec<String> = coded.codes.iter().map(code_name).collect();
                let _ = write!(
                    out,
                    "<div class=\"dim\">coded {}: {}</div>",
                    names.join(", "),
                    quoted(&coded.text)
                );
            }
            out.push_str("</dd>\n");
        }
        out.push_str("</dl>\n");
    }
}

/// A code's name, after a swatch of its colour when it has one.
fn code_name(code: &CodeName) -> String {
    match code.colour {
        Some(colour) => format!("<span style=\"color:{colour}\">■</span> {}", esc(code.name)),
        None => esc(code.name),
    }
}

/// A quote in its marks, escaped, then who said it when for a transcript's line.
fn quoted(quote: &Quote) -> String {
    let by = quote.by().map_or(String::new(), |by| {
        format!(" <span class=\"dim\">— {}</span>", esc(&by))
    });
    format!("{}{}{}{by}", quote.open, esc(quote.text), quote.close)
}
