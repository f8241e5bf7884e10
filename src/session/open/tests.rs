use super::*;
use crate::session::Meta;

fn open(dir: &tempfile::TempDir, now: Instant) -> (Store, OpenSession) {
    let store = Store::open(dir.path()).expect("store");
    let guide = crate::guide::builtin().expect("guide");
    let mut session = Session::new(&guide, Meta::new("Acme"));
    store.create(&mut session).expect("create");
    let lock = store.lock(&session.id).expect("lock");
    (store, OpenSession::new(session, Some(lock), None, now))
}

#[test]
fn time_goes_to_the_question_in_whole_seconds_and_saving_records_the_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (store, mut open) = open(&dir, t0);
    open.changed(t0);
    open.account_time(Some("org.industry"), t0 + Duration::from_millis(2500));
    assert_eq!(open.session.elapsed_seconds, 2);
    assert!(open.needs_save(t0 + Duration::from_millis(3600)));
    open.save(&store, Some("org.size"), t0 + Duration::from_secs(5));
    let saved = store.load(&open.session.id).expect("load");
    assert_eq!(saved.elapsed_seconds, 5);
    assert_eq!(
        saved.answer("org.industry").map(|a| a.seconds_spent),
        Some(2)
    );
    assert_eq!(saved.answer("org.size").map(|a| a.seconds_spent), Some(3));
    assert_eq!(saved.current.as_deref(), Some("org.size"));
    assert!(!open.needs_save(t0 + Duration::from_millis(5500)));
    let visits: Vec<(&str, u64, u64)> = saved
        .timeline
        .iter()
        .map(|v| (v.question.as_str(), v.from, v.to))
        .collect();
    assert_eq!(visits, [("org.industry", 0, 2), ("org.size", 2, 5)]);
}

#[test]
fn a_session_opened_and_closed_unchanged_gets_no_time_and_is_not_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (store, mut open) = open(&dir, t0);
    let path = store.path(&open.session.id);
    let before = std::fs::read(&path).expect("read");
    let later = t0 + Duration::from_secs(600);
    assert!(!open.needs_save(later));
    open.save(&store, Some("org.size"), later);
    assert_eq!(std::fs::read(&path).expect("read"), before);
    open.finish(&store, None, later);
    let finished = store.load(&open.session.id).expect("load");
    assert!(finished.meta.finished.is_some(), "finishing is a change");
}

#[test]
fn a_read_only_session_changes_nothing_and_saves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (store, open) = open(&dir, t0);
    let session = open.session.clone();
    drop(open);
    let mut ro = OpenSession::new(session, None, Some("open elsewhere".into()), t0);
    assert!(!ro.keep_refused("org.servers", "lots", t0));
    ro.set_override("storage", Some(ObstacleStatus::Raised), t0);
    ro.save(&store, Some("org.size"), t0 + Duration::from_secs(9));
    let saved = store.load(&ro.session.id).expect("load");
    assert!(saved.obstacle_overrides.is_empty() && saved.current.is_none());
    assert!(!ro.needs_save(t0 + Duration::from_secs(9)));
}

#[test]
fn undo_brings_back_each_answer_in_turn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (_, mut open) = open(&dir, t0);
    open.remember("org.servers", "typing".into());
    open.session.set_number("org.servers", Some(450.0));
    open.remember("org.servers", "skipping".into());
    open.session
        .toggle_state("org.servers", AnswerState::Skipped);
    let first = open.undo(t0).expect("undo");
    assert_eq!(first.what, "skipping");
    assert_eq!(
        open.session
            .answer("org.servers")
            .and_then(|a| a.value.clone()),
        Some(super::super::Value::Number(450.0))
    );
    assert_eq!(open.undo(t0).map(|u| u.what), Some("typing".into()));
    assert_eq!(
        open.session
            .answer("org.servers")
            .and_then(|a| a.value.clone()),
        None
    );
    assert!(open.undo(t0).is_none());
}

#[test]
fn undo_never_takes_back_notes_typed_since() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (_, mut open) = open(&dir, t0);
    open.remember("org.servers", "typing".into());
    open.session.set_number("org.servers", Some(450.0));
    open.session
        .set_notes("org.servers", "two sites, said twice");
    open.undo(t0).expect("undo");
    let a = open.session.answer("org.servers").expect("answer");
    assert_eq!(
        (a.value.clone(), a.notes.as_str()),
        (None, "two sites, said twice")
    );
}

#[test]
fn updated_and_finished_never_fall_before_started_when_the_clock_goes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (store, mut open) = open(&dir, t0);
    // As if the session had started an hour ahead of what the wall clock now says.
    let ahead = super::super::now() + chrono::Duration::hours(1);
    open.session.meta.started = ahead;
    open.changed(t0);
    open.save(&store, None, t0 + Duration::from_secs(2));
    open.finish(&store, None, t0 + Duration::from_secs(3));
    let saved = store.load(&open.session.id).expect("load");
    assert!(saved.meta.updated >= saved.meta.started);
    assert!(saved.meta.finished.is_some_and(|f| f >= saved.meta.started));
    assert_eq!(
        saved.elapsed_seconds, 3,
        "durations from the monotonic clock"
    );
}

#[test]
fn refused_text_is_kept_on_its_own_line_of_the_notes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let (_, mut open) = open(&dir, t0);
    open.session.set_notes("org.servers", "two sites");
    assert!(open.keep_refused("org.servers", " 5,000,000 ", t0));
    assert!(!open.keep_refused("org.servers", "  ", t0));
    assert_eq!(
        open.session.answer("org.servers").map(|a| a.notes.as_str()),
        Some("two sites\n(typed as the answer: 5,000,000)")
    );
    assert!(open.saver.is_dirty());
}
