//! `journey man` is one whole page that groff reads without a warning.

use std::process::{Command, Stdio};

#[test]
fn the_manual_page_is_well_formed_roff() {
    let page = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("man")
        .output()
        .expect("journey man");
    assert!(page.status.success());
    let text = String::from_utf8(page.stdout.clone()).expect("utf-8");
    assert!(text.is_ascii(), "non-ASCII is written as groff escapes");
    for section in [
        ".SH COMMANDS",
        ".SH KEYS",
        ".SH FILES",
        ".SS \"journey sync init",
    ] {
        assert!(text.contains(section), "{section}");
    }
    // groff is not everywhere: where it is, it must read the page without a warning.
    let Ok(mut groff) = Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("groff not installed: roff not checked");
        return;
    };
    use std::io::Write;
    groff
        .stdin
        .take()
        .expect("stdin")
        .write_all(&page.stdout)
        .expect("write");
    let checked = groff.wait_with_output().expect("groff");
    assert!(checked.status.success());
    assert_eq!(String::from_utf8_lossy(&checked.stderr), "");
}
