//! The CSV row cache (`<data>/rows.cache`): whatever happens to the session files, the guide or
//! the cache itself, an export through it writes the bytes an export reading every file writes.
//! A stale row is never used: a file edited (even with its size and modification time put
//! back), replaced, deleted or new, a guide changed, a cache cut, garbage or foreign.
//!
//! Exports run "an hour later" (`stream_csv_as_of`) where a test needs the cache's entries to be
//! trusted: an entry whose file was modified or changed (ctime) within two seconds before it was
//! read is never trusted, and a test cannot set a file's change time back.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use journey::export::{stream_csv_as_of, stream_csv_from_files, Selection, ROWS_FILE};
use journey::guide::Guide;
use journey::index::Summary;
use journey::session::{Session, Store};

fn later() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

/// Synthetic sessions like the benchmark's, and one with every edge a cell can have.
fn archive(dir: &Path, n: usize) -> (Store, Guide) {
    let store = Store::open(dir).expect("store");
    let guide = common::guide();
    let mut rng = common::synth::Rng(26);
    for i in 0..n {
        let mut s = common::synth::session(&mut rng, &guide, i);
        store.create(&mut s).expect("create");
    }
    let mut edge = common::session(&guide, "=HYPERLINK(\"x\")");
    edge.meta.participant = "+1+1, \"quoted\"\nnext line".into();
    common::text(&mut edge, "org.industry", "-3");
    common::text(&mut edge, "org.role", "@SUM(A1)");
    edge.set_notes("org.industry", "=1+1, with \"quotes\"\r\nand a line");
    edge.set_notes("org.size", "\t tab first");
    edge.answer_mut("org.size").quotes = vec!["\"we, they\"".into(), "=cmd|' /C calc'!A0".into()];
    edge.answer_mut("org.team").quotes = vec![String::new()];
    edge.meta.lang = "de".into();
    store.create(&mut edge).expect("create");
    (store, guide)
}

/// The export of these sessions (all when `None`), oldest first.
fn selection(store: &Store, guide: &Guide, only: Option<&[String]>) -> Selection {
    let ids = only.map_or_else(|| store.ids().expect("ids"), <[String]>::to_vec);
    let summaries: Vec<Summary> = ids
        .iter()
        .map(|id| Summary::of(guide, &store.load(id).expect("load")))
        .collect();
    Selection::of(summaries.iter())
}

fn cached(store: &Store, guide: &Guide, chosen: &Selection, at: SystemTime) -> String {
    let mut out = Vec::new();
    stream_csv_as_of(store, guide, chosen, at, &mut out).expect("export");
    String::from_utf8(out).expect("utf-8")
}

fn from_files(store: &Store, guide: &Guide, chosen: &Selection) -> String {
    let mut out = Vec::new();
    stream_csv_from_files(store, guide, chosen, false, &mut out).expect("export");
    String::from_utf8(out).expect("utf-8")
}

/// Exports through the cache (later) and from the files, and says they are the same.
fn same(store: &Store, guide: &Guide, chosen: &Selection) {
    let through = cached(store, guide, chosen, later());
    let read = from_files(store, guide, chosen);
    assert!(through == read, "the cached export differs from the files'");
}

/// The cache file's identity: a new one is written beside and renamed over it.
fn cache_file(dir: &Path) -> Option<u64> {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(dir.join(ROWS_FILE)).ok()?).into()
}

fn edit(store: &Store, id: &str, change: impl FnOnce(&mut Session)) {
    let mut s = store.load(id).expect("load");
    change(&mut s);
    store.save(&s).expect("save");
}

#[test]
fn the_cached_export_is_the_export_of_the_files_whatever_the_columns() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, guide) = archive(dir.path(), 150);
    let all = selection(&store, &guide, None);
    // Made (every row from its file), then used (every row from the cache).
    same(&store, &guide, &all);
    let made = cache_file(dir.path()).expect("the cache is written");
    same(&store, &guide, &all);
    assert_eq!(
        cache_file(dir.path()),
        Some(made),
        "every row held: not written again"
    );
    // A few sessions: other notes and quotes columns, the same cached parts.
    let ids = store.ids().expect("ids");
    for few in [&ids[..1], &ids[3..9], &ids[140..]] {
        same(&store, &guide, &selection(&store, &guide, Some(few)));
        assert_eq!(cache_file(dir.path()), Some(made));
    }
    // A few, one of them changed: the cache is written again, the others' rows kept in it.
    edit(&store, &ids[5], |s| {
        s.set_notes("org.size", "changed since")
    });
    same(&store, &guide, &selection(&store, &guide, Some(&ids[3..9])));
    let again = cache_file(dir.path()).expect("written");
    assert_ne!(again, made);
    same(&store, &guide, &all);
    assert_eq!(
        cache_file(dir.path()),
        Some(again),
        "the others' rows were kept"
    );
}

#[test]
fn an_edited_replaced_deleted_or_new_session_is_read_from_its_file() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, guide) = archive(dir.path(), 40);
    same(&store, &guide, &selection(&store, &guide, None));
    let ids = store.ids().expect("ids");
    // Edited, with the same size and the modification time put back.
    let path = store.path(&ids[0]);
    let (before, when) = (std::fs::read(&path).expect("read"), mtime(&path));
    let mut after = before.clone();
    let at = find(&before, b"\"customer\": \"") + 13;
    after[at] = if after[at] == b'Q' { b'R' } else { b'Q' };
    std::fs::write(&path, &after).expect("write");
    common::set_mtime(&path, when);
    same(&store, &guide, &selection(&store, &guide, None));
    // Replaced by another file of the same size and time (another inode).
    let path = store.path(&ids[1]);
    let (before, when) = (std::fs::read(&path).expect("read"), mtime(&path));
    let mut after = before.clone();
    let at = find(&before, b"\"participant\": \"") + 16;
    after[at] = if after[at] == b'Q' { b'R' } else { b'Q' };
    let beside = path.with_extension("new");
    std::fs::write(&beside, &after).expect("write");
    common::set_mtime(&beside, when);
    std::fs::rename(&beside, &path).expect("rename");
    same(&store, &guide, &selection(&store, &guide, None));
    // Saved by journey; deleted; new.
    edit(&store, &ids[2], |s| s.set_notes("org.size", "a note since"));
    std::fs::remove_file(store.path(&ids[3])).expect("delete");
    let mut new = common::session(&guide, "Newco");
    new.set_notes("org.team", "=new");
    store.create(&mut new).expect("create");
    same(&store, &guide, &selection(&store, &guide, None));
    same(&store, &guide, &selection(&store, &guide, None));
}

#[test]
fn an_entry_read_within_two_seconds_of_its_files_change_is_never_trusted() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, guide) = archive(dir.path(), 10);
    let all = selection(&store, &guide, None);
    // Read now, right after the files were written: racy entries.
    let now = cached(&store, &guide, &all, SystemTime::now());
    assert_eq!(now, from_files(&store, &guide, &all));
    let racy = cache_file(dir.path()).expect("written");
    // Later, those entries are read again (and the cache written again with settled ones).
    same(&store, &guide, &all);
    let settled = cache_file(dir.path()).expect("written");
    assert_ne!(settled, racy, "racy entries were trusted");
    same(&store, &guide, &all);
    assert_eq!(cache_file(dir.path()), Some(settled));
}

#[test]
fn another_guide_reads_every_file_again() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, guide) = archive(dir.path(), 20);
    let all = selection(&store, &guide, None);
    same(&store, &guide, &all);
    let mut other = guide.clone();
    let question = &mut other.sections[0].questions[0];
    question.text = format!("{} (asked again)", question.text);
    for option in &mut question.options {
        option.label = format!("{}!", option.label);
    }
    let other: Guide = serde_json::from_str(&serde_json::to_string(&other).expect("json"))
        .expect("the changed guide");
    same(&store, &other, &all);
    same(&store, &guide, &all);
}

#[test]
fn a_broken_or_foreign_cache_is_rebuilt_never_an_error() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, guide) = archive(dir.path(), 30);
    let all = selection(&store, &guide, None);
    same(&store, &guide, &all);
    let path = dir.path().join(ROWS_FILE);
    let whole = std::fs::read(&path).expect("read");
    let mut flipped = whole.clone();
    flipped[whole.len() / 3] ^= 0x20;
    let mut version = whole.clone();
    let at = find(&whole, env!("CARGO_PKG_VERSION").as_bytes());
    version[at] = b'9';
    let breakages: [Vec<u8>; 6] = [
        whole[..whole.len() / 2].to_vec(),
        whole[..whole.len() - 1].to_vec(),
        flipped,
        version,
        b"garbage".to_vec(),
        Vec::new(),
    ];
    for broken in breakages {
        std::fs::write(&path, &broken).expect("write");
        same(&store, &guide, &all);
        same(&store, &guide, &all);
    }
    // Deleted: nothing is lost.
    std::fs::remove_file(&path).expect("delete");
    same(&store, &guide, &all);
    assert!(path.exists());
}

#[test]
fn two_exports_writing_the_cache_at_once_both_write_the_right_rows() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, guide) = archive(dir.path(), 60);
    let all = selection(&store, &guide, None);
    let expected = from_files(&store, &guide, &all);
    let ids = store.ids().expect("ids");
    let some = selection(&store, &guide, Some(&ids[10..30]));
    let expected_some = from_files(&store, &guide, &some);
    std::thread::scope(|scope| {
        let a = scope.spawn(|| cached(&store, &guide, &all, later()));
        let b = scope.spawn(|| cached(&store, &guide, &some, later()));
        assert!(a.join().expect("a") == expected);
        assert!(b.join().expect("b") == expected_some);
    });
    // Whichever file is left is whole and right.
    same(&store, &guide, &all);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_cli_export_writes_the_cache_and_its_rows_again_without_it() {
    let dir = tempfile::tempdir().expect("dir");
    archive(dir.path(), 12);
    let export = || common::outputs::ok(dir.path(), &["export", "--all", "--format", "csv"]);
    let first = export();
    assert!(dir.path().join(ROWS_FILE).exists());
    assert_eq!(export(), first);
    std::fs::remove_file(dir.path().join(ROWS_FILE)).expect("delete");
    assert_eq!(export(), first);
    let anonymised = common::outputs::ok(
        dir.path(),
        &["export", "--all", "--format", "csv", "--anonymize"],
    );
    assert!(!anonymised.contains("HYPERLINK"), "{anonymised}");
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("found")
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

mod property {
    use super::*;
    use proptest::prelude::*;

    /// Cell text with what CSV and spreadsheets treat specially.
    fn cell() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-zé,\"\n\r\t=+@ -]{0,12}").expect("regex")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// Sessions with random notes, quotes and texts at random questions: the cached export
        /// of all of them and of some is the export of the files, before and after an edit.
        #[test]
        fn the_cached_rows_are_the_files_rows(
            texts in proptest::collection::vec((0usize..6, cell(), cell(), cell()), 1..24),
            edited in 0usize..24,
        ) {
            let dir = tempfile::tempdir().expect("dir");
            let store = Store::open(dir.path()).expect("store");
            let guide = common::guide();
            let questions: Vec<String> = guide.questions().map(|(_, q)| q.id.clone()).collect();
            for (i, chunk) in texts.chunks(3).enumerate() {
                let mut s = common::session(&guide, &format!("Customer {i}"));
                for (at, notes, quote, text) in chunk {
                    let q = &questions[at % questions.len()];
                    s.set_notes(q, notes);
                    s.answer_mut(q).quotes = vec![quote.clone(), text.clone()];
                    s.set_text(q, text);
                }
                store.create(&mut s).expect("create");
            }
            let ids = store.ids().expect("ids");
            let all = selection(&store, &guide, None);
            let some = selection(&store, &guide, Some(&ids[..ids.len().div_ceil(2)]));
            for chosen in [&all, &some, &all] {
                prop_assert_eq!(cached(&store, &guide, chosen, later()), from_files(&store, &guide, chosen));
            }
            let (at, notes, ..) = &texts[edited % texts.len()];
            edit(&store, &ids[edited % ids.len()], |s| {
                s.set_notes(&questions[(at + 1) % questions.len()], &format!("{notes}, edited"));
            });
            let all = selection(&store, &guide, None);
            prop_assert_eq!(cached(&store, &guide, &all, later()), from_files(&store, &guide, &all));
        }
    }
}
