//! Something to read and scroll: the keys (help), the gauge's reasons, the study report.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::text;
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{centered, hints, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::{self, Mode};
use crate::tui::theme;
use crate::tui::widgets::reasons::reason_lines;

/// What a reader shows.
#[derive(Debug, Clone)]
enum Content {
    /// Every key, from the key tables.
    Help,
    /// Why the gauge says what it says, for the session on screen.
    Reasons,
    /// A Markdown text (the study report), its headings as titles.
    Markdown(String),
}

#[derive(Debug, Clone)]
pub struct Reader {
    content: Content,
    scroll: u16,
}

impl Reader {
    pub fn help() -> Reader {
        Reader::new(Content::Help)
    }

    pub fn reasons() -> Reader {
        Reader::new(Content::Reasons)
    }

    /// The study report, to read.
    pub fn report(markdown: String) -> Reader {
        Reader::new(Content::Markdown(markdown))
    }

    fn new(content: Content) -> Reader {
        Reader { content, scroll: 0 }
    }

    /// The text shown, as plain lines (for tests and the report's text).
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Content::Markdown(text) => Some(text),
            _ => None,
        }
    }

    /// True for the help.
    pub fn is_help(&self) -> bool {
        matches!(self.content, Content::Help)
    }

    fn title(&self) -> &'static str {
        match self.content {
            Content::Help => "Keys",
            Content::Reasons => "Why the gauge says so",
            Content::Markdown(_) => "Study report",
        }
    }

    fn lines(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        match &self.content {
            Content::Help => help_lines(),
            Content::Reasons => ctx
                .subject
                .map_or_else(Vec::new, |s| reason_lines(ctx.guide, s.assessment)),
            Content::Markdown(text) => text
                .lines()
                .map(|l| match l.strip_prefix('#') {
                    Some(heading) => Line::styled(
                        text::line(heading.trim_start_matches('#').trim()).into_owned(),
                        theme::title(),
                    ),
                    None => Line::raw(text::line(l).into_owned()),
                })
                .collect(),
        }
    }
}

impl Component for Reader {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        let scroll = &mut self.scroll;
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::PrevQuestion => *scroll = scroll.saturating_sub(10),
            Action::NextQuestion => *scroll = scroll.saturating_add(10),
            Action::Back | Action::Help | Action::Select | Action::Command(Command::Reasons) => {
                return Outcome::Close
            }
            other => return Outcome::PassOn(other),
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let width = if matches!(self.content, Content::Markdown(_)) {
            110
        } else {
            96
        };
        popup(
            frame,
            centered(area, width, area.height.saturating_sub(2)),
            self.title(),
            self.lines(ctx),
            self.scroll,
            &hints(Mode::Reader),
        );
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Reader)
    }
}

/// Every key, from the tables the keymap reads: a key is written once.
pub fn help_lines() -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<(&str, Vec<(String, &str)>)> = keymap::ALL
        .iter()
        .map(|g| (g.title, keymap::help_rows(g)))
        .collect();
    let docs: Vec<(String, &str)> = keymap::TEXT_FIELDS
        .iter()
        .map(|(k, w)| (k.to_string(), *w))
        .collect();
    let width = rows
        .iter()
        .flat_map(|(_, r)| r.iter())
        .chain(docs.iter())
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (title, rows) in rows
        .into_iter()
        .chain(std::iter::once(("Text fields", docs)))
    {
        lines.push(Line::styled(title.to_string(), theme::title()));
        for (key, what) in rows {
            let pad = width.saturating_sub(key.width());
            lines.push(Line::from(vec![
                Span::styled(format!("  {key}{}  ", " ".repeat(pad)), theme::key()),
                Span::raw(what.to_string()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}
