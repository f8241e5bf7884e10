//! Carrying out a [`Nav`]: one small method per place to go.

use std::time::Instant;

use super::App;
use crate::assess::assess;
use crate::session::{Meta, Session, StoreError};
use crate::tui::component::Component;
use crate::tui::interview::Interview;
use crate::tui::nav::Nav;
use crate::tui::overlays::{Confirm, ExportChoice, Reader};
use crate::tui::screen::Screen;
use crate::tui::screens::browser::Browser;
use crate::tui::screens::customer::{Back, CustomerPage};
use crate::tui::screens::form::Form;
use crate::tui::screens::home::Home;
use crate::tui::screens::session_view::{Insights, Review, Summary};
use crate::tui::screens::trash::TrashList;

impl App {
    pub(crate) fn navigate(&mut self, nav: Nav, now: Instant) {
        self.go(nav, now);
        self.follow_language();
    }

    fn go(&mut self, nav: Nav, now: Instant) {
        match nav {
            Nav::NewInterview => self.replace(now, |app| {
                Screen::Form(Box::new(Form::new(&app.store, &app.guide)))
            }),
            Nav::Sessions => {
                self.leave(now);
                let browser = self.take_browser();
                self.screen = Screen::Browser(browser);
            }
            Nav::Theme => self.next_theme(),
            Nav::Home => self.replace(now, |app| Screen::Home(Home::open(&app.store, &app.guide))),
            Nav::Open(id) => {
                self.open(&id, now);
                self.opened(now);
            }
            Nav::OpenReadOnly(id, why) => self.open_read_only(&id, why, now),
            Nav::Start(meta) => self.start(meta, now),
            Nav::Review(id) => self.review(&id, false),
            Nav::Blind(id) => self.review(&id, true),
            Nav::OpenAt(id, at) => {
                self.navigate(Nav::Open(id.clone()), now);
                self.go_to_in(&id, at, now);
            }
            Nav::ReviewAt(id, at) => {
                self.review(&id, false);
                self.go_to_in(&id, at, now);
            }
            Nav::EditMeta(id) => match self.store.load(&id) {
                Ok(session) => self.screen = Screen::Form(Box::new(Form::edit(&session))),
                Err(e) => self.message(e.to_string()),
            },
            Nav::SaveMeta(id, meta) => match self.store.update_meta(&id, meta) {
                Ok(()) => self.navigate(Nav::Sessions, now),
                Err(e) => self.message(format!("The metadata was not saved: {e}")),
            },
            Nav::ConfirmDelete(id) => self.confirm_delete(id),
            Nav::Delete(id) => self.delete(&id, now),
            Nav::Restore(id) => self.restore(&id),
            Nav::Export(ids) => self.show(ExportChoice::new(ids)),
            Nav::Insights => self.insights(),
            Nav::Trash => self.screen = Screen::Trash(TrashList::load(&self.store)),
            Nav::Customer(id) => self.customer(&id),
            Nav::CustomerBack => self.customer_back(now),
            Nav::OnlySessions(label, ids) => {
                let mut browser = self.take_browser();
                browser.only = Some((label, ids.into_iter().collect()));
                browser.cursor = 0;
                browser.refresh();
                self.screen = Screen::Browser(browser);
            }
            Nav::Finish => self.finish(now),
            Nav::Reopen => {
                if let Screen::Summary(s) = self.take_screen() {
                    self.screen = Screen::Interview(s.interview);
                    self.reopened(now);
                }
            }
            Nav::Message(text) => self.message(text),
            Nav::Sync => self.start_sync(now),
            Nav::Report(ids) => self.report(&ids),
            Nav::Quit => {
                self.leave(now);
                self.quit = true;
            }
        }
    }

    /// An interview opened to edit it with `e`: a finished one is in progress again, saved so
    /// the list, the browser and exports say so, until it is finished again.
    fn reopened(&mut self, now: Instant) {
        if let Some(i) = self.screen.interview_mut() {
            if i.open.reopen(now) {
                i.flash("Reopened: in progress until you finish it again", now);
            }
        }
    }

    /// What to know about an interview just opened: a finished one stays complete (and when it
    /// ended); one made with another guide than the one in use says which.
    fn opened(&mut self, now: Instant) {
        let guide = crate::text::line(&self.guide.id).into_owned();
        let Some(i) = self.screen.interview_mut() else {
            return;
        };
        let made_with = &i.session().guide.id;
        if *made_with != self.guide.id {
            let made_with = crate::text::line(made_with).into_owned();
            i.flash(
                format!(
                    "Made with guide “{made_with}”, open with “{guide}”: answers it lacks are kept"
                ),
                now,
            );
        } else if let Some(at) = i
            .session()
            .meta
            .finished
            .filter(|_| i.open.read_only().is_none())
        {
            let at = at.format("%Y-%m-%d %H:%M");
            i.flash(
                format!("Finished {at}: edits are saved, and it stays complete"),
                now,
            );
        }
    }

    fn show(&mut self, overlay: impl Component) {
        self.overlays.push(Box::new(overlay));
    }

    /// The study report over these sessions, in a reader.
    fn report(&mut self, ids: &[String]) {
        let (guide, store) = (&self.guide, &self.store);
        let study = crate::report::gather(guide, ids.len(), None, |i| Ok(store.load(&ids[i]).ok()));
        match study {
            Ok(study) => {
                let filters = vec![format!(
                    "the {} shown in the browser",
                    crate::text::count(ids.len(), "session")
                )];
                let scope = crate::report::Scope::new(guide, filters, false);
                let text = crate::report::markdown(guide, &study, &scope);
                self.show(Reader::report(text));
            }
            Err(e) => self.message(format!("The report failed: {e}")),
        }
    }

    /// Leaves the open session, then puts up the screen `make` builds.
    fn replace(&mut self, now: Instant, make: impl FnOnce(&App) -> Screen) {
        self.leave(now);
        self.screen = make(self);
    }

    /// The screen, leaving an empty home in its place for a moment.
    fn take_screen(&mut self) -> Screen {
        std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
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
                let mut interview = Interview::open(&self.guide, session, Some(lock), None, now);
                interview.watch_disk(&self.store);
                self.screen = Screen::Interview(Box::new(interview));
            }
            Err(StoreError::Locked { id, holder }) => {
                let why = format!("Session {id} is open in another journey ({holder}). Changes can only be made there.");
                let offer = format!("{why} View it read-only?");
                self.show(Confirm::new(
                    "Already open",
                    offer,
                    Nav::OpenReadOnly(id, why),
                ));
            }
            // The session reads but cannot be locked for writing (a read-only data folder, a
            // `locks` that is a file): it opens read-only, and the banner says why.
            Err(e @ StoreError::Io { .. }) => match self.store.resolve(id) {
                Ok(id) if self.store.load(&id).is_ok() => {
                    let why = format!("Read-only: the session cannot be opened for writing ({e})");
                    self.leave(now);
                    self.open_read_only(&id, why, now);
                }
                _ => self.message(e.to_string()),
            },
            Err(e) => self.message(e.to_string()),
        }
    }

    fn open_read_only(&mut self, id: &str, why: String, now: Instant) {
        match self.store.load(id) {
            Ok(session) => {
                let interview = Interview::open(&self.guide, session, None, Some(why), now);
                self.screen = Screen::Interview(Box::new(interview));
            }
            Err(e) => self.message(e.to_string()),
        }
    }

    fn start(&mut self, mut meta: Meta, now: Instant) {
        if meta.lang.is_empty() {
            meta.lang.clone_from(&self.lang);
        }
        // A name a known customer's interviews used joins that customer.
        if let Ok(known) = self.store.summaries(&self.guide) {
            meta.customer_id = crate::customer::id_for(&known.sessions, &meta.customer);
        }
        let mut session = Session::new(&self.guide, meta);
        match self.store.create(&mut session) {
            Ok(()) => self.open(&session.id, now),
            Err(e) => self.message(format!("Could not create the session: {e}")),
        }
    }

    /// Sends the screen a go-to question `at`, when it shows session `id` (it did open, and no
    /// question asks first whether to open it read-only).
    fn go_to_in(&mut self, id: &str, at: usize, now: Instant) {
        let shows = match &self.screen {
            Screen::Review(r) => r.session.id == id,
            Screen::Interview(i) => i.open.session.id == id,
            _ => false,
        };
        if shows && self.overlays.is_empty() {
            self.edit_screen(super::super::nav::Edit::GoTo(at), now);
        }
    }

    fn review(&mut self, id: &str, blind: bool) {
        match self.store.load(id) {
            Ok(session) => {
                let back = match self.take_screen() {
                    Screen::Browser(b) => Some(b),
                    other => {
                        self.screen = other;
                        None
                    }
                };
                let assessment = assess(&self.guide, &session);
                let mut review = Review::new(session, assessment);
                review.back = back;
                review.blind = blind;
                review.me = crate::session::identity::researcher_name(self.store.data_dir());
                self.screen = Screen::Review(review);
            }
            Err(e) => self.message(e.to_string()),
        }
    }

    /// The customer of session `id` over its interviews, drawn at once from the summaries (its
    /// interviews are read after the first frame); Esc comes back here.
    fn customer(&mut self, id: &str) {
        let (listed, checked) = match self.customer_listed(id) {
            Ok(listed) => listed,
            Err(e) => return self.message(format!("The customer could not be read: {e}")),
        };
        let back = match self.take_screen() {
            Screen::Browser(b) => Back::Browser(b),
            Screen::Review(r) => Back::Review(Box::new(r)),
            other => {
                self.screen = other;
                Back::Home
            }
        };
        let page = CustomerPage::open(listed, id, checked, back);
        self.screen = Screen::Customer(Box::new(page));
    }

    /// The customer of session `id` as the browser under the screen lists it, and whether its
    /// check of the files has ended; without a browser, from the summary index checked now.
    fn customer_listed(&self, id: &str) -> anyhow::Result<(crate::customer::Customer, bool)> {
        let browser = match &self.screen {
            Screen::Browser(b) | Screen::Review(Review { back: Some(b), .. }) => Some(b),
            _ => None,
        };
        let listed = browser.and_then(|b| {
            // The row the page was asked from, most often: no search for it.
            let c = match b.selected().filter(|s| s.id == id) {
                Some(s) => crate::customer::with_id(&b.entries, &s.customer_id)?,
                None => crate::customer::of(&b.entries, id)?,
            };
            Some((c, b.checked_entries().is_some()))
        });
        if let Some(listed) = listed {
            return Ok(listed);
        }
        let listing = self.store.summaries(&self.guide)?;
        let c = crate::customer::of(&listing.sessions, id)
            .ok_or_else(|| anyhow::anyhow!("session {id} is not in the archive"))?;
        Ok((c, true))
    }

    fn customer_back(&mut self, now: Instant) {
        match self.take_screen() {
            // The page changed nothing: the browser is back at once, and checked after.
            Screen::Customer(page) => match page.back {
                Back::Browser(mut b) => {
                    b.check_again();
                    self.screen = Screen::Browser(b);
                }
                Back::Review(r) => self.screen = Screen::Review(*r),
                Back::Home => self.navigate(Nav::Home, now),
            },
            other => self.screen = other,
        }
    }

    /// The browser to go back to: the one under the current screen, reloaded, or a new one.
    fn take_browser(&mut self) -> Box<Browser> {
        let previous = match self.take_screen() {
            // The insights changed nothing: the browser is back at once, and checked after (at
            // 100,000 sessions a check before the frame took 0.4 s and made every summary again).
            Screen::Insights(Insights { back: mut b, .. }) => {
                b.check_again();
                return b;
            }
            Screen::Browser(b) | Screen::Review(Review { back: Some(b), .. }) => Some(b),
            Screen::Customer(page) => match page.back {
                Back::Browser(b) => Some(b),
                Back::Review(r) => r.back,
                Back::Home => None,
            },
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
            None => Box::new(Browser::open(&self.store, &self.guide)),
        }
    }

    fn confirm_delete(&mut self, id: String) {
        let customer = self
            .store
            .load(&id)
            .map(|s| s.meta.customer)
            .unwrap_or_default();
        let message = format!(
            "Delete the interview with {} ({id})? The file moves to the trash and can be restored from there.",
            crate::text::line(&customer)
        );
        self.show(Confirm::new("Confirm", message, Nav::Delete(id)));
    }

    fn delete(&mut self, id: &str, now: Instant) {
        let who = self.who(id);
        match self.store.trash(id) {
            Ok(_) => {
                self.navigate(Nav::Sessions, now);
                let key = |mode, command| {
                    crate::tui::keymap::key_for(mode, &crate::tui::action::Action::Command(command))
                        .unwrap_or_default()
                };
                use crate::tui::action::Command;
                use crate::tui::keymap::Mode;
                self.message(format!(
                    "Moved {who} to the trash: {} shows the trash, {} there restores it.",
                    key(Mode::Browser, Command::Trash),
                    key(Mode::Trash, Command::Restore)
                ));
            }
            Err(e) => self.message(format!("Not deleted: {e}")),
        }
    }

    /// A session as a message names it: `Customer (ID)`, or the id alone when it cannot be read.
    fn who(&self, id: &str) -> String {
        match self.store.load(id) {
            Ok(s) if !s.meta.customer.trim().is_empty() => {
                format!("{} ({id})", crate::text::line(&s.meta.customer))
            }
            _ => id.to_string(),
        }
    }

    fn restore(&mut self, id: &str) {
        match self.store.restore(id) {
            Ok(id) => {
                let who = self.who(&id);
                self.message(format!(
                    "Restored {who} from the trash: back among the sessions ({})",
                    self.store.path(&id).display()
                ));
            }
            Err(e) => self.message(e.to_string()),
        }
        if let Screen::Trash(list) = &mut self.screen {
            *list = TrashList::load(&self.store);
        }
    }

    fn insights(&mut self) {
        match self.take_screen() {
            Screen::Browser(b) => self.screen = Screen::Insights(Insights::open(b)),
            other => self.screen = other,
        }
    }

    /// Finishes the interview on screen and shows its summary.
    fn finish(&mut self, now: Instant) {
        match self.take_screen() {
            Screen::Interview(mut interview) => {
                interview.finish(&self.guide, &self.store, now);
                self.screen = Screen::Summary(Summary {
                    interview,
                    scroll: 0,
                });
            }
            other => self.screen = other,
        }
    }

    /// The next colour theme, drawn at once and remembered.
    fn next_theme(&mut self) {
        let said = self.colours.choose_next();
        self.message(said);
    }
}
