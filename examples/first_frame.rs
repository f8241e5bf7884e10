//! Start-up to the first frame, end to end: spawns `journey` in a pseudo-terminal, starts the
//! clock before the spawn and stops it when the home screen's last row arrives.
//! `cargo run --release --example first_frame -- --data-dir DIR [--runs N] [--bin PATH]`

use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use portable_pty::{native_pty_system, CommandBuilder, PtySize};

/// The home screen's footer, drawn last in its frame.
const LAST_ROW: &[u8] = "Enter open".as_bytes();

fn once(bin: &PathBuf, data: &PathBuf) -> Result<Duration> {
    let pty = native_pty_system().openpty(PtySize {
        rows: 40,
        cols: 120,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = CommandBuilder::new(bin);
    cmd.arg("--data-dir");
    cmd.arg(data);
    cmd.env("TERM", "xterm-256color");
    // The background as a terminal tells it through COLORFGBG: this pseudo-terminal answers no
    // query, so the colour detection would otherwise wait its full second before the first frame
    // (a real terminal answers at once).
    cmd.env("COLORFGBG", "15;0");
    let mut reader = pty.master.try_clone_reader()?;
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd)?;
    drop(pty.slave);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if seen.windows(LAST_ROW.len()).any(|w| w == LAST_ROW) {
                let _ = tx.send(start.elapsed());
                break;
            }
        }
    });
    let elapsed = rx
        .recv_timeout(Duration::from_secs(10))
        .context("no first frame within 10 s")?;
    child.kill()?;
    let _ = child.wait();
    Ok(elapsed)
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut data, mut runs, mut bin) = (None, 30usize, PathBuf::from("target/release/journey"));
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--data-dir" => data = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse()?,
            "--bin" => bin = PathBuf::from(value()?),
            other => bail!("unknown argument {other}; use --data-dir DIR [--runs N] [--bin PATH]"),
        }
    }
    let data = data.context("--data-dir DIR is required")?;
    let bin = bin.canonicalize().with_context(|| {
        format!(
            "no journey binary at {}; build it with cargo build --release",
            bin.display()
        )
    })?;
    once(&bin, &data)?; // warm the page cache and the index
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| once(&bin, &data))
        .collect::<Result<_>>()?;
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "first frame: median {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs ({})",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
        data.display()
    );
    Ok(())
}
