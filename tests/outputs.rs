//! Issue 20, leaks and malformed outputs: every anonymised format names nobody (coded texts,
//! conflicts, other names kept in the session, a name typed without its apostrophe); REFI-QDA
//! files stay well-formed XML whatever was pasted; PSPP reads one row per session; Stata expands
//! nothing in a label; `--force` replaces regular files only; a guide's options are bounded.

mod common;

use common::outputs::{archive, ok, Q};

use std::io::Read;
use std::path::Path;
use std::process::Command;

use journey::session::Store;

const NAMES: [&str; 12] = [
    "Société",
    "Societe",
    "Générale",
    "SocGen",
    "Globex",
    "O'Neil",
    "ONeil",
    "Bobby",
    "Dana",
    "Reyes",
    "Sam Lee",
    "Ines",
];

fn unzip(file: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).expect("open")).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("utf-8");
            (entry.name().to_string(), text)
        })
        .collect()
}

/// `<Coding ` elements in a project: codings kept.
fn codings(file: &Path) -> usize {
    unzip(file)
        .iter()
        .filter(|(name, _)| name == "project.qde")
        .map(|(_, qde)| qde.matches("<Coding ").count())
        .sum()
}

#[test]
fn every_anonymised_output_names_nobody_and_keeps_its_codings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ids = archive(dir.path());
    let shown = ok(dir.path(), &["alias", &ids[0]]);
    assert!(
        shown.contains("also SocGen") && shown.contains("also Bobby"),
        "{shown}"
    );
    let out = dir.path().join("out");
    let mut texts = Vec::new();
    for format in ["md", "csv", "json", "html", "qdc"] {
        texts.push((
            format.to_string(),
            ok(
                dir.path(),
                &["export", "--all", "--anonymize", "-f", format],
            ),
        ));
    }
    for format in ["spss", "stata"] {
        let folder = out.join(format);
        ok(
            dir.path(),
            &[
                "export",
                "--all",
                "--anonymize",
                "-f",
                format,
                "-o",
                folder.to_str().expect("path"),
            ],
        );
        for entry in std::fs::read_dir(&folder).expect("folder").flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("text");
            texts.push((entry.path().display().to_string(), text));
        }
    }
    for (anonymize, name) in [(true, "anon.qdpx"), (false, "named.qdpx")] {
        let file = out.join(name);
        let mut args = vec![
            "export",
            "--all",
            "-f",
            "qdpx",
            "-o",
            file.to_str().expect("path"),
        ];
        if anonymize {
            args.push("--anonymize");
        }
        ok(dir.path(), &args);
    }
    for (name, text) in unzip(&out.join("anon.qdpx")) {
        texts.push((name, text));
    }
    for format in ["md", "html"] {
        let report = ok(
            dir.path(),
            &[
                "report",
                "--anonymize",
                "--interviewer",
                "Sam Lee",
                "-f",
                format,
            ],
        );
        texts.push((format!("report {format}"), report));
    }
    for (what, text) in &texts {
        for name in NAMES {
            assert!(
                !text.contains(name),
                "{name} in the anonymised {what}:\n{text}"
            );
        }
    }
    let json = &texts[2].1;
    // Sorted by id, Globex comes first: C1 and P1 (Dana); Société Générale is C2, Bob P2.
    assert!(
        json.contains("At C2, P2 never asked for permission."),
        "{json}"
    );
    assert!(json.contains("P2 said C2 moved"), "{json}");
    // Both coded texts of both sessions are still codings, anonymised or not.
    assert_eq!(codings(&out.join("named.qdpx")), 4);
    assert_eq!(codings(&out.join("anon.qdpx")), 4);
}

/// Characters XML 1.0 forbids (U+000B and U+0001 pasted from Word) in a customer, a quote, a
/// note and a code's name: the project and the codebook stay well-formed, selections exact.
#[test]
fn pasted_control_characters_leave_the_refi_qda_files_well_formed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Acme\u{b}Corp\u{1}");
    s.set_notes(Q, "Line one\u{b}still one.\nThe \u{1}IT director owns it.");
    s.add_quote(Q, "We never\u{b}asked \u{ffff}for permission.");
    s.apply_code(Q, "We never\u{b}asked \u{ffff}for permission.", "fud");
    s.apply_code(Q, "IT director owns it", "sponsorship");
    store.create(&mut s).expect("create");
    ok(
        dir.path(),
        &["codes", "add", "pasted", "--name", "From\u{b}Word\u{1}"],
    );
    let file = dir.path().join("p.qdpx");
    ok(
        dir.path(),
        &[
            "export",
            "--all",
            "-f",
            "qdpx",
            "-o",
            file.to_str().expect("path"),
        ],
    );
    let qdc = ok(dir.path(), &["export", "--all", "-f", "qdc"]);
    let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    let files = unzip(&file);
    for (name, text) in files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .chain([("qdc", qdc.as_str())])
    {
        assert!(
            !text.contains(forbidden),
            "a forbidden character in {name}: {text:?}"
        );
    }
    let qde = &files
        .iter()
        .find(|(n, _)| n == "project.qde")
        .expect("qde")
        .1;
    let source = &files
        .iter()
        .find(|(n, _)| n.starts_with("sources/"))
        .expect("source")
        .1;
    let chars: Vec<char> = source.chars().collect();
    let mut picked = Vec::new();
    for sel in qde.split("<PlainTextSelection ").skip(1) {
        let num = |key: &str| -> usize {
            let at = sel.find(&format!("{key}=\"")).expect("position") + key.len() + 2;
            sel[at..at + sel[at..].find('"').expect("quote")]
                .parse()
                .expect("number")
        };
        picked.push(
            chars[num("startPosition")..num("endPosition")]
                .iter()
                .collect::<String>(),
        );
    }
    picked.sort();
    assert_eq!(
        picked,
        ["IT director owns it", "We never asked  for permission."]
    );
    assert_eq!(qde.matches("<Coding ").count(), 2);
    pyrefiqda(&file, dir.path(), &qdc);
}

/// The strict REFI-QDA reader, when installed, reads both files.
fn pyrefiqda(project: &Path, dir: &Path, qdc: &str) {
    let codebook = dir.join("codes.qdc");
    std::fs::write(&codebook, qdc).expect("write");
    // A strict XML parser first (expat, in Python's standard library): pyrefiqda itself reads
    // some malformed files.
    let strict = "import sys, zipfile, xml.dom.minidom as m\n\
                  m.parseString(zipfile.ZipFile(sys.argv[1]).read('project.qde'))\n\
                  m.parse(sys.argv[2])\nprint('well-formed')\n";
    match Command::new("python3")
        .arg("-c")
        .arg(strict)
        .arg(project)
        .arg(&codebook)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "not well-formed XML: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("skipped the expat check: no python3"),
    }
    let reader = "import sys\nfrom pyrefiqda import RefiProject, RefiCodebook\n\
                  p = RefiProject.load(sys.argv[1], extract_dir=sys.argv[2])\n\
                  c = RefiCodebook.load(sys.argv[3])\n\
                  print(len(p.sources.text_source), len(c.codes.code))\n";
    let run = Command::new("python3")
        .arg("-c")
        .arg(reader)
        .arg(project)
        .arg(dir.join("extracted"))
        .arg(&codebook)
        .output();
    match run {
        Ok(out) if out.status.success() => {
            let got = String::from_utf8_lossy(&out.stdout);
            assert!(got.starts_with("1 "), "{got}");
        }
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named") => {
            eprintln!("skipped the pyrefiqda check: pip install pyrefiqda");
        }
        Ok(out) => panic!(
            "pyrefiqda refused: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("skipped the pyrefiqda check: no python3"),
    }
}
