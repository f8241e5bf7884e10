//! Answers the skip logic hides (typed, then an earlier answer changed): kept in the session
//! file, left out of every export meant for analysis (as ODK leaves non-relevant questions
//! blank), listed apart by `show`, and back everywhere when the earlier answer changes back.

mod common;

use common::outputs::ok;

use journey::session::{Session, Store, Value};

/// "In production today?" = Yes, the year 2009, the first workload Exchange (with a note and a
/// quote), VMware HA among the IT workloads; then "In production today?" = No.
fn hidden_session(store: &Store) -> Session {
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme");
    common::pick(&mut s, "start.production", &["yes"]);
    let year = s.answer_mut("start.first_year");
    year.state = journey::session::AnswerState::Answered;
    year.value = Some(Value::Number(2009.0));
    common::text(&mut s, "start.first_workload", "Exchange");
    s.set_notes("start.first_workload", "mail first, then the rest");
    s.answer_mut("start.first_workload").quotes = vec!["Exchange was the easy one".into()];
    let it = guide.question("workloads.it").expect("question");
    let option = it.options[0].id.clone();
    common::pick(&mut s, "workloads.it", &[option.as_str()]);
    common::pick(&mut s, "start.production", &["no"]);
    store.create(&mut s).expect("create");
    s
}

/// The CSV's one row, by column name.
fn csv_row(text: &str) -> std::collections::HashMap<String, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let record = reader.records().next().expect("a row").expect("row");
    header
        .into_iter()
        .zip(record.iter().map(String::from))
        .collect()
}

#[test]
fn csv_leaves_hidden_answers_blank_and_the_file_keeps_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let s = hidden_session(&store);
    let row = csv_row(&ok(dir.path(), &["export", &s.id, "--format", "csv"]));
    assert_eq!(row["start.production"], "No, we are still experimenting");
    assert_eq!(row["start.first_year"], "");
    assert_eq!(row["start.first_workload"], "");
    assert_eq!(row["workloads.it"], "");
    let it = common::guide().question("workloads.it").expect("q").clone();
    for o in &it.options {
        assert_eq!(row[&format!("workloads.it/{}", o.id)], "", "{}", o.id);
    }
    // What the customer said stays: it is evidence, whatever the skip logic shows.
    assert_eq!(
        row["start.first_workload notes"],
        "mail first, then the rest"
    );
    assert_eq!(
        row["start.first_workload quotes"],
        "Exchange was the easy one"
    );
    // Nothing typed is lost: the file keeps every answer.
    let kept = store.load(&s.id).expect("load");
    assert_eq!(
        kept.answer("start.first_year")
            .and_then(|a| a.answered_value()),
        Some(&Value::Number(2009.0))
    );
    // Changed back to Yes, the answers are in the export again.
    let mut back = kept;
    common::pick(&mut back, "start.production", &["yes"]);
    store.save(&back).expect("save");
    let row = csv_row(&ok(dir.path(), &["export", &s.id, "--format", "csv"]));
    assert_eq!(row["start.first_year"], "2009");
    assert_eq!(row["start.first_workload"], "Exchange");
    assert_eq!(row[&format!("workloads.it/{}", it.options[0].id)], "1");
}

#[test]
fn show_lists_hidden_answers_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let s = hidden_session(&store);
    let text = ok(dir.path(), &["show", &s.id]);
    let (answers, hidden) = text
        .split_once("HIDDEN BY SKIP LOGIC")
        .unwrap_or_else(|| panic!("no hidden section: {text}"));
    assert!(answers.contains("No, we are still experimenting"), "{text}");
    assert!(!answers.contains("2009"), "{text}");
    assert!(!answers.contains("File and print servers"), "{text}");
    assert!(
        answers.contains("(hidden by skip logic: see below)")
            && answers.contains("Exchange was the easy one"),
        "the quote stays under its question: {text}"
    );
    assert!(
        hidden.contains("hidden by skip logic (kept): Year of first production VM: 2009"),
        "{text}"
    );
    assert!(
        hidden.contains("hidden by skip logic (kept): First production workload: Exchange"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["show", &s.id, "--json"])).expect("json");
    let hidden: Vec<&str> = json["hidden_answers"]
        .as_array()
        .expect("hidden_answers")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        hidden,
        ["start.first_year", "start.first_workload", "workloads.it"]
    );
    // `show --json` is the session as stored: the answer is there.
    assert_eq!(
        json["answers"]["start.first_year"]["value"]["number"],
        2009.0
    );
}

#[test]
fn json_markdown_html_and_qdpx_leave_hidden_answers_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let s = hidden_session(&store);
    let json: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["export", &s.id, "--format", "json"]))
            .expect("json");
    let entry = &json["sessions"][0];
    assert!(
        entry["answers"].get("start.first_year").is_none(),
        "{entry}"
    );
    let workload = &entry["answers"]["start.first_workload"];
    assert!(workload["value"].is_null(), "{workload}");
    assert_eq!(workload["quotes"][0], "Exchange was the easy one");
    assert_eq!(entry["hidden_answers"][0], "start.first_year");
    for format in ["md", "html"] {
        let text = ok(dir.path(), &["export", &s.id, "--format", format]);
        assert!(!text.contains("2009"), "{format}: {text}");
        assert!(
            !text.contains(">Exchange<") && !text.contains("\nExchange\n"),
            "{format}: {text}"
        );
        assert!(
            text.contains("Exchange was the easy one"),
            "{format}: {text}"
        );
        // Nor in the highlights the assessment picks (workloads.it is one).
        assert!(!text.contains("File and print servers"), "{format}: {text}");
    }
    let qdpx = dir.path().join("out.qdpx");
    let path = qdpx.to_str().expect("path");
    ok(
        dir.path(),
        &["export", &s.id, "--format", "qdpx", "-o", path],
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&qdpx).expect("open")).expect("zip");
    let mut sources = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("entry");
        if file.name().starts_with("sources/") {
            std::io::Read::read_to_string(&mut file, &mut sources).expect("read");
        }
    }
    assert!(sources.contains("Exchange was the easy one"), "{sources}");
    assert!(!sources.contains("Answer: Exchange"), "{sources}");
    assert!(!sources.contains("2009"), "{sources}");
}

#[test]
fn spss_syntax_in_pspp_reads_a_hidden_answer_as_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let s = hidden_session(&store);
    let out = dir.path().join("spss");
    let path = out.to_str().expect("path");
    ok(
        dir.path(),
        &["export", &s.id, "--format", "spss", "-o", path],
    );
    let Some(text) = common::pspp::run(
        &out,
        "COUNT gone = start_first_year (MISSING).\nLIST /VARIABLES=gone.\n",
    ) else {
        return;
    };
    assert!(!text.contains("error:"), "{text}");
    // One case, its year system-missing: counted once by `COUNT ... (MISSING)`.
    assert!(text.contains("|gone|") && text.contains("|1.00|"), "{text}");
}

/// The row cache (`<data>/rows.cache`) keys a row on its file's stamp and the guide, which
/// decide what is hidden: a cached row never holds a hidden answer, nor hides a shown one.
#[cfg(unix)]
#[test]
fn the_row_cache_follows_what_is_hidden() {
    use journey::export::{stream_csv_as_of, Selection, ROWS_FILE};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let s = hidden_session(&store);
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    let export = |store: &Store| {
        let summary = journey::index::Summary::of(&guide, &store.load(&s.id).expect("load"));
        let mut out = Vec::new();
        stream_csv_as_of(store, &guide, &Selection::of([&summary]), later, &mut out)
            .expect("export");
        csv_row(&String::from_utf8(out).expect("utf-8"))
    };
    assert_eq!(export(&store)["start.first_year"], "");
    assert!(dir.path().join(ROWS_FILE).exists(), "the cache is written");
    assert_eq!(export(&store)["start.first_year"], "", "and read");
    let mut back = store.load(&s.id).expect("load");
    common::pick(&mut back, "start.production", &["yes"]);
    store.save(&back).expect("save");
    assert_eq!(export(&store)["start.first_year"], "2009");
}
