//! Markdown: a readable summary of each session, good in any Markdown viewer.

use std::fmt::Write as _;

use super::summary::{Quote, SectionView, SessionSummary, StageView, TranscriptPart};
use super::words::count;
use super::Export;
use crate::assess::{MilestoneReading, ObstacleReading, Reason};

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
        let _ = writeln!(
            out,
            "# journey: {}\n",
            count(export.items.len(), "interview")
        );
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
        session(&mut out, &SessionSummary::new(export.guide, item));
    }
    out
}

/// One session's summary, section by section.
fn session(out: &mut String, s: &SessionSummary) {
    header(out, s);
    stage(out, &s.stage);
    let _ = writeln!(out, "\n## Drivers\n");
    for d in &s.drivers {
        let level = d.level.map_or("no evidence yet".to_string(), md);
        let spread = d
            .spread
            .as_deref()
            .map_or(String::new(), |w| format!(" ({})", md(w)));
        let _ = writeln!(out, "### {}: {level}{spread}\n", md(d.name));
        reasons(out, d.reasons);
        if !d.reasons.is_empty() {
            out.push('\n');
        }
    }
    milestones(out, s.milestones);
    obstacles(out, s.obstacles);
    for h in &s.highlights {
        let _ = writeln!(out, "## {}\n", md(&h.title));
        for item in &h.items {
            let _ = writeln!(out, "- {}", md(item));
        }
        out.push('\n');
    }
    answers(out, &s.sections);
    if !s.quotes.is_empty() {
        let _ = writeln!(out, "\n## Quotes\n");
        for (quote, question) in &s.quotes {
            let by = quote
                .by()
                .map_or(String::new(), |by| format!("{}, ", md(&by)));
            let _ = writeln!(
                out,
                "> {}  \n> — {by}on *{}*\n",
                marks(quote, "> "),
                md(question)
            );
        }
    }
    if !s.follow_ups.is_empty() {
        let _ = writeln!(out, "\n## Follow-ups\n");
        for f in &s.follow_ups {
            let notes = f.first_note.map(|n| format!(": {}", md(n)));
            let _ = writeln!(out, "- [ ] {}{}", md(f.label), notes.unwrap_or_default());
        }
    }
    transcript(out, &s.transcript);
}

/// The whole transcript, under the question on screen while each run of lines was said.
fn transcript(out: &mut String, parts: &[TranscriptPart]) {
    if parts.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Transcript");
    for part in parts {
        let question = part.question.map_or("Said on no question".to_string(), md);
        let _ = writeln!(out, "\n### {question}\n");
        for line in &part.lines {
            let speaker = line
                .speaker
                .map_or(String::new(), |s| format!(" **{}**:", md(s)));
            let _ = writeln!(out, "- {}{speaker} {}", line.at, md(line.text));
        }
    }
}

/// The table of who, when and how long.
fn header(out: &mut String, s: &SessionSummary) {
    const WHEN: &str = "%Y-%m-%d %H:%M %:z";
    let _ = writeln!(out, "# {}\n", md(s.customer));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Session | `{}` |", s.id.replace('`', ""));
    let who = match (s.participant.is_empty(), s.role.is_empty()) {
        (false, false) => format!("{} ({})", md(s.participant), md(s.role)),
        (false, true) => md(s.participant),
        (true, _) => md(s.role),
    };
    let _ = writeln!(out, "| Participant | {who} |");
    let _ = writeln!(out, "| Interviewer | {} |", md(s.interviewer));
    let _ = writeln!(out, "| Started | {} |", s.started.format(WHEN));
    let finished = s
        .finished
        .map_or("in progress".to_string(), |f| f.format(WHEN).to_string());
    let _ = writeln!(out, "| Finished | {finished} |");
    let _ = writeln!(out, "| Interview time | {} |", s.interview_time);
    let consent = if s.consent { "yes" } else { "no" };
    let _ = writeln!(out, "| Consent noted | {consent} |");
    let [id, version] = s.guide;
    let _ = writeln!(out, "| Guide | {} {} |\n", md(id), md(version));
}

/// The stage, where on the scale, how strong the evidence, where it disagrees, and why.
fn stage(out: &mut String, st: &StageView) {
    let _ = writeln!(out, "## Stage: {}\n", md(&st.label));
    if let (Some(p), Some(first), Some(last)) = (st.position, st.scale.first(), st.scale.last()) {
        let _ = writeln!(
            out,
            "Position {p:.2} on a scale from 0 ({}) to {} ({}); evidence {} ({}).\n",
            md(first),
            st.scale.len() - 1,
            md(last),
            st.evidence,
            count(st.answers, "answer")
        );
    }
    if let Some(band) = &st.band {
        let _ = writeln!(out, "{}.\n", md(&upper_first(band)));
    }
    if !st.disagreements.is_empty() {
        let _ = writeln!(out, "Where the evidence disagrees:\n");
        for d in &st.disagreements {
            let _ = writeln!(out, "- {}", md(d));
        }
        out.push('\n');
    }
    reasons(out, st.reasons);
}

fn milestones(out: &mut String, milestones: &[MilestoneReading]) {
    if milestones.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Inflection points\n");
    for ms in milestones {
        let _ = writeln!(out, "- **{}**: {}", md(&ms.name), ms.state.label());
        for r in &ms.reasons {
            let _ = writeln!(out, "  - {}", md(r));
        }
    }
    out.push('\n');
}

fn obstacles(out: &mut String, obstacles: &[ObstacleReading]) {
    let _ = writeln!(out, "## Obstacles\n");
    for o in obstacles {
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
}

/// Every recorded answer, by section, with its notes, quotes and coded lines.
fn answers(out: &mut String, sections: &[SectionView]) {
    let _ = writeln!(out, "## Answers");
    for section in sections {
        let _ = writeln!(out, "\n### {}\n", md(section.title));
        for a in &section.answers {
            let flag = if a.follow_up { " ⚑ follow up" } else { "" };
            let value = if a.value.is_empty() {
                "—".to_string()
            } else {
                md_lines(&a.value, "  ")
            };
            let _ = writeln!(out, "- **{}**{flag}  \n  {value}", md(a.question));
            if !a.notes.is_empty() {
                let _ = writeln!(out, "  <br>*Notes:* {}", md_lines(a.notes, "  "));
            }
            for quote in &a.quotes {
                let _ = writeln!(out, "  <br>{}", quoted(quote, "  "));
            }
            for coded in &a.coded {
                let names: Vec<&str> = coded.codes.iter().map(|c| c.name).collect();
                let text = quoted(&coded.text, "  ");
                let _ = writeln!(out, "  <br>*Coded {}:* {text}", md(&names.join(", ")));
            }
        }
    }
}

/// A quote in its marks, each line escaped, then who said it when for a transcript's line
/// (`“We moved Exchange onto VMware.” — Dana Whitfield, 12:31`).
fn quoted(quote: &Quote, indent: &str) -> String {
    match quote.by() {
        Some(by) => format!("{} — {}", marks(quote, indent), md(&by)),
        None => marks(quote, indent),
    }
}

/// A quote in its marks, each line escaped.
fn marks(quote: &Quote, indent: &str) -> String {
    format!(
        "{}{}{}",
        quote.open,
        md_lines(quote.text, indent),
        quote.close
    )
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
