//! The session store: round trips, atomic saves under faults and kills, privacy, listing.

mod common;

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use journey::session::{SaveStep, Session, Store, StoreError};

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_created_session_gets_a_readable_id_and_round_trips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme Corp");
    common::pick(&mut s, "workloads.it", &["file-print"]);
    s.answer_mut("workloads.it").notes = "Started with print servers ✓ — «vite»".into();
    store.create(&mut s).expect("create");
    assert!(s.id.starts_with("2026-11-25-acme-corp-"), "{}", s.id);
    assert_eq!(store.load(&s.id).expect("load"), s);
    let text = fs::read_to_string(store.path(&s.id)).expect("read");
    assert!(
        text.starts_with("{\n  \"schema_version\": 1,\n  \"id\": "),
        "{text}"
    );
    assert!(
        text.contains("\n  \"answers\": {\n    \"workloads.it\": {"),
        "{text}"
    );
}

#[test]
fn files_are_0600_and_folders_0700() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let store = Store::open(&data).expect("store");
    let mut s = common::session(&common::guide(), "Acme");
    store.create(&mut s).expect("create");
    let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(store.sessions_dir()), 0o700);
    assert_eq!(mode(&store.path(&s.id)), 0o600);
    store.save(&s).expect("save");
    assert_eq!(mode(&store.path(&s.id)), 0o600);
}

#[test]
fn create_never_overwrites_an_existing_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut ids = std::collections::HashSet::new();
    for _ in 0..20 {
        let mut s = common::session(&guide, "Acme");
        store.create(&mut s).expect("create");
        assert!(ids.insert(s.id.clone()));
    }
    assert_eq!(store.ids().expect("ids").len(), 20);
}

/// A crash after any step of a save leaves the old file or the new one, whole, and a failed
/// save leaves no temp file behind.
#[test]
fn a_fault_after_any_save_step_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    store.create(&mut s).expect("create");
    let old = s.clone();
    common::text(&mut s, "wrapup.advice", "Plan storage first.");
    for step in SaveStep::ALL {
        store.save(&old).expect("reset");
        let before = fs::read(store.path(&s.id)).expect("read");
        let result = store.save_with(&s, &mut |at| {
            if at == step {
                Err(io::Error::other("injected fault"))
            } else {
                Ok(())
            }
        });
        assert!(
            matches!(result, Err(StoreError::Io { .. })),
            "{step:?}: {result:?}"
        );
        let after = store.load(&s.id).expect("whole file");
        let renamed = matches!(step, SaveStep::Rename | SaveStep::SyncDir);
        if renamed {
            assert_eq!(
                after, s,
                "{step:?}: the rename happened, the new file is in place"
            );
        } else {
            assert_eq!(after, old, "{step:?}");
            assert_eq!(
                fs::read(store.path(&s.id)).expect("read"),
                before,
                "{step:?}"
            );
        }
        assert_eq!(
            temp_files(store.sessions_dir()),
            Vec::<String>::new(),
            "{step:?}"
        );
    }
}

#[test]
fn listing_skips_and_reports_corrupt_and_newer_files_without_touching_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    for name in ["Acme", "Globex"] {
        let mut s = common::session(&guide, name);
        store.create(&mut s).expect("create");
    }
    let corrupt = store.sessions_dir().join("2026-01-01-broken-0000.json");
    fs::write(&corrupt, "{\n  \"schema_version\": 1,\n  \"id\": tru").expect("write");
    let mut future = common::session(&guide, "Future");
    future.id = "2026-01-01-future-0000".into();
    future.schema_version = 99;
    let newer = store.path(&future.id);
    fs::write(&newer, serde_json::to_vec_pretty(&future).expect("json")).expect("write");
    let before = (
        fs::read(&corrupt).expect("read"),
        fs::read(&newer).expect("read"),
    );

    let listing = store.list().expect("list");
    let mut customers: Vec<_> = listing
        .sessions
        .iter()
        .map(|s| s.meta.customer.as_str())
        .collect();
    customers.sort();
    assert_eq!(customers, ["Acme", "Globex"]);
    let problems: Vec<String> = listing.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains("2026-01-01-broken-0000.json:3:"),
        "{problems:#?}"
    );
    assert!(
        problems[1].contains("newer journey (schema version 99"),
        "{problems:#?}"
    );
    assert_eq!(
        (
            fs::read(&corrupt).expect("read"),
            fs::read(&newer).expect("read")
        ),
        before
    );
}

#[test]
fn ids_resolve_from_a_unique_prefix() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut a = common::session(&guide, "Acme");
    let mut b = common::session(&guide, "Acme Two");
    store.create(&mut a).expect("create");
    store.create(&mut b).expect("create");
    assert_eq!(store.resolve(&a.id).expect("exact"), a.id);
    assert_eq!(store.resolve("2026-11-25-acme-two").expect("prefix"), b.id);
    assert!(matches!(
        store.resolve("2026-11-25-acme"),
        Err(StoreError::Ambiguous { .. })
    ));
    // No id starts with the customer's slug, but only one contains it.
    assert_eq!(store.resolve("acme-two").expect("part"), b.id);
    assert!(matches!(
        store.resolve("acme"),
        Err(StoreError::Ambiguous { .. })
    ));
    assert!(matches!(
        store.resolve("nope"),
        Err(StoreError::NotFound(_))
    ));
}

const LOOP_ENV: &str = "JOURNEY_TEST_SAVE_LOOP";

/// In the child: save one session over and over, printing each save's counter once it returns.
fn save_loop(dir: &str) {
    use std::io::Write;
    let store = Store::open(Path::new(dir)).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Loop");
    s.id = "2026-11-25-loop-0000".into();
    // As journey does: the writer holds the session's lock, which also sweeps orphan temp files.
    let _lock = store.lock(&s.id).expect("lock");
    let mut out = io::stdout().lock();
    for n in 1u64.. {
        common::text(
            &mut s,
            "wrapup.advice",
            &format!("save {n} {}", "x".repeat((n % 50) as usize * 100)),
        );
        s.elapsed_seconds = n;
        store.save(&s).expect("save");
        writeln!(out, "{n}").expect("stdout");
        out.flush().expect("flush");
    }
}

/// `kill -9` a process in the middle of saving, many times: the file is always whole and holds
/// at least the last save that returned.
#[test]
fn killing_a_saving_process_never_leaves_a_broken_file() {
    if let Ok(dir) = std::env::var(LOOP_ENV) {
        save_loop(&dir);
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("exe");
    for trial in 0..12u64 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "killing_a_saving_process_never_leaves_a_broken_file",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(LOOP_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            use std::io::BufRead;
            for line in io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(n) = line.trim().parse::<u64>() {
                    let _ = tx.send(n);
                }
            }
        });
        // Let it save a varying number of times, then kill it mid-flight.
        let want = 3 + trial * 7;
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut acked = 0;
        while acked < want && Instant::now() < deadline {
            if let Ok(n) = rx.recv_timeout(Duration::from_millis(100)) {
                acked = n;
            }
        }
        child.kill().expect("kill");
        child.wait().expect("wait");
        reader.join().expect("reader");
        acked = rx.try_iter().last().unwrap_or(acked).max(acked);
        assert!(acked >= want, "trial {trial}: only {acked} saves");
        let store = Store::open(dir.path()).expect("store");
        let s: Session = store
            .load("2026-11-25-loop-0000")
            .expect("whole file after kill");
        assert!(
            s.elapsed_seconds >= acked,
            "trial {trial}: file has save {} < acked {acked}",
            s.elapsed_seconds
        );
        assert!(temp_files(store.sessions_dir()).len() <= 1, "trial {trial}");
    }
    let store = Store::open(dir.path()).expect("store");
    let _lock = store
        .lock("2026-11-25-loop-0000")
        .expect("the killed writer's lock is free");
    assert_eq!(temp_files(store.sessions_dir()), Vec::<String>::new());
}

#[test]
fn a_second_writer_is_refused_until_the_first_lets_go() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let first = store.lock("2026-11-25-acme-0000").expect("first lock");
    match store.lock("2026-11-25-acme-0000") {
        Err(StoreError::Locked { holder, .. }) => {
            assert_eq!(holder, format!("pid {}", std::process::id()));
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    drop(first);
    store.lock("2026-11-25-acme-0000").expect("free again");
    let mode = fs::metadata(dir.path().join("locks/2026-11-25-acme-0000.lock"))
        .expect("lock file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
