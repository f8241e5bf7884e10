//! What the customer said, in the outputs: quotes taken from a transcript line keep their
//! speaker and time in Markdown and HTML, `--transcript` adds the whole transcript under its
//! questions, the REFI-QDA project carries each transcript as a source with its coded lines
//! (read back by the strict reader pyrefiqda when it is installed), the study report cites
//! them, and an anonymised export names no one.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::outputs::ok;
use journey::session::Store;

const QUOTE: &str = "we moved Exchange onto VMware last spring";
/// Every real name of the session and its transcript: customer, participant, interviewer and
/// a third speaker, each also said inside the lines.
const NAMES: [&str; 7] = [
    "Nordbank",
    "Marta",
    "Lindqvist",
    "Sam",
    "Okafor",
    "Jonas",
    "Berg",
];

/// A Nordbank session with its timeline, the three-speaker transcript attached (the recording
/// began 30 s before the interview), and one of Marta's lines quoted on the trigger and coded.
fn archive(dir: &Path) -> String {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let visits = [
        ("org.industry", 0, 40),
        ("org.servers", 40, 95),
        ("triggers.business", 95, 300),
    ];
    let mut s = common::nordbank::session(&guide, &visits);
    store.create(&mut s).expect("create");
    let file = PathBuf::from("tests/transcripts/three-speakers.vtt");
    ok(
        dir,
        &[
            "transcript",
            "add",
            &s.id,
            file.to_str().expect("path"),
            "--offset",
            "30",
        ],
    );
    let mut s = store.load(&s.id).expect("load");
    assert!(s.quote_line("triggers.business", QUOTE, 100.0, Some("Marta Lindqvist")));
    assert!(s.apply_code("triggers.business", QUOTE, "sponsorship"));
    store.save(&s).expect("save");
    s.id
}

fn export(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["export", "--all"];
    all.extend_from_slice(args);
    ok(dir, &all)
}

#[test]
fn quotes_keep_who_said_them_and_when_and_the_transcript_sits_under_its_questions() {
    let dir = tempfile::tempdir().expect("tempdir");
    archive(dir.path());
    let md = export(dir.path(), &["--format", "md"]);
    let said = format!("“{QUOTE}” — Marta Lindqvist, 01:40");
    assert!(md.contains(&said), "{md}");
    assert!(!md.contains("## Transcript"), "only with --transcript");
    let md = export(dir.path(), &["--format", "md", "--transcript"]);
    let whole = &md[md.find("## Transcript").expect("the transcript")..];
    let order = [
        "### What industry",
        "- 00:05 **Sam Okafor**: What industry is Nordbank in, Marta?",
        "- 00:11 **Marta Lindqvist**: Retail banking",
        "### Roughly how many servers",
        "- 00:45 **Jonas Berg**: Nordbank runs",
        "### Which events set off",
        "- 01:40 **Marta Lindqvist**: The hardware refresh",
        "### Said on no question",
        "- 06:10 **Marta Lindqvist**: Thanks",
    ];
    let mut at = 0;
    for part in order {
        let found = whole[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part}: {whole}"));
        at += found + part.len();
    }
    let html = export(dir.path(), &["--format", "html", "--transcript"]);
    assert!(html.contains("<h2>Transcript</h2>"), "{html}");
    assert!(html.contains(&format!(
        "“{QUOTE}” <span class=\"dim\">— Marta Lindqvist, 01:40</span>"
    )));
    assert!(html.contains("<b>Jonas Berg</b>: Nordbank runs about 1,200 physical servers, Sam."));
    let json = export(dir.path(), &["--format", "json", "--transcript"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let lines = &v["sessions"][0]["transcript"][0]["lines"];
    assert_eq!(lines.as_array().map(Vec::len), Some(5), "{json}");
    assert_eq!(lines[3]["question"], "triggers.business");
    // Where it means nothing, it is refused with the formats it goes with.
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["export", "--all", "--format", "csv", "--transcript"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format md, html or json"));
}

/// The project's XML and the text of each source, by GUID.
fn project(file: &Path) -> (String, Vec<(String, String)>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).expect("open")).expect("zip");
    let mut qde = String::new();
    zip.by_name("project.qde")
        .expect("project.qde")
        .read_to_string(&mut qde)
        .expect("read");
    let mut sources = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let Some(name) = entry.name().strip_prefix("sources/").map(str::to_string) else {
            continue;
        };
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("text");
        sources.push((name, text));
    }
    (qde, sources)
}

/// An attribute's value in an XML start tag.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    &tag[at..at + tag[at..].find('"').expect("closing quote")]
}

#[test]
fn the_qdpx_project_carries_the_transcript_with_its_coded_line_and_loads_in_pyrefiqda() {
    let dir = tempfile::tempdir().expect("tempdir");
    archive(dir.path());
    let file = dir.path().join("study.qdpx");
    export(
        dir.path(),
        &["--format", "qdpx", "-o", file.to_str().expect("path")],
    );
    let (qde, sources) = project(&file);
    assert_eq!(qde.matches("<TextSource ").count(), 2, "{qde}");
    assert_eq!(qde.matches("<SourceRef ").count(), 2, "the case has both");
    let transcript = qde
        .split("<TextSource ")
        .find(|s| attr(s, "name").contains("transcript 1"))
        .expect("the transcript's source");
    let path = attr(transcript, "plainTextPath").trim_start_matches("internal://");
    let text = &sources.iter().find(|(n, _)| n == path).expect("its text").1;
    assert!(text.contains("[00:45] Jonas Berg: Nordbank runs"), "{text}");
    assert!(text.contains(&format!(
        "[01:40] Marta Lindqvist: The hardware refresh was the trigger: {QUOTE}."
    )));
    let selection = transcript
        .split("<PlainTextSelection ")
        .nth(1)
        .expect("the quoted line is a selection");
    let chars: Vec<char> = text.chars().collect();
    let start: usize = attr(selection, "startPosition").parse().expect("start");
    let end: usize = attr(selection, "endPosition").parse().expect("end");
    assert_eq!(chars[start..end].iter().collect::<String>(), QUOTE);
    assert!(
        selection.contains("<CodeRef "),
        "with its code: {selection}"
    );

    let reader = "import sys\nfrom pyrefiqda import RefiProject\n\
                  p = RefiProject.load(sys.argv[1], extract_dir=sys.argv[2])\n\
                  for s in p.sources.text_source:\n\
                  \x20   for sel in s.plain_text_selection:\n\
                  \x20       print('transcript' in s.name, sel.start_position, sel.end_position, len(sel.coding))\n";
    let run = Command::new("python3")
        .arg("-c")
        .arg(reader)
        .arg(&file)
        .arg(dir.path().join("extracted"))
        .output();
    match run {
        Ok(out) if out.status.success() => {
            let got = String::from_utf8_lossy(&out.stdout);
            assert!(
                got.lines().any(|l| l == format!("True {start} {end} 1")),
                "{got}"
            );
        }
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named") => {
            eprintln!("skipped the pyrefiqda check: pip install pyrefiqda");
        }
        Ok(out) => panic!(
            "pyrefiqda refused the project: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("skipped the pyrefiqda check: no python3"),
    }
}

/// Every real name found in `text`, as whole words, case aside.
fn names_in(text: &str) -> Vec<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    NAMES
        .iter()
        .copied()
        .filter(|n| words.iter().any(|w| *w == n.to_lowercase()))
        .collect()
}

#[test]
fn an_anonymised_export_of_a_session_with_a_transcript_names_no_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    archive(dir.path());
    for format in ["md", "html", "json"] {
        let out = export(
            dir.path(),
            &["--format", format, "--transcript", "--anonymize"],
        );
        assert_eq!(names_in(&out), Vec::<&str>::new(), "{format}: {out}");
        assert!(out.contains("P1"), "{format}: {out}");
        assert!(out.contains("S1"), "{format}: the third speaker: {out}");
    }
    let md = export(
        dir.path(),
        &["--format", "md", "--transcript", "--anonymize"],
    );
    assert!(md.contains(&format!("“{QUOTE}” — P1, 01:40")), "{md}");
    assert!(
        md.contains("- 00:05 **I1**: What industry is C1 in, P1?"),
        "{md}"
    );
    assert!(
        md.contains("- 00:45 **S1**: C1 runs about 1,200 physical servers, I1."),
        "{md}"
    );
    let csv = export(dir.path(), &["--format", "csv", "--anonymize"]);
    assert_eq!(names_in(&csv), Vec::<&str>::new(), "{csv}");
    let file = dir.path().join("anon.qdpx");
    export(
        dir.path(),
        &[
            "--format",
            "qdpx",
            "--anonymize",
            "-o",
            file.to_str().expect("path"),
        ],
    );
    let (qde, sources) = project(&file);
    assert_eq!(names_in(&qde), Vec::<&str>::new(), "{qde}");
    for (name, text) in &sources {
        assert_eq!(names_in(text), Vec::<&str>::new(), "{name}: {text}");
    }
    assert!(sources
        .iter()
        .any(|(_, t)| t.contains("[00:45] S1: C1 runs")));
}

#[test]
fn the_report_cites_a_transcript_quote_with_its_speaker_and_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    archive(dir.path());
    let md = ok(dir.path(), &["report"]);
    let cited = format!("> “{QUOTE}” — Marta Lindqvist at Nordbank, 01:40, on ");
    assert!(md.contains(&cited), "{md}");
    let html = ok(dir.path(), &["report", "--format", "html"]);
    assert!(
        html.contains("— Marta Lindqvist at Nordbank, 01:40, on "),
        "{html}"
    );
    let anonymous = ok(dir.path(), &["report", "--anonymize"]);
    assert!(
        anonymous.contains(&format!("> “{QUOTE}” — P1 at C1, 01:40, on ")),
        "{anonymous}"
    );
    assert_eq!(names_in(&anonymous), Vec::<&str>::new(), "{anonymous}");
}

#[test]
fn transcript_lines_are_escaped_in_markdown_and_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = archive(dir.path());
    // Plain-text turns keep what WebVTT would read as tags.
    let vtt = dir.path().join("hostile.txt");
    std::fs::write(
        &vtt,
        "[00:00:40] Marta Lindqvist: <script>alert(1)</script> *all* | [x](javascript:y) & \"q\"\n",
    )
    .expect("write");
    ok(
        dir.path(),
        &["transcript", "add", &id, vtt.to_str().expect("path")],
    );
    let md = export(dir.path(), &["--format", "md", "--transcript"]);
    assert!(!md.contains("<script>"), "{md}");
    assert!(
        md.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\*all\\* \\| \\[x\\](javascript:y)"),
        "{md}"
    );
    let html = export(dir.path(), &["--format", "html", "--transcript"]);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; *all* | [x](javascript:y) &amp; &quot;q&quot;"
        ),
        "{html}"
    );
}

#[test]
fn a_transcript_gone_from_the_data_folder_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = archive(dir.path());
    let kept = dir.path().join("transcripts").join(format!("{id}.vtt"));
    std::fs::remove_file(&kept).expect("remove");
    // An export that needs no transcript goes on.
    export(dir.path(), &["--format", "md"]);
    for args in [
        vec!["--format", "md", "--transcript"],
        vec!["--format", "csv", "--anonymize"],
    ] {
        let out_file = dir.path().join("out.txt");
        let out = Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["export", "--all"])
            .args(&args)
            .arg("-o")
            .arg(&out_file)
            .output()
            .expect("runs");
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot be read"), "{err}");
        assert!(err.contains(&kept.display().to_string()), "{err}");
        assert!(!out_file.exists(), "{args:?}");
    }
}

#[test]
fn a_qdpx_project_written_from_the_screens_carries_the_transcript_too() {
    use journey::tui::app::{App, Launch};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().expect("tempdir");
    archive(dir.path());
    let t0 = std::time::Instant::now();
    let store = Store::open(dir.path()).expect("store");
    let mut app = App::new(common::guide(), store, Launch::Home, t0);
    for c in ['b', 'x', '7'] {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t0);
    }
    let written: Vec<PathBuf> = std::fs::read_dir(dir.path().join("exports"))
        .expect("exports")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "qdpx"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let (_, sources) = project(&written[0]);
    assert!(
        sources
            .iter()
            .any(|(_, text)| text.contains("Jonas Berg: Nordbank runs about 1,200")),
        "no transcript source: {sources:?}"
    );
}
