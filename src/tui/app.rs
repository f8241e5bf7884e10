//! The application state: which screen is up, the overlay over it, and `update`, which turns an
//! action into a change through the domain. Drawing lives in `screens`.

use std::time::Instant;

use super::action::{Action, Command};
use super::interview::Interview;
use super::keymap::Mode;
use super::screens::form::Form;
use super::screens::home::Home;
use super::screens::sessions::SessionList;
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
    Quit,
}

pub enum Screen {
    Home(Home),
    Form(Box<Form>),
    Sessions(SessionList),
    Interview(Box<Interview>),
    Summary {
        interview: Box<Interview>,
        scroll: u16,
    },
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
    Message(String),
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
        let home = Screen::Home(Home::load(&store));
        let mut app = App {
            guide,
            store,
            screen: home,
            overlay: None,
            quit: false,
        };
        match launch {
            Launch::Home => {}
            Launch::New(None) => app.screen = Screen::Form(Box::new(Form::new(&app.store))),
            Launch::New(Some(meta)) => app.start(meta, now),
            Launch::Resume(id) => app.open(&id, now),
        }
        app
    }

    /// How keys are read right now.
    pub fn mode(&self) -> Mode {
        if self.overlay.is_some() {
            return Mode::Overlay;
        }
        match &self.screen {
            Screen::Form(_) => Mode::Form,
            Screen::Interview(i) => match i.field_mode(&self.guide) {
                Some(multiline) => Mode::Field { multiline },
                None => Mode::Interview,
            },
            Screen::Home(_) | Screen::Sessions(_) | Screen::Summary { .. } => Mode::Menu,
        }
    }

    /// The interview on screen, if any (also under the summary).
    pub fn interview(&self) -> Option<&Interview> {
        match &self.screen {
            Screen::Interview(i) | Screen::Summary { interview: i, .. } => Some(i),
            _ => None,
        }
    }

    fn interview_mut(&mut self) -> Option<&mut Interview> {
        match &mut self.screen {
            Screen::Interview(i) | Screen::Summary { interview: i, .. } => Some(i),
            _ => None,
        }
    }

    /// Saves the open session, if it has unsaved changes (or always, with `force`).
    pub fn save(&mut self, now: Instant, force: bool) {
        let (guide, store) = (&self.guide, &self.store);
        if let Screen::Interview(i) | Screen::Summary { interview: i, .. } = &mut self.screen {
            if force || i.saver.is_dirty() {
                i.save(guide, store, now);
            }
        }
    }

    /// Debounced saving and retries.
    pub fn tick(&mut self, now: Instant) {
        let (guide, store) = (&self.guide, &self.store);
        if let Some(i) = match &mut self.screen {
            Screen::Interview(i) | Screen::Summary { interview: i, .. } => Some(i),
            _ => None,
        } {
            i.tick(guide, store, now);
        }
    }

    /// Creates a session with this metadata and opens it.
    fn start(&mut self, meta: Meta, now: Instant) {
        let mut session = Session::new(&self.guide, meta);
        match self.store.create(&mut session) {
            Ok(()) => self.open(&session.id, now),
            Err(e) => {
                self.overlay = Some(Overlay::Message(format!(
                    "Could not create the session: {e}"
                )))
            }
        }
    }

    /// Opens a session for the interview, or offers read-only viewing when it is open elsewhere.
    pub fn open(&mut self, id: &str, now: Instant) {
        let result = self
            .store
            .resolve(id)
            .and_then(|id| Ok((self.store.lock(&id)?, self.store.load(&id)?)));
        match result {
            Ok((lock, session)) => {
                self.screen = Screen::Interview(Box::new(Interview::open(
                    &self.guide,
                    session,
                    Some(lock),
                    None,
                    now,
                )));
            }
            Err(StoreError::Locked { id, holder }) => {
                let message = format!(
                    "Session {id} is open in another journey ({holder}). Changes can only be made there."
                );
                self.overlay = Some(Overlay::ReadOnly { id, message });
            }
            Err(e) => self.overlay = Some(Overlay::Message(e.to_string())),
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
            Err(e) => self.overlay = Some(Overlay::Message(e.to_string())),
        }
    }

    fn go_home(&mut self, now: Instant) {
        self.save(now, false);
        self.screen = Screen::Home(Home::load(&self.store));
    }

    pub fn update(&mut self, action: Action, now: Instant) {
        match action {
            Action::Quit => {
                self.save(now, false);
                self.quit = true;
                return;
            }
            Action::Save => {
                self.save(now, true);
                if let Some(i) = self.interview_mut() {
                    let message = match (&i.read_only, &i.saver.error) {
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
            Screen::Sessions(list) => list.update(action),
            Screen::Form(form) => form.update(action),
            Screen::Interview(interview) => match action {
                Action::Command(Command::Reasons) => {
                    self.overlay = Some(Overlay::Reasons { scroll: 0 });
                    None
                }
                Action::Command(Command::Obstacles) => {
                    self.overlay = Some(Overlay::Obstacles);
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
            Screen::Summary { scroll, .. } => match action {
                Action::Up => {
                    *scroll = scroll.saturating_sub(1);
                    None
                }
                Action::Down => {
                    *scroll = scroll.saturating_add(1);
                    None
                }
                Action::PrevQuestion => {
                    *scroll = scroll.saturating_sub(10);
                    None
                }
                Action::NextQuestion => {
                    *scroll = scroll.saturating_add(10);
                    None
                }
                Action::Command(Command::Reasons) => {
                    self.overlay = Some(Overlay::Reasons { scroll: 0 });
                    None
                }
                Action::Command(Command::Edit) | Action::Select => {
                    if let Screen::Summary { interview, .. } =
                        std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
                    {
                        self.screen = Screen::Interview(interview);
                    }
                    None
                }
                Action::Back | Action::Command(Command::Home) => Some(Nav::Home),
                _ => None,
            },
        };
        if let Some(nav) = nav {
            self.navigate(nav, now);
        }
    }

    fn navigate(&mut self, nav: Nav, now: Instant) {
        match nav {
            Nav::NewInterview => {
                self.save(now, false);
                self.screen = Screen::Form(Box::new(Form::new(&self.store)));
            }
            Nav::Sessions => {
                self.save(now, false);
                self.screen = Screen::Sessions(SessionList::load(&self.store, &self.guide));
            }
            Nav::Home => self.go_home(now),
            Nav::Open(id) => self.open(&id, now),
            Nav::Start(meta) => self.start(meta, now),
            Nav::Quit => {
                self.save(now, false);
                self.quit = true;
            }
        }
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
            Overlay::ReadOnly { id, message } => match action {
                Action::Command(Command::Yes) | Action::Select => {
                    let (id, message) = (id.clone(), message.clone());
                    self.overlay = None;
                    self.open_read_only(&id, message, now);
                }
                Action::Command(Command::No) | Action::Back => self.overlay = None,
                _ => {}
            },
            Overlay::Message(_) => {
                if matches!(action, Action::Back | Action::Select | Action::Toggle) {
                    self.overlay = None;
                }
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
            Action::Right | Action::Toggle => i.set_override(guide, at, Some(cycle(1)), now),
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
