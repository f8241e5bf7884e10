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

#[test]
fn ctrl_z_takes_back_a_suggestion_taken_and_a_line_quoted_in_the_interview() {
    use journey::tui::app::{App, Launch};
    use journey::tui::component::Ctx;
    use journey::tui::nav::Edit;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().expect("tempdir");
    let id = nordbank(dir.path());
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let t0 = std::time::Instant::now();
    let mut app = App::new(guide.clone(), store.clone(), Launch::Resume(id.clone()), t0);
    let suggestion = journey::transcript::Suggestion {
        question: "triggers.business".into(),
        option: "hardware-refresh".into(),
        at: 100.0,
        text: "The hardware refresh was the trigger.".into(),
        speaker: Some("Marta Lindqvist".into()),
    };
    let quote = Edit::Quote {
        question: "org.industry".into(),
        text: "Retail banking, mostly in the Nordics.".into(),
        at: 11.0,
        speaker: Some("Marta Lindqvist".into()),
        then_code: false,
    };
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    for edit in [Edit::Take(suggestion), quote] {
        let question = match &edit {
            Edit::Take(s) => s.question.clone(),
            Edit::Quote { question, .. } => question.clone(),
            _ => unreachable!(),
        };
        let ctx = Ctx::new(&guide, &store, t0, None);
        app.screen.component_mut().edit(edit, &ctx);
        let changed = app
            .interview()
            .expect("interview")
            .session()
            .answer(&question)
            .cloned();
        assert!(changed.is_some_and(|a| !a.quotes.is_empty()), "{question}");
        app.handle_key(ctrl_z, t0);
        let after = app
            .interview()
            .expect("interview")
            .session()
            .answer(&question)
            .cloned();
        let after = after.unwrap_or_default();
        assert!(
            after.quotes.is_empty() && after.value.is_none(),
            "{question}: {after:?}"
        );
    }
}
