//! Output to a closed pipe (`journey export … | head`): journey ends quietly, with success,
//! and says nothing about a broken pipe.

mod common;

use std::process::{Command, Stdio};

use journey::session::Store;

/// Runs journey with a stdout pipe whose reading end is closed at once, as `| head -0` would:
/// every write journey makes meets a closed pipe.
fn run_into_closed_pipe(
    data: &std::path::Path,
    args: &[&str],
) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(args)
        .env("JOURNEY_DATA_DIR", data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn journey");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    (
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_printing_command_ends_quietly_on_a_closed_pipe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    for customer in ["Acme Logistics", "Bravo Bank", "Cobalt Mining"] {
        let mut s = common::session(&guide, customer);
        common::pick(&mut s, "start.production", &["yes"]);
        common::text(&mut s, "wrapup.advice", &"Start small. ".repeat(2000));
        store.create(&mut s).expect("create");
    }
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--json"],
        &["show", "acme"],
        &["show", "acme", "--json"],
        &["export", "--format", "md", "--all"],
        &["export", "--format", "csv", "--all"],
        &["export", "--format", "json", "--all"],
        &["export", "--format", "html", "--all"],
        &["report"],
        &["man"],
        &["completions", "bash"],
        &["guide", "check"],
        &["trash"],
        &["codes"],
    ];
    for args in commands {
        let (status, stderr) = run_into_closed_pipe(dir.path(), args);
        assert!(
            status.success(),
            "journey {args:?} into a closed pipe: {status}, stderr: {stderr}"
        );
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
            "journey {args:?} into a closed pipe said: {stderr}"
        );
    }
}
