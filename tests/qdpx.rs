//! REFI-QDA: the `.qdpx` project and the `.qdc` codebook, read back here and, when it is
//! installed, with the strict REFI-QDA reader `pyrefiqda` (the published schema's models).

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use journey::session::Store;

fn archive(dir: &Path) -> (Store, String) {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let mut first = String::new();
    for (n, name) in ["Acme", "Globex & Sons <UK>", "Société Générale"]
        .iter()
        .enumerate()
    {
        let mut s = common::session(&guide, name);
        common::pick(&mut s, "sponsorship.sponsor", &["it-owned"]);
        s.set_notes(
            "sponsorship.sponsor",
            "[01:02] The IT director owns it.\nThe CIO watches from afar.",
        );
        s.add_quote("sponsorship.sponsor", "We never asked for permission.");
        s.apply_code(
            "sponsorship.sponsor",
            "We never asked for permission.",
            "fud",
        );
        s.apply_code("sponsorship.sponsor", "IT director owns it", "sponsorship");
        s.meta.interviewer = if n == 0 {
            "Sam Lee".into()
        } else {
            "Ines Duarte".into()
        };
        store.create(&mut s).expect("create");
        if n == 0 {
            first = s.id.clone();
        }
    }
    (store, first)
}

fn journey(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("journey runs");
    assert!(out.status.success(), "{out:?}");
    out
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
fn the_project_holds_sources_selections_codes_cases_and_users() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, first) = archive(dir.path());
    let file = dir.path().join("study.qdpx");
    journey(
        dir.path(),
        &[
            "export",
            "--all",
            "--format",
            "qdpx",
            "-o",
            file.to_str().expect("path"),
        ],
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).expect("open")).expect("a zip");
    let mut qde = String::new();
    zip.by_name("project.qde")
        .expect("project.qde")
        .read_to_string(&mut qde)
        .expect("read");
    assert!(qde.contains("xmlns=\"urn:QDA-XML:project:1.0\""));
    assert_eq!(qde.matches("<TextSource ").count(), 3);
    assert_eq!(qde.matches("<Case ").count(), 3);
    assert_eq!(qde.matches("<User ").count(), 2);
    assert!(
        qde.contains("Globex &amp; Sons &lt;UK&gt;"),
        "names are escaped"
    );
    // Each selection is the very text it names, and its codes point into the codebook.
    let guide = common::guide();
    let mut checked = 0;
    for source in qde.split("<TextSource ").skip(1) {
        let path = attr(source, "plainTextPath")
            .trim_start_matches("internal://")
            .to_string();
        let mut text = String::new();
        zip.by_name(&format!("sources/{path}"))
            .expect("the source's text")
            .read_to_string(&mut text)
            .expect("read");
        let chars: Vec<char> = text.chars().collect();
        for selection in source.split("<PlainTextSelection ").skip(1) {
            let start: usize = attr(selection, "startPosition").parse().expect("start");
            let end: usize = attr(selection, "endPosition").parse().expect("end");
            let picked: String = chars[start..end].iter().collect();
            let body = &selection[..selection
                .find("</PlainTextSelection>")
                .unwrap_or(selection.len())];
            let code = body
                .find("<CodeRef ")
                .map(|at| attr(&body[at..], "targetGUID").to_string());
            match picked.as_str() {
                "We never asked for permission." | "IT director owns it" => {}
                other => panic!("selection {other:?}"),
            }
            let code = code.expect("a coding");
            assert!(qde.contains(&format!("<Code guid=\"{code}\"")), "{code}");
            checked += 1;
        }
        if text.contains("Acme") {
            assert!(text.contains("Who sponsors virtualization"), "{text}");
        }
    }
    assert_eq!(checked, 6);
    assert!(qde.contains(&guide.codes[0].name));
    assert!(!first.is_empty());
    // The codebook alone.
    let qdc = journey(dir.path(), &["export", "--all", "--format", "qdc"]);
    let qdc = String::from_utf8(qdc.stdout).expect("utf-8");
    assert!(qdc.contains("urn:QDA-XML:codebook:1.0"));
    assert_eq!(qdc.matches("<Code ").count(), guide.codes.len());

    // A strict REFI-QDA reader, when there is one.
    let reader = "import sys\nfrom pyrefiqda import RefiProject, RefiCodebook\n\
                  p = RefiProject.load(sys.argv[1], extract_dir=sys.argv[2])\n\
                  c = RefiCodebook.load(sys.argv[3])\n\
                  sel = sum(len(s.plain_text_selection) for s in p.sources.text_source)\n\
                  print(len(p.sources.text_source), len(p.cases.case), len(p.code_book.codes.code), sel, len(c.codes.code))\n";
    let codebook = dir.path().join("codes.qdc");
    std::fs::write(&codebook, &qdc).expect("write");
    let run = Command::new("python3")
        .arg("-c")
        .arg(reader)
        .arg(&file)
        .arg(dir.path().join("extracted"))
        .arg(&codebook)
        .output();
    match run {
        Ok(out) if out.status.success() => {
            let got = String::from_utf8_lossy(&out.stdout);
            let n = guide.codes.len();
            assert_eq!(got.trim(), format!("3 3 {n} 6 {n}"), "{got}");
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

/// The project's XML and sources, for fixed sessions: the same archive gives the same project,
/// byte for byte, whatever the code that writes it looks like.
#[test]
fn golden_project() {
    let guide = common::guide();
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").expect("time");
    let mut sessions = Vec::new();
    for (n, name) in ["Acme", "Globex & Sons <UK>"].iter().enumerate() {
        let mut s = common::session(&guide, name);
        s.id = format!("2026-11-2{n}-fixed-{n}");
        common::pick(&mut s, "sponsorship.sponsor", &["it-owned"]);
        common::text(&mut s, "org.industry", "Logistics");
        s.set_notes(
            "sponsorship.sponsor",
            "The IT director owns it.\nThe CIO waits.",
        );
        s.add_quote("sponsorship.sponsor", "We never asked.");
        s.apply_code("sponsorship.sponsor", "We never asked.", "fud");
        s.apply_code("sponsorship.sponsor", "CIO waits", "sponsorship");
        s.meta.interviewer = ["Sam Lee", ""][n].into();
        s.meta.finished = [Some(t), None][n];
        sessions.push(s);
    }
    let export = journey::export::Export::new(&guide, sessions, false, t);
    let bytes = journey::export::qdpx_project(&export).expect("project");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("entry");
        all.push_str(&format!("===== {}\n", file.name()));
        file.read_to_string(&mut all).expect("text");
    }
    insta::assert_snapshot!("project", all);
}
