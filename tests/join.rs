//! Joining a team archive never loses local work, and a join stopped at any moment is finished
//! by the next command: the real binary, the system git, a bare repository in a temporary
//! folder, and a `git` on the PATH that kills journey right after its Nth call.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::team::{have_git, text_of, Member, Team};

/// Copies `from`'s sessions (not its `.git`) into a new folder: the new-laptop case.
fn copy_sessions(from: &Member, to: &Member) {
    let dir = to.dir.join("sessions");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for entry in std::fs::read_dir(from.dir.join("sessions")).expect("read") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
}

#[test]
fn joining_with_sessions_the_archive_has_keeps_every_local_edit() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let id = ana.interview("Acme", &[("wrapup.advice", "Plan storage.")]);
    let other = ana.interview("Globex", &[]);
    ana.ok(&["sync"]);
    // Ben copies the sessions to a new laptop and edits one offline, and starts another.
    let ben = team.folder("ben");
    copy_sessions(&ana, &ben);
    ben.edit(&id, |s| {
        s.set_text("wrapup.follow_ups", "Edited on the train.")
    });
    let own = ben.interview("Initech", &[]);
    // Meanwhile Ana changes another answer of the same session.
    ana.edit(&id, |s| s.set_text("wrapup.differently", "From Ana."));
    ana.ok(&["sync"]);
    let out = ben.ok(&["sync", "init", team.remote.to_str().expect("path")]);
    let s = ben.load(&id);
    assert_eq!(
        text_of(&s, "wrapup.follow_ups").as_deref(),
        Some("Edited on the train."),
        "{out}"
    );
    assert_eq!(
        text_of(&s, "wrapup.differently").as_deref(),
        Some("From Ana.")
    );
    // Grown from the archive's first version: both edits merge, no conflict.
    assert!(s.conflicts.is_empty(), "{:?}", s.conflicts);
    let mut all = vec![id.clone(), other, own];
    all.sort();
    assert_eq!(team.archived(), all);
    ana.ok(&["sync"]);
    assert_eq!(
        text_of(&ana.load(&id), "wrapup.follow_ups").as_deref(),
        Some("Edited on the train.")
    );
    let status = ben.ok(&["sync", "status"]);
    assert!(status.contains("0 changes to commit"), "{status}");
}

/// A `git` that runs the real one, and kills the journey that called it right after its
/// `kill_at`th call. Returns the folder to put first on the PATH.
fn killing_git(root: &Path) -> std::path::PathBuf {
    let real = String::from_utf8(
        std::process::Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .expect("sh")
            .stdout,
    )
    .expect("utf-8");
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let script = format!(
        "#!/bin/sh\n\
         n=$(($(cat \"$JOURNEY_TEST_COUNT\" 2>/dev/null || echo 0) + 1))\n\
         echo $n > \"$JOURNEY_TEST_COUNT\"\n\
         \"{}\" \"$@\"\n\
         status=$?\n\
         if [ \"$n\" = \"$JOURNEY_TEST_KILL_AT\" ]; then kill -9 $PPID; fi\n\
         exit $status\n",
        real.trim()
    );
    let path = bin.join("git");
    std::fs::write(&path, script).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    bin
}

#[test]
fn a_join_killed_after_any_git_step_is_finished_by_the_next_sync() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let shared = ana.interview("Acme", &[("wrapup.advice", "one")]);
    for i in 0..40 {
        ana.interview(&format!("Customer {i}"), &[]);
    }
    ana.ok(&["sync"]);
    let before = team.archived();
    let bin = killing_git(&team.root);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut step = 1;
    loop {
        let ben = team.folder(&format!("ben{step}"));
        copy_sessions(&ana, &ben);
        ben.edit(&shared, |s| s.set_text("wrapup.follow_ups", "from ben"));
        let own = ben.interview("Initech", &[]);
        let count = team.root.join(format!("count{step}"));
        let out = ben
            .command(&["sync", "init", team.remote.to_str().expect("path")])
            .env("PATH", &path)
            .env("JOURNEY_TEST_COUNT", &count)
            .env("JOURNEY_TEST_KILL_AT", step.to_string())
            .output()
            .expect("runs");
        let finished = out.status.success();
        // Whatever moment it stopped at, the next sync finishes the join.
        let text = ben.ok(&["sync"]);
        let archived = team.archived();
        for id in &before {
            assert!(
                archived.contains(id),
                "step {step}: {id} left the archive: {text}"
            );
        }
        assert!(archived.contains(&own), "step {step}: {text}");
        assert_eq!(ben.ids(), archived, "step {step}: {text}");
        assert_eq!(
            text_of(&ben.load(&shared), "wrapup.follow_ups").as_deref(),
            Some("from ben"),
            "step {step}"
        );
        let status = ben.ok(&["sync", "status"]);
        assert!(
            status.contains("0 changes to commit"),
            "step {step}: {status}"
        );
        if finished {
            // The join ran to its end with no kill: every step has been tried.
            assert!(step > 5, "the join took only {step} git steps");
            println!(
                "join: killed after each of its {} git steps; nothing lost",
                step - 1
            );
            break;
        }
        step += 1;
    }
    ana.ok(&["sync"]);
    assert_eq!(ana.ids(), team.archived());
}

#[test]
fn a_join_killed_during_the_checkout_of_a_large_archive_never_deletes_from_it() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    for i in 0..1500 {
        ana.interview(&format!("Customer {i}"), &[("wrapup.advice", "x")]);
    }
    ana.ok(&["sync"]);
    let before = team.archived();
    assert_eq!(before.len(), 1500);
    for (n, delay_ms) in [5u64, 40, 120, 300, 700].into_iter().enumerate() {
        let ben = team.folder(&format!("ben{n}"));
        let mut child = ben
            .command(&["sync", "init", team.remote.to_str().expect("path")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL, whatever it was doing
        let _ = child.wait();
        // Stopped before its first step, nothing happened: the researcher asks again.
        let started = ben.dir.join(".journey-join").exists() || ben.dir.join(".git").exists();
        let text = if started {
            ben.ok(&["sync"])
        } else {
            ben.ok(&["sync", "init", team.remote.to_str().expect("path")])
        };
        assert_eq!(team.archived(), before, "after {delay_ms} ms: {text}");
        assert_eq!(ben.ids(), before, "after {delay_ms} ms: {text}");
    }
    // The first researcher's next sync moves nothing to the trash.
    let out = ana.ok(&["sync"]);
    assert!(!out.contains("deleted by a teammate"), "{out}");
    assert_eq!(ana.ids().len(), 1500);
}

#[test]
fn a_session_file_gone_without_a_delete_comes_back_and_a_delete_goes_out() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let lost = ana.interview("Acme", &[]);
    let deleted = ana.interview("Globex", &[]);
    ana.ok(&["sync"]);
    std::fs::remove_file(ana.store().path(&lost)).expect("rm");
    ana.ok(&["delete", &deleted]);
    let out = ana.ok(&["sync"]);
    assert!(out.contains("brought back from the archive"), "{out}");
    assert!(ana.ids().contains(&lost));
    assert_eq!(team.archived(), vec![lost]);
    // The deletion's record has done its work: restoring it later shares it again.
    ana.ok(&["trash", "restore", &deleted]);
    ana.ok(&["sync"]);
    assert_eq!(team.archived().len(), 2);
}

/// The copy was made from a version the archive never had: no version of the history is its
/// base, and the join keeps every answer of both (a wrong base once dropped a teammate's answer).
#[test]
fn a_copy_of_a_version_the_archive_never_had_loses_no_answer() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let id = ana.interview("Acme", &[("wrapup.advice", "Plan storage.")]);
    let ben = team.folder("ben");
    copy_sessions(&ana, &ben);
    ana.edit(&id, |s| s.set_text("wrapup.differently", "From Ana."));
    ana.ok(&["sync"]);
    ben.edit(&id, |s| s.set_text("wrapup.follow_ups", "From Ben."));
    let out = ben.ok(&["sync", "init", team.remote.to_str().expect("path")]);
    let s = ben.load(&id);
    for (q, want) in [
        ("wrapup.advice", "Plan storage."),
        ("wrapup.differently", "From Ana."),
        ("wrapup.follow_ups", "From Ben."),
    ] {
        assert_eq!(text_of(&s, q).as_deref(), Some(want), "{q}: {out}");
    }
}

/// A sync that merges, killed right after each of its git steps in turn (the tree merge writes
/// files, then moves the branch): the next sync ends with every edit of both sides.
#[test]
fn a_merging_sync_killed_after_any_git_step_loses_nothing() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let mut step = 1;
    loop {
        let team = Team::new();
        let (ana, ben) = (team.member("ana"), team.member("ben"));
        let shared = ana.interview("Acme", &[("wrapup.advice", "one")]);
        let gone = ana.interview("Globex", &[]);
        ana.ok(&["sync"]);
        ben.ok(&["sync"]);
        ana.edit(&shared, |s| s.set_text("wrapup.follow_ups", "from ana"));
        let own = ana.interview("Initech", &[]);
        ben.edit(&shared, |s| s.set_text("wrapup.differently", "from ben"));
        ben.ok(&["delete", &gone]);
        let theirs = ben.interview("Hooli", &[]);
        // A placement on one side, a transcript attached on the other: both travel too.
        ben.ok(&["place", &shared, "itaas"]);
        ben.ok(&["sync"]);
        let vtt =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/teams.vtt");
        ana.ok(&["transcript", "add", &shared, vtt.to_str().expect("path")]);
        let bin = killing_git(&team.root);
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = ana
            .command(&["sync"])
            .env("PATH", &path)
            .env("JOURNEY_TEST_COUNT", team.root.join("count"))
            .env("JOURNEY_TEST_KILL_AT", step.to_string())
            .output()
            .expect("runs");
        let text = ana.ok(&["sync"]);
        ben.ok(&["sync"]);
        let mut want = vec![shared.clone(), own, theirs];
        want.sort();
        assert_eq!(ana.ids(), want, "step {step}: {text}");
        assert_eq!(team.archived(), want, "step {step}: {text}");
        let s = ana.load(&shared);
        assert_eq!(
            text_of(&s, "wrapup.follow_ups").as_deref(),
            Some("from ana")
        );
        assert_eq!(
            text_of(&s, "wrapup.differently").as_deref(),
            Some("from ben")
        );
        assert_eq!(ben.load(&shared).answers, s.answers, "step {step}");
        let placed: Vec<&str> = s.placements.iter().map(|p| p.stage.as_str()).collect();
        assert_eq!(placed, ["itaas"], "step {step}: {text}");
        assert_eq!(s.transcripts.len(), 1, "step {step}: {text}");
        let file = &s.transcripts[0].file;
        for m in [&ana, &ben] {
            assert_eq!(m.load(&shared).transcripts, s.transcripts, "step {step}");
            let kept = std::fs::read(m.dir.join("transcripts").join(file)).expect("transcript");
            assert_eq!(kept, std::fs::read(&vtt).expect("vtt"), "step {step}");
        }
        if out.status.success() {
            assert!(step > 5, "the sync took only {step} git steps");
            println!(
                "merging sync: killed after each of its {} git steps; nothing lost",
                step - 1
            );
            break;
        }
        step += 1;
    }
}
