//! Helpers shared by the integration tests.
#![allow(dead_code)]

use journey::guide::Guide;
use journey::session::{AnswerState, Meta, Session, Value};

pub fn guide() -> Guide {
    journey::guide::builtin().expect("built-in guide")
}

pub fn meta(customer: &str) -> Meta {
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").expect("time");
    Meta {
        customer: customer.to_string(),
        customer_id: journey::text::slug(customer),
        participant: "Dana Reyes".into(),
        role: "IT director".into(),
        interviewer: "Sam Lee".into(),
        consent: true,
        started: t,
        updated: t,
        finished: None,
        aliases: Default::default(),
        lang: String::new(),
    }
}

pub fn session(guide: &Guide, customer: &str) -> Session {
    Session::new(guide, meta(customer))
}

pub fn pick(s: &mut Session, q: &str, ids: &[&str]) {
    let a = s.answer_mut(q);
    a.state = AnswerState::Answered;
    a.value = Some(Value::Choice {
        selected: ids.iter().map(|i| i.to_string()).collect(),
        other: None,
    });
}

pub fn text(s: &mut Session, q: &str, t: &str) {
    let a = s.answer_mut(q);
    a.state = AnswerState::Answered;
    a.value = Some(Value::Text(t.to_string()));
}

pub mod cursor;
pub mod exports;
pub mod nordbank;
pub mod outputs;
pub mod pspp;
pub mod pty;
pub mod team;
pub mod words;

/// The synthetic sessions and the seeded random source of `examples/synth`.
#[path = "../../examples/synth/data.rs"]
pub mod synth;

/// Sets a file's modification time (as a tool or a `git checkout` may).
pub fn set_mtime(path: &std::path::Path, at: std::time::SystemTime) {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    file.set_modified(at).expect("set mtime");
}
