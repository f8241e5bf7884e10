//! `journey erase ID [--yes]`: a participant who withdraws.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{bail, Context, Result};

use crate::archive;
use crate::session::Store;

pub fn run(store: &Store, wanted: &str, yes: bool) -> Result<()> {
    let plan = archive::erase_plan(store, wanted)?;
    for line in plan.lines() {
        say!("{line}");
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!("nothing erased: confirm on a terminal, or pass --yes");
        }
        print!("Erase {} for good? This cannot be undone. [y/N] ", plan.id);
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !answer.trim().eq_ignore_ascii_case("y") {
            bail!("nothing erased");
        }
    }
    let erased = archive::erase(store, &plan)?;
    for path in &erased.removed {
        say!("erased {}", path.display());
    }
    if erased.rewritten {
        say!("the history of this folder's archive is rewritten without it");
    }
    if let Some(record) = &erased.record {
        say!(
            "recorded the erasure (id and date, no content) in {}",
            record.display()
        );
    }
    say!("Erased {}.", plan.id);
    if plan.remote.is_none() {
        return Ok(());
    }
    let exe = std::env::current_exe().context("finding journey's own path for git's merge")?;
    let report = archive::sync(store, &exe).context(
        "the session is erased here and the erasure committed, but the sync that sends it failed; run `journey sync` again",
    )?;
    for line in report.lines() {
        say!("{line}");
    }
    match &report.not_pushed {
        None => say!("The archive's history no longer holds it; teammates' copies go at their next sync."),
        Some(_) => warn!(
            "the erasure is done here and committed; the rewritten history goes out at the next `journey sync`"
        ),
    }
    Ok(())
}
