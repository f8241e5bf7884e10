//! One customer across interviews (issue 25): `journey customers`, `customers merge` and
//! `customer show`, on the real binary and real session files.

mod common;

use std::path::Path;

use common::outputs::{journey, ok};
use common::{guide, pick, session};
use journey::session::{Session, Store};
use serde_json::Value as Json;

/// The customer page in the app.
#[path = "customers/page.rs"]
mod page;

fn interview(store: &Store, customer: &str, date: &str, picks: &[(&str, &[&str])]) -> String {
    let guide = guide();
    let mut s = session(&guide, customer);
    let t = chrono::DateTime::parse_from_rfc3339(date).expect("time");
    s.meta.started = t;
    s.meta.updated = t;
    for (q, ids) in picks {
        pick(&mut s, q, ids);
    }
    store.create(&mut s).expect("create");
    s.id
}

const IT_PRODUCTION: &[(&str, &[&str])] = &[
    ("start.production", &["yes"]),
    ("workloads.it", &["file-print", "domain-controllers"]),
    ("workloads.business", &["none"]),
    ("sponsorship.sponsor", &["it-owned"]),
];

const BUSINESS_PRODUCTION: &[(&str, &[&str])] = &[
    ("start.production", &["yes"]),
    ("workloads.it", &["file-print", "domain-controllers"]),
    ("workloads.business", &["exchange", "sap"]),
    ("sponsorship.sponsor", &["app-owners"]),
    ("sponsorship.app_owners", &["some"]),
    ("confidence.posture", &["selective"]),
];

/// Acme three times: 2025 at IT Production, under a corrected name in 2025 still there, and
/// in 2026 across the chasm under a third spelling (another customer until merged).
fn acme(dir: &Path) -> (Store, [String; 3]) {
    let store = Store::open(dir).expect("store");
    let a = interview(&store, "Acme", "2025-03-01T10:00:00Z", IT_PRODUCTION);
    let b = interview(&store, "Acme", "2025-09-01T10:00:00Z", IT_PRODUCTION);
    // The name corrected later: the customer stays the same.
    let mut meta = store.load(&b).expect("load").meta;
    meta.customer = "ACME Corp".into();
    store.update_meta(&b, meta).expect("rename");
    let c = interview(
        &store,
        "Acme Corporation",
        "2026-03-01T10:00:00Z",
        BUSINESS_PRODUCTION,
    );
    interview(&store, "Globex", "2026-01-01T10:00:00Z", IT_PRODUCTION);
    (store, [a, b, c])
}

fn customers(dir: &Path) -> Vec<Json> {
    let out = ok(dir, &["customers", "--json"]);
    serde_json::from_str::<Json>(&out).expect("json")["customers"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| serde_json::from_str::<Vec<Json>>(&out).expect("array"))
}

/// The report's movement section.
fn movement(report: &str) -> &str {
    report
        .split("## Movement")
        .nth(1)
        .and_then(|s| s.split("## Across stages").next())
        .unwrap_or_else(|| panic!("no movement section: {report}"))
}

fn named<'j>(all: &'j [Json], id: &str) -> &'j Json {
    all.iter().find(|c| c["id"] == id).expect("customer")
}

#[test]
fn a_corrected_name_stays_one_customer_and_a_merge_joins_two_spellings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, [a, b, c]) = acme(dir.path());
    let all = customers(dir.path());
    assert_eq!(all.len(), 3, "{all:#?}");
    let acme = named(&all, "acme");
    assert_eq!(acme["name"], "ACME Corp");
    assert_eq!(acme["other_names"], serde_json::json!(["Acme"]));
    let sessions: Vec<&str> = acme["interviews"]
        .as_array()
        .expect("interviews")
        .iter()
        .map(|i| i["session"].as_str().expect("id"))
        .collect();
    assert_eq!(sessions, [a.as_str(), b.as_str()]);
    let table = ok(dir.path(), &["customers"]);
    assert!(
        table.contains("ACME Corp (also Acme)") && table.contains("Globex"),
        "{table}"
    );

    // Merging: only the id of the joined interviews changes.
    let before: Session = store.load(&c).expect("load");
    let said = ok(
        dir.path(),
        &["customers", "merge", "Acme Corporation", "acme"],
    );
    assert!(said.contains("1 interview rewritten"), "{said}");
    let after: Session = store.load(&c).expect("load");
    assert_eq!(after.meta.customer_id, "acme");
    assert_eq!(after.meta.customer, before.meta.customer);
    assert_eq!(after.answers, before.answers);
    let all = customers(dir.path());
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(
        named(&all, "acme")["interviews"].as_array().map(Vec::len),
        Some(3)
    );
    // A new interview under any of its names joins it.
    let ids = journey::customer::id_for(
        &store.summaries(&guide()).expect("summaries").sessions,
        "acme corp",
    );
    assert_eq!(ids, "acme");
}

#[test]
fn customer_show_tells_the_movement_across_three_interviews() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, [a, b, c]) = acme(dir.path());
    ok(
        dir.path(),
        &["customers", "merge", "acme-corporation", "acme"],
    );
    let out = ok(dir.path(), &["customer", "show", "Acme", "--json"]);
    let h: Json = serde_json::from_str(&out).expect("json");
    let order: Vec<&str> = h["interviews"]
        .as_array()
        .expect("interviews")
        .iter()
        .map(|i| i["session"].as_str().expect("id"))
        .collect();
    assert_eq!(order, [a.as_str(), b.as_str(), c.as_str()]);
    let moves = h["movement"].as_array().expect("movement");
    assert_eq!(moves.len(), 2);
    for key in ["from", "to", "delta", "stage_from", "stage_to"] {
        assert!(moves[1].get(key).is_some(), "{key}: {}", moves[1]);
    }
    // IT Production twice, the chasm not crossed: stalled there.
    assert_eq!(moves[0]["movement"], "stalled_at_chasm");
    assert_eq!(moves[1]["movement"], "forward");
    assert_eq!(moves[1]["stage_to"], "business-production");
    let delta = moves[1]["delta"].as_f64().expect("delta");
    let (from, to) = (moves[1]["from"].as_f64(), moves[1]["to"].as_f64());
    assert!((to.expect("to") - from.expect("from") - delta).abs() < 1e-9);
    let chasm = h["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .find(|m| m["id"] == "chasm")
        .expect("chasm");
    let first = chasm["first_reached"].as_str().expect("date");
    assert!(first.starts_with("2026-03-01T10:00:00"), "{first}");
    // The text says the same.
    let text = ok(dir.path(), &["customer", "show", "acme"]);
    assert!(text.contains("moved forward"), "{text}");
    assert!(
        text.contains("Crossed the chasm: first reached 2026-03-01"),
        "{text}"
    );
}

#[test]
fn an_unknown_or_ambiguous_customer_is_named_and_a_merge_waits_for_an_open_interview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, [a, _, c]) = acme(dir.path());
    let out = journey(dir.path(), &["customer", "show", "Initech"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no customer is called"), "{err}");
    // "acme" is the id of one and the start of another: the exact one wins.
    assert!(ok(dir.path(), &["customer", "show", "acme"]).contains("ACME Corp"));

    // An interview of FROM open elsewhere: nothing changes.
    let _held = store.lock(&c).expect("lock");
    let file = std::fs::read(store.path(&c)).expect("read");
    let out = journey(
        dir.path(),
        &["customers", "merge", "Acme Corporation", "acme"],
    );
    assert!(!out.status.success(), "{out:?}");
    assert_eq!(std::fs::read(store.path(&c)).expect("read"), file);
    assert_eq!(store.load(&a).expect("load").meta.customer_id, "acme");
}

#[test]
fn the_new_interview_form_offers_a_known_customer_and_tab_takes_it() {
    use journey::tui::action::Action;
    use journey::tui::screens::form::{draw, Form};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = acme(dir.path());
    let mut form = Form::new(&store, &guide());
    for c in "acme c".chars() {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        form.update(Action::Input(key));
    }
    // Both spellings start so; the first in name order is offered, with its interviews.
    assert_eq!(form.offered(), Some(&("ACME Corp".to_string(), 2)));
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal.draw(|f| draw(f, f.area(), &form)).expect("draw");
    let screen: String = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains("Known customer: ACME Corp · 2 interviews · Tab takes it"),
        "{screen}"
    );
    // Tab takes it; a second Tab moves on.
    form.update(Action::FocusNext);
    assert_eq!(form.fields[0].lines(), ["ACME Corp"]);
    assert_eq!((form.focus, form.offered()), (0, None));
    form.update(Action::FocusNext);
    assert_eq!(form.focus, 1);
    // A word of a name offers it too.
    let mut form = Form::new(&store, &guide());
    for c in "corporation".chars() {
        form.update(Action::Input(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    assert_eq!(form.offered(), Some(&("Acme Corporation".to_string(), 1)));
    // A new customer's name offers nothing.
    let mut form = Form::new(&store, &guide());
    for c in "Initech".chars() {
        form.update(Action::Input(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    assert_eq!(form.offered(), None);
}

#[test]
fn the_report_tells_who_moved_and_what_changed_anonymised_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    acme(dir.path());
    ok(
        dir.path(),
        &["customers", "merge", "Acme Corporation", "acme"],
    );
    let report = ok(dir.path(), &["report"]);
    let section = movement(&report);
    assert!(
        section.contains(
            "1 customer interviewed more than once; at their latest interview: 1 moved forward"
        ),
        "{section}"
    );
    assert!(
        section.contains("| Acme Corporation | 3 | 2025-03-01 IT Production"),
        "{section}"
    );
    assert!(
        section.contains("Business apps virtualized: None yet → "),
        "{section}"
    );
    // Globex, interviewed once, is not in it.
    assert!(!section.contains("Globex"), "{section}");
    let html = ok(dir.path(), &["report", "--format", "html"]);
    assert!(
        html.contains("<h2>Movement</h2>"),
        "a movement section in HTML"
    );
    let hidden = ok(dir.path(), &["report", "--anonymize"]);
    assert!(hidden.contains("## Movement"), "{hidden}");
    for name in ["Acme", "ACME", "acme", "Globex"] {
        assert!(!hidden.contains(name), "{name} in the anonymised report");
    }
}

/// A snapshot of a screen, session ids replaced; named as this file's snapshots are.
pub(crate) fn snapshot(name: &str, screen: &str) {
    insta::with_settings!({filters => vec![
        (r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+-[a-z0-9]{4}\b", "[id]"),
    ]}, {
        insta::assert_snapshot!(name, screen);
    });
}

#[test]
fn a_merge_of_spellings_syncs_to_a_teammate_who_edited_the_same_interview() {
    use common::team::{have_git, Team};
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let first = a.interview("Acme", &[("wrapup.advice", "Plan storage.")]);
    let second = a.interview("Acme Corporation", &[("wrapup.advice", "Storage first.")]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    // Ana joins the spellings while Ben writes in the interview being joined.
    a.ok(&["customers", "merge", "Acme Corporation", "acme"]);
    b.edit(&second, |s| s.set_notes("wrapup.advice", "Ben's note"));
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    for m in [&a, &b] {
        let s = m.load(&second);
        assert_eq!(s.meta.customer_id, "acme");
        assert_eq!(
            s.answer("wrapup.advice").map(|x| x.notes.as_str()),
            Some("Ben's note")
        );
        assert!(s.conflicts.is_empty(), "{:?}", s.conflicts);
        let listed = m.ok(&["customers", "--json"]);
        let all: Vec<Json> = serde_json::from_str(&listed).expect("json");
        assert_eq!(all.len(), 1, "{listed}");
        assert_eq!(all[0]["interviews"].as_array().map(Vec::len), Some(2));
        assert_eq!(m.load(&first).meta.customer_id, "acme");
    }
    let status = a.ok(&["sync", "status"]);
    assert!(
        status.contains("0 changes to commit · no conflict"),
        "{status}"
    );
}

#[test]
fn a_customer_that_went_back_is_told_so_by_the_report_and_the_lost_milestone_by_its_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = acme(dir.path());
    ok(
        dir.path(),
        &["customers", "merge", "Acme Corporation", "acme"],
    );
    // A fourth interview: the business applications pulled back.
    let back = interview(&store, "Acme", "2026-09-01T10:00:00Z", IT_PRODUCTION);
    assert_eq!(store.load(&back).expect("load").meta.customer_id, "acme");
    let report = ok(dir.path(), &["report"]);
    assert!(
        report.contains("at their latest interview: 1 went back"),
        "{report}"
    );
    let text = ok(dir.path(), &["customer", "show", "acme"]);
    assert!(
        text.contains(
            "Crossed the chasm: first reached 2026-03-01; not reached at the latest interview"
        ),
        "{text}"
    );
}

/// The report tells a customer's latest move from its first and latest two interviews only, and
/// still counts every interview and starts from the first.
#[test]
fn the_report_counts_every_interview_of_a_customer_seen_many_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    for (at, answers) in [
        ("2024-01-01T10:00:00Z", IT_PRODUCTION),
        ("2024-06-01T10:00:00Z", IT_PRODUCTION),
        ("2025-01-01T10:00:00Z", BUSINESS_PRODUCTION),
        ("2025-06-01T10:00:00Z", IT_PRODUCTION),
        ("2026-01-01T10:00:00Z", BUSINESS_PRODUCTION),
    ] {
        interview(&store, "Initech", at, answers);
    }
    let report = ok(dir.path(), &["report"]);
    let section = movement(&report);
    assert!(
        section.contains("| Initech | 5 | 2024-01-01 IT Production"),
        "{section}"
    );
    assert!(
        section.contains("2026-01-01 Business Production"),
        "{section}"
    );
    // From the fourth interview (IT Production) to the fifth: forward.
    assert!(section.contains("1 moved forward"), "{section}");
}

/// Team communication resolved at the second interview and back at the third: the CLI, its
/// JSON and the customer page say it was raised again, not only when it was resolved.
#[test]
fn an_obstacle_resolved_then_back_is_told_raised_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    interview(
        &store,
        "Muller",
        "2026-01-17T10:00:00Z",
        &[("team.issue", &["main"])],
    );
    interview(
        &store,
        "Muller",
        "2026-01-30T10:00:00Z",
        &[("team.issue", &["resolved"])],
    );
    interview(
        &store,
        "Muller",
        "2026-02-02T10:00:00Z",
        &[("team.issue", &["some"])],
    );
    let text = ok(dir.path(), &["customer", "show", "muller"]);
    assert!(
        text.contains("first raised 2026-01-17 · resolved 2026-01-30 · raised again 2026-02-02"),
        "{text}"
    );
    let json: Json =
        serde_json::from_str(&ok(dir.path(), &["customer", "show", "muller", "--json"]))
            .expect("json");
    let team = json["obstacles"]
        .as_array()
        .expect("obstacles")
        .iter()
        .find(|o| o["id"] == "team-communication")
        .expect("team");
    assert!(team["resolved"]
        .as_str()
        .expect("resolved")
        .starts_with("2026-01-30"));
    assert!(team["raised_again"]
        .as_str()
        .expect("again")
        .starts_with("2026-02-02"));
    let mut app = page::on_page(store, "muller");
    app.settle(std::time::Duration::from_secs(10));
    let screen = page::screen_of(&mut app, (120, 40));
    assert!(
        screen.contains("resolved 2026-01-30 · raised again 2026-02-02"),
        "{screen}"
    );
}

#[test]
fn into_a_pipe_the_tables_cut_nothing() {
    // Longer than the 40 columns a terminal gives the customer (and the 28 `list` gives it).
    let long = "Société Générale de Transport et de Logistique Européenne";
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    interview(&store, long, "2026-03-01T10:00:00Z", IT_PRODUCTION);
    for args in [&["customers"][..], &["list"][..]] {
        let out = ok(dir.path(), args);
        assert!(out.contains(long) && !out.contains('…'), "{args:?}: {out}");
    }
}

/// After `customers merge`, the customer filter of `list` and `report` keeps the interviews
/// merged in under another name, as `customer show` does.
#[test]
fn the_customer_filter_keeps_interviews_merged_in_under_another_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    interview(&store, "Initech", "2026-01-10T10:00:00Z", IT_PRODUCTION);
    interview(&store, "Globex", "2026-02-10T10:00:00Z", IT_PRODUCTION);
    let rows = |dir: &std::path::Path| {
        let json: Json =
            serde_json::from_str(&ok(dir, &["list", "--customer", "initech", "--json"]))
                .expect("json");
        json.as_array().map_or(0, Vec::len)
    };
    assert_eq!(rows(dir.path()), 1);
    ok(dir.path(), &["customers", "merge", "Globex", "initech"]);
    assert_eq!(rows(dir.path()), 2);
    let file = dir.path().join("report.md");
    let path = file.to_str().expect("path");
    ok(dir.path(), &["report", "--customer", "initech", "-o", path]);
    let report = std::fs::read_to_string(&file).expect("report");
    assert!(report.contains("2 interviews ·"), "{report}");
}
