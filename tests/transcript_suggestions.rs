//! What the customer said as evidence, with the real binary: `transcript show` lists the
//! options a participant's lines suggest for questions not answered yet, and none for a
//! question answered since.

mod common;

use std::path::Path;

use journey::session::Store;

fn nordbank(dir: &Path) -> String {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Nordbank");
    s.meta.participant = "Marta Lindqvist".into();
    s.meta.interviewer = "Sam Okafor".into();
    common::pick(&mut s, "products.in_use", &["esxi"]);
    store.create(&mut s).expect("create");
    common::outputs::ok(
        dir,
        &[
            "transcript",
            "add",
            &s.id,
            "tests/transcripts/zoom.vtt",
            "--offset",
            "30",
        ],
    );
    s.id
}

fn suggestions(dir: &Path, id: &str) -> Vec<(String, String, f64)> {
    let out = common::outputs::ok(dir, &["transcript", "show", id, "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&out).expect("json");
    shown["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .map(|s| {
            assert!(s["text"].as_str().is_some_and(|t| !t.is_empty()), "{s}");
            (
                s["question"].as_str().expect("question").to_string(),
                s["option"].as_str().expect("option").to_string(),
                s["at"].as_f64().expect("at"),
            )
        })
        .collect()
}

#[test]
fn the_participants_words_are_suggested_for_questions_not_answered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = nordbank(dir.path());
    let want = |q: &str, o: &str, at: f64| (q.to_string(), o.to_string(), at);
    assert_eq!(
        suggestions(dir.path(), &id),
        [
            want("triggers.business", "hardware-refresh", 100.0),
            want("workloads.business", "exchange", 100.0),
            want("workloads.business", "sap", 310.5),
        ]
    );
    let plain = common::outputs::ok(dir.path(), &["transcript", "show", &id]);
    assert!(
        plain.contains("01:40  “The hardware refresh was the trigger: we moved Exchange onto VMware last spring.” → Business apps virtualized: Microsoft Exchange?"),
        "{plain}"
    );
    // Answered since: nothing more for that question.
    let store = Store::open(dir.path()).expect("store");
    let mut s = store.load(&id).expect("load");
    common::pick(&mut s, "workloads.business", &["oracle-apps"]);
    store.save(&s).expect("save");
    let left = suggestions(dir.path(), &id);
    assert_eq!(left, [want("triggers.business", "hardware-refresh", 100.0)]);
}
