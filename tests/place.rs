//! `journey place`: a researcher's own placement, from the shell, with the real binary.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use journey::session::{Store, Sure};

fn journey(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("journey runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A data folder with one session (the interviewer nobody yet) and its id.
fn folder() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut s = common::session(&common::guide(), "Acme");
    s.meta.interviewer = String::new();
    store.create(&mut s).expect("create");
    let before = std::fs::read(store.path(&s.id)).expect("read");
    // A session with no placement is written as before: no `placements` key, no `by`.
    assert!(!String::from_utf8_lossy(&before).contains("placements"));
    (dir, s.id)
}

#[test]
fn place_records_the_researchers_stage_by_id_or_name_and_keeps_the_history() {
    let (dir, id) = folder();
    let out = journey(dir.path(), &["place", "acme", "itaas"]);
    assert!(!out.status.success());
    assert!(
        text(&out)
            .contains("journey does not know who you are: set your name with `journey whoami"),
        "{}",
        text(&out)
    );
    assert!(journey(dir.path(), &["whoami", "Ana Analyst"])
        .status
        .success());
    let out = journey(
        dir.path(),
        &["place", "acme", "it PRODUCTION", "--sure", "high"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Ana Analyst placed Acme (")
            && text(&out).contains("at IT Production (sure: high); placed by 1 researcher now"),
        "{}",
        text(&out)
    );
    let out = journey(dir.path(), &["place", &id, "business-production"]);
    assert!(out.status.success(), "{}", text(&out));
    let s = Store::open(dir.path())
        .expect("store")
        .load(&id)
        .expect("load");
    let placed: Vec<(&str, &str, Sure)> = s
        .placements
        .iter()
        .map(|p| (p.by.as_str(), p.stage.as_str(), p.sure))
        .collect();
    assert_eq!(
        placed,
        [
            ("Ana Analyst", "it-production", Sure::High),
            ("Ana Analyst", "business-production", Sure::Medium)
        ]
    );
    assert_eq!(s.latest_placements().len(), 1);
    assert_eq!(s.latest_placements()[0].stage, "business-production");
    // `journey show` lists the placement that counts; `show --json` carries every one.
    let shown = text(&journey(dir.path(), &["show", &id]));
    assert!(
        shown.contains(
            "PLACED BY RESEARCHERS\n  Ana Analyst: Business Production (sure: medium) · "
        ),
        "{shown}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&journey(dir.path(), &["show", &id, "--json"]).stdout)
            .expect("json");
    assert_eq!(json["placements"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_stage_the_guide_does_not_have_is_refused_with_the_stages_listed() {
    let (dir, id) = folder();
    assert!(journey(dir.path(), &["whoami", "Ana"]).status.success());
    let before =
        std::fs::read(dir.path().join("sessions").join(format!("{id}.json"))).expect("read");
    let out = journey(dir.path(), &["place", &id, "cloud"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no stage `cloud`; the guide's stages are stage-zero, it-production, business-production, itaas"),
        "{}",
        text(&out)
    );
    let out = journey(dir.path(), &["place", &id, "itaas", "--sure", "very"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("possible values: low, medium, high"),
        "{}",
        text(&out)
    );
    let after =
        std::fs::read(dir.path().join("sessions").join(format!("{id}.json"))).expect("read");
    assert_eq!(before, after, "nothing written");
}

#[test]
fn a_session_open_in_another_journey_is_not_written_over() {
    let (dir, id) = folder();
    assert!(journey(dir.path(), &["whoami", "Ana"]).status.success());
    let store = Store::open(dir.path()).expect("store");
    let lock = store.lock(&id).expect("lock");
    let out = journey(dir.path(), &["place", &id, "itaas"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("is open in another journey"),
        "{}",
        text(&out)
    );
    drop(lock);
    let out = journey(dir.path(), &["place", &id, "itaas"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(store.load(&id).expect("load").placements.len(), 1);
}

#[test]
fn codes_applied_outside_an_interview_name_the_researcher() {
    let (dir, id) = folder();
    let store = Store::open(dir.path()).expect("store");
    let q = "sponsorship.sponsor";
    store
        .code_text(&id, q, "Nobody owns it.", "fud")
        .expect("code");
    assert!(journey(dir.path(), &["whoami", "Ben"]).status.success());
    store
        .code_text(&id, q, "Nobody owns it.", "fud")
        .expect("code");
    let s = store.load(&id).expect("load");
    let by: Vec<Option<&str>> = s.answers[q].coded.iter().map(|c| c.by.as_deref()).collect();
    // Before anyone said who they are, nobody; then Ben's own entry beside it.
    assert_eq!(by, [None, Some("Ben")]);
    let text = std::fs::read_to_string(store.path(&id)).expect("read");
    assert_eq!(text.matches("\"by\"").count(), 1, "{text}");
}

#[test]
fn an_anonymised_export_names_researchers_by_alias_in_placements_and_codes() {
    let (dir, id) = folder();
    let store = Store::open(dir.path()).expect("store");
    let mut s = store.load(&id).expect("load");
    s.meta.interviewer = "Ana Analyst".into();
    s.apply_code_by(
        "sponsorship.sponsor",
        "Nobody owns it.",
        "fud",
        Some("Ana Analyst"),
    );
    s.apply_code_by(
        "sponsorship.sponsor",
        "Nobody owns it.",
        "fud",
        Some("Ben Outsider"),
    );
    store.save(&s).expect("save");
    assert!(journey(dir.path(), &["whoami", "Ana Analyst"])
        .status
        .success());
    assert!(journey(dir.path(), &["place", &id, "itaas"])
        .status
        .success());
    assert!(journey(dir.path(), &["whoami", "Ben Outsider"])
        .status
        .success());
    assert!(journey(dir.path(), &["place", &id, "itaas"])
        .status
        .success());
    let out = journey(
        dir.path(),
        &["export", "--all", "-f", "json", "--anonymize"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let json = String::from_utf8_lossy(&out.stdout);
    for name in ["Ana", "Analyst", "Ben", "Outsider"] {
        assert!(!json.contains(name), "{name}: {json}");
    }
    assert!(json.contains("\"by\": \"I1\""), "{json}");
    // Someone who interviewed no one is "I?": never their name.
    assert!(json.contains("\"by\": \"I?\""), "{json}");
}
