//! `journey erase ID`, a participant who withdraws, with the real binary and the system git: in
//! a plain folder; refused without confirmation or while open; synced through three folders in
//! two orders (a teammate with the session in the trash, one with an unpushed commit), after
//! which no folder, trash or reachable commit of any clone or of the shared remote holds it,
//! and no later sync in any order brings it back. Interruptions: `tests/erase_recovery.rs`.

mod common;
mod erase_team;

use std::path::PathBuf;

use erase_team::*;

#[test]
fn erase_in_a_plain_folder_removes_every_copy_journey_keeps() {
    let root = tempfile::tempdir().expect("tempdir");
    let m = Member::plain(root.path(), "plain");
    let gone = m.interview("Withdrawn Co", "private words");
    let kept = m.interview("Other Co", "stays");
    let store = m.store();
    let session = store.load(&gone).expect("load");
    store.rescue(&session).expect("rescued copy");
    std::fs::create_dir_all(store.trash_dir()).expect("trash");
    std::fs::copy(
        store.path(&gone),
        store.trash_dir().join(format!("{gone}.json")),
    )
    .expect("copy");
    drop(store.lock(&gone).expect("a lock file"));
    m.ok(&["list"]);
    let index = std::fs::read_to_string(m.dir.join("index.jsonl")).expect("index");
    assert!(index.contains(&gone));
    assert_eq!(m.files_named(&gone).len(), 4, "{:?}", m.files_named(&gone));

    let out = m.ok(&["erase", "withdrawn", "--yes"]);
    for said in [
        "the session file",
        "in the trash",
        "failed save",
        "exports you made",
    ] {
        assert!(out.contains(said), "{said}: {out}");
    }
    assert!(out.contains(&format!("Erased {gone}.")), "{out}");
    assert!(!out.contains("history"), "not a team archive: {out}");
    assert_eq!(m.files_named(&gone), Vec::<PathBuf>::new());
    let index = std::fs::read_to_string(m.dir.join("index.jsonl")).expect("index");
    assert!(!index.contains(&gone), "{index}");
    assert_eq!(m.advice(&kept).as_deref(), Some("stays"));
    assert!(!m.dir.join("erasures").exists());
    // Gone for `erase` too: nothing left to name.
    let out = m.journey(&["erase", &gone, "--yes"]);
    assert!(!out.status.success());
}

#[test]
fn erase_is_refused_without_confirmation_or_while_the_interview_is_open() {
    let root = tempfile::tempdir().expect("tempdir");
    let m = Member::plain(root.path(), "plain");
    let id = m.interview("Withdrawn Co", "private words");
    let before = std::fs::read(m.store().path(&id)).expect("read");
    // No terminal on stdin and no --yes: the plan is shown, nothing is erased.
    let out = m.journey(&["erase", &id]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("nothing erased"), "{text}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("the session file"));
    assert_eq!(std::fs::read(m.store().path(&id)).expect("read"), before);
    // Open in an interview: refused, the file is untouched.
    let lock = m.store().lock(&id).expect("lock");
    let out = m.journey(&["erase", &id, "--yes"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("open in another journey"));
    assert_eq!(std::fs::read(m.store().path(&id)).expect("read"), before);
    drop(lock);
    m.ok(&["erase", &id, "--yes"]);
    assert!(!m.store().path(&id).exists());
}

/// Ana erases a session ben deleted (so it is in cho's trash) while cho has an unpushed commit
/// touching another session; then ben and cho sync in `order`.
fn erasure_through_three_folders(order: [usize; 2]) {
    let team = Team::new();
    let (ana, ben, cho) = (team.member("ana"), team.member("ben"), team.member("cho"));
    let gone = ana.interview("Withdrawn Co", "words of a participant who withdraws");
    let shared = ana.interview("Shared Co", "first");
    // Its recording's transcript travels with it, and is erased with it from every history.
    ana.ok(&["transcript", "add", &gone, "tests/transcripts/zoom.vtt"]);
    ana.ok(&["sync"]);
    ana.edit(&gone, "more words");
    ana.ok(&["sync"]);
    ben.ok(&["sync"]);
    cho.ok(&["sync"]);
    // Ben deletes it and syncs; cho's sync keeps a copy in cho's trash.
    ben.ok(&["delete", &gone]);
    ben.ok(&["sync"]);
    let out = cho.ok(&["sync"]);
    assert!(out.contains("deleted by a teammate"), "{out}");
    assert!(cho
        .store()
        .trash_dir()
        .join(format!("{gone}.json"))
        .exists());
    // Cho edits another session offline: a commit not pushed yet.
    cho.edit(&shared, "from cho, offline");
    team.unplug();
    let out = cho.ok(&["sync"]);
    assert!(out.contains("not pushed"), "{out}");
    team.plug();
    let blobs = blobs_of(&ana.dir, &gone);
    assert!(blobs.len() >= 2, "{blobs:?}");

    let out = ana.ok(&["erase", &gone, "--yes"]);
    assert!(out.contains("added or changed it"), "{out}");
    assert!(out.contains("teammates' copies"), "{out}");
    assert!(out.contains("no longer holds it"), "{out}");
    assert_history_clean(&team.remote, &gone);
    assert_history_clean(&ana.dir, &gone);

    let members = [&ana, &ben, &cho];
    for i in order {
        let m = members[i + 1];
        let out = m.ok(&["sync"]);
        assert!(
            out.contains(&format!("erased by a teammate: {gone}")),
            "{out}"
        );
    }
    for m in members {
        m.ok(&["sync"]);
    }
    assert_erased_everywhere(&team, &members, &gone, &blobs);
    // Cho's offline edit went out and came to everyone.
    for m in members {
        assert_eq!(m.advice(&shared).as_deref(), Some("from cho, offline"));
    }
    // Any later order of syncs, with new work on the way, never brings it back.
    for (round, order) in [[2, 1, 0], [1, 0, 2], [0, 2, 1]].into_iter().enumerate() {
        for i in order {
            members[i].edit(&shared, &format!("round {round} by {i}"));
            members[i].ok(&["sync"]);
        }
    }
    assert_erased_everywhere(&team, &members, &gone, &blobs);
    assert_no_duplicate_commits(&team.remote);
}

#[test]
fn an_erasure_synced_through_three_folders_cho_first() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    erasure_through_three_folders([1, 0]);
}

#[test]
fn an_erasure_synced_through_three_folders_ben_first() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    erasure_through_three_folders([0, 1]);
}

#[test]
fn a_session_only_in_the_history_is_erased_even_where_git_sees_a_rename_and_its_twin_stays() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let team = Team::new();
    let ana = team.member("ana");
    let gone = ana.interview("Withdrawn Co", "long private words of the participant");
    ana.ok(&["sync"]);
    // Deleted, and a near copy under another id in the same commit: git pairs them as a rename.
    let text = std::fs::read_to_string(ana.store().path(&gone)).expect("read");
    let twin = gone.replace("withdrawn", "twin");
    ana.ok(&["delete", &gone]);
    std::fs::write(ana.store().path(&twin), text.replace(&gone, &twin)).expect("write");
    ana.ok(&["sync"]);
    let renames = git_text(&ana.dir, &["log", "-M", "--name-status", "--format=", "-1"]);
    assert!(renames.starts_with('R'), "{renames}");
    ana.ok(&["trash", "empty", "--yes"]);
    let blobs = blobs_of(&ana.dir, &gone);
    let out = ana.ok(&["erase", &gone, "--yes"]);
    assert!(out.contains("no session file"), "{out}");
    assert_erased_everywhere(&team, &[&ana], &gone, &blobs);
    assert!(ana.store().path(&twin).exists());
}
