//! The new-interview form: customer, participant and role, interviewer, consent.

use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use crate::session::{Meta, Store};
use crate::text;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::theme;

const LABELS: [&str; 4] = [
    "Customer / organisation",
    "Participant",
    "Participant's role",
    "Interviewer",
];
const CONSENT: usize = 4;
const START: usize = 5;

pub struct Form {
    /// The session whose metadata is being edited; `None` for a new interview.
    pub editing: Option<String>,
    pub fields: [TextArea<'static>; 4],
    pub consent: bool,
    pub focus: usize,
    pub error: Option<String>,
    /// The customers interviewed before (every name their interviews used, with how many
    /// interviews), offered as the customer's name is typed.
    pub known: Vec<(String, usize)>,
    /// `known`'s names folded once (accents and case aside), so typing never folds them all.
    folded: Vec<String>,
}

impl Form {
    /// A blank form; the interviewer is who uses journey here (`journey whoami`, else the
    /// interviewer last entered here), else the most recent session's (a teammate's, after a
    /// sync, only when this folder knows nobody).
    pub fn new(store: &Store, guide: &crate::guide::Guide) -> Form {
        let me = crate::session::identity::researcher_name(store.data_dir());
        let sessions = store
            .summaries(guide)
            .map(|l| l.sessions)
            .unwrap_or_default();
        let interviewer = me
            .or_else(|| {
                let last = sessions.iter().max_by_key(|s| s.started)?;
                Some(last.interviewer.to_string())
            })
            .unwrap_or_default();
        let known: Vec<(String, usize)> = crate::customer::customers(&sessions)
            .into_iter()
            .flat_map(|c| {
                let n = c.interviews.len();
                let names: Vec<String> = std::iter::once(c.name).chain(c.other_names).collect();
                names.into_iter().map(move |name| (name, n))
            })
            .collect();
        let folded = known.iter().map(|(name, _)| text::fold(name)).collect();
        let mut fields: [TextArea<'static>; 4] = Default::default();
        for (field, placeholder) in
            fields
                .iter_mut()
                .zip(["required", "name", "e.g. IT director", "your name"])
        {
            field.set_placeholder_text(placeholder);
            field.set_cursor_line_style(ratatui::style::Style::default());
        }
        fields[3] = TextArea::new(vec![text::to_field(&interviewer.replace('\n', " "))]);
        fields[3].set_cursor_line_style(ratatui::style::Style::default());
        fields[3].move_cursor(ratatui_textarea::CursorMove::End);
        let mut form = Form {
            editing: None,
            fields,
            consent: false,
            focus: 0,
            error: None,
            known,
            folded,
        };
        form.show_cursor();
        form
    }

    /// The known customer whose name starts with what is typed (accents and case aside), when
    /// a new interview's customer is being typed and is not that name already.
    pub fn offered(&self) -> Option<&(String, usize)> {
        let typed = text::fold(&self.value(0));
        if self.editing.is_some() || self.focus != 0 || typed.is_empty() {
            return None;
        }
        let starting = self.folded.iter().position(|name| name.starts_with(&typed));
        // Else a name that holds what is typed as a word ("corporation" finds "Acme
        // Corporation").
        let at = starting.or_else(|| {
            self.folded.iter().position(|name| {
                name.split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with(&typed))
            })
        })?;
        (self.folded[at] != typed).then_some(&self.known[at])
    }

    /// A form to edit a session's metadata.
    pub fn edit(session: &crate::session::Session) -> Form {
        let m = &session.meta;
        let values = [&m.customer, &m.participant, &m.role, &m.interviewer];
        let fields = values.map(|v| {
            let mut f = TextArea::new(vec![text::to_field(&v.replace('\n', " "))]);
            f.set_cursor_line_style(ratatui::style::Style::default());
            f.move_cursor(ratatui_textarea::CursorMove::End);
            f
        });
        let mut form = Form {
            editing: Some(session.id.clone()),
            fields,
            consent: m.consent,
            focus: 0,
            error: None,
            known: Vec::new(),
            folded: Vec::new(),
        };
        crate::tui::line_edit::select_on_entry(&mut form.fields[0]);
        form.show_cursor();
        form
    }

    fn value(&self, i: usize) -> String {
        text::from_field(self.fields[i].lines().join(" ").trim())
    }

    fn show_cursor(&mut self) {
        use ratatui::style::{Modifier, Style};
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.set_cursor_style(if i == self.focus {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            });
        }
    }

    /// The metadata, when the form is complete; otherwise the error says what is missing.
    pub fn meta(&mut self) -> Option<Meta> {
        let customer = self.value(0);
        if customer.is_empty() {
            self.error = Some("The customer is required".into());
            self.focus = 0;
            self.show_cursor();
            return None;
        }
        Some(Meta {
            participant: self.value(1),
            role: self.value(2),
            interviewer: self.value(3),
            consent: self.consent,
            ..Meta::new(customer)
        })
    }

    pub fn update(&mut self, action: Action) -> Option<Nav> {
        let focus = self.focus;
        let nav = self.apply(action);
        if self.focus != focus && self.focus < CONSENT {
            crate::tui::line_edit::select_on_entry(&mut self.fields[self.focus]);
        }
        nav
    }

    fn apply(&mut self, action: Action) -> Option<Nav> {
        match action {
            Action::FocusNext if self.offered().is_some() => {
                let name = self.offered().map(|(n, _)| n.clone()).unwrap_or_default();
                let mut field = TextArea::new(vec![text::to_field(&name)]);
                field.set_cursor_line_style(ratatui::style::Style::default());
                field.move_cursor(ratatui_textarea::CursorMove::End);
                self.fields[0] = field;
            }
            Action::FocusNext => self.focus = (self.focus + 1) % (START + 1),
            Action::FocusPrev => self.focus = (self.focus + START) % (START + 1),
            Action::Select if self.focus == START => {
                let meta = self.meta()?;
                return Some(match &self.editing {
                    Some(id) => Nav::SaveMeta(id.clone(), meta),
                    None => Nav::Start(meta),
                });
            }
            // Enter moves on everywhere, as the footer says; Space, y and n set the consent.
            Action::Select => self.focus += 1,
            Action::Back => return Some(Nav::Home),
            Action::Input(key) => match (self.focus, key.code) {
                (CONSENT, KeyCode::Char(' ')) => self.consent = !self.consent,
                (CONSENT, KeyCode::Char('y')) => self.consent = true,
                (CONSENT, KeyCode::Char('n')) => self.consent = false,
                (i, _) if i < CONSENT && !key.modifiers.contains(KeyModifiers::ALT) => {
                    crate::tui::line_edit::input(&mut self.fields[i], key);
                    self.error = None;
                }
                _ => {}
            },
            Action::Paste(text) if self.focus < CONSENT => {
                let one_line = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
                self.fields[self.focus].insert_str(text::to_field(&one_line));
            }
            _ => {}
        }
        self.show_cursor();
        None
    }
}

pub fn draw(frame: &mut Frame, area: Rect, form: &Form) {
    let width = area.width.min(70);
    let x = area.x + (area.width - width) / 2;
    let area = Rect::new(x, area.y, width, area.height);
    let rows = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .split(area);
    let (title, button) = if form.editing.is_some() {
        ("Edit the session's metadata", " ▶ Save ")
    } else {
        ("New interview", " ▶ Start the interview ")
    };
    frame.render_widget(Paragraph::new(Line::styled(title, theme::title())), rows[0]);
    for (i, label) in LABELS.iter().enumerate() {
        let focused = form.focus == i;
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(if focused {
                theme::border_focused()
            } else {
                theme::border()
            })
            .title(*label);
        let inner = block.inner(rows[i + 1]);
        frame.render_widget(block, rows[i + 1]);
        crate::tui::chrome::render_field(frame, inner, &form.fields[i], focused);
    }
    frame.render_widget(consent_line(form, rows[5].width), rows[5]);
    let start_style = if form.focus == START {
        theme::selected()
    } else {
        theme::key()
    };
    frame.render_widget(Paragraph::new(Line::styled(button, start_style)), rows[6]);
    let mut help = vec![Line::styled(
        crate::tui::chrome::footer(crate::tui::keymap::Mode::Form, area.width),
        theme::dim(),
    )];
    if let Some((name, n)) = form.offered() {
        let tab = crate::tui::keymap::Key::Code(KeyCode::Tab, KeyModifiers::NONE).name();
        help.insert(
            0,
            Line::from(vec![
                Span::styled("Known customer: ", theme::dim()),
                Span::raw(text::line(name).into_owned()),
                Span::styled(
                    format!(" · {} · {tab} takes it", text::count(*n, "interview")),
                    theme::dim(),
                ),
            ]),
        );
    }
    if let Some(e) = &form.error {
        help.insert(0, Line::styled(e.clone(), theme::warn()));
    }
    frame.render_widget(Paragraph::new(help), rows[7]);
}

impl Component for Form {
    fn handle(&mut self, action: Action, _: &Ctx) -> Outcome {
        Outcome::go(self.update(action))
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        draw(frame, area, self);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Form)
    }
}

/// The consent line, with the key that toggles it when the hint fits whole.
fn consent_line(form: &Form, width: u16) -> Paragraph<'static> {
    let check = if form.consent { "[x]" } else { "[ ]" };
    let style = if form.focus == CONSENT {
        theme::selected()
    } else {
        ratatui::style::Style::new()
    };
    let consent = format!(" {check} Consent to the interview (and any recording) noted");
    // The key is named as every hint names a key; the hint goes whole or not at all.
    let space = crate::tui::keymap::Key::Code(KeyCode::Char(' '), KeyModifiers::NONE).name();
    let toggles = format!("  {space} toggles");
    let fits = crate::tui::chrome::with_optional(&consent, &toggles, width).len() > consent.len();
    Paragraph::new(Line::from(vec![
        Span::styled(consent, style),
        Span::styled(if fits { toggles } else { String::new() }, theme::dim()),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;

    #[test]
    fn enter_moves_past_the_consent_and_space_toggles_it() {
        let guide = crate::guide::builtin().expect("built-in guide");
        let session = Session::new(&guide, Meta::new("Acme"));
        let mut form = Form::edit(&session);
        form.focus = CONSENT;
        let space = ratatui::crossterm::event::KeyEvent::from(KeyCode::Char(' '));
        form.update(Action::Input(space));
        assert!(form.consent);
        assert!(form.update(Action::Select).is_none());
        assert_eq!(form.focus, START);
        assert!(form.consent, "Enter must not undo the consent");
        assert!(matches!(
            form.update(Action::Select),
            Some(Nav::SaveMeta(..))
        ));
    }
}
