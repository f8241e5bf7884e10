//! The formats researchers analyse in, checked with the tools that read them: the ODK-style CSV
//! and its data dictionary, and the SPSS syntax run in PSPP (when PSPP is installed).

mod common;

use std::path::Path;
use std::process::Command;

use journey::session::Store;

/// An archive of 40 synthetic interviews across the stages.
fn archive(dir: &Path) -> Store {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let mut rng = common::synth::Rng(7);
    for i in 0..40 {
        let mut s = common::synth::session(&mut rng, &guide, i);
        store.create(&mut s).expect("create");
    }
    store
}

fn journey(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("journey runs")
}

#[test]
fn the_csv_has_odk_option_columns_and_a_data_dictionary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = archive(dir.path());
    let out = dir.path().join("out.csv");
    let dictionary = dir.path().join("codebook.csv");
    let run = journey(
        dir.path(),
        &[
            "export",
            "--all",
            "--format",
            "csv",
            "--bom",
            "-o",
            out.to_str().expect("path"),
            "--codebook",
            dictionary.to_str().expect("path"),
        ],
    );
    assert!(run.status.success(), "{run:?}");
    let bytes = std::fs::read(&out).expect("csv");
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "a byte-order mark for Excel"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (readable, cio) = (at("sponsorship.sponsor"), at("sponsorship.sponsor/cio"));
    assert_eq!(
        cio,
        readable + 4,
        "the option columns follow the readable column, in option order"
    );
    let guide = common::guide();
    let mut checked = 0;
    for (row, record) in reader.records().enumerate() {
        let record = record.expect("row");
        let id = &record[at("id")];
        let session = store.load(id).expect("session");
        let picked = session
            .answer("sponsorship.sponsor")
            .and_then(|a| a.answered_value())
            .cloned();
        let cell = &record[cio];
        match picked {
            Some(journey::session::Value::Choice { selected, .. }) => {
                assert_eq!(
                    cell,
                    if selected.contains(&"cio".to_string()) {
                        "1"
                    } else {
                        "0"
                    },
                    "row {row}"
                );
                checked += 1;
            }
            _ => assert_eq!(cell, "", "row {row}: blank without an answer"),
        }
    }
    assert!(checked > 20, "{checked}");
    // The data dictionary names every column, with codes and labels.
    let text = std::fs::read_to_string(&dictionary).expect("dictionary");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let entries: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    assert_eq!(entries.len(), header.len());
    let entry = entries
        .iter()
        .find(|e| &e[0] == "sponsorship.sponsor/cio")
        .expect("entry");
    assert_eq!(&entry[2], "0/1");
    assert!(entry[4].contains("The CIO or higher"), "{entry:?}");
    let q = guide.question("sponsorship.sponsor").expect("question");
    let entry = entries
        .iter()
        .find(|e| &e[0] == "sponsorship.sponsor")
        .expect("entry");
    assert!(entry[3].contains("cio=The CIO or higher"), "{entry:?}");
    assert_eq!(&entry[2], "multiple");
    assert_eq!(q.options.len(), 5);
}

#[test]
fn the_spss_syntax_loads_the_data_with_its_labels_in_pspp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = archive(dir.path());
    let out = dir.path().join("spss");
    let run = journey(
        dir.path(),
        &[
            "export",
            "--all",
            "--format",
            "spss",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    assert!(run.status.success(), "{run:?}");
    let syntax = std::fs::read_dir(&out)
        .expect("folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "sps"))
        .expect("an .sps file");
    let text = std::fs::read_to_string(&syntax).expect("syntax");
    assert!(
        text.contains("VALUE LABELS") && text.contains("'IT Production'"),
        "{text}"
    );
    // Stata too: a do-file with the same labels.
    let stata = dir.path().join("stata");
    let run = journey(
        dir.path(),
        &[
            "export",
            "--all",
            "--format",
            "stata",
            "-o",
            stata.to_str().expect("path"),
        ],
    );
    assert!(run.status.success(), "{run:?}");
    let do_file = std::fs::read_dir(&stata)
        .expect("folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "do"))
        .expect("a .do file");
    let text = std::fs::read_to_string(&do_file).expect("do-file");
    assert!(
        text.contains("label define stage_l 0 `\"Stage zero\"'"),
        "{text}"
    );

    let Some(text) = common::pspp::run(
        &out,
        "DISPLAY DICTIONARY /VARIABLES=stage complete.\nFREQUENCIES /VARIABLES=stage.\n",
    ) else {
        return;
    };
    assert!(
        !text.contains("error:") && !text.contains("warning:"),
        "{text}"
    );
    // The labels, and the counts of each stage as journey assesses the sessions.
    assert!(
        text.contains("Nearest stage") && text.contains("Business Production"),
        "{text}"
    );
    let guide = common::guide();
    let mut counts = std::collections::BTreeMap::new();
    for id in store.ids().expect("ids") {
        let s = store.load(&id).expect("load");
        if let Some(stage) = journey::assess::assess(&guide, &s).stage {
            *counts.entry(stage).or_insert(0) += 1;
        }
    }
    for stage in &guide.stages {
        let n = counts.get(&stage.id).copied().unwrap_or(0);
        let line = text
            .lines()
            .find(|l| l.contains(stage.name.as_str()) && l.contains('%'))
            .unwrap_or_else(|| panic!("no frequency row for {}: {text}", stage.name));
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        assert!(
            cells.contains(&n.to_string().as_str()),
            "{}: {n} in {line}",
            stage.name
        );
    }
}

/// The coded CSV and both syntaxes for six fixed synthetic sessions: the same sessions give the
/// same files, byte for byte, whatever the code that writes them looks like.
#[test]
fn golden_coded_table_and_syntax() {
    let guide = common::guide();
    let mut rng = common::synth::Rng(11);
    let sessions = (0..6)
        .map(|i| {
            let mut s = common::synth::session(&mut rng, &guide, i);
            s.id = format!("2026-11-0{i}-synthetic-{i}");
            s
        })
        .collect();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").expect("time");
    let export = journey::export::Export::new(&guide, sessions, false, at);
    let table = journey::export::StatsTable::new(&export);
    insta::assert_snapshot!("coded.csv", table.csv().expect("csv"));
    for format in [
        journey::export::Format::Spss,
        journey::export::Format::Stata,
    ] {
        let syntax = export.render(format).expect("syntax");
        insta::assert_snapshot!(format!("syntax.{}", format.extension()), syntax);
    }
}
