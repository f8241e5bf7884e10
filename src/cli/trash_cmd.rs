//! `journey delete` and `journey trash`.

use std::io::{BufRead, Write};

use anyhow::{bail, Result};

use super::TrashCommand;
use crate::session::{Store, TrashContents};

pub fn delete(store: &Store, prefix: &str) -> Result<()> {
    let id = store.resolve(prefix)?;
    let to = store.trash(&id)?;
    say!("Moved {id} to the trash ({}).", to.display());
    say!("Restore it with: journey trash restore {id}");
    Ok(())
}

pub fn run(store: &Store, command: TrashCommand) -> Result<()> {
    match command {
        TrashCommand::List => {
            let contents = store.trash_contents();
            for p in &contents.problems {
                warn!("{p}");
            }
            if contents.sessions.is_empty() {
                say!("The trash is empty.");
            }
            for (_, s) in &contents.sessions {
                say!(
                    "{}  {}  {}",
                    s.id,
                    s.meta.started.format("%Y-%m-%d %H:%M"),
                    s.meta.customer
                );
            }
            name_others(&contents);
        }
        TrashCommand::Restore { id } => {
            let id = store.restore(&id)?;
            say!("Restored {id}.");
        }
        TrashCommand::Empty { yes } => {
            // Exactly what is listed and counted here is deleted; anything else is left.
            let contents = store.trash_contents();
            let count = contents.sessions.len();
            if count == 0 {
                say!("The trash holds no session.");
                name_others(&contents);
                return Ok(());
            }
            if !yes {
                print!(
                    "Delete {} in the trash for good? [y/N] ",
                    crate::text::count(count, "session")
                );
                std::io::stdout().flush()?;
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer)?;
                if !answer.trim().eq_ignore_ascii_case("y") {
                    bail!("nothing deleted");
                }
            }
            let n = store.empty_trash(&contents)?;
            say!("Deleted {} for good.", crate::text::count(n, "session"));
            name_others(&contents);
        }
    }
    Ok(())
}

/// Says what else the trash folder holds, which journey leaves alone.
fn name_others(contents: &TrashContents) {
    if contents.others.is_empty() {
        return;
    }
    let names: Vec<String> = contents
        .others
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    say!(
        "Left in the trash, not sessions journey can restore: {}",
        names.join(", ")
    );
}
