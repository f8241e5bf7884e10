//! Drawing the transcript panel: its transcripts and offsets, the lines in view wrapped under
//! their time and speaker, the suggestions they make, and what is placed on no question.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::TranscriptPanel;
use crate::guide::Guide;
use crate::session::Session;
use crate::text;
use crate::transcript::view::{self, View};
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{bottom_title, hints};
use crate::tui::keymap::{key_for, Mode};
use crate::tui::theme;
use crate::tui::wrap::wrap_line;

impl TranscriptPanel {
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, guide: &Guide, session: &Session) {
        frame.render_widget(Clear, area);
        let title = match self.question.and_then(|i| guide.questions().nth(i)) {
            Some((_, q)) => format!(" What was said · {} ", text::line(q.label())),
            None => " What was said · lines placed on no question ".to_string(),
        };
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme::border_focused())
            .title(Span::styled(
                text::truncate(&title, usize::from(area.width.saturating_sub(4))),
                theme::title(),
            ))
            .title_bottom(bottom_title(&hints(Mode::Transcript), area.width));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let view = self.view(guide, session);
        let mut head: Vec<Line> = self
            .head(session)
            .iter()
            .flat_map(|l| wrap_line(l, inner.width, 2))
            .collect();
        let foot = self.foot(&view);
        let room = usize::from(inner.height).saturating_sub(head.len() + 1);
        let body = self.body(guide, session, &view, inner.width, room);
        head.extend(body);
        let mut rows: Vec<Line> = head
            .into_iter()
            .take(usize::from(inner.height).saturating_sub(1))
            .collect();
        while rows.len() + 1 < usize::from(inner.height) {
            rows.push(Line::default());
        }
        rows.push(foot);
        frame.render_widget(Paragraph::new(rows), inner);
    }

    /// A line a transcript: its file, its offset, its speakers' roles; then what could not be
    /// read.
    fn head(&self, session: &Session) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for l in &self.loaded {
            let Some(a) = session.transcripts.get(l.index) else {
                continue;
            };
            let mut spans = vec![
                Span::styled(text::line(&l.file).into_owned(), theme::dim()),
                Span::raw(" · "),
                Span::styled(view::offset_words(a.offset), theme::key()),
                Span::styled(format!(" ({})", nudge_keys()), theme::dim()),
            ];
            for (letter, name) in [("P", &a.participant), ("I", &a.interviewer)] {
                if let Some(name) = name {
                    spans.push(Span::raw(format!(" · {letter} {}", text::line(name))));
                }
            }
            out.push(Line::from(spans));
        }
        for e in &self.errors {
            out.push(Line::styled(
                format!("Not read: {}", text::line(e)),
                theme::warn(),
            ));
        }
        out
    }

    /// The foot: lines placed on no question, suggestions.
    fn foot(&self, view: &View) -> Line<'static> {
        let mut parts = Vec::new();
        let not = view.not_placed();
        if not > 0 {
            parts.push(format!("{} not placed", text::count(not, "line")));
        }
        if !view.suggestions.is_empty() {
            let next = key_for(Mode::Transcript, &Action::Command(Command::NextSuggestion))
                .unwrap_or_default();
            parts.push(format!(
                "{} ({next} goes to the next)",
                text::count(view.suggestions.len(), "suggestion")
            ));
        }
        Line::styled(parts.join(" · "), theme::dim())
    }

    /// The lines in view, wrapped, scrolled so the cursor shows; or why there are none.
    fn body(
        &self,
        guide: &Guide,
        session: &Session,
        view: &View,
        width: u16,
        room: usize,
    ) -> Vec<Line<'static>> {
        if self.loaded.is_empty() && self.errors.is_empty() {
            let attach =
                key_for(Mode::Transcript, &Action::Command(Command::Attach)).unwrap_or_default();
            return vec![
                Line::default(),
                Line::raw("No transcript is attached to this session."),
                Line::styled(
                    format!("{attach} attaches one (Zoom, Teams, Meet or Otter WebVTT, SRT, plain-text turns), or `journey transcript add {} FILE`.", session.id),
                    theme::dim(),
                ),
            ]
            .into_iter()
            .flat_map(|l| wrap_line(&l, width, 0))
            .collect();
        }
        let lines = self.lines(guide, view);
        if lines.is_empty() {
            let move_key = key_for(Mode::Transcript, &Action::Right).unwrap_or_default();
            return vec![
                Line::default(),
                Line::raw("No line of the transcript falls on this question."),
                Line::styled(
                    format!("{move_key} the questions with lines; the offset keys move the lines"),
                    theme::dim(),
                ),
            ]
            .into_iter()
            .flat_map(|l| wrap_line(&l, width, 0))
            .collect();
        }
        let mut out = Vec::new();
        if self.question.is_none() {
            let why = Line::styled(
                "Lines on no question: said before the interview began or after it ended, or the session has no timeline (nor [mm:ss] stamps in its notes). The offset keys move them.",
                theme::dim(),
            );
            out = wrap_line(&why, width, 0);
        }
        let room = room.saturating_sub(out.len());
        let quotes = self
            .question_id(guide)
            .and_then(|q| session.answer(q))
            .map(|a| a.quotes.clone())
            .unwrap_or_default();
        let picked = self.selected(lines.len());
        // Only the lines around the cursor are wrapped: a transcript has thousands.
        let item = |i: usize| -> Vec<Line<'static>> {
            let l = lines[i];
            let quoted = quotes.iter().any(|q| q == l.placed.text.trim());
            let mut rows = said_line(
                l,
                i == self.cursor.min(lines.len() - 1),
                picked.contains(&i) && self.anchor.is_some(),
                quoted,
                width,
            );
            for s in view.suggestions_of(l) {
                let take =
                    key_for(Mode::Transcript, &Action::Command(Command::Take)).unwrap_or_default();
                let row = Line::styled(
                    format!(
                        "           → {}? ({take} takes it)",
                        text::line(&s.label(guide))
                    ),
                    theme::ok(),
                );
                rows.extend(wrap_line(&row, width, 13));
            }
            rows
        };
        let cursor = self.cursor.min(lines.len() - 1);
        let mut first = cursor;
        let mut used = item(cursor).len();
        while first > 0 {
            let before = item(first - 1).len();
            if used + before > room {
                break;
            }
            first -= 1;
            used += before;
        }
        let mut shown: Vec<Line<'static>> = Vec::new();
        for i in first..lines.len() {
            if shown.len() >= room {
                break;
            }
            shown.extend(item(i));
        }
        shown.truncate(room);
        out.extend(shown);
        out
    }
}

/// The offset keys, as the table names them: `+ − 1 s, > < 10 s`.
fn nudge_keys() -> String {
    let key = |c| key_for(Mode::Transcript, &Action::Command(c)).unwrap_or_default();
    format!(
        "{} {} 1 s, {} {} 10 s",
        key(Command::OffsetOn1),
        key(Command::OffsetBack1),
        key(Command::OffsetOn10),
        key(Command::OffsetBack10)
    )
}

/// One line said: `12:31 P  text`, wrapped under its text; the cursor's line marked `▸`, a
/// selected one highlighted, a line already quoted marked `❝`.
fn said_line(
    l: &view::Line,
    here: bool,
    selected: bool,
    quoted: bool,
    width: u16,
) -> Vec<Line<'static>> {
    let who = match (l.role, &l.placed.speaker) {
        (Some(role), _) => role.letter().to_string(),
        (None, Some(name)) => text::truncate(&text::line(name), 16),
        (None, None) => "?".to_string(),
    };
    let style = if here || selected {
        theme::selected()
    } else {
        ratatui::style::Style::new()
    };
    let gutter = format!(
        "{}{}",
        if here { "▸" } else { " " },
        if quoted { "❝" } else { " " }
    );
    let lead = format!("{gutter}{:>6} {who}  ", view::clock(l.placed.start));
    let indent = unicode_width::UnicodeWidthStr::width(lead.as_str()) as u16;
    let line = Line::from(vec![
        Span::styled(lead, theme::dim()),
        Span::styled(text::line(&l.placed.text).into_owned(), style),
    ]);
    wrap_line(&line, width, indent)
}
