//! The application state: which screen is up, the overlay over it, and `update`, which turns an
//! action into a change through the domain. Drawing lives in `screens`.

use std::time::Instant;

use super::action::{Action, Command};
use super::interview::Interview;
use super::keymap::Mode;
use super::screens::browser::Browser;
use super::screens::form::Form;
use super::screens::home::Home;
use super::screens::insights::InsightsView;
use super::screens::jump::{Jump, JumpOutcome};
use super::screens::trash::TrashList;
use crate::assess::{assess, Assessment};
use crate::export::{Export, Format};
use crate::guide::{Guide, ObstacleStatus};
use crate::session::{Meta, Session, Store, StoreError};

/// How journey was started.
#[derive(Debug, Clone)]
pub enum Launch {
    Home,
    /// The new-interview form, or straight into the interview when a customer is given.
    New(Option<Meta>),
    Resume(String),
}

/// Where a screen asks to go next.
#[derive(Debug, Clone, PartialEq)]
pub enum Nav {
    NewInterview,
    Sessions,
    Home,
    /// Open (resume) a session by id.
    Open(String),
    /// Create a session with this metadata and open it.
    Start(Meta),
    /// Read a session, read-only.
    Review(String),
    EditMeta(String),
    SaveMeta(String, Meta),
    ConfirmDelete(String),
    Restore(String),
    Export(Vec<String>),
    Insights,
    Trash,
    /// Back to the browser, showing only these sessions (from a bar in the insights).
    OnlySessions(String, Vec<String>),
    Message(String),
    Quit,
}

pub enum Screen {
    Home(Home),
    Form(Box<Form>),
    Browser(Box<Browser>),
    Interview(Box<Interview>),
    /// The summary after finishing an interview.
    Summary {
        interview: Box<Interview>,
        scroll: u16,
    },
    /// A session read back, read-only; `back` is the browser it was opened from.
    Review {
        session: Box<Session>,
        assessment: Box<Assessment>,
        scroll: u16,
        back: Option<Box<Browser>>,
    },
    Insights {
        view: Box<InsightsView>,
        back: Box<Browser>,
    },
    Trash(TrashList),
}

/// What a confirmation is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Delete(String),
}

pub enum Overlay {
    Help {
        scroll: u16,
    },
    Reasons {
        scroll: u16,
    },
    Obstacles,
    /// The session is open in another journey: view it read-only?
    ReadOnly {
        id: String,
        message: String,
    },
    Confirm {
        message: String,
        then: Pending,
    },
    Export {
        ids: Vec<String>,
        anonymize: bool,
    },
    Message(String),
    /// Go to a question.
    Jump(Jump),
    /// Ctrl-C in an interview: a second Ctrl-C quits, any other key goes on.
    QuitPrompt,
}

pub struct App {
    pub guide: Guide,
    pub store: Store,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub quit: bool,
}

impl App {
    pub fn new(guide: Guide, store: Store, launch: Launch, now: Instant) -> App {
        let home = Screen::Home(Home::load(&store, &guide));
        let mut app = App {
            guide,
            store,
            screen: home,
            overlay: None,
            quit: false,
        };
        match launch {
            Launch::Home => {}
            Launch::New(None) => app.navigate(Nav::NewInterview, now),
            Launch::New(Some(meta)) => app.navigate(Nav::Start(meta), now),
            Launch::Resume(id) => app.navigate(Nav::Open(id), now),
        }
        app
    }

    /// How keys are read right now.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            // A message reads keys as the screen under it does: it passes them on.
            None | Some(Overlay::Message(_)) => {}
            Some(Overlay::Help { .. } | Overlay::Reasons { .. }) => return Mode::Reader,
            Some(Overlay::Obstacles) => return Mode::Obstacles,
            Some(Overlay::ReadOnly { .. } | Overlay::Confirm { .. }) => return Mode::Confirm,
            Some(Overlay::Export { .. }) => return Mode::Export,
            Some(Overlay::Jump(_)) => return Mode::Search,
            Some(Overlay::QuitPrompt) => return Mode::QuitPrompt,
        }
        match &self.screen {
            Screen::Home(_) => Mode::Home,
            Screen::Form(_) => Mode::Form,
            Screen::Browser(b) if b.typing => Mode::Search,
            Screen::Browser(_) => Mode::Browser,
            Screen::Interview(i) => i.mode(&self.guide),
            Screen::Summary { .. } => Mode::Summary,
            Screen::Review { .. } => Mode::Review,
            Screen::Insights { .. } => Mode::Insights,
            Screen::Trash(_) => Mode::Trash,
        }
    }

    /// A key pressed: the quit prompt lets any key but Ctrl-C go on to the screen; the rest
    /// is the keymap's action for the mode, handled by [`App::update`].
    pub fn handle_key(&mut self, key: ratatui::crossterm::event::KeyEvent, now: Instant) {
        use ratatui::crossterm::event::{KeyCode, KeyEventKind};
        if key.kind == KeyEventKind::Release {
            return;
        }
        match self.overlay {
            Some(Overlay::QuitPrompt) => {
                if super::keymap::action(Mode::QuitPrompt, key) == Some(Action::Quit) {
                    self.update(Action::Quit, now);
                    return;
                }
                self.overlay = None;
            }
            // Enter or Esc close a message; any other key closes it and does what it does on
            // the screen, so "T shows the trash" can be followed at once, and typing goes on.
            Some(Overlay::Message(_)) => {
                self.overlay = None;
                if matches!(key.code, KeyCode::Enter | KeyCode::Esc) {
                    return;
                }
            }
            _ => {}
        }
        if let Some(action) = super::keymap::action(self.mode(), key) {
            self.update(action, now);
        }
    }

    /// The interview on screen, if any (also under the summary).
    pub fn interview(&self) -> Option<&Interview> {
        match &self.screen {
            Screen::Interview(i) | Screen::Summary { interview: i, .. } => Some(i),
            _ => None,
        }
    }

    /// The assessment on screen: the interview's, or the session being read.
    pub fn assessment(&self) -> Option<&Assessment> {
        match &self.screen {
            Screen::Review { assessment, .. } => Some(assessment),
            _ => self.interview().map(|i| &i.assessment),
        }
    }

    /// Leaving the open session (another screen, quit, a signal): a refused number is kept in
    /// the notes, then what is unsaved is saved.
    pub fn leave(&mut self, now: Instant) {
        if let Screen::Interview(i) = &mut self.screen {
            i.keep_rejected_number(&self.guide, now);
        }
        self.save(now, false);
    }

    /// Saves the open session when that would write something new: changes, or interview time
    /// not yet counted (always, with `force`).
    pub fn save(&mut self, now: Instant, force: bool) {
        let (guide, store) = (&self.guide, &self.store);
        match &mut self.screen {
            // Leaving the interview also keeps the time spent since the last change.
            Screen::Interview(i) if force || i.needs_save(now) => i.save(guide, store, now),
            Screen::Summary { interview: i, .. } if force || i.open.saver.is_dirty() => {
                i.save(guide, store, now)
            }
            _ => {}
        }
    }

    /// Debounced saving and retries.
    pub fn tick(&mut self, now: Instant) {
        let (guide, store) = (&self.guide, &self.store);
        if let Screen::Interview(i) | Screen::Summary { interview: i, .. } = &mut self.screen {
            i.tick(guide, store, now);
        }
    }

    fn message(&mut self, text: impl Into<String>) {
        self.overlay = Some(Overlay::Message(text.into()));
    }

    /// Opens a session for the interview, or offers read-only viewing when it is open elsewhere.
    fn open(&mut self, id: &str, now: Instant) {
        let result = self
            .store
            .resolve(id)
            .and_then(|id| Ok((self.store.lock(&id)?, self.store.load(&id)?)));
        match result {
            Ok((lock, session)) => {
                self.leave(now);
                self.screen = Screen::Interview(Box::new(Interview::open(
                    &self.guide,
                    session,
                    Some(lock),
                    None,
                    now,
                )));
            }
            Err(StoreError::Locked { id, holder }) => {
                let message = format!("Session {id} is open in another journey ({holder}). Changes can only be made there.");
                self.overlay = Some(Overlay::ReadOnly { id, message });
            }
            Err(e) => self.message(e.to_string()),
        }
    }

    fn open_read_only(&mut self, id: &str, message: String, now: Instant) {
        match self.store.load(id) {
            Ok(session) => {
                self.screen = Screen::Interview(Box::new(Interview::open(
                    &self.guide,
                    session,
                    None,
                    Some(message),
                    now,
                )));
            }
            Err(e) => self.message(e.to_string()),
        }
    }

    /// The browser to go back to: the one under the current screen, reloaded, or a new one.
    fn browser(&mut self) -> Box<Browser> {
        let previous = match std::mem::replace(&mut self.screen, Screen::Home(Home::default())) {
            Screen::Browser(b)
            | Screen::Insights { back: b, .. }
            | Screen::Review { back: Some(b), .. } => Some(b),
            other => {
                self.screen = other;
                None
            }
        };
        match previous {
            Some(mut b) => {
                b.reload(&self.store, &self.guide);
                b
            }
            None => Box::new(Browser::load(&self.store, &self.guide)),
        }
    }

    fn navigate(&mut self, nav: Nav, now: Instant) {
        match nav {
            Nav::NewInterview => {
                self.leave(now);
                self.screen = Screen::Form(Box::new(Form::new(&self.store, &self.guide)));
            }
            Nav::Sessions => {
                self.leave(now);
                let browser = self.browser();
                self.screen = Screen::Browser(browser);
            }
            Nav::Home => {
                self.leave(now);
                self.screen = Screen::Home(Home::load(&self.store, &self.guide));
            }
            Nav::Open(id) => self.open(&id, now),
            Nav::Start(meta) => {
                let mut session = Session::new(&self.guide, meta);
                match self.store.create(&mut session) {
                    Ok(()) => self.open(&session.id, now),
                    Err(e) => self.message(format!("Could not create the session: {e}")),
                }
            }
            Nav::Review(id) => match self.store.load(&id) {
                Ok(session) => {
                    let back =
                        match std::mem::replace(&mut self.screen, Screen::Home(Home::default())) {
                            Screen::Browser(b) => Some(b),
                            other => {
                                self.screen = other;
                                None
                            }
                        };
                    self.screen = Screen::Review {
                        assessment: Box::new(assess(&self.guide, &session)),
                        session: Box::new(session),
                        scroll: 0,
                        back,
                    };
                }
                Err(e) => self.message(e.to_string()),
            },
            Nav::EditMeta(id) => match self.store.load(&id) {
                Ok(session) => self.screen = Screen::Form(Box::new(Form::edit(&session))),
                Err(e) => self.message(e.to_string()),
            },
            Nav::SaveMeta(id, meta) => match self.save_meta(&id, meta) {
                Ok(()) => self.navigate(Nav::Sessions, now),
                Err(e) => self.message(format!("The metadata was not saved: {e}")),
            },
            Nav::ConfirmDelete(id) => {
                let customer = self
                    .store
                    .load(&id)
                    .map(|s| s.meta.customer)
                    .unwrap_or_default();
                self.overlay = Some(Overlay::Confirm {
                    message: format!(
                        "Delete the interview with {} ({id})? The file moves to the trash and can be restored from there.",
                        crate::text::line(&customer)
                    ),
                    then: Pending::Delete(id),
                });
            }
            Nav::Restore(id) => {
                match self.store.restore(&id) {
                    Ok(id) => self.message(format!("Restored {id}.")),
                    Err(e) => self.message(e.to_string()),
                }
                if let Screen::Trash(list) = &mut self.screen {
                    *list = TrashList::load(&self.store);
                }
            }
            Nav::Export(ids) => {
                self.overlay = Some(Overlay::Export {
                    ids,
                    anonymize: false,
                })
            }
            Nav::Insights if matches!(self.screen, Screen::Browser(_)) => {
                if let Screen::Browser(b) =
                    std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
                {
                    let ids: Vec<String> = b.shown().iter().map(|e| e.id.clone()).collect();
                    let insights = crate::assess::insights::insights_from_store(
                        &self.store,
                        &self.guide,
                        &ids,
                    );
                    self.screen = Screen::Insights {
                        view: Box::new(InsightsView::new(&self.guide, &insights)),
                        back: b,
                    };
                }
            }
            Nav::Insights => {}
            Nav::Trash => self.screen = Screen::Trash(TrashList::load(&self.store)),
            Nav::OnlySessions(label, ids) => {
                let mut browser = self.browser();
                browser.only = Some((label, ids));
                browser.cursor = 0;
                browser.refresh(&self.guide);
                self.screen = Screen::Browser(browser);
            }
            Nav::Message(text) => self.message(text),
            Nav::Quit => {
                self.leave(now);
                self.quit = true;
            }
        }
    }

    /// Changes a session's metadata; refused while it is open in a journey.
    fn save_meta(&self, id: &str, meta: Meta) -> Result<(), StoreError> {
        let _lock = self.store.lock(id)?;
        let mut session = self.store.load(id)?;
        session.meta.customer = meta.customer;
        session.meta.participant = meta.participant;
        session.meta.role = meta.role;
        session.meta.interviewer = meta.interviewer;
        session.meta.consent = meta.consent;
        session.meta.updated = crate::session::now();
        self.store.save(&session)
    }

    /// Writes an export into `<data>/exports/`, under a name no other file has.
    fn export(&self, ids: &[String], format: Format, anonymize: bool) -> Result<String, String> {
        let sessions = ids
            .iter()
            .map(|id| self.store.load(id))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let export = Export::new(&self.guide, sessions, anonymize, crate::session::now());
        let contents = export.render(format).map_err(|e| e.to_string())?;
        let dir = self.store.data_dir().join("exports");
        crate::session::create_private_dir(&dir).map_err(|e| e.to_string())?;
        let name = export.file_name(format);
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
        let mut n = 1;
        loop {
            let file = if n == 1 {
                name.clone()
            } else {
                format!("{stem}-{n}.{ext}")
            };
            let path = dir.join(file);
            match crate::export::write(&path, &contents, false) {
                Ok(()) => return Ok(path.display().to_string()),
                Err(crate::export::ExportError::Exists(_)) => n += 1,
                Err(e) => return Err(e.to_string()),
            }
        }
    }

    pub fn update(&mut self, action: Action, now: Instant) {
        match action {
            Action::Quit => {
                self.navigate(Nav::Quit, now);
                return;
            }
            Action::Save => {
                self.save(now, true);
                if let Screen::Interview(i) | Screen::Summary { interview: i, .. } =
                    &mut self.screen
                {
                    let message = match (&i.read_only(), &i.open.saver.error) {
                        (Some(_), _) => "Read-only: nothing to save".to_string(),
                        (None, Some(e)) => format!("Not saved: {e}"),
                        (None, None) => "Saved".to_string(),
                    };
                    i.flash(message, now);
                }
                return;
            }
            Action::Help if !matches!(self.overlay, Some(Overlay::Help { .. })) => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                return;
            }
            Action::ConfirmQuit => {
                self.overlay = Some(Overlay::QuitPrompt);
                return;
            }
            _ => {}
        }
        if self.overlay.is_some() {
            self.update_overlay(action, now);
            return;
        }
        let guide = &self.guide;
        let store = &self.store;
        let nav = match &mut self.screen {
            Screen::Home(home) => home.update(action),
            Screen::Form(form) => form.update(action),
            Screen::Browser(browser) => browser.update(guide, action),
            Screen::Insights { view, .. } => view.update(action),
            Screen::Trash(list) => list.update(action),
            Screen::Interview(interview) => match action {
                Action::Command(Command::Reasons) => {
                    self.overlay = Some(Overlay::Reasons { scroll: 0 });
                    None
                }
                Action::Command(Command::Obstacles) => {
                    self.overlay = Some(Overlay::Obstacles);
                    None
                }
                Action::Command(Command::GoTo) => {
                    let jump = Jump::new(guide, interview.session(), interview.index);
                    self.overlay = Some(Overlay::Jump(jump));
                    None
                }
                Action::Command(Command::Home) => Some(Nav::Home),
                Action::Command(Command::Finish) => {
                    interview.finish(guide, store, now);
                    if let Screen::Interview(i) =
                        std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
                    {
                        self.screen = Screen::Summary {
                            interview: i,
                            scroll: 0,
                        };
                    }
                    None
                }
                other => {
                    interview.update(guide, store, other, now);
                    None
                }
            },
            Screen::Summary { interview, .. } => match action {
                Action::Command(Command::Edit) | Action::Select => {
                    if let Screen::Summary { interview, .. } =
                        std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
                    {
                        self.screen = Screen::Interview(interview);
                    }
                    None
                }
                Action::Command(Command::Export) => {
                    Some(Nav::Export(vec![interview.session().id.clone()]))
                }
                Action::Back | Action::Command(Command::Home) => Some(Nav::Home),
                other => self.scroll_or_reasons(other),
            },
            Screen::Review { session, back, .. } => {
                let id = session.id.clone();
                let has_back = back.is_some();
                match action {
                    Action::Command(Command::Edit) => Some(Nav::Open(id)),
                    Action::Command(Command::Export) => Some(Nav::Export(vec![id])),
                    Action::Command(Command::EditMeta) => Some(Nav::EditMeta(id)),
                    Action::Command(Command::Delete) => Some(Nav::ConfirmDelete(id)),
                    Action::Back if has_back => Some(Nav::Sessions),
                    Action::Back | Action::Command(Command::Home) => Some(Nav::Home),
                    other => self.scroll_or_reasons(other),
                }
            }
        };
        if let Some(nav) = nav {
            self.navigate(nav, now);
        }
    }

    /// Scrolling and the reasons overlay, shared by the summary and the review.
    fn scroll_or_reasons(&mut self, action: Action) -> Option<Nav> {
        let scroll = match &mut self.screen {
            Screen::Summary { scroll, .. } | Screen::Review { scroll, .. } => scroll,
            _ => return None,
        };
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::PrevQuestion => *scroll = scroll.saturating_sub(10),
            Action::NextQuestion => *scroll = scroll.saturating_add(10),
            Action::Command(Command::Reasons) => {
                self.overlay = Some(Overlay::Reasons { scroll: 0 })
            }
            _ => {}
        }
        None
    }

    fn update_overlay(&mut self, action: Action, now: Instant) {
        let Some(overlay) = &mut self.overlay else {
            return;
        };
        match overlay {
            Overlay::Help { scroll } | Overlay::Reasons { scroll } => match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                Action::PrevQuestion => *scroll = scroll.saturating_sub(10),
                Action::NextQuestion => *scroll = scroll.saturating_add(10),
                Action::Back
                | Action::Help
                | Action::Select
                | Action::Command(Command::Reasons) => {
                    self.overlay = None;
                }
                _ => {}
            },
            Overlay::Obstacles => self.update_obstacles(action, now),
            Overlay::Jump(jump) => {
                let Screen::Interview(i) = &mut self.screen else {
                    self.overlay = None;
                    return;
                };
                match jump.handle(&self.guide, i.session(), action) {
                    JumpOutcome::Stay => {}
                    JumpOutcome::Close => self.overlay = None,
                    JumpOutcome::Go(index) => {
                        self.overlay = None;
                        i.go_to(&self.guide, &self.store, index, now);
                    }
                }
            }
            Overlay::QuitPrompt => self.overlay = None,
            Overlay::ReadOnly { id, message } => match action {
                Action::Command(Command::Yes) => {
                    let (id, message) = (id.clone(), message.clone());
                    self.overlay = None;
                    self.open_read_only(&id, message, now);
                }
                Action::Command(Command::No) | Action::Back => self.overlay = None,
                _ => {}
            },
            Overlay::Confirm { then, .. } => match action {
                Action::Command(Command::Yes) => {
                    let Pending::Delete(id) = then.clone();
                    self.overlay = None;
                    match self.store.trash(&id) {
                        Ok(_) => {
                            self.navigate(Nav::Sessions, now);
                            self.message(format!(
                                "Moved {id} to the trash. T shows the trash; u restores it."
                            ));
                        }
                        Err(e) => self.message(format!("Not deleted: {e}")),
                    }
                }
                Action::Command(Command::No) | Action::Back => self.overlay = None,
                _ => {}
            },
            Overlay::Export { ids, anonymize } => match action {
                Action::Command(Command::Anonymize) => *anonymize = !*anonymize,
                Action::Digit(d @ 1..=4) => {
                    let format = [Format::Markdown, Format::Csv, Format::Json, Format::Html]
                        [usize::from(d) - 1];
                    let (ids, anonymize) = (ids.clone(), *anonymize);
                    match self.export(&ids, format, anonymize) {
                        Ok(path) => self.message(format!("Wrote {path}")),
                        Err(e) => self.message(format!("Export failed: {e}")),
                    }
                }
                Action::Back | Action::Command(Command::No) => self.overlay = None,
                _ => {}
            },
            Overlay::Message(_) => {
                self.overlay = None;
                self.update(action, now);
            }
        }
    }

    fn update_obstacles(&mut self, action: Action, now: Instant) {
        let guide = &self.guide;
        let Screen::Interview(i) = &mut self.screen else {
            self.overlay = None;
            return;
        };
        let count = guide.obstacles.len();
        let at = i.obstacle_cursor.min(count.saturating_sub(1));
        let status = i.assessment.obstacles.get(at).map(|o| o.status);
        let cycle = |delta: isize| {
            let all = &ObstacleStatus::ALL;
            let pos = status
                .and_then(|s| all.iter().position(|x| *x == s))
                .unwrap_or(0) as isize;
            all[(pos + delta).rem_euclid(all.len() as isize) as usize]
        };
        match action {
            Action::Up => i.obstacle_cursor = at.saturating_sub(1),
            Action::Down => i.obstacle_cursor = (at + 1).min(count.saturating_sub(1)),
            Action::Right => i.set_override(guide, at, Some(cycle(1)), now),
            Action::Left => i.set_override(guide, at, Some(cycle(-1)), now),
            Action::Digit(d) if (1..=ObstacleStatus::ALL.len() as u8).contains(&d) => {
                i.set_override(
                    guide,
                    at,
                    Some(ObstacleStatus::ALL[usize::from(d) - 1]),
                    now,
                );
            }
            Action::Command(Command::ClearOverride) => i.set_override(guide, at, None, now),
            Action::Back | Action::Select | Action::Command(Command::Obstacles) => {
                self.overlay = None
            }
            _ => {}
        }
    }
}
