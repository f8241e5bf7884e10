//! The real binary in a pseudo-terminal: interviews typed key by key, then the files on disk.

mod common;

use common::pty::{keys::*, Journey};
use serde_json::Value;

fn selected(session: &Value, question: &str) -> Vec<String> {
    session["answers"][question]["value"]["choice"]["selected"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Starts an interview for Acme and answers the first questions, waiting for each on screen.
fn start_interview(data: &std::path::Path) -> Journey {
    let mut j = Journey::start(
        data,
        &[
            "new",
            "--customer",
            "Acme Corp",
            "--participant",
            "Dana Reyes",
        ],
        120,
        40,
    );
    j.expect("What industry is the organisation in?");
    j.step("3", "(•) 3 Public sector");
    j.step(ALT_PAGE_DOWN, "How did virtualization first come");
    j.step(PAGE_DOWN, "Is anything running on virtual machines");
    j.step("2", "(•) 2 Yes");
    j
}

#[test]
fn a_short_interview_moves_the_gauge_and_checklist_and_lands_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = start_interview(dir.path());
    j.expect("IT Production  1.0");
    j.step(
        &ALT_PAGE_DOWN.repeat(2),
        "Which IT-owned workloads have you",
    );
    j.step("1", "[x] 1 File and print servers");
    j.step("2", "[x] 2 Domain controllers");
    // Sponsorship: a CIO pulls the gauge towards ITaaS, up to the chasm.
    j.step(
        &ALT_PAGE_DOWN.repeat(2),
        "Who sponsors virtualization in the",
    );
    j.step("4", "[x] 4 The CIO or higher");
    // The sponsor is present-tense evidence; production and file servers are steps taken
    // before the chasm, and the chasm is not known yet: the gauge moves up to the chasm and
    // tells the sponsor as running ahead (rule 8), with low evidence behind it.
    j.wait_for("the gauge to move up to the chasm", |s| {
        s.contains("IT Production  1.5") && s.contains("evidence low") && s.contains("ahead")
    });
    j.expect("Sponsorship · CIO");
    // Team communication: from "not discussed" to "raised".
    for _ in 0..6 {
        j.send(ALT_PAGE_DOWN);
    }
    j.expect("When virtualization was introduced");
    let before = j.screen();
    assert!(before.contains("○ Team communication"), "{before}");
    j.step("1", "! Team communication");
    j.expect("  raised");
    // Notes with a time stamp, typed in the notes field.
    j.send(F2)
        .send("Server team alone at first")
        .send(CTRL_T)
        .send("then storage joined");
    j.expect("then storage joined");
    j.wait_saved();
    j.send(CTRL_Q);
    assert!(j.wait_exit(), "journey exited with an error");
    assert!(!j.alternate_screen(), "the alternate screen was left on");
    assert!(!j.cursor_hidden(), "the cursor was left hidden");

    let s = j.session();
    assert_eq!(s["schema_version"], 1);
    assert_eq!(s["meta"]["customer"], "Acme Corp");
    assert_eq!(s["meta"]["participant"], "Dana Reyes");
    assert_eq!(selected(&s, "org.industry"), ["public"]);
    assert_eq!(selected(&s, "start.production"), ["yes"]);
    assert_eq!(
        selected(&s, "workloads.it"),
        ["file-print", "domain-controllers"]
    );
    assert_eq!(selected(&s, "sponsorship.sponsor"), ["cio"]);
    assert_eq!(selected(&s, "team.introduced"), ["server-only"]);
    let notes = s["answers"]["team.introduced"]["notes"]
        .as_str()
        .expect("notes");
    assert!(
        notes.starts_with("Server team alone at first\n[00:"),
        "{notes}"
    );
    assert!(notes.ends_with("] then storage joined"), "{notes}");
    assert_eq!(s["current"], "team.introduced");
}

#[test]
fn killing_journey_mid_interview_loses_no_committed_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = start_interview(dir.path());
    j.step(
        &ALT_PAGE_DOWN.repeat(2),
        "Which IT-owned workloads have you",
    );
    j.step("5", "[x] 5 Test and development servers");
    j.step(F2, "typing here");
    j.send("Lab first, then production");
    j.expect("Lab first, then production");
    j.wait_saved();
    j.signal("KILL");
    j.wait_exit();
    let s = j.session();
    assert_eq!(selected(&s, "org.industry"), ["public"]);
    assert_eq!(selected(&s, "start.production"), ["yes"]);
    assert_eq!(selected(&s, "workloads.it"), ["test-dev"]);
    assert_eq!(
        s["answers"]["workloads.it"]["notes"],
        "Lab first, then production"
    );
    let temps = std::fs::read_dir(dir.path().join("sessions"))
        .expect("dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        })
        .count();
    assert!(temps <= 1, "{temps} temp files");

    // Restarting picks the interview up where it stopped, with every answer.
    let id = s["id"].as_str().expect("id").to_string();
    let mut again = Journey::start(dir.path(), &["resume", &id[..id.len() - 2]], 120, 40);
    again.expect("Which IT-owned workloads have you");
    again.expect("[x] 5 Test and development servers");
    again.expect("Lab first, then production");
    again.send(CTRL_Q);
    assert!(again.wait_exit());
}

#[test]
fn a_second_journey_on_the_same_session_gets_read_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut first = start_interview(dir.path());
    first.wait_saved();
    let id = first.session()["id"].as_str().expect("id").to_string();
    let mut second = Journey::start(dir.path(), &["resume", &id], 120, 40);
    second.expect("is open in another journey");
    second.step("y", "READ-ONLY");
    second.expect("(•) 2 Yes");
    second.send("1");
    second.expect("Read-only: this session is open in another journey");
    second.send(CTRL_Q);
    assert!(second.wait_exit());
    // The writer is unaffected and still saves.
    first.step(PAGE_DOWN, "In what year did the first virtual");
    first.send("2008").wait_saved();
    first.send(CTRL_Q);
    assert!(first.wait_exit());
    assert_eq!(
        first.session()["answers"]["start.first_year"]["value"]["number"],
        2008.0
    );
    assert_eq!(selected(&first.session(), "start.production"), ["yes"]);
}

#[test]
fn signals_save_first_and_restore_the_terminal() {
    for signal in ["TERM", "HUP", "INT"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut j = start_interview(dir.path());
        j.step(PAGE_DOWN, "In what year did the first virtual");
        // Typed, and signalled before the debounced save could run.
        j.send("2009");
        j.expect("▏ 2009");
        j.signal(signal);
        j.wait_exit();
        assert!(!j.alternate_screen(), "{signal}: alternate screen left on");
        assert!(!j.cursor_hidden(), "{signal}: cursor left hidden");
        let out = String::from_utf8_lossy(&j.output()).into_owned();
        assert!(
            out.contains("\x1b[?1049l"),
            "{signal}: no leave-alternate-screen sequence"
        );
        let s = j.session();
        assert_eq!(
            s["answers"]["start.first_year"]["value"]["number"], 2009.0,
            "{signal}"
        );
    }
    println!("signals: TERM, HUP and INT each saved the unsaved answer and restored the screen and cursor");
}

#[test]
fn resizing_mid_interview_folds_the_layout_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = start_interview(dir.path());
    for (cols, rows) in [(60, 20), (20, 5), (1, 1), (90, 28), (200, 60), (120, 40)] {
        j.resize(cols, rows);
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    j.expect("Is anything running on virtual machines");
    j.resize(30, 8);
    j.expect("Terminal too small");
    j.resize(60, 20);
    j.expect("F11: switch");
    j.step(F11, "Stage: IT Production");
    j.resize(120, 40);
    // Right after the resize: a key pressed while the window changes size is not held back.
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    assert_eq!(selected(&j.session(), "start.production"), ["yes"]);
}

#[test]
fn from_the_home_screen_through_the_form_to_the_first_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = Journey::start(dir.path(), &[], 120, 40);
    j.expect("New interview");
    j.step("n", "Customer / organisation");
    j.send("Société Générale 日本");
    j.expect("Société Générale 日本");
    // The form is 70 wide, centred in 120: the field starts at column 26 of row 3. The text is 21
    // columns wide (日 and 本 take two each), so the cursor stands at column 47.
    let line = j.screen().lines().nth(3).unwrap_or_default().to_string();
    assert!(line.contains("│Société Générale 日本"), "{line}");
    assert_eq!(j.cursor(), (3, 47));
    j.send(TAB)
        .send("Ana")
        .send(TAB)
        .send("CIO")
        .send(TAB)
        .send(TAB)
        .send(" ")
        .send(TAB);
    j.expect("[x] Consent");
    j.step(ENTER, "What industry is the organisation in?");
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    let s = j.session();
    assert_eq!(s["meta"]["customer"], "Société Générale 日本");
    assert_eq!(s["meta"]["role"], "CIO");
    assert_eq!(s["meta"]["consent"], true);
    assert!(
        s["id"]
            .as_str()
            .expect("id")
            .contains("-societe-generale-ri-ben-"),
        "{}",
        s["id"]
    );
}

#[test]
fn closing_the_terminal_saves_and_ends_journey() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = start_interview(dir.path());
    j.step(PAGE_UP, "How did virtualization first come");
    // Picked, and the window closes (or SSH drops) before the debounced save. (A choice, not a
    // text field: portable-pty types "\n" and EOF into the terminal as it closes.)
    j.step("3", "(•) 3 Straight into production");
    j.hang_up();
    j.wait_exit();
    let s = j.session();
    assert_eq!(selected(&s, "start.began"), ["it-servers"]);
    assert_eq!(selected(&s, "start.production"), ["yes"]);
}

#[test]
fn the_browser_filters_opens_and_exports_a_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = journey::session::Store::open(dir.path()).expect("store");
        let guide = common::guide();
        for name in ["Acme Logistics", "Globex", "Initech"] {
            let mut s = common::session(&guide, name);
            common::pick(&mut s, "workloads.it", &["file-print"]);
            s.answer_mut("workloads.it").notes = format!("{name} started with print servers");
            store.create(&mut s).expect("create");
        }
    }
    let mut j = Journey::start(dir.path(), &[], 120, 40);
    j.expect("Browse sessions (3)");
    j.step("b", "3 of 3 shown");
    j.step("/", "type to filter");
    j.send("globex print");
    j.expect("1 of 3 shown");
    j.step(ENTER, "1 of 3 shown");
    j.step(ENTER, "Session (read-only)");
    // The reasons and what to ask next come first; the answers and notes follow.
    j.send(PAGE_DOWN);
    j.expect("Globex started with print servers");
    j.step("x", "Export this session to");
    j.step("4", "Exported 1 session (HTML) to ");
    j.send(ENTER);
    j.step(ESC, "1 of 3 shown");
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    let exports: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .expect("exports folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(exports.len(), 1, "{exports:?}");
    let html = std::fs::read_to_string(&exports[0]).expect("read export");
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<h1>Globex</h1>"));
    assert!(!html.contains("Acme"));
}

#[test]
fn a_panic_saves_first_and_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = Journey::start_with(
        dir.path(),
        &["new", "--customer", "Acme Corp"],
        120,
        40,
        &[("JOURNEY_TEST_PANIC_KEY", "~")],
        None,
    );
    j.expect("What industry is the organisation in?");
    // Picked, and the panic comes before the debounced save.
    j.step("3", "(•) 3 Public sector");
    j.send("~");
    assert!(!j.wait_exit(), "a panic is an error exit");
    assert!(!j.alternate_screen(), "the alternate screen was left on");
    assert!(!j.cursor_hidden(), "the cursor was left hidden");
    let out = String::from_utf8_lossy(&j.output()).into_owned();
    let panic_at = out
        .find("JOURNEY_TEST_PANIC_KEY pressed")
        .expect("the panic message");
    assert!(
        out[..panic_at].contains("\x1b[?1049l"),
        "the main screen was restored before the message"
    );
    assert!(
        out.contains("internal error and stopped; the session was saved"),
        "{out}"
    );
    assert_eq!(selected(&j.session(), "org.industry"), ["public"]);
}

/// Typing is always writing, on the real binary: a sentence full of old command letters, digits
/// and spaces, typed across a PageDown and at a text question, leaves only notes and the text.
#[test]
fn typing_prose_in_the_real_binary_answers_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = Journey::start(dir.path(), &["new", "--customer", "Acme"], 120, 40);
    j.expect("What industry is the organisation in?");
    j.send("quarterly to the board: s a x f t r o [ ] ? 2 of 3 ");
    j.expect("typing the notes");
    j.send(PAGE_DOWN);
    j.expect("Roughly how many people work");
    j.send("then F and H, 100% sure");
    j.expect("then F and H, 100% sure");
    // A text question, reached with Ctrl-G and part of its label.
    j.send(CTRL_G).send("advice");
    j.expect("Go to a question");
    j.send(ENTER);
    j.expect("typing the answer");
    j.send("Plan storage early; skip nothing.");
    j.expect("skip nothing.");
    j.wait_saved();
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    let s = j.session();
    let answers = s["answers"].as_object().expect("answers");
    for (id, a) in answers {
        let value = &a["value"];
        match id.as_str() {
            "wrapup.advice" => assert_eq!(value["text"], "Plan storage early; skip nothing."),
            _ => assert!(value.is_null(), "{id} got a value: {a}"),
        }
        assert!(
            a["state"] != "skipped" && a["state"] != "not_applicable",
            "{id}: {a}"
        );
        assert!(a.get("follow_up").is_none_or(|f| f == false), "{id}: {a}");
    }
    assert_eq!(
        s["answers"]["org.industry"]["notes"],
        "quarterly to the board: s a x f t r o [ ] ? 2 of 3 "
    );
    assert_eq!(s["answers"]["org.size"]["notes"], "then F and H, 100% sure");
}

/// Prose that starts with digits, typed at once in the release binary at a single and a multiple
/// choice: the answers stay as they were, the notes hold the sentences whole.
#[test]
fn digit_led_prose_in_the_real_binary_changes_only_the_notes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = Journey::start(dir.path(), &["new", "--customer", "Acme"], 120, 40);
    j.expect("What industry is the organisation in?");
    j.step("3", "(•) 3 Public sector");
    // Esc then a key at once reads as Alt and the key in a terminal: a person's pause.
    j.send(ESC);
    std::thread::sleep(std::time::Duration::from_millis(300));
    j.send("3 sites run SAP");
    j.expect("is a note, not a pick");
    j.expect("3 sites run SAP");
    j.send(CTRL_G).send("IT-owned workloads");
    j.expect("Go to a question");
    j.send(ENTER);
    j.expect("Which IT-owned workloads have you virtualized?");
    j.send("1");
    j.send("2");
    j.send("4");
    j.expect("[x] 4");
    // More than the moment that joins digits and what follows.
    std::thread::sleep(std::time::Duration::from_millis(1700));
    j.send("2 more apps planned for 2027");
    j.expect("2 more apps planned for 2027");
    j.wait_saved();
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    let s = j.session();
    assert_eq!(selected(&s, "org.industry"), ["public"]);
    assert_eq!(s["answers"]["org.industry"]["notes"], "3 sites run SAP");
    assert_eq!(
        selected(&s, "workloads.it").len(),
        3,
        "{}",
        s["answers"]["workloads.it"]
    );
    assert_eq!(
        s["answers"]["workloads.it"]["notes"],
        "2 more apps planned for 2027"
    );
}
