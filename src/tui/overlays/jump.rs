//! Go to a question: the outline of the shown questions, narrowed as you type part of a label,
//! of the question's text, or its number; Enter goes there.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::guide::Guide;
use crate::session::{AnswerState, Session};
use crate::text;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::hits::Hit;
use crate::tui::keymap::Mode;
use crate::tui::nav::Edit;
use crate::tui::theme;
use crate::tui::widgets::scroll_start;

/// The state of the jump overlay.
#[derive(Debug, Clone, Default)]
pub struct Jump {
    pub query: String,
    /// The row under the cursor among the matches.
    pub cursor: usize,
}

/// What a key did in the jump overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JumpOutcome {
    Stay,
    Close,
    /// Go to the question at this index of the guide's flat order.
    Go(usize),
}

impl Jump {
    /// Opens on the current question.
    pub fn new(guide: &Guide, session: &Session, current: usize) -> Jump {
        let mut jump = Jump::default();
        jump.cursor = jump
            .matches(guide, session)
            .iter()
            .position(|&i| i == current)
            .unwrap_or(0);
        jump
    }

    /// The shown questions that match the query, best first (see [`crate::guide::find`]), as
    /// indexes in the guide's flat order.
    pub fn matches(&self, guide: &Guide, session: &Session) -> Vec<usize> {
        let shown = guide
            .questions()
            .enumerate()
            .filter(|(_, (s, q))| guide.is_shown(s, q, session))
            .map(|(i, (_, q))| (i, q));
        crate::guide::find::find(&self.query, shown)
    }

    /// What to say when no question shown matches: the ones skip logic hides that do, if any,
    /// so a researcher knows the question exists and why it cannot be reached yet.
    fn none_shown(&self, guide: &Guide, session: &Session) -> Vec<Line<'static>> {
        let hidden = guide
            .questions()
            .enumerate()
            .filter(|(_, (s, q))| !guide.is_shown(s, q, session))
            .map(|(i, (_, q))| (i, q));
        let found = crate::guide::find::find(&self.query, hidden);
        let mut lines = vec![Line::styled("  no question shown matches", theme::dim())];
        let questions: Vec<_> = guide.questions().collect();
        for i in found.into_iter().take(5) {
            lines.push(Line::styled(
                format!(
                    "  ⊘ {:>3} {} (skipped by skip logic for now)",
                    i + 1,
                    text::line(questions[i].1.label())
                ),
                theme::dim(),
            ));
        }
        lines
    }

    pub fn handle(&mut self, guide: &Guide, session: &Session, action: Action) -> JumpOutcome {
        let count = self.matches(guide, session).len();
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(count.saturating_sub(1)),
            Action::PrevQuestion => self.cursor = self.cursor.saturating_sub(10),
            Action::NextQuestion => self.cursor = (self.cursor + 10).min(count.saturating_sub(1)),
            Action::Select => {
                return match self.matches(guide, session).get(self.cursor) {
                    Some(&i) => JumpOutcome::Go(i),
                    None => JumpOutcome::Stay,
                }
            }
            Action::Back => return JumpOutcome::Close,
            Action::Input(key) => {
                if !crate::tui::line_edit::input_at_end(&mut self.query, key) {
                    return JumpOutcome::Stay;
                }
                self.cursor = 0;
            }
            Action::Paste(text) => {
                self.query.push_str(&text::line(&text));
                self.cursor = 0;
            }
            _ => {}
        }
        JumpOutcome::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, guide: &Guide, session: &Session) {
        frame.render_widget(Clear, area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme::border_focused())
            .title(Span::styled(" Go to a question ", theme::title()))
            .title_bottom(crate::tui::chrome::bottom_title(
                &crate::tui::keymap::search_foot("type part of a label or a number", "go", "stay"),
                area.width,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 2 {
            return;
        }
        self.draw_query(frame, inner);
        let list = list_area(area);
        let matches = self.matches(guide, session);
        if matches.is_empty() {
            let none = Paragraph::new(self.none_shown(guide, session))
                .wrap(ratatui::widgets::Wrap { trim: false });
            frame.render_widget(none, list);
            return;
        }
        let heights = vec![1; matches.len()];
        let first = scroll_start(&heights, self.cursor, list.height);
        let questions: Vec<_> = guide.questions().collect();
        let lines: Vec<Line> = matches
            .iter()
            .enumerate()
            .skip(first)
            .take(usize::from(list.height))
            .map(|(row, &i)| {
                let (section, q) = questions[i];
                match_line(session, (i, &section.title, q), row == self.cursor)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        for (y, &i) in matches
            .iter()
            .skip(first)
            .take(usize::from(list.height))
            .enumerate()
        {
            let row = Rect::new(list.x, list.y + y as u16, list.width, 1);
            crate::tui::hits::add(row, crate::tui::hits::Hit::Question(i));
        }
    }

    /// The query typed so far, with the cursor after it.
    fn draw_query(&self, frame: &mut Frame, inner: Rect) {
        let query = Line::from(vec![
            Span::styled("› ", theme::key()),
            Span::raw(text::line(&self.query).into_owned()),
        ]);
        frame.render_widget(
            Paragraph::new(query),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        // After the query as shown (an unsafe character shows as a wider replacement).
        let shown = text::line(&self.query);
        let cursor_x = inner.x + 2 + unicode_width::UnicodeWidthStr::width(shown.as_ref()) as u16;
        if cursor_x < inner.x + inner.width {
            crate::tui::cursor::place(frame, (cursor_x, inner.y).into());
        }
    }
}

/// A matching question's row: the cursor, its state, a conflict flag, its number, label and
/// section.
fn match_line(
    session: &Session,
    (i, section, q): (usize, &str, &crate::guide::Question),
    here: bool,
) -> Line<'static> {
    let state = session
        .answer(&q.id)
        .map_or(AnswerState::NotAsked, |a| a.state);
    let (glyph, style) = theme::answer(state);
    let line = Line::from(vec![
        Span::raw(if here { "▸" } else { " " }),
        Span::styled(glyph, style),
        // A question two copies disagree on (a team sync) is flagged.
        match session.conflict(&q.id) {
            Some(_) => Span::styled("⚠", theme::warn()),
            None => Span::raw(" "),
        },
        Span::styled(format!("{:>3} ", i + 1), theme::dim()),
        Span::raw(text::line(q.label()).into_owned()),
        Span::styled(format!("  · {}", text::line(section)), theme::dim()),
    ]);
    if here {
        line.style(theme::selected())
    } else {
        line
    }
}

impl Component for Jump {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let Some(subject) = ctx.subject else {
            return Outcome::Close;
        };
        if matches!(
            action,
            Action::Help | Action::Quit | Action::ConfirmQuit | Action::Save
        ) {
            return Outcome::PassOn(action);
        }
        match Jump::handle(self, ctx.guide, subject.session, action) {
            JumpOutcome::Stay => Outcome::Done,
            JumpOutcome::Close => Outcome::Close,
            JumpOutcome::Go(index) => Outcome::CloseAndSend(Edit::GoTo(index)),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        if let Some(subject) = ctx.subject {
            let height = area.height.saturating_sub(4).max(8);
            self.draw(
                frame,
                crate::tui::chrome::centered(area, 90, height),
                ctx.guide,
                subject.session,
            );
        }
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Search)
    }

    /// A click on a row goes to that question.
    fn click(&mut self, hit: Hit, _: &Ctx) -> Outcome {
        match hit {
            Hit::Question(index) => Outcome::CloseAndSend(Edit::GoTo(index)),
            _ => Outcome::Done,
        }
    }
}

/// The list's rows inside the overlay at `area`: below the border and the query line.
fn list_area(area: Rect) -> Rect {
    let inner = Block::new().borders(Borders::ALL).inner(area);
    Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::find::fold;

    fn setup() -> (Guide, Session) {
        let guide = crate::guide::builtin().expect("guide");
        let session = Session::new(&guide, crate::session::Meta::new("Acme"));
        (guide, session)
    }

    #[test]
    fn typing_part_of_a_label_narrows_the_list_and_enter_goes_there() {
        let (guide, session) = setup();
        let mut jump = Jump::new(&guide, &session, 0);
        let all = jump.matches(&guide, &session).len();
        for c in "sponsor".chars() {
            let key = ratatui::crossterm::event::KeyEvent::from(
                ratatui::crossterm::event::KeyCode::Char(c),
            );
            jump.handle(&guide, &session, Action::Input(key));
        }
        let found = jump.matches(&guide, &session);
        assert!(!found.is_empty() && found.len() < all, "{found:?} of {all}");
        let JumpOutcome::Go(i) = jump.handle(&guide, &session, Action::Select) else {
            panic!("Enter goes to the first match");
        };
        let q = guide.questions().nth(i).expect("question").1;
        assert!(fold(&format!("{} {}", q.label(), q.text)).contains("sponsor"));
    }

    #[test]
    fn a_number_finds_that_question() {
        let (guide, session) = setup();
        let jump = Jump {
            query: "3".into(),
            cursor: 0,
        };
        assert_eq!(jump.matches(&guide, &session).first(), Some(&2));
    }

    #[test]
    fn first_production_finds_the_first_production_workload_before_the_year() {
        let (guide, mut session) = setup();
        session.answer_mut("start.production").state = AnswerState::Answered;
        session.answer_mut("start.production").value = Some(crate::session::Value::Choice {
            selected: vec!["yes".into()],
            other: None,
        });
        let jump = Jump {
            query: "first production".into(),
            cursor: 0,
        };
        let found = jump.matches(&guide, &session);
        let ids: Vec<&str> = found
            .iter()
            .map(|&i| guide.questions().nth(i).expect("question").1.id.as_str())
            .collect();
        assert_eq!(ids.first(), Some(&"start.first_workload"), "{ids:?}");
        assert!(ids.contains(&"start.first_year"), "{ids:?}");
    }

    #[test]
    fn questions_skip_logic_hides_are_named_when_no_shown_one_matches() {
        let (guide, session) = setup();
        let jump = Jump {
            query: "first production".into(),
            cursor: 0,
        };
        assert!(jump.matches(&guide, &session).is_empty());
        let said: Vec<String> = jump
            .none_shown(&guide, &session)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert!(
            said.iter()
                .any(|l| l.contains("First production workload")
                    && l.contains("skipped by skip logic")),
            "{said:?}"
        );
    }
}
