//! The real binary in a pseudo-terminal: a transcript attached from the interview's screen
//! (its path typed with Tab completion, the participant offered as guessed), a question's lines
//! read in the panel, one quoted, and the quote found in the Markdown export with its speaker
//! and time kept in the session.

mod common;

use std::path::Path;

use common::pty::{keys::*, Journey};
use journey::session::Store;

const ALT_L: &str = "\x1bl";
const ALT_T: &str = "\x1bt";
const RIGHT: &str = "\x1b[C";

/// Nordbank with Marta and Sam, and the timeline of the interview the recording is of.
fn nordbank(dir: &Path) -> String {
    let store = Store::open(dir).expect("store");
    let visits = [
        ("org.industry", 0, 40),
        ("org.servers", 40, 95),
        ("triggers.business", 95, 180),
    ];
    let mut s = common::nordbank::session(&common::guide(), &visits);
    store.create(&mut s).expect("create");
    s.id
}

#[test]
fn attach_from_the_screen_read_a_questions_lines_quote_one_and_export_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = nordbank(dir.path());
    let mut j = Journey::start(dir.path(), &["resume", &id], 100, 30);
    j.expect("What industry is the organisation in?");
    j.step(ALT_L, "Attach a transcript");
    // Tab completes as far as the two zoom files agree, and lists them.
    let fixtures = format!("{}/tests/transcripts/zo", env!("CARGO_MANIFEST_DIR"));
    j.send(&fixtures);
    j.step(TAB, "zoom-crlf-bom.vtt  zoom.vtt");
    j.send(".vtt");
    j.step(ENTER, "Who is the participant");
    j.expect("Marta Lindqvist");
    j.expect("participant (guessed)");
    // Attached: the panel opens on the question in view, industry.
    j.step(ENTER, "What was said · Industry");
    j.expect("offset +0 s");
    // The recording started 30 s before the interview: +10 s three times.
    for _ in 0..3 {
        j.send(">");
    }
    j.expect("offset +30 s");
    j.expect("Retail banking, mostly in the Nordics.");
    j.send(DOWN);
    j.step(ENTER, "❝ 00:11 P  Retail banking");
    // → → the trigger question: the participant's line suggests options; y takes the first.
    j.send(RIGHT);
    j.step(RIGHT, "What was said · Business triggers");
    j.expect("→ Business triggers: Major hardware refresh? (y takes it)");
    j.step(
        "y",
        "Taken: Business triggers: Major hardware refresh, with the line as",
    );
    j.send(ENTER);
    j.step(ESC, "What industry is the organisation in?");
    // Alt-T brings the panel back on the question in view, the line marked as quoted.
    j.step(ALT_T, "❝ 00:11 P  Retail banking");
    j.step(ESC, "What industry is the organisation in?");
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    let session = j.session();
    assert_eq!(session["transcripts"][0]["offset"], 30.0);
    assert_eq!(session["transcripts"][0]["participant"], "Marta Lindqvist");
    let answer = &session["answers"]["org.industry"];
    assert_eq!(
        answer["quotes"],
        serde_json::json!(["Retail banking, mostly in the Nordics."])
    );
    assert_eq!(answer["said"][0]["speaker"], "Marta Lindqvist");
    assert_eq!(answer["said"][0]["at"], 11.0);
    assert_eq!(
        session["answers"]["triggers.business"]["value"]["choice"]["selected"],
        serde_json::json!(["hardware-refresh"])
    );
    let markdown = common::outputs::ok(dir.path(), &["export", &id, "--format", "md"]);
    assert!(
        markdown.contains("Retail banking, mostly in the Nordics.” — Marta Lindqvist, 00:11"),
        "{markdown}"
    );
}
