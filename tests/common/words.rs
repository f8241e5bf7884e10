//! Helpers for the tests of the word index (`<data>/words.idx`).

use std::path::Path;
use std::time::{Duration, SystemTime};

use journey::guide::Guide;
use journey::index::{Filter, SearchIndex};
use journey::session::Store;

pub const WORDS: &str = "words.idx";

pub fn store_with(dir: &Path, notes: &[(&str, &str)]) -> (Store, Vec<String>) {
    let store = Store::open(dir).expect("store");
    let guide = super::guide();
    let ids = notes
        .iter()
        .map(|(name, note)| {
            let mut s = super::session(&guide, name);
            super::pick(&mut s, "workloads.it", &["file-print"]);
            s.answer_mut("workloads.it").notes = note.to_string();
            store.create(&mut s).expect("create");
            s.id
        })
        .collect();
    (store, ids)
}

/// Every session file's modification time an hour back: settled, so the index trusts their
/// entries (a file modified within two seconds of the index's read is always read again).
pub fn settle(store: &Store, ids: &[String]) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for id in ids {
        super::set_mtime(&store.path(id), hour_ago);
    }
}

pub fn index(store: &Store, guide: &Guide) -> (Vec<String>, SearchIndex) {
    let ids = store.ids().expect("ids");
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let index = store.search_index(guide, &refs, None, &|| true);
    (ids, index)
}

/// The sessions the index on disk finds for `text`, by id.
pub fn found(store: &Store, guide: &Guide, text: &str) -> Vec<String> {
    let filter = Filter {
        text: text.into(),
        ..Filter::default()
    };
    let (ids, index) = index(store, guide);
    assert_eq!(index.len(), ids.len());
    let hits = index.matching(&filter.terms());
    ids.into_iter()
        .zip(hits)
        .filter_map(|(id, hit)| hit.then_some(id))
        .collect()
}

/// The sessions whose files hold `text`, as `list --text` and the exports find them.
pub fn truth(store: &Store, guide: &Guide, text: &str) -> Vec<String> {
    let filter = Filter {
        text: text.into(),
        ..Filter::default()
    };
    let mut ids: Vec<String> = store
        .list()
        .expect("list")
        .sessions
        .iter()
        .filter(|s| filter.keeps_unstaged(store, guide, s))
        .map(|s| s.id.clone())
        .collect();
    ids.sort();
    ids
}

pub fn assert_agrees(store: &Store, guide: &Guide, texts: &[&str]) {
    for text in texts {
        assert_eq!(
            found(store, guide, text),
            truth(store, guide, text),
            "{text:?}"
        );
    }
}

/// The sessions in the order the summary index's check lists them, and their files' stamps as
/// it found them: what the browser gives the word index.
pub fn checked(store: &Store, guide: &Guide) -> (Vec<String>, journey::index::Stamps) {
    let (summaries, stamps) = store.summaries_stamped(guide).expect("check");
    let order = summaries.sessions.iter().map(|s| s.id.clone()).collect();
    (order, stamps)
}
