//! Exports: golden files per format, CSV and HTML parsed back, anonymisation, safe writing.

mod common;

use common::exports::{at, sessions, EVIL};

use journey::export::{Export, Format};

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

/// The data dictionary of a CSV export: every kind of column (session, driver, obstacle,
/// question, option, notes, quotes) with its question, kind, codes and label.
#[test]
fn golden_dictionary() {
    let guide = common::guide();
    let plan = journey::export::CsvPlan::new(&guide, [0u16, 5], [3u16]);
    let dictionary = journey::export::csv_codebook(&guide, &plan).expect("dictionary");
    insta::assert_snapshot!("dictionary.csv", dictionary);
}

/// One model, two formats: everything the session summary model holds (questions, quotes, coded
/// lines and their codes, drivers, obstacles, follow-ups, the stage) is in the Markdown and in
/// the HTML, each escaped its own way.
#[test]
fn markdown_and_html_say_what_the_summary_says() {
    use journey::export::{html_escape as esc, md, SessionSummary};
    let guide = common::guide();
    let mut all = sessions();
    let ans = all[1].answer_mut("sponsorship.sponsor");
    ans.quotes.push("Nobody <owns> it".into());
    ans.coded.push(journey::session::Coded {
        text: "the CIO & the CFO".into(),
        codes: vec!["fud".into()],
        by: None,
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
