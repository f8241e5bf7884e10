//! The application: which screen is up, the overlays over it, and the router. A key is read
//! with the key table of the top layer and goes to the top overlay, else to the screen (after
//! the keys every screen shares); what they ask for is an [`Outcome`], carried out here and
//! by `navigate`. Drawing is in `draw`.

mod draw;
mod navigate;

use std::time::Instant;

use super::action::Action;
use super::component::{Component, Ctx, Outcome};
use super::hits::{self, Hit};
use super::interview::Interview;
use super::keymap::{self, Mode};
use super::nav::Nav;
use super::overlays::{Message, QuitPrompt, Reader};
use super::screen::Screen;
use super::screens::home::Home;
use crate::assess::Assessment;
use crate::guide::Guide;
use crate::session::{Meta, Store};

/// How journey was started.
// Made once, at start: the size of its variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Launch {
    Home,
    /// The new-interview form, or straight into the interview when a customer is given.
    New(Option<Meta>),
    Resume(String),
}

pub struct App {
    /// The guide in the language of the session on screen (see `follow_language`).
    pub guide: Guide,
    /// The guide in its own language.
    base: Guide,
    /// The language `guide` is in now (a translation's code; empty for the guide's own).
    shown_lang: String,
    /// The language new interviews are held in (`--lang`); empty for the guide's own.
    pub lang: String,
    pub store: Store,
    pub screen: Screen,
    /// The overlays over the screen, the top one last.
    pub overlays: Vec<Box<dyn Component>>,
    pub quit: bool,
    /// A team sync running in the background, and when it started.
    pub sync: Option<(
        std::sync::mpsc::Receiver<Result<crate::archive::SyncReport, String>>,
        Instant,
    )>,
    /// The colour theme: chosen, detected, remembered.
    pub colours: crate::tui::theme::Setting,
}

impl App {
    pub fn new(guide: Guide, store: Store, launch: Launch, now: Instant) -> App {
        let home = Screen::Home(Home::open(&store, &guide));
        let mut app = App {
            base: guide.clone(),
            shown_lang: String::new(),
            lang: String::new(),
            guide,
            store,
            screen: home,
            overlays: Vec::new(),
            quit: false,
            sync: None,
            colours: crate::tui::theme::Setting::default(),
        };
        app.launch(launch, now);
        app
    }

    /// Goes where journey was started for: home, the form, a new or a reopened interview.
    pub fn launch(&mut self, launch: Launch, now: Instant) {
        match launch {
            Launch::Home => {}
            Launch::New(None) => self.navigate(Nav::NewInterview, now),
            Launch::New(Some(meta)) => self.navigate(Nav::Start(meta), now),
            Launch::Resume(id) => self.navigate(Nav::Open(id), now),
        }
    }

    /// Puts the guide in the language of the session on screen: the interview, its summary
    /// and a session being read show it as it was held; everything else is in the guide's own
    /// language. Ids, evidence and the fingerprint stay, so assessments and the index do not
    /// change with the language.
    pub(crate) fn follow_language(&mut self) {
        let lang = self
            .screen
            .component()
            .subject()
            .map(|s| s.session.meta.lang.clone())
            .unwrap_or_default();
        if lang != self.shown_lang {
            self.guide = self.base.localized(Some(&lang));
            self.shown_lang = lang;
        }
    }

    fn ctx(&self, now: Instant) -> Ctx<'_> {
        Ctx::new(
            &self.guide,
            &self.store,
            now,
            self.screen.component().subject(),
        )
    }

    /// How keys are read right now: the table of the top layer that has one.
    pub fn mode(&self) -> Mode {
        let ctx = self.ctx(Instant::now());
        self.overlays
            .iter()
            .rev()
            .find_map(|o| o.mode(&ctx))
            .or_else(|| self.screen.component().mode(&ctx))
            .unwrap_or(Mode::Home)
    }

    /// The top overlay, if any.
    pub fn overlay(&self) -> Option<&dyn Component> {
        self.overlays.last().map(|o| o.as_ref())
    }

    /// The top overlay, when it is a `T`.
    pub fn overlay_as<T: Component>(&self) -> Option<&T> {
        let top: &dyn std::any::Any = self.overlays.last()?.as_ref();
        top.downcast_ref::<T>()
    }

    /// The interview on screen, if any (also under the summary).
    pub fn interview(&self) -> Option<&Interview> {
        self.screen.interview()
    }

    /// The assessment on screen: the interview's, or the session being read.
    pub fn assessment(&self) -> Option<&Assessment> {
        self.screen.component().subject().map(|s| s.assessment)
    }

    /// A key pressed: read with the top layer's key table, then routed.
    pub fn handle_key(&mut self, key: ratatui::crossterm::event::KeyEvent, now: Instant) {
        use ratatui::crossterm::event::KeyEventKind;
        if key.kind == KeyEventKind::Release {
            return;
        }
        let mut action = keymap::action(self.mode(), key);
        // An overlay that reads keys as the screen does (a message) still closes on Enter and
        // Esc where the screen's table has no use for them.
        let ctx = self.ctx(now);
        if action.is_none() && self.overlays.last().is_some_and(|o| o.mode(&ctx).is_none()) {
            use ratatui::crossterm::event::KeyCode;
            action = match key.code {
                KeyCode::Enter => Some(Action::Select),
                KeyCode::Esc => Some(Action::Back),
                _ => None,
            };
        }
        if let Some(action) = action {
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
        if let Hit::Action(action) = hit {
            return self.update(action, now);
        }
        let (guide, store) = (&self.guide, &self.store);
        let outcome = match self.overlays.last_mut() {
            Some(top) => {
                let subject = self.screen.component().subject();
                top.click(hit, &Ctx::new(guide, store, now, subject))
            }
            None => {
                let ctx = Ctx::new(guide, store, now, None);
                self.screen.component_mut().click(hit, &ctx)
            }
        };
        let on_overlay = !self.overlays.is_empty();
        self.carry_out(outcome, on_overlay, now);
    }

    /// Routes an action: to the top overlay, else the keys every screen shares, then the
    /// screen; then carries out what it asked for.
    pub fn update(&mut self, action: Action, now: Instant) {
        match action {
            Action::Quit => return self.navigate(Nav::Quit, now),
            Action::Save => return self.save_now(now),
            _ => {}
        }
        let (guide, store) = (&self.guide, &self.store);
        let outcome = match self.overlays.last_mut() {
            Some(top) => {
                let subject = self.screen.component().subject();
                top.handle(action, &Ctx::new(guide, store, now, subject))
            }
            None => match shared(&action) {
                Some(outcome) => outcome,
                None => {
                    let ctx = Ctx::new(guide, store, now, None);
                    self.screen.component_mut().handle(action, &ctx)
                }
            },
        };
        let on_overlay = !self.overlays.is_empty();
        self.carry_out(outcome, on_overlay, now);
    }

    /// Does what a component's outcome says; `on_overlay` when the top overlay gave it.
    fn carry_out(&mut self, outcome: Outcome, on_overlay: bool, now: Instant) {
        let close = |app: &mut App| {
            if on_overlay {
                app.overlays.pop();
            }
        };
        match outcome {
            Outcome::Done => {}
            // An overlay passes on what it does not take: help and quit still work over it.
            Outcome::PassOn(action) => {
                if let (true, Some(outcome)) = (on_overlay, shared(&action)) {
                    self.carry_out(outcome, false, now);
                }
            }
            Outcome::Close => close(self),
            Outcome::CloseAndPass(action) => {
                close(self);
                self.update(action, now);
            }
            Outcome::Go(nav) => {
                close(self);
                self.navigate(nav, now);
            }
            Outcome::Send(edit) => self.edit_screen(edit, now),
            Outcome::CloseAndSend(edit) => {
                close(self);
                self.edit_screen(edit, now);
            }
            Outcome::Open(component) => self.overlays.push(component),
            Outcome::Replace(component) => {
                close(self);
                self.overlays.push(component);
            }
        }
    }

    /// An overlay's change to the screen under it.
    fn edit_screen(&mut self, edit: super::nav::Edit, now: Instant) {
        let ctx = Ctx::new(&self.guide, &self.store, now, None);
        let outcome = self.screen.component_mut().edit(edit, &ctx);
        self.carry_out(outcome, false, now);
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
        let synced = self.poll_sync();
        let ctx = Ctx::new(&self.guide, &self.store, now, None);
        self.screen.component_mut().tick(&ctx) || synced
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
        self.screen.component().busy()
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

/// The keys every screen shares, when the screen (or an overlay) does not take them: help,
/// and the question before quitting an interview.
fn shared(action: &Action) -> Option<Outcome> {
    match action {
        Action::Help => Some(Outcome::Open(Box::new(Reader::help()))),
        Action::ConfirmQuit => Some(Outcome::Open(Box::new(QuitPrompt))),
        _ => None,
    }
}

impl App {
    /// Puts a message over the screen.
    pub(crate) fn message(&mut self, text: impl Into<String>) {
        self.overlays.push(Box::new(Message::new(text)));
    }
}
