//! Bad input: a corpus of broken session files and guides. Each gets a clear message (file,
//! line and column where there are any), and nothing panics.
//!
//! Figures: `cargo test --release --test corrupt -- --nocapture`; `JOURNEY_CORPUS_STEP=1` also
//! truncates the built-in guide at every byte (the default takes every 97th).

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use assert_cmd::Command;
use common::synth::Rng;
use journey::session::{parse_session, Store, StoreError};
use serde_json::Value;

#[derive(Default)]
struct Tally {
    tried: usize,
    refused: usize,
    panics: Vec<String>,
}

impl Tally {
    /// Parses one input; a panic is recorded, not propagated.
    fn session(
        &mut self,
        what: &str,
        bytes: &[u8],
    ) -> Option<Result<journey::session::Session, StoreError>> {
        self.tried += 1;
        let path = Path::new("/corpus/2026-11-25-corpus-0000.json");
        match catch_unwind(AssertUnwindSafe(|| parse_session(path, bytes))) {
            Ok(result) => {
                if let Err(e) = &result {
                    self.refused += 1;
                    let message = e.to_string();
                    assert!(
                        message.contains("2026-11-25-corpus-0000.json"),
                        "{what}: {message}"
                    );
                }
                Some(result)
            }
            Err(_) => {
                self.panics.push(what.to_string());
                None
            }
        }
    }

    fn guide(&mut self, what: &str, text: &str) {
        self.tried += 1;
        let result = catch_unwind(AssertUnwindSafe(|| {
            journey::guide::parse("corpus.json", text).map(|g| journey::guide::check(&g).len())
        }));
        match result {
            Ok(Ok(0)) => {}
            Ok(Ok(_)) | Ok(Err(_)) => self.refused += 1,
            Err(_) => self.panics.push(what.to_string()),
        }
    }
}

/// A rich, valid session file: answers of every kind, notes, quotes, Unicode.
fn valid_session() -> Vec<u8> {
    let guide = common::guide();
    let mut s = common::session(&guide, "Société Générale 日本 🚀");
    s.id = "2026-11-25-corpus-0000".into();
    common::pick(&mut s, "workloads.it", &["file-print", "web"]);
    common::text(
        &mut s,
        "wrapup.advice",
        "Plan storage first.\n«Train» everyone.",
    );
    let a = s.answer_mut("value.primary");
    a.notes = "[01:02] the CFO \"loved\" it".into();
    a.quotes.push("We never looked back".into());
    a.follow_up = true;
    s.answer_mut("org.servers").value = Some(journey::session::Value::Number(450.0));
    s.obstacle_overrides
        .insert("storage".into(), journey::guide::ObstacleStatus::Resolved);
    serde_json::to_vec_pretty(&s).expect("json")
}

/// Every path to a value in a JSON document, as (parent path, key or index).
fn paths(v: &Value, at: Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let mut p = at.clone();
                p.push(Value::String(k.clone()));
                paths(child, p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let mut p = at.clone();
                p.push(Value::from(i));
                paths(child, p, out);
            }
        }
        _ => {}
    }
}

fn replace_at(doc: &Value, path: &[Value], with: Value) -> Value {
    let mut doc = doc.clone();
    let mut cur = &mut doc;
    for key in path {
        cur = match key {
            Value::String(k) => &mut cur[k.as_str()],
            Value::Number(n) => &mut cur[n.as_u64().unwrap_or(0) as usize],
            _ => return doc.clone(),
        };
    }
    *cur = with;
    doc
}

fn wrong_types() -> [Value; 8] {
    [
        Value::Null,
        Value::Bool(true),
        Value::from(42),
        Value::from(-1.5),
        Value::from("text"),
        Value::Array(vec![]),
        serde_json::json!({}),
        Value::from(u64::MAX),
    ]
}

#[test]
fn broken_session_files_are_refused_with_a_message_and_nothing_panics() {
    let valid = valid_session();
    let mut t = Tally::default();
    assert!(t.session("valid", &valid).is_some_and(|r| r.is_ok()));

    // Truncated at every byte.
    for n in 0..valid.len() {
        t.session(&format!("truncated at {n}"), &valid[..n]);
    }
    // Random bytes, and random byte flips of the valid file.
    let mut rng = Rng(42);
    for i in 0..2000 {
        let len = (rng.next() % 4096) as usize;
        let blob: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        t.session(&format!("random {i}"), &blob);
    }
    for i in 0..2000 {
        let mut flipped = valid.clone();
        for _ in 0..1 + rng.next() % 4 {
            let at = (rng.next() as usize) % flipped.len();
            flipped[at] = rng.next() as u8;
        }
        t.session(&format!("flipped {i}"), &flipped);
    }
    // Wrong types at every path.
    let doc: Value = serde_json::from_slice(&valid).expect("json");
    let mut all = Vec::new();
    paths(&doc, Vec::new(), &mut all);
    for path in &all {
        for wrong in wrong_types() {
            let bytes = serde_json::to_vec(&replace_at(&doc, path, wrong)).expect("json");
            t.session(&format!("wrong type at {path:?}"), &bytes);
        }
    }
    // Odd files.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(&valid);
    assert!(
        t.session("bom", &bom).is_some_and(|r| r.is_ok()),
        "a BOM is accepted"
    );
    for (what, bytes) in [
        ("empty", &b""[..]),
        ("spaces", b"   \n\t "),
        ("bom only", b"\xef\xbb\xbf"),
        ("null", b"null"),
        ("array", b"[]"),
        ("object", b"{}"),
        ("utf-16", b"\xff\xfe{\x00}\x00"),
    ] {
        let result = t.session(what, bytes).expect("no panic");
        let message = result.expect_err(what).to_string();
        assert!(
            message.contains("corpus-0000.json:1:") || message.contains("corpus-0000.json:2:"),
            "{what}: {message}"
        );
    }
    let newer = replace_at(&doc, &[Value::from("schema_version")], Value::from(7));
    let message = t
        .session("future schema", &serde_json::to_vec(&newer).expect("json"))
        .expect("no panic")
        .expect_err("refused")
        .to_string();
    assert!(
        message.contains("newer journey (schema version 7"),
        "{message}"
    );
    // A big, valid note is fine.
    let big = replace_at(
        &doc,
        &[
            Value::from("answers"),
            Value::from("value.primary"),
            Value::from("notes"),
        ],
        Value::from("x".repeat(10 << 20)),
    );
    assert!(t
        .session("10 MiB note", &serde_json::to_vec(&big).expect("json"))
        .is_some_and(|r| r.is_ok()));

    assert!(
        t.panics.is_empty(),
        "panics on: {:?}",
        &t.panics[..t.panics.len().min(10)]
    );
    println!(
        "session corpus: {} broken or odd files tried ({} refused with a message), {} panics",
        t.tried,
        t.refused,
        t.panics.len()
    );
}

#[test]
fn broken_guides_are_refused_with_a_message_and_nothing_panics() {
    let text = std::fs::read_to_string("content/virtualization-journey.json").expect("guide");
    let step = std::env::var("JOURNEY_CORPUS_STEP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(97);
    let mut t = Tally::default();
    for n in (0..text.len())
        .step_by(step)
        .filter(|n| text.is_char_boundary(*n))
    {
        t.guide(&format!("truncated at {n}"), &text[..n]);
    }
    let mut rng = Rng(7);
    let bytes = text.as_bytes();
    for i in 0..1500 {
        let mut flipped = bytes.to_vec();
        let at = (rng.next() as usize) % flipped.len();
        flipped[at] = b" {}[],:\"0aZ-\\".as_slice()[(rng.next() % 13) as usize];
        t.guide(&format!("flipped {i}"), &String::from_utf8_lossy(&flipped));
    }
    let doc: Value = serde_json::from_str(&text).expect("json");
    let mut all = Vec::new();
    paths(&doc, Vec::new(), &mut all);
    for (i, path) in all.iter().enumerate().filter(|(i, _)| i % 7 == 0) {
        let wrong = wrong_types()[i % 8].clone();
        t.guide(
            &format!("wrong type at {path:?}"),
            &replace_at(&doc, path, wrong).to_string(),
        );
    }
    for (what, odd) in [
        ("empty", ""),
        ("null", "null"),
        ("object", "{}"),
        ("deep", &"[".repeat(100_000)),
    ] {
        t.guide(what, odd);
    }
    assert!(
        t.panics.is_empty(),
        "panics on: {:?}",
        &t.panics[..t.panics.len().min(10)]
    );
    println!(
        "guide corpus: {} broken guides tried ({} refused with a message), {} panics",
        t.tried,
        t.refused,
        t.panics.len()
    );
}

#[test]
fn the_cli_reports_broken_files_and_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut good = common::session(&common::guide(), "Good Customer");
    store.create(&mut good).expect("create");
    let valid = valid_session();
    let sessions = store.sessions_dir();
    let broken: Vec<(&str, Vec<u8>)> = vec![
        (
            "2026-01-01-truncated-0001",
            valid[..valid.len() / 2].to_vec(),
        ),
        ("2026-01-01-empty-0002", Vec::new()),
        (
            "2026-01-01-random-0003",
            (0..300u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        (
            "2026-01-01-types-0004",
            br#"{"schema_version":"one","id":5,"answers":[]}"#.to_vec(),
        ),
        (
            "2026-01-01-future-0005",
            br#"{"schema_version":99,"id":"2026-01-01-future-0005"}"#.to_vec(),
        ),
        ("2026-01-01-wrongid-0006", valid.clone()),
    ];
    for (name, bytes) in &broken {
        std::fs::write(sessions.join(format!("{name}.json")), bytes).expect("write");
    }
    let huge = std::fs::File::create(sessions.join("2026-01-01-huge-0007.json")).expect("huge");
    huge.set_len(journey::session::MAX_FILE_BYTES + 1)
        .expect("size");

    let out = Command::cargo_bin("journey")
        .expect("binary")
        .env("JOURNEY_DATA_DIR", dir.path())
        .arg("list")
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("Good Customer"), "{stdout}");
    for (name, _) in &broken {
        assert!(stderr.contains(name), "{name} not reported:\n{stderr}");
    }
    assert!(
        stderr.contains("2026-01-01-huge-0007.json: 33554433 bytes is too large"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2026-01-01-truncated-0001.json:"),
        "{stderr}"
    );
    for (name, _) in &broken {
        let out = Command::cargo_bin("journey")
            .expect("binary")
            .env("JOURNEY_DATA_DIR", dir.path())
            .args(["show", name])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{name}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(name),
            "{name}: {out:?}"
        );
    }
    // Broken guides through `guide check`: a message and exit 1, never a panic (exit 101).
    let text = std::fs::read_to_string("content/virtualization-journey.json").expect("guide");
    for (i, bad) in [
        &text[..text.len() / 3],
        "",
        "{\"format\": 1}",
        "\u{feff}[1,2,3]",
    ]
    .iter()
    .enumerate()
    {
        let path = dir.path().join(format!("bad-{i}.json"));
        std::fs::write(&path, bad).expect("write");
        let out = Command::cargo_bin("journey")
            .expect("binary")
            .args(["guide", "check"])
            .arg(&path)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(&format!("bad-{i}.json")),
            "{out:?}"
        );
    }
}
