//! The summary at the end of an interview: stage with reasons, drivers, obstacles, triggers,
//! products, quotes and follow-ups.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::assess::Assessment;
use crate::guide::Guide;
use crate::session::{AnswerState, Session};
use crate::text;
use crate::tui::interview::clock;
use crate::tui::theme;
use crate::tui::widgets::reasons::reason_lines;
use crate::tui::widgets::{ObstacleChecklist, StageGauge};

/// What the summary shows: the session, its assessment, and whether to list every answer.
pub struct View<'a> {
    pub session: &'a Session,
    pub assessment: &'a Assessment,
    pub answers: bool,
    pub title: &'a str,
    pub mode: crate::tui::keymap::Mode,
    /// A blind review not placed yet: no gauge, no reasons, nobody's placements.
    pub blind: bool,
}

pub fn draw(frame: &mut Frame, area: Rect, guide: &Guide, view: &View, scroll: u16) {
    let i = view;
    let [body, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let side_width = if body.width >= 100 && !view.blind {
        38
    } else {
        0
    };
    let [main, side] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(side_width)]).areas(body);
    if side_width > 0 {
        let gauge = StageGauge::new(guide, i.assessment);
        let [top, bottom] = Layout::vertical([
            Constraint::Length(gauge.height(side.width.saturating_sub(2)) + 2),
            Constraint::Min(0),
        ])
        .areas(side);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme::border())
            .title(" Stage ");
        let inner = block.inner(top);
        frame.render_widget(block, top);
        frame.render_widget(gauge, inner);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme::border())
            .title(" Obstacles ");
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        frame.render_widget(ObstacleChecklist::new(guide, i.assessment), inner);
    }
    let lines = summary_lines(guide, i);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border_focused())
        .title(Span::styled(format!(" {} ", view.title), theme::title()));
    let inner = block.inner(main);
    let lines = crate::tui::wrap::wrap_lines(lines, inner.width);
    let max_scroll = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        main,
    );
    let hint = crate::tui::chrome::footer_at(view.mode, foot);
    frame.render_widget(Line::styled(hint, theme::dim()), foot);
}

fn summary_lines(guide: &Guide, i: &View) -> Vec<Line<'static>> {
    let s = &i.session;
    let mut lines = vec![Line::styled(
        text::line(&s.meta.customer).into_owned(),
        theme::title(),
    )];
    header_lines(&mut lines, s);
    transcript_lines(&mut lines, s, i.mode);
    lines.push(Line::raw(""));
    conflict_lines(&mut lines, guide, s);
    if i.blind {
        let key = crate::tui::keymap::key_for(
            i.mode,
            &crate::tui::action::Action::Command(crate::tui::action::Command::Place),
        )
        .unwrap_or_default();
        lines.push(Line::styled(
            format!("Blind review: the gauge and the other researchers' placements and codes stay hidden until you record your own placement ({key})."),
            theme::warn(),
        ));
    } else {
        placement_lines(&mut lines, guide, i);
        lines.extend(reason_lines(guide, i.assessment));
    }
    highlight_and_quote_lines(&mut lines, guide, i);
    if i.answers {
        answer_lines(&mut lines, guide, s);
    }
    follow_up_lines(&mut lines, guide, s);
    lines
}

/// The researchers' own placements (each one's latest) beside the gauge's stage.
fn placement_lines(lines: &mut Vec<Line<'static>>, guide: &Guide, i: &View) {
    let latest = i.session.latest_placements();
    if latest.is_empty() {
        return;
    }
    lines.push(Line::styled("Researchers' placements", theme::title()));
    for p in latest {
        lines.push(Line::raw(format!(
            "  {}: {} (sure: {}, {})",
            text::line(&p.by),
            crate::assess::stage_name(guide, &p.stage),
            p.sure.label(),
            p.at.format("%Y-%m-%d")
        )));
    }
    lines.push(Line::styled(
        format!("  the gauge: {}", i.assessment.stage_label(guide)),
        theme::dim(),
    ));
    lines.push(Line::raw(""));
}

/// Who was interviewed and by whom, whether this is a conflicted copy, when, how long, consent.
fn header_lines(lines: &mut Vec<Line<'static>>, s: &Session) {
    let m = &s.meta;
    let mut who = Vec::new();
    match (m.participant.is_empty(), m.role.is_empty()) {
        (false, false) => who.push(format!(
            "{} ({})",
            text::line(&m.participant),
            text::line(&m.role)
        )),
        (false, true) => who.push(text::line(&m.participant).into_owned()),
        (true, false) => who.push(text::line(&m.role).into_owned()),
        (true, true) => {}
    }
    if !m.interviewer.is_empty() {
        who.push(format!("interviewed by {}", text::line(&m.interviewer)));
    }
    lines.push(Line::raw(who.join(" · ")));
    if let Some(original) = &s.conflicted_copy_of {
        lines.push(Line::styled(
            format!(
                "Conflicted copy of {}: two versions too large to merge into one file; this is the other one",
                text::line(original)
            ),
            theme::warn(),
        ));
    }
    let finished = m.finished.map_or("in progress".to_string(), |f| {
        format!("complete {}", f.format("%Y-%m-%d %H:%M"))
    });
    lines.push(Line::styled(
        format!(
            "started {} · {finished} · {} of interview · consent {}",
            m.started.format("%Y-%m-%d %H:%M"),
            clock(std::time::Duration::from_secs(s.elapsed_seconds)),
            if m.consent { "noted" } else { "not noted" }
        ),
        theme::dim(),
    ));
}

/// The answers, notes or details two copies disagree on, each version numbered.
fn conflict_lines(lines: &mut Vec<Line<'static>>, guide: &Guide, s: &Session) {
    if s.conflicts.is_empty() {
        return;
    }
    let key = crate::tui::keymap::interview_key(&crate::tui::action::Action::Command(
        crate::tui::action::Command::Resolve,
    ));
    lines.push(Line::styled(
        format!("Answers, notes or details two copies disagree on (the newest stands; resume and press {key} to keep one)"),
        theme::warn(),
    ));
    for c in &s.conflicts {
        let q = guide.question(&c.question);
        lines.push(Line::raw(format!("  {}:", text::line(&c.label(guide)))));
        for n in 0..c.versions.len() {
            lines.push(Line::styled(
                format!("    {}. {}", n + 1, text::line(&c.describe(q, n))),
                theme::dim(),
            ));
        }
    }
    lines.push(Line::raw(""));
}

/// The assessment's highlights, then every quote with its question.
/// The transcripts attached, and the key that shows what was said at each question.
fn transcript_lines(lines: &mut Vec<Line<'static>>, s: &Session, mode: crate::tui::keymap::Mode) {
    use crate::tui::action::{Action, Command};
    let key = crate::tui::keymap::key_for(mode, &Action::Command(Command::Transcript));
    for t in &s.transcripts {
        let who = t.participant.as_deref().map_or(String::new(), |p| {
            format!("; participant {}", text::line(p))
        });
        let show = key.as_deref().map_or(String::new(), |k| {
            format!(" · {k}: what was said at each question")
        });
        lines.push(Line::styled(
            format!(
                "Transcript: {} ({}, {}{who}){show}",
                text::line(&t.file),
                text::line(&t.format),
                crate::transcript::view::offset_words(t.offset)
            ),
            theme::dim(),
        ));
    }
}

fn highlight_and_quote_lines(lines: &mut Vec<Line<'static>>, guide: &Guide, i: &View) {
    let (s, a) = (&i.session, i.assessment);
    for h in a.highlights.iter().filter(|h| !h.items.is_empty()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(h.title.clone(), theme::title()));
        lines.extend(
            h.items
                .iter()
                .map(|item| Line::raw(format!("  • {}", text::line(item)))),
        );
    }
    let quotes = s.quotes(guide);
    if !quotes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Quotes", theme::title()));
        for (quote, question) in quotes {
            // A quote taken from the transcript says who said it and when.
            let said = s
                .answer(&question.id)
                .and_then(|a| a.said_of(quote))
                .map_or(String::new(), |said| {
                    let who = said
                        .speaker
                        .as_deref()
                        .map_or(String::new(), |w| format!("{}, ", text::line(w)));
                    format!(" — {who}{}", crate::transcript::view::clock(said.at))
                });
            lines.push(Line::styled(
                format!("  ❝ {}{said}", text::line(quote)),
                theme::probe(),
            ));
            lines.push(Line::styled(
                format!("      on: {}", text::line(&question.text)),
                theme::dim(),
            ));
        }
    }
}

/// The questions flagged for a follow-up, each with the first line of its notes.
fn follow_up_lines(lines: &mut Vec<Line<'static>>, guide: &Guide, s: &Session) {
    let follow_ups = s.follow_ups(guide);
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Follow-ups ({})", follow_ups.len()),
        theme::title(),
    ));
    for qid in follow_ups {
        if let Some(q) = guide.question(qid) {
            let notes = s
                .answer(qid)
                .map(|a| a.notes.lines().next().unwrap_or("").to_string())
                .unwrap_or_default();
            lines.push(Line::raw(format!("  ⚑ {}", text::line(q.label()))));
            if !notes.is_empty() {
                lines.push(Line::styled(
                    format!("      {}", text::line(&notes)),
                    theme::dim(),
                ));
            }
        }
    }
}

/// Every recorded answer, by section, with its notes and quotes.
fn answer_lines(lines: &mut Vec<Line<'static>>, guide: &Guide, s: &Session) {
    for (section, recorded) in s.recorded(guide) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(section.title.clone(), theme::title()));
        for (q, answer) in recorded {
            let value = match (answer.state, answer.answered_value()) {
                (AnswerState::Answered, Some(v)) => crate::session::answer_text(q, v),
                (state, _) => format!("({})", state.label()),
            };
            let flag = if answer.follow_up { " ⚑" } else { "" };
            lines.push(Line::from(vec![Span::raw(format!(
                "  {}{flag}",
                text::line(&q.text)
            ))]));
            for line in value.lines() {
                lines.push(Line::styled(
                    format!("    {}", text::line(line)),
                    theme::picked(),
                ));
            }
            for note in answer.notes.lines() {
                lines.push(Line::styled(
                    format!("    {}", text::line(note)),
                    theme::dim(),
                ));
            }
            for quote in &answer.quotes {
                lines.push(Line::styled(
                    format!("    ❝ {}", text::line(quote)),
                    theme::probe(),
                ));
            }
        }
    }
}
