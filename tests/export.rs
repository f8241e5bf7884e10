//! Exports: golden files per format, CSV and HTML parsed back, anonymisation, safe writing.

mod common;

use assert_cmd::Command;
use chrono::DateTime;
use journey::export::{Export, Format};
use journey::guide::ObstacleStatus;
use journey::session::{AnswerState, Session, Store, Value};
use predicates::prelude::*;

const EVIL: &str = "<script>alert(1)</script> & \"Co\"";

fn at(t: &str) -> chrono::DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(t).expect("time")
}

fn number(s: &mut Session, q: &str, n: f64) {
    let a = s.answer_mut(q);
    a.state = AnswerState::Answered;
    a.value = Some(Value::Number(n));
}

/// Three fixed sessions: an IT Production customer, a Business Production one with hostile text,
/// and one barely started.
fn sessions() -> Vec<Session> {
    let guide = common::guide();
    let mut a = common::session(&guide, "Acme Logistics");
    a.id = "2026-11-20-acme-logistics-k3f9".into();
    a.meta.started = at("2026-11-20T09:00:00+01:00");
    a.meta.updated = at("2026-11-20T10:05:00+01:00");
    a.meta.finished = Some(at("2026-11-20T10:05:00+01:00"));
    a.elapsed_seconds = 3725;
    common::pick(&mut a, "start.production", &["yes"]);
    common::pick(
        &mut a,
        "triggers.business",
        &["hardware-refresh", "capacity"],
    );
    common::pick(
        &mut a,
        "workloads.it",
        &["file-print", "domain-controllers"],
    );
    common::pick(&mut a, "workloads.business", &["none"]);
    common::pick(&mut a, "products.in_use", &["esxi", "vcenter"]);
    common::pick(&mut a, "sponsorship.sponsor", &["it-owned"]);
    common::pick(&mut a, "value.primary", &["consolidation"]);
    common::pick(&mut a, "team.introduced", &["server-only"]);
    common::pick(&mut a, "team.tactics", &["training"]);
    number(&mut a, "start.share", 25.0);
    common::text(
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

    let mut b = common::session(&guide, EVIL);
    b.id = "2026-11-22-script-alert-1-script-co-ab12".into();
    b.meta.participant = "=HYPERLINK(\"http://evil\")".into();
    b.meta.started = at("2026-11-22T14:00:00+00:00");
    b.meta.updated = b.meta.started;
    common::pick(&mut b, "start.production", &["yes"]);
    common::pick(&mut b, "workloads.business", &["exchange", "sap"]);
    common::pick(&mut b, "sponsorship.app_owners", &["some"]);
    common::pick(&mut b, "products.vmotion_when", &["first-year"]);
    common::pick(&mut b, "triggers.business", &["hardware-refresh"]);
    common::text(
        &mut b,
        "wrapup.differently",
        "*Bold* claims | pipes # and `code` <b>html</b> \u{1b}[31mred",
    );
    b.answer_mut("fud.issue").notes = "@SUM(A1:A9) and -2+3".into();
    b.obstacle_overrides
        .insert("storage".into(), ObstacleStatus::Resolved);

    let mut c = common::session(&guide, "Initech");
    c.id = "2026-11-24-initech-zz99".into();
    c.meta.started = at("2026-11-24T08:30:00-05:00");
    c.meta.updated = c.meta.started;
    c.meta.participant = String::new();
    vec![a, b, c]
}

fn export(anonymize: bool) -> String {
    let guide = common::guide();
    let e = Export::new(
        &guide,
        sessions(),
        anonymize,
        at("2026-11-25T12:00:00+00:00"),
    );
    [Format::Markdown, Format::Csv, Format::Json, Format::Html]
        .iter()
        .map(|f| e.render(*f).expect("render"))
        .collect::<Vec<_>>()
        .join("\n=====\n")
}

fn render(format: Format, which: &[usize]) -> String {
    let guide = common::guide();
    let all = sessions();
    let chosen = which.iter().map(|i| all[*i].clone()).collect();
    Export::new(&guide, chosen, false, at("2026-11-25T12:00:00+00:00"))
        .render(format)
        .expect("render")
}

#[test]
fn golden_markdown() {
    insta::assert_snapshot!("one_session.md", render(Format::Markdown, &[0]));
    insta::assert_snapshot!("set.md", render(Format::Markdown, &[0, 1, 2]));
}

#[test]
fn golden_csv() {
    insta::assert_snapshot!("set.csv", render(Format::Csv, &[0, 1, 2]));
}

#[test]
fn golden_json() {
    insta::assert_snapshot!("set.json", render(Format::Json, &[0, 1, 2]));
}

#[test]
fn golden_html() {
    insta::assert_snapshot!("one_session.html", render(Format::Html, &[0]));
    insta::assert_snapshot!("set.html", render(Format::Html, &[0, 1, 2]));
}

#[test]
fn csv_parses_back_to_the_same_cells() {
    let text = render(Format::Csv, &[0, 1, 2]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let guide = common::guide();
    assert_eq!(
        header
            .iter()
            .filter(|h| guide.question(h).is_some())
            .count(),
        guide.question_count()
    );
    assert_eq!(&rows[0][col("customer")], "Acme Logistics");
    assert_eq!(
        &rows[0][col("workloads.it")],
        "File and print servers; Domain controllers"
    );
    assert_eq!(&rows[0][col("org.servers")], "(skipped)");
    assert_eq!(&rows[0][col("start.share")], "25%");
    assert_eq!(
        &rows[0][col("wrapup.advice")],
        "Plan storage first.\nThen train every team."
    );
    assert_eq!(
        &rows[0][col("value.primary notes")],
        "[12:10] Dana Reyes: the CFO loved the hardware savings"
    );
    assert_eq!(
        &rows[0][col("value.primary quotes")],
        "Acme Logistics saved a fortune on hardware"
    );
    assert_eq!(&rows[0][col("stage")], "it-production");
    assert_eq!(&rows[0][col("team-communication")], "being addressed");
    assert_eq!(&rows[0][col("duration")], "1:02:05");
    assert_eq!(&rows[1][col("customer")], EVIL);
    // Formulas are neutralised; plain numbers stay numbers.
    assert_eq!(&rows[1][col("participant")], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(&rows[1][col("fud.issue notes")], "'@SUM(A1:A9) and -2+3");
    assert_eq!(&rows[1][col("storage")], "resolved");
    for row in &rows {
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '@']), "live formula {cell:?}");
        }
    }
}

#[test]
fn html_is_self_contained_and_every_value_is_text() {
    let text = render(Format::Html, &[0, 1, 2]);
    let doc = scraper::Html::parse_document(&text);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    assert_eq!(
        doc.select(&select("script")).count(),
        0,
        "a script element got through"
    );
    assert_eq!(
        doc.select(&select("link, img, iframe, object, embed"))
            .count(),
        0
    );
    for el in doc.select(&select("*")) {
        for (name, value) in el.value().attrs() {
            assert!(
                name != "src" && !(name == "href" && value.contains("//")),
                "external asset {name}={value}"
            );
            assert!(!name.starts_with("on"), "event handler {name}");
        }
    }
    let h1: Vec<String> = doc
        .select(&select("section h1"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(h1, ["Acme Logistics", EVIL, "Initech"]);
    let answers: String = doc.root_element().text().collect();
    assert!(
        answers.contains("*Bold* claims | pipes # and `code` <b>html</b>"),
        "user text not kept as text"
    );
    assert!(!text.contains('\u{1b}'), "a raw escape reached the HTML");
    assert!(
        doc.select(&select("svg")).count() > 4,
        "charts and gauges are inline SVG"
    );
}

#[test]
fn markdown_keeps_user_text_as_text() {
    let text = render(Format::Markdown, &[1]);
    assert!(
        // A plain "&" stays as typed ("Paris & Lyon"), it starts no entity.
        text.contains("# &lt;script&gt;alert(1)&lt;/script&gt; & \"Co\""),
        "{text}"
    );
    assert!(
        text.contains("\\*Bold\\* claims \\| pipes \\# and \\`code\\` &lt;b&gt;html&lt;/b&gt;"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn anonymized_exports_name_nobody() {
    let text = export(true);
    for name in [
        "Acme",
        "acme",
        "Logistics",
        "Dana",
        "Reyes",
        "Sam Lee",
        "Initech",
        "HYPERLINK",
        "alert(1)",
    ] {
        assert!(
            !text.contains(name),
            "{name} appears in an anonymised export"
        );
    }
    for alias in ["C1", "C2", "C3", "P1", "I1", "2026-11-20-c1-k3f9"] {
        assert!(text.contains(alias), "{alias} missing");
    }
    assert!(text.contains("[12:10] P1: the CFO loved the hardware savings"));
    assert!(text.contains("C1 saved a fortune on hardware"));
}

fn journey(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("journey").expect("binary");
    cmd.env("JOURNEY_DATA_DIR", data);
    cmd
}

fn store_with_sessions(dir: &std::path::Path) -> Store {
    let store = Store::open(dir).expect("store");
    for s in sessions() {
        store.save(&s).expect("save");
    }
    store
}

/// The names of the files in `dir`.
fn file_names(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// The permission bits of a file or folder.
fn mode(path: &std::path::Path) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(path).expect("meta").permissions())
        & 0o777
}

#[test]
fn cli_export_writes_once_and_only_replaces_with_force() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    store_with_sessions(data.path());
    let target = out.path().join("journey-3-sessions-");
    journey(data.path())
        .args(["export", "--all", "--format", "csv", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("(3 sessions)"));
    let written: Vec<_> = std::fs::read_dir(out.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(written.len(), 1);
    assert!(written[0]
        .display()
        .to_string()
        .starts_with(&target.display().to_string()));
    assert_eq!(mode(&written[0]), 0o600);
    let before = std::fs::read(&written[0]).expect("read");
    journey(data.path())
        .args(["export", "--all", "--format", "csv", "-o"])
        .arg(&written[0])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists; pass --force"));
    assert_eq!(std::fs::read(&written[0]).expect("read"), before);
    journey(data.path())
        .args(["export", "2026-11-20", "--format", "md", "--force", "-o"])
        .arg(&written[0])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&written[0])
        .expect("read")
        .starts_with("# Acme Logistics"));
}

#[test]
fn cli_export_makes_a_missing_folder_named_with_a_slash() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    store_with_sessions(data.path());
    let folder = out.path().join("summaries");
    journey(data.path())
        .args(["export", "--all", "--format", "html", "-o"])
        .arg(format!("{}/", folder.display()))
        .assert()
        .success();
    let written = file_names(&folder);
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].ends_with(".html"), "{written:?}");
    assert_eq!(mode(&folder), 0o700);
}

#[test]
fn cli_export_filters_by_stage_and_status_and_names_files_safely() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let store = store_with_sessions(data.path());
    let mut odd = common::session(&common::guide(), "../../etc/passwd");
    store.create(&mut odd).expect("create");
    journey(data.path())
        .args([
            "export",
            "--all",
            "--stage",
            "Business Production",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"id\": \"2026-11-22-script-alert-1-script-co-ab12\"",
        ))
        .stdout(predicate::str::contains("acme").not());
    journey(data.path())
        .args(["export", "--all", "--status", "complete", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Acme Logistics"));
    journey(data.path())
        .args(["export", &odd.id, "--format", "html", "-o"])
        .arg(out.path())
        .assert()
        .success();
    let names = file_names(out.path());
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].contains("-etc-passwd-") && names[0].ends_with(".html"),
        "{names:?}"
    );
    assert!(!names[0].contains('/') && !names[0].starts_with('.'));
    journey(data.path())
        .args(["export", "--format", "md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("or pass --all"));
    journey(data.path())
        .args(["export", "--all", "--stage", "nowhere", "--format", "md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no stage `nowhere`"));
}

#[test]
fn deleting_moves_to_the_trash_and_restoring_brings_it_back() {
    let data = tempfile::tempdir().expect("tempdir");
    store_with_sessions(data.path());
    journey(data.path())
        .args(["delete", "2026-11-24"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "journey trash restore 2026-11-24-initech-zz99",
        ));
    journey(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Initech").not());
    journey(data.path())
        .args(["trash", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Initech"));
    // Any unique part of the id finds it, as everywhere else: here the customer.
    journey(data.path())
        .args(["trash", "restore", "initech"])
        .assert()
        .success()
        .stdout("Restored 2026-11-24-initech-zz99.\n");
    journey(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Initech"));
    journey(data.path())
        .args(["delete", "2026-11-24"])
        .assert()
        .success();
    journey(data.path())
        .args(["trash", "empty", "--yes"])
        .assert()
        .success()
        .stdout("Deleted 1 session(s) for good.\n");
    assert_eq!(
        std::fs::read_dir(data.path().join("trash"))
            .expect("trash")
            .count(),
        0
    );
    journey(data.path())
        .args(["trash", "restore", "2026-11-24"])
        .assert()
        .failure();
}

/// A session with coded lines (a code of the guide and an unknown one) and quotes that already
/// carry their quotation marks: rendered once per format, never wrapped in a second pair.
#[test]
fn golden_coded_and_quoted() {
    let guide = common::guide();
    let mut s = sessions().remove(0);
    let ans = s.answer_mut("sponsorship.sponsor");
    ans.quotes.push("\u{201c}Nobody owns it.\u{201d}".into());
    ans.quotes.push("\"IT pays.\"".into());
    ans.coded.push(journey::session::Coded {
        text: "the CIO fears outages".into(),
        codes: vec!["fud".into(), "gone".into()],
    });
    ans.coded.push(journey::session::Coded {
        text: "\u{201c}we wait\u{201d}".into(),
        codes: vec!["fud".into()],
    });
    let e = Export::new(&guide, vec![s], false, at("2026-11-25T12:00:00+00:00"));
    let md = e.render(Format::Markdown).expect("md");
    let html = e.render(Format::Html).expect("html");
    insta::assert_snapshot!("coded.md", md);
    insta::assert_snapshot!("coded.html", html);
}

/// Issue 21: the messages name the format as the user typed it, say what a codebook export
/// wrote, and count one session as one.
#[test]
fn cli_export_messages_say_what_is_true() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    store_with_sessions(data.path());
    for (format, typed) in [("spss", "--format spss"), ("stata", "--format stata")] {
        journey(data.path())
            .args(["export", "--all", "--format", format])
            .assert()
            .failure()
            .stderr(predicate::str::contains(typed))
            .stderr(predicate::str::contains("--format sps ").not());
    }
    let guide = common::guide();
    let codes = guide.codes.len();
    assert!(codes > 1, "the built-in guide has codes");
    let codebook = out.path().join("codes.qdc");
    journey(data.path())
        .args(["export", "--all", "--format", "qdc", "-o"])
        .arg(&codebook)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "(the guide's codebook: {codes} codes)"
        )))
        .stderr(predicate::str::contains("session").not());
    journey(data.path())
        .args(["export", "2026-11-20", "--format", "md", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("(1 session)"));
}

/// The data dictionary of a CSV export: every kind of column (session, driver, obstacle,
/// question, option, notes, quotes) with its question, kind, codes and label.
#[test]
fn golden_dictionary() {
    let guide = common::guide();
    let plan = journey::export::csv::Plan::new(&guide, [0u16, 5], [3u16]);
    let dictionary = journey::export::csv::codebook(&guide, &plan).expect("dictionary");
    insta::assert_snapshot!("dictionary.csv", dictionary);
}

/// One model, two formats: everything the session summary model holds (questions, quotes, coded
/// lines and their codes, drivers, obstacles, follow-ups, the stage) is in the Markdown and in
/// the HTML, each escaped its own way.
#[test]
fn markdown_and_html_say_what_the_summary_says() {
    use journey::export::{html::esc, md, summary::SessionSummary};
    let guide = common::guide();
    let mut all = sessions();
    let ans = all[1].answer_mut("sponsorship.sponsor");
    ans.quotes.push("Nobody <owns> it".into());
    ans.coded.push(journey::session::Coded {
        text: "the CIO & the CFO".into(),
        codes: vec!["fud".into()],
    });
    all[1].answer_mut("value.primary").follow_up = true;
    let e = Export::new(&guide, all, false, at("2026-11-25T12:00:00+00:00"));
    let (markdown, html) = (
        e.render(Format::Markdown).expect("md"),
        e.render(Format::Html).expect("html"),
    );
    let mut said = Vec::new();
    for item in &e.items {
        let s = SessionSummary::new(&guide, item);
        said.extend([s.customer.to_string(), s.stage.label.clone()]);
        said.extend(s.drivers.iter().map(|d| d.name.to_string()));
        said.extend(s.obstacles.iter().map(|o| o.name.clone()));
        said.extend(s.follow_ups.iter().map(|f| f.label.to_string()));
        for a in s.sections.iter().flat_map(|x| &x.answers) {
            said.push(a.question.to_string());
            said.extend(a.quotes.iter().map(|q| q.text.to_string()));
            for c in &a.coded {
                said.push(c.text.text.to_string());
                said.extend(c.codes.iter().map(|c| c.name.to_string()));
            }
        }
    }
    assert!(said.len() > 40, "{said:?}");
    for text in &said {
        assert!(markdown.contains(&md(text)), "{text} in the Markdown");
        assert!(html.contains(&esc(text)), "{text} in the HTML");
    }
}
