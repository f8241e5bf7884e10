//! `journey list` and `journey show`: sessions as text for people and JSON for scripts.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Result;
use serde::Serialize;

use crate::assess::{assess, Assessment};
use crate::guide::Guide;
use crate::index::Filter;
use crate::session::{answer_text, AnswerState, Session, Status, Store, Timestamp};
use crate::text;

/// One row of `journey list --json`.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    customer: &'a str,
    participant: &'a str,
    role: &'a str,
    interviewer: &'a str,
    started: &'a Timestamp,
    updated: &'a Timestamp,
    finished: Option<&'a Timestamp>,
    status: Status,
    stage: Option<String>,
    position: Option<f64>,
    /// Answers changed to different values in two copies (a team sync): both kept, to pick.
    conflicts: usize,
}

/// The sessions `filter` keeps, most recently started first: a table, or JSON for scripts
/// (streamed, a row at a time).
pub fn list(store: &Store, guide: &Guide, json: bool, filter: &Filter) -> Result<()> {
    if json {
        return list_json(store, guide, filter);
    }
    let mut sessions = Vec::new();
    for problem in store.select_each(guide, filter, &mut |s| sessions.push(s))? {
        warn!("skipped {problem}");
    }
    let listing = crate::index::Summaries {
        sessions,
        problems: Vec::new(),
    };
    if listing.sessions.is_empty() {
        if filter.is_empty() {
            say!("No sessions yet in {}.", store.sessions_dir().display());
        } else {
            say!("No session matches.");
        }
        return Ok(());
    }
    let header = [
        "ID",
        "STARTED",
        "CUSTOMER",
        "PARTICIPANT",
        "INTERVIEWER",
        "STATUS",
        "STAGE",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = vec![header];
    for s in &listing.sessions {
        rows.push(vec![
            s.id.clone(),
            s.started.format("%Y-%m-%d %H:%M").to_string(),
            s.customer.to_string(),
            s.participant.to_string(),
            s.interviewer.to_string(),
            if s.conflicts > 0 {
                let conflicts = crate::export::words::count(s.conflicts, "conflict");
                format!("{} · {conflicts}", s.status().label())
            } else {
                s.status().label().to_string()
            },
            crate::assess::stage_label(guide, s.stage.as_deref(), s.between.as_ref()),
        ]);
    }
    super::out::print(&super::table::table(
        &rows,
        &[usize::MAX, 16, 28, 24, 20, 28, 48],
    ))?;
    Ok(())
}

/// `journey list --json`: the same text as the whole array pretty-printed at once.
fn list_json(store: &Store, guide: &Guide, filter: &Filter) -> Result<()> {
    use serde::ser::{SerializeSeq, Serializer};
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut safe = text::JsonSafe::new(out);
    let mut serializer = serde_json::Serializer::pretty(&mut safe);
    let mut seq = serializer.serialize_seq(None)?;
    let mut failed = None;
    let problems = store.select_each(guide, filter, &mut |s| {
        if failed.is_some() {
            return;
        }
        let row = Row {
            id: &s.id,
            customer: &s.customer,
            participant: &s.participant,
            role: &s.role,
            interviewer: &s.interviewer,
            started: &s.started,
            updated: &s.updated,
            finished: s.finished.as_ref(),
            status: s.status(),
            stage: s.stage.as_deref().map(String::from),
            position: s.position,
            conflicts: s.conflicts,
        };
        failed = seq.serialize_element(&row).err();
    })?;
    for problem in &problems {
        warn!("skipped {problem}");
    }
    if let Some(e) = failed {
        return Err(e.into());
    }
    SerializeSeq::end(seq)?;
    safe.write_all(b"\n")?;
    safe.flush()?;
    Ok(())
}

#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    session: &'a Session,
    status: Status,
    assessment: &'a Assessment,
    /// The questions whose answers (kept in `answers`) the skip logic hides now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hidden_answers: Vec<&'a str>,
}

pub fn show(store: &Store, guide: &Guide, prefix: &str, json: bool) -> Result<()> {
    let id = store.resolve(prefix)?;
    let session = store.load(&id)?;
    let guide = &guide.localized(Some(&session.meta.lang));
    let assessment = assess(guide, &session);
    if json {
        let shown = Shown {
            session: &session,
            status: session.status(),
            assessment: &assessment,
            hidden_answers: session.hidden_answers(guide),
        };
        let json = text::json_safe(serde_json::to_string_pretty(&shown)?);
        super::out::print(&format!("{json}\n"))?;
    } else {
        if session.guide.id != guide.id {
            eprintln!(
                "journey: note: this session used guide `{}`; assessed with `{}`",
                text::line(&session.guide.id),
                text::line(&guide.id)
            );
        }
        super::out::print(&text::block(&describe(guide, &session, &assessment)))?;
    }
    Ok(())
}

fn time(t: &Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M %:z").to_string()
}

/// A plain-text account of a session, for `journey show`.
pub fn describe(guide: &Guide, s: &Session, a: &Assessment) -> String {
    let mut out = String::new();
    describe_header(&mut out, s);
    describe_stage(&mut out, guide, s, a);
    describe_placements(&mut out, guide, s);
    describe_drivers(&mut out, guide, a);
    if !a.milestones.is_empty() {
        let _ = writeln!(out, "\nINFLECTION POINTS");
        for ms in &a.milestones {
            let _ = writeln!(out, "  {}: {}", ms.name, ms.state.label());
            for r in &ms.reasons {
                let _ = writeln!(out, "    - {r}");
            }
        }
    }
    show_conflicts(&mut out, s, guide);
    describe_obstacles(&mut out, a);
    for h in a.highlights.iter().filter(|h| !h.items.is_empty()) {
        let _ = writeln!(out, "\n{}: {}", h.title.to_uppercase(), h.items.join("; "));
    }
    describe_answers(&mut out, guide, s);
    let follow_ups = s.follow_ups(guide);
    if !follow_ups.is_empty() {
        let _ = writeln!(out, "\nFOLLOW-UPS");
        for qid in follow_ups {
            if let Some(q) = guide.question(qid) {
                let _ = writeln!(out, "  - {}", q.text);
            }
        }
    }
    out
}

/// Who, when, which guide.
fn describe_header(out: &mut String, s: &Session) {
    let m = &s.meta;
    let _ = writeln!(out, "{}  ({})", m.customer, s.id);
    let mut who = vec![];
    if !m.participant.is_empty() {
        who.push(if m.role.is_empty() {
            format!("Participant: {}", m.participant)
        } else {
            format!("Participant: {} ({})", m.participant, m.role)
        });
    }
    if !m.interviewer.is_empty() {
        who.push(format!("Interviewer: {}", m.interviewer));
    }
    who.push(format!(
        "Consent noted: {}",
        if m.consent { "yes" } else { "no" }
    ));
    let _ = writeln!(out, "{}", who.join(" · "));
    let mut when = format!(
        "Started {} · updated {}",
        time(&m.started),
        time(&m.updated)
    );
    if let Some(f) = &m.finished {
        let _ = write!(when, " · finished {}", time(f));
    }
    let _ = writeln!(out, "{when} · {}", s.status().label());
    if let Some(original) = &s.conflicted_copy_of {
        let _ = writeln!(
            out,
            "Conflicted copy of {original}: two versions too large to merge into one file; this is the other one"
        );
    }
    let _ = writeln!(out, "Guide: {} {}", s.guide.id, s.guide.version);
}

/// One reason per line: the question, the answer, where it points and why.
fn describe_reasons(out: &mut String, reasons: &[crate::assess::Reason], indent: &str) {
    for r in reasons {
        let _ = writeln!(
            out,
            "{indent}- {}: {} → {}: {}",
            r.label, r.answer, r.points_to, r.why
        );
    }
}

/// The stage, the evidence, and what to ask next while the interview goes on.
pub(crate) fn describe_stage(out: &mut String, guide: &Guide, s: &Session, a: &Assessment) {
    let _ = writeln!(out, "\nSTAGE: {}", a.stage_label(guide));
    if let Some(p) = a.position {
        let _ = writeln!(
            out,
            "  position {p:.2} of {} · evidence {} ({})",
            guide.stages.len() - 1,
            a.strength.label.label(),
            crate::export::words::count(a.strength.answers, "answer")
        );
    }
    if let Some(band) = a.band_words(guide) {
        let _ = writeln!(out, "  {band}");
    }
    for d in &a.disagreements {
        let _ = writeln!(out, "  ! disagree: {}", d.message);
    }
    describe_reasons(out, &a.reasons, "  ");
    if s.meta.finished.is_none() {
        for n in &a.next_questions {
            let _ = writeln!(out, "  ask next: {} ({})", n.label, n.why);
        }
    }
}

/// The researchers' own placements: the one that counts for each.
fn describe_placements(out: &mut String, guide: &Guide, s: &Session) {
    let latest = s.latest_placements();
    if latest.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nPLACED BY RESEARCHERS");
    for p in latest {
        let _ = writeln!(
            out,
            "  {}: {} (sure: {}) · {}",
            p.by,
            crate::assess::stage_name(guide, &p.stage),
            p.sure.label(),
            p.at.format("%Y-%m-%d %H:%M")
        );
    }
}

fn describe_drivers(out: &mut String, guide: &Guide, a: &Assessment) {
    let _ = writeln!(out, "\nDRIVERS");
    for d in &a.drivers {
        match (d.level, &d.level_name) {
            (Some(level), Some(name)) => {
                let spread = d
                    .spread_words(guide)
                    .map_or(String::new(), |w| format!("; {w}"));
                let _ = writeln!(
                    out,
                    "  {}: {name} ({level:.0} of {}{spread})",
                    d.name, d.max_level
                );
            }
            _ => {
                let _ = writeln!(out, "  {}: no evidence yet", d.name);
            }
        }
        describe_reasons(out, &d.reasons, "    ");
    }
}

fn describe_obstacles(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "\nOBSTACLES");
    for o in &a.obstacles {
        let overridden = if o.overridden {
            format!(" (set by hand; answers say {})", o.derived.label())
        } else {
            String::new()
        };
        let _ = writeln!(out, "  {}: {}{overridden}", o.name, o.status.label());
        if !o.tactics_used.is_empty() {
            let names: Vec<&str> = o.tactics_used.iter().map(|t| t.name.as_str()).collect();
            let _ = writeln!(out, "    tactics: {}", names.join("; "));
        }
        describe_reasons(out, &o.reasons, "    ");
    }
}

/// Every recorded answer, by section, with its notes and quotes.
/// The answers, as the exports read them; those the skip logic hides listed apart, after.
fn describe_answers(out: &mut String, guide: &Guide, s: &Session) {
    let _ = writeln!(out, "\nANSWERS");
    let mut relevant = s.clone();
    let hidden = relevant.hide_irrelevant(guide);
    for (section, recorded) in relevant.recorded(guide) {
        let _ = writeln!(out, "\n## {}", section.title);
        for (q, ans) in recorded {
            let value = match (ans.state, ans.answered_value()) {
                (AnswerState::Answered, Some(v)) => answer_text(q, v),
                _ if hidden.contains(&q.id) => "(hidden by skip logic: see below)".to_string(),
                (state, _) => format!("({})", state.label()),
            };
            let flag = if ans.follow_up { "  [follow up]" } else { "" };
            let _ = writeln!(out, "- {}{flag}\n  {}", q.text, indent(&value, "  "));
            if !ans.notes.is_empty() {
                let _ = writeln!(out, "  Notes: {}", indent(&ans.notes, "    "));
            }
            for quote in &ans.quotes {
                let (open, close) = crate::export::words::quote_marks(quote);
                let _ = writeln!(out, "  Quote: {open}{}{close}", indent(quote, "    "));
            }
        }
    }
    describe_hidden(out, guide, s, &hidden);
}

/// Answers typed, then hidden by the skip logic when an earlier answer changed: kept in the
/// file, left out of the exports, shown again if that answer changes back.
fn describe_hidden(out: &mut String, guide: &Guide, s: &Session, hidden: &[String]) {
    if hidden.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nHIDDEN BY SKIP LOGIC (kept in the file, left out of the exports; shown again if the answer that hides them changes back)"
    );
    for (q, ans) in hidden
        .iter()
        .filter_map(|id| Some((guide.question(id)?, s.answer(id)?)))
    {
        let value = match (ans.state, ans.answered_value()) {
            (AnswerState::Answered, Some(v)) => answer_text(q, v),
            (state, _) => format!("({})", state.label()),
        };
        let label = if q.short.is_empty() {
            &q.text
        } else {
            &q.short
        };
        let _ = writeln!(
            out,
            "  hidden by skip logic (kept): {label}: {}",
            indent(&value, "    ")
        );
    }
}

fn indent(text: &str, prefix: &str) -> String {
    text.trim_end().replace('\n', &format!("\n{prefix}"))
}

/// The conflicts of a session, each version with who and when, and those settled, with what
/// was kept; multi-line values indented under their version.
fn show_conflicts(out: &mut String, s: &Session, guide: &Guide) {
    use std::fmt::Write as _;
    let indent = |text: String| text.replace('\n', "\n      ");
    if !s.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "\nCONFLICTS (changed to different values in two copies; the newest stands until one is kept: {} in the interview)",
            crate::tui::keymap::interview_key(&crate::tui::action::Action::Command(
                crate::tui::action::Command::Resolve
            ))
        );
        for c in &s.conflicts {
            let _ = writeln!(out, "  {}:", c.label(guide));
            for n in 0..c.versions.len() {
                let version = c.describe(guide.question(&c.question), n);
                let _ = writeln!(out, "    {}. {}", n + 1, indent(version));
            }
        }
    }
    if !s.resolved.is_empty() {
        let _ = writeln!(
            out,
            "\nRESOLVED CONFLICTS (the version kept, then the others)"
        );
        for r in &s.resolved {
            let c = crate::session::Conflict {
                question: r.question.clone(),
                on: r.on,
                versions: std::iter::once(r.kept.clone())
                    .chain(r.others.clone())
                    .collect(),
            };
            let by = if r.by.is_empty() { "someone" } else { &r.by };
            let _ = writeln!(
                out,
                "  {} (kept by {by}, {}):",
                c.label(guide),
                r.at.format("%Y-%m-%d %H:%M")
            );
            for n in 0..c.versions.len() {
                let mark = if n == 0 { "kept" } else { "other" };
                let version = c.describe(guide.question(&c.question), n);
                let _ = writeln!(out, "    {mark}: {}", indent(version));
            }
        }
    }
}
