//! The session browser end to end, as a researcher uses it: spawns `journey` in a pseudo-terminal
//! at 120x40, waits for the home screen, then times each step until its screen is drawn and reads
//! the process's peak memory (`VmHWM` in `/proc/PID/status`) after it:
//! 1. `b` opens the browser (until its title says "N of N shown");
//! 2. `I` shows the insights over every session (until their title), Esc goes back;
//! 3. `/` and a word filter the table (until it says fewer than N shown).
//!
//! Then, in processes of its own, the customer page of the customer with the most interviews
//! (from `journey customers --json`): `b`, `/` and the customer's name, Enter, then `C` is timed
//! until the page is drawn (its title names the customer and its interviews, and its first
//! section is there), and until it is complete (no "reading N interviews…" mark left).
//!
//! The first run removes the word index (`<data>/words.idx`) before it starts: its search
//! builds the index from the files (cold) and writes it; the runs after it are new processes
//! that find the index on disk (warm). Both are reported. With `--no-insights` step 2 is left
//! out, so the search comes right after the browser opened (its check of the files may still
//! be running).
//!
//! The peak memory after a step is the peak of the process so far.
//!
//! With `--touch N` each warm run first rewrites N session files (a copy renamed over each, as a
//! sync writes them: a new inode and modification time), so its search updates the word index on
//! disk (those N read again) and waits for it to be written, as the cold run does; the peak
//! memory of a run that writes the index is also read once it is written.
//!
//! With `--idle SECONDS` it measures instead the CPU an interview left open uses over that time.
//!
//! With `--customer-only` only the customer page is timed.
//!
//! `cargo run --release --example browse -- --data-dir DIR [--runs N] [--word WORD]
//! [--settle-ms MS] [--bin PATH] [--no-insights] [--customer-only] [--touch N]`: MS (default 1000) is how long the home screen is up before
//! `b`, as a researcher reads it; 0 presses `b` with the first frame.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use portable_pty::{native_pty_system, CommandBuilder, PtySize};

const ROWS: u16 = 40;
const COLS: u16 = 120;

struct Journey {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Journey {
    fn start(bin: &PathBuf, data: &PathBuf, args: &[&str]) -> Result<Journey> {
        let pty = native_pty_system().openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        let mut cmd = CommandBuilder::new(bin);
        cmd.arg("--data-dir");
        cmd.arg(data);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        // The background as a terminal tells it through COLORFGBG: this pseudo-terminal answers no
        // query, so the colour detection would otherwise wait its full second before the first frame
        // (a real terminal answers at once).
        cmd.env("COLORFGBG", "15;0");
        let mut reader = pty.master.try_clone_reader()?;
        let writer = pty.master.take_writer()?;
        let child = pty.slave.spawn_command(cmd)?;
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(ROWS).context("rows")?,
            std::num::NonZeroU16::new(COLS).context("columns")?,
            0,
        )));
        let parser = Arc::clone(&screen);
        std::thread::spawn(move || {
            let _keep = pty.master;
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = parser.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Ok(Journey {
            screen,
            writer,
            child,
        })
    }

    fn text(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Sends `keys` and returns how long until `done` holds for the screen.
    fn step(&mut self, keys: &str, done: impl Fn(&str) -> bool) -> Result<Duration> {
        let start = Instant::now();
        self.writer.write_all(keys.as_bytes())?;
        self.writer.flush()?;
        loop {
            if done(&self.text()) {
                return Ok(start.elapsed());
            }
            if start.elapsed() > Duration::from_secs(60) {
                bail!("no screen within 60 s after {keys:?}:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// CPU time the process has used so far (user and system), from `/proc/PID/stat`.
    fn cpu(&self) -> Result<Duration> {
        let pid = self.child.process_id().context("no pid")?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
        // After the command name in parentheses: fields 14 and 15 of the line, utime and stime.
        let rest = stat.rsplit_once(')').context("stat")?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = fields.get(11).context("utime")?.parse::<u64>()?
            + fields.get(12).context("stime")?.parse::<u64>()?;
        // The kernel's USER_HZ is 100 on Linux.
        Ok(Duration::from_millis(ticks * 10))
    }

    /// The process's peak resident memory so far, in MB.
    fn peak_mb(&self) -> Result<f64> {
        let pid = self.child.process_id().context("no pid")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmHWM")?;
        Ok(kb / 1024.0)
    }
}

impl Drop for Journey {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// "12 of 100 shown" on the browser's title row, as (12, 100).
fn shown(screen: &str) -> Option<(usize, usize)> {
    let line = screen.lines().find(|l| l.contains(" shown"))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let of = words.iter().position(|w| *w == "of")?;
    Some((
        words.get(of - 1)?.parse().ok()?,
        words.get(of + 1)?.parse().ok()?,
    ))
}

struct Run {
    open: Duration,
    open_mb: f64,
    search: Duration,
    search_mb: f64,
    insights: Duration,
    insights_mb: f64,
    /// The peak once the word index was written (the search's when it was not waited for).
    written_mb: f64,
}

fn once(
    bin: &PathBuf,
    data: &PathBuf,
    word: &str,
    settle: Duration,
    insights: bool,
    wait_for_index: bool,
) -> Result<Run> {
    let mut j = Journey::start(bin, data, &[])?;
    j.step("", |s| s.contains("Enter open"))?;
    // A researcher reads the home screen before pressing a key: its check has ended.
    std::thread::sleep(settle);
    let open = j.step("b", |s| {
        shown(s).is_some_and(|(a, b)| a == b && s.contains("insights"))
    })?;
    let open_mb = j.peak_mb()?;
    let (insights, insights_mb) = if insights {
        let took = j.step("I", |s| s.contains("Insights ·"))?;
        let mb = j.peak_mb()?;
        j.step("\x1b", |s| shown(s).is_some_and(|(a, b)| a == b))?;
        (took, mb)
    } else {
        (Duration::ZERO, open_mb)
    };
    // Until the filtered table is up: the sessions read (on a thread) and fewer shown.
    let search = j.step(&format!("/{word}"), |s| {
        shown(s).is_some_and(|(a, b)| a < b)
            && s.contains(word)
            && !s.contains("reading the sessions")
    })?;
    let search_mb = j.peak_mb()?;
    if wait_for_index {
        // The index is written after the search answered: until it is, the process is not
        // stopped (a stopped write leaves the next process to build it again).
        let path = data.join("words.idx");
        let start = std::time::SystemTime::now() - search;
        let deadline = Instant::now() + Duration::from_secs(120);
        while !std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= start)
        {
            if Instant::now() > deadline {
                bail!("the word index was not written within 120 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let written_mb = j.peak_mb()?;
    Ok(Run {
        open,
        open_mb,
        search,
        search_mb,
        insights,
        insights_mb,
        written_mb,
    })
}

/// Rewrites the first `n` session files (by name) as a sync does: a copy renamed over each, so
/// each has a new inode and modification time (a hard-linked copy of an archive stays apart).
fn touch(data: &std::path::Path, n: usize) -> Result<()> {
    let dir = data.join("sessions");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    for path in names.into_iter().take(n) {
        let temp = path.with_extension("json.touch");
        std::fs::copy(&path, &temp)?;
        std::fs::rename(&temp, &path)?;
    }
    Ok(())
}

/// The customer with the most interviews: its name and how many (`journey customers --json`).
fn biggest_customer(bin: &PathBuf, data: &PathBuf) -> Result<(String, usize)> {
    let out = std::process::Command::new(bin)
        .arg("--data-dir")
        .arg(data)
        .args(["customers", "--json"])
        .output()?;
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).with_context(|| {
        format!(
            "journey customers --json: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let count = |c: &serde_json::Value| c["interviews"].as_array().map_or(0, Vec::len);
    let most = list
        .as_array()
        .and_then(|all| all.iter().max_by_key(|c| count(c)))
        .context("no customers")?;
    let name = most["name"].as_str().context("a customer without a name")?;
    Ok((name.to_string(), count(most)))
}

/// From the browser filtered to `name`'s interviews, `C` on the first row: how long until the
/// customer's page is drawn (its title and first section), and until it is complete (no
/// "reading N interviews…" mark left on it).
fn customer_page(
    bin: &PathBuf,
    data: &PathBuf,
    (name, count): (&str, usize),
) -> Result<(Duration, Duration)> {
    let mut j = Journey::start(bin, data, &[])?;
    j.step("", |s| s.contains("Enter open"))?;
    j.step("b", |s| shown(s).is_some_and(|(a, b)| a == b))?;
    // Until the whole name filters: the screen may be caught between two keys, filtered by
    // the first letters only.
    j.step(&format!("/{name}\r"), |s| {
        shown(s).is_some_and(|(a, b)| a < b)
            && !s.contains("reading the sessions")
            && s.lines().nth(4).is_some_and(|row| row.contains(name))
    })?;
    // The table's first row, selected: one of the customer's interviews.
    let first = j.text().lines().nth(4).unwrap_or_default().to_string();
    if !first.contains(name) {
        bail!("the first row filtered by {name:?} is not theirs: {first}");
    }
    let title = format!("{name} · {count} interviews");
    let drawn = |s: &str| s.contains(&title) && s.contains("Positions over time");
    let start = Instant::now();
    let first = j.step("C", drawn)?;
    j.step("", |s| drawn(s) && !s.contains(" interviews…"))?;
    Ok((first, start.elapsed()))
}

/// An interview left open with nobody typing: the CPU it uses over `seconds`.
fn idle(bin: &PathBuf, data: &PathBuf, seconds: u64) -> Result<()> {
    let mut j = Journey::start(bin, data, &["new", "--customer", "Idle"])?;
    j.step("", |s| s.contains("saved") && s.contains("F1 help"))?;
    std::thread::sleep(Duration::from_secs(2));
    let before = j.cpu()?;
    std::thread::sleep(Duration::from_secs(seconds));
    let used = j.cpu()? - before;
    println!(
        "idle: {:.2} s of CPU in {seconds} s with an interview open and nobody typing",
        used.as_secs_f64()
    );
    Ok(())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut data, mut runs, mut word) = (None, 5usize, "provisioning".to_string());
    let mut settle = Duration::from_millis(1000);
    let mut idle_seconds = None;
    let mut bin = PathBuf::from("target/release/journey");
    let mut insights = true;
    let mut customer_only = false;
    let mut touched = 0usize;
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--data-dir" => data = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse()?,
            "--word" => word = value()?,
            "--settle-ms" => settle = Duration::from_millis(value()?.parse()?),
            "--idle" => idle_seconds = Some(value()?.parse()?),
            "--bin" => bin = PathBuf::from(value()?),
            "--no-insights" => insights = false,
            "--customer-only" => customer_only = true,
            "--touch" => touched = value()?.parse()?,
            other => bail!("unknown argument {other}; use --data-dir DIR [--runs N] [--word W]"),
        }
    }
    let data = data.context("--data-dir DIR is required")?;
    let bin = bin.canonicalize().with_context(|| {
        format!(
            "no journey binary at {}; build it with cargo build --release",
            bin.display()
        )
    })?;
    if let Some(seconds) = idle_seconds {
        return idle(&bin, &data, seconds);
    }
    if !customer_only {
        browse(&bin, &data, &word, settle, (insights, touched), runs)?;
    }
    let customer = biggest_customer(&bin, &data)?;
    let pages: Vec<(Duration, Duration)> = (0..runs.max(1))
        .map(|_| customer_page(&bin, &data, (&customer.0, customer.1)))
        .collect::<Result<_>>()?;
    let median = |f: fn(&(Duration, Duration)) -> Duration| {
        let mut v: Vec<Duration> = pages.iter().map(f).collect();
        v.sort();
        let each: Vec<u128> = pages.iter().map(|p| f(p).as_millis()).collect();
        (v[v.len() / 2].as_secs_f64() * 1000.0, each)
    };
    let (drawn, drawn_each) = median(|p| p.0);
    let (complete, complete_each) = median(|p| p.1);
    println!(
        "customer page of {} ({} interviews), medians of {} runs: {drawn:.1} ms from `C` to the page drawn (each {drawn_each:?} ms), {complete:.1} ms to the page complete (each {complete_each:?} ms)",
        customer.0,
        customer.1,
        pages.len(),
    );
    Ok(())
}

/// The browser's steps: one cold run (the word index removed first), then `runs` warm ones.
fn browse(
    bin: &PathBuf,
    data: &PathBuf,
    word: &str,
    settle: Duration,
    (insights, touched): (bool, usize),
    runs: usize,
) -> Result<()> {
    // Warms the page cache and the summary index; its search builds the word index (cold).
    match std::fs::remove_file(data.join("words.idx")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let cold = once(bin, data, word, settle, insights, true)?;
    let all: Vec<Run> = (0..runs.max(1))
        .map(|_| {
            touch(data, touched)?;
            once(bin, data, word, settle, insights, touched > 0)
        })
        .collect::<Result<_>>()?;
    let median = |f: &dyn Fn(&Run) -> Duration| {
        let mut v: Vec<Duration> = all.iter().map(f).collect();
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1000.0
    };
    let peak = |f: &dyn Fn(&Run) -> f64| all.iter().map(f).fold(0.0, f64::max);
    println!(
        "browser ({} ms after the first frame): open {:.1} ms ({:.1} MB), insights {:.1} ms ({:.1} MB), search \"{word}\" {:.1} ms with the word index on disk{} ({:.1} MB; each run {:?} MB, {:?} MB once written); medians of {} runs, peak memory so far; the first search without the index (built from the files and written) {:.1} ms ({:.1} MB at its answer, {:.1} MB once written) ({})",
        settle.as_millis(),
        median(&|r| r.open),
        peak(&|r| r.open_mb),
        median(&|r| r.insights),
        peak(&|r| r.insights_mb),
        median(&|r| r.search),
        if touched > 0 {
            format!(" and {touched} session files rewritten before it")
        } else {
            String::new()
        },
        peak(&|r| r.search_mb),
        all.iter().map(|r| r.search_mb.round()).collect::<Vec<_>>(),
        all.iter().map(|r| r.written_mb.round()).collect::<Vec<_>>(),
        all.len(),
        cold.search.as_secs_f64() * 1000.0,
        cold.search_mb,
        cold.written_mb,
        data.display()
    );
    Ok(())
}
