//! The real binary in an 80x24 pseudo-terminal (and wider): the tenth option's 0 is shown and
//! picks, picking "Other…" puts the typing into its text, the question has the full width with
//! the stage one F11 away, and F11 hides the side columns of a wide terminal. Run on the release
//! binary with JOURNEY_TEST_BIN=target/release/journey.

mod common;

use common::pty::{keys::*, Journey};

/// A new interview for Acme in an 80x24 terminal, at "Products in production".
fn at_products(dir: &std::path::Path) -> Journey {
    let mut j = Journey::start(dir, &["new", "--customer", "Acme Corp"], 80, 24);
    j.expect("What industry is the organisation in?");
    j.send(CTRL_G);
    j.expect("Go to a question");
    j.send("products in production");
    j.step(ENTER, "Which products and features do you use");
    j
}

#[test]
fn at_80x24_the_tenth_option_is_0_and_other_takes_the_typing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = at_products(dir.path());
    // The whole width: the tabs, no side panel beside the question.
    j.expect("Question  Stage  Obstacles  Outline");
    assert!(!j.screen().contains("Stage ───"), "{}", j.screen());
    j.expect("1–9,0 pick");
    // 0 picks "Other product…", the tenth; what is typed next says what it is.
    j.send("0");
    j.expect("picked: type what it is");
    j.send("Proxmox");
    j.expect("Proxmox");
    j.send(ENTER);
    j.wait_saved();
    let session = j.session();
    let answer = &session["answers"]["products.in_use"];
    assert_eq!(
        answer["value"]["choice"]["selected"],
        serde_json::json!(["other"])
    );
    assert_eq!(answer["value"]["choice"]["other"], "Proxmox");
    assert!(
        answer["notes"].as_str().unwrap_or_default().is_empty(),
        "{answer}"
    );
    // Scrolled to the tenth, its digit shows.
    for _ in 0..9 {
        j.send(DOWN);
    }
    j.expect("[x] 0 Other product…");
    j.send(CTRL_Q);
    assert!(j.wait_exit());
}

#[test]
fn f11_brings_the_stage_at_80x24_and_hides_the_side_columns_at_120x40() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = at_products(dir.path());
    j.send(F11);
    j.expect("Ask next");
    for _ in 0..3 {
        j.send(F11);
    }
    j.expect("Which products and features do you use");
    j.resize(120, 40);
    j.expect("┌ Outline");
    j.send(F11);
    j.wait_for("the side columns to go", |s| {
        !s.contains("┌ Outline") && s.contains("Which products and features")
    });
    j.send(F11);
    j.expect("┌ Outline");
    j.send(CTRL_Q);
    assert!(j.wait_exit());
}
