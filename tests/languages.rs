//! The guide's languages: a translation replaces the texts an interviewer reads and keeps
//! every id; `journey --lang fr new` holds the interview in French and the session remembers
//! it (reopening shows French again); exports use the session's language with the same ids;
//! the assessment and the summary index do not change with the language; `guide check` warns
//! of what a translation leaves out.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use journey::assess::assess;
use journey::guide::{self, Guide};
use journey::session::{Meta, Session, Store};
use serde_json::{json, Value};

use common::pty::{keys::*, Journey};

/// The built-in guide with a partial French translation.
fn french_json() -> Value {
    let text = include_str!("../content/virtualization-journey.json");
    let mut guide: Value = serde_json::from_str(text).expect("json");
    guide["language"] = json!("English (en)");
    guide["translations"] = json!({"fr": {
        "name": "Français",
        "sections": {"org": {"title": "Organisation et participant", "intro": "À qui nous parlons."}},
        "questions": {"org.industry": {
            "text": "Dans quel secteur est l'organisation ?",
            "short": "Secteur",
            "probes": ["Son activité principale ?"],
            "options": {"financial": "Services financiers", "healthcare": "Santé"}
        }}
    }});
    guide
}

fn french() -> Guide {
    guide::parse("fr.json", &french_json().to_string()).expect("guide")
}

fn write_guide(dir: &Path) -> PathBuf {
    let path = dir.join("guide-fr.json");
    std::fs::write(&path, french_json().to_string()).expect("write");
    path
}

fn journey(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("journey").expect("binary");
    cmd.current_dir(dir)
        .env("JOURNEY_DATA_DIR", dir.join("data"));
    cmd
}

#[test]
fn a_translation_replaces_the_texts_and_keeps_ids_fingerprint_and_assessment() {
    let g = french();
    let fr = g.localized(Some("fr"));
    let q = fr.question("org.industry").expect("question");
    assert_eq!(q.text, "Dans quel secteur est l'organisation ?");
    assert_eq!(q.label(), "Secteur");
    assert_eq!(q.probes, ["Son activité principale ?"]);
    assert_eq!(
        q.option("financial").expect("option").label,
        "Services financiers"
    );
    // What the translation leaves out stays in the guide's own language.
    assert_eq!(
        q.option("retail").expect("option").label,
        "Retail and consumer"
    );
    assert_eq!(
        fr.question("org.size").expect("q").text,
        g.question("org.size").expect("q").text
    );
    assert_eq!(fr.sections[0].title, "Organisation et participant");
    assert_eq!(
        fr.fingerprint(),
        g.fingerprint(),
        "the index is keyed by the guide, not the language"
    );
    let mut session = Session::new(&g, Meta::new("Acme"));
    common::pick(&mut session, "start.production", &["yes"]);
    common::pick(&mut session, "workloads.business", &["exchange"]);
    let (a, b) = (assess(&g, &session), assess(&fr, &session));
    assert_eq!(
        serde_json::to_value(&a).expect("json"),
        serde_json::to_value(&b).expect("json")
    );
    assert_eq!(g.find_language("Français"), Ok(Some("fr".to_string())));
    assert_eq!(g.find_language("en"), Ok(None));
    let err = g.find_language("de").expect_err("no German");
    assert!(err.contains("fr (Français)"), "{err}");
}

#[test]
fn guide_check_warns_of_missing_translations_and_refuses_unknown_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_guide(dir.path());
    journey(dir.path())
        .args(["guide", "check"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains("languages: en, fr"))
        .stderr(predicates::str::contains(
            "warning: translation `fr` (Français):",
        ))
        .stderr(predicates::str::contains(
            "question `org.industry` option `public`",
        ));
    let mut bad = french_json();
    bad["translations"]["fr"]["questions"]["org.nowhere"] = json!({"text": "?"});
    std::fs::write(&path, bad.to_string()).expect("write");
    journey(dir.path())
        .args(["guide", "check"])
        .arg(&path)
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "translation `fr` question `org.nowhere`: no question has this id",
        ));
}

#[test]
fn exports_use_the_sessions_language_and_keep_the_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_guide(dir.path());
    let store = Store::open(&dir.path().join("data")).expect("store");
    let g = french();
    let mut session = Session::new(
        &g,
        Meta {
            lang: "fr".into(),
            ..Meta::new("Acme")
        },
    );
    common::pick(&mut session, "org.industry", &["financial"]);
    store.create(&mut session).expect("create");
    let out = journey(dir.path())
        .arg("--guide")
        .arg(&path)
        .args(["export", &session.id, "--format", "md"])
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(md.contains("Services financiers"), "{md}");
    assert!(!md.contains("Financial services"), "{md}");
    let out = journey(dir.path())
        .arg("--guide")
        .arg(&path)
        .args(["export", &session.id, "--format", "json"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"financial\""), "ids stay: {text}");
}

#[test]
fn lang_holds_the_interview_in_french_and_the_session_remembers_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_guide(dir.path());
    let guide = path.to_str().expect("utf-8 path");
    journey(dir.path())
        .args([
            "--guide",
            guide,
            "new",
            "--customer",
            "Acme",
            "--lang",
            "de",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("has no language `de`"));
    let data = dir.path().join("data");
    let mut j = Journey::start(
        &data,
        &[
            "--guide",
            guide,
            "--lang",
            "fr",
            "new",
            "--customer",
            "Acme",
        ],
        120,
        40,
    );
    j.expect("Dans quel secteur est l'organisation ?");
    j.expect("Services financiers");
    j.expect("Retail and consumer");
    j.send("1");
    j.wait_saved();
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    let session = j.session();
    assert_eq!(session["meta"]["lang"], "fr");
    let id = session["id"].as_str().expect("id").to_string();
    // Reopened without --lang: the session's own language.
    let mut j = Journey::start(&data, &["--guide", guide, "resume", &id], 120, 40);
    j.expect("Dans quel secteur est l'organisation ?");
    j.send(CTRL_Q);
    assert!(j.wait_exit());
    assert!(j.session()["answers"]["org.industry"]
        .to_string()
        .contains("financial"));
}

/// `--plain` holds an interview begun from its list (`new`) in the `--lang` language too, and
/// one reopened in the session's own.
#[test]
fn plain_new_from_the_list_is_held_in_the_lang_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_guide(dir.path());
    let guide = path.to_str().expect("utf-8 path");
    let out = journey(dir.path())
        .args(["--plain", "--guide", guide, "--lang", "fr"])
        .write_stdin("new\nAcme\n\n\n\n\nquit\n")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Dans quel secteur est l'organisation ?"),
        "{text}"
    );
    let sessions = dir.path().join("data").join("sessions");
    let file = std::fs::read_dir(&sessions)
        .expect("sessions")
        .flatten()
        .next()
        .expect("a session");
    let session: Value =
        serde_json::from_str(&std::fs::read_to_string(file.path()).expect("read")).expect("json");
    assert_eq!(session["meta"]["lang"], "fr");
    let id = session["id"].as_str().expect("id");
    let out = journey(dir.path())
        .args(["--plain", "--guide", guide, "resume", id])
        .write_stdin("quit\n")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Services financiers"), "{text}");
}
