//! Writes a realistic synthetic archive through the real store, for trying the browser and for
//! the benchmarks: `cargo run --release --example synth -- --sessions N --data-dir DIR [--seed S]`.
//!
//! Each session follows a profile (a stage on the journey) and answers the built-in guide the way
//! such a customer would, with some noise; notes and quotes are of realistic length.

use std::path::PathBuf;

mod data;

use anyhow::{bail, Context, Result};
use data::{session, Rng};
use journey::session::Store;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut count, mut dir, mut seed) = (100usize, None, 1u64);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--sessions" => count = value()?.parse()?,
            "--data-dir" => dir = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse()?,
            other => bail!("unknown argument {other}; use --sessions N --data-dir DIR [--seed S]"),
        }
    }
    let dir = dir.context("--data-dir DIR is required")?;
    let guide = journey::guide::builtin()?;
    let store = Store::open(&dir)?;
    let mut rng = Rng(seed);
    for n in 0..count {
        let mut s = session(&mut rng, &guide, n);
        store.create(&mut s)?;
    }
    eprintln!(
        "wrote {count} sessions to {}",
        store.sessions_dir().display()
    );
    Ok(())
}
