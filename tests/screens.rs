//! Every screen, drawn into a `TestBackend` at 120x40 and at small sizes, driven by real keys.

mod common;

use std::time::Instant;

use journey::session::{Meta, Store};
use journey::tui::{App, Launch};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

struct Harness {
    app: App,
    now: Instant,
    _dir: tempfile::TempDir,
}

impl Harness {
    fn new(launch: Launch) -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::in_dir(dir, launch)
    }

    fn in_dir(dir: tempfile::TempDir, launch: Launch) -> Harness {
        let store = Store::open(dir.path()).expect("store");
        let now = Instant::now();
        let mut app = App::new(common::guide(), store, launch, now);
        app.settle(std::time::Duration::from_secs(30));
        Harness {
            app,
            now,
            _dir: dir,
        }
    }

    fn interview() -> Harness {
        Self::new(Launch::New(Some(meta())))
    }

    fn key(&mut self, code: KeyCode) -> &mut Self {
        self.key_with(code, KeyModifiers::NONE)
    }

    fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) -> &mut Self {
        self.app
            .handle_key(KeyEvent::new(code, modifiers), self.now);
        self.app.settle(std::time::Duration::from_secs(30));
        self
    }

    fn keys(&mut self, keys: &str) -> &mut Self {
        for token in keys.split_whitespace() {
            let code = match token {
                "PgDn" => KeyCode::PageDown,
                "PgUp" => KeyCode::PageUp,
                "Enter" => KeyCode::Enter,
                "Esc" => KeyCode::Esc,
                "Tab" => KeyCode::Tab,
                "Down" => KeyCode::Down,
                "Up" => KeyCode::Up,
                "Right" => KeyCode::Right,
                "PageDown" => KeyCode::PageDown,
                "Home" => KeyCode::Home,
                "End" => KeyCode::End,
                "Space" => KeyCode::Char(' '),
                "F1" => KeyCode::F(1),
                "F2" => KeyCode::F(2),
                "F11" => KeyCode::F(11),
                "F8" => KeyCode::F(8),
                "F9" => KeyCode::F(9),
                "F10" => KeyCode::F(10),
                t if t.chars().count() == 1 => KeyCode::Char(t.chars().next().expect("char")),
                t => panic!("unknown key {t}"),
            };
            self.key(code);
        }
        self
    }

    fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn screen(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| self.app.draw(frame, self.now))
            .expect("draw");
        // The cursor is at the focus on every screen and size snapshotted.
        common::cursor::focus(terminal.backend(), &format!("{width}x{height}"));
        format!("{}", terminal.backend())
    }
}

fn meta() -> Meta {
    let mut m = common::meta("Acme Logistics");
    m.started = journey::session::now();
    m.updated = m.started;
    m
}

macro_rules! snapshot {
    ($name:expr, $screen:expr) => {
        insta::with_settings!({filters => vec![
            (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[date]"),
            (r"saved \d{2}:\d{2}:\d{2}", "saved [time]"),
            (r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+-[a-z0-9]{4}\b", "[id]"),
            (r"/tmp/\.tmp\w+", "[tmp]"),
        ]}, {
            insta::assert_snapshot!($name, $screen);
        });
    };
}

/// An IT Production customer, answered through the keyboard, one question per step.
fn answered() -> Harness {
    let mut h = Harness::interview();
    h.keys("3 PgDn"); // org.industry: public sector
    h.keys("2 PgDn"); // org.size: 1,000 to 10,000
    h.typed("450").keys("PgDn"); // org.servers
    h.keys("2 PgDn"); // org.role: IT manager
    h.keys("1 PgDn"); // org.team: the server team
    h.keys("2 PgDn"); // start.began: test and dev first
    h.keys("2 PgDn"); // start.production: yes (reveals the next three)
    h.typed("2007").keys("PgDn"); // start.first_year
    h.typed("Print servers, then the domain controllers")
        .keys("PgDn"); // start.first_workload
    h.typed("25%").keys("PgDn"); // start.share
    h.keys("1 PgDn"); // triggers.business: hardware refresh
    h.keys("5 PgDn"); // triggers.development: none
    h.keys("1 2 PgDn"); // workloads.it: file and print, domain controllers
    h.keys("7 PgDn"); // workloads.business: none yet (hides two questions)
    h.keys("1 2"); // products.in_use: ESXi, vCenter
    h.key(KeyCode::F(2))
        .typed("Started on old hardware.")
        .key_with(KeyCode::Char('t'), KeyModifiers::CONTROL)
        .typed("We never looked back")
        .key_with(KeyCode::Char('o'), KeyModifiers::CONTROL)
        .key_with(KeyCode::Char('f'), KeyModifiers::CONTROL);
    h
}

#[test]
fn home_lists_interviews_in_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).expect("store");
        let guide = common::guide();
        for name in ["Globex", "Initech"] {
            let mut s = common::session(&guide, name);
            common::pick(&mut s, "start.production", &["yes"]);
            store.create(&mut s).expect("create");
        }
    }
    let h = Harness::in_dir(dir, Launch::Home);
    snapshot!("home_120x40", h.screen(120, 40));
    snapshot!("home_60x20", h.screen(60, 20));
}

#[test]
fn the_new_interview_form() {
    let mut h = Harness::new(Launch::New(None));
    h.typed("Acme Logistics")
        .keys("Tab")
        .typed("Dana Reyes")
        .keys("Tab")
        .typed("IT director");
    snapshot!("form_120x40", h.screen(120, 40));
    snapshot!("form_60x20", h.screen(60, 20));
}

#[test]
fn a_fresh_interview() {
    let h = Harness::interview();
    snapshot!("interview_fresh_120x40", h.screen(120, 40));
}

#[test]
fn an_interview_under_way_at_every_size() {
    let mut h = answered();
    snapshot!("interview_answered_200x60", h.screen(200, 60));
    snapshot!("interview_answered_120x40", h.screen(120, 40));
    snapshot!("interview_answered_90x28", h.screen(90, 28));
    snapshot!("interview_answered_80x24", h.screen(80, 24));
    snapshot!("interview_answered_60x20", h.screen(60, 20));
    h.keys("Esc F11");
    snapshot!("interview_answered_60x20_stage_tab", h.screen(60, 20));
    snapshot!("too_small_30x8", h.screen(30, 8));
}

#[test]
fn overlays_help_reasons_and_obstacles() {
    let mut h = answered();
    h.keys("Esc F1");
    snapshot!("help_120x40", h.screen(120, 40));
    snapshot!("help_60x20", h.screen(60, 20));
    h.keys("Esc F9");
    snapshot!("reasons_120x40", h.screen(120, 40));
    snapshot!("reasons_60x20", h.screen(60, 20));
    h.keys("Esc F8 Down Down Right Right");
    snapshot!("obstacles_120x40", h.screen(120, 40));
    snapshot!("obstacles_60x20", h.screen(60, 20));
}

#[test]
fn the_summary_after_finishing() {
    let mut h = answered();
    h.keys("F10");
    snapshot!("finish_dialog_120x40", h.screen(120, 40));
    snapshot!("finish_dialog_80x24", h.screen(80, 24));
    h.keys("y");
    snapshot!("summary_120x40", h.screen(120, 40));
    snapshot!("summary_60x20", h.screen(60, 20));
}

/// A customer, its interviewer, and the options picked per question.
type Profile<'a> = (&'a str, &'a str, &'a [(&'a str, &'a [&'a str])]);

/// A store with three sessions at different stages, one with a corrupt neighbour file.
fn archive() -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).expect("store");
        let guide = common::guide();
        let profiles: [Profile; 3] = [
            (
                "Acme Logistics",
                "Sam Lee",
                &[
                    ("workloads.it", &["file-print"]),
                    ("sponsorship.sponsor", &["it-owned"]),
                    ("team.introduced", &["server-only"]),
                    ("triggers.business", &["hardware-refresh"]),
                ],
            ),
            (
                "Globex",
                "Ines Duarte",
                &[
                    ("workloads.business", &["sap", "exchange"]),
                    ("sponsorship.app_owners", &["some"]),
                    ("fud.issue", &["yes"]),
                    ("triggers.business", &["hardware-refresh", "outages"]),
                ],
            ),
            (
                "Initech",
                "Sam Lee",
                &[
                    ("sponsorship.sponsor", &["cio"]),
                    ("itaas.dr", &["solution"]),
                    ("storage.issue", &["fixed"]),
                ],
            ),
        ];
        for (n, (customer, interviewer, picks)) in profiles.iter().enumerate() {
            let mut s = common::session(&guide, customer);
            s.meta.interviewer = interviewer.to_string();
            s.meta.started += chrono::Duration::days(n as i64);
            s.elapsed_seconds = 1800 + 600 * n as u64;
            for (q, ids) in picks.iter() {
                common::pick(&mut s, q, ids);
            }
            s.answer_mut("wrapup.advice").notes = format!("{customer} would plan storage first");
            if n == 2 {
                s.meta.finished = Some(s.meta.started);
            }
            store.create(&mut s).expect("create");
        }
        std::fs::write(
            store.sessions_dir().join("2026-01-01-broken-0000.json"),
            "{\"id\": tru",
        )
        .expect("write");
    }
    Harness::in_dir(dir, Launch::Home)
}

#[test]
fn the_session_browser_sorts_and_filters() {
    let mut h = archive();
    h.keys("b");
    snapshot!("browser_120x40", h.screen(120, 40));
    h.keys("/").typed("storage first glo").keys("Enter");
    snapshot!("browser_filtered_120x40", h.screen(120, 40));
    h.keys("c i s s");
    snapshot!("browser_by_interviewer_sorted_120x40", h.screen(120, 40));
    snapshot!("browser_80x24", h.screen(80, 24));
    snapshot!("browser_60x20", h.screen(60, 20));
}

#[test]
fn reading_a_session_back() {
    let mut h = archive();
    h.keys("b Enter");
    snapshot!("review_120x40", h.screen(120, 40));
    snapshot!("review_60x20", h.screen(60, 20));
    h.keys("x");
    snapshot!("export_overlay_120x40", h.screen(120, 40));
    snapshot!("export_overlay_60x20", h.screen(60, 20));
    h.keys("Esc m");
    snapshot!("edit_metadata_120x40", h.screen(120, 40));
    h.keys("Esc b Enter d");
    snapshot!("confirm_delete_120x40", h.screen(120, 40));
    snapshot!("confirm_delete_60x20", h.screen(60, 20));
}

#[test]
fn insights_across_sessions_lead_to_their_sessions() {
    let mut h = archive();
    h.keys("b I");
    snapshot!("insights_120x40", h.screen(120, 40));
    snapshot!("insights_60x20", h.screen(60, 20));
    // The first bar is Stage zero (empty); down to IT Production, then its sessions.
    h.keys("Down Enter");
    snapshot!("browser_from_insights_120x40", h.screen(120, 40));
}

#[test]
fn deleting_goes_to_the_trash_and_comes_back() {
    let mut h = archive();
    h.keys("b d y");
    snapshot!("after_delete_120x40", h.screen(120, 40));
    // The message says T shows the trash: T does, without closing the message first.
    h.keys("T");
    snapshot!("trash_120x40", h.screen(120, 40));
    // The id, which `journey trash restore` takes, is whole at 80 columns: the names give way.
    snapshot!("trash_80x24", h.screen(80, 24));
    snapshot!("trash_60x20", h.screen(60, 20));
    h.keys("u");
    let restored = h.screen(120, 40);
    assert!(
        restored.contains("Restored Initech (2026-11-2"),
        "{restored}"
    );
}

#[test]
fn no_size_panics_and_resizes_keep_state() {
    let mut h = answered();
    h.keys("Esc");
    let before = h.app.interview().map(|i| i.session().clone());
    for (w, h_) in [
        (1, 1),
        (2, 1),
        (1, 2),
        (10, 3),
        (39, 11),
        (40, 12),
        (79, 23),
        (80, 24),
        (109, 29),
        (110, 30),
        (250, 80),
    ] {
        h.screen(w, h_);
    }
    for overlay in ["F1", "F9", "F8"] {
        h.keys(overlay);
        for (w, h_) in [(1, 1), (20, 5), (45, 13)] {
            h.screen(w, h_);
        }
        h.keys("Esc");
    }
    h.keys("F10 y");
    for (w, h_) in [(1, 1), (20, 5), (45, 13)] {
        h.screen(w, h_);
    }
    let after = h.app.interview().map(|i| i.session().answers.clone());
    assert_eq!(before.map(|s| s.answers), after);
}

#[test]
fn editing_metadata_saves_it_and_keeps_the_answers() {
    let mut h = archive();
    // The newest session first: Initech.
    // The customer is selected on entry: Right keeps it, and what is typed is added.
    h.keys("b Enter m Right")
        .typed(" Renamed")
        .keys("Tab Tab Tab Tab Tab Enter");
    let listing = h.app.store.list().expect("list");
    let renamed = listing
        .sessions
        .iter()
        .find(|s| s.meta.customer == "Initech Renamed")
        .expect("the customer was renamed");
    assert_eq!(renamed.meta.participant, "Dana Reyes");
    assert!(
        renamed.answer("sponsorship.sponsor").is_some(),
        "answers kept"
    );
    assert!(
        h.screen(120, 40).contains("Initech Renamed"),
        "the browser shows the new name"
    );
}

/// Issue 21: a filter that keeps no session says so, with the filter, instead of a blank list.
#[test]
fn an_empty_filter_result_says_no_session_matches() {
    let mut h = archive();
    h.keys("b t t");
    h.keys("/").typed("nothing-like-this").keys("Enter");
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("No sessions match: complete, mentioning nothing-like-this."),
        "{screen}"
    );
    snapshot!("browser_none_match_120x40", screen);
}

/// Issue 21: whichever column the table is sorted by shows the sort marker, in the header or,
/// where a narrow screen hides the column, in the title line.
#[test]
fn every_sorted_column_shows_its_marker() {
    let mut h = archive();
    h.keys("b");
    for _ in 0..8 {
        for (width, height) in [(120, 40), (80, 24), (60, 20)] {
            let screen = h.screen(width, height);
            let top: Vec<&str> = screen.lines().take(4).collect();
            let marked = top.iter().filter(|l| l.contains('▼')).count();
            assert_eq!(marked, 1, "one marker at {width}x{height}: {top:#?}");
        }
        h.keys("s");
    }
    h.keys("S");
    assert!(h
        .screen(120, 40)
        .lines()
        .nth(3)
        .is_some_and(|l| l.contains('▲')));
}

/// Many follow-ups scroll: only the rows on screen are drawn, the cursor stays in view down to
/// the last, PageDown moves a screenful (three reach the last of some 90 rows on 37 lines), End
/// and Home go to the last row and the first bar, and Enter on a follow-up shows its one session.
#[test]
fn insights_with_many_follow_ups_scroll_to_the_last() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).expect("store");
        let guide = common::guide();
        for n in 0..60 {
            let mut s = common::session(&guide, &format!("Customer {n:02}"));
            s.meta.started += chrono::Duration::days(n);
            let a = s.answer_mut("wrapup.advice");
            a.notes = "call back".into();
            a.follow_up = true;
            store.create(&mut s).expect("create");
        }
    }
    let mut h = Harness::in_dir(dir, Launch::Home);
    h.keys("b I");
    let first = h.screen(120, 40);
    assert!(first.contains("Open follow-ups (60)"), "{first}");
    // The most recently started first: the oldest is below the screen.
    assert!(!first.contains("Customer 00"), "{first}");
    h.keys("End");
    let end = h.screen(120, 40);
    h.keys("Home");
    assert_eq!(h.screen(120, 40), first, "Home is back at the first bar");
    h.keys("PageDown PageDown PageDown");
    let last = h.screen(120, 40);
    assert_eq!(last, end, "three pages reach the last row");
    let selected: Vec<&str> = last.lines().filter(|l| l.contains("Customer")).collect();
    // 40 lines less the frame and the footer: all follow-ups.
    assert_eq!(selected.len(), 37, "{last}");
    assert!(
        selected.last().is_some_and(|l| l.contains("Customer 00")),
        "{last}"
    );
    h.keys("Enter");
    let browser = h.screen(120, 40);
    assert!(browser.contains("Customer 00"), "{browser}");
    assert!(!browser.contains("Customer 01"), "{browser}");
}
