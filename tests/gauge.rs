//! The stage gauge against customers the seed describes, in its own words: where each lands, how
//! sure the gauge is, what disagrees, and what it suggests asking next, for whole and partial
//! interviews.

mod common;

use common::{guide, pick, session};
use journey::assess::{assess, Assessment, StrengthLabel};
use journey::guide::Guide;
use journey::session::{AnswerState, Session, Value};
use proptest::prelude::*;

/// One answer: a question and the options picked, or a number.
enum A {
    Pick(&'static str, &'static [&'static str]),
    Num(&'static str, f64),
}
use A::{Num, Pick};

fn build(guide: &Guide, answers: &[A]) -> Session {
    let mut s = session(guide, "Seed customer");
    for a in answers {
        give(&mut s, a);
    }
    s
}

/// Records one answer.
fn give(s: &mut Session, a: &A) {
    match a {
        Pick(q, ids) => pick(s, q, ids),
        Num(q, n) => {
            let a = s.answer_mut(q);
            a.state = AnswerState::Answered;
            a.value = Some(Value::Number(*n));
        }
    }
}

/// What the seed says of a customer, and what the gauge must show.
struct Customer {
    name: &'static str,
    answers: &'static [A],
    /// The stage label ("IT Production", "between IT Production and Business Production").
    label: &'static str,
    /// Whether the answers disagree, by the seed.
    disagree: bool,
}

/// "IT virtualizes what it owns": file and print, domain controllers, an IT director, reactive
/// to a hardware refresh, consolidation as the value, no business applications yet.
const IT_PRODUCTION: &[A] = &[
    Pick("org.team", &["dedicated"]),
    Pick("start.began", &["test-dev"]),
    Pick("start.production", &["yes"]),
    Num("start.share", 25.0),
    Pick("triggers.business", &["hardware-refresh"]),
    Pick("workloads.it", &["file-print", "domain-controllers"]),
    Pick("workloads.business", &["none"]),
    Pick("products.in_use", &["esxi", "vcenter"]),
    Pick("products.breadth", &["core"]),
    Pick("sponsorship.sponsor", &["it-owned"]),
    Pick("sponsorship.app_owners", &["not-yet"]),
    Pick("confidence.posture", &["reactive"]),
    Pick("value.primary", &["consolidation"]),
    Pick("value.tracked", &["capex", "space-cooling"]),
    Pick("policy.exists", &["weak"]),
    Pick("itaas.new_workloads", &["physical"]),
];

/// Stage zero: "companies just experiment with the technology", nothing in production.
const STAGE_ZERO: &[A] = &[
    Pick("start.began", &["lab"]),
    Pick("start.production", &["no"]),
    Pick("sponsorship.sponsor", &["nobody"]),
    Pick("confidence.posture", &["learning"]),
];

/// Crossing the chasm: the first business application (Exchange) with application owners
/// coming on board, while IT still owns the programme and reacts to triggers.
const CROSSING: &[A] = &[
    Pick("org.team", &["dedicated"]),
    Pick("start.production", &["yes"]),
    Pick("workloads.it", &["file-print", "domain-controllers", "web"]),
    Pick("workloads.business", &["exchange"]),
    Pick("products.in_use", &["esxi", "vcenter", "vmotion"]),
    Pick("products.breadth", &["core"]),
    Pick("sponsorship.sponsor", &["it-owned"]),
    Pick("sponsorship.app_owners", &["some"]),
    Pick("confidence.posture", &["reactive"]),
    Pick("value.primary", &["quality"]),
];

/// Business Production: Exchange and SAP with their owners, HA and SRM for quality of service,
/// application owners as sponsors, a policy for known applications.
const BUSINESS_PRODUCTION: &[A] = &[
    Pick("org.team", &["dedicated"]),
    Pick("start.production", &["yes"]),
    Num("start.share", 55.0),
    Pick(
        "workloads.it",
        &["file-print", "domain-controllers", "test-dev"],
    ),
    Pick("workloads.business", &["exchange", "sap"]),
    Pick(
        "products.in_use",
        &["esxi", "vcenter", "vmotion", "ha", "srm", "view"],
    ),
    Pick("products.breadth", &["some"]),
    Pick("products.vmotion_when", &["first-year"]),
    Pick("sponsorship.sponsor", &["it-owned", "app-owners"]),
    Pick("sponsorship.app_owners", &["some"]),
    Pick("confidence.posture", &["selective"]),
    Pick("value.primary", &["quality"]),
    Pick("value.tracked", &["sla", "continuity"]),
    Pick("policy.exists", &["known-apps"]),
    Pick("itaas.new_workloads", &["case-by-case"]),
];

/// ITaaS, with the path every ITaaS customer took: file and print first, Exchange later, a CIO
/// sponsor with MBOs, everything new deployed virtual, DRS automatic, SRM and DR in place, the
/// team folded back into the server team.
const ITAAS: &[A] = &[
    Pick("org.team", &["folded-back"]),
    Pick("start.began", &["it-servers"]),
    Pick("start.production", &["yes"]),
    Num("start.share", 90.0),
    Pick("triggers.business", &["hardware-refresh"]),
    Pick(
        "workloads.it",
        &["file-print", "domain-controllers", "web", "test-dev"],
    ),
    Pick(
        "workloads.business",
        &["exchange", "sap", "databases", "nearly-all"],
    ),
    Pick("workloads.from_dev", &["yes"]),
    Pick(
        "products.in_use",
        &[
            "esxi",
            "vcenter",
            "vmotion",
            "drs",
            "ha",
            "ft",
            "srm",
            "lab-manager",
        ],
    ),
    Pick("products.breadth", &["most"]),
    Pick("sponsorship.sponsor", &["cio"]),
    Pick("sponsorship.mbo", &["yes"]),
    Pick("sponsorship.app_owners", &["most"]),
    Pick("confidence.posture", &["default"]),
    Pick("value.primary", &["agility"]),
    Pick("value.tracked", &["time-to-market", "automation"]),
    Pick("value.reporting", &["regularly"]),
    Pick("policy.exists", &["enforced"]),
    Pick("policy.when", &["early"]),
    Num("policy.enforcement", 5.0),
    Pick("itaas.new_workloads", &["virtual"]),
    Pick("itaas.on_demand", &["yes"]),
    Pick("itaas.drs", &["automatic"]),
    Pick("itaas.dr", &["solution"]),
    Pick("itaas.desktops", &["pilot"]),
];

/// Mixed signals: a CIO sponsor, but only file and print virtualized and a reactive team.
const MIXED: &[A] = &[
    Pick("start.production", &["yes"]),
    Pick("workloads.it", &["file-print"]),
    Pick("workloads.business", &["none"]),
    Pick("sponsorship.sponsor", &["cio"]),
    Pick("confidence.posture", &["reactive"]),
    Pick("value.primary", &["consolidation"]),
];

const CUSTOMERS: &[Customer] = &[
    Customer {
        name: "stage zero lab",
        answers: STAGE_ZERO,
        label: "Stage zero",
        disagree: false,
    },
    Customer {
        name: "IT Production shop",
        answers: IT_PRODUCTION,
        label: "IT Production",
        disagree: false,
    },
    Customer {
        name: "crossing the chasm",
        answers: CROSSING,
        label: "between IT Production and Business Production",
        disagree: false,
    },
    Customer {
        name: "Business Production",
        answers: BUSINESS_PRODUCTION,
        label: "Business Production",
        disagree: false,
    },
    Customer {
        name: "ITaaS with its history",
        answers: ITAAS,
        label: "ITaaS",
        disagree: false,
    },
    Customer {
        name: "mixed signals",
        answers: MIXED,
        label: "IT Production",
        disagree: true,
    },
];

fn width(a: &Assessment) -> f64 {
    let [low, high] = a.range.expect("a band");
    high - low
}

#[test]
fn the_seeds_customers_land_where_the_seed_puts_them() {
    let guide = guide();
    for c in CUSTOMERS {
        let a = assess(&guide, &build(&guide, c.answers));
        let p = a.position.expect("a position");
        let [low, high] = a.range.expect("a band");
        assert_eq!(a.stage_label(&guide), c.label, "{}: {a:#?}", c.name);
        assert!(
            low <= p && p <= high && (0.0..=3.0).contains(&p),
            "{}",
            c.name
        );
        assert_eq!(
            !a.disagreements.is_empty(),
            c.disagree,
            "{}: {:#?}",
            c.name,
            a.disagreements
        );
        if c.disagree {
            assert!(a.strength.label < StrengthLabel::High, "{}", c.name);
        }
        // Every reason names its question.
        assert!(a.reasons.iter().all(|r| !r.label.is_empty()), "{}", c.name);
    }
}

#[test]
fn whole_interviews_that_agree_are_sure_and_narrow() {
    let guide = guide();
    for answers in [IT_PRODUCTION, BUSINESS_PRODUCTION, ITAAS] {
        let a = assess(&guide, &build(&guide, answers));
        assert!(a.strength.label >= StrengthLabel::Medium, "{a:#?}");
        assert!(a.agreement.expect("agreement") >= 0.85, "{a:#?}");
        assert!(width(&a) <= 1.0, "{:?}", a.range);
    }
    let itaas = assess(&guide, &build(&guide, ITAAS));
    assert_eq!(itaas.strength.label, StrengthLabel::High);
    assert!(itaas.position.expect("position") >= 2.8);
}

#[test]
fn mixed_signals_are_told_in_words_and_keep_the_band_open_towards_them() {
    let guide = guide();
    let a = assess(&guide, &build(&guide, MIXED));
    let message = &a.disagreements[0].message;
    assert!(
        message.starts_with("sponsorship says ITaaS")
            && message.contains("workloads")
            && message.contains("confidence")
            && message.contains("IT Production"),
        "{message}"
    );
    assert!(a.range.expect("band")[1] >= 2.0, "{:?}", a.range);
    assert!(a.disagreements[0]
        .questions
        .contains(&"sponsorship.sponsor".to_string()));
    // Ask next: a question that can settle it comes first.
    let first = &a.next_questions[0];
    assert!(first.why.contains("settle"), "{:#?}", a.next_questions);
}

#[test]
fn a_single_cio_answer_reads_as_a_wide_band_not_a_sure_itaas() {
    let guide = guide();
    let a = assess(
        &guide,
        &build(&guide, &[Pick("sponsorship.sponsor", &["cio"])]),
    );
    assert_eq!(a.stage.as_deref(), Some("itaas"));
    assert_eq!(a.strength.label, StrengthLabel::Low);
    assert!(width(&a) >= 1.0, "{:?}", a.range);
}

#[test]
fn partial_interviews_start_wide_and_never_claim_high_while_answers_disagree() {
    let guide = guide();
    for c in CUSTOMERS {
        let whole = build(&guide, c.answers);
        // The answers in guide order, as an interview takes them.
        let mut order: Vec<usize> = (0..c.answers.len()).collect();
        let key = |i: &usize| {
            let q = match &c.answers[*i] {
                Pick(q, _) | Num(q, _) => *q,
            };
            guide.position(q).expect("known question").flat
        };
        order.sort_by_key(key);
        let mut widths = Vec::new();
        for n in [5, 15, c.answers.len()] {
            let n = n.min(c.answers.len());
            let partial: Vec<&A> = order[..n].iter().map(|&i| &c.answers[i]).collect();
            let mut s = session(&guide, "partial");
            for a in partial {
                give(&mut s, a);
            }
            let a = assess(&guide, &s);
            if !a.disagreements.is_empty() {
                assert!(
                    a.strength.label < StrengthLabel::High,
                    "{} after {n}",
                    c.name
                );
            }
            if let Some(p) = a.position {
                let [low, high] = a.range.expect("a band with a position");
                assert!(low <= p && p <= high, "{} after {n}", c.name);
                widths.push(high - low);
            }
        }
        assert_eq!(
            assess(&guide, &whole).position.is_some(),
            !widths.is_empty()
        );
        // Wide early: the first five answers leave a wider band than the whole interview.
        if widths.len() >= 2 && c.answers.len() > 5 {
            assert!(
                widths[0] > *widths.last().expect("last"),
                "{}: {widths:?}",
                c.name
            );
        }
    }
}

#[test]
fn itaas_in_guide_order_never_says_high_a_stage_below_where_it_ends() {
    let guide = guide();
    let end = assess(&guide, &build(&guide, ITAAS))
        .position
        .expect("position");
    let mut order: Vec<&A> = ITAAS.iter().collect();
    order.sort_by_key(|a| match a {
        Pick(q, _) | Num(q, _) => guide.position(q).expect("question").flat,
    });
    for n in 1..=order.len() {
        let mut s = session(&guide, "step");
        for a in &order[..n] {
            give(&mut s, a);
        }
        let a = assess(&guide, &s);
        if a.strength.label == StrengthLabel::High {
            let p = a.position.expect("position");
            assert!(
                end - p < 1.0,
                "high at {p} after {n} answers, ends at {end}"
            );
        }
    }
}

#[test]
fn inflection_points_not_yet_asked_are_unknown() {
    let guide = guide();
    let s = build(&guide, &CROSSING[..4]);
    let a = assess(&guide, &s);
    let chasm = a
        .milestones
        .iter()
        .find(|m| m.id == "chasm")
        .expect("chasm");
    assert_eq!(chasm.state, journey::assess::MilestoneState::Unknown);
}

#[test]
fn a_session_recorded_with_guide_1_0_0_loads_and_is_assessed() {
    let guide = guide();
    let text = include_str!("fixtures/sessions/guide-1.0.0.json");
    let s: Session = serde_json::from_str(text).expect("a 1.0.0 session loads");
    assert_eq!(s.guide.version, "1.0.0");
    let a = assess(&guide, &s);
    assert!(a.position.is_some() && a.range.is_some());
    // Its one sponsor, recorded when the question took one, is read as the one sponsor picked.
    assert!(a
        .reasons
        .iter()
        .any(|r| r.question == "sponsorship.sponsor"));
}

/// Answers whose every stage evidence points to one stage, and which change no skip logic.
fn single_stage_answers(guide: &Guide) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for (_, q) in guide.questions() {
        if q.kind != journey::guide::Kind::Single {
            continue;
        }
        for o in &q.options {
            let stages: Vec<usize> = o
                .evidence
                .iter()
                .filter(|e| e.role != journey::guide::Role::History)
                .filter_map(|e| match &e.target {
                    journey::guide::Target::Stage { stage, .. } => guide.stage_index(stage),
                    _ => None,
                })
                .collect();
            if let Some(&first) = stages.first() {
                if stages.iter().all(|&s| s == first) {
                    out.push((q.id.clone(), o.id.clone(), first));
                }
            }
        }
    }
    out
}

fn shown(guide: &Guide, s: &Session) -> Vec<String> {
    guide
        .questions()
        .filter(|(sec, q)| guide.is_shown(sec, q, s))
        .map(|(_, q)| q.id.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Adding a present-tense answer that points to stage S never moves the position away from S,
    /// and the position stays within 0–3 and inside its band.
    #[test]
    fn an_answer_pointing_to_a_stage_never_moves_the_position_away_from_it(
        picks in proptest::collection::vec((0usize..1000, 0usize..1000), 0..12),
        extra in 0usize..1000,
    ) {
        let guide = guide();
        let answers = single_stage_answers(&guide);
        let mut s = session(&guide, "prop");
        for (q, o) in &picks {
            let (qid, _, _) = &answers[q % answers.len()];
            let options: Vec<&(String, String, usize)> =
                answers.iter().filter(|(id, _, _)| id == qid).collect();
            let (_, oid, _) = options[o % options.len()];
            pick(&mut s, qid, &[oid.as_str()]);
        }
        let before = assess(&guide, &s);
        let unanswered: Vec<&(String, String, usize)> = answers
            .iter()
            .filter(|(q, _, _)| s.answer(q).is_none_or(|a| a.state == AnswerState::NotAsked))
            .collect();
        prop_assume!(!unanswered.is_empty());
        let (qid, oid, stage) = unanswered[extra % unanswered.len()];
        let mut t = s.clone();
        pick(&mut t, qid, &[oid.as_str()]);
        prop_assume!(shown(&guide, &s) == shown(&guide, &t));
        prop_assume!(guide.is_shown(
            guide.sections.iter().find(|sec| sec.questions.iter().any(|q| &q.id == qid)).expect("section"),
            guide.question(qid).expect("question"),
            &t,
        ));
        let after = assess(&guide, &t);
        let target = *stage as f64;
        let p = after.position.expect("a position after an answer with stage evidence");
        let [low, high] = after.range.expect("band");
        prop_assert!((0.0..=3.0).contains(&p) && low <= p && p <= high, "{p} in {low}..{high}");
        if let Some(b) = before.position {
            prop_assert!(
                (p - target).abs() <= (b - target).abs() + 1e-9,
                "{qid}={oid} (stage {stage}) moved {b} → {p}"
            );
        }
    }
}
