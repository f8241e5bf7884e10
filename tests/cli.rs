//! The command line as a user runs it: guide checks, listing and showing sessions.

mod common;

use std::fs;

use assert_cmd::Command;
use journey::session::{AnswerState, Store};
use predicates::prelude::*;
use serde_json::Value;

fn journey(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("journey").expect("binary");
    cmd.env("JOURNEY_DATA_DIR", data).env_remove("NO_COLOR");
    cmd
}

/// A store with the seed's IT Production customer, fully answered, and a quote and a follow-up.
fn store_with_customer(dir: &std::path::Path) -> (Store, String) {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme Logistics");
    common::pick(&mut s, "start.production", &["yes"]);
    common::pick(&mut s, "triggers.business", &["hardware-refresh"]);
    common::pick(
        &mut s,
        "workloads.it",
        &["file-print", "domain-controllers"],
    );
    common::pick(&mut s, "workloads.business", &["none"]);
    common::pick(&mut s, "sponsorship.sponsor", &["it-owned"]);
    common::pick(&mut s, "value.primary", &["consolidation"]);
    common::pick(&mut s, "team.introduced", &["server-only"]);
    let a = s.answer_mut("value.primary");
    a.quotes.push("We saved a fortune on hardware.".into());
    a.follow_up = true;
    a.notes = "[03:12] CFO loves it".into();
    s.answer_mut("wrapup.advice").state = AnswerState::Skipped;
    store.create(&mut s).expect("create");
    (store, s.id)
}

#[test]
fn guide_check_accepts_the_builtin_guide() {
    let dir = tempfile::tempdir().expect("tempdir");
    journey(dir.path())
        .args(["guide", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok: virtualization-journey 1.2.0, 16 sections, 71 questions",
        ));
}

#[test]
fn guide_check_names_file_line_and_column_for_broken_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    journey(dir.path())
        .args(["guide", "check", "tests/fixtures/guides/broken-syntax.json"])
        .assert()
        .failure()
        .stderr("journey: tests/fixtures/guides/broken-syntax.json:5:3: expected `,` or `}`\n");
}

#[test]
fn guide_check_reports_every_semantic_fault_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = journey(dir.path())
        .args(["guide", "check", "tests/fixtures/guides/faults.json"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    for fault in [
        "tests/fixtures/guides/faults.json: 8 faults found:",
        "question `q.sponsor`: duplicate id",
        "question `q.sponsor` option `cio`: duplicate id",
        "question `q.sponsor` option `cio`: evidence for unknown stage `itaas`",
        "question `q.empty`: a multiple choice question needs `options`",
        "question `q.early`: skip logic reads question `q.late`, which is not asked before this one",
        "question `q.ghost`: skip logic reads unknown question `q.missing`",
        "question `q.late` option `yes`: evidence for unknown driver `sponsorship`",
        "question `q.late` option `yes`: evidence for unknown obstacle `storage`",
    ] {
        assert!(text.contains(fault), "missing {fault:?} in:\n{text}");
    }
}

#[test]
fn guide_check_names_a_missing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    journey(dir.path())
        .args(["guide", "check", "no/such/guide.json"])
        .assert()
        .failure()
        .stderr(predicate::str::starts_with(
            "journey: no/such/guide.json: cannot read:",
        ))
        // The reason once, not again as the error's cause.
        .stderr(predicate::function(|err: &str| {
            err.matches("No such file or directory").count() == 1
        }));
}

#[test]
fn list_shows_sessions_and_reports_a_corrupt_neighbour() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, id) = store_with_customer(dir.path());
    let corrupt = store.sessions_dir().join("2026-02-02-corrupt-zzzz.json");
    fs::write(&corrupt, "{\"schema_version\": 1, \"id\": ").expect("write");
    journey(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains(&id))
        .stdout(predicate::str::contains("Acme Logistics"))
        .stdout(predicate::str::contains("IT Production"))
        .stderr(predicate::str::contains("2026-02-02-corrupt-zzzz.json:1:"));
    assert_eq!(
        fs::read_to_string(&corrupt).expect("read"),
        "{\"schema_version\": 1, \"id\": "
    );
}

#[test]
fn list_json_is_for_scripts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, id) = store_with_customer(dir.path());
    let out = journey(dir.path())
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(rows[0]["id"], id.as_str());
    assert_eq!(rows[0]["customer"], "Acme Logistics");
    assert_eq!(rows[0]["participant"], "Dana Reyes");
    assert_eq!(rows[0]["status"], "in_progress");
    assert_eq!(rows[0]["stage"], "it-production");
}

#[test]
fn show_json_carries_the_assessment_with_reasons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, id) = store_with_customer(dir.path());
    let prefix = &id[..id.len() - 2];
    let out = journey(dir.path())
        .args(["show", prefix, "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let shown: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(shown["schema_version"], 1);
    assert_eq!(shown["id"], id.as_str());
    let a = &shown["assessment"];
    let position = a["position"].as_f64().expect("position");
    assert!((0.5..1.5).contains(&position), "{position}");
    assert_eq!(a["stage"], "it-production");
    assert!(a["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .any(|r| r["question"] == "workloads.it"));
    assert_eq!(a["drivers"][0]["id"], "sponsorship");
    assert!(!a["drivers"][0]["reasons"]
        .as_array()
        .expect("reasons")
        .is_empty());
    assert_eq!(a["obstacles"][0]["id"], "team-communication");
    assert_eq!(a["obstacles"][0]["status"], "raised");
    assert_eq!(shown["answers"]["wrapup.advice"]["state"], "skipped");
}

#[test]
fn show_text_reads_as_a_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, id) = store_with_customer(dir.path());
    let out = journey(dir.path())
        .args(["show", &id])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    for expected in [
        "Acme Logistics",
        "Participant: Dana Reyes (IT director) · Interviewer: Sam Lee · Consent noted: yes",
        "STAGE: IT Production",
        "IT-owned workloads virtualized: File and print servers; Domain controllers → IT Production: File and print servers are low-hanging fruit IT owns",
        "Sponsorship: IT ownership",
        "Team communication: raised",
        "TRIGGERS: Major hardware refresh",
        "## Workloads virtualized",
        "Quote: “We saved a fortune on hardware.”",
        "Notes: [03:12] CFO loves it",
        "(skipped)",
        "FOLLOW-UPS",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn show_names_an_unknown_or_ambiguous_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with_customer(dir.path());
    let mut other = common::session(&common::guide(), "Acme Logistics");
    store.create(&mut other).expect("create");
    journey(dir.path())
        .args(["show", "nope"])
        .assert()
        .failure()
        .stderr("journey: no session `nope` (see `journey list`)\n");
    journey(dir.path())
        .args(["show", "2026-11-25-acme"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("matches 2 sessions"));
}

#[test]
fn the_data_dir_flag_beats_the_environment() {
    let env_dir = tempfile::tempdir().expect("tempdir");
    let flag_dir = tempfile::tempdir().expect("tempdir");
    let (_, id) = store_with_customer(flag_dir.path());
    journey(env_dir.path())
        .args(["list", "--data-dir"])
        .arg(flag_dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(&id));
    journey(env_dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("No sessions yet"));
}

#[test]
fn escape_sequences_in_a_session_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut s = common::session(
        &common::guide(),
        "Evil\u{1b}]0;pwned\u{7}\u{1b}[2J Corp\u{202e}",
    );
    common::text(&mut s, "wrapup.advice", "line\r\u{1b}[31mred\u{9b}1m");
    store.create(&mut s).expect("create");
    for args in [vec!["list"], vec!["show", s.id.as_str()]] {
        let out = journey(dir.path())
            .args(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?} printed a control character: {text:?}"
        );
        assert!(text.contains("Evil␛]0;pwned␇␛[2J Corp"), "{text}");
    }
}

/// The bash completion script, loaded by a real bash, completes journey's subcommands.
#[test]
fn bash_completion_completes_subcommands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("journey.bash");
    let out = journey(dir.path())
        .args(["completions", "bash"])
        .output()
        .expect("run");
    assert!(out.status.success());
    std::fs::write(&script, &out.stdout).expect("write");
    let check = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {}; COMP_WORDS=(journey ex); COMP_CWORD=1; _journey journey ex journey; echo \"${{COMPREPLY[@]}}\"",
            script.display()
        ))
        .output()
        .expect("bash");
    let completed = String::from_utf8_lossy(&check.stdout);
    assert!(
        completed.split_whitespace().any(|w| w == "export"),
        "{completed}"
    );
    for shell in ["zsh", "fish"] {
        let out = journey(dir.path())
            .args(["completions", shell])
            .output()
            .expect("run");
        assert!(out.status.success() && out.stdout.len() > 500, "{shell}");
    }
}

#[test]
fn the_man_page_names_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = journey(dir.path()).arg("man").output().expect("run");
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.starts_with(".TH JOURNEY 1"), "{page}");
    for command in [
        "new",
        "resume",
        "list",
        "show",
        "export",
        "delete",
        "trash",
        "completions",
    ] {
        // One page: each command is a section of it, not a journey-COMMAND(1) page.
        assert!(
            page.contains(&format!(".SS \"journey {command}")),
            "{command} is missing"
        );
        assert!(!page.contains(&format!("journey\\-{command}(1)")));
    }
}

#[test]
fn codes_added_during_the_study_join_the_guides_codebook() {
    let dir = tempfile::tempdir().expect("tempdir");
    journey(dir.path())
        .args([
            "codes",
            "add",
            "cost-pressure",
            "--name",
            "Cost pressure",
            "--colour",
            "#123456",
        ])
        .assert()
        .success();
    journey(dir.path())
        .args(["codes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fud").and(predicate::str::contains("Cost pressure")));
    journey(dir.path())
        .args(["codes", "add", "fud", "--name", "Again"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("code `fud` already exists"));
    journey(dir.path())
        .args(["codes", "add", "x", "--name", "X", "--colour", "red"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("write it as #RRGGBB"));
    std::fs::write(dir.path().join("codes/broken.json"), "{\"id\": ").expect("write");
    // A file that is not a code is skipped, named, and blocks nothing.
    journey(dir.path())
        .args(["codes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Cost pressure"))
        .stderr(predicate::str::contains(
            "codes/broken.json: skipped: not a code",
        ));
}

/// `--stage` takes a stage's id or name in any case, and an unknown one is refused with the
/// stages there are, by both the export and the report.
#[test]
fn a_stage_option_takes_an_id_or_a_name_and_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, id) = store_with_customer(dir.path());
    let out = dir.path().join("out.csv");
    journey(dir.path())
        .args([
            "export",
            "--all",
            "--stage",
            "it PRODUCTION",
            "--format",
            "csv",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(fs::read_to_string(&out).expect("csv").contains(&id));
    for command in [&["export", "--all", "--format", "md"][..], &["report"][..]] {
        journey(dir.path())
            .args(command)
            .args(["--stage", "nowhere"])
            .assert()
            .failure()
            .stderr(predicate::str::contains(
                "no stage `nowhere`; the guide's stages are",
            ))
            .stderr(predicate::str::contains("it-production"));
    }
}
