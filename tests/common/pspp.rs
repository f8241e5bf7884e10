//! PSPP, the free reader of SPSS syntax, run on an SPSS export the way a statistician would.

use std::path::Path;
use std::process::Command;

/// Runs PSPP in `folder` (an SPSS export: its `.sps` syntax and its data) on a file that
/// includes the export's syntax, then `commands`; asserts PSPP succeeded and returns what it
/// printed. `None`, saying so, when PSPP is not installed.
pub fn run(folder: &Path, commands: &str) -> Option<String> {
    if Command::new("pspp").arg("--version").output().is_err() {
        eprintln!("skipped the PSPP run: pspp is not installed (Debian: apt-get install pspp)");
        return None;
    }
    let syntax = std::fs::read_dir(folder)
        .expect("folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "sps") && !p.ends_with("check.sps"))
        .expect("an .sps file");
    let name = syntax
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    std::fs::write(
        folder.join("check.sps"),
        format!("INCLUDE FILE='{name}'.\n{commands}"),
    )
    .expect("write");
    let run = Command::new("pspp")
        .current_dir(folder)
        .args(["-O", "format=txt", "check.sps"])
        .output()
        .expect("pspp runs");
    let text =
        String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{text}");
    Some(text)
}
