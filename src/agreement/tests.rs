use super::*;
use crate::guide::builtin;
use crate::session::{Meta, Placement};

const STAGES: [&str; 4] = [
    "stage-zero",
    "it-production",
    "business-production",
    "itaas",
];

fn session(guide: &Guide, id: &str, placed: &[(&str, usize)]) -> Session {
    let mut s = Session::new(guide, Meta::new(format!("Customer {id}")));
    s.id = id.to_string();
    for (i, (by, stage)) in placed.iter().enumerate() {
        s.place(Placement {
            by: by.to_string(),
            stage: STAGES[*stage].to_string(),
            sure: Sure::Medium,
            at: s.meta.started + chrono::Duration::minutes(i as i64),
        });
    }
    s
}

#[test]
fn stage_agreement_over_sessions_two_researchers_placed() {
    let guide = builtin().expect("guide");
    let mut tally = Tally::new(&guide);
    tally.add(
        &session(&guide, "a", &[("Ana", 1), ("Ben", 1)]),
        Some("it-production"),
    );
    tally.add(
        &session(&guide, "b", &[("Ana", 2), ("Ben", 3)]),
        Some("itaas"),
    );
    tally.add(
        &session(&guide, "c", &[("Ana", 0), ("Ben", 0), ("Cy", 1)]),
        None,
    );
    // Placed once: not counted. Placed by nobody: not seen.
    tally.add(&session(&guide, "d", &[("Ana", 3)]), None);
    tally.add(&session(&guide, "e", &[]), None);
    let a = tally.finish(&guide);
    assert_eq!((a.sessions, a.placed_once), (3, 1));
    assert_eq!(a.researchers, ["Ana", "Ben", "Cy"]);
    // Pairs within sessions: a 1/1, b 0/1, c 1/3 → 2 of 5.
    assert_eq!(a.stage.percent, Some(40.0));
    assert!(a.stage.alpha.is_some() && a.stage.alpha_note.is_none());
    let pair = |x: &str, y: &str| a.stage.pairs.iter().find(|p| p.a == x && p.b == y);
    let ana_ben = pair("Ana", "Ben").expect("pair");
    assert_eq!((ana_ben.n, ana_ben.percent), (3, 100.0 * 2.0 / 3.0));
    let ana_gauge = pair("Ana", GAUGE).expect("gauge pair");
    assert_eq!((ana_gauge.n, ana_gauge.percent), (2, 50.0));
    // Cy and the gauge share no session: no pair.
    assert!(pair("Cy", GAUGE).is_none());
    let ids: Vec<&str> = a.disagreements.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["b", "c"]);
    assert_eq!(a.disagreements[0].gauge_agrees, Some(false));
    assert_eq!(a.notes.len(), 1, "{:?}", a.notes);
    let json = serde_json::to_string(&a).expect("json");
    assert!(
        !json.contains("NaN") && !json.contains("null,\"alpha_note"),
        "{json}"
    );
}

#[test]
fn every_rater_on_one_stage_leaves_alpha_undefined_with_a_note() {
    let guide = builtin().expect("guide");
    let mut tally = Tally::new(&guide);
    tally.add(
        &session(&guide, "a", &[("Ana", 2), ("Ben", 2)]),
        Some("business-production"),
    );
    tally.add(&session(&guide, "b", &[("Ana", 2), ("Ben", 2)]), None);
    let a = tally.finish(&guide);
    assert_eq!(a.stage.percent, Some(100.0));
    assert_eq!(a.stage.alpha, None);
    let note = a.stage.alpha_note.as_deref().expect("note");
    assert!(note.contains("same category"), "{note}");
    assert!(a.disagreements.is_empty());
    let json = serde_json::to_value(&a).expect("json");
    assert!(json["stage"]["alpha"].is_null());
    assert!(json["stage"]["alpha_note"].is_string());
}

#[test]
fn one_researcher_only_gives_no_sessions_and_says_so() {
    let guide = builtin().expect("guide");
    let mut tally = Tally::new(&guide);
    tally.add(&session(&guide, "a", &[("Ana", 2)]), Some("itaas"));
    // The same researcher twice is one placement: their latest.
    tally.add(&session(&guide, "b", &[("Ana", 2), ("Ana", 3)]), None);
    let a = tally.finish(&guide);
    assert_eq!((a.sessions, a.placed_once), (0, 2));
    assert_eq!(a.stage.percent, None);
    assert_eq!(a.stage.alpha, None);
    assert!(a.stage.alpha_note.is_some());
    assert!(a.stage.pairs.is_empty());
    assert!(a.notes[0].contains("2 sessions placed by one researcher only"));
}

#[test]
fn codes_agree_by_session_and_by_text_two_researchers_coded() {
    let guide = builtin().expect("guide");
    let mut tally = Tally::new(&guide);
    let q = "sponsorship.sponsor";
    let mut s = session(&guide, "a", &[("Ana", 1), ("Ben", 1)]);
    s.apply_code_by(q, "The CIO owns it.", "sponsorship", Some("Ana"));
    s.apply_code_by(q, "The CIO owns it.", "sponsorship", Some("Ben"));
    s.apply_code_by(q, "The CIO owns it.", "fud", Some("Ben"));
    s.apply_code_by(q, "Nobody else.", "fud", Some("Ana"));
    // A code from before codes named who applied them is left out, and said so.
    s.apply_code(q, "Old line.", "value");
    tally.add(&s, None);
    let mut t = session(&guide, "b", &[("Ana", 2), ("Ben", 2)]);
    t.apply_code_by(q, "We wait.", "sponsorship", Some("Ana"));
    tally.add(&t, None);
    let a = tally.finish(&guide);
    let ids: Vec<&str> = a.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(ids, ["sponsorship", "fud"]);
    let sponsorship = &a.codes[0];
    assert_eq!(sponsorship.sessions.units, 2);
    assert_eq!(sponsorship.segments.units, 1);
    // Both researchers gave the one shared text "sponsorship": no variation there.
    assert_eq!(sponsorship.segments.alpha, None);
    assert!(sponsorship.segments.note.is_some());
    // Session a: both applied fud; session b: neither → perfect agreement.
    assert_eq!(a.codes[1].sessions.alpha, Some(1.0));
    assert!(a
        .notes
        .iter()
        .any(|n| n.contains("before journey recorded")));
}
