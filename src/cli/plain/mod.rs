//! `journey --plain` (and `TERM=dumb`): the interview as a line-by-line conversation on standard
//! input and output, with no escape codes, for screen readers, braille displays and scripts.
//! The same entry points as the full screen (the list of interviews, a new one, a resumed one),
//! the same session file: each change is saved at once through the domain (`talk`).

mod parse;
mod show;
mod talk;
mod write;

use std::io::{self, BufRead, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::guide::Guide;
use crate::session::{Meta, Session, Store, StoreError};
use crate::tui::Launch;

use parse::numbers;

/// How often the wait for a line looks for a signal (Ctrl-C, a closed terminal).
const SIGNAL_POLL: Duration = Duration::from_millis(200);

/// The words of the plain interview with what they do, for the manual page.
pub fn words() -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = parse::COMMANDS
        .iter()
        .map(|(_, words, what)| (words.join(", "), what.to_string()))
        .collect();
    for (prefix, what) in [
        (
            parse::NOTES_PREFIX,
            "adds the rest of the line to the question's notes, even a command word (notes: next)",
        ),
        (
            parse::ANSWER_PREFIX,
            "writes the rest of the line as the answer, even a command word (answer: quit)",
        ),
        (
            parse::OTHER_PREFIX,
            "says what the question's \"Other\" option is, and picks it",
        ),
    ] {
        rows.push((format!("{prefix} TEXT"), what.to_string()));
    }
    rows
}

/// Whether the terminal asks for the plain interface by itself: `TERM=dumb`.
pub fn wanted_by_terminal() -> bool {
    std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

/// Lines read from standard input on their own thread (`None` at its end), so the loop can
/// also notice signals while it waits.
struct Lines {
    rx: Receiver<Option<String>>,
    signal: Arc<AtomicUsize>,
}

/// What waiting for a line gave.
enum Read {
    Line(String),
    End,
    Signal(usize),
}

impl Lines {
    fn start() -> Result<Lines> {
        let signal = Arc::new(AtomicUsize::new(0));
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut stdin = io::stdin().lock();
            loop {
                let mut bytes = Vec::new();
                let line = match stdin.read_until(b'\n', &mut bytes) {
                    Ok(0) | Err(_) => None,
                    Ok(_) => Some(
                        String::from_utf8_lossy(&bytes)
                            .trim_end_matches(['\r', '\n'])
                            .to_string(),
                    ),
                };
                let end = line.is_none();
                if tx.send(line).is_err() || end {
                    break;
                }
            }
        });
        Ok(Lines { rx, signal })
    }

    fn read(&self) -> Read {
        loop {
            let sig = self.signal.load(Ordering::Relaxed);
            if sig != 0 {
                return Read::Signal(sig);
            }
            match self.rx.recv_timeout(SIGNAL_POLL) {
                Ok(Some(line)) => return Read::Line(line),
                Ok(None) | Err(RecvTimeoutError::Disconnected) => return Read::End,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }
}

/// Writes text for the user; a closed output ends the conversation like the end of input.
fn say(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(crate::text::block(text).as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// The prompt before each line read.
fn prompt() -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(b"> ")?;
    out.flush()
}

/// Runs the plain interview from `launch` until quit, finish, the end of input or a signal.
pub fn run(guide: &Guide, store: &Store, launch: Launch, lang: &str) -> Result<()> {
    let lines = Lines::start()?;
    let id = match launch {
        Launch::Resume(id) => Some(id),
        Launch::New(Some(meta)) => Some(start(guide, store, meta, lang)?),
        Launch::New(None) => ask_meta(&lines)?
            .map(|meta| start(guide, store, meta, lang))
            .transpose()?,
        Launch::Home => home(guide, store, &lines, lang)?,
    };
    match id {
        Some(id) => interview(guide, store, &id, &lines),
        None => Ok(()),
    }
}

/// A new session for `meta`, saved at once, held in `lang` (`--lang`) unless `meta` names
/// one; a name a known customer used joins that customer.
fn start(guide: &Guide, store: &Store, mut meta: Meta, lang: &str) -> Result<String> {
    if meta.lang.is_empty() {
        meta.lang = lang.to_string();
    }
    if let Ok(known) = store.summaries(guide) {
        meta.customer_id = crate::customer::id_for(&known.sessions, &meta.customer);
    }
    let mut session = Session::new(guide, meta);
    store.create(&mut session)?;
    Ok(session.id)
}

/// Reads one answer to a question of the new-interview form; `None` at the end of input.
fn ask(lines: &Lines, question: &str) -> Result<Option<String>> {
    say(question)?;
    prompt()?;
    match lines.read() {
        Read::Line(line) => Ok(Some(line.trim().to_string())),
        Read::End | Read::Signal(_) => Ok(None),
    }
}

/// The new-interview form as questions: customer (needed), participant, role, interviewer,
/// consent. `None` when the input ends first (nothing is created).
fn ask_meta(lines: &Lines) -> Result<Option<Meta>> {
    say("New interview.")?;
    let customer = loop {
        match ask(lines, "Customer (the organisation; needed):")? {
            None => return Ok(None),
            Some(c) if c.is_empty() => say("A customer needs a name.")?,
            Some(c) => break c,
        }
    };
    let mut meta = Meta::new(customer);
    for (field, question) in [
        (0, "Participant (the person interviewed; empty for none):"),
        (1, "Their role (empty for none):"),
        (2, "Interviewer (you; empty for none):"),
    ] {
        let Some(answer) = ask(lines, question)? else {
            return Ok(None);
        };
        match field {
            0 => meta.participant = answer,
            1 => meta.role = answer,
            _ => meta.interviewer = answer,
        }
    }
    let Some(consent) = ask(lines, "Consent given? (yes or no):")? else {
        return Ok(None);
    };
    meta.consent = matches!(consent.to_lowercase().as_str(), "yes" | "y");
    Ok(Some(meta))
}

/// The interviews in progress, numbered: a number resumes one, `new` starts one.
fn home(guide: &Guide, store: &Store, lines: &Lines, lang: &str) -> Result<Option<String>> {
    let listing = store.list()?;
    let open: Vec<&Session> = listing
        .sessions
        .iter()
        .filter(|s| s.meta.finished.is_none())
        .collect();
    let mut text = String::from("journey: interviews in progress\n");
    if open.is_empty() {
        text.push_str("  none\n");
    }
    for (i, s) in open.iter().enumerate() {
        let (done, shown) = s.progress(guide);
        text.push_str(&format!(
            "  {}. {} · {} · {done} of {shown} done · {}\n",
            i + 1,
            s.meta.customer,
            s.meta.participant,
            s.id
        ));
    }
    text.push_str("Type a number to resume it, `new` for a new interview, `quit` to leave.");
    say(&text)?;
    loop {
        prompt()?;
        let line = match lines.read() {
            Read::Line(line) => line,
            Read::End | Read::Signal(_) => return Ok(None),
        };
        match (line.trim(), numbers(&line).as_deref()) {
            ("new", _) => {
                return ask_meta(lines)?
                    .map(|m| start(guide, store, m, lang))
                    .transpose()
            }
            ("quit", _) => return Ok(None),
            (_, Some([n])) if *n <= open.len() => return Ok(Some(open[n - 1].id.clone())),
            _ => say("Type a number from the list, `new` or `quit`.")?,
        }
    }
}

/// The conversation over session `id`: the question, a line read, the reply, until done.
fn interview(guide: &Guide, store: &Store, id: &str, lines: &Lines) -> Result<()> {
    let id = store.resolve(id)?;
    let lock = match store.lock(&id) {
        Ok(lock) => lock,
        Err(StoreError::Locked { id, holder }) => bail!(
            "session {id} is open in another journey ({holder}); changes can only be made there"
        ),
        Err(e) => return Err(e.into()),
    };
    let session = store.load(&id)?;
    // The interview in the language it is held in (`--lang` when it began).
    let guide = &guide.localized(Some(&session.meta.lang));
    let now = Instant::now();
    let mut talk = talk::Talk::open(guide, store, session, lock, now);
    let mut opening = format!(
        "Interview with {} ({}). Every answer is saved at once; `help` lists the commands.",
        talk.open.session.meta.customer, talk.open.session.id
    );
    if let Some(at) = talk
        .open
        .session
        .meta
        .finished
        .filter(|_| talk.open.read_only().is_none())
    {
        let at = at.format("%Y-%m-%d %H:%M");
        opening.push_str(&format!(
            "\nFinished {at}: your edits are saved, and it stays complete."
        ));
    }
    say(&format!("{opening}\n{}", talk.show()))?;
    loop {
        if prompt().is_err() {
            break;
        }
        let reply = match lines.read() {
            Read::Line(line) => talk.handle(&line, Instant::now()),
            Read::End => {
                let saved = talk.save(Instant::now());
                let _ = say(&format!("{saved}\nSaved; the interview stays in progress."));
                return Ok(());
            }
            Read::Signal(sig) => {
                let saved = talk.save(Instant::now());
                let _ = say(&format!(
                    "{saved}\nStopped by signal {sig}; the session was saved."
                ));
                return Ok(());
            }
        };
        if say(&reply.text).is_err() || reply.done {
            break;
        }
    }
    talk.save(Instant::now());
    Ok(())
}
