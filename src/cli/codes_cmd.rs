//! `journey codes [list | add | resolve]`: the study's codebook.

use anyhow::Result;

use super::CodesCommand;
use crate::guide::{self, codes::Resolution, Code, Guide};
use crate::session::Store;

pub fn run(store: &Store, guide: &Guide, command: Option<CodesCommand>) -> Result<()> {
    match command.unwrap_or(CodesCommand::List) {
        CodesCommand::List => list(guide),
        CodesCommand::Add {
            id,
            name,
            description,
            colour,
        } => {
            let code = Code {
                id,
                name,
                description,
                colour,
                conflicts: Vec::new(),
            };
            let path = guide::codes::add(guide, store.data_dir(), code)?;
            say!("added {}", path.display());
        }
        CodesCommand::Resolve {
            id,
            name,
            description,
            colour,
        } => {
            let change = Resolution {
                name,
                description,
                colour,
            };
            let path = guide::codes::resolve(store.data_dir(), &id, change)?;
            say!("resolved {}", path.display());
        }
    }
    Ok(())
}

/// Every code, a code's conflicts under it, and how to resolve them.
fn list(guide: &Guide) {
    let mut conflicted = false;
    for c in &guide.codes {
        say!(
            "{:<24} {:<28} {:<8} {}",
            c.id,
            c.name,
            c.colour,
            c.description
        );
        for conflict in &c.conflicts {
            conflicted = true;
            let values: Vec<String> = conflict
                .values
                .iter()
                .map(|v| {
                    let value = match v.value.as_str() {
                        "" => "(none)".to_string(),
                        value => format!("“{value}”"),
                    };
                    match v.by.as_str() {
                        "" => value,
                        by => format!("{value} ({by})"),
                    }
                })
                .collect();
            say!(
                "  conflict: {} given different values in two copies: {} (the first stands)",
                conflict.field,
                values.join(" · ")
            );
        }
    }
    if conflicted {
        say!(
            "resolve a conflict with `journey codes resolve ID [--name N] [--description D] [--colour C]`: the values given replace the code's, the others stay as shown"
        );
    }
}
