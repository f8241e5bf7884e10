//! What arrives from the team archive is data, never instructions: links, journey's private
//! folders, attributes and ignore rules pushed by a teammate's plain git; names that are not
//! git identities; a repository left mid-rebase; git's rename detection. The real binary, the
//! system git and a bare repository in a temporary folder.

mod common;

use common::team::{git, have_git, text_of, Member, Team};

/// A teammate's machine with plain git: a clone of the archive.
fn teammate(team: &Team) -> Member {
    let dir = team.root.join("plain");
    let out = git(
        &team.root,
        &["clone", "-q", team.remote.to_str().expect("path"), "plain"],
    );
    assert!(out.status.success(), "{out:?}");
    let m = Member { dir };
    m.git(&["config", "user.name", "mallory"]);
    m.git(&["config", "user.email", "m@example.com"]);
    m
}

#[cfg(unix)]
#[test]
fn links_from_the_archive_are_refused_never_followed() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let id = ana.interview("Acme", &[]);
    ana.ok(&["sync"]);
    let plain = teammate(&team);
    std::os::unix::fs::symlink("sessions", plain.dir.join("trash")).expect("link");
    std::os::unix::fs::symlink("/", plain.dir.join("codes")).expect("link");
    plain.git(&["add", "-f", "trash", "codes"]);
    plain.git(&["commit", "-q", "-m", "links"]);
    plain.git(&["push", "-q", "origin", "HEAD:main"]);
    let out = ana.ok(&["sync"]);
    assert!(out.contains("refused from the archive: trash"), "{out}");
    assert!(out.contains("refused from the archive: codes"), "{out}");
    for name in ["trash", "codes"] {
        let meta = std::fs::symlink_metadata(ana.dir.join(name));
        assert!(
            meta.map_or(true, |m| !m.file_type().is_symlink()),
            "{name} is a link"
        );
    }
    // Emptying the trash cannot reach the sessions.
    ana.ok(&["trash", "empty", "--yes"]);
    assert_eq!(ana.ids(), vec![id.clone()]);
    // The archive no longer carries the links once this folder has pushed.
    let tree = git(&team.remote, &["ls-tree", "main"]);
    let tree = String::from_utf8_lossy(&tree.stdout);
    assert!(!tree.contains("120000"), "{tree}");
    // A link that is already here (left by an older journey) is repaired, not followed.
    let elsewhere = team.root.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    std::fs::rename(ana.dir.join("sessions"), team.root.join("moved")).expect("move");
    std::os::unix::fs::symlink(&elsewhere, ana.dir.join("sessions")).expect("link");
    let listed = ana.journey(&["list"]);
    assert!(!listed.status.success());
    assert!(String::from_utf8_lossy(&listed.stderr).contains("symbolic link"));
    let out = ana.ok(&["sync"]);
    assert!(out.contains("the link is removed"), "{out}");
    assert!(out.contains("brought back from the archive"), "{out}");
    assert_eq!(ana.ids(), vec![id]);
    let new = ana.interview("Globex", &[]);
    ana.ok(&["sync"]);
    assert!(team.archived().contains(&new));
    assert_eq!(std::fs::read_dir(&elsewhere).expect("read").count(), 0);
}

#[test]
fn the_archives_attributes_and_ignore_rules_never_stop_journeys_merge_or_sharing() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let id = ana.interview("Acme", &[("wrapup.advice", "one")]);
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    let plain = teammate(&team);
    std::fs::write(
        plain.dir.join(".gitattributes"),
        "sessions/*.json merge=union\n",
    )
    .expect("write");
    std::fs::write(plain.dir.join(".gitignore"), "sessions/*\n").expect("write");
    std::fs::write(
        plain.dir.join("sessions/.gitattributes"),
        "*.json merge=union\n",
    )
    .expect("write");
    plain.git(&["add", "-A", "-f"]);
    plain.git(&["commit", "-q", "-m", "rules"]);
    plain.git(&["push", "-q", "origin", "HEAD:main"]);
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    let status = ana.ok(&["sync", "status"]);
    assert!(status.contains("sessions/.gitattributes"), "{status}");
    // Both edit the same answer: journey's merge runs, not union's.
    ana.edit(&id, |s| s.set_text("wrapup.advice", "from ana"));
    ben.edit(&id, |s| s.set_text("wrapup.advice", "from ben"));
    let new = ben.interview("Globex", &[]);
    ben.ok(&["sync"]);
    let out = ana.ok(&["sync"]);
    assert!(out.contains(&new), "an ignore rule stopped sharing: {out}");
    let s = ana.load(&id);
    assert_eq!(s.conflicts.len(), 1, "{out}");
    assert!(team.archived().contains(&new));
    // The top-level files are journey's again in the archive.
    let shown = git(&team.remote, &["show", "main:.gitignore"]);
    assert_eq!(
        String::from_utf8_lossy(&shown.stdout),
        journey::archive::GITIGNORE
    );
}

#[test]
fn any_name_becomes_a_safe_git_identity() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    // The name the researcher gives, whatever it holds, and never git's own identity.
    ana.git(&["config", "user.name", "Machine Maintainers"]);
    for name in ["<Sam Lee>", "Sam <evil@x>", "Line\nbreak"] {
        ana.ok(&["whoami", name]);
        let id = ana.interview("Acme", &[]);
        ana.edit(&id, |s| s.meta.interviewer = "someone else".to_string());
        ana.ok(&["sync"]);
    }
    assert!(!ana
        .git(&["log", "--format=%an|%cn"])
        .contains("Maintainers"));
    let log = ana.git(&["log", "--format=%an <%ae>|%cn <%ce>"]);
    assert!(!log.contains("evil@x>"), "{log}");
    assert!(log.contains("Sam Lee <"), "{log}");
    assert_eq!(team.archived().len(), 3);
}

#[test]
fn a_repository_left_mid_rebase_is_refused_with_what_to_do() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let id = ana.interview("Acme", &[]);
    ana.ok(&["sync"]);
    ana.edit(&id, |s| s.set_text("wrapup.advice", "committed edit"));
    ana.ok(&["sync"]);
    ana.edit(&id, |s| s.set_text("wrapup.follow_ups", "second edit"));
    ana.git(&["config", "user.email", "ana@example.com"]);
    ana.git(&["commit", "-q", "-am", "by hand"]);
    // A rebase that stops on its way (an `exec` that fails).
    let out = git(&ana.dir, &["rebase", "--exec", "false", "HEAD~2"]);
    assert!(!out.status.success());
    let out = ana.journey(&["sync"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rebase") && err.contains("--abort"), "{err}");
    let status = ana.ok(&["sync", "status"]);
    assert!(status.contains("rebase"), "{status}");
    ana.git(&["rebase", "--abort"]);
    ana.ok(&["sync"]);
    let ben = team.member("ben");
    let s = ben.load(&id);
    assert_eq!(
        text_of(&s, "wrapup.follow_ups").as_deref(),
        Some("second edit")
    );
}

#[test]
fn a_delete_and_a_similar_new_session_are_never_paired_as_a_rename() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let long = "A long answer that makes the two files alike. ".repeat(40);
    let id = ana.interview("Acme", &[("wrapup.advice", &long)]);
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    // Ben deletes it and adds a near copy under another id; Ana edits the original.
    let copy = ben.interview("Acme", &[("wrapup.advice", &long)]);
    ben.ok(&["delete", &id]);
    ben.ok(&["sync"]);
    ana.edit(&id, |s| s.set_text("wrapup.follow_ups", "ana's edit"));
    let out = ana.ok(&["sync"]);
    assert!(
        ana.ids().contains(&id),
        "{out}\n{}",
        ana.git(&["log", "--stat", "-5", "--format=%s"])
    );
    let (original, other) = (ana.load(&id), ana.load(&copy));
    assert_eq!(original.id, id, "{out}");
    assert_eq!(other.id, copy);
    assert_eq!(
        text_of(&original, "wrapup.follow_ups").as_deref(),
        Some("ana's edit")
    );
    assert_eq!(text_of(&other, "wrapup.follow_ups"), None);
    ben.ok(&["sync"]);
    assert_eq!(ben.ids(), ana.ids());
    assert!(ben.load(&copy).id == copy && ben.load(&id).id == id);
}

#[test]
fn a_file_journey_cannot_read_is_never_committed() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let id = ana.interview("Acme", &[("wrapup.advice", "kept")]);
    ana.ok(&["sync"]);
    let path = ana.store().path(&id);
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("truncate");
    let out = ana.ok(&["sync"]);
    assert!(out.contains("not a readable session here"), "{out}");
    let shown = git(&team.remote, &["show", &format!("main:sessions/{id}.json")]);
    assert_eq!(shown.stdout, bytes);
}

#[cfg(unix)]
#[test]
fn sessions_replaced_by_a_link_in_the_archive_deletes_nothing() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let ids = [ana.interview("Acme", &[]), ana.interview("Globex", &[])];
    ana.ok(&["sync"]);
    let plain = teammate(&team);
    plain.git(&["rm", "-r", "-q", "sessions"]);
    std::os::unix::fs::symlink("/tmp", plain.dir.join("sessions")).expect("link");
    plain.git(&["add", "-f", "sessions"]);
    plain.git(&["commit", "-q", "-m", "sessions elsewhere"]);
    plain.git(&["push", "-q", "origin", "HEAD:main"]);
    let out = ana.ok(&["sync"]);
    assert!(out.contains("refused from the archive: sessions"), "{out}");
    assert!(!out.contains("deleted by a teammate"), "{out}");
    let mut want = ids.to_vec();
    want.sort();
    assert_eq!(ana.ids(), want);
    assert_eq!(team.archived(), want);
}

#[test]
fn a_relative_data_folder_syncs_and_merges() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    ana.interview("Acme", &[]);
    ben.interview("Globex", &[]);
    ana.ok(&["sync"]);
    // Ben's sync merges, run with a data folder relative to where it runs.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_journey"))
        .current_dir(&team.root)
        .args(["--data-dir", "ben", "sync"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(team.archived().len(), 2);
}

#[test]
fn locks_and_a_half_added_remote_left_by_a_killed_join_are_repaired() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let id = ana.interview("Acme", &[]);
    ana.ok(&["sync"]);
    // What a join killed after `git remote add` wrote the address only, and during a later
    // git step, leaves: no fetch settings, stale locks.
    let ben = team.folder("ben");
    std::fs::create_dir_all(&ben.dir).expect("mkdir");
    ben.git(&["init", "-q", "-b", "main"]);
    ben.git(&[
        "config",
        "remote.origin.url",
        team.remote.to_str().expect("path"),
    ]);
    std::fs::write(
        ben.dir.join(".journey-join"),
        team.remote.to_str().expect("path"),
    )
    .expect("write");
    for lock in ["config.lock", "HEAD.lock", "index.lock"] {
        let path = ben.dir.join(".git").join(lock);
        std::fs::write(&path, "").expect("lock");
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(old))
            .expect("age");
    }
    let out = ben.ok(&["sync"]);
    assert_eq!(ben.ids(), vec![id.clone()], "{out}");
    let own = ben.interview("Globex", &[]);
    ben.ok(&["sync"]);
    assert!(team.archived().contains(&own));
    assert!(team.archived().contains(&id));
}

/// Who a researcher is stays their own: a settings file pushed to the archive (naming someone
/// else) is refused, never checked out, and the next commits are still the researcher's.
#[test]
fn an_identity_pushed_to_the_archive_is_refused_and_never_used() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    ana.ok(&["whoami", "Ana Analyst"]);
    let id = ana.interview("Acme", &[]);
    ana.ok(&["sync"]);
    let plain = teammate(&team);
    let settings = journey::session::identity::SETTINGS_FILE;
    std::fs::write(
        plain.dir.join(settings),
        "{\"researcher\": \"Mallory\", \"email\": \"m@evil.example\"}",
    )
    .expect("write");
    // And the summary index, which this folder holds too (a sync stopped on it before).
    ana.ok(&["list"]);
    assert!(ana.dir.join("index.jsonl").exists());
    std::fs::write(plain.dir.join("index.jsonl"), "{}\n").expect("write");
    // And a forged word index, which would make the browser's search find what is not there.
    std::fs::write(plain.dir.join("words.idx"), "forged").expect("write");
    // And a forged row cache, which would put rows no session has into a CSV export.
    std::fs::write(plain.dir.join("rows.cache"), "forged").expect("write");
    plain.git(&[
        "add",
        "-f",
        settings,
        "index.jsonl",
        "words.idx",
        "rows.cache",
    ]);
    plain.git(&["commit", "-q", "-m", "who you are"]);
    plain.git(&["push", "-q", "origin", "HEAD:main"]);
    let out = ana.ok(&["sync"]);
    assert!(
        out.contains(&format!("refused from the archive: {settings}"))
            && out.contains("refused from the archive: index.jsonl")
            && out.contains("refused from the archive: words.idx")
            && out.contains("refused from the archive: rows.cache"),
        "{out}"
    );
    assert_ne!(
        std::fs::read(ana.dir.join("words.idx")).ok().as_deref(),
        Some(&b"forged"[..]),
        "the archive's word index was checked out"
    );
    assert_ne!(
        std::fs::read(ana.dir.join("rows.cache")).ok().as_deref(),
        Some(&b"forged"[..]),
        "the archive's row cache was checked out"
    );
    ana.edit(&id, |s| s.set_text("wrapup.advice", "after the push"));
    ana.ok(&["sync"]);
    assert_eq!(
        ana.ok(&["whoami"]).trim(),
        "Ana Analyst <ana.analyst@journey.invalid>"
    );
    let log = ana.git(&["log", "-1", "--format=%an <%ae>|%cn", "--", "sessions/"]);
    assert_eq!(
        log.trim(),
        "Ana Analyst <ana.analyst@journey.invalid>|Ana Analyst"
    );
    let tree = git(&team.remote, &["ls-tree", "--name-only", "main"]);
    assert!(!String::from_utf8_lossy(&tree.stdout).contains(settings));
}
