//! The study report: an archive of seed customers gives back the seed's per-stage drill-down;
//! the HTML page is self-contained and escapes what it shows; filters and anonymisation hold.

mod common;

use std::path::Path;
use std::process::Command;

use journey::session::{Session, Store};

/// A kind of customer: a name, its answers (question, options picked) and a quote.
type Profile = (
    &'static str,
    &'static [(&'static str, &'static [&'static str])],
    &'static str,
);

/// Ten customers of each stage, in the seed's words, with their own quotes.
fn seed_archive(dir: &Path) -> Store {
    let store = Store::open(dir).expect("store");
    for mut s in seed_sessions(10) {
        store.create(&mut s).expect("create");
    }
    store
}

/// `each` customers of each stage, in the seed's words, with their own quotes.
fn seed_sessions(each: usize) -> Vec<Session> {
    let guide = common::guide();
    let mut sessions = Vec::new();
    let profiles: [Profile; 4] = [
        (
            "Lab",
            &[
                ("start.production", &["no"]),
                ("sponsorship.sponsor", &["nobody"]),
                ("confidence.posture", &["learning"]),
            ],
            "We are only trying it out in the lab.",
        ),
        (
            "ITProd",
            &[
                ("start.production", &["yes"]),
                ("workloads.it", &["file-print", "domain-controllers"]),
                ("workloads.business", &["none"]),
                ("sponsorship.sponsor", &["it-owned"]),
                ("sponsorship.app_owners", &["not-yet"]),
                ("confidence.posture", &["reactive"]),
                ("value.primary", &["consolidation"]),
                ("triggers.business", &["hardware-refresh"]),
            ],
            "The hardware refresh paid for itself.",
        ),
        (
            "BizProd",
            &[
                ("start.production", &["yes"]),
                ("workloads.business", &["exchange", "sap"]),
                (
                    "products.in_use",
                    &["esxi", "vcenter", "vmotion", "ha", "srm"],
                ),
                ("products.vmotion_when", &["first-year"]),
                ("sponsorship.sponsor", &["app-owners"]),
                ("sponsorship.app_owners", &["some"]),
                ("confidence.posture", &["selective"]),
                ("value.primary", &["quality"]),
                ("policy.exists", &["known-apps"]),
            ],
            "SRM sold it to the SAP owners <b>& friends</b>.",
        ),
        (
            "Cloud",
            &[
                ("start.production", &["yes"]),
                ("workloads.business", &["exchange", "sap", "nearly-all"]),
                ("products.breadth", &["most"]),
                ("sponsorship.sponsor", &["cio"]),
                ("sponsorship.mbo", &["yes"]),
                ("confidence.posture", &["default"]),
                ("value.primary", &["agility"]),
                ("policy.exists", &["enforced"]),
                ("itaas.new_workloads", &["virtual"]),
                ("itaas.dr", &["solution"]),
            ],
            "Everything new goes virtual.",
        ),
    ];
    for (profile, answers, quote) in profiles {
        for n in 0..each {
            let mut s: Session = common::session(&guide, &format!("{profile} Corp {n}"));
            s.meta.interviewer = if n % 2 == 0 { "Sam Lee" } else { "Ines Duarte" }.into();
            for (q, ids) in answers {
                common::pick(&mut s, q, ids);
            }
            s.answer_mut("sponsorship.sponsor")
                .quotes
                .push(quote.to_string());
            sessions.push(s);
        }
    }
    sessions
}

fn journey(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("journey runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The lines of a Markdown section, from its heading to the next one of its level.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading} in {md}"));
    let rest = &md[start + heading.len()..];
    let end = rest.find("\n## ").map_or(rest.len(), |e| e);
    &rest[..end]
}

#[test]
fn forty_seed_customers_give_back_the_seeds_drill_down() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed_archive(dir.path());
    let md = journey(dir.path(), &["report"]);
    assert!(md.contains("40 interviews"), "{md}");
    for row in [
        "| Stage zero | 10 |",
        "| IT Production | 10 |",
        "| Business Production | 10 |",
        "| ITaaS | 10 |",
    ] {
        assert!(md.contains(row), "{row} in {md}");
    }
    // The seed's table: sponsorship, confidence and value at each stage.
    let it = section(&md, "## IT Production");
    assert!(it.contains("Sponsorship: IT ownership 10"), "{it}");
    assert!(it.contains("Confidence: reactive 10"), "{it}");
    assert!(it.contains("Major hardware refresh (10)"), "{it}");
    let bp = section(&md, "## Business Production");
    assert!(bp.contains("Sponsorship: application owners 10"), "{bp}");
    assert!(bp.contains("Confidence: selective 10"), "{bp}");
    assert!(bp.contains("Crossed the chasm: 10 of 10 known"), "{bp}");
    let itaas = section(&md, "## ITaaS");
    assert!(itaas.contains("Sponsorship: CIO 10"), "{itaas}");
    assert!(itaas.contains("Everything new goes virtual."), "{itaas}");
    // The shift across the chasm: consolidation in IT Production, quality of service after it.
    let across = section(&md, "### Stage × main value");
    let row = |name: &str| -> Vec<String> {
        across
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("{name} in {across}"))
            .split('|')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    assert_eq!(row("IT Production")[1..], ["10", "0", "0", "0"]);
    assert_eq!(row("Business Production")[1..], ["0", "10", "0", "0"]);
    assert_eq!(row("ITaaS")[1..], ["0", "0", "10", "0"]);
}

#[test]
fn the_html_report_is_one_escaped_page_with_inline_charts() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed_archive(dir.path());
    let html = journey(dir.path(), &["report", "--format", "html"]);
    let doc = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    assert!(
        doc.select(&select("svg")).count() >= 10,
        "stacked bars and heatmaps"
    );
    assert_eq!(doc.select(&select("script, link, img, iframe")).count(), 0);
    assert!(
        !html.contains("http://") || !html.contains("src="),
        "nothing fetched"
    );
    // A quote with markup is text, not markup.
    assert!(html.contains("&lt;b&gt;&amp; friends&lt;/b&gt;"), "escaped");
    assert_eq!(doc.select(&select("blockquote b")).count(), 0);
}

#[test]
fn filters_and_anonymisation_apply_to_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed_archive(dir.path());
    let md = journey(
        dir.path(),
        &["report", "--interviewer", "sam", "--stage", "itaas"],
    );
    assert!(md.contains("5 interviews"), "{md}");
    assert!(
        md.contains("stage ITaaS") && md.contains("interviewer sam"),
        "{md}"
    );
    let md = journey(dir.path(), &["report", "--anonymize"]);
    assert!(!md.contains("Corp"), "{md}");
    assert!(md.contains("anonymised") && md.contains("— C"), "{md}");
    let today = chrono::Local::now().date_naive();
    let tomorrow = today.succ_opt().expect("a tomorrow").to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["report", "--since", &tomorrow])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no session matches"));
}

/// Issue 20: an anonymised report filtered by interviewer names the interviewer by alias only,
/// in its header too, in Markdown and in HTML.
#[test]
fn an_anonymised_report_never_prints_the_interviewer_filter_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed_archive(dir.path());
    for format in ["md", "html"] {
        let text = journey(
            dir.path(),
            &[
                "report",
                "--anonymize",
                "--interviewer",
                "Sam Lee",
                "--format",
                format,
            ],
        );
        assert!(text.contains("20 interviews"), "{text}");
        for name in ["Sam", "Lee", "Ines", "Corp"] {
            assert!(
                !text.contains(name),
                "{name} in the {format} report: {text}"
            );
        }
        assert!(text.contains("interviewer I"), "{text}");
    }
}

/// The study of these sessions, rendered in both formats with a fixed heading.
fn rendered(sessions: &[Session]) -> (String, String) {
    let guide = common::guide();
    let mut study = journey::report::Study::new(&guide);
    for s in sessions {
        study.add(&guide, s, &journey::assess::assess(&guide, s));
    }
    let scope = journey::report::Scope {
        title: "Study".into(),
        filters: vec!["complete".into()],
        anonymized: false,
        generated: "2026-11-25 12:00".into(),
    };
    (
        journey::report::markdown(&guide, &study, &scope),
        journey::report::html(&guide, &study, &scope),
    )
}

#[test]
fn golden_report() {
    let mut sessions = seed_sessions(1);
    sessions.extend(seed_sessions(2).into_iter().skip(2).take(2));
    // A quote that already carries its quotation marks.
    sessions[0].answer_mut("sponsorship.sponsor").quotes[0] = "\u{201c}Only a lab.\u{201d}".into();
    sessions[1].answer_mut("sponsorship.sponsor").quotes[0] = "\"It paid for itself.\"".into();
    let (md, html) = rendered(&sessions);
    insta::assert_snapshot!("report.md", md);
    insta::assert_snapshot!("report.html", html);
}

/// Issue 21: one customer is "1 customer", in both formats, and the CLI counts one session as one.
#[test]
fn one_customer_is_counted_as_one() {
    let (md, html) = rendered(&seed_sessions(1));
    for text in [&md, &html] {
        assert!(
            text.contains(": 1 interview · 1 customer there now") && !text.contains("1 customers"),
            "{text}"
        );
        assert!(text.contains("4 interviews"), "{text}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut one = seed_sessions(1).remove(0);
    store.create(&mut one).expect("create");
    let file = dir.path().join("report.md");
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["report", "-o"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("(1 session)"),
        "{out:?}"
    );
    let md = std::fs::read_to_string(&file).expect("report");
    assert!(
        md.contains("1 interview ·") && md.contains(": 1 interview · 1 customer there now\n"),
        "{md}"
    );
}

/// A customer interviewed twice is one customer, counted where its latest interview puts it,
/// whatever order the sessions come in; both interviews still count at their own stages.
#[test]
fn a_customer_interviewed_twice_is_one_customer_where_it_is_now() {
    let guide = common::guide();
    let mut sessions = seed_sessions(1);
    // "Lab Corp 0" at stage zero, interviewed again a day later at Business Production.
    let (lab, biz) = (&sessions[0].meta, &sessions[2].meta);
    assert!(lab.customer.starts_with("Lab") && biz.customer.starts_with("BizProd"));
    let later = lab.started + chrono::Duration::days(1);
    let (name, id) = (lab.customer.clone(), lab.customer_key());
    sessions[2].meta.customer = name;
    sessions[2].meta.customer_id = id;
    sessions[2].meta.started = later;
    let study = |order: &[usize]| {
        let mut study = journey::report::Study::new(&guide);
        for &i in order {
            let s = &sessions[i];
            study.add(&guide, s, &journey::assess::assess(&guide, s));
        }
        study
    };
    // Stage zero, IT Production, Business Production, ITaaS, no evidence.
    assert_eq!(study(&[0, 1, 2, 3]).customers_now(), vec![0, 1, 1, 1, 0]);
    assert_eq!(study(&[3, 2, 1, 0]).customers_now(), vec![0, 1, 1, 1, 0]);
    let interviews = study(&[0, 1, 2, 3])
        .stages
        .iter()
        .map(|g| g.interviews)
        .collect::<Vec<_>>();
    assert_eq!(interviews, vec![1, 1, 1, 1, 0]);
    // Gathered in two parts and merged, as the report does on several cores: the later
    // interview in the part merged into the other.
    let mut merged = study(&[2, 3]);
    merged.merge(study(&[0, 1]));
    assert_eq!(merged.customers_now(), vec![0, 1, 1, 1, 0]);
    let mut merged = study(&[0, 1]);
    merged.merge(study(&[2, 3]));
    assert_eq!(merged.customers_now(), vec![0, 1, 1, 1, 0]);
    let (md, _) = rendered(&sessions);
    assert!(md.contains("| Stage zero | 0 | 1 | 1 | 0 |"), "{md}");
    assert!(md.contains("| Business Production | 1 | 1 |"), "{md}");
    assert!(
        md.contains("Stage zero (experimenting): 1 interview · 0 customers there now"),
        "{md}"
    );
}

/// Issue 21: a quote typed with its own quotation marks is not wrapped in a second pair.
#[test]
fn a_quote_with_its_own_marks_is_not_quoted_twice() {
    let mut sessions = seed_sessions(1);
    sessions[0].answer_mut("sponsorship.sponsor").quotes[0] = "\"Only a lab.\"".into();
    sessions[1].answer_mut("sponsorship.sponsor").quotes[0] = "Plain words.".into();
    let (md, html) = rendered(&sessions);
    assert!(md.contains("> \"Only a lab.\" — Lab Corp 0"), "{md}");
    assert!(md.contains("> “Plain words.” — ITProd Corp 0"), "{md}");
    assert!(
        html.contains("<blockquote>&quot;Only a lab.&quot;<br>"),
        "{html}"
    );
    assert!(!md.contains("“\"") && !html.contains("“&quot;"));
}

/// A quote or customer name with markup is text in the Markdown report too, as in the export:
/// a viewer that renders Markdown shows it, never runs it.
#[test]
fn the_markdown_report_keeps_markup_as_text() {
    let mut sessions = seed_sessions(1);
    sessions[0].meta.customer = "<img src=x onerror=alert(1)> *Inc*".into();
    sessions[0].answer_mut("sponsorship.sponsor").quotes[0] = "<script>x</script> | [a](b)".into();
    let (md, _) = rendered(&sessions);
    assert!(!md.contains("<img") && !md.contains("<script>"), "{md}");
    assert!(
        md.contains("&lt;script&gt;x&lt;/script&gt; \\| \\[a\\](b)"),
        "{md}"
    );
    assert!(
        md.contains("&lt;img src=x onerror=alert(1)&gt; \\*Inc\\*"),
        "{md}"
    );
}

/// Issue 21: `journey show` does not double a quote's own marks, and counts one answer as one.
#[test]
fn show_keeps_a_quotes_own_marks_and_counts_one_answer_as_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Solo Corp");
    common::pick(&mut s, "start.production", &["no"]);
    s.add_quote("start.production", "\u{201c}Not yet.\u{201d}");
    s.add_quote("start.production", "Maybe next year.");
    store.create(&mut s).expect("create");
    let text = journey(dir.path(), &["show", &s.id]);
    assert!(text.contains("Quote: “Not yet.”\n"), "{text}");
    assert!(text.contains("Quote: “Maybe next year.”\n"), "{text}");
    // One answer places the customer: "(1 answer)".
    let a = journey::assess::assess(&guide, &s);
    assert_eq!((a.strength.answers, a.position.is_some()), (1, true));
    assert!(text.contains("(1 answer)"), "{text}");
    assert!(!text.contains("(1 answers)"), "{text}");
}

/// Issue 21: `journey list` counts one conflict as "1 conflict", never "conflict(s)".
#[test]
fn list_counts_conflicts_in_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    for (customer, n) in [("One Corp", 1), ("Two Corp", 2)] {
        let mut s = common::session(&guide, customer);
        for q in ["start.production", "start.share"].iter().take(n) {
            let conflict = serde_json::json!({ "question": q, "versions": [] });
            s.conflicts
                .push(serde_json::from_value(conflict).expect("a conflict"));
        }
        store.create(&mut s).expect("create");
    }
    let text = journey(dir.path(), &["list"]);
    assert!(
        text.contains("· 1 conflict ") || text.contains("· 1 conflict\n"),
        "{text}"
    );
    assert!(text.contains("· 2 conflicts"), "{text}");
    assert!(!text.contains("(s)"), "{text}");
}

/// An answer the skip logic hides now (the value section, once "In production today?" is No)
/// is not counted in the report's tables, as the exports leave it out; the file keeps it.
#[test]
fn the_report_does_not_count_an_answer_the_skip_logic_hides() {
    use journey::guide::AnswerSource as _;
    let guide = common::guide();
    let mut lab = seed_sessions(1).remove(0);
    assert!(lab.meta.customer.starts_with("Lab"));
    let q = guide.question("value.primary").expect("question");
    lab.pick(q, "consolidation");
    let sessions = [lab];
    let study =
        journey::report::gather(&guide, 1, None, |i| Ok(Some(sessions[i].clone()))).expect("study");
    let counted: usize = study.by_value.iter().flatten().sum();
    assert_eq!(counted, 0, "production No hides the value section");
    assert!(
        sessions[0].answer("value.primary").is_some(),
        "kept in the session"
    );

    let it = seed_sessions(1).remove(1);
    assert!(it.selected("value.primary").is_some());
    let study = journey::report::gather(&guide, 1, None, |_| Ok(Some(it.clone()))).expect("study");
    assert_eq!(study.by_value.iter().flatten().sum::<usize>(), 1);
}
