//! `journey --plain`: the whole interview as a conversation in a pseudo-terminal (the real
//! binary), with no escape codes; the session file it leaves has the shape of one the full
//! screen leaves, and each opens the other's. Ctrl-C and Ctrl-D lose nothing; `TERM=dumb`
//! chooses the plain interface by itself.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use assert_cmd::Command;
use common::pty::{keys::*, Journey};
use serde_json::Value;

const CTRL_D: &str = "\x04";

/// Time on a question, so the timeline records a visit (it counts whole seconds).
fn linger() {
    std::thread::sleep(Duration::from_millis(1100));
}

/// Types a line and waits for the reply.
fn line(j: &mut Journey, typed: &str, reply: &str) {
    j.send(&format!("{typed}\r"));
    j.expect(reply);
}

/// The same interview in plain words: industry 3, size 2, 450 servers, a note that is the word
/// "next" on the role question, which is then skipped.
fn plain_interview(dir: &std::path::Path) -> Journey {
    let mut j = Journey::start(dir, &["--plain", "new", "--customer", "Acme Corp"], 120, 50);
    j.expect("Question 1 of");
    j.expect("3. Public sector / government");
    line(&mut j, "3", "Chosen: Public sector / government.");
    line(&mut j, "next", "Question 2 of");
    line(&mut j, "2", "Chosen: 1,000 to 10,000.");
    line(&mut j, "next", "Roughly how many servers");
    line(&mut j, "lots", "Added to the notes (not a number");
    line(&mut j, "450", "Answer: 450 servers.");
    line(&mut j, "next", "Question 4 of");
    linger();
    line(&mut j, "notes: next", "Added to the notes.");
    line(
        &mut j,
        "frobnicate",
        "Added to the notes (numbers pick options",
    );
    line(&mut j, "99", "There is no option 99");
    line(&mut j, "skip", "Marked skipped.");
    j
}

#[test]
fn a_whole_interview_in_plain_words_saves_like_the_full_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = plain_interview(dir.path());
    line(&mut j, "gauge", "STAGE:");
    j.expect("OBSTACLES");
    line(&mut j, "help", "notes: TEXT");
    line(&mut j, "back", "Question 4 of");
    j.expect("Marked skipped.");
    line(&mut j, "notes", "frobnicate");
    line(&mut j, "finish", "Finished: 4 of");
    assert!(j.wait_exit(), "{}", j.screen());
    let output = j.output();
    assert!(
        !output.contains(&0x1b),
        "an escape code in the plain output:\n{}",
        String::from_utf8_lossy(&output)
    );
    let plain = j.session();
    let role = &plain["answers"]["org.role"];
    assert_eq!(role["state"], "skipped", "{role}");
    assert_eq!(role["notes"], "next\nfrobnicate", "{role}");
    assert_eq!(plain["answers"]["org.servers"]["value"]["number"], 450.0);
    assert_eq!(
        plain["answers"]["org.servers"]["notes"], "lots",
        "text on a number question is notes"
    );
    assert!(plain["meta"]["finished"].is_string(), "{}", plain["meta"]);

    // The same interview on the full screen.
    let full_dir = tempfile::tempdir().expect("tempdir");
    let mut f = Journey::start(
        full_dir.path(),
        &["new", "--customer", "Acme Corp"],
        120,
        40,
    );
    f.expect("What industry is the organisation in?");
    f.send("3").send(PAGE_DOWN);
    f.expect("Roughly how many people");
    f.send("2").send(PAGE_DOWN);
    f.expect("Roughly how many servers");
    f.send("450").send(PAGE_DOWN);
    f.wait_for("question 4", |s| !s.contains("Roughly how many servers"));
    linger();
    f.send("next").send(F6);
    f.wait_for("question 5", |s| s.contains("skipped") || s.contains("»"));
    f.wait_saved();
    f.send(CTRL_Q);
    assert!(f.wait_exit());
    let full = f.session();
    assert_eq!(
        shape(&plain),
        shape(&full),
        "\nplain: {plain:#}\nfull: {full:#}"
    );
    assert_eq!(states(&plain), states(&full));
    assert_eq!(
        plain["answers"]["org.industry"]["value"],
        full["answers"]["org.industry"]["value"]
    );
    assert_eq!(visited(&plain), visited(&full));
}

/// The keys of every object, and the type of every value, with arrays as their elements'
/// union; the session's own ids and times are types, not values.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "answers")
                .map(|(k, v)| match k.as_str() {
                    // In progress or finished: a time or null either way.
                    "finished" => (k.clone(), "time or null".into()),
                    _ => (k.clone(), shape(v)),
                })
                .chain(
                    map.get("answers")
                        .map(|a| ("answers".to_string(), answers_shape(a))),
                )
                .collect(),
        ),
        Value::Array(items) => {
            let mut merged = serde_json::Map::new();
            for item in items {
                if let Value::Object(m) = shape(item) {
                    merged.extend(m);
                }
            }
            serde_json::json!([merged])
        }
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => "string or null".into(),
    }
}

/// Every answer's keys (whatever the question), and its value's kind.
fn answers_shape(answers: &Value) -> Value {
    let mut merged = serde_json::Map::new();
    for a in answers.as_object().into_iter().flat_map(|m| m.values()) {
        if let Value::Object(m) = shape(a) {
            for (k, v) in m {
                if k == "value" {
                    continue;
                }
                merged.insert(k, v);
            }
        }
    }
    Value::Object(merged)
}

fn states(s: &Value) -> BTreeMap<String, String> {
    s["answers"]
        .as_object()
        .expect("answers")
        .iter()
        .map(|(q, a)| (q.clone(), a["state"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// The questions the timeline has, in order (the times differ).
fn visited(s: &Value) -> Vec<String> {
    let visits: Vec<String> = s["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|v| v["question"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(visits.contains(&"org.role".to_string()), "{visits:?}");
    visits.into_iter().filter(|q| q == "org.role").collect()
}

#[test]
fn a_plain_session_opens_on_the_full_screen_and_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = plain_interview(dir.path());
    line(&mut j, "quit", "stays in progress");
    assert!(j.wait_exit());
    let id = j.session()["id"].as_str().expect("id").to_string();

    // The full screen opens at the question the plain one stopped at, with its answers.
    let mut f = Journey::start(dir.path(), &["resume", &id], 120, 40);
    f.expect("Who runs virtualization day to day?");
    f.send(CTRL_G);
    f.expect("Go to a question");
    f.send("industry");
    f.step(ENTER, "(•) 3 Public sector");
    f.send("5");
    f.wait_saved();
    f.send(CTRL_Q);
    assert!(f.wait_exit());

    // And the plain one reads what the full screen changed.
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(["--plain", "resume", &id])
        .env("JOURNEY_DATA_DIR", dir.path())
        .env("JOURNEY_CONFIG_DIR", dir.path())
        .write_stdin("repeat\nquit\n")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("5. Retail and consumer (chosen)"), "{text}");
}

#[test]
fn ctrl_c_and_ctrl_d_save_and_leave() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = Journey::start(
        dir.path(),
        &["--plain", "new", "--customer", "Acme"],
        100,
        40,
    );
    j.expect("Question 1 of");
    line(
        &mut j,
        "notes: said before the break",
        "Added to the notes.",
    );
    // Saved at once: on disk before anything else happens.
    assert_eq!(
        j.session()["answers"]["org.industry"]["notes"],
        "said before the break"
    );
    linger();
    j.send(CTRL_C);
    j.expect("the session was saved");
    assert!(j.wait_exit(), "{}", j.screen());
    let s = j.session();
    assert_eq!(
        s["answers"]["org.industry"]["notes"],
        "said before the break"
    );
    assert!(s["elapsed_seconds"].as_u64().unwrap_or(0) >= 1, "{s}");
    let id = s["id"].as_str().expect("id").to_string();

    let mut j = Journey::start(dir.path(), &["--plain", "resume", &id], 100, 40);
    j.expect("Notes: 1 line");
    line(&mut j, "2", "Chosen: Healthcare.");
    j.send(CTRL_D);
    j.expect("stays in progress");
    assert!(j.wait_exit(), "{}", j.screen());
    assert_eq!(
        j.session()["answers"]["org.industry"]["value"]["choice"]["selected"],
        serde_json::json!(["healthcare"])
    );
}

#[test]
fn term_dumb_is_plain_and_a_pipe_works_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(["new", "--customer", "Beta"])
        .env("JOURNEY_DATA_DIR", dir.path())
        .env("JOURNEY_CONFIG_DIR", dir.path())
        .env("TERM", "dumb")
        .write_stdin("1\nanswer: next\n")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Question 1 of"), "{text}");
    assert!(!text.contains('\x1b'), "{text}");
    // `answer: next` on a choice question is not a number: writing, into the notes.
    assert!(text.contains("Added to the notes"), "{text}");
}

#[test]
fn the_home_list_resumes_and_the_form_asks_each_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |input: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("--plain")
            .env("JOURNEY_DATA_DIR", dir.path())
            .env("JOURNEY_CONFIG_DIR", dir.path())
            .write_stdin(input.to_string())
            .output()
            .expect("run");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run("new\n\nGamma\nDana\nCIO\nSam\nyes\n1\nquit\n");
    assert!(text.contains("A customer needs a name."), "{text}");
    assert!(text.contains("Chosen: Financial services."), "{text}");
    let text = run("7\n1\nrepeat\n");
    assert!(text.contains("1. Gamma · Dana · 1 of"), "{text}");
    assert!(text.contains("Type a number from the list"), "{text}");
    assert!(text.contains("1. Financial services (chosen)"), "{text}");
}

#[test]
fn a_multiple_choice_becomes_what_the_line_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = journey::session::Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut session = common::session(&guide, "Delta");
    session.current = Some("workloads.it".into());
    store.create(&mut session).expect("create");
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(["--plain", "resume", &session.id])
        .env("JOURNEY_DATA_DIR", dir.path())
        .env("JOURNEY_CONFIG_DIR", dir.path())
        .write_stdin("1 2\n2,5\n5 7\n7\nundo\n6\nProxmox\nnext\nback\n")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for said in [
        "Chosen: File and print servers; Domain controllers.",
        "Chosen: Domain controllers; Test and development servers.",
        "“None yet” goes alone: type it by itself. Nothing was changed.",
        "Chosen: None yet.",
        "Undone: the choice.",
        "Chosen: Other IT infrastructure…\n",
        "Chosen: Other IT infrastructure…; other: Proxmox.",
        "6. Other IT infrastructure…: Proxmox (chosen)",
    ] {
        assert!(text.contains(said), "{said}\n{text}");
    }
    let saved = store.load(&session.id).expect("load");
    assert_eq!(
        saved.answer("workloads.it").and_then(|a| a.value.clone()),
        Some(journey::session::Value::Choice {
            selected: vec!["other".into()],
            other: Some("Proxmox".into()),
        })
    );
}

#[test]
fn go_finds_a_question_by_number_or_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(["--plain", "new", "--customer", "Echo"])
        .env("JOURNEY_DATA_DIR", dir.path())
        .env("JOURNEY_CONFIG_DIR", dir.path())
        .write_stdin("go: servers\ngo: 2\ngo: zzz\ngo: 999\n")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for said in [
        "Question 3 of 60: Roughly how many servers",
        "Question 2 of 60: Roughly how many people",
        "No question shown matches “zzz”: nothing was changed.",
        "No question shown matches “999”",
    ] {
        assert!(text.contains(said), "{said}\n{text}");
    }
}
