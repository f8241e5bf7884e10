//! Faults around saving: a full disk and a read-only folder, injected after every step of a save
//! and, as root, for real on a tiny tmpfs; and races for a session's lock.
//!
//! Figures: `cargo test --release --test faults -- --nocapture`.

mod common;

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::pty::{keys::*, Journey};
use journey::session::{SaveStep, Store, StoreError};
use journey::tui::{App, Launch};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

fn screen(app: &App, now: Instant) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| app.draw(f, now)).expect("draw");
    format!("{}", terminal.backend())
}

fn press(app: &mut App, code: KeyCode, now: Instant) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), now);
}

/// The disk fills (ENOSPC) or the folder turns read-only (EROFS) at each step of the save: the
/// interview goes on, the footer shows the error, the file on disk is untouched, the answer stays
/// in memory, and the save succeeds once the disk is back.
#[test]
fn a_failing_disk_loses_nothing_and_saving_resumes() {
    let mut trials = 0;
    for (errno, what) in [
        (28, "No space left on device"),
        (30, "Read-only file system"),
    ] {
        for step in SaveStep::ALL {
            let dir = tempfile::tempdir().expect("tempdir");
            let failing = Arc::new(AtomicBool::new(false));
            let hook_failing = Arc::clone(&failing);
            let store = Store::open(dir.path())
                .expect("store")
                .with_faults(Arc::new(move |at| {
                    if at == step && hook_failing.load(Ordering::Relaxed) {
                        Err(io::Error::from_raw_os_error(errno))
                    } else {
                        Ok(())
                    }
                }));
            let t0 = Instant::now();
            let mut app = App::new(
                common::guide(),
                store.clone(),
                Launch::New(Some(common::meta("Acme"))),
                t0,
            );
            press(&mut app, KeyCode::Char('3'), t0);
            app.tick(t0 + Duration::from_secs(1));
            let id = app
                .interview()
                .map(|i| i.session().id.clone())
                .expect("interview");
            let path = store.path(&id);
            let before = std::fs::read(&path).expect("saved file");

            failing.store(true, Ordering::Relaxed);
            press(&mut app, KeyCode::Char('2'), t0 + Duration::from_secs(2));
            app.tick(t0 + Duration::from_secs(3));
            let shown = screen(&app, t0 + Duration::from_secs(3));
            let renamed = matches!(step, SaveStep::Rename | SaveStep::SyncDir);
            if !renamed {
                assert_eq!(
                    std::fs::read(&path).expect("file"),
                    before,
                    "{step:?}: the file changed"
                );
            }
            assert!(
                shown.contains("NOT SAVED") && shown.contains(what),
                "{step:?}:\n{shown}"
            );
            let i = app.interview().expect("interview");
            assert!(i.open.saver.is_dirty(), "{step:?}: the change was dropped");
            assert_eq!(
                journey::guide::AnswerSource::selected(i.session(), "org.industry"),
                Some(&["healthcare".to_string()][..])
            );

            // Still failing: retried, still not lost; then the disk comes back.
            app.tick(t0 + Duration::from_secs(6));
            failing.store(false, Ordering::Relaxed);
            app.tick(t0 + Duration::from_secs(9));
            let shown = screen(&app, t0 + Duration::from_secs(9));
            assert!(!shown.contains("NOT SAVED"), "{step:?}:\n{shown}");
            let saved = store.load(&id).expect("load");
            assert_eq!(
                journey::guide::AnswerSource::selected(&saved, "org.industry"),
                Some(&["healthcare".to_string()][..]),
                "{step:?}"
            );
            let temps = std::fs::read_dir(store.sessions_dir())
                .expect("dir")
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .count();
            assert_eq!(temps, 0, "{step:?}: a failed save left its temp file");
            trials += 1;
        }
    }
    println!("fault injection: {trials} trials (ENOSPC and EROFS after each of the 5 save steps), 0 answers lost");
}

/// A tmpfs of `kib` KiB mounted on a fresh folder, unmounted on drop; `None` without the right
/// to mount (the test then says so).
struct Mount(tempfile::TempDir);

impl Mount {
    fn tmpfs(kib: u32) -> Option<Mount> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=0700"),
                "tmpfs",
            ])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(dir))
    }

    /// Makes `dir` (inside the mount) read-only with a read-only bind mount over it.
    fn read_only(&self, dir: &std::path::Path) {
        for args in [vec!["--bind"], vec!["-o", "remount,bind,ro"]] {
            let status = std::process::Command::new("mount")
                .args(&args)
                .arg(dir)
                .arg(dir)
                .status()
                .expect("mount");
            assert!(status.success(), "mount {args:?}");
        }
    }

    fn writable_again(&self, dir: &std::path::Path) {
        let status = std::process::Command::new("umount")
            .arg(dir)
            .status()
            .expect("umount");
        assert!(status.success(), "umount the read-only bind");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.0.path())
            .status();
    }
}

/// Fills the file system until it is full; returns the filler to delete later.
fn fill(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).expect("filler");
    let block = vec![b'x'; 4096];
    while file.write_all(&block).is_ok() {}
    let _ = file.sync_all();
    path
}

#[test]
fn a_real_full_disk_and_read_only_folder_in_the_real_binary() {
    let Some(mount) = Mount::tmpfs(512) else {
        eprintln!(
            "skipped: mounting a tmpfs needs root; the injected faults above cover the same paths"
        );
        return;
    };
    let data = mount.0.path().join("data");
    let mut j = Journey::start(&data, &["new", "--customer", "Acme Corp"], 120, 40);
    j.expect("What industry is the organisation in?");
    j.step("3", "(•) 3 Public sector").wait_saved();
    let file = std::fs::read_dir(data.join("sessions"))
        .expect("dir")
        .flatten()
        .next()
        .expect("file")
        .path();
    let before = std::fs::read(&file).expect("read");

    // Disk full.
    let filler = fill(mount.0.path());
    j.step("2", "(•) 2 Healthcare");
    j.expect("NOT SAVED");
    j.expect("No space left on device");
    assert_eq!(
        std::fs::read(&file).expect("read"),
        before,
        "the file changed on a full disk"
    );
    std::fs::remove_file(&filler).expect("free the space");
    j.wait_saved();
    let saved = std::fs::read_to_string(&file).expect("read");
    assert!(saved.contains("\"healthcare\""), "{saved}");

    // Read-only folder.
    let before = std::fs::read(&file).expect("read");
    mount.read_only(&data.join("sessions"));
    j.step("4", "(•) 4 Manufacturing");
    j.expect("Read-only file system");
    assert_eq!(
        std::fs::read(&file).expect("read"),
        before,
        "the file changed on a read-only disk"
    );
    mount.writable_again(&data.join("sessions"));
    j.wait_saved();
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    let saved = std::fs::read_to_string(&file).expect("read");
    assert!(saved.contains("\"manufacturing\""), "{saved}");
    let temps = std::fs::read_dir(data.join("sessions"))
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(temps, 0);
    println!("real faults: a full tmpfs and a read-only sessions folder, the file unchanged through both, saved once back");
}

/// Many journeys reaching for one session at the same instant: exactly one gets to write.
#[test]
fn exactly_one_writer_wins_every_lock_race() {
    let rounds = std::env::var("JOURNEY_LOCK_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let racers = 8;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    for round in 0..rounds {
        let barrier = Arc::new(Barrier::new(racers));
        let holding = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let winners = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(AtomicUsize::new(0));
        let id = format!("2026-11-25-race-{round:04}");
        let handles: Vec<_> = (0..racers)
            .map(|_| {
                let (store, barrier, winners, refused, id) = (
                    store.clone(),
                    Arc::clone(&barrier),
                    Arc::clone(&winners),
                    Arc::clone(&refused),
                    id.clone(),
                );
                let (holding, most) = (Arc::clone(&holding), Arc::clone(&most));
                std::thread::spawn(move || {
                    barrier.wait();
                    match store.lock(&id) {
                        Ok(lock) => {
                            winners.fetch_add(1, Ordering::SeqCst);
                            let now = holding.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            // Hold it while the others try.
                            std::thread::sleep(Duration::from_millis(5));
                            holding.fetch_sub(1, Ordering::SeqCst);
                            drop(lock);
                        }
                        Err(StoreError::Locked { .. }) => {
                            refused.fetch_add(1, Ordering::SeqCst);
                        }
                        Err(e) => panic!("{e}"),
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("racer");
        }
        // Everyone either won or was told the session is open elsewhere; the holder was unique
        // while it held the lock (later racers may win after it let go).
        assert_eq!(
            winners.load(Ordering::SeqCst) + refused.load(Ordering::SeqCst),
            racers
        );
        assert!(
            winners.load(Ordering::SeqCst) >= 1,
            "round {round}: nobody won"
        );
        assert_eq!(
            most.load(Ordering::SeqCst),
            1,
            "round {round}: two writers at once"
        );
    }
    // Two processes at once: the real binary, one writer, the other offered read-only.
    let mut s = common::session(&common::guide(), "Race");
    store.create(&mut s).expect("create");
    let mut process_races = 0;
    for _ in 0..3 {
        let mut a = Journey::start(dir.path(), &["resume", &s.id], 120, 40);
        let mut b = Journey::start(dir.path(), &["resume", &s.id], 120, 40);
        let offered = |j: &Journey| j.screen().contains("is open in another journey");
        let settled = |s: &str| s.contains("is open in another journey") || s.contains(" saved ");
        a.wait_for("the first journey to settle", settled);
        b.wait_for("the second journey to settle", settled);
        assert!(
            offered(&a) != offered(&b),
            "exactly one writer:\nA:\n{}\nB:\n{}",
            a.screen(),
            b.screen()
        );
        for j in [&mut a, &mut b] {
            j.send("n").send(CTRL_Q);
            j.wait_exit();
        }
        process_races += 1;
    }
    println!("lock races: {rounds} rounds of {racers} threads, {process_races} two-process races; one writer at a time every time");
}

/// The lock is held for as long as its holder lives, and no longer.
#[test]
fn a_lock_held_while_its_holder_lives_is_exclusive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let held = store.lock("s").expect("lock");
    for _ in 0..50 {
        assert!(matches!(store.lock("s"), Err(StoreError::Locked { .. })));
    }
    drop(held);
    store.lock("s").expect("free once released");
}
