//! The application: which screen is up, the overlay over it, and the router. A key goes to the
//! global keys, then to the top overlay, then to the screen; what they ask for is a [`Nav`],
//! carried out by `navigate`. Drawing lives in `screens`.

mod navigate;

use std::time::Instant;

use super::action::Action;
use super::component::Ctx;
use super::hits::{self, Hit};
use super::interview::Interview;
use super::keymap::{self, Mode};
use super::nav::Nav;
use super::overlay::{Outcome, Overlay};
use super::screen::Screen;
use super::screens::home::Home;
use crate::assess::Assessment;
use crate::guide::Guide;
use crate::session::{Meta, Store};

/// How journey was started.
#[derive(Debug, Clone)]
pub enum Launch {
    Home,
    /// The new-interview form, or straight into the interview when a customer is given.
    New(Option<Meta>),
    Resume(String),
}

pub struct App {
    pub guide: Guide,
    pub store: Store,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub quit: bool,
    /// A team sync running in the background, and when it started.
    pub sync: Option<(
        std::sync::mpsc::Receiver<Result<crate::archive::SyncReport, String>>,
        Instant,
    )>,
}

impl App {
    pub fn new(guide: Guide, store: Store, launch: Launch, now: Instant) -> App {
        let home = Screen::Home(Home::open(&store, &guide));
        let mut app = App {
            guide,
            store,
            screen: home,
            overlay: None,
            quit: false,
            sync: None,
        };
        match launch {
            Launch::Home => {}
            Launch::New(None) => app.navigate(Nav::NewInterview, now),
            Launch::New(Some(meta)) => app.navigate(Nav::Start(meta), now),
            Launch::Resume(id) => app.navigate(Nav::Open(id), now),
        }
        app
    }

    fn ctx(&self, now: Instant) -> Ctx<'_> {
        Ctx {
            guide: &self.guide,
            store: &self.store,
            now,
        }
    }

    /// How keys are read right now: the top overlay's table, else the screen's.
    pub fn mode(&self) -> Mode {
        if let Some(mode) = self.overlay.as_ref().and_then(Overlay::mode) {
            return mode;
        }
        self.screen.component().mode(&self.ctx(Instant::now()))
    }

    /// The interview on screen, if any (also under the summary).
    pub fn interview(&self) -> Option<&Interview> {
        self.screen.interview()
    }

    /// The assessment on screen: the interview's, or the session being read.
    pub fn assessment(&self) -> Option<&Assessment> {
        match &self.screen {
            Screen::Review(r) => Some(&r.assessment),
            _ => self.interview().map(|i| &i.assessment),
        }
    }

    /// A key pressed: the quit prompt lets only Ctrl-C (or Ctrl-Q) quit, and a message closes
    /// on Enter or Esc; any other key goes on to the mode's table and [`App::update`].
    pub fn handle_key(&mut self, key: ratatui::crossterm::event::KeyEvent, now: Instant) {
        use ratatui::crossterm::event::{KeyCode, KeyEventKind};
        if key.kind == KeyEventKind::Release {
            return;
        }
        match self.overlay {
            Some(Overlay::QuitPrompt) => {
                if keymap::action(Mode::QuitPrompt, key) == Some(Action::Quit) {
                    self.update(Action::Quit, now);
                    return;
                }
                self.overlay = None;
            }
            // Any other key closes a message and does what it does on the screen, so "T shows
            // the trash" can be followed at once and typing goes on.
            Some(Overlay::Message(_)) => {
                self.overlay = None;
                if matches!(key.code, KeyCode::Enter | KeyCode::Esc) {
                    return;
                }
            }
            _ => {}
        }
        if let Some(action) = keymap::action(self.mode(), key) {
            self.update(action, now);
        }
    }

    /// A mouse event: a click on what the last frame drew, or the wheel as ↑ / ↓. While an
    /// overlay is up, only its own areas answer a click.
    pub fn handle_mouse(&mut self, mouse: ratatui::crossterm::event::MouseEvent, now: Instant) {
        use ratatui::crossterm::event::{MouseButton, MouseEventKind};
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(hit) = hits::at(mouse.column, mouse.row) {
                    self.click(hit, now);
                }
            }
            MouseEventKind::ScrollUp => self.update(Action::Up, now),
            MouseEventKind::ScrollDown => self.update(Action::Down, now),
            _ => {}
        }
    }

    fn click(&mut self, hit: Hit, now: Instant) {
        let (guide, store) = (&self.guide, &self.store);
        if self.overlay.is_some() {
            // Only the jump's rows are areas of an overlay; anything else lies under it.
            if let (Some(Overlay::Jump(_)), Hit::Question(index), Screen::Interview(i)) =
                (&self.overlay, &hit, &mut self.screen)
            {
                i.go_to(guide, store, *index, now);
                self.overlay = None;
            }
            return;
        }
        let nav = match (hit, &mut self.screen) {
            (Hit::Action(action), _) => return self.update(action, now),
            (Hit::Option(n), Screen::Interview(i)) => {
                i.click_option(guide, n, now);
                None
            }
            (Hit::Question(index), Screen::Interview(i)) => {
                i.go_to(guide, store, index, now);
                None
            }
            (Hit::Field(focus), Screen::Interview(i)) => {
                i.click_field(focus);
                None
            }
            (Hit::Row(row), screen) => {
                let ctx = Ctx { guide, store, now };
                screen.component_mut().click_row(row, &ctx)
            }
            _ => None,
        };
        if let Some(nav) = nav {
            self.navigate(nav, now);
        }
    }

    /// Routes an action: global keys, then the top overlay, then the screen, then navigation.
    pub fn update(&mut self, action: Action, now: Instant) {
        let nav = match self.global(&action, now) {
            Some(nav) => Some(nav),
            None if matches!(action, Action::Save) => None,
            None => self.route(action, now),
        };
        if let Some(nav) = nav {
            self.navigate(nav, now);
        }
    }

    /// The keys that mean the same on every screen.
    fn global(&mut self, action: &Action, now: Instant) -> Option<Nav> {
        match action {
            Action::Quit => Some(Nav::Quit),
            Action::Save => {
                self.save_now(now);
                None
            }
            Action::Help if !matches!(self.overlay, Some(Overlay::Help { .. })) => {
                Some(Nav::Show(Overlay::help()))
            }
            Action::ConfirmQuit => Some(Nav::Show(Overlay::QuitPrompt)),
            _ => None,
        }
    }

    /// The top overlay takes the action, else the screen.
    fn route(&mut self, action: Action, now: Instant) -> Option<Nav> {
        let ctx = Ctx {
            guide: &self.guide,
            store: &self.store,
            now,
        };
        let Some(overlay) = self.overlay.as_mut() else {
            return self.screen.component_mut().handle(action, &ctx);
        };
        match overlay.handle(action, &mut self.screen, &ctx) {
            Outcome::Keep => None,
            Outcome::Close => {
                self.overlay = None;
                None
            }
            Outcome::Go(nav) => {
                self.overlay = None;
                Some(nav)
            }
            Outcome::PassOn(action) => {
                self.overlay = None;
                self.screen.component_mut().handle(action, &ctx)
            }
        }
    }

    /// Ctrl-S: saves and says so in the footer.
    fn save_now(&mut self, now: Instant) {
        self.save(now, true);
        if let Some(i) = self.screen.interview_mut() {
            let message = match (i.read_only(), &i.open.saver.error) {
                (Some(_), _) => "Read-only: nothing to save".to_string(),
                (None, Some(e)) => format!("Not saved: {e}"),
                (None, None) => "Saved".to_string(),
            };
            i.flash(message, now);
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
            Screen::Summary(s) if force || s.interview.open.saver.is_dirty() => {
                s.interview.save(guide, store, now)
            }
            _ => {}
        }
    }

    /// Debounced saving and retries; the end of a background sync; the home screen's check
    /// against the files. True when the screen changed by itself.
    pub fn tick(&mut self, now: Instant) -> bool {
        let (guide, store) = (&self.guide, &self.store);
        if let Some(i) = self.screen.interview_mut() {
            i.tick(guide, store, now);
        }
        let synced = self.poll_sync();
        match &mut self.screen {
            Screen::Home(home) => home.poll_check(&self.store, &self.guide) || synced,
            Screen::Browser(b) => {
                let checked = b.poll_check(&self.store, &self.guide);
                b.poll_search(&self.guide) || checked || synced
            }
            Screen::Insights(i) => i.poll(&self.store, &self.guide) || synced,
            _ => synced,
        }
    }

    /// Ticks until the screen's check after its first frame has ended, for at most `limit`:
    /// the screen a moment after it opened. For tests and scripts; the event loop never waits.
    pub fn settle(&mut self, limit: std::time::Duration) {
        let deadline = Instant::now() + limit;
        while self.status_pending() && Instant::now() < deadline {
            self.tick(Instant::now());
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Whether a running sync's progress line changes by itself.
    pub fn busy(&self) -> bool {
        self.sync.is_some()
    }

    /// The screen (home, browser) is still being checked against the files after its first
    /// frame.
    pub fn status_pending(&self) -> bool {
        match &self.screen {
            Screen::Home(h) => h.checking(),
            Screen::Browser(b) => b.check.pending() || b.searching(),
            Screen::Insights(i) => i.reading(),
            _ => false,
        }
    }

    /// Starts `journey sync` on a thread; the screen says it is running until it ends.
    pub(crate) fn start_sync(&mut self, now: Instant) {
        if self.sync.is_some() {
            return;
        }
        let store = self.store.clone();
        let exe = match std::env::current_exe() {
            Ok(exe) => exe,
            Err(e) => return self.message(format!("Cannot sync: journey's own path: {e}")),
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(crate::archive::sync(&store, &exe).map_err(|e| format!("{e:#}")));
        });
        self.sync = Some((rx, now));
    }

    /// The line a running sync shows at the bottom of the home screen and the browser.
    pub fn sync_line(&self, now: Instant) -> Option<String> {
        let (_, started) = self.sync.as_ref()?;
        let seconds = now.saturating_duration_since(*started).as_secs();
        Some(format!(
            " ⟳ syncing the team archive: commit, fetch, merge, push… {seconds} s "
        ))
    }

    fn poll_sync(&mut self) -> bool {
        let Some((rx, _)) = &self.sync else {
            return false;
        };
        let result = match rx.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => return false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the sync stopped without a word".to_string())
            }
        };
        self.sync = None;
        // What came in shows at once: the home screen and the browser read the files again.
        match &mut self.screen {
            Screen::Home(_) => self.screen = Screen::Home(Home::open(&self.store, &self.guide)),
            Screen::Browser(b) => b.reload(&self.store, &self.guide),
            _ => {}
        }
        let text = match result {
            Ok(report) => format!("Sync done.\n{}", report.lines().join("\n")),
            Err(e) => format!("The sync stopped: {e}"),
        };
        self.message(text);
        true
    }
}
