use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = journey::cli::Cli::parse();
    match journey::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader stopped early (`journey export | head`): nothing went wrong here.
        Err(e) if journey::cli::out::closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // stderr may be a terminal that is gone: never panic over a message.
            let _ = writeln!(
                std::io::stderr(),
                "journey: {}",
                journey::text::block(&message(&e))
            );
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each cause once: a cause that its error's message already
/// spells out (`file: cannot read: No such file…`) is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&cause);
        }
    }
    message
}

/// Parsing sessions allocates a string per field: mimalloc does that faster than the system
/// allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
