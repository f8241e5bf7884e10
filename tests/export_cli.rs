//! `journey export` on the command line: writing once, folders, filters, safe names, the trash,
//! and messages that say what is true.

mod common;

use common::exports::{at, sessions};

use assert_cmd::Command;
use journey::export::{Export, Format};
use journey::session::Store;
use predicates::prelude::*;

fn journey(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("journey").expect("binary");
    cmd.env("JOURNEY_DATA_DIR", data);
    cmd
}

fn store_with_sessions(dir: &std::path::Path) -> Store {
    let store = Store::open(dir).expect("store");
    for s in sessions() {
        store.save(&s).expect("save");
    }
    store
}

/// The names of the files in `dir`.
fn file_names(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// The permission bits of a file or folder.
fn mode(path: &std::path::Path) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(path).expect("meta").permissions())
        & 0o777
}

#[test]
fn cli_export_writes_once_and_only_replaces_with_force() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    store_with_sessions(data.path());
    let target = out.path().join("journey-3-sessions-");
    journey(data.path())
        .args(["export", "--all", "--format", "csv", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("(3 sessions)"));
    let written: Vec<_> = std::fs::read_dir(out.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(written.len(), 1);
    assert!(written[0]
        .display()
        .to_string()
        .starts_with(&target.display().to_string()));
    assert_eq!(mode(&written[0]), 0o600);
    let before = std::fs::read(&written[0]).expect("read");
    journey(data.path())
        .args(["export", "--all", "--format", "csv", "-o"])
        .arg(&written[0])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists; pass --force"));
    assert_eq!(std::fs::read(&written[0]).expect("read"), before);
    journey(data.path())
        .args(["export", "2026-11-20", "--format", "md", "--force", "-o"])
        .arg(&written[0])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&written[0])
        .expect("read")
        .starts_with("# Acme Logistics"));
}

#[test]
fn cli_export_makes_a_missing_folder_named_with_a_slash() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    store_with_sessions(data.path());
    let folder = out.path().join("summaries");
    journey(data.path())
        .args(["export", "--all", "--format", "html", "-o"])
        .arg(format!("{}/", folder.display()))
        .assert()
        .success();
    let written = file_names(&folder);
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].ends_with(".html"), "{written:?}");
    assert_eq!(mode(&folder), 0o700);
}

#[test]
fn cli_export_filters_by_stage_and_status_and_names_files_safely() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let store = store_with_sessions(data.path());
    let mut odd = common::session(&common::guide(), "../../etc/passwd");
    store.create(&mut odd).expect("create");
    journey(data.path())
        .args([
            "export",
            "--all",
            "--stage",
            "Business Production",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"id\": \"2026-11-22-script-alert-1-script-co-ab12\"",
        ))
        .stdout(predicate::str::contains("acme").not());
    journey(data.path())
        .args(["export", "--all", "--status", "complete", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Acme Logistics"));
    journey(data.path())
        .args(["export", &odd.id, "--format", "html", "-o"])
        .arg(out.path())
        .assert()
        .success();
    let names = file_names(out.path());
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].contains("-etc-passwd-") && names[0].ends_with(".html"),
        "{names:?}"
    );
    assert!(!names[0].contains('/') && !names[0].starts_with('.'));
    journey(data.path())
        .args(["export", "--format", "md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("or pass --all"));
    journey(data.path())
        .args(["export", "--all", "--stage", "nowhere", "--format", "md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no stage `nowhere`"));
}

#[test]
fn deleting_moves_to_the_trash_and_restoring_brings_it_back() {
    let data = tempfile::tempdir().expect("tempdir");
    store_with_sessions(data.path());
    journey(data.path())
        .args(["delete", "2026-11-24"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "journey trash restore 2026-11-24-initech-zz99",
        ));
    journey(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Initech").not());
    journey(data.path())
        .args(["trash", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Initech"));
    // Any unique part of the id finds it, as everywhere else: here the customer.
    journey(data.path())
        .args(["trash", "restore", "initech"])
        .assert()
        .success()
        .stdout("Restored 2026-11-24-initech-zz99.\n");
    journey(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Initech"));
    journey(data.path())
        .args(["delete", "2026-11-24"])
        .assert()
        .success();
    journey(data.path())
        .args(["trash", "empty", "--yes"])
        .assert()
        .success()
        .stdout("Deleted 1 session for good.\n");
    assert_eq!(
        std::fs::read_dir(data.path().join("trash"))
            .expect("trash")
            .count(),
        0
    );
    journey(data.path())
        .args(["trash", "restore", "2026-11-24"])
        .assert()
        .failure();
}

/// A session with coded lines (a code of the guide and an unknown one) and quotes that already
/// carry their quotation marks: rendered once per format, never wrapped in a second pair.
#[test]
fn golden_coded_and_quoted() {
    let guide = common::guide();
    let mut s = sessions().remove(0);
    let ans = s.answer_mut("sponsorship.sponsor");
    ans.quotes.push("\u{201c}Nobody owns it.\u{201d}".into());
    ans.quotes.push("\"IT pays.\"".into());
    ans.coded.push(journey::session::Coded {
        text: "the CIO fears outages".into(),
        codes: vec!["fud".into(), "gone".into()],
        by: None,
    });
    ans.coded.push(journey::session::Coded {
        text: "\u{201c}we wait\u{201d}".into(),
        codes: vec!["fud".into()],
        by: None,
    });
    let e = Export::new(&guide, vec![s], false, at("2026-11-25T12:00:00+00:00"));
    let md = e.render(Format::Markdown).expect("md");
    let html = e.render(Format::Html).expect("html");
    insta::assert_snapshot!("coded.md", md);
    insta::assert_snapshot!("coded.html", html);
}

/// Issue 21: the messages name the format as the user typed it, say what a codebook export
/// wrote, and count one session as one.
#[test]
fn cli_export_messages_say_what_is_true() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    store_with_sessions(data.path());
    for (format, typed) in [("spss", "--format spss"), ("stata", "--format stata")] {
        journey(data.path())
            .args(["export", "--all", "--format", format])
            .assert()
            .failure()
            .stderr(predicate::str::contains(typed))
            .stderr(predicate::str::contains("--format sps ").not());
    }
    let guide = common::guide();
    let codes = guide.codes.len();
    assert!(codes > 1, "the built-in guide has codes");
    let codebook = out.path().join("codes.qdc");
    journey(data.path())
        .args(["export", "--all", "--format", "qdc", "-o"])
        .arg(&codebook)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "(the guide's codebook: {codes} codes)"
        )))
        .stderr(predicate::str::contains("session").not());
    journey(data.path())
        .args(["export", "2026-11-20", "--format", "md", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("(1 session)"));
}
