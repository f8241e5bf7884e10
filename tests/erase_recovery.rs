//! `journey erase ID` interrupted or contested: an erasure waiting for an open interview, made
//! offline, stopped right after its record, killed at any moment, made twice on different
//! days, its record removed by hand: the session never comes back.

mod common;
mod erase_team;

use std::process::Command;

use erase_team::*;

#[test]
fn an_erasure_waits_for_an_open_interview_and_an_offline_erasure_goes_out_later() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let gone = ana.interview("Withdrawn Co", "private words");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    let blobs = blobs_of(&ana.dir, &gone);
    // Offline: erased here, the rewritten history goes out at the next sync.
    team.unplug();
    let out = ana.ok(&["erase", &gone, "--yes"]);
    assert!(out.contains("goes out at the next `journey sync`"), "{out}");
    assert_history_clean(&ana.dir, &gone);
    team.plug();
    let out = ana.ok(&["sync"]);
    assert!(!out.contains("not pushed"), "{out}");
    assert_history_clean(&team.remote, &gone);
    // Ben has it open in an interview: his sync waits, touching nothing, and says so.
    let lock = ben.store().lock(&gone).expect("the interview's lock");
    let before = std::fs::read(ben.store().path(&gone)).expect("read");
    let out = ben.ok(&["sync"]);
    assert!(out.contains("open in an interview here"), "{out}");
    assert_eq!(
        std::fs::read(ben.store().path(&gone)).expect("read"),
        before
    );
    assert_history_clean(&team.remote, &gone);
    drop(lock);
    let out = ben.ok(&["sync"]);
    assert!(
        out.contains(&format!("erased by a teammate: {gone}")),
        "{out}"
    );
    // A copy put back by hand is erased again, and never reaches the archive.
    std::fs::write(ben.store().path(&gone), &before).expect("put back");
    ben.ok(&["sync"]);
    ana.ok(&["sync"]);
    assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
    // Records removed by hand and the removal committed: they come back, the session does not.
    std::fs::remove_dir_all(ana.dir.join("erasures")).expect("rm");
    assert!(git(
        &ana.dir,
        &["-c", "user.email=a@x", "commit", "-qam", "no records"]
    )
    .status
    .success());
    std::fs::remove_dir_all(ben.dir.join("erasures")).expect("rm");
    std::fs::write(ben.store().path(&gone), &before).expect("put back");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    ana.ok(&["sync"]);
    assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
}

#[test]
fn an_erasure_stopped_right_after_its_record_is_finished_by_the_next_sync() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let gone = ana.interview("Withdrawn Co", "private words");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    let blobs = blobs_of(&ana.dir, &gone);
    // What `erase` writes first, and nothing else: as if it were killed there.
    std::fs::create_dir_all(ana.dir.join("erasures")).expect("mkdir");
    let record = format!("{{\"id\": \"{gone}\", \"erased\": \"2026-12-03\"}}\n");
    std::fs::write(
        ana.dir.join("erasures").join(format!("{gone}.json")),
        record,
    )
    .expect("w");
    // And the temp file of a record being written when it was killed.
    let temp = ana
        .dir
        .join("erasures")
        .join(format!(".{gone}.json.x1y2z3.tmp"));
    std::fs::write(&temp, "{\"id\": ").expect("w");
    ana.ok(&["sync"]);
    assert!(!temp.exists());
    assert!(!ana.store().path(&gone).exists());
    assert_history_clean(&team.remote, &gone);
    let out = ben.ok(&["sync"]);
    assert!(
        out.contains(&format!("erased by a teammate: {gone}")),
        "{out}"
    );
    ana.ok(&["sync"]);
    assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
}

#[test]
fn two_researchers_erasing_the_same_session_on_different_days_do_not_conflict() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let gone = ana.interview("Withdrawn Co", "private words");
    let other = ana.interview("Other Co", "stays");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    let blobs = blobs_of(&ana.dir, &gone);
    assert!(git(&ben.dir, &["tag", "before-erasure"]).status.success());
    ana.ok(&["erase", &gone, "--yes"]);
    // Ben erases it too, offline, and (as if on another day) his record has another date; a
    // tag of his points at the old history.
    team.unplug();
    ben.ok(&["erase", &gone, "--yes"]);
    let record = ben.dir.join("erasures").join(format!("{gone}.json"));
    let text = std::fs::read_to_string(&record).expect("record");
    let day = serde_json::from_str::<serde_json::Value>(&text).expect("json")["erased"]
        .as_str()
        .expect("date")
        .to_string();
    std::fs::write(&record, text.replace(&day, "2020-01-01")).expect("write");
    assert!(git(
        &ben.dir,
        &["-c", "user.email=b@x", "commit", "-qam", "other day"]
    )
    .status
    .success());
    team.plug();
    let out = ben.ok(&["sync"]);
    assert!(!out.contains("not pushed"), "{out}");
    ana.ok(&["sync"]);
    assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
    assert_eq!(ben.advice(&other).as_deref(), Some("stays"));
    // The tag is rewritten with the history, not left holding the old one.
    assert!(git_text(&ben.dir, &["tag"]).contains("before-erasure"));
    let theirs = std::fs::read(ana.dir.join("erasures").join(format!("{gone}.json"))).expect("r");
    assert_eq!(std::fs::read(&record).expect("read"), theirs);
}

#[test]
fn an_erasure_killed_at_any_moment_is_finished_by_a_retry_or_the_next_sync() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let kept = ana.interview("Kept Co", "stays");
    for delay_ms in [5u64, 30, 80, 150, 300, 600] {
        let gone = ana.interview(&format!("Withdrawn {delay_ms}"), "private words");
        ana.ok(&["sync"]);
        ben.ok(&["sync"]);
        let blobs = blobs_of(&ana.dir, &gone);
        let mut child = Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("--data-dir")
            .arg(&ana.dir)
            .args(["erase", &gone, "--yes"])
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let recorded = ana
            .dir
            .join("erasures")
            .join(format!("{gone}.json"))
            .exists();
        eprintln!(
            "killed after {delay_ms} ms: recorded {recorded}, file there {}",
            ana.store().path(&gone).exists()
        );
        if !recorded {
            // Stopped before anything was erased: the session is whole; the researcher retries.
            let text = std::fs::read_to_string(ana.store().path(&gone)).expect("whole");
            assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
            ana.ok(&["erase", &gone, "--yes"]);
        }
        ana.ok(&["sync"]);
        ben.ok(&["sync"]);
        ana.ok(&["sync"]);
        assert_erased_everywhere(&team, &[&ana, &ben], &gone, &blobs);
        assert_eq!(ben.advice(&kept).as_deref(), Some("stays"), "{delay_ms} ms");
    }
}
