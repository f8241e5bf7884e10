use super::*;
use crate::assess::MilestoneState;
use crate::guide::builtin;
use crate::index::Summary;
use crate::session::{Meta, Session};

fn at(day: u32) -> Timestamp {
    let text = format!("2026-0{day}-01T10:00:00+00:00");
    chrono::DateTime::parse_from_rfc3339(&text).expect("time")
}

fn session(id: &str, customer: &str, day: u32, picks: &[(&str, &[&str])]) -> Session {
    let guide = builtin().expect("guide");
    let mut meta = Meta::new(customer);
    meta.started = at(day);
    meta.updated = at(day);
    let mut s = Session::new(&guide, meta);
    s.id = id.into();
    for (q, ids) in picks {
        let q = guide.question(q).expect("question");
        for id in *ids {
            assert!(s.pick(q, id), "{} {id}", q.id);
        }
    }
    s
}

fn summaries(sessions: &[Session]) -> Vec<Summary> {
    let guide = builtin().expect("guide");
    sessions.iter().map(|s| Summary::of(&guide, s)).collect()
}

#[test]
fn interviews_of_one_customer_under_a_corrected_name_are_one_customer() {
    let mut later = session("b", "Acme Corporation", 3, &[]);
    later.meta.customer_id = "acme".into();
    let all = [
        session("a", "Acme", 1, &[]),
        later,
        session("c", "Globex", 2, &[]),
    ];
    let list = customers(&summaries(&all));
    let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Acme Corporation", "Globex"]);
    assert_eq!(list[0].other_names, ["Acme"]);
    let ids: Vec<&str> = list[0]
        .interviews
        .iter()
        .map(|i| i.session.as_str())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    // Found by id, by any name, by the start of one; a new interview under the old name
    // joins it.
    for query in ["acme", "ACME", "acme corporation", "Acme Corp"] {
        assert_eq!(
            find(&list, query).map(|c| c.id.as_str()),
            Ok("acme"),
            "{query}"
        );
    }
    assert!(matches!(find(&list, "Initech"), Err(FindError::None(_))));
    assert_eq!(id_for(&summaries(&all), "Acme Corporation"), "acme");
    assert_eq!(id_for(&summaries(&all), "Initech Ltd."), "initech-ltd");
}

#[test]
fn two_customers_starting_alike_are_named_not_guessed() {
    let all = [
        session("a", "Acme East", 1, &[]),
        session("b", "Acme West", 2, &[]),
    ];
    let list = customers(&summaries(&all));
    match find(&list, "acme") {
        Err(FindError::Several { matches, .. }) => assert_eq!(matches.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn history_tells_the_movement_milestones_and_obstacles_over_three_interviews() {
    let guide = builtin().expect("guide");
    let it: &[(&str, &[&str])] = &[
        ("start.production", &["yes"]),
        ("workloads.it", &["file-print", "domain-controllers"]),
        ("workloads.business", &["none"]),
        ("sponsorship.sponsor", &["it-owned"]),
    ];
    let stalled: &[(&str, &[&str])] = &[
        ("start.production", &["yes"]),
        ("workloads.it", &["file-print", "domain-controllers"]),
        ("workloads.business", &["exchange"]),
        ("sponsorship.sponsor", &["it-owned"]),
    ];
    let crossed: &[(&str, &[&str])] = &[
        ("start.production", &["yes"]),
        ("workloads.it", &["file-print", "domain-controllers"]),
        ("workloads.business", &["exchange", "sap"]),
        ("sponsorship.sponsor", &["app-owners"]),
        ("sponsorship.app_owners", &["some"]),
        ("confidence.posture", &["selective"]),
    ];
    let all = [
        session("3", "Acme", 5, crossed),
        session("1", "Acme", 1, it),
        session("2", "Acme", 3, stalled),
    ];
    let h = history(&guide, "acme", "Acme", &all);
    let order: Vec<&str> = h.interviews.iter().map(|i| i.session.as_str()).collect();
    assert_eq!(order, ["1", "2", "3"]);
    assert_eq!(h.movement.len(), 2);
    let first = &h.movement[0];
    assert_eq!(
        (first.from, first.to),
        (h.interviews[0].position, h.interviews[1].position)
    );
    let last = &h.movement[1];
    assert_eq!(last.movement, Movement::Forward, "{h:#?}");
    assert_eq!(last.stage_to.as_deref(), Some("business-production"));
    assert!(last.delta.expect("delta") > 0.0);
    // What changed: the answers that differ, by question, in words.
    let changed: Vec<&str> = last.changes.answers.iter().map(|c| c.id.as_str()).collect();
    assert!(changed.contains(&"workloads.business"), "{changed:?}");
    assert!(!changed.contains(&"workloads.it"), "{changed:?}");
    // The chasm: first seen reached at the third interview.
    let chasm = h
        .milestones
        .iter()
        .find(|m| m.id == "chasm")
        .expect("chasm");
    assert_eq!(chasm.first_reached, Some(at(5)));
    assert_eq!(chasm.session.as_deref(), Some("3"));
    assert_eq!(chasm.latest, MilestoneState::Reached);
    let json = serde_json::to_value(&h).expect("json");
    for key in ["from", "to", "delta", "stage_from", "stage_to"] {
        assert!(json["movement"][0].get(key).is_some(), "{key}");
    }
    // Read without reasons or questions to ask next (and across the cores), the history is
    // the one the full assessments give.
    assert_eq!(h, history::from_full(&guide, ("acme", "Acme"), &all));
}
