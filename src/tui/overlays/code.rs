//! Coding: the study's codes, narrowed as you type part of a name or description; Enter applies
//! the code under the cursor to the text being coded (a selection, a line of notes or a quote).

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::guide::{Code, Guide};
use crate::text::{self, fold};
use crate::tui::action::Action;
use crate::tui::chrome::centered;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use crate::tui::nav::Edit;
use crate::tui::theme;

#[derive(Debug, Clone, Default)]
pub struct CodePicker {
    pub query: String,
    pub cursor: usize,
    /// The text the code goes on.
    pub target: String,
    /// Its question, when coding from the read-only view (the interview knows its own).
    pub question: Option<String>,
}

/// The texts of a session that can be coded (quotes and lines of notes), to pick one from in
/// the read-only view; typing narrows them.
#[derive(Debug, Clone, Default)]
pub struct CodeTexts {
    pub query: String,
    pub cursor: usize,
    /// (question id, question label, text)
    pub items: Vec<(String, String, String)>,
}

impl CodeTexts {
    pub fn new(guide: &Guide, session: &crate::session::Session) -> CodeTexts {
        let mut items = Vec::new();
        for (_, q) in guide.questions() {
            let Some(a) = session.answer(&q.id) else {
                continue;
            };
            let lines = a.quotes.iter().map(String::as_str).chain(a.notes.lines());
            for text in lines.filter(|t| !t.trim().is_empty()) {
                items.push((q.id.clone(), q.label().to_string(), text.to_string()));
            }
        }
        CodeTexts {
            items,
            ..CodeTexts::default()
        }
    }

    fn shown(&self) -> Vec<&(String, String, String)> {
        let q = fold(self.query.trim());
        self.items
            .iter()
            .filter(|(_, label, text)| {
                q.is_empty() || fold(text).contains(&q) || fold(label).contains(&q)
            })
            .collect()
    }

    /// Enter picks a text: the code picker opens on it.
    pub fn handle(&mut self, action: Action) -> Option<Option<CodePicker>> {
        let count = self.shown().len();
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(count.saturating_sub(1)),
            Action::Select => {
                let (qid, _, text) = self.shown().get(self.cursor).map(|t| (*t).clone())?;
                let mut picker = CodePicker::new(text);
                picker.question = Some(qid);
                return Some(Some(picker));
            }
            Action::Back => return Some(None),
            Action::Input(key) if crate::tui::line_edit::input_at_end(&mut self.query, key) => {
                self.cursor = 0;
            }
            _ => {}
        }
        None
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        frame.render_widget(Clear, area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme::border_focused())
            .title(Span::styled(
                " Code a quote or a line of notes ",
                theme::title(),
            ))
            .title_bottom(crate::tui::chrome::bottom_title(
                &crate::tui::keymap::search_foot("type to narrow", "pick a code for it", "cancel"),
                area.width,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut lines = vec![Line::from(vec![
            Span::styled("› ", theme::key()),
            Span::raw(text::line(&self.query).into_owned()),
        ])];
        let shown = self.shown();
        if shown.is_empty() {
            lines.push(Line::styled("  no quote or note matches", theme::dim()));
        }
        let room = usize::from(inner.height.saturating_sub(1));
        let first = self.cursor.saturating_sub(room.saturating_sub(1));
        for (i, (_, label, t)) in shown.iter().enumerate().skip(first).take(room) {
            let style = if i == self.cursor {
                theme::selected()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(
                    text::truncate(
                        &text::line(t),
                        usize::from(inner.width).saturating_sub(30).max(10),
                    ),
                    style,
                ),
                Span::styled(format!("  {}", text::line(label)), theme::dim()),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// What a key did in the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickOutcome {
    Stay,
    Close,
    /// Apply this code id.
    Apply(String),
}

impl CodePicker {
    pub fn new(target: String) -> CodePicker {
        CodePicker {
            target,
            ..CodePicker::default()
        }
    }

    pub fn matches<'g>(&self, guide: &'g Guide) -> Vec<&'g Code> {
        let q = fold(self.query.trim());
        guide
            .codes
            .iter()
            .filter(|c| {
                q.is_empty()
                    || fold(&c.name).contains(&q)
                    || fold(&c.description).contains(&q)
                    || fold(&c.id).contains(&q)
            })
            .collect()
    }

    pub fn handle(&mut self, guide: &Guide, action: Action) -> PickOutcome {
        let count = self.matches(guide).len();
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(count.saturating_sub(1)),
            Action::Select => {
                return match self.matches(guide).get(self.cursor) {
                    Some(c) => PickOutcome::Apply(c.id.clone()),
                    None => PickOutcome::Stay,
                }
            }
            Action::Back => return PickOutcome::Close,
            Action::Input(key) => {
                if !crate::tui::line_edit::input_at_end(&mut self.query, key) {
                    return PickOutcome::Stay;
                }
                self.cursor = 0;
            }
            Action::Paste(t) => {
                self.query.push_str(&text::line(&t));
                self.cursor = 0;
            }
            _ => {}
        }
        PickOutcome::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, guide: &Guide) {
        frame.render_widget(Clear, area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme::border_focused())
            .title(Span::styled(" Code ", theme::title()))
            .title_bottom(crate::tui::chrome::bottom_title(
                &crate::tui::keymap::search_foot("type part of a code", "apply", "cancel"),
                area.width,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 4 {
            return;
        }
        let mut lines = vec![
            Line::styled(
                text::truncate(
                    &format!("on: “{}”", text::line(&self.target)),
                    usize::from(inner.width),
                ),
                theme::dim(),
            ),
            Line::from(vec![
                Span::styled("› ", theme::key()),
                Span::raw(text::line(&self.query).into_owned()),
            ]),
        ];
        let matches = self.matches(guide);
        if matches.is_empty() {
            lines.push(Line::styled("  no code matches", theme::dim()));
        }
        for (i, c) in matches
            .iter()
            .enumerate()
            .take(usize::from(inner.height.saturating_sub(2)))
        {
            lines.push(code_line(c, i == self.cursor));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        // After the query as shown (an unsafe character shows as a wider replacement).
        let shown = text::line(&self.query);
        let x = inner.x + 2 + unicode_width::UnicodeWidthStr::width(shown.as_ref()) as u16;
        if x < inner.x + inner.width {
            crate::tui::cursor::place(frame, (x, inner.y + 1).into());
        }
    }
}

/// A code's row: its colour, its name (a conflict said), its description.
fn code_line(c: &Code, here: bool) -> Line<'static> {
    let swatch = colour(&c.colour).map_or(Style::new(), |rgb| Style::new().fg(rgb));
    let style = if here {
        theme::selected()
    } else {
        Style::new()
    };
    let mut line = vec![
        Span::styled("■ ", swatch),
        Span::styled(text::line(&c.name).into_owned(), style),
    ];
    // Two copies gave it different values: `journey codes` shows them.
    if !c.conflicts.is_empty() {
        line.push(Span::styled(
            "  (conflict: see `journey codes`)",
            theme::warn(),
        ));
    }
    line.push(Span::styled(
        format!("  {}", text::line(&c.description)),
        theme::dim(),
    ));
    Line::from(line)
}

/// `#RRGGBB` as a colour, unless colours are off.
fn colour(hex: &str) -> Option<Color> {
    if theme::monochrome() {
        return None;
    }
    let hex = hex.strip_prefix('#')?;
    let n = u32::from_str_radix(hex, 16).ok()?;
    (hex.len() == 6).then_some(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

impl Component for CodePicker {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if matches!(
            action,
            Action::Help | Action::Quit | Action::ConfirmQuit | Action::Save
        ) {
            return Outcome::PassOn(action);
        }
        match CodePicker::handle(self, ctx.guide, action) {
            PickOutcome::Stay => Outcome::Done,
            PickOutcome::Close => Outcome::Close,
            PickOutcome::Apply(code) => Outcome::CloseAndSend(Edit::Code {
                question: self.question.clone(),
                text: self.target.clone(),
                code,
            }),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let height = (ctx.guide.codes.len() as u16 + 5).min(area.height.saturating_sub(2));
        self.draw(frame, centered(area, 80, height), ctx.guide);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Search)
    }
}

impl Component for CodeTexts {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        if matches!(
            action,
            Action::Help | Action::Quit | Action::ConfirmQuit | Action::Save
        ) {
            return Outcome::PassOn(action);
        }
        match CodeTexts::handle(self, action) {
            None => Outcome::Done,
            Some(None) => Outcome::Close,
            Some(Some(picker)) => Outcome::Open(Box::new(picker)),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        self.draw(
            frame,
            centered(area, 100, area.height.saturating_sub(4).max(8)),
        );
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Search)
    }
}
