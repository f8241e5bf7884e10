//! Terminal injection: escape sequences, C0/C1 controls, carriage returns, bidi overrides and
//! invisible characters in a session or a guide never reach the terminal raw, in the full-screen
//! interface or in `list`, `show`, `export` and `guide check`. The bytes written are checked.
//!
//! Figures: `cargo test --release --test injection -- --nocapture`.

mod common;

use assert_cmd::Command;
use common::pty::{keys::*, Journey};
use journey::session::{AnswerState, Store, Value};

/// (name, payload, what must never appear in the output bytes)
fn payloads() -> Vec<(&'static str, &'static str, &'static [u8])> {
    vec![
        ("OSC title", "\u{1b}]0;PWNED\u{7}", b"\x1b]0;PWNED"),
        ("OSC 52 clipboard", "\u{1b}]52;c;UFdORUQ=\u{7}", b"\x1b]52;"),
        ("CSI device status", "\u{1b}[6n", b"\x1b[6n"),
        ("CSI clear", "\u{1b}[2J\u{1b}[3J", b"\x1b[3J"),
        ("DCS", "\u{1b}P+q544e\u{1b}\\", b"\x1bP+q"),
        ("C1 CSI", "\u{9b}6n", "\u{9b}".as_bytes()),
        ("C1 OSC", "\u{9d}0;PWNED\u{9c}", "\u{9d}".as_bytes()),
        ("carriage return", "fake\rREAL", b"fake\rREAL"),
        ("backspace", "abc\u{8}\u{8}", b"abc\x08"),
        ("bell", "ring\u{7}ring", b"ring\x07ring"),
        (
            "right-to-left override",
            "\u{202e}gnp.exe",
            "\u{202e}".as_bytes(),
        ),
        ("bidi isolate", "\u{2066}x\u{2069}", "\u{2066}".as_bytes()),
        (
            "zero-width space",
            "invis\u{200b}ible",
            "invis\u{200b}ible".as_bytes(),
        ),
        ("DEL", "del\u{7f}del", b"del\x7fdel"),
    ]
}

fn all_payloads() -> String {
    payloads()
        .iter()
        .map(|(_, p, _)| format!("<{p}>"))
        .collect()
}

/// A session with a payload in every text field.
fn evil_session(store: &Store) -> String {
    let guide = common::guide();
    let evil = all_payloads();
    let mut s = common::session(&guide, &format!("Evil{evil}Corp"));
    s.meta.participant = format!("P{evil}");
    s.meta.role = format!("R{evil}");
    s.meta.interviewer = format!("I{evil}");
    common::pick(&mut s, "org.industry", &["other"]);
    if let Some(Value::Choice { other, .. }) = &mut s.answer_mut("org.industry").value {
        *other = Some(format!("O{evil}"));
    }
    let a = s.answer_mut("org.industry");
    a.notes = format!("N{evil}\nline two{evil}");
    a.quotes.push(format!("Q{evil}"));
    a.follow_up = true;
    let t = s.answer_mut("start.first_workload");
    t.state = AnswerState::Answered;
    t.value = Some(Value::Text(format!("T{evil}")));
    store.create(&mut s).expect("create");
    s.id
}

/// The built-in guide with payloads in its titles, questions, probes, labels and names.
fn evil_guide(dir: &std::path::Path) -> std::path::PathBuf {
    let evil = all_payloads();
    let text = std::fs::read_to_string("content/virtualization-journey.json").expect("guide");
    let mut g: serde_json::Value = serde_json::from_str(&text).expect("json");
    let poison = |v: &mut serde_json::Value| {
        if let Some(s) = v.as_str() {
            *v = serde_json::Value::from(format!("{s}{evil}"));
        }
    };
    poison(&mut g["title"]);
    poison(&mut g["stages"][1]["name"]);
    poison(&mut g["stages"][1]["short"]);
    poison(&mut g["obstacles"][0]["name"]);
    poison(&mut g["obstacles"][0]["tactics"][0]["name"]);
    poison(&mut g["drivers"][0]["levels"][1]);
    poison(&mut g["milestones"][0]["name"]);
    poison(&mut g["sections"][0]["title"]);
    poison(&mut g["sections"][0]["questions"][0]["text"]);
    poison(&mut g["sections"][0]["questions"][0]["probes"][0]);
    poison(&mut g["sections"][0]["questions"][0]["options"][0]["label"]);
    poison(&mut g["sections"][0]["questions"][0]["options"][0]["label"]);
    let path = dir.join("evil-guide.json");
    std::fs::write(&path, serde_json::to_string_pretty(&g).expect("json")).expect("write");
    path
}

fn assert_clean(what: &str, output: &[u8]) -> usize {
    let mut checked = 0;
    for (name, _, forbidden) in payloads() {
        assert!(
            !output.windows(forbidden.len()).any(|w| w == forbidden),
            "{what}: the {name} payload reached the terminal raw"
        );
        checked += 1;
    }
    checked
}

#[test]
fn payloads_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let id = evil_session(&store);
    let guide = evil_guide(dir.path());
    let guide_arg = guide.to_string_lossy().into_owned();
    let mut checks = 0;

    // The full-screen interface: interview, overlays, summary, home, browser, review, insights.
    let mut j = Journey::start(dir.path(), &["--guide", &guide_arg, "resume", &id], 120, 40);
    // Resumed at the first question not yet answered.
    j.expect("Roughly how many people work for the organisation?");
    for (keys, wait) in [
        (PAGE_UP, "Is IT a cost centre here"),
        (PAGE_DOWN, "One data center or several?"),
        (PAGE_UP, "Is IT a cost centre here"),
        ("\x1bOR", "Notes"),                   // F3 quote, harmless
        ("\x1b[20~", "Why the gauge says so"), // F9
        (ESC, "What industry"),
        ("\x1b[19~", "Obstacle checklist"), // F8
        (ESC, "What industry"),
        (F1, "Keys"),
        (ESC, "What industry"),
        (F10, "Finish the interview?"),
        ("y", "Summary"),
        (ESC, "Browse sessions"),
        ("b", "Sessions"),
        (ENTER, "Session (read-only)"),
        (ESC, "Sessions"),
        ("I", "interviews sit"),
        (ESC, "Sessions"),
    ] {
        j.send(keys);
        j.expect(wait);
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    checks += assert_clean("the TUI", &j.output());
    let screens = 17;

    // The command line, text and JSON.
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("out");
    let runs: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec!["list".into(), "--json".into()],
        vec!["show".into(), id.clone()],
        vec!["show".into(), id.clone(), "--json".into()],
        vec![
            "--guide".into(),
            guide_arg.clone(),
            "show".into(),
            id.clone(),
        ],
        vec!["export".into(), id.clone(), "--format".into(), "md".into()],
        vec!["export".into(), id.clone(), "--format".into(), "csv".into()],
        vec![
            "export".into(),
            id.clone(),
            "--format".into(),
            "json".into(),
        ],
        vec![
            "export".into(),
            id.clone(),
            "--format".into(),
            "html".into(),
        ],
        vec!["guide".into(), "check".into(), guide_arg.clone()],
        vec!["trash".into(), "list".into()],
    ];
    for args in &runs {
        let output = Command::cargo_bin("journey")
            .expect("binary")
            .env("JOURNEY_DATA_DIR", dir.path())
            .args(args)
            .output()
            .expect("run");
        assert!(output.status.success(), "{args:?}: {output:?}");
        let mut bytes = output.stdout.clone();
        bytes.extend_from_slice(&output.stderr);
        checks += assert_clean(&format!("journey {}", args.join(" ")), &bytes);
        if args.last().is_some_and(|a| a == "--json" || a == "json") {
            let json: serde_json::Value =
                serde_json::from_slice(&output.stdout).expect("still valid JSON");
            assert!(
                json.to_string().contains("PWNED"),
                "the data is kept, escaped"
            );
        }
    }
    println!(
        "injection: {} payloads in every text field of a session and a guide, {} screens and {} commands, \
         {checks} output checks, 0 raw",
        payloads().len(),
        screens,
        runs.len()
    );
}
