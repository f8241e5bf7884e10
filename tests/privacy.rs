//! Privacy: everything journey creates (folders, sessions, temp files, locks, trash, exports) is
//! 0700 / 0600 whatever the umask, and a deleted session leaves no copy once the trash is emptied.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::pty::{keys::*, Journey};

/// Every file and folder under `dir`, with its mode.
fn walk(dir: &Path, out: &mut Vec<(PathBuf, u32, bool)>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let meta = entry.metadata().expect("meta");
        out.push((
            entry.path(),
            meta.permissions().mode() & 0o777,
            meta.is_dir(),
        ));
        if meta.is_dir() {
            walk(&entry.path(), out);
        }
    }
}

/// `journey ARGS` under a umask, without a terminal.
fn journey_under(mask: &str, data: &Path, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .args([
            "-c",
            &format!("umask {mask}; exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_journey"),
        ])
        .args(args)
        .env("JOURNEY_DATA_DIR", data)
        .output()
        .expect("run")
}

#[test]
fn everything_journey_creates_is_private_under_any_umask() {
    let mut checked = 0;
    for mask in ["022", "077", "000", "002"] {
        let root = tempfile::tempdir().expect("tempdir");
        let data = root.path().join("data");
        // An interview in the terminal: session, lock, temp files; then an export from the summary.
        let mut j = Journey::start_with(
            &data,
            &["new", "--customer", "Private Co"],
            120,
            40,
            &[],
            Some(mask),
        );
        j.expect("What industry is the organisation in?");
        j.step("3", "(•) 3 Public sector").wait_saved();
        j.step(F10, "Finish the interview?");
        j.step("y", "Summary");
        j.step("x", "Export this session");
        j.step("1", "Exported 1 session (Markdown) to ");
        j.send(ENTER).send(CTRL_Q);
        assert!(j.wait_exit());
        // The command line: an export to a folder of the user's, and a session to the trash.
        let out = root.path().join("out");
        std::fs::create_dir(&out).expect("out");
        let o = journey_under(
            mask,
            &data,
            &[
                "export",
                "--all",
                "--format",
                "csv",
                "-o",
                out.to_str().expect("utf-8"),
            ],
        );
        assert!(o.status.success(), "{o:?}");
        let id = j.session()["id"].as_str().expect("id").to_string();
        let o = journey_under(mask, &data, &["delete", &id]);
        assert!(o.status.success(), "{o:?}");

        let mut entries = Vec::new();
        walk(&data, &mut entries);
        walk(&out, &mut entries);
        let names: Vec<String> = entries
            .iter()
            .map(|(p, _, _)| p.display().to_string())
            .collect();
        for part in ["sessions", "locks", "trash", "exports"] {
            assert!(
                names.iter().any(|n| n.ends_with(part)),
                "umask {mask}: no {part} folder in {names:#?}"
            );
        }
        let data_mode = std::fs::metadata(&data).expect("data").permissions().mode() & 0o777;
        assert_eq!(data_mode, 0o700, "umask {mask}: the data folder");
        for (path, mode, is_dir) in &entries {
            let want = if *is_dir { 0o700 } else { 0o600 };
            assert_eq!(*mode, want, "umask {mask}: {} is {mode:o}", path.display());
            checked += 1;
        }
    }
    println!("privacy: {checked} files and folders checked under umasks 022, 077, 000 and 002; all 0600 / 0700");
}

#[test]
fn a_deleted_session_leaves_no_copy_once_the_trash_is_emptied() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("data");
    let mut j = Journey::start(
        &data,
        &[
            "new",
            "--customer",
            "Zyxwv Industries",
            "--participant",
            "Qwerty Person",
        ],
        120,
        40,
    );
    j.expect("What industry is the organisation in?");
    j.step("3", "(•) 3 Public sector");
    j.send(CTRL_N).send("Zyxwv runs 400 servers").wait_saved();
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    let id = j.session()["id"].as_str().expect("id").to_string();
    // A second session stays, to show the sweep is selective.
    let mut keep = Journey::start(&data, &["new", "--customer", "Keeper Ltd"], 120, 40);
    keep.expect("What industry is the organisation in?");
    keep.send(CTRL_Q);
    assert!(keep.wait_exit());

    let o = journey_under("022", &data, &["delete", &id]);
    assert!(o.status.success(), "{o:?}");
    let o = journey_under("022", &data, &["trash", "empty", "--yes"]);
    assert!(o.status.success(), "{o:?}");

    let mut entries = Vec::new();
    walk(&data, &mut entries);
    for (path, _, is_dir) in &entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        assert!(
            !name.contains("zyxwv") && !name.contains("qwerty"),
            "a name left behind: {}",
            path.display()
        );
        if !is_dir {
            let contents = std::fs::read(path).expect("read");
            let text = String::from_utf8_lossy(&contents).to_lowercase();
            assert!(
                !text.contains("zyxwv") && !text.contains("qwerty"),
                "a copy left behind in {}",
                path.display()
            );
        }
    }
    assert!(
        entries
            .iter()
            .any(|(p, _, _)| p.to_string_lossy().contains("keeper")),
        "the other session went too"
    );
}
