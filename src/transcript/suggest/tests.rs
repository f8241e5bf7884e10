use proptest::prelude::*;

use super::*;
use crate::guide::Guide;
use crate::session::Meta;

fn guide() -> Guide {
    crate::guide::builtin().expect("the built-in guide")
}

fn line(at: f64, speaker: &str, text: &str) -> Placed {
    Placed {
        start: at,
        end: at + 3.0,
        speaker: Some(speaker.to_string()),
        text: text.to_string(),
        question: None,
    }
}

fn roles() -> Roles {
    Roles {
        participant: Some("Dana Ruiz".into()),
        interviewer: Some("Alex Kim".into()),
    }
}

fn found(s: &[Suggestion]) -> Vec<(&str, &str, f64)> {
    s.iter()
        .map(|s| (s.question.as_str(), s.option.as_str(), s.at))
        .collect()
}

#[test]
fn a_participants_words_suggest_an_option_accents_and_case_aside() {
    let g = guide();
    let session = Session::new(&g, Meta::new("Acme"));
    let lines = [
        line(10.0, "Alex Kim", "Did you move Exchange?"),
        line(
            751.0,
            "Dana Ruiz",
            "…we moved EXCHANGE onto VMware last spring…",
        ),
        line(
            800.0,
            "Dana Ruiz",
            "The mail server went first, then the exchange again.",
        ),
    ];
    let got = suggest(&g, &session, &lines, &roles());
    assert_eq!(found(&got), [("workloads.business", "exchange", 751.0)]);
    assert_eq!(got[0].text, "…we moved EXCHANGE onto VMware last spring…");
    assert_eq!(got[0].speaker.as_deref(), Some("Dana Ruiz"));
}

#[test]
fn whole_words_only() {
    let g = guide();
    let session = Session::new(&g, Meta::new("Acme"));
    // "sap" inside "sapling" and "exchange" inside "exchanges" are not the cues.
    let lines = [line(
        5.0,
        "Dana Ruiz",
        "A sapling of an idea; exchanges of views.",
    )];
    assert!(suggest(&g, &session, &lines, &roles()).is_empty());
}

#[test]
fn answered_questions_and_picked_options_are_not_suggested() {
    let g = guide();
    let mut session = Session::new(&g, Meta::new("Acme"));
    let (_, q) = g
        .questions()
        .find(|(_, q)| q.id == "workloads.business")
        .expect("question");
    assert!(session.pick(q, "sap"));
    let lines = [line(
        5.0,
        "Dana Ruiz",
        "SAP and the mail server run on vSphere; vMotion too.",
    )];
    let got = suggest(&g, &session, &lines, &roles());
    assert!(
        got.iter().all(|s| s.question != "workloads.business"),
        "{got:?}"
    );
    assert!(got
        .iter()
        .any(|s| s.question == "products.in_use" && s.option == "vmotion"));
}

#[test]
fn without_a_participant_every_line_but_the_interviewers_counts() {
    let g = guide();
    let session = Session::new(&g, Meta::new("Acme"));
    let lines = [
        line(1.0, "Alex Kim", "Is SAP virtual?"),
        line(2.0, "Someone", "SAP is virtual."),
    ];
    let roles = Roles {
        participant: None,
        interviewer: Some("alex kim".into()),
    };
    let got = suggest(&g, &session, &lines, &roles);
    assert_eq!(found(&got), [("workloads.business", "sap", 2.0)]);
}

#[test]
fn taking_a_suggestion_picks_and_quotes_and_never_replaces_a_single_answer() {
    let g = guide();
    let mut session = Session::new(&g, Meta::new("Acme"));
    let lines = [
        line(
            751.0,
            "Dana Ruiz",
            "we moved Exchange onto VMware last spring",
        ),
        line(
            760.0,
            "Dana Ruiz",
            "and SAP after it; the CIO backed it for consolidation",
        ),
    ];
    let got = suggest(&g, &session, &lines, &roles());
    let exchange = got
        .iter()
        .find(|s| s.option == "exchange")
        .expect("exchange");
    assert_eq!(
        take(&g, &mut session, exchange).as_deref(),
        Ok("Business apps virtualized: Microsoft Exchange, with the line as its quote")
    );
    let sap = got.iter().find(|s| s.option == "sap").expect("sap");
    assert!(take(&g, &mut session, sap).is_ok());
    let answer = session.answer("workloads.business").expect("answer");
    assert!(
        matches!(&answer.value, Some(Value::Choice { selected, .. }) if selected == &["exchange", "sap"])
    );
    let said = answer
        .said_of("we moved Exchange onto VMware last spring")
        .expect("said");
    assert_eq!(
        (said.at, said.speaker.as_deref()),
        (751.0, Some("Dana Ruiz"))
    );
    // A single choice answered otherwise in the meantime is not replaced.
    let (_, primary) = g
        .questions()
        .find(|(_, q)| q.id == "value.primary")
        .expect("q");
    let consolidation = got
        .iter()
        .find(|s| s.question == "value.primary")
        .expect("value");
    assert_eq!(consolidation.option, "consolidation");
    session.pick(primary, "agility");
    let refused = take(&g, &mut session, consolidation).expect_err("refused");
    assert!(refused.contains("already answered “Agility"), "{refused}");
    assert!(session
        .answer("value.primary")
        .is_some_and(|a| a.quotes.is_empty()));
}

proptest! {
    /// Whatever was answered and said, no suggestion is for a question dealt with or an option
    /// already picked.
    #[test]
    fn never_for_an_answered_question_or_a_picked_option(
        picks in proptest::collection::vec((0usize..80, 0usize..12), 0..12),
        said in proptest::collection::vec(0usize..400, 1..12),
    ) {
        let g = guide();
        let mut session = Session::new(&g, Meta::new("Acme"));
        let choice: Vec<_> = g.questions().filter(|(_, q)| q.kind.is_choice()).map(|(_, q)| q).collect();
        for (qi, oi) in picks {
            let q = choice[qi % choice.len()];
            let o = &q.options[oi % q.options.len()];
            session.pick(q, &o.id);
        }
        let phrases: Vec<&str> = choice.iter().flat_map(|q| q.options.iter()).flat_map(|o| o.cues.iter()).map(String::as_str).collect();
        let lines: Vec<Placed> = said
            .iter()
            .enumerate()
            .map(|(i, n)| line(i as f64, "Dana Ruiz", &format!("well, {} it was", phrases[n % phrases.len()])))
            .collect();
        let got = suggest(&g, &session, &lines, &roles());
        prop_assert!(!got.is_empty() || !session.answers.is_empty());
        for s in got {
            let answer = session.answer(&s.question);
            prop_assert!(answer.is_none_or(|a| a.state == AnswerState::NotAsked), "{s:?}");
            let picked = matches!(answer.and_then(|a| a.value.as_ref()),
                Some(Value::Choice { selected, .. }) if selected.contains(&s.option));
            prop_assert!(!picked, "{s:?}");
        }
    }
}
