//! The word index on disk (`<data>/words.idx`) is a cache like the summary index: whatever
//! happens to the files or to it, a search finds what searching the files finds; broken, foreign
//! or deleted, it is rebuilt; written by two at once, it stays whole.

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use journey::guide::Guide;
use journey::index::Filter;
use journey::session::{Session, Store};

use common::words::*;

#[test]
fn the_index_is_kept_on_disk_and_used_while_the_files_hold() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &[("Acme", "vMotion pilot"), ("Globex", "SAN")]);
    settle(&store, &ids);
    assert_eq!(found(&store, &guide, "vmotion"), [ids[0].clone()]);
    let path = dir.path().join(WORDS);
    let written = std::fs::read(&path).expect("written");
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&path).expect("meta"));
    // Nothing changed: read, not written again.
    assert_eq!(found(&store, &guide, "vmotion"), [ids[0].clone()]);
    assert_eq!(std::fs::read(&path).expect("read"), written);
    let now = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&path).expect("meta"));
    assert_eq!(now, inode);
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&path).expect("meta").permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_stale_entry_gives_what_the_files_say() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(
        dir.path(),
        &[
            ("Acme", "kiwi one"),
            ("Globex", "kiwi two"),
            ("Initech", "kiwi three"),
        ],
    );
    settle(&store, &ids);
    assert_agrees(&store, &guide, &["kiwi", "mango"]);

    // Edited behind journey's back, to the same size, its modification time put back: an entry
    // read within the file system's clock tick of the change (here: a time in the future) is
    // never trusted.
    let future = SystemTime::now() + Duration::from_secs(60);
    common::set_mtime(&store.path(&ids[0]), future);
    assert_agrees(&store, &guide, &["kiwi"]);
    let text = std::fs::read_to_string(store.path(&ids[0])).expect("read");
    std::fs::write(store.path(&ids[0]), text.replace("kiwi one", "mango 1!")).expect("edit");
    common::set_mtime(&store.path(&ids[0]), future);
    assert_agrees(&store, &guide, &["kiwi", "mango", "one"]);

    // Replaced by another file (a new inode); deleted; a new one.
    let mut s = store.load(&ids[1]).expect("load");
    s.answer_mut("workloads.it").notes = "papaya".into();
    let temp = dir.path().join("replacement.json");
    std::fs::write(&temp, serde_json::to_vec_pretty(&s).expect("json")).expect("write");
    std::fs::rename(&temp, store.path(&ids[1])).expect("replace");
    std::fs::remove_file(store.path(&ids[2])).expect("remove");
    store_with(dir.path(), &[("Hooli", "kiwi four")]);
    assert_agrees(
        &store,
        &guide,
        &["kiwi", "papaya", "three", "hooli", "initech"],
    );
    let index = std::fs::read(dir.path().join(WORDS)).expect("index");
    assert!(!String::from_utf8_lossy(&index).contains("initech"));
}

fn attach(store: &Store, id: &str, dir: &Path, cues: &str) {
    let source = dir.join(format!("{id}-source.vtt"));
    std::fs::write(
        &source,
        format!("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>{cues}\n"),
    )
    .expect("vtt");
    journey::transcript::attach(store, id, &source, None, Default::default()).expect("attach");
}

#[test]
fn transcripts_count_attached_later_and_changed_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &[("Acme", "notes"), ("Globex", "notes")]);
    settle(&store, &ids);
    assert_agrees(&store, &guide, &["hypervisor"]);
    attach(
        &store,
        &ids[0],
        other.path(),
        "We run the Hypervisor everywhere",
    );
    assert_eq!(found(&store, &guide, "hypervisor"), [ids[0].clone()]);
    assert_agrees(&store, &guide, &["hypervisor", "ana"]);

    // The transcript's file changes, the session's does not.
    settle(&store, &ids);
    assert_agrees(&store, &guide, &["hypervisor"]);
    let session = store.load(&ids[0]).expect("load");
    let kept = journey::transcript::file_path(&store, &session.transcripts[0]);
    let text = std::fs::read_to_string(&kept).expect("transcript");
    std::fs::write(&kept, text.replace("Hypervisor", "Containers")).expect("write");
    assert_agrees(&store, &guide, &["hypervisor", "containers"]);
    assert!(found(&store, &guide, "hypervisor").is_empty());
}

/// Two index files alike but for the time of the read they record (and so their checksums).
fn assert_same(a: &[u8], b: &[u8]) {
    assert_eq!(a.len(), b.len());
    assert_eq!(a[..24], b[..24]);
    assert_eq!(a[32..56], b[32..56]);
    assert_eq!(a[64..], b[64..]);
}

#[test]
fn a_broken_truncated_or_foreign_index_is_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &[("Acme", "Straße kiwi"), ("Globex", "kiwi")]);
    settle(&store, &ids);
    assert_agrees(&store, &guide, &["kiwi", "strasse"]);
    let path = dir.path().join(WORDS);
    let good = std::fs::read(&path).expect("index");
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x55;
    let mut huge = good.clone();
    huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    let mut format = good.clone();
    format[8..12].copy_from_slice(&99u32.to_le_bytes());
    for junk in [
        Vec::new(),
        b"junk".to_vec(),
        b"journeyW".to_vec(),
        good[..good.len() / 2].to_vec(),
        good[..70].to_vec(),
        flipped,
        huge,
        format,
        [good.clone(), b"more".to_vec()].concat(),
    ] {
        std::fs::write(&path, &junk).expect("write");
        assert_agrees(&store, &guide, &["kiwi", "strasse", "STRASSE", "straße"]);
        assert_same(&std::fs::read(&path).expect("rebuilt"), &good);
    }
    // Not a file: a folder where the index was is left alone, and searching still works.
    std::fs::remove_file(&path).expect("remove");
    std::fs::create_dir(&path).expect("dir");
    assert_agrees(&store, &guide, &["kiwi"]);
    std::fs::remove_dir(&path).expect("remove dir");

    // Another guide: rebuilt with it (an option's label is searched as the guide names it).
    let mut renamed = common::guide();
    for q in renamed
        .sections
        .iter_mut()
        .flat_map(|s| s.questions.iter_mut())
    {
        for o in q.options.iter_mut().filter(|o| o.id == "file-print") {
            o.label = "Zanzibar printing".into();
        }
    }
    assert_agrees(&store, &guide, &["zanzibar"]);
    assert_eq!(found(&store, &renamed, "zanzibar").len(), 2);
    assert_agrees(&store, &renamed, &["zanzibar", "kiwi"]);
}

#[test]
fn deleting_the_index_loses_nothing_and_trashing_a_session_takes_its_words_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &[("Zyxwv Secret", "qwerty"), ("Keep", "kiwi")]);
    settle(&store, &ids);
    let before: Vec<Vec<String>> = ["qwerty", "kiwi", "secret"]
        .iter()
        .map(|t| found(&store, &guide, t))
        .collect();
    std::fs::remove_file(dir.path().join(WORDS)).expect("remove");
    let after: Vec<Vec<String>> = ["qwerty", "kiwi", "secret"]
        .iter()
        .map(|t| found(&store, &guide, t))
        .collect();
    assert_eq!(before, after);
    store.trash(&ids[0]).expect("trash");
    let index = std::fs::read(dir.path().join(WORDS)).expect("index");
    let index = String::from_utf8_lossy(&index);
    assert!(
        !index.contains("zyxwv") && !index.contains("qwerty"),
        "{index}"
    );
    assert!(index.contains("kiwi"));
    assert_agrees(&store, &guide, &["kiwi", "qwerty"]);
}

#[test]
fn two_writers_at_once_leave_a_whole_index_and_the_right_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let notes: Vec<(String, String)> = (0..40)
        .map(|i| (format!("Customer {i}"), format!("word{i} kiwi")))
        .collect();
    let refs: Vec<(&str, &str)> = notes
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (store, _) = store_with(dir.path(), &refs);
    for round in 0..5 {
        std::fs::remove_file(dir.path().join(WORDS)).ok();
        std::thread::scope(|scope| {
            for _ in 0..3 {
                // Each its own store, as another process would be.
                let store = Store::open(dir.path()).expect("store");
                let guide = &guide;
                scope.spawn(move || index(&store, guide));
            }
        });
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
        assert_agrees(&store, &guide, &["kiwi", "word1", "word39", "customer 3"]);
    }
}

#[test]
fn codes_other_texts_and_accents_are_searched_as_the_cli_searches_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(
        dir.path(),
        &[("Société Générale", "Équipe"), ("Globex", "")],
    );
    let mut s: Session = store.load(&ids[1]).expect("load");
    let quote = "We trust the platform";
    s.answer_mut("workloads.it").quotes.push(quote.into());
    assert!(s.apply_code("workloads.it", quote, "confidence"));
    store.save(&s).expect("save");
    assert_eq!(found(&store, &guide, "confidence"), [ids[1].clone()]);
    assert_agrees(
        &store,
        &guide,
        &["confidence", "societe", "SOCIÉTÉ", "equipe", "trust"],
    );
    // The CLI agrees.
    let out = assert_cmd::Command::cargo_bin("journey")
        .expect("bin")
        .args(["--data-dir"])
        .arg(dir.path())
        .args(["list", "--text", "Confidence", "--json"])
        .output()
        .expect("run");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains(&ids[1]) && !out.contains(&ids[0]), "{out}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Built from the files, then read back from disk, the index finds exactly the sessions whose
    /// text holds the query, as searching each session's text finds them.
    #[test]
    fn the_index_on_disk_finds_what_each_sessions_text_holds(
        notes in proptest::collection::vec("[a-dé ,.ß]{0,30}", 1..6),
        query in "[a-dé,ß]{1,3}( [a-d]{1,2})?",
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let guide = common::guide();
        let named: Vec<(String, &str)> = notes
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("C{i}"), n.as_str()))
            .collect();
        let refs: Vec<(&str, &str)> = named.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        let (store, ids) = store_with(dir.path(), &refs);
        settle(&store, &ids);
        let cold = found(&store, &guide, &query);
        let warm = found(&store, &guide, &query);
        let expected = truth(&store, &guide, &query);
        proptest::prop_assert_eq!(&cold, &expected);
        proptest::prop_assert_eq!(&warm, &expected);
    }
}

/// The browser answers before the index is written: the write runs on a thread, and journey
/// waits for it before it ends, so the next process finds the index.
#[test]
fn a_write_left_to_a_thread_is_done_once_journey_waits_for_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &[("Acme", "kiwi"), ("Globex", "mango")]);
    settle(&store, &ids);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (index, write) = store.search_index_unwritten(&guide, &refs, None, &|| true);
    assert_eq!(index.matching(&["kiwi".into()]), [true, false]);
    assert!(!dir.path().join(WORDS).exists());
    write.expect("a write to do").finish_later();
    journey::index::finish_words_writes();
    let written = std::fs::read(dir.path().join(WORDS)).expect("written");
    let (_, again) = store.search_index_unwritten(&guide, &refs, None, &|| true);
    assert!(again.is_none(), "the index written holds");
    assert_eq!(
        std::fs::read(dir.path().join(WORDS)).expect("read"),
        written
    );
}

/// What the index as last written finds for `text`, unchecked, among `ids` (in their order).
fn found_as_written(store: &Store, guide: &Guide, ids: &[String], text: &str) -> Vec<String> {
    let filter = Filter {
        text: text.into(),
        ..Filter::default()
    };
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let index = store
        .search_index_as_written(guide, &refs)
        .expect("an index written");
    let hits = index.matching(&filter.terms());
    ids.iter()
        .zip(hits)
        .filter(|(_, hit)| *hit)
        .map(|(id, _)| id.clone())
        .collect()
}

/// A search typed before the browser's check of the files has ended answers from the index as
/// last written; the check's stamps then say whether that answer holds, and when a file changed
/// it does not (the search is then made again from the files).
#[test]
fn a_search_before_the_check_answers_as_written_until_the_check_says_it_holds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let (store, ids) = store_with(dir.path(), &[("Acme", "kiwi one"), ("Globex", "mango")]);
    settle(&store, &ids);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    // No index yet: nothing to answer from before the check.
    assert!(store.search_index_as_written(&guide, &refs).is_none());
    assert_eq!(found(&store, &guide, "kiwi"), [ids[0].clone()]);

    let (order, stamps) = checked(&store, &guide);
    let refs: Vec<&str> = order.iter().map(String::as_str).collect();
    let written = store
        .search_index_as_written(&guide, &refs)
        .expect("written");
    assert!(store.search_index_holds(&written, &refs, &stamps));
    assert_eq!(
        found_as_written(&store, &guide, &order, "kiwi"),
        [ids[0].clone()]
    );

    // Edited after the index was written: as written it still finds the old words, and the
    // check says it does not hold; checked, the search finds what the file says.
    let text = std::fs::read_to_string(store.path(&ids[0])).expect("read");
    std::fs::write(store.path(&ids[0]), text.replace("kiwi one", "papaya 1")).expect("edit");
    settle(&store, &ids[..1]);
    let (order, stamps) = checked(&store, &guide);
    let refs: Vec<&str> = order.iter().map(String::as_str).collect();
    let written = store
        .search_index_as_written(&guide, &refs)
        .expect("written");
    assert_eq!(
        found_as_written(&store, &guide, &order, "kiwi"),
        [ids[0].clone()]
    );
    assert!(!store.search_index_holds(&written, &refs, &stamps));
    assert_agrees(&store, &guide, &["kiwi", "papaya"]);

    // A session gone: the index as written no longer holds either.
    std::fs::remove_file(store.path(&ids[1])).expect("remove");
    let (order, stamps) = checked(&store, &guide);
    let refs: Vec<&str> = order.iter().map(String::as_str).collect();
    let written = store
        .search_index_as_written(&guide, &refs)
        .expect("written");
    assert!(!store.search_index_holds(&written, &refs, &stamps));
}
