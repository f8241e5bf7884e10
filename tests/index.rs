//! The summary index is a cache: it follows the session files however they change, rebuilds
//! when it is broken or from another guide, and the streamed CSV equals the one built in memory.

mod common;

use assert_cmd::Command;
use journey::export::{Export, Format};
use journey::index::Summary;
use journey::session::Store;

fn store_with(dir: &std::path::Path, names: &[&str]) -> (Store, Vec<String>) {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let ids = names
        .iter()
        .map(|name| {
            let mut s = common::session(&guide, name);
            common::pick(&mut s, "workloads.it", &["file-print"]);
            s.answer_mut("workloads.it").notes = format!("{name} note");
            store.create(&mut s).expect("create");
            s.id
        })
        .collect();
    (store, ids)
}

fn full(store: &Store) -> Vec<Summary> {
    let guide = common::guide();
    let mut listing: Vec<Summary> = store
        .list()
        .expect("list")
        .sessions
        .iter()
        .map(|s| Summary::of(&guide, s))
        .collect();
    listing.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.id.cmp(&b.id)));
    listing
}

#[test]
fn summaries_follow_the_files_however_they_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &["Acme", "Globex", "Initech"]);
    assert_eq!(
        store.summaries(&guide).expect("summaries").sessions,
        full(&store)
    );
    assert!(dir.path().join("index.jsonl").exists());

    // Changed behind journey's back (another tool, git checkout): the change shows.
    let mut s = store.load(&ids[0]).expect("load");
    s.meta.customer = "Acme Renamed".into();
    common::pick(&mut s, "sponsorship.sponsor", &["cio"]);
    std::fs::write(
        store.path(&ids[0]),
        serde_json::to_vec_pretty(&s).expect("json"),
    )
    .expect("write");
    let now = store.summaries(&guide).expect("summaries").sessions;
    // File and print (a step before the chasm) with a CIO sponsor (ITaaS, today), business
    // applications never asked: held at the chasm (rule 8), 1.5.
    assert!(now
        .iter()
        .any(|x| &*x.customer == "Acme Renamed" && x.position == Some(1.5)));
    assert_eq!(now, full(&store));

    // Removed, corrupted, added.
    std::fs::remove_file(store.path(&ids[1])).expect("remove");
    std::fs::write(store.path(&ids[2]), "{ broken").expect("corrupt");
    let (_, more) = store_with(dir.path(), &["Hooli"]);
    let listing = store.summaries(&guide).expect("summaries");
    let names: Vec<&str> = listing.sessions.iter().map(|x| &*x.customer).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Hooli") && names.contains(&"Acme Renamed"));
    assert_eq!(listing.problems.len(), 1);
    assert!(listing.problems[0].to_string().contains(&ids[2]));
    assert!(listing.sessions.iter().any(|x| x.id == more[0]));
}

/// A line whose file kept its stamp is taken from the index, not read again: what the
/// index is for (a forged name shows, until its file changes). Every line of the index must
/// read as a key; one that did not would be read from its file every time.
#[test]
fn a_line_whose_file_kept_its_stamp_is_not_read_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &["Acme", "Globex"]);
    store.summaries(&guide).expect("summaries");
    let path = dir.path().join("index.jsonl");
    let index = std::fs::read_to_string(&path).expect("index");
    std::fs::write(&path, index.replace("\"Acme\"", "\"Acmf\"")).expect("write");
    let names = |store: &Store| -> Vec<String> {
        let mut names: Vec<String> = (store.summaries(&guide).expect("summaries").sessions)
            .into_iter()
            .map(|s| s.customer.to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&store), ["Acmf", "Globex"]);
    // The file changes: what it says.
    let s = store.load(&ids[0]).expect("load");
    std::fs::write(store.path(&ids[0]), serde_json::to_vec(&s).expect("json")).expect("write");
    assert_eq!(names(&store), ["Acme", "Globex"]);
}

#[test]
fn a_broken_or_foreign_index_is_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, _) = store_with(dir.path(), &["Acme", "Globex"]);
    store.summaries(&guide).expect("summaries");
    for junk in [
        "",
        "{ not json",
        "{\"format\": 99, \"guide\": 1, \"entries\": {}}",
        "[1,2,3]",
    ] {
        std::fs::write(dir.path().join("index.jsonl"), junk).expect("write");
        assert_eq!(
            store.summaries(&guide).expect("summaries").sessions,
            full(&store),
            "{junk:?}"
        );
    }
    // Another guide: the stages are assessed again, with it. (A guide is not changed once in
    // use: its fingerprint is made once.)
    let mut other = common::guide();
    other.stages.reverse();
    // Reversed, the chasm would lead back into Business Production: no crossing in this one.
    other.milestones.iter_mut().for_each(|m| m.crosses = None);
    let listing = store.summaries(&other).expect("summaries");
    assert_eq!(listing.sessions.len(), 2);
    // File and print sits at IT Production: 1.0 in the guide's order, 2.0 with the order reversed.
    assert_eq!(listing.sessions[0].position, Some(2.0));
    assert_eq!(
        store.summaries(&guide).expect("summaries").sessions[0].position,
        Some(1.0)
    );
}

#[test]
fn deleting_a_session_takes_it_out_of_the_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &["Zyxwv Secret", "Keep"]);
    store.summaries(&guide).expect("summaries");
    store.trash(&ids[0]).expect("trash");
    let index = std::fs::read_to_string(dir.path().join("index.jsonl")).expect("index");
    assert!(!index.contains("Zyxwv"), "{index}");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(dir.path().join("index.jsonl"))
            .expect("meta")
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn the_streamed_csv_is_the_csv_built_in_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, _) = store_with(dir.path(), &["Acme", "Globex", "Initech", "Dana's Diner"]);
    for anonymize in [false, true] {
        let mut args = vec!["export", "--all", "--format", "csv"];
        if anonymize {
            args.push("--anonymize");
        }
        let out = Command::cargo_bin("journey")
            .expect("binary")
            .env("JOURNEY_DATA_DIR", dir.path())
            .args(&args)
            .output()
            .expect("run");
        assert!(out.status.success(), "{out:?}");
        let sessions = store.list().expect("list").sessions;
        let memory = Export::new(&guide, sessions, anonymize, journey::session::now())
            .render(Format::Csv)
            .expect("csv");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            memory,
            "anonymize: {anonymize}"
        );
    }
}

/// Ticks the app until the home screen's check after its first frame has ended.
fn settle(app: &mut journey::tui::App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.status_pending() && std::time::Instant::now() < deadline {
        app.tick(std::time::Instant::now());
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(!app.status_pending(), "the check did not end");
}

fn resumable(app: &journey::tui::App) -> (usize, Vec<String>) {
    use journey::tui::screens::home::Item;
    match &app.screen {
        journey::tui::screen::Screen::Home(h) => (
            h.total,
            h.items
                .iter()
                .filter_map(|i| match i {
                    Item::Resume { customer, .. } => Some(customer.clone()),
                    _ => None,
                })
                .collect(),
        ),
        _ => panic!("not the home screen"),
    }
}

#[test]
fn the_home_screen_draws_from_the_index_then_the_files_correct_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &["Acme", "Globex", "Initech"]);
    store.summaries(&guide).expect("summaries");
    // Behind journey's back: one interview finished, one file gone, one new session.
    let mut s = store.load(&ids[1]).expect("load");
    s.meta.finished = Some(s.meta.updated);
    std::fs::write(
        store.path(&ids[1]),
        serde_json::to_vec_pretty(&s).expect("json"),
    )
    .expect("write");
    std::fs::remove_file(store.path(&ids[2])).expect("remove");
    let mut late = common::session(&guide, "Umbrella");
    store.create(&mut late).expect("create");

    let t0 = std::time::Instant::now();
    let mut app = journey::tui::App::new(guide, store, journey::tui::Launch::Home, t0);
    // The first frame: the index as it was written, unchecked.
    let (total, mut shown) = resumable(&app);
    shown.sort();
    assert_eq!(
        (total, shown),
        (3, vec!["Acme".into(), "Globex".into(), "Initech".into()])
    );
    assert!(app.status_pending());
    settle(&mut app);
    // Checked: the files win.
    let (total, mut shown) = resumable(&app);
    shown.sort();
    assert_eq!((total, shown), (3, vec!["Acme".into(), "Umbrella".into()]));
}

#[test]
fn the_index_glance_lists_interviews_in_progress_most_recent_first_and_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &["Acme", "Globex", "Initech", "Umbrella"]);
    let mut s = store.load(&ids[0]).expect("load");
    s.meta.finished = Some(s.meta.updated);
    store.save(&s).expect("save");
    let listing = store.summaries(&guide).expect("summaries").sessions;
    let glance = store.glance(&guide, 2).expect("an index for this guide");
    assert_eq!(glance.sessions, 4);
    let mut expected: Vec<&Summary> = listing.iter().filter(|s| s.finished.is_none()).collect();
    expected.sort_by_key(|s| std::cmp::Reverse(s.updated));
    assert_eq!(
        glance.in_progress.iter().collect::<Vec<_>>(),
        expected[..2].to_vec()
    );
    // Deleting a session keeps the counts in step.
    store.trash(&ids[1]).expect("trash");
    assert_eq!(store.glance(&guide, 10).expect("glance").sessions, 3);
    // Another guide: no glance.
    let mut other = common::guide();
    other.version = "9.9.9".into();
    assert!(store.glance(&other, 10).is_none());
}

#[test]
fn the_browser_opens_from_the_index_then_the_files_correct_it() {
    use journey::tui::screen::Screen;
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &["Acme", "Globex", "Initech"]);
    let t0 = std::time::Instant::now();
    let mut app = journey::tui::App::new(guide, store.clone(), journey::tui::Launch::Home, t0);
    app.settle(std::time::Duration::from_secs(30));
    // Behind journey's back, once the home screen has checked the files.
    std::fs::remove_file(store.path(&ids[0])).expect("remove");
    std::fs::write(store.path(&ids[1]), "{ broken").expect("corrupt");
    app.handle_key(
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('b')),
        t0,
    );
    let table = |app: &journey::tui::App| match &app.screen {
        Screen::Browser(b) => {
            let mut names: Vec<String> = b.entries.iter().map(|e| e.customer.to_string()).collect();
            names.sort();
            (names, b.problems.len())
        }
        _ => panic!("not the browser"),
    };
    // Drawn at once from the index as it was written.
    assert_eq!(
        table(&app),
        (vec!["Acme".into(), "Globex".into(), "Initech".into()], 0)
    );
    assert!(app.status_pending());
    app.settle(std::time::Duration::from_secs(30));
    assert_eq!(table(&app), (vec!["Initech".into()], 1));
}

/// The app on the browser of three sessions, checked: the folder, the app, the time it began.
fn browser_of_three() -> (tempfile::TempDir, journey::tui::App, std::time::Instant) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent};
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(dir.path(), &["Acme", "Globex", "Initech"]);
    let t0 = std::time::Instant::now();
    let mut app = journey::tui::App::new(common::guide(), store, journey::tui::Launch::Home, t0);
    app.settle(std::time::Duration::from_secs(30));
    app.handle_key(KeyEvent::from(KeyCode::Char('b')), t0);
    app.settle(std::time::Duration::from_secs(30));
    (dir, app, t0)
}

/// The first search reads the sessions on a thread: the keys typed meanwhile go into the
/// filter, and once the sessions are read the table is filtered by all of them.
#[test]
fn typing_goes_on_while_the_first_search_reads_the_sessions() {
    use journey::tui::screen::Screen;
    use ratatui::crossterm::event::{KeyCode, KeyEvent};
    let (_dir, mut app, t0) = browser_of_three();
    let key =
        |app: &mut journey::tui::App, c: char| app.handle_key(KeyEvent::from(KeyCode::Char(c)), t0);
    key(&mut app, '/');
    key(&mut app, 'g');
    let browser = |app: &journey::tui::App| match &app.screen {
        Screen::Browser(b) => (
            b.query_text(),
            b.searching(),
            b.visible
                .iter()
                .map(|&i| b.entries[i].customer.to_string())
                .collect::<Vec<_>>(),
        ),
        _ => panic!("not the browser"),
    };
    assert!(browser(&app).1, "the first search reads the sessions");
    // The reading starts; the keys that follow are not held up by it.
    app.tick(t0);
    key(&mut app, 'l');
    key(&mut app, 'o');
    assert_eq!(browser(&app).0, "glo");
    app.settle(std::time::Duration::from_secs(30));
    assert_eq!(
        browser(&app),
        ("glo".into(), false, vec!["Globex".to_string()])
    );
}

/// The insights read the sessions on a thread: the screen says so at once, shows them when
/// they are read, and Esc goes back to the browser meanwhile.
#[test]
fn the_insights_are_read_on_a_thread_and_esc_goes_back_meanwhile() {
    use journey::tui::screen::Screen;
    use ratatui::crossterm::event::{KeyCode, KeyEvent};
    let (_dir, mut app, t0) = browser_of_three();
    let key = |app: &mut journey::tui::App, code: KeyCode| app.handle_key(KeyEvent::from(code), t0);
    let screen = |app: &journey::tui::App| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).expect("terminal");
        terminal.draw(|f| app.draw(f, t0)).expect("draw");
        let buf = terminal.backend().buffer().clone();
        buf.content.iter().map(|c| c.symbol()).collect::<String>()
    };
    key(&mut app, KeyCode::Char('I'));
    assert!(app.status_pending());
    assert!(screen(&app).contains("Reading the 3 sessions shown…"));
    // Esc before they are read: back to the browser at once, which checks the files after its
    // frame; the reading is dropped, and nothing is left running once that check ended.
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Browser(_)));
    app.settle(std::time::Duration::from_secs(30));
    assert!(!app.status_pending());
    // Again, and wait: the insights.
    key(&mut app, KeyCode::Char('I'));
    app.settle(std::time::Duration::from_secs(30));
    let shown = screen(&app);
    assert!(shown.contains("Insights · 3 sessions"), "{shown}");
    assert!(
        shown.contains("Where the interviews sit (3 interviews)"),
        "{shown}"
    );
}

/// Back from the insights the browser checks the files again; a search typed before that check
/// started reads first and the check waits for it (the search does not need it, and their
/// memory is not added up), then runs.
#[test]
fn a_check_again_waits_while_a_search_reads() {
    use journey::tui::later::Later;
    use journey::tui::screen::Screen;
    use ratatui::crossterm::event::{KeyCode, KeyEvent};
    let (_dir, mut app, t0) = browser_of_three();
    let key = |app: &mut journey::tui::App, code: KeyCode| app.handle_key(KeyEvent::from(code), t0);
    key(&mut app, KeyCode::Char('I'));
    app.settle(std::time::Duration::from_secs(30));
    key(&mut app, KeyCode::Esc);
    for c in ['/', 'g'] {
        key(&mut app, KeyCode::Char(c));
    }
    app.tick(t0);
    let Screen::Browser(b) = &app.screen else {
        panic!("not the browser");
    };
    assert!(matches!(b.reading, Later::Running(..)), "the search reads");
    // A check not waiting would have started by the second tick.
    app.tick(t0);
    let Screen::Browser(b) = &app.screen else {
        panic!("not the browser");
    };
    assert!(matches!(b.check, Later::Due), "the check waits");
    app.settle(std::time::Duration::from_secs(30));
    let Screen::Browser(b) = &app.screen else {
        panic!("not the browser");
    };
    assert!(!b.check.pending() && !b.searching(), "both ended");
    let shown: Vec<String> = b
        .visible
        .iter()
        .map(|&i| b.entries[i].customer.to_string())
        .collect();
    assert_eq!(shown, ["Globex"]);
}

/// Reading for the insights or a search stops once nobody waits for it (the screen was left):
/// asked to stop from the start, it reads nothing.
#[test]
fn reading_for_insights_and_search_stops_when_no_longer_wanted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &["Acme", "Globex", "Initech"]);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let read = |go: bool| {
        let insights =
            journey::assess::insights::insights_from_store(&store, &guide, ids.clone(), &|| go);
        let index = journey::index::SearchIndex::build(&store, &guide, &refs, &|| go);
        (insights.sessions, index.len())
    };
    assert_eq!(read(true), (3, 3));
    assert_eq!(read(false), (0, 0));
}
