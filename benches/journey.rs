//! Speed of what journey does often: draw the interview, assess after an answer, save, parse the
//! guide, list and export archives. `cargo bench`; figures in docs/performance.md.

#[path = "../examples/synth/data.rs"]
mod data;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use divan::Bencher;
use journey::guide::Guide;
use journey::session::{Session, Store};
use journey::tui::{App, Launch};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    divan::main();
}

fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| journey::guide::builtin().expect("guide"))
}

/// A complete, realistic session.
fn session() -> Session {
    let mut rng = data::Rng(3);
    loop {
        let s = data::session(&mut rng, guide(), 7);
        if s.meta.finished.is_some() && s.answers.len() > 40 {
            return s;
        }
    }
}

/// A synthetic archive of `n` sessions, made once per run.
fn archive(n: usize) -> Store {
    static ARCHIVES: OnceLock<Mutex<HashMap<usize, (tempfile::TempDir, Store)>>> = OnceLock::new();
    let mut all = ARCHIVES.get_or_init(Default::default).lock().expect("lock");
    all.entry(n)
        .or_insert_with(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = Store::open(dir.path()).expect("store");
            let mut rng = data::Rng(1);
            for i in 0..n {
                let mut s = data::session(&mut rng, guide(), i);
                store.create(&mut s).expect("create");
            }
            (dir, store)
        })
        .1
        .clone()
}

#[divan::bench]
fn parse_builtin_guide() -> Guide {
    journey::guide::builtin().expect("guide")
}

#[divan::bench]
fn assess_after_one_answer(bencher: Bencher) {
    let guide = guide();
    let mut s = session();
    let q = guide.question("sponsorship.sponsor").expect("question");
    let options = ["it-owned", "app-owners", "cio"];
    let mut i = 0;
    bencher.bench_local(|| {
        i += 1;
        s.pick(q, options[i % 3]);
        journey::assess::assess(guide, &s)
    });
}

#[divan::bench]
fn draw_interview_200x60(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut s = session();
    s.meta.finished = None;
    s.id = "2026-11-25-bench-0000".into();
    store.save(&s).expect("save");
    let now = Instant::now();
    let app = App::new(guide().clone(), store, Launch::Resume(s.id.clone()), now);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    bencher.bench_local(|| {
        terminal.draw(|frame| app.draw(frame, now)).expect("draw");
    });
}

/// A keystroke typed at the end of a 1 MB note, handled and drawn at 200x60: what the
/// interviewer waits for between a key and the screen (the save is debounced, not in here).
#[divan::bench(sample_count = 30)]
fn keystroke_in_a_1mb_note_200x60(bencher: Bencher) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut s = session();
    s.meta.finished = None;
    s.id = "2026-11-25-bench-0001".into();
    let question = guide().questions().next().expect("a question").1.id.clone();
    let line = "The team talked about storage, vMotion and the CIO's plans for the next year. ";
    let note: String = line
        .repeat(1_048_576 / line.len())
        .chars()
        .collect::<Vec<_>>()
        .chunks(120)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    s.set_notes(&question, &note);
    s.current = Some(question);
    store.save(&s).expect("save");
    let now = Instant::now();
    let mut app = App::new(guide().clone(), store, Launch::Resume(s.id.clone()), now);
    // Into the notes, at their end.
    app.handle_key(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE), now);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    bencher.bench_local(|| {
        app.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE), now);
        terminal.draw(|frame| app.draw(frame, now)).expect("draw");
    });
}

#[divan::bench(sample_count = 30)]
fn save_one_session_with_fsync(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut s = session();
    s.id = "2026-11-25-bench-0000".into();
    bencher.bench_local(|| store.save(&s).expect("save"));
}

/// `guide check` of a guide whose `n` questions each depend on the one before: linear in `n`.
#[divan::bench(args = [20_000, 100_000], sample_count = 5)]
fn check_chained_guide(bencher: Bencher, n: usize) {
    let mut g = guide().clone();
    let mut questions = Vec::with_capacity(n);
    let template = g.sections[0].questions[0].clone();
    for i in 0..n {
        let mut q = template.clone();
        q.id = format!("q{i}");
        q.kind = journey::guide::Kind::Text;
        q.options.clear();
        q.show_if = (i > 0).then(|| {
            serde_json::from_value(
                serde_json::json!({"question": format!("q{}", i - 1), "answered": true}),
            )
            .expect("condition")
        });
        questions.push(q);
    }
    g.sections.truncate(1);
    g.sections[0].questions = questions;
    g.sections[0].show_if = None;
    g.highlights.clear();
    g.milestones.clear();
    bencher.bench_local(|| {
        // A fresh guide each time, so no lookup built by an earlier round helps.
        let fresh = g.clone_without_lookup();
        journey::guide::check(&fresh)
    });
}

#[divan::bench]
fn parse_one_session(bencher: Bencher) {
    let mut s = session();
    s.id = "2026-11-25-bench-0000".into();
    let bytes = serde_json::to_vec_pretty(&s).expect("json");
    let path = std::path::Path::new("2026-11-25-bench-0000.json");
    bencher.bench(|| journey::session::parse_session(path, &bytes).expect("parse"));
}

#[divan::bench(args = [100, 1000], sample_count = 10)]
fn list_with_the_index(bencher: Bencher, n: usize) {
    let store = archive(n);
    store.summaries(guide()).expect("warm the index");
    bencher.bench_local(|| store.summaries(guide()).expect("summaries"));
}

/// The first key of a search in a new process, with the word index on disk: the index read and
/// checked against the files' stamps (as the browser's check of the summary index found them),
/// then the word matched. The files are dated an hour back: a file modified within two seconds
/// of the index's read is read again each time.
#[divan::bench(args = [1000], sample_count = 10)]
fn first_search_key_with_the_index_on_disk(bencher: Bencher, n: usize) {
    let store = archive(n);
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for id in store.ids().expect("ids") {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(store.path(&id))
            .expect("open");
        file.set_modified(hour_ago).expect("mtime");
    }
    let (summaries, stamps) = store.summaries_stamped(guide()).expect("summaries");
    let ids: Vec<&str> = summaries.sessions.iter().map(|s| s.id.as_str()).collect();
    let terms = ["provisioning".to_string()];
    store.search_index(guide(), &ids, Some(&stamps), &|| true);
    bencher.bench_local(|| {
        let index = store.search_index(guide(), &ids, Some(&stamps), &|| true);
        index.matching(&terms)
    });
}

#[divan::bench(args = [100, 1000], sample_count = 10)]
fn load_and_list_every_session(bencher: Bencher, n: usize) {
    let store = archive(n);
    bencher.bench_local(|| store.list().expect("list"));
}

/// Every session read from its file (the row cache's first export, or `--anonymize`).
#[divan::bench(args = [100, 1000], sample_count = 10)]
fn export_csv(bencher: Bencher, n: usize) {
    let store = archive(n);
    let chosen =
        journey::export::Selection::of(&store.summaries(guide()).expect("summaries").sessions);
    bencher.bench_local(|| {
        journey::export::stream_csv_from_files(&store, guide(), &chosen, false, std::io::sink())
            .expect("csv")
    });
}

/// Every row from the row cache (the files unchanged since it was written, an hour ago).
#[divan::bench(args = [100, 1000], sample_count = 10)]
fn export_csv_cached(bencher: Bencher, n: usize) {
    let store = archive(n);
    let chosen =
        journey::export::Selection::of(&store.summaries(guide()).expect("summaries").sessions);
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    let export = || {
        journey::export::stream_csv_as_of(&store, guide(), &chosen, later, std::io::sink())
            .expect("csv")
    };
    export();
    bencher.bench_local(export);
}

/// The archive's merge of one session whose notes changed on `n` lines on each side (every
/// other line: ana the even ones, ben the odd ones). Quadratic before (64,000: 16 s).
#[divan::bench(args = [8_000, 64_000], sample_count = 3)]
fn merge_notes_changed_on_both_sides(bencher: Bencher, n: usize) {
    let mut base = session();
    let lines: Vec<String> = (0..2 * n)
        .map(|i| format!("line {i} of the notes\n"))
        .collect();
    base.set_notes("org.servers", &lines.concat());
    let side = |who: &str, odd: usize| {
        let mut s = base.clone();
        let notes: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i % 2 == odd {
                    format!("{who} {l}")
                } else {
                    l.clone()
                }
            })
            .collect();
        s.set_notes("org.servers", &notes);
        s
    };
    let (x, y) = (side("ana", 0), side("ben", 1));
    bencher.bench(|| journey::archive::merge_sessions(Some(&base), &x, &y));
}

/// A three-hour Zoom transcript: 30,000 cues, about 2.5 MB.
#[divan::bench(sample_count = 10)]
fn parse_transcript_30000_cues(bencher: Bencher) {
    let mut vtt = String::from("WEBVTT\n\n");
    for i in 0..30_000u32 {
        let (s, e) = (i * 3 / 10, i * 3 / 10 + 2);
        vtt.push_str(&format!(
            "{i}\n{:02}:{:02}:{:02}.000 --> {:02}:{:02}:{:02}.500\nMarta Lindqvist: We moved Exchange onto VMware last spring, then the file servers.\n\n",
            s / 3600, s / 60 % 60, s % 60, e / 3600, e / 60 % 60, e % 60
        ));
    }
    bencher.bench(|| journey::transcript::parse(vtt.as_bytes()).expect("parse"));
}
