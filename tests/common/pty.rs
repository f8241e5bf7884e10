//! Drives the real `journey` binary in a pseudo-terminal and reads its screen with vt100.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// How long any wait may take before the test fails: generous, for slow CI machines.
pub const DEADLINE: Duration = Duration::from_secs(10);

pub mod keys {
    pub const PAGE_DOWN: &str = "\x1b[6~";
    pub const PAGE_UP: &str = "\x1b[5~";
    pub const F1: &str = "\x1bOP";
    pub const F10: &str = "\x1b[21~";
    pub const ESC: &str = "\x1b";
    pub const ENTER: &str = "\r";
    pub const TAB: &str = "\t";
    pub const DOWN: &str = "\x1b[B";
    pub const CTRL_Q: &str = "\x11";
    pub const CTRL_S: &str = "\x13";
    pub const CTRL_T: &str = "\x14";
    pub const CTRL_O: &str = "\x0f";
    pub const CTRL_N: &str = "\x0e";
    pub const CTRL_G: &str = "\x07";
    pub const CTRL_Z: &str = "\x1a";
    pub const CTRL_C: &str = "\x03";
    pub const F2: &str = "\x1bOQ";
    pub const F6: &str = "\x1b[17~";
    pub const F7: &str = "\x1b[18~";
    pub const F11: &str = "\x1b[23~";
    pub const ALT_PAGE_DOWN: &str = "\x1b[6;3~";
    pub const ALT_S: &str = "\x1bs";
}

pub struct Journey {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Tells the reader thread to let go of its end of the terminal.
    closing: Arc<std::sync::atomic::AtomicBool>,
    pub data: PathBuf,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).expect("non-zero")
}

impl Journey {
    /// Starts `journey ARGS` in a `cols` x `rows` terminal with its data in `data`.
    pub fn start(data: &Path, args: &[&str], cols: u16, rows: u16) -> Journey {
        Self::start_with(data, args, cols, rows, &[], None)
    }

    /// [`Journey::start`] with extra environment variables, and optionally under a umask (the
    /// binary then runs through `sh -c 'umask U; exec journey ...'`).
    pub fn start_with(
        data: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        umask: Option<&str>,
    ) -> Journey {
        let pty = native_pty_system().openpty(size(cols, rows)).expect("pty");
        // JOURNEY_TEST_BIN runs the same tests on another build (.ci/run: the release binary).
        let bin = std::env::var("JOURNEY_TEST_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_journey").to_string());
        let bin = bin.as_str();
        let mut cmd = match umask {
            None => {
                let mut cmd = CommandBuilder::new(bin);
                cmd.args(args);
                cmd
            }
            Some(mask) => {
                let mut cmd = CommandBuilder::new("sh");
                cmd.args(["-c", &format!("umask {mask}; exec \"$0\" \"$@\""), bin]);
                cmd.args(args);
                cmd
            }
        };
        // The theme is remembered in the test's folder, never a home; the background is said
        // to be dark (a test that wants the terminal asked sets COLORFGBG to "").
        cmd.env("JOURNEY_CONFIG_DIR", data);
        cmd.env("COLORFGBG", "15;0");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.env("JOURNEY_DATA_DIR", data);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("spawn journey");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        let closing = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = Arc::clone(&closing);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                p.lock().expect("parser").process(&buf[..n]);
                r.lock().expect("raw").extend_from_slice(&buf[..n]);
            }
            // Dropping the reader closes this thread's copy of the terminal's master side.
        });
        let writer = pty.master.take_writer().expect("writer");
        Journey {
            child,
            master: Some(pty.master),
            writer: Some(writer),
            parser,
            raw,
            closing,
            data: data.to_path_buf(),
        }
    }

    pub fn send(&mut self, keys: &str) -> &mut Self {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush");
        self
    }

    /// Closes the terminal, as a closed window or a dropped SSH connection does: every copy of
    /// the master side goes (the reader's on its next read, which the clock's redraw brings).
    pub fn hang_up(&mut self) {
        self.closing
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.writer = None;
        self.master = None;
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Everything the program wrote to the terminal so far.
    pub fn output(&self) -> Vec<u8> {
        self.raw.lock().expect("raw").clone()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    }

    /// The terminal cursor as (row, column).
    pub fn cursor(&self) -> (u16, u16) {
        self.parser
            .lock()
            .expect("parser")
            .screen()
            .cursor_position()
    }

    /// The colour of the first character of `text` where it first shows on the screen.
    pub fn fg_of(&self, text: &str) -> Option<vt100::Color> {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (u16::from(rows), u16::from(cols));
        for row in 0..rows {
            let line: String = (0..cols)
                .map(|c| {
                    screen
                        .cell(row, c)
                        .map_or(" ".into(), |x| x.contents().to_string())
                })
                .map(|s| if s.is_empty() { " ".to_string() } else { s })
                .collect();
            if let Some(at) = line.find(text) {
                let col = line[..at].chars().count() as u16;
                return screen.cell(row, col).map(|c| c.fgcolor());
            }
        }
        None
    }

    pub fn cursor_hidden(&self) -> bool {
        self.parser.lock().expect("parser").screen().hide_cursor()
    }

    /// Waits until the screen satisfies `ok`; fails the test with the screen otherwise.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> &Self {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return self;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `text` is on the screen.
    pub fn expect(&self, text: &str) -> &Self {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Sends keys, then waits for `text` on the screen.
    pub fn step(&mut self, keys: &str, text: &str) -> &mut Self {
        self.send(keys);
        self.expect(text);
        self
    }

    /// Waits until the last change is on disk: the footer says "saved", not "saving…".
    pub fn wait_saved(&self) -> &Self {
        self.wait_for("the footer to say saved", |s| {
            s.contains(" saved ") && !s.contains("saving…")
        })
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The screen model takes the new size before journey can learn of it: with the parser
        // held, whatever journey draws for the new size is read at the new size (resizing the
        // terminal first once let a fast redraw be parsed at the old width).
        let mut parser = self.parser.lock().expect("parser");
        parser.set_size(nz(rows), nz(cols));
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(size(cols, rows))
            .expect("resize");
        drop(parser);
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// Sends a signal by name (`KILL`, `TERM`, `HUP`, `INT`).
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits for the process to end; returns whether it exited successfully.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader drain what was written last.
                std::thread::sleep(Duration::from_millis(100));
                return status.success();
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("journey did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The one session file in the data folder, parsed.
    pub fn session(&self) -> serde_json::Value {
        let dir = self.data.join("sessions");
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("sessions dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let text = std::fs::read_to_string(&files[0]).expect("read session");
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: {e}\n{text}", files[0].display()))
    }
}

impl Drop for Journey {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
