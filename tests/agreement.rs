//! `journey agreement` against independent implementations: Python's `krippendorff` package and
//! scikit-learn's `cohen_kappa_score` (quadratic weights), on randomised ratings and on data
//! folders where researchers placed and coded sessions, to 1e-9; and two data folders syncing
//! one archive, where each researcher's placements reach the other.
//!
//! The references run in `python3` (`tests/agreement_reference.py`); where the packages are
//! missing the checks say they were skipped, except in CI (`CI` set), where `.ci/run` installs
//! them and a missing package fails.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use journey::agreement::stats::{self, Level};
use journey::session::{Placement, Session, Store, Sure};
use serde_json::{json, Value};

use common::synth::{self, Rng};
use common::team::{have_git, Team};

const TOLERANCE: f64 = 1e-9;
const STAGES: [&str; 4] = [
    "stage-zero",
    "it-production",
    "business-production",
    "itaas",
];

/// The references' answer to `input`, or `None` (said why) where Python or its packages are
/// missing outside CI.
fn reference(input: &Value) -> Option<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/agreement_reference.py");
    let child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return missing("no python3");
    };
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(input.to_string().as_bytes())
        .expect("write stdin");
    drop(stdin);
    let out = child.wait_with_output().expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        if stderr.contains("No module named") {
            return missing("pip install krippendorff scikit-learn");
        }
        panic!("the reference failed: {stderr}");
    }
    Some(serde_json::from_slice(&out.stdout).expect("reference JSON"))
}

fn missing(why: &str) -> Option<Value> {
    if std::env::var_os("CI").is_some() {
        panic!("the agreement references are needed in CI ({why}); .ci/run installs them");
    }
    eprintln!("skipped the agreement reference check: {why}");
    None
}

/// Two figures are the same: both absent, or within the tolerance.
fn same(ours: &Value, theirs: &Value, what: &str) {
    match (ours.as_f64(), theirs.as_f64()) {
        (Some(a), Some(b)) => assert!((a - b).abs() <= TOLERANCE, "{what}: {a} vs {b}"),
        _ => assert!(
            ours.is_null() && theirs.is_null(),
            "{what}: {ours} vs {theirs}"
        ),
    }
}

fn option(v: Result<f64, stats::Undefined>) -> Value {
    v.map_or(Value::Null, |v| json!(v))
}

#[test]
fn alpha_and_kappa_match_the_python_references_on_random_ratings() {
    let mut rng = Rng(25);
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for case in 0..200 {
        let raters = 2 + rng.below(4);
        let units = 1 + rng.below(25);
        let categories = 2 + rng.below(5);
        let missing = [0, 20, 50][case % 3];
        // Some cases on fewer categories than the domain has, some all one value.
        let used = if case % 10 == 0 { 1 } else { categories };
        let ratings: Vec<Vec<Option<usize>>> = (0..raters)
            .map(|_| {
                (0..units)
                    .map(|_| (!rng.chance(missing)).then(|| rng.below(used)))
                    .collect()
            })
            .collect();
        let counts = stats::value_counts(&ratings, categories);
        let pairs: Vec<(usize, usize)> = ratings[0]
            .iter()
            .zip(&ratings[1])
            .filter_map(|(a, b)| Some(((*a)?, (*b)?)))
            .collect();
        ours.push(json!({
            "nominal": option(stats::alpha(&counts, categories, Level::Nominal)),
            "ordinal": option(stats::alpha(&counts, categories, Level::Ordinal)),
            "kappa": option(stats::quadratic_kappa(&pairs, categories)),
        }));
        cases.push(json!({"ratings": ratings, "categories": categories}));
    }
    // Krippendorff's (2011) example, values 1–5 as 0–4.
    let paper: Vec<Vec<Option<usize>>> = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    .iter()
    .map(|r| {
        r.split(' ')
            .map(|v| v.parse::<usize>().ok().map(|v| v - 1))
            .collect()
    })
    .collect();
    let counts = stats::value_counts(&paper, 5);
    let pairs: Vec<(usize, usize)> = paper[0]
        .iter()
        .zip(&paper[1])
        .filter_map(|(a, b)| Some(((*a)?, (*b)?)))
        .collect();
    ours.push(json!({
        "nominal": option(stats::alpha(&counts, 5, Level::Nominal)),
        "ordinal": option(stats::alpha(&counts, 5, Level::Ordinal)),
        "kappa": option(stats::quadratic_kappa(&pairs, 5)),
    }));
    cases.push(json!({"ratings": paper, "categories": 5}));
    let Some(theirs) = reference(&json!({"mode": "cases", "cases": cases})) else {
        return;
    };
    let theirs = theirs.as_array().expect("array");
    assert_eq!(theirs.len(), ours.len());
    let mut defined = 0;
    for (i, (o, t)) in ours.iter().zip(theirs).enumerate() {
        for key in ["nominal", "ordinal", "kappa"] {
            same(&o[key], &t[key], &format!("case {i} {key} {}", cases[i]));
            defined += usize::from(!o[key].is_null());
        }
    }
    // Most cases have a value: the comparison is not of nulls.
    assert!(defined > 400, "{defined}");
}

/// A data folder of `n` synthetic sessions, placed by up to four researchers (some twice, some
/// not at all) and coded by them on shared texts.
fn placed_folder(dir: &Path, n: usize, seed: u64) -> Store {
    let guide = common::guide();
    let store = Store::open(dir).expect("store");
    let mut rng = Rng(seed);
    let researchers = ["Ana", "Ben", "Cy", "Dee"];
    let codes = ["sponsorship", "fud", "value", "storage"];
    for i in 0..n {
        let mut s = synth::session(&mut rng, &guide, i);
        for (r, by) in researchers.iter().enumerate() {
            if rng.chance(35) {
                continue;
            }
            for again in 0..=usize::from(rng.chance(20)) {
                s.place(Placement {
                    by: by.to_string(),
                    stage: STAGES[rng.below(4)].into(),
                    sure: [Sure::Low, Sure::Medium, Sure::High][rng.below(3)],
                    at: s.meta.started + chrono::Duration::minutes((10 * again + r) as i64),
                });
            }
            code(&mut s, &mut rng, by, &codes);
        }
        store.create(&mut s).expect("create");
    }
    store
}

/// Codes a few of the session's texts (from a shared pool) as researcher `by`.
fn code(s: &mut Session, rng: &mut Rng, by: &str, codes: &[&str]) {
    let texts = ["The CIO owns it.", "We wait for storage.", "Nobody asked."];
    for _ in 0..rng.below(4) {
        let text = texts[rng.below(texts.len())];
        let code = codes[rng.below(codes.len())];
        s.apply_code_by("sponsorship.sponsor", text, code, Some(by));
    }
}

fn journey(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("journey runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    out.stdout
}

/// `journey agreement --json` over `dir`, checked against the references worked out from the
/// session files themselves; the agreement.
fn check_against_references(dir: &Path) -> Value {
    let ours: Value =
        serde_json::from_slice(&journey(dir, &["agreement", "--json"])).expect("json");
    let list: Value = serde_json::from_slice(&journey(dir, &["list", "--json"])).expect("json");
    let gauge: serde_json::Map<String, Value> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().expect("id").to_string(),
                s["stage"].clone(),
            )
        })
        .collect();
    let guide = common::guide();
    let codebook: Vec<&str> = guide.codes.iter().map(|c| c.id.as_str()).collect();
    let input = json!({
        "mode": "folder",
        "sessions_dir": dir.join("sessions"),
        "stages": STAGES,
        "gauge": gauge,
        "codes": codebook,
    });
    let Some(theirs) = reference(&input) else {
        return ours;
    };
    for key in ["sessions", "placed_once", "researchers"] {
        assert_eq!(ours[key], theirs[key], "{key}");
    }
    for key in ["percent", "alpha", "alpha_with_gauge"] {
        same(&ours["stage"][key], &theirs["stage"][key], key);
    }
    let (our_pairs, their_pairs) = (&ours["stage"]["pairs"], &theirs["stage"]["pairs"]);
    assert_eq!(
        our_pairs.as_array().map(Vec::len),
        their_pairs.as_array().map(Vec::len)
    );
    for (o, t) in our_pairs
        .as_array()
        .into_iter()
        .flatten()
        .zip(their_pairs.as_array().into_iter().flatten())
    {
        assert_eq!((&o["a"], &o["b"], &o["n"]), (&t["a"], &t["b"], &t["n"]));
        same(&o["percent"], &t["percent"], "pair percent");
        same(
            &o["kappa"],
            &t["kappa"],
            &format!("kappa {} {}", o["a"], o["b"]),
        );
    }
    let (our_codes, their_codes) = (
        ours["codes"].as_array().expect("codes"),
        theirs["codes"].as_array().expect("codes"),
    );
    assert_eq!(our_codes.len(), their_codes.len());
    for (o, t) in our_codes.iter().zip(their_codes) {
        assert_eq!(o["code"], t["code"]);
        for part in ["sessions", "segments"] {
            assert_eq!(o[part]["units"], t[part]["units"], "{} {part}", o["code"]);
            same(
                &o[part]["alpha"],
                &t[part]["alpha"],
                &format!("{} {part}", o["code"]),
            );
        }
    }
    ours
}

#[test]
fn journey_agreement_json_matches_the_references_on_placed_and_coded_folders() {
    for seed in [1, 2, 3] {
        let dir = tempfile::tempdir().expect("tempdir");
        placed_folder(dir.path(), 24, seed);
        let a = check_against_references(dir.path());
        assert!(a["sessions"].as_u64().expect("n") > 5, "{a}");
        assert!(!a["codes"].as_array().expect("codes").is_empty());
        assert!(!a.to_string().contains("NaN"));
    }
}

#[test]
fn two_researchers_syncing_one_archive_see_each_others_placements() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (ana, ben) = (team.member("ana"), team.member("ben"));
    let guide = common::guide();
    let mut rng = Rng(7);
    let mut ids = Vec::new();
    for i in 0..4 {
        let mut s = synth::session(&mut rng, &guide, i);
        ana.store().create(&mut s).expect("create");
        ids.push(s.id);
    }
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    // Each places and codes the sessions on their own side, offline.
    for (i, id) in ids.iter().enumerate() {
        let out = ana.ok(&["place", id, STAGES[i % 4], "--sure", "high"]);
        assert!(out.contains("ana placed"), "{out}");
        ben.ok(&["place", id, STAGES[(i + i / 2) % 4]]);
        for (m, by) in [(&ana, "ana"), (&ben, "ben")] {
            m.edit(id, |s| {
                s.apply_code_by(
                    "sponsorship.sponsor",
                    "The CIO owns it.",
                    "sponsorship",
                    Some(by),
                );
            });
        }
    }
    // The last session is placed by Ana only.
    let single = {
        let mut s = synth::session(&mut rng, &guide, 9);
        ana.store().create(&mut s).expect("create");
        ana.ok(&["place", &s.id, "itaas"]);
        s.id
    };
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    ana.ok(&["sync"]);
    let seen_by_ana = check_against_references(&ana.dir);
    let seen_by_ben = check_against_references(&ben.dir);
    assert_eq!(seen_by_ana, seen_by_ben);
    assert_eq!(seen_by_ana["sessions"], 4, "{seen_by_ana}");
    assert_eq!(seen_by_ana["placed_once"], 1);
    assert_eq!(seen_by_ana["researchers"], json!(["ana", "ben"]));
    let pair = &seen_by_ana["stage"]["pairs"][0];
    assert_eq!(
        (&pair["a"], &pair["b"], &pair["n"]),
        (&json!("ana"), &json!("ben"), &json!(4))
    );
    // Sessions 0 and 1 agree (stage 0, 1), 2 and 3 do not (2 vs 3, 3 vs 0).
    assert_eq!(pair["percent"], 50.0);
    let disagreeing: Vec<&str> = seen_by_ana["disagreements"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["researchers_agree"] == false)
        .map(|d| d["id"].as_str().expect("id"))
        .collect();
    assert_eq!(disagreeing.len(), 2, "{seen_by_ana}");
    assert!(!disagreeing.contains(&single.as_str()));
    // The shared text: both researchers coded it the same.
    let sponsorship = &seen_by_ana["codes"][0];
    assert_eq!(sponsorship["segments"]["units"], 4);
    // The table reads the same figures.
    let table = ana.ok(&["agreement"]);
    assert!(
        table.contains("Agreement over 4 sessions placed by two or more researchers (ana, ben)"),
        "{table}"
    );
    assert!(
        table.contains("1 session placed by one researcher only"),
        "{table}"
    );
}

#[test]
fn the_report_states_the_gauges_agreement_and_carries_an_agreement_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    placed_folder(dir.path(), 12, 4);
    let md = String::from_utf8(journey(dir.path(), &["report"])).expect("utf-8");
    assert!(md.contains("The stages are the gauge's, worked out from the answers. Where researchers placed the customers themselves"), "{md}");
    let section = &md[md.find("## Agreement\n").expect("section")..];
    for part in [
        "### Each two raters",
        "| Ana | gauge |",
        "### Codes: Krippendorff's alpha (nominal)",
        "### Disagreements to talk through",
    ] {
        assert!(section.contains(part), "{part}: {section}");
    }
    let html = String::from_utf8(journey(dir.path(), &["report", "-f", "html"])).expect("utf-8");
    assert!(
        html.contains("<h2>Agreement</h2>") && html.contains("<td>gauge</td>"),
        "{html}"
    );
    // Anonymised, no researcher's or customer's name is left in the section.
    let anonymous =
        String::from_utf8(journey(dir.path(), &["report", "--anonymize"])).expect("utf-8");
    let section = &anonymous[anonymous.find("## Agreement\n").expect("section")..];
    assert!(section.contains("| R1 | R2 |"), "{section}");
    for name in ["Ana", "Ben", "Dee"] {
        assert!(!section.contains(name), "{name}: {section}");
    }
    let store = Store::open(dir.path()).expect("store");
    for id in store.ids().expect("ids") {
        let customer = store.load(&id).expect("load").meta.customer;
        assert!(!section.contains(&customer), "{customer}: {section}");
    }
    // A report over sessions nobody placed has no such section, as before.
    let none = tempfile::tempdir().expect("tempdir");
    let store = Store::open(none.path()).expect("store");
    let mut s = synth::session(&mut Rng(1), &common::guide(), 0);
    store.create(&mut s).expect("create");
    let md = String::from_utf8(journey(none.path(), &["report"])).expect("utf-8");
    assert!(!md.contains("Agreement") && !md.contains("gauge's"), "{md}");
}
