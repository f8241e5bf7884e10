use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = journey::cli::Cli::parse();
    match journey::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("journey: {}", journey::text::block(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
