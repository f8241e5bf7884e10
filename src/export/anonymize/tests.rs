//! The anonymiser's unit tests.

use super::*;
use crate::guide::builtin;
use crate::session::{AnswerState, Meta};

fn session(id: &str, customer: &str, participant: &str, interviewer: &str) -> Session {
    let guide = builtin().expect("guide");
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").expect("time");
    let mut s = Session::new(
        &guide,
        Meta {
            customer: customer.into(),
            customer_id: crate::text::slug(customer),
            participant: participant.into(),
            role: "CIO".into(),
            interviewer: interviewer.into(),
            consent: true,
            started: t,
            updated: t,
            finished: None,
            aliases: Default::default(),
            lang: String::new(),
        },
    );
    s.id = id.into();
    s
}

#[test]
fn names_become_stable_aliases_everywhere() {
    let mut a = session(
        "2026-11-25-acme-corp-k3f9",
        "Acme Corp",
        "Dana Reyes",
        "Sam Lee",
    );
    a.answer_mut("q").notes =
        "Dana said ACME's storage was a mess; Reyes agreed. Sam Lee asked why.".into();
    a.answer_mut("q")
        .quotes
        .push("At Acme Corp we never looked back".into());
    let t = a.answer_mut("t");
    t.state = AnswerState::Answered;
    t.value = Some(Value::Text("acme corp and Dana".into()));
    let b = session("2026-11-26-globex-ab12", "Globex", "Ana", "Sam Lee");
    let mut sessions = vec![a, b];
    anonymize(&mut sessions);
    let (a, b) = (&sessions[0], &sessions[1]);
    assert_eq!(
        (
            a.meta.customer.as_str(),
            a.meta.participant.as_str(),
            a.meta.interviewer.as_str()
        ),
        ("C1", "P1", "I1")
    );
    assert_eq!(
        (
            b.meta.customer.as_str(),
            b.meta.participant.as_str(),
            b.meta.interviewer.as_str()
        ),
        ("C2", "P2", "I1")
    );
    assert_eq!(a.id, "2026-11-25-c1-k3f9");
    let q = a.answer("q").expect("q");
    assert_eq!(
        q.notes,
        "P1 said C1's storage was a mess; P1 agreed. I1 asked why."
    );
    assert_eq!(q.quotes, ["At C1 we never looked back"]);
    assert_eq!(
        a.answer("t").and_then(|t| t.value.clone()),
        Some(Value::Text("C1 and P1".into()))
    );
}

#[test]
fn parts_of_other_words_are_left_alone() {
    let mut s = vec![session("2026-11-25-al-0000", "Al", "Bo Li", "")];
    s[0].answer_mut("q").notes = "Also, Libby met Al and Bo.".into();
    anonymize(&mut s);
    assert_eq!(
        s[0].answer("q").map(|a| a.notes.as_str()),
        Some("Also, Libby met C1 and P1.")
    );
    assert_eq!(s[0].meta.interviewer, "");
}

/// Names built to slip through: each row is (customer, participant, a note, what the note
/// must become).
#[test]
fn names_built_to_slip_through_are_caught() {
    let table = [
        (
            "Yahoo!",
            "Ann Wu",
            "We met Yahoo! in May; yahoo runs it.",
            "We met C1 in May; C1 runs it.",
        ),
        (
            "Globex (UK)",
            "Ann Wu",
            "Globex (UK) and Globex agreed.",
            "C1 and C1 agreed.",
        ),
        (
            "Acme Holdings",
            "Ann Wu",
            "Acme said so, as did ACME HOLDINGS.",
            "C1 said so, as did C1.",
        ),
        (
            "Société Générale",
            "Ann Wu",
            "Societe Generale and société générale.",
            "C1 and C1.",
        ),
        (
            "Initech",
            "Bob O'Neil",
            "Write to bob.oneil@initech.com today.",
            "Write to [e-mail] today.",
        ),
        (
            "Initech",
            "Jean-Luc Picard",
            "Jean said no; Luc said yes; Picard left.",
            "P1 said no; P1 said yes; P1 left.",
        ),
        (
            "Åre Kraft AB",
            "Zoë Ærø",
            "zoe aero phoned from are kraft.",
            "P1 phoned from C1.",
        ),
    ];
    for (customer, participant, note, expected) in table {
        let mut s = vec![session("2026-11-25-x-0000", customer, participant, "")];
        s[0].answer_mut("q").notes = note.into();
        anonymize(&mut s);
        assert_eq!(
            s[0].answer("q").map(|a| a.notes.as_str()),
            Some(expected),
            "{customer} / {participant}"
        );
    }
}

#[test]
fn a_name_the_anonymiser_was_not_given_gets_no_pass() {
    let given = session("2026-11-25-acme-0000", "Acme", "Ann Wu", "Sam Lee");
    let anonymizer = Anonymizer::new([&given.meta]);
    let mut s = session("2026-11-25-globex-0000", "Globex", "Bo Li", "Sam Lee");
    anonymizer.apply(&mut s);
    assert_eq!(
        (s.meta.customer.as_str(), s.meta.participant.as_str()),
        ("C?", "P?")
    );
    assert_eq!(s.meta.interviewer, "I1");
}

/// Nicknames and short forms kept in the session hide behind the same alias, and the list of
/// them does not travel with the anonymised session.
#[test]
fn other_names_kept_in_the_session_are_hidden_too() {
    let mut a = session(
        "2026-11-25-societe-generale-0000",
        "Société Générale",
        "Robert Smith",
        "Sam Lee",
    );
    a.meta.aliases.customer = vec!["SocGen".into()];
    a.meta.aliases.participant = vec!["Bobby".into()];
    a.answer_mut("q").notes = "Bobby at SocGen said socgen's plan is late.".into();
    let mut b = session("2026-11-26-globex-0000", "Globex", "", "Sam Lee");
    b.meta.aliases.participant = vec!["the Duke".into()];
    b.answer_mut("q").notes = "The Duke and Bobby met.".into();
    let mut s = vec![a, b];
    anonymize(&mut s);
    assert_eq!(
        s[0].answer("q").map(|a| a.notes.as_str()),
        Some("P1 at C1 said C1's plan is late.")
    );
    assert_eq!(
        s[1].answer("q").map(|a| a.notes.as_str()),
        Some("P2 and P1 met.")
    );
    assert!(s.iter().all(|s| s.meta.aliases.is_empty()));
}

/// Coded texts, conflicts and who made them: no name passes, and a coded part of the notes is
/// still a part of the anonymised notes.
#[test]
fn coded_texts_and_conflicts_are_anonymised_where_they_are() {
    use crate::session::{Conflict, ConflictVersion};
    let mut a = session("2026-11-25-acme-0000", "Acme Corp", "Dana Reyes", "Sam Lee");
    let q = a.answer_mut("q");
    q.notes = "First line.\nDana says Acme Corp moved everything in 2019.".into();
    q.quotes.push("Acme never looked back".into());
    a.apply_code("q", "cme Corp moved everything", "fud");
    a.apply_code("q", "Acme never looked back", "fud");
    a.apply_code("q", "Dana says", "sponsorship");
    let at = a.meta.started;
    let version = |text: &str, by: &str| ConflictVersion {
        state: AnswerState::Answered,
        value: Some(Value::Text(text.into())),
        by: by.into(),
        at,
    };
    a.conflicts.push(Conflict {
        question: "q".into(),
        on: Default::default(),
        versions: vec![
            version("Dana wants it", "Sam Lee"),
            version("Reyes does not", "Ines Duarte"),
        ],
    });
    a.conflicts.push(Conflict {
        question: "meta.participant".into(),
        on: Default::default(),
        versions: vec![version("Dana Reyes-Smith", "Sam Lee")],
    });
    let mut s = vec![a];
    anonymize(&mut s);
    let q = s[0].answer("q").expect("q");
    let texts: Vec<&str> = q.coded.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        ["C1 moved everything", "C1 never looked back", "P1 says"]
    );
    for c in &q.coded {
        assert!(
            q.notes.contains(&c.text) || q.quotes.contains(&c.text),
            "{:?} in {:?}",
            c.text,
            q.notes
        );
    }
    let json = serde_json::to_string(&s[0]).expect("json");
    for name in ["Dana", "Reyes", "Acme", "Sam", "Ines", "Duarte"] {
        assert!(!json.contains(name), "{name} in {json}");
    }
    let by: Vec<&str> = s[0].conflicts[0]
        .versions
        .iter()
        .map(|v| v.by.as_str())
        .collect();
    assert_eq!(by, ["I1", "I?"]);
    // A metadata conflict holds other spellings of the names: it is left out whole.
    assert_eq!(s[0].conflicts.len(), 1, "{:?}", s[0].conflicts);
}

#[test]
fn each_part_of_a_hyphenated_name_is_hidden_with_or_without_its_apostrophe() {
    let mut a = session(
        "2026-11-25-acme-k3f9",
        "Acme",
        "Dana O'Neil-Smith",
        "Sam Lee",
    );
    a.answer_mut("q").notes =
        "ONeil runs the team; O Neil and O'Neil agreed, Smith too, and O’Neil-Smith.".into();
    let mut s = vec![a];
    anonymize(&mut s);
    let notes = &s[0].answer("q").expect("q").notes;
    for name in ["Neil", "Smith"] {
        assert!(!notes.contains(name), "{name} in {notes}");
    }
}
