//! The word index kept on disk, `<data>/words.idx`: a cache like the summary index, checked
//! against the files each time it is read. A session's entry holds while its file and its
//! transcripts' files have the stamps (size, modification time, inode) they had when they were
//! read, and were not modified within [`RACY_NS`] of that read; the others are read again, the
//! gone are dropped, and the file is written again (atomically) when anything changed. A
//! different guide or format, or a file that does not add up, rebuilds it. Losing it loses
//! nothing.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::super::line::{Stamp, NO_STAMP};
use super::file::{self, Entry, WordsFile};
use super::pack::{self, Numbering};
use super::{SearchIndex, Stamps};
use crate::guide::Guide;
use crate::par;
use crate::session::{search_text, Store};
use crate::transcript::search_words;

/// The word index's file name in the data folder.
pub const WORDS_FILE: &str = "words.idx";

/// A file modified this close before it was read may have changed again within the same tick
/// of the file system's clock, unseen by its stamp (git's "racily clean" entries): its entry is
/// not trusted and the file is read again. Two seconds covers the coarsest clocks (FAT).
const RACY_NS: i64 = 2_000_000_000;

/// Sessions read at once by each core while the index is built.
const CHUNK: usize = 128;

/// A session read again: its distinct words and its transcripts' stamps, packed.
type Fresh = (Vec<String>, Vec<u8>);

/// Sessions read again, packed: their lists one after another, where each ends, and each
/// one's transcripts' stamps.
type Packed = (Vec<u8>, Vec<usize>, Vec<Vec<u8>>);

fn stamp_of(path: &std::path::Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// A word index file made by a search and still to write: the search answers first.
pub struct WordsWrite {
    store: Store,
    bytes: Arc<Vec<u8>>,
}

/// The writes started by [`WordsWrite::finish_later`] and not yet joined.
static WRITING: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Waits for the word index writes still running (before journey ends).
pub fn finish_words_writes() {
    let writes = std::mem::take(
        &mut *WRITING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    for write in writes {
        let _ = write.join();
    }
}

impl WordsWrite {
    /// Writes the file on a thread of its own; [`finish_words_writes`] waits for it.
    pub fn finish_later(self) {
        let handle = std::thread::spawn(move || self.finish());
        let mut writing = WRITING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        writing.retain(|w| !w.is_finished());
        writing.push(handle);
    }

    /// Writes the file (atomically), the words no session uses any more left out.
    pub fn finish(self) {
        let compact = WordsFile::read(self.bytes).and_then(|f| compacted(&f, None));
        if let Some(bytes) = compact {
            self.store.write_words(&bytes);
        }
    }
}

impl Store {
    fn words_path(&self) -> PathBuf {
        self.data_dir().join(WORDS_FILE)
    }

    /// The word index file as it is, checked; `None` when it is missing or does not add up.
    fn read_words(&self) -> Option<WordsFile> {
        let (mut file, size) = crate::files::open_regular_sized(&self.words_path()).ok()?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).ok()?.saturating_add(1));
        std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
        WordsFile::read(bytes)
    }

    /// The word index of these sessions, in this order, for `guide`: from `<data>/words.idx`
    /// where its entries still hold, the other sessions read from their files (on all cores) and
    /// the file written again. A session that cannot be read has no words. Reading stops early
    /// (the index is then empty) once `keep_going` says no.
    ///
    /// `checked` are the files' stamps as a check of the summary index just found them, one per
    /// id (`Store::summaries_stamped`); without them each file is stamped here.
    pub fn search_index(
        &self,
        guide: &Guide,
        ids: &[&str],
        checked: Option<&Stamps>,
        keep_going: &(dyn Fn() -> bool + Sync),
    ) -> SearchIndex {
        let (index, write) = self.search_index_unwritten(guide, ids, checked, keep_going);
        if let Some(write) = write {
            write.finish();
        }
        index
    }

    /// [`Store::search_index`], with the file still to write when it changed: the caller
    /// answers the search first (the browser writes it on a thread of its own).
    pub fn search_index_unwritten(
        &self,
        guide: &Guide,
        ids: &[&str],
        checked: Option<&Stamps>,
        keep_going: &(dyn Fn() -> bool + Sync),
    ) -> (SearchIndex, Option<WordsWrite>) {
        let fingerprint = guide.fingerprint();
        let checked = checked.filter(|s| s.0.len() == ids.len());
        // Reading the index and stamping the files do not wait on each other.
        let (old, stamps) = std::thread::scope(|scope| {
            let old = scope.spawn(|| self.read_words());
            let stamps = match checked {
                Some(s) => s.0.iter().map(|s| (*s != NO_STAMP).then_some(*s)).collect(),
                None => par::map(ids, |id| stamp_of(&self.path(id))),
            };
            (old.join().ok().flatten(), stamps)
        });
        let old = old.filter(|f| f.guide == fingerprint);
        let rows: Vec<Option<usize>> = match &old {
            Some(f) => self.rows_holding(f, ids, &stamps),
            None => vec![None; ids.len()],
        };
        if let Some(f) = old.as_ref() {
            if all_hold(f, &stamps, &rows) {
                return (spans_at(old, &rows), None);
            }
        }
        let read = Reading {
            store: self,
            guide,
            keep_going,
        };
        let Some(bytes) = read.update(old.as_ref(), ids, &stamps, &rows) else {
            return (SearchIndex::default(), None);
        };
        drop(old);
        let write = WordsWrite {
            store: self.clone(),
            bytes: Arc::new(bytes),
        };
        let index = spans_of(WordsFile::read(Arc::clone(&write.bytes)), ids);
        (index, Some(write))
    }

    /// The row of each of `ids` in `file` where it still holds for its file stamped as in
    /// `stamps` (none where it does not, or the file is gone).
    fn rows_holding(
        &self,
        file: &WordsFile,
        ids: &[&str],
        stamps: &[Option<Stamp>],
    ) -> Vec<Option<usize>> {
        let found: Vec<(Option<usize>, Option<Stamp>)> = file
            .rows_of(ids)
            .into_iter()
            .zip(stamps.iter().copied())
            .collect();
        par::map(&found, |(row, stamp)| {
            self.holds(file, (*row)?, stamp.as_ref()?)
        })
    }

    /// The word index of these sessions as `<data>/words.idx` last had it, none of it checked
    /// against the files: for a search typed before the browser's check of the files has ended,
    /// corrected once it has ([`Store::search_index_holds`]), as the list is. `None` when there
    /// is no index for this guide (a search then waits for the check).
    pub fn search_index_as_written(&self, guide: &Guide, ids: &[&str]) -> Option<SearchIndex> {
        let file = self
            .read_words()
            .filter(|f| f.guide == guide.fingerprint())?;
        Some(spans_of(Some(file), ids))
    }

    /// Whether `index`, made by [`Store::search_index_as_written`] for these `ids`, holds for
    /// the files as a check found them (`checked`, one per id): every session's entry the
    /// files' own, none missing, none left over. Then it is what [`Store::search_index`] would
    /// give, and need not be read a second time.
    pub fn search_index_holds(&self, index: &SearchIndex, ids: &[&str], checked: &Stamps) -> bool {
        if checked.0.len() != ids.len() {
            return false;
        }
        let Some(file) = WordsFile::read(Arc::clone(&index.bytes)) else {
            return false;
        };
        let stamps: Vec<Option<Stamp>> = checked
            .0
            .iter()
            .map(|s| (*s != NO_STAMP).then_some(*s))
            .collect();
        let rows = self.rows_holding(&file, ids, &stamps);
        all_hold(&file, &stamps, &rows)
    }

    /// The row of session `id` in `file` when it still holds for the file stamped `stamp`: the
    /// same stamps, its own and its transcripts', none modified close to the read.
    fn holds(&self, file: &WordsFile, row: usize, stamp: &Stamp) -> Option<usize> {
        let record = file.record(row)?;
        let settled = |s: &Stamp| s.modified_ns < file.read_ns.saturating_sub(RACY_NS);
        if record.stamp != *stamp || !settled(stamp) {
            return None;
        }
        let dir = self.transcripts_dir();
        for (name, was) in file::transcripts(record.transcripts)? {
            let now = stamp_of(&dir.join(name)).unwrap_or(NO_STAMP);
            if now != was || (now != NO_STAMP && !settled(&now)) {
                return None;
            }
        }
        Some(row)
    }

    /// Drops a session from the word index (it was deleted): the index keeps no words of the
    /// gone, and the words only it had leave the dictionary.
    pub(crate) fn forget_in_words(&self, id: &str) {
        let Some(old) = self.read_words() else {
            return;
        };
        if old.find(id).is_none() {
            return;
        }
        if let Some(bytes) = compacted(&old, Some(id)) {
            self.write_words(&bytes);
        }
    }

    /// Writes the word index (atomically: a reader finds the old file or the new one, whole),
    /// after removing the temp files of writes that were killed. A cache: if it cannot be
    /// written, the next search reads the files again.
    fn write_words(&self, bytes: &[u8]) {
        let path = self.words_path();
        let prefix = crate::files::temp_prefix(&path);
        for entry in std::fs::read_dir(self.data_dir())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let _ = crate::files::write_atomic(self.data_dir(), &path, bytes, true, &mut |_| Ok(()));
    }
}

/// Whether every session there is (stamped) has an entry that holds, and the file has no
/// other entry (of a session gone).
fn all_hold(file: &WordsFile, stamps: &[Option<Stamp>], rows: &[Option<usize>]) -> bool {
    let current = |at: usize| stamps[at].is_none() || rows[at].is_some();
    (0..stamps.len()).all(current) && rows.iter().flatten().count() == file.sessions
}

/// The index held in `file` for these sessions, in this order (a session it does not have has
/// no words).
fn spans_of(file: Option<WordsFile>, ids: &[&str]) -> SearchIndex {
    let rows = file.as_ref().map(|f| f.rows_of(ids)).unwrap_or_default();
    spans_at(file, &rows)
}

/// The index held in `file` for the sessions at these rows (none: no words).
fn spans_at(file: Option<WordsFile>, rows: &[Option<usize>]) -> SearchIndex {
    let Some(file) = file else {
        return SearchIndex::default();
    };
    let spans: Vec<Range<u32>> = rows
        .iter()
        .map(|row| {
            row.and_then(|row| file.record(row))
                .map_or(0..0, |r| r.list)
        })
        .collect();
    let dict = file.dict.clone();
    SearchIndex::new(file.bytes, dict, spans).unwrap_or_default()
}

/// The file's bytes for these sessions, sorted by id: with the words no session uses left out
/// when `compact` (a read of every list), else every word kept and the lists copied as they are.
fn encode(
    guide: u64,
    read_ns: i64,
    words: &[&str],
    entries: &[Entry],
    compact: bool,
) -> Option<Vec<u8>> {
    if !compact {
        return file::encode(guide, read_ns, words, entries, None);
    }
    let lists: Vec<&[u8]> = entries.iter().map(|e| e.list).collect();
    let renumber = pack::renumbering(words.len(), &lists);
    let used: Vec<&str> = words
        .iter()
        .zip(&renumber)
        .filter(|(_, n)| **n != u32::MAX)
        .map(|(w, _)| *w)
        .collect();
    file::encode(guide, read_ns, &used, entries, Some(&renumber))
}

/// The index in `file` again, without session `gone`, the words no session uses left out (the
/// words of a session changed or gone go with it).
fn compacted(file: &WordsFile, gone: Option<&str>) -> Option<Vec<u8>> {
    let records: Vec<_> = (0..file.sessions)
        .filter_map(|at| file.record(at))
        .collect();
    let entries: Vec<Entry> = records
        .iter()
        .filter(|r| Some(r.id) != gone)
        .map(|r| Entry {
            id: r.id,
            stamp: r.stamp,
            transcripts: r.transcripts,
            list: &file.bytes[r.list.start as usize..r.list.end as usize],
        })
        .collect();
    let dict = std::str::from_utf8(&file.bytes[file.dict.clone()]).unwrap_or_default();
    let words: Vec<&str> = dict.split_terminator('\n').collect();
    encode(file.guide, file.read_ns, &words, &entries, true)
}

/// What reading sessions' words needs.
struct Reading<'a> {
    store: &'a Store,
    guide: &'a Guide,
    keep_going: &'a (dyn Fn() -> bool + Sync),
}

impl Reading<'_> {
    /// A session's distinct words (none when it cannot be read) and its transcripts' stamps,
    /// each stamped before it is read.
    fn words(&self, id: &str) -> Fresh {
        let Ok(session) = self.store.load(id) else {
            return Fresh::default();
        };
        let dir = self.store.transcripts_dir();
        let stamps: Vec<(String, Stamp)> = session
            .transcripts
            .iter()
            .map(|t| {
                (
                    t.file.clone(),
                    stamp_of(&dir.join(&t.file)).unwrap_or(NO_STAMP),
                )
            })
            .collect();
        let text = search_text(self.guide, &session) + "\n" + &search_words(self.store, &session);
        (
            pack::distinct(text.split_whitespace()),
            file::pack_transcripts(&stamps),
        )
    }

    /// The sessions at `stale` read on all cores (`par::stream`) and numbered on this thread
    /// in order as they come: their lists one after another in `lists` (where
    /// each ends) and their transcripts' stamps. `None` once `keep_going` says no.
    fn read_all(&self, ids: &[&str], stale: &[usize], numbering: &mut Numbering) -> Option<Packed> {
        let (mut lists, mut ends, mut transcripts) = (Vec::new(), Vec::new(), Vec::new());
        let read = |range: std::ops::Range<usize>| -> Option<Vec<Fresh>> {
            (self.keep_going)()
                .then(|| stale[range].iter().map(|&at| self.words(ids[at])).collect())
        };
        let done = par::stream(stale.len(), CHUNK, read, |batch| {
            // Stopped: the rest is not read.
            let Some(batch) = batch else { return Err(()) };
            for (words, stamps) in batch {
                numbering.pack(&words, &mut lists);
                ends.push(lists.len());
                transcripts.push(stamps);
            }
            Ok(())
        });
        if done != Ok(Ok(())) {
            return None;
        }
        (ends.len() == stale.len()).then_some((lists, ends, transcripts))
    }

    /// The new file's bytes: the rows of `old` that hold (`rows`), the other sessions that are
    /// there (`stamps`) read again. `None` once `keep_going` says no.
    fn update(
        &self,
        old: Option<&WordsFile>,
        ids: &[&str],
        stamps: &[Option<Stamp>],
        rows: &[Option<usize>],
    ) -> Option<Vec<u8>> {
        let read_ns = now_ns();
        let stale: Vec<usize> = (0..ids.len())
            .filter(|&at| stamps[at].is_some() && rows[at].is_none())
            .collect();
        let dict = old.map_or("", |f| {
            std::str::from_utf8(&f.bytes[f.dict.clone()]).unwrap_or_default()
        });
        let mut numbering = Numbering::from_dictionary(dict);
        let (lists, ends, transcripts) = self.read_all(ids, &stale, &mut numbering)?;
        let records: Vec<Option<file::Record>> = rows
            .iter()
            .map(|row| old.zip(*row).and_then(|(f, row)| f.record(row)))
            .collect();
        let mut entries: Vec<Entry> = Vec::with_capacity(ids.len());
        for (at, record) in records.iter().enumerate() {
            if let (Some(r), Some(f)) = (record, old) {
                entries.push(Entry {
                    id: ids[at],
                    stamp: r.stamp,
                    transcripts: r.transcripts,
                    list: &f.bytes[r.list.start as usize..r.list.end as usize],
                });
            }
        }
        for (n, &at) in stale.iter().enumerate() {
            let start = n.checked_sub(1).map_or(0, |before| ends[before]);
            entries.push(Entry {
                id: ids[at],
                stamp: stamps[at].unwrap_or(NO_STAMP),
                transcripts: &transcripts[n],
                list: &lists[start..ends[n]],
            });
        }
        // Nearly sorted already (a browser's sessions, most recent first): runs, merged.
        entries.sort_by(|a, b| a.id.cmp(b.id));
        entries.dedup_by(|a, b| a.id == b.id);
        let words: Vec<&str> = numbering.words.iter().map(|w| w.as_ref()).collect();
        // Compacted when the file is written, after the search has its answer.
        encode(self.guide.fingerprint(), read_ns, &words, &entries, false)
    }
}

/// [`SearchIndex::build`]: the sessions read and packed as for the file, none written.
pub(super) fn build_in_memory(
    store: &Store,
    guide: &Guide,
    ids: &[&str],
    keep_going: &(dyn Fn() -> bool + Sync),
) -> SearchIndex {
    let read = Reading {
        store,
        guide,
        keep_going,
    };
    let stamps = vec![Some(NO_STAMP); ids.len()];
    match read.update(None, ids, &stamps, &vec![None; ids.len()]) {
        Some(bytes) => spans_of(WordsFile::read(bytes), ids),
        None => SearchIndex::default(),
    }
}
