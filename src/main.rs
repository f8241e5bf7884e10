use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = journey::cli::Cli::parse();
    match journey::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // stderr may be a terminal that is gone: never panic over a message.
            let _ = writeln!(
                std::io::stderr(),
                "journey: {}",
                journey::text::block(&format!("{e:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

/// Parsing sessions allocates a string per field: mimalloc does that faster than the system
/// allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
