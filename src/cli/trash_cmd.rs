//! `journey delete` and `journey trash`.

use std::io::{BufRead, Write};

use anyhow::{bail, Result};

use super::TrashCommand;
use crate::session::Store;
use crate::text;

pub fn delete(store: &Store, prefix: &str) -> Result<()> {
    let id = store.resolve(prefix)?;
    let to = store.trash(&id)?;
    println!("Moved {id} to the trash ({}).", to.display());
    println!("Restore it with: journey trash restore {id}");
    Ok(())
}

pub fn run(store: &Store, command: TrashCommand) -> Result<()> {
    match command {
        TrashCommand::List => {
            let listing = store.trashed()?;
            for p in &listing.problems {
                eprintln!("journey: {}", text::line(&p.to_string()));
            }
            if listing.sessions.is_empty() {
                println!("The trash is empty.");
            }
            for s in &listing.sessions {
                println!(
                    "{}  {}  {}",
                    s.id,
                    s.meta.started.format("%Y-%m-%d %H:%M"),
                    text::line(&s.meta.customer)
                );
            }
        }
        TrashCommand::Restore { id } => {
            let id = store.restore(&id)?;
            println!("Restored {id}.");
        }
        TrashCommand::Empty { yes } => {
            let count = store.trashed()?.sessions.len();
            if count == 0 {
                println!("The trash is empty.");
                return Ok(());
            }
            if !yes {
                print!("Delete {count} session(s) in the trash for good? [y/N] ");
                std::io::stdout().flush()?;
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer)?;
                if !answer.trim().eq_ignore_ascii_case("y") {
                    bail!("nothing deleted");
                }
            }
            let n = store.empty_trash()?;
            println!("Deleted {n} file(s) for good.");
        }
    }
    Ok(())
}
