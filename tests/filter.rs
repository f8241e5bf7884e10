//! Issue 22: one `journey::index::Filter` with one meaning. For the same filter on a varied archive,
//! the browser's model, `journey export`, `journey report` and `journey list` take the same
//! sessions.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use chrono::{Duration, NaiveDate};
use clap::Parser;
use journey::cli::{export_cmd, report_cmd, Cli, Command as Sub};
use journey::guide::Guide;
use journey::index::Filter;
use journey::session::{Session, Status, Store};
use journey::tui::screens::browser::Browser;

type Ids = BTreeSet<String>;

/// 36 sessions: three customers (one with accents), four interviewers (one with accents, one
/// left empty), every fifth with no stage evidence, half finished, a start every five days,
/// some notes and quotes to search.
fn archive(dir: &Path) -> (Store, Guide) {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let profiles: [&[(&str, &[&str])]; 3] = [
        &[
            ("start.production", &["no"]),
            ("sponsorship.sponsor", &["nobody"]),
        ],
        &[
            ("start.production", &["yes"]),
            ("workloads.it", &["file-print", "domain-controllers"]),
            ("sponsorship.sponsor", &["it-owned"]),
        ],
        &[
            ("start.production", &["yes"]),
            ("workloads.business", &["exchange", "sap", "nearly-all"]),
            ("sponsorship.sponsor", &["cio"]),
            ("itaas.dr", &["solution"]),
        ],
    ];
    let day0 = common::meta("x").started;
    for n in 0..36usize {
        let customer = ["Société Générale", "Acme Logistics", "Globex"][n % 3];
        let mut s: Session = common::session(&guide, &format!("{customer} {n}"));
        s.meta.interviewer = ["Sam Lee", "Inès Duarte", "samuel ortiz", ""][n % 4].into();
        s.meta.started = day0 + Duration::days(5 * n as i64);
        s.meta.updated = s.meta.started;
        if n % 2 == 0 {
            s.meta.finished = Some(s.meta.started + Duration::hours(1));
        }
        if n % 5 != 0 {
            for (q, ids) in profiles[n % 3] {
                common::pick(&mut s, q, ids);
            }
        }
        if n % 4 == 1 {
            s.answer_mut("start.production").notes = "The storage array is the bottleneck".into();
        }
        if n % 7 == 0 {
            s.answer_mut("sponsorship.sponsor")
                .quotes
                .push("vMotion saved our weekend".into());
        }
        store.create(&mut s).expect("create");
    }
    (store, guide)
}

fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// The sessions the browser shows for `filter`, once it has read what it searches.
fn browser(store: &Store, guide: &Guide, filter: &Filter) -> Ids {
    let mut b = Browser::load(store, guide);
    b.set_filter(filter.clone());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.searching() {
        assert!(
            std::time::Instant::now() < deadline,
            "the search never ended"
        );
        if !b.poll_search(guide) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
    b.shown().iter().map(|s| s.id.clone()).collect()
}

fn parse(words: &[String]) -> Sub {
    let cli =
        Cli::try_parse_from(std::iter::once("journey".to_string()).chain(words.iter().cloned()))
            .expect("the options parse");
    cli.command.expect("a command")
}

fn export(store: &Store, guide: &Guide, options: &[String]) -> Ids {
    let words = [
        args(&["export", "--all", "--format", "json"]),
        options.to_vec(),
    ]
    .concat();
    let Sub::Export(a) = parse(&words) else {
        panic!("not an export")
    };
    match export_cmd::select(store, guide, &a) {
        Ok(chosen) => chosen.ids.into_iter().collect(),
        Err(e) => {
            assert_eq!(e.to_string(), "no session matches");
            Ids::new()
        }
    }
}

fn report(store: &Store, guide: &Guide, options: &[String]) -> Ids {
    let words = [args(&["report"]), options.to_vec()].concat();
    let Sub::Report(a) = parse(&words) else {
        panic!("not a report")
    };
    let filter = a.filter.filter(guide).expect("a filter");
    report_cmd::sessions(store, guide, &filter)
        .expect("sessions")
        .into_iter()
        .collect()
}

/// `journey list --json`, run as a user runs it.
fn list(dir: &Path, options: &[String]) -> Ids {
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir)
        .args(["list", "--json"])
        .args(options)
        .output()
        .expect("journey runs");
    assert!(out.status.success(), "{out:?}");
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    rows.iter()
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
}

#[test]
fn the_browser_export_report_and_list_take_the_same_sessions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, guide) = archive(dir.path());
    let all = browser(&store, &guide, &Filter::default());
    assert_eq!(all.len(), 36);
    let staged = store.summaries(&guide).expect("summaries");
    let a_stage = staged
        .sessions
        .iter()
        .find_map(|s| s.stage.clone())
        .expect("a stage");
    let stage_name = journey::assess::stage_name(&guide, &a_stage).to_string();
    // (the filter, the same as options, how many sessions it keeps: None when not counted here)
    let cases: Vec<(Filter, Vec<String>, Option<usize>)> = vec![
        (Filter::default(), vec![], Some(36)),
        (
            Filter {
                interviewer: Some("sam".into()),
                ..Filter::default()
            },
            args(&["--interviewer", "sam"]),
            Some(18),
        ),
        (
            Filter {
                interviewer: Some("INES".into()),
                ..Filter::default()
            },
            args(&["--interviewer", "INES"]),
            Some(9),
        ),
        (
            Filter {
                interviewer: Some(String::new()),
                ..Filter::default()
            },
            args(&["--interviewer", ""]),
            Some(9),
        ),
        (
            Filter {
                customer: Some("societe gen".into()),
                ..Filter::default()
            },
            args(&["--customer", "societe gen"]),
            Some(12),
        ),
        (
            Filter {
                status: Some(Status::Complete),
                ..Filter::default()
            },
            args(&["--status", "complete"]),
            Some(18),
        ),
        (
            Filter {
                stage: Some(None),
                ..Filter::default()
            },
            args(&["--stage", "none"]),
            Some(8),
        ),
        (
            Filter {
                stage: Some(Some(a_stage.to_string())),
                ..Filter::default()
            },
            args(&["--stage", &stage_name]),
            None,
        ),
        (
            Filter {
                since: Some(day("2026-12-15")),
                until: Some(day("2027-01-14")),
                ..Filter::default()
            },
            // Day 20 to day 50 after 2026-11-25, both included: sessions 4 to 10.
            args(&["--since", "2026-12-15", "--until", "2027-01-14"]),
            Some(7),
        ),
        (
            Filter {
                text: "STORAGE bottle".into(),
                ..Filter::default()
            },
            args(&["--text", "STORAGE bottle"]),
            Some(9),
        ),
        (
            Filter {
                text: "vmotion".into(),
                interviewer: Some("lee".into()),
                status: Some(Status::Complete),
                ..Filter::default()
            },
            // Quoted every 7th, Sam Lee every 4th: sessions 0 and 28.
            args(&[
                "--text",
                "vmotion",
                "--interviewer",
                "lee",
                "--status",
                "complete",
            ]),
            Some(2),
        ),
        (
            Filter {
                text: "nothing-like-this".into(),
                ..Filter::default()
            },
            args(&["--text", "nothing-like-this"]),
            Some(0),
        ),
    ];
    for (filter, options, count) in cases {
        let shown = browser(&store, &guide, &filter);
        if let Some(count) = count {
            assert_eq!(shown.len(), count, "{filter:?}");
        } else {
            assert!(
                !shown.is_empty() && shown.len() < 36,
                "{filter:?}: {}",
                shown.len()
            );
        }
        assert_eq!(
            export(&store, &guide, &options),
            shown,
            "export {options:?}"
        );
        assert_eq!(
            report(&store, &guide, &options),
            shown,
            "report {options:?}"
        );
        assert_eq!(list(dir.path(), &options), shown, "list {options:?}");
    }
}
