//! Three fixed sessions the export tests share.

use chrono::DateTime;
use journey::guide::ObstacleStatus;
use journey::session::{AnswerState, Session, Value};

pub const EVIL: &str = "<script>alert(1)</script> & \"Co\"";

pub fn at(t: &str) -> chrono::DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(t).expect("time")
}

pub fn number(s: &mut Session, q: &str, n: f64) {
    let a = s.answer_mut(q);
    a.state = AnswerState::Answered;
    a.value = Some(Value::Number(n));
}

/// Three fixed sessions: an IT Production customer, a Business Production one with hostile text,
/// and one barely started.
pub fn sessions() -> Vec<Session> {
    let guide = super::guide();
    let mut a = super::session(&guide, "Acme Logistics");
    a.id = "2026-11-20-acme-logistics-k3f9".into();
    a.meta.started = at("2026-11-20T09:00:00+01:00");
    a.meta.updated = at("2026-11-20T10:05:00+01:00");
    a.meta.finished = Some(at("2026-11-20T10:05:00+01:00"));
    a.elapsed_seconds = 3725;
    super::pick(&mut a, "start.production", &["yes"]);
    super::pick(
        &mut a,
        "triggers.business",
        &["hardware-refresh", "capacity"],
    );
    super::pick(
        &mut a,
        "workloads.it",
        &["file-print", "domain-controllers"],
    );
    super::pick(&mut a, "workloads.business", &["none"]);
    super::pick(&mut a, "products.in_use", &["esxi", "vcenter"]);
    super::pick(&mut a, "sponsorship.sponsor", &["it-owned"]);
    super::pick(&mut a, "value.primary", &["consolidation"]);
    super::pick(&mut a, "team.introduced", &["server-only"]);
    super::pick(&mut a, "team.tactics", &["training"]);
    number(&mut a, "start.share", 25.0);
    super::text(
        &mut a,
        "wrapup.advice",
        "Plan storage first.\nThen train every team.",
    );
    let ans = a.answer_mut("value.primary");
    ans.notes = "[12:10] Dana Reyes: the CFO loved the hardware savings".into();
    ans.quotes
        .push("Acme Logistics saved a fortune on hardware".into());
    ans.follow_up = true;
    a.answer_mut("org.servers").state = AnswerState::Skipped;

    let mut b = super::session(&guide, EVIL);
    b.id = "2026-11-22-script-alert-1-script-co-ab12".into();
    b.meta.participant = "=HYPERLINK(\"http://evil\")".into();
    b.meta.started = at("2026-11-22T14:00:00+00:00");
    b.meta.updated = b.meta.started;
    super::pick(&mut b, "start.production", &["yes"]);
    super::pick(&mut b, "workloads.business", &["exchange", "sap"]);
    super::pick(&mut b, "sponsorship.app_owners", &["some"]);
    super::pick(&mut b, "products.vmotion_when", &["first-year"]);
    super::pick(&mut b, "triggers.business", &["hardware-refresh"]);
    super::text(
        &mut b,
        "wrapup.differently",
        "*Bold* claims | pipes # and `code` <b>html</b> \u{1b}[31mred",
    );
    b.answer_mut("fud.issue").notes = "@SUM(A1:A9) and -2+3".into();
    b.obstacle_overrides
        .insert("storage".into(), ObstacleStatus::Resolved);

    let mut c = super::session(&guide, "Initech");
    c.id = "2026-11-24-initech-zz99".into();
    c.meta.started = at("2026-11-24T08:30:00-05:00");
    c.meta.updated = c.meta.started;
    c.meta.participant = String::new();
    vec![a, b, c]
}
