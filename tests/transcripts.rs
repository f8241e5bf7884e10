//! Transcripts with the real binary: every layout attached and aligned against a recorded
//! timeline (or the notes' stamps), the located errors, nothing attached half-way, roles given
//! or guessed, the file carried through the trash, an erasure and a team sync.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use journey::session::{Session, Store};
use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;

const FIXTURES: &str = "tests/transcripts";

/// The question on screen at each cue of the fixtures (the recording began 30 s before the
/// interview): before the start, industry ×2, servers ×2, trigger, servers again (going back),
/// business workloads, after the end.
const ON_SCREEN: [Option<&str>; 9] = [
    None,
    Some("org.industry"),
    Some("org.industry"),
    Some("org.servers"),
    Some("org.servers"),
    Some("triggers.business"),
    Some("org.servers"),
    Some("workloads.business"),
    None,
];

/// Recording seconds of the fixtures' cues.
const STARTS: [f64; 9] = [12.48, 35.12, 41.0, 75.3, 80.05, 130.0, 215.4, 240.0, 340.5];

const SAM: &str = "Sam Okafor";
const MARTA: &str = "Marta Lindqvist";

fn journey(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("journey").expect("binary");
    cmd.env("JOURNEY_DATA_DIR", data).env_remove("NO_COLOR");
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// A session of Nordbank with Marta and Sam, and (or not) the timeline journey recorded.
fn nordbank(dir: &Path, timeline: bool) -> (Store, Session) {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let mut s = common::session(&guide, "Nordbank");
    s.meta.participant = "Marta Lindqvist".into();
    s.meta.interviewer = "Sam Okafor".into();
    s.elapsed_seconds = 300;
    if timeline {
        s.timeline = vec![
            common::nordbank::visit("org.industry", 0, 40),
            common::nordbank::visit("org.servers", 40, 95),
            common::nordbank::visit("triggers.business", 95, 180),
            common::nordbank::visit("org.servers", 180, 200),
            common::nordbank::visit("workloads.business", 200, 300),
        ];
    }
    store.create(&mut s).expect("create");
    (store, s)
}

fn show_json(dir: &Path, id: &str) -> Value {
    let out = journey(dir)
        .args(["transcript", "show", id, "--json"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).expect("json")
}

fn cues(shown: &Value, n: usize) -> &Vec<Value> {
    shown["transcripts"][n]["cues"].as_array().expect("cues")
}

fn questions(cues: &[Value]) -> Vec<Option<&str>> {
    cues.iter().map(|c| c["question"].as_str()).collect()
}

#[test]
fn every_layout_attaches_and_aligns_with_the_recorded_timeline() {
    let layouts = [
        ("zoom.vtt", "webvtt", "vtt"),
        ("zoom-crlf-bom.vtt", "webvtt", "vtt"),
        ("teams.vtt", "webvtt", "vtt"),
        ("teams-utf16le.vtt", "webvtt", "vtt"),
        ("otter.srt", "srt", "srt"),
        ("otter-utf16be.srt", "srt", "srt"),
        ("otter.txt", "text", "txt"),
        ("stamped.txt", "text", "txt"),
    ];
    for (name, format, ext) in layouts {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, s) = nordbank(dir.path(), true);
        let out = journey(dir.path())
            .args(["transcript", "add", &s.id, "--offset", "30"])
            .arg(fixture(name))
            .output()
            .expect("run");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}: {out:?}");
        assert!(
            said.contains(&format!("{MARTA} (participant, guessed)"))
                && said.contains(&format!("{SAM} (interviewer, guessed)"))
                && said.contains("7 of 9 cues fall on a question"),
            "{name}: {said}"
        );
        // Kept byte for byte, named after the session.
        let kept = store.transcripts_dir().join(format!("{}.{ext}", s.id));
        assert_eq!(
            fs::read(&kept).expect("kept"),
            fs::read(fixture(name)).expect("fixture")
        );
        let shown = show_json(dir.path(), &s.id);
        assert_eq!(shown["transcripts"][0]["format"], format, "{name}");
        assert_eq!(shown["transcripts"][0]["participant"], MARTA, "{name}");
        let cues = cues(&shown, 0);
        assert_eq!(questions(cues), ON_SCREEN, "{name}");
        for (cue, start) in cues.iter().zip(STARTS) {
            let at = cue["start"].as_f64().expect("start");
            // Plain-text turns give whole seconds.
            let want = if format == "text" {
                start.floor()
            } else {
                start
            } - 30.0;
            assert!((at - want).abs() < 1e-6, "{name}: {at} != {want}");
            assert!(cue["end"].as_f64().expect("end") >= at, "{name}");
        }
        let speakers: Vec<&str> = cues.iter().filter_map(|c| c["speaker"].as_str()).collect();
        assert_eq!(speakers.len(), 9, "{name}");
        assert_eq!((speakers[0], speakers[2]), (SAM, MARTA), "{name}");
        assert!(
            cues[5]["text"]
                .as_str()
                .is_some_and(|t| t.ends_with("we moved Exchange onto VMware last spring.")),
            "{name}: {}",
            cues[5]
        );
    }
}

#[test]
fn without_a_timeline_the_notes_stamps_place_the_cues_or_nothing_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, mut s) = nordbank(dir.path(), false);
    s.set_notes("org.industry", "[00:05] retail bank");
    s.set_notes("triggers.business", "[01:40] refresh\n[02:00] Exchange");
    store.save(&s).expect("save");
    journey(dir.path())
        .args(["transcript", "add", &s.id, "--offset", "30"])
        .arg(fixture("zoom.vtt"))
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "by the [mm:ss] stamps in the notes",
        ));
    let shown = show_json(dir.path(), &s.id);
    let by_stamps = [
        None,
        Some("org.industry"),
        Some("org.industry"),
        Some("org.industry"),
        Some("org.industry"),
        Some("triggers.business"),
        Some("triggers.business"),
        Some("triggers.business"),
        None,
    ];
    assert_eq!(questions(cues(&shown, 0)), by_stamps);

    let bare = tempfile::tempdir().expect("tempdir");
    let (_, s) = nordbank(bare.path(), false);
    journey(bare.path())
        .args(["transcript", "add", &s.id])
        .arg(fixture("teams.vtt"))
        .assert()
        .success();
    let shown = show_json(bare.path(), &s.id);
    assert!(questions(cues(&shown, 0)).iter().all(Option::is_none));
    // Text for people: the interview clock, before the start with a minus.
    journey(bare.path())
        .args(["transcript", "show", &s.id])
        .assert()
        .success()
        .stdout(predicates::str::contains("00:12–00:15"))
        .stdout(predicates::str::contains(
            "Sam Okafor: Thanks for joining, Marta.",
        ));
}

#[test]
fn broken_files_name_the_line_and_attach_nothing() {
    let cases = [
        ("no-time.vtt", "line 15: a cue without a time"),
        (
            "backwards.srt",
            "line 22: the cue ends (01:20.050) before it starts (01:25.600)",
        ),
        ("binary.vtt", "not a text file"),
        ("not-a-transcript.txt", "not a transcript"),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, s) = nordbank(dir.path(), true);
    let before = fs::read(store.path(&s.id)).expect("session");
    for (name, message) in cases {
        let out = journey(dir.path())
            .args(["transcript", "add", &s.id])
            .arg(fixture(name))
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}");
        assert!(err.contains(name) && err.contains(message), "{name}: {err}");
    }
    // A folder is said to be one (it was "not a regular file (a named pipe, socket or device)").
    let out = journey(dir.path())
        .args(["transcript", "add", &s.id])
        .arg(dir.path())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("is a folder, not a file"),
        "{err}"
    );
    // A session open in an interview elsewhere: refused before any file is written.
    let lock = store.lock(&s.id).expect("lock");
    let out = journey(dir.path())
        .args(["transcript", "add", &s.id])
        .arg(fixture("zoom.vtt"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("open in another journey"));
    drop(lock);
    assert_eq!(fs::read(store.path(&s.id)).expect("session"), before);
    let kept = fs::read_dir(store.transcripts_dir()).map_or(0, |d| d.count());
    assert_eq!(kept, 0, "no transcript file left behind");
}

#[test]
fn roles_can_be_given_a_wrong_name_is_refused_and_a_second_file_gets_its_own_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, s) = nordbank(dir.path(), true);
    let out = journey(dir.path())
        .args(["transcript", "add", &s.id, "--participant", "Marta L"])
        .arg(fixture("zoom.vtt"))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("`Marta L` is not a speaker") && err.contains("Sam Okafor, Marta Lindqvist"),
        "{err}"
    );
    journey(dir.path())
        .args(["transcript", "add", &s.id])
        .arg(fixture("zoom.vtt"))
        .assert()
        .success();
    // The same file again: its record is updated, no second copy.
    journey(dir.path())
        .args(["transcript", "add", &s.id, "--offset", "-2.5"])
        .args(["--participant", "sam okafor"])
        .arg(fixture("zoom.vtt"))
        .assert()
        .success()
        .stdout(predicates::str::contains("Updated"));
    let session = store.load(&s.id).expect("load");
    assert_eq!(session.transcripts.len(), 1);
    let a = &session.transcripts[0];
    assert_eq!(
        (a.offset, a.participant.as_deref(), a.interviewer.as_deref()),
        (-2.5, Some(SAM), Some(MARTA))
    );
    journey(dir.path())
        .args(["transcript", "add", &s.id])
        .arg(fixture("teams.vtt"))
        .assert()
        .success();
    let session = store.load(&s.id).expect("load");
    let files: Vec<&str> = session
        .transcripts
        .iter()
        .map(|a| a.file.as_str())
        .collect();
    assert_eq!(files, [format!("{}.vtt", s.id), format!("{}.2.vtt", s.id)]);
    assert_eq!(
        show_json(dir.path(), &s.id)["transcripts"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn the_transcript_goes_to_the_trash_comes_back_and_goes_with_an_erasure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, s) = nordbank(dir.path(), true);
    journey(dir.path())
        .args(["transcript", "add", &s.id])
        .arg(fixture("otter.srt"))
        .assert()
        .success();
    let kept = store.transcripts_dir().join(format!("{}.srt", s.id));
    let trashed = store
        .trashed_transcripts_dir()
        .join(format!("{}.srt", s.id));
    journey(dir.path())
        .args(["delete", &s.id])
        .assert()
        .success();
    assert!(!kept.exists() && trashed.exists());
    journey(dir.path())
        .args(["trash"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Left in the trash").not());
    journey(dir.path())
        .args(["trash", "restore", &s.id])
        .assert()
        .success();
    assert!(kept.exists() && !trashed.exists());
    assert_eq!(
        fs::read(&kept).expect("kept"),
        fs::read(fixture("otter.srt")).expect("fixture")
    );
    assert_eq!(cues(&show_json(dir.path(), &s.id), 0).len(), 9);
    // Deleted again and the trash emptied: the transcript goes with its session.
    journey(dir.path())
        .args(["delete", &s.id])
        .assert()
        .success();
    journey(dir.path())
        .args(["trash", "empty", "--yes"])
        .assert()
        .success();
    assert!(!trashed.exists());
    // An erasure takes the transcript with the session.
    let (_, other) = nordbank(dir.path(), true);
    journey(dir.path())
        .args(["transcript", "add", &other.id])
        .arg(fixture("zoom.vtt"))
        .assert()
        .success();
    journey(dir.path())
        .args(["erase", &other.id, "--yes"])
        .assert()
        .success()
        .stdout(predicates::str::contains("its transcripts"));
    assert_eq!(
        fs::read_dir(store.transcripts_dir()).expect("dir").count(),
        0
    );
}

#[test]
fn the_manual_and_the_completions_know_the_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    journey(dir.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "journey transcript add [OPTIONS] <ID> <FILE>",
        ))
        .stdout(predicates::str::contains(
            "journey transcript show [OPTIONS] <ID>",
        ));
    journey(dir.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicates::str::contains("transcript"));
}

#[test]
fn a_transcript_travels_with_a_team_sync() {
    use common::team::{have_git, Team};
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let (a, b) = (team.member("ana"), team.member("ben"));
    let id = a.interview("Nordbank", &[]);
    a.ok(&[
        "transcript",
        "add",
        &id,
        fixture("teams.vtt").to_str().expect("path"),
    ]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    let name = format!("{id}.vtt");
    assert_eq!(
        fs::read(b.dir.join("transcripts").join(&name)).expect("synced"),
        fs::read(fixture("teams.vtt")).expect("fixture")
    );
    assert_eq!(b.load(&id).transcripts.len(), 1);
    let shown = b.ok(&["transcript", "show", &id]);
    assert!(shown.contains("Marta Lindqvist: Retail banking"), "{shown}");
    // Trashed on one side: gone from the other at its next sync.
    a.ok(&["delete", &id]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    assert!(!b.dir.join("transcripts").join(&name).exists());
}

/// webvtt-py (PyPI), when installed, reads the WebVTT fixtures as journey does.
#[test]
fn webvtt_py_agrees_on_the_vtt_fixtures() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import webvtt"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with webvtt-py is not installed (pip install webvtt-py)");
        return;
    }
    let script = "import sys, json, webvtt\n\
        print(json.dumps([[c.start, getattr(c, 'voice', None)] for c in webvtt.read(sys.argv[1])]))";
    for name in ["zoom.vtt", "zoom-crlf-bom.vtt", "teams.vtt"] {
        let out = std::process::Command::new("python3")
            .args(["-c", script])
            .arg(fixture(name))
            .output()
            .expect("python3");
        assert!(out.status.success(), "{name}: {out:?}");
        let theirs: Vec<(String, Option<String>)> =
            serde_json::from_slice(&out.stdout).expect("json");
        let ours =
            journey::transcript::parse(&fs::read(fixture(name)).expect("read")).expect("parse");
        let mut theirs_sorted: Vec<(f64, Option<String>)> = theirs
            .into_iter()
            .map(|(start, voice)| (seconds(&start), voice))
            .collect();
        theirs_sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(ours.cues.len(), theirs_sorted.len(), "{name}");
        for (cue, (start, voice)) in ours.cues.iter().zip(&theirs_sorted) {
            assert!(
                (cue.start - start).abs() < 1e-9,
                "{name}: {} {start}",
                cue.start
            );
            if let Some(voice) = voice {
                assert_eq!(cue.speaker.as_deref(), Some(voice.as_str()), "{name}");
            }
        }
    }
}

/// srt (PyPI), when installed, reads the SRT fixtures as journey does: the same cues, times
/// and text (journey joins a cue's lines with a space and takes the `Name:` prefix apart).
#[test]
fn python_srt_agrees_on_the_srt_fixtures() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import srt"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with srt is not installed (pip install srt)");
        return;
    }
    let script = "import sys, json, srt\n\
        subs = srt.parse(open(sys.argv[1], encoding='utf-8').read())\n\
        print(json.dumps([[s.start.total_seconds(), s.end.total_seconds(), ' '.join(s.content.split())] for s in subs]))";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(fixture("otter.srt"))
        .output()
        .expect("python3");
    assert!(out.status.success(), "{out:?}");
    let theirs: Vec<(f64, f64, String)> = serde_json::from_slice(&out.stdout).expect("json");
    for name in ["otter.srt", "otter-utf16be.srt"] {
        let ours =
            journey::transcript::parse(&fs::read(fixture(name)).expect("read")).expect("parse");
        assert_eq!(ours.cues.len(), theirs.len(), "{name}");
        for (cue, (start, end, text)) in ours.cues.iter().zip(&theirs) {
            assert!((cue.start - start).abs() < 1e-9 && (cue.end - end).abs() < 1e-9);
            let speaker = cue.speaker.as_deref().expect("a speaker");
            assert_eq!(format!("{speaker}: {}", cue.text), *text, "{name}");
        }
    }
}

fn seconds(hms: &str) -> f64 {
    hms.split(':')
        .map(|p| p.parse::<f64>().expect("number"))
        .fold(0.0, |acc, p| acc * 60.0 + p)
}
