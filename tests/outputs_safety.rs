//! Outputs that statistics packages read, and what an output may replace: line breaks and macro
//! characters in SPSS/Stata data, `--force` over links, pipes and devices, a guide with too many
//! options, other names to hide.

mod common;

use std::path::Path;
use std::process::Command;

use common::outputs::{archive, journey, ok};
use journey::session::Store;

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
    let Some(text) = common::pspp::run(&spss, "SHOW N.\n") else {
        return;
    };
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
