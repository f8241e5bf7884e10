//! The assessment against customers the seed describes.

use super::*;
use crate::guide::builtin;
use crate::session::{AnswerState, Meta, Session};

mod readings;

fn session(guide: &Guide) -> Session {
    Session::new(guide, Meta::new("Test"))
}

fn pick(s: &mut Session, q: &str, ids: &[&str]) {
    let a = s.answer_mut(q);
    a.state = AnswerState::Answered;
    a.value = Some(Value::Choice {
        selected: ids.iter().map(|i| i.to_string()).collect(),
        other: None,
    });
}

fn number(s: &mut Session, q: &str, n: f64) {
    let a = s.answer_mut(q);
    a.state = AnswerState::Answered;
    a.value = Some(Value::Number(n));
}

/// The seed's IT Production customer: IT virtualized file, print and domain controllers under an
/// IT director, after a hardware refresh, to save on hardware.
fn it_production(guide: &Guide) -> Session {
    let mut s = session(guide);
    pick(&mut s, "start.production", &["yes"]);
    pick(&mut s, "triggers.business", &["hardware-refresh"]);
    pick(
        &mut s,
        "workloads.it",
        &["file-print", "domain-controllers"],
    );
    pick(&mut s, "workloads.business", &["none"]);
    pick(&mut s, "products.in_use", &["esxi", "vcenter"]);
    pick(&mut s, "sponsorship.sponsor", &["it-owned"]);
    pick(&mut s, "sponsorship.app_owners", &["not-yet"]);
    pick(&mut s, "confidence.posture", &["reactive"]);
    pick(&mut s, "value.primary", &["consolidation"]);
    pick(&mut s, "policy.exists", &["weak"]);
    s
}

/// The seed's ITaaS customer: CIO-sponsored, virtualization first, DR in place, resources on demand.
fn itaas(guide: &Guide) -> Session {
    let mut s = session(guide);
    pick(&mut s, "start.production", &["yes"]);
    pick(&mut s, "workloads.it", &["file-print", "web", "test-dev"]);
    pick(
        &mut s,
        "workloads.business",
        &["exchange", "sap", "databases"],
    );
    pick(
        &mut s,
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
    );
    pick(&mut s, "products.breadth", &["most"]);
    pick(&mut s, "sponsorship.sponsor", &["cio"]);
    pick(&mut s, "sponsorship.mbo", &["yes"]);
    pick(&mut s, "sponsorship.app_owners", &["most"]);
    pick(&mut s, "confidence.posture", &["default"]);
    pick(&mut s, "value.primary", &["agility"]);
    pick(&mut s, "policy.exists", &["enforced"]);
    number(&mut s, "policy.enforcement", 5.0);
    pick(&mut s, "itaas.new_workloads", &["virtual"]);
    pick(&mut s, "itaas.on_demand", &["yes"]);
    pick(&mut s, "itaas.dr", &["solution"]);
    pick(&mut s, "itaas.desktops", &["pilot"]);
    s
}

/// A Business Production customer: Exchange and SAP, owners on board, HA and SRM for quality of service.
fn business_production(guide: &Guide) -> Session {
    let mut s = session(guide);
    pick(&mut s, "start.production", &["yes"]);
    pick(
        &mut s,
        "workloads.it",
        &["file-print", "domain-controllers", "test-dev"],
    );
    pick(&mut s, "workloads.business", &["exchange", "sap"]);
    pick(
        &mut s,
        "products.in_use",
        &["esxi", "vcenter", "vmotion", "ha", "srm"],
    );
    pick(&mut s, "products.vmotion_when", &["first-year"]);
    pick(&mut s, "sponsorship.sponsor", &["app-owners"]);
    pick(&mut s, "sponsorship.app_owners", &["some"]);
    pick(&mut s, "confidence.posture", &["selective"]);
    pick(&mut s, "value.primary", &["quality"]);
    pick(&mut s, "policy.exists", &["known-apps"]);
    s
}

fn stage_name<'g>(guide: &'g Guide, a: &Assessment) -> &'g str {
    let id = a.stage.as_deref().expect("a stage");
    &guide.stages[guide.stage_index(id).expect("known stage")].name
}

#[test]
fn an_it_owned_consolidation_customer_sits_in_it_production() {
    let guide = builtin().expect("guide");
    let a = assess(&guide, &it_production(&guide));
    assert_eq!(stage_name(&guide, &a), "IT Production");
    let p = a.position.expect("position");
    assert!((0.8..=1.3).contains(&p), "position {p}");
    assert!(
        a.reasons
            .iter()
            .any(|r| r.question == "workloads.it" && r.why.contains("File and print")),
        "{:#?}",
        a.reasons
    );
    let sponsorship = &a.drivers[0];
    assert_eq!(sponsorship.level_name.as_deref(), Some("IT ownership"));
    let chasm = a
        .milestones
        .iter()
        .find(|m| m.id == "chasm")
        .expect("chasm");
    assert_eq!(chasm.state, MilestoneState::NotReached);
}

#[test]
fn a_cio_sponsored_virtualization_first_dr_ready_customer_sits_in_itaas() {
    let guide = builtin().expect("guide");
    let a = assess(&guide, &itaas(&guide));
    assert_eq!(stage_name(&guide, &a), "ITaaS");
    assert!(a.position.expect("position") > 2.5, "{:?}", a.position);
    assert_eq!(a.drivers[0].level_name.as_deref(), Some("CIO"));
    assert_eq!(a.drivers[1].level_name.as_deref(), Some("very high"));
    assert_eq!(a.drivers[2].level_name.as_deref(), Some("agility"));
    assert!(a.reasons.iter().any(|r| r.question == "itaas.dr"));
    assert_eq!(a.strength.label, StrengthLabel::High);
}

#[test]
fn a_customer_with_business_apps_and_owners_on_board_has_crossed_the_chasm() {
    let guide = builtin().expect("guide");
    let a = assess(&guide, &business_production(&guide));
    assert_eq!(stage_name(&guide, &a), "Business Production");
    let reached: Vec<_> = a
        .milestones
        .iter()
        .filter(|m| m.state == MilestoneState::Reached)
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(reached, ["vmotion", "chasm"]);
    let chasm = &a.milestones[1];
    assert!(
        chasm.reasons.iter().any(|r| r.contains("SAP")),
        "{:?}",
        chasm.reasons
    );
}

#[test]
fn a_customer_still_experimenting_sits_at_stage_zero_and_skips_production_questions() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    pick(&mut s, "start.production", &["no"]);
    pick(&mut s, "sponsorship.sponsor", &["nobody"]);
    pick(&mut s, "confidence.posture", &["learning"]);
    // Answered before the screening question changed: hidden now, so it must not count.
    pick(&mut s, "workloads.business", &["sap"]);
    let a = assess(&guide, &s);
    assert_eq!(a.stage.as_deref(), Some("stage-zero"));
    assert!(a.reasons.iter().all(|r| r.question != "workloads.business"));
    let (section, question) = guide
        .questions()
        .find(|(_, q)| q.id == "workloads.business")
        .expect("question");
    assert!(!guide.is_shown(section, question, &s));
}

#[test]
fn hidden_answers_make_no_highlight_and_reach_no_inflection_point() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    pick(&mut s, "start.production", &["yes"]);
    pick(&mut s, "workloads.it", &["web"]);
    pick(&mut s, "workloads.business", &["sap"]);
    pick(&mut s, "sponsorship.app_owners", &["most"]);
    let shown = assess(&guide, &s);
    let chasm = |a: &Assessment| {
        let m = a
            .milestones
            .iter()
            .find(|m| m.id == "chasm")
            .expect("chasm");
        (m.state, m.reasons.len())
    };
    assert_eq!(chasm(&shown), (MilestoneState::Reached, 2));
    assert!(shown.highlights.iter().any(|h| !h.items.is_empty()));
    // "In production today?" changed to No: every one of those answers is hidden (kept).
    pick(&mut s, "start.production", &["no"]);
    let hidden = assess(&guide, &s);
    assert_eq!(chasm(&hidden), (MilestoneState::Unknown, 0));
    assert!(
        hidden.highlights.iter().all(|h| h.items.is_empty()),
        "{:?}",
        hidden.highlights
    );
}

#[test]
fn a_multiple_choice_answer_counts_at_its_furthest_option_not_its_mean() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    pick(&mut s, "workloads.business", &["sap"]);
    let sap_only = assess(&guide, &s).position;
    pick(&mut s, "workloads.business", &["sap", "none"]);
    // "None yet" points to IT Production, SAP further: SAP wins.
    assert_eq!(assess(&guide, &s).position, sap_only);
    // With its owners not asked about yet, SAP alone sits at the chasm; with them, across.
    assert_eq!(sap_only, Some(1.5));
    pick(&mut s, "sponsorship.app_owners", &["some"]);
    pick(&mut s, "workloads.business", &["sap"]);
    let with_owners = assess(&guide, &s);
    pick(&mut s, "workloads.business", &["sap", "none"]);
    assert_eq!(assess(&guide, &s).position, with_owners.position);
}

#[test]
fn a_customer_between_two_stages_is_shown_across_the_chasm() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    pick(&mut s, "sponsorship.sponsor", &["it-owned"]);
    pick(&mut s, "confidence.posture", &["selective"]);
    let a = assess(&guide, &s);
    assert_eq!(a.position, Some(1.5));
    assert_eq!(
        a.between,
        Some([
            "it-production".to_string(),
            "business-production".to_string()
        ])
    );
}

#[test]
fn evidence_strength_grows_with_the_answers() {
    let guide = builtin().expect("guide");
    let empty = assess(&guide, &session(&guide));
    assert_eq!(empty.position, None);
    assert_eq!(empty.stage, None);
    assert_eq!(empty.strength.label, StrengthLabel::None);
    let mut s = session(&guide);
    pick(&mut s, "sponsorship.sponsor", &["it-owned"]);
    let one = assess(&guide, &s);
    assert_eq!(one.strength.label, StrengthLabel::Low);
    assert_eq!(one.strength.answers, 1);
    let full = assess(&guide, &it_production(&guide));
    assert!(full.strength.ratio > one.strength.ratio);
    assert!(full.strength.label > StrengthLabel::Low);
}

#[test]
fn skipped_answers_carry_no_evidence() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    pick(&mut s, "sponsorship.sponsor", &["cio"]);
    s.answer_mut("sponsorship.sponsor").state = AnswerState::Skipped;
    assert_eq!(assess(&guide, &s).position, None);
}

/// The customer the issue described: every present-day answer is ITaaS, and the path they
/// took (file and print first, Exchange later, in production) is every ITaaS customer's path.
fn itaas_with_its_history(guide: &Guide) -> Session {
    let mut s = session(guide);
    pick(&mut s, "start.began", &["it-servers"]);
    pick(&mut s, "start.production", &["yes"]);
    pick(&mut s, "triggers.business", &["hardware-refresh"]);
    pick(
        &mut s,
        "workloads.it",
        &["file-print", "domain-controllers"],
    );
    pick(&mut s, "workloads.business", &["exchange"]);
    pick(
        &mut s,
        "products.in_use",
        &["esxi", "vcenter", "vmotion", "drs", "srm"],
    );
    pick(&mut s, "sponsorship.sponsor", &["cio"]);
    pick(&mut s, "sponsorship.mbo", &["yes"]);
    pick(&mut s, "org.team", &["folded-back"]);
    pick(&mut s, "itaas.new_workloads", &["virtual"]);
    pick(&mut s, "itaas.drs", &["automatic"]);
    pick(&mut s, "itaas.dr", &["solution"]);
    s
}

#[test]
fn history_never_drags_an_advanced_customer_back() {
    let guide = builtin().expect("guide");
    let a = assess(&guide, &itaas_with_its_history(&guide));
    assert_eq!(stage_name(&guide, &a), "ITaaS");
    assert_eq!(a.between, None);
    assert!(a.position.expect("position") >= 2.75, "{:?}", a.position);
    // The path is in the reasons, as how they got there.
    assert!(
        a.reasons
            .iter()
            .any(|r| r.question == "start.began" && r.points_to.contains("how they got there")),
        "{:#?}",
        a.reasons
    );
}

#[test]
fn a_floor_lifts_a_customer_but_never_pulls_one_back() {
    let guide = builtin().expect("guide");
    // Only IT-production answers today, but Exchange and SAP run virtual: at least Business
    // Production.
    let mut s = session(&guide);
    pick(&mut s, "sponsorship.sponsor", &["it-owned"]);
    pick(&mut s, "confidence.posture", &["reactive"]);
    let before = assess(&guide, &s).position.expect("position");
    pick(&mut s, "workloads.business", &["exchange", "sap"]);
    let a = assess(&guide, &s);
    let after = a.position.expect("position");
    // The first business applications with IT still owning everything else: crossing the chasm.
    assert!(before < 1.5 && after >= 1.5, "{before} → {after}");
    assert_eq!(
        a.between,
        Some(["it-production".into(), "business-production".into()])
    );
    // With nothing present-day said, the floor alone places them at its stage once the
    // owners are on board, and at the chasm until then.
    let mut alone = session(&guide);
    pick(&mut alone, "workloads.business", &["exchange"]);
    assert_eq!(assess(&guide, &alone).position, Some(1.5));
    pick(&mut alone, "sponsorship.app_owners", &["some"]);
    let owners = assess(&guide, &alone).position.expect("position");
    assert!(owners > 1.5, "{owners}");
    // An ITaaS customer's file and print servers change nothing.
    let mut t = itaas_with_its_history(&guide);
    let top = assess(&guide, &t).position;
    pick(
        &mut t,
        "workloads.it",
        &["file-print", "domain-controllers", "web", "test-dev"],
    );
    assert_eq!(assess(&guide, &t).position, top);
}
