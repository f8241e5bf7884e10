//! Markdown: a readable summary of each session, good in any Markdown viewer.

use std::fmt::Write as _;

use super::{answer_cell, Export, Item};
use crate::assess::Reason;
use crate::guide::Guide;

/// Text safe inside Markdown: emphasis, links, tables and raw HTML characters are escaped.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let line = crate::text::line(text);
    for (at, c) in line.char_indices() {
        match c {
            // A plain "&" reads as itself; only one that would start an entity is escaped.
            '&' if starts_entity(&line[at + 1..]) => out.push_str("&amp;"),
            '&' => out.push('&'),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => {}
            '\n' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether the text after an "&" would make it an HTML entity (`amp;`, `#38;`, `#x26;`).
fn starts_entity(rest: &str) -> bool {
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && rest[name.len()..].starts_with(';')
}

/// Several lines of user text, each escaped, kept apart with hard line breaks.
fn md_lines(text: &str, indent: &str) -> String {
    text.lines()
        .map(md)
        .collect::<Vec<_>>()
        .join(&format!("<br>\n{indent}"))
}

fn reasons(out: &mut String, reasons: &[Reason]) {
    for r in reasons {
        let _ = writeln!(
            out,
            "- {}: *{}* → {}: {}",
            md(&r.label),
            md(&r.answer),
            md(&r.points_to),
            md(&r.why)
        );
    }
}

pub fn render(export: &Export) -> String {
    let mut out = String::new();
    if export.items.len() > 1 {
        let _ = writeln!(out, "# journey: {} interviews\n", export.items.len());
        let _ = writeln!(
            out,
            "Exported {} with guide {} {}{}.\n",
            export.exported.format("%Y-%m-%d %H:%M %:z"),
            md(&export.guide.id),
            md(&export.guide.version),
            if export.anonymized {
                ", anonymised"
            } else {
                ""
            }
        );
        let insights = crate::assess::insights::insights(export.guide, &export.pairs());
        let _ = writeln!(out, "| Stage | Sessions |\n|---|---|");
        for bar in &insights.stages {
            let _ = writeln!(out, "| {} | {} |", md(&bar.label), bar.count);
        }
        out.push('\n');
    }
    for (n, item) in export.items.iter().enumerate() {
        if n > 0 {
            out.push_str("\n---\n\n");
        }
        session(&mut out, export.guide, item);
    }
    out
}

fn session(out: &mut String, guide: &Guide, item: &Item) {
    let (s, a) = (&item.session, &item.assessment);
    let m = &s.meta;
    let _ = writeln!(out, "# {}\n", md(&m.customer));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Session | `{}` |", s.id.replace('`', ""));
    let who = match (m.participant.is_empty(), m.role.is_empty()) {
        (false, false) => format!("{} ({})", md(&m.participant), md(&m.role)),
        (false, true) => md(&m.participant),
        (true, _) => md(&m.role),
    };
    let _ = writeln!(out, "| Participant | {who} |");
    let _ = writeln!(out, "| Interviewer | {} |", md(&m.interviewer));
    let _ = writeln!(
        out,
        "| Started | {} |",
        m.started.format("%Y-%m-%d %H:%M %:z")
    );
    let finished = m.finished.map_or("in progress".to_string(), |f| {
        f.format("%Y-%m-%d %H:%M %:z").to_string()
    });
    let _ = writeln!(out, "| Finished | {finished} |");
    let _ = writeln!(
        out,
        "| Interview time | {} |",
        crate::session::clock(s.elapsed_seconds)
    );
    let _ = writeln!(
        out,
        "| Consent noted | {} |",
        if m.consent { "yes" } else { "no" }
    );
    let _ = writeln!(
        out,
        "| Guide | {} {} |\n",
        md(&s.guide.id),
        md(&s.guide.version)
    );

    let _ = writeln!(out, "## Stage: {}\n", md(&a.stage_label(guide)));
    if let Some(p) = a.position {
        let _ = writeln!(
            out,
            "Position {p:.2} on a scale from 0 ({}) to {} ({}); evidence {} ({} answers).\n",
            md(&guide.stages[0].name),
            guide.stages.len() - 1,
            md(&guide.stages[guide.stages.len() - 1].name),
            a.strength.label.label(),
            a.strength.answers
        );
    }
    if let Some(band) = a.band_words(guide) {
        let _ = writeln!(out, "{}.\n", md(&upper_first(&band)));
    }
    if !a.disagreements.is_empty() {
        let _ = writeln!(out, "Where the evidence disagrees:\n");
        for d in &a.disagreements {
            let _ = writeln!(out, "- {}", md(&d.message));
        }
        out.push('\n');
    }
    reasons(out, &a.reasons);
    let _ = writeln!(out, "\n## Drivers\n");
    for d in &a.drivers {
        let level = d
            .level_name
            .as_deref()
            .map_or("no evidence yet".to_string(), md);
        let spread = d
            .spread_words(guide)
            .map_or(String::new(), |w| format!(" ({})", md(&w)));
        let _ = writeln!(out, "### {}: {level}{spread}\n", md(&d.name));
        reasons(out, &d.reasons);
        if !d.reasons.is_empty() {
            out.push('\n');
        }
    }
    if !a.milestones.is_empty() {
        let _ = writeln!(out, "## Inflection points\n");
        for ms in &a.milestones {
            let _ = writeln!(out, "- **{}**: {}", md(&ms.name), ms.state.label());
            for r in &ms.reasons {
                let _ = writeln!(out, "  - {}", md(r));
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Obstacles\n");
    for o in &a.obstacles {
        let hand = if o.overridden {
            format!(" (set by hand; the answers say {})", o.derived.label())
        } else {
            String::new()
        };
        let _ = writeln!(out, "### {}: {}{hand}\n", md(&o.name), o.status.label());
        if !o.tactics_used.is_empty() {
            let names: Vec<String> = o.tactics_used.iter().map(|t| md(&t.name)).collect();
            let _ = writeln!(out, "Tactics used: {}.\n", names.join("; "));
        }
        reasons(out, &o.reasons);
        if !o.reasons.is_empty() {
            out.push('\n');
        }
    }
    for h in a.highlights.iter().filter(|h| !h.items.is_empty()) {
        let _ = writeln!(out, "## {}\n", md(&h.title));
        for item in &h.items {
            let _ = writeln!(out, "- {}", md(item));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Answers");
    for (section, recorded) in s.recorded(guide) {
        let _ = writeln!(out, "\n### {}\n", md(&section.title));
        for (q, ans) in recorded {
            let flag = if ans.follow_up { " ⚑ follow up" } else { "" };
            let value = answer_cell(guide, s, &q.id);
            let value = if value.is_empty() {
                "—".to_string()
            } else {
                md_lines(&value, "  ")
            };
            let _ = writeln!(out, "- **{}**{flag}  \n  {value}", md(&q.text));
            if !ans.notes.is_empty() {
                let _ = writeln!(out, "  <br>*Notes:* {}", md_lines(&ans.notes, "  "));
            }
            for quote in &ans.quotes {
                let _ = writeln!(out, "  <br>“{}”", md_lines(quote, "  "));
            }
            for coded in &ans.coded {
                let names: Vec<&str> = coded
                    .codes
                    .iter()
                    .map(|id| {
                        guide
                            .codes
                            .iter()
                            .find(|c| &c.id == id)
                            .map_or(id.as_str(), |c| c.name.as_str())
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "  <br>*Coded {}:* “{}”",
                    md(&names.join(", ")),
                    md_lines(&coded.text, "  ")
                );
            }
        }
    }
    let quotes = s.quotes(guide);
    if !quotes.is_empty() {
        let _ = writeln!(out, "\n## Quotes\n");
        for (quote, question) in quotes {
            let _ = writeln!(
                out,
                "> “{}”  \n> — on *{}*\n",
                md_lines(quote, "> "),
                md(&question.text)
            );
        }
    }
    let follow_ups = s.follow_ups(guide);
    if !follow_ups.is_empty() {
        let _ = writeln!(out, "\n## Follow-ups\n");
        for qid in follow_ups {
            let (Some(q), Some(ans)) = (guide.question(qid), s.answer(qid)) else {
                continue;
            };
            let notes = ans
                .notes
                .lines()
                .next()
                .map(|n| format!(": {}", md(n)))
                .unwrap_or_default();
            let _ = writeln!(out, "- [ ] {}{notes}", md(q.label()));
        }
    }
}

/// "Band 1.65–3.00 …" from "band 1.65–3.00 …".
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn markdown_and_html_characters_are_escaped() {
        assert_eq!(
            md("<script>*x*|[a](b)"),
            "&lt;script&gt;\\*x\\*\\|\\[a\\](b)"
        );
        assert_eq!(md("a\u{1b}[31m"), "a␛\\[31m");
        assert_eq!(md("Paris & Lyon, R&D"), "Paris & Lyon, R&D");
        assert_eq!(md("&amp; &#38; &x"), "&amp;amp; &amp;\\#38; &x");
    }
}
