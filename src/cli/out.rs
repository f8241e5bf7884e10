//! Standard output for the commands: a reader that stops early (`journey export … | head`)
//! closes the pipe, and journey then ends quietly, as other Unix tools do, instead of printing
//! "could not write: Broken pipe" or panicking in `println!`.

use std::io::{self, Write};

/// Writes `text` to stdout. A closed pipe is not reported here: the caller's later writes fail
/// the same way and [`closed_pipe`] tells `main` to end quietly.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// [`print`] for the `say!` lines, which cannot fail: a closed pipe drops the line (the reader
/// is gone); any other error is named once on stderr.
pub fn print_or_warn(text: &str) {
    if let Err(e) = print(text) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            let _ = writeln!(
                io::stderr(),
                "journey: could not write to standard output: {e}"
            );
        }
    }
}

/// Whether an error is, at its root, a write to a closed pipe.
pub fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Renders into memory, then prints: for writers (clap_complete) that panic on a write error.
pub fn print_rendered(render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<()> {
    let mut buffer = Vec::new();
    render(&mut buffer)?;
    let mut out = io::stdout().lock();
    out.write_all(&buffer)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_anywhere_in_the_chain_is_a_closed_pipe() {
        let io = io::Error::new(io::ErrorKind::BrokenPipe, "Broken pipe");
        let wrapped = anyhow::Error::new(crate::export::ExportError::Write(io)).context("export");
        assert!(closed_pipe(&wrapped));
        let other = anyhow::Error::new(io::Error::new(io::ErrorKind::NotFound, "gone"));
        assert!(!closed_pipe(&other));
    }
}
