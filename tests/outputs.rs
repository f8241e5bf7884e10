//! Issue 20, leaks and malformed outputs: every anonymised format names nobody (coded texts,
//! conflicts, other names kept in the session, a name typed without its apostrophe); REFI-QDA
//! files stay well-formed XML whatever was pasted; PSPP reads one row per session; Stata expands
//! nothing in a label; `--force` replaces regular files only; a guide's options are bounded.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use journey::session::{AnswerState, Conflict, ConflictVersion, Session, Store, Value};

const Q: &str = "sponsorship.sponsor";

fn journey(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("journey runs")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = journey(dir, args);
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn conflict(
    question: &str,
    values: [&str; 2],
    by: [&str; 2],
    at: journey::session::Timestamp,
) -> Conflict {
    Conflict {
        question: question.into(),
        versions: values
            .iter()
            .zip(by)
            .map(|(v, by)| ConflictVersion {
                state: AnswerState::Answered,
                value: Some(Value::Text(v.to_string())),
                by: by.into(),
                at,
            })
            .collect(),
    }
}

/// Two sessions with names in every place a name can hide: coded quotes and coded parts of the
/// notes, conflicts (an answer and the metadata), "ONeil" for "O'Neil", nicknames.
fn archive(dir: &Path) -> Vec<String> {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let mut ids = Vec::new();
    for (customer, participant) in [("Société Générale", "Bob O'Neil"), ("Globex", "Dana Reyes")]
    {
        let mut s: Session = common::session(&guide, customer);
        s.meta.participant = participant.into();
        common::pick(&mut s, Q, &["it-owned"]);
        s.set_notes(
            Q,
            "ONeil said SocGen moved in 2019.\nBobby and Dana Reyes agreed, Globex too.",
        );
        s.add_quote(Q, "At SocGen, Bobby never asked for permission.");
        s.apply_code(Q, "At SocGen, Bobby never asked for permission.", "fud");
        s.apply_code(Q, "ONeil said SocGen moved", "sponsorship");
        let at = s.meta.started;
        s.conflicts.push(conflict(
            "wrapup.advice",
            ["Ask Bobby at SocGen", "Ask Dana"],
            ["Sam Lee", "Ines Duarte"],
            at,
        ));
        s.conflicts.push(conflict(
            "meta.customer",
            ["SocGen SA", "Globex Ltd"],
            ["Sam Lee", "Ines Duarte"],
            at,
        ));
        store.create(&mut s).expect("create");
        ids.push(s.id.clone());
    }
    ok(
        dir,
        &[
            "alias",
            &ids[0],
            "--customer",
            "SocGen",
            "--participant",
            "Bobby",
        ],
    );
    ids
}

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

/// Line breaks in names: PSPP reads 4 sessions as 4 cases. Macro characters in a label: the
/// do-file escapes every one inside its compound quotes.
#[test]
fn line_breaks_and_macro_characters_reach_no_statistics_package() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    for n in 0..4 {
        let mut s = common::session(&guide, &format!("Acme\nCorp\r\n{n}"));
        s.meta.interviewer = "Sam\nLee".into();
        common::text(&mut s, "wrapup.advice", "two\nlines \"quoted\"");
        store.create(&mut s).expect("create");
    }
    ok(
        dir.path(),
        &[
            "codes",
            "add",
            "macro",
            "--name",
            "$HOME `c(pwd)' \\`x' \"q\"",
        ],
    );
    let spss = dir.path().join("spss");
    let stata = dir.path().join("stata");
    ok(
        dir.path(),
        &[
            "export",
            "--all",
            "-f",
            "spss",
            "-o",
            spss.to_str().expect("path"),
        ],
    );
    ok(
        dir.path(),
        &[
            "export",
            "--all",
            "-f",
            "stata",
            "-o",
            stata.to_str().expect("path"),
        ],
    );
    let find = |folder: &Path, ext: &str| {
        std::fs::read_dir(folder)
            .expect("folder")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .expect("a file")
    };
    let csv = std::fs::read_to_string(find(&spss, "csv")).expect("csv");
    assert_eq!(csv.lines().count(), 5, "{csv}");
    let do_file = std::fs::read_to_string(find(&stata, "do")).expect("do-file");
    let line = do_file
        .lines()
        .find(|l| l.contains("HOME"))
        .expect("the code's label");
    assert!(
        line.contains(r#"`"Texts coded \$HOME \`c(pwd)' \\\`x' 'q'"'"#),
        "{line}"
    );
    for line in do_file.lines().filter(|l| l.starts_with("label")) {
        // Inside the compound quotes, each `$` and backtick is escaped.
        for quoted in line.split("`\"").skip(1) {
            let inner = quoted.split("\"'").next().unwrap_or("");
            let mut escaped = false;
            for c in inner.chars() {
                assert!(
                    escaped || !matches!(c, '$' | '`'),
                    "unescaped {c} in {line}"
                );
                escaped = !escaped && c == '\\';
            }
        }
    }
    if Command::new("pspp").arg("--version").output().is_err() {
        eprintln!("skipped the PSPP run: pspp is not installed (Debian: apt-get install pspp)");
        return;
    }
    let syntax = find(&spss, "sps");
    std::fs::write(
        spss.join("check.sps"),
        format!(
            "INCLUDE FILE='{}'.\nSHOW N.\n",
            syntax.file_name().expect("name").to_string_lossy()
        ),
    )
    .expect("write");
    let run = Command::new("pspp")
        .current_dir(&spss)
        .args(["-O", "format=txt", "check.sps"])
        .output()
        .expect("pspp runs");
    let text =
        String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{text}");
    assert!(text.contains("N is 4."), "{text}");
    assert!(
        !text.contains("warning:") && !text.contains("error:"),
        "{text}"
    );
}

/// `--force` over a FIFO or a symbolic link: refused, naming the path; both are left as they
/// were (the link's target too). Never a device: tests do not touch /dev.
#[cfg(unix)]
#[test]
fn force_replaces_regular_files_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    archive(dir.path());
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "keep me").expect("write");
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let fifo_s = fifo.to_str().expect("path");
    let link_s = link.to_str().expect("path");
    let attempts: [&[&str]; 7] = [
        &["export", "--all", "-f", "spss", "-o", fifo_s, "--force"],
        &["export", "--all", "-f", "md", "-o", fifo_s, "--force"],
        &["export", "--all", "-f", "md", "-o", link_s, "--force"],
        &["export", "--all", "-f", "csv", "-o", link_s, "--force"],
        &[
            "export",
            "--all",
            "-f",
            "csv",
            "--codebook",
            fifo_s,
            "--force",
        ],
        &["report", "-o", link_s, "--force"],
        &["export", "--all", "-f", "md", "-o", link_s],
    ];
    for args in attempts {
        let out = journey(dir.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(
            err.contains("not a regular file") || err.contains("is not a folder"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("pipe") || err.contains("link.md"),
            "{args:?}: {err}"
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .expect("fifo")
        .file_type()
        .is_fifo());
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).expect("target"), "keep me");
    // A device, made here (as root, CI's case) rather than touching /dev: a null device.
    let device = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .output();
    if made.is_ok_and(|m| m.status.success()) {
        let device_s = device.to_str().expect("path");
        let out = journey(dir.path(), &["report", "-o", device_s, "--force"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains("is a device"),
            "{err}"
        );
        let kind = std::fs::symlink_metadata(&device)
            .expect("device")
            .file_type();
        assert!(kind.is_char_device());
    } else {
        eprintln!("skipped the device case: mknod needs root");
    }
    // Saving into a folder (the interview screen's export) takes the next free name instead.
    let written = journey::export::write_new(dir.path(), "link.md", "x").expect("written");
    assert_eq!(written, dir.path().join("link-2.md"));
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    // A regular file is still replaced when forced.
    ok(
        dir.path(),
        &[
            "export",
            "--all",
            "-f",
            "md",
            "-o",
            target.to_str().expect("path"),
            "--force",
        ],
    );
    assert!(std::fs::read_to_string(&target)
        .expect("target")
        .contains("SocGen"));
}

/// A guide offering more options in one question than the bound is refused, naming the
/// question; the built-in guide passes.
#[test]
fn a_guide_with_too_many_options_is_refused_with_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut guide: serde_json::Value =
        serde_json::from_str(include_str!("../content/virtualization-journey.json")).expect("json");
    let question = &mut guide["sections"][0]["questions"][0];
    let id = question["id"].as_str().expect("id").to_string();
    question["kind"] = "multiple".into();
    question["options"] = (0..20_000)
        .map(|i| serde_json::json!({"id": format!("o{i}"), "label": format!("Option {i}")}))
        .collect();
    let file = dir.path().join("crafted.json");
    std::fs::write(&file, guide.to_string()).expect("write");
    let started = std::time::Instant::now();
    let out = journey(
        dir.path(),
        &["guide", "check", file.to_str().expect("path")],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!(
            "question `{id}`: 20000 options; a question offers 1000 at most"
        )),
        "{err}"
    );
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    ok(dir.path(), &["guide", "check"]);
}

/// `journey alias`: names are added once (any case), listed, removed; removing a name the
/// session does not hold is an error; the file keeps them as an optional field.
#[test]
fn other_names_are_added_listed_and_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ids = archive(dir.path());
    let id = &ids[1];
    let plain = Store::open(dir.path()).expect("store").path(id);
    let before = std::fs::read_to_string(&plain).expect("file");
    assert!(!before.contains("\"aliases\""), "{before}");
    ok(
        dir.path(),
        &[
            "alias",
            id,
            "--customer",
            "GX",
            "--customer",
            "gx",
            "--participant",
            "DR",
        ],
    );
    let listed = ok(dir.path(), &["alias", id]);
    assert!(
        listed.contains("also GX") && listed.contains("also DR"),
        "{listed}"
    );
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plain).expect("file")).expect("json");
    assert_eq!(
        file["meta"]["aliases"]["customer"],
        serde_json::json!(["GX"])
    );
    ok(dir.path(), &["alias", id, "--remove", "dr"]);
    let listed = ok(dir.path(), &["alias", id]);
    assert!(listed.contains("no other name"), "{listed}");
    let out = journey(dir.path(), &["alias", id, "--remove", "Nobody"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no other name `Nobody`"));
}
