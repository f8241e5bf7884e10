//! What the session browser's filter searches, kept small and kept on disk: every distinct word
//! of the sessions (folded as `crate::text::fold` folds it) once, and for each session the
//! numbers of its words, ascending, as LEB128 differences. A query's words each match a session
//! when one of its words contains them, which is exactly "the session's text contains the query
//! word" (a query word has no spaces, so it lies inside one word of the text).
//!
//! The index is kept in `<data>/words.idx` (see `file`): a search holds only its dictionary and
//! its lists, read in parts and searched where they lie, so the first search of a new process
//! costs a read and a check of the files' stamps (`disk`), not a read of every session. The
//! file is written from what the search holds, streamed (`write`).

mod disk;
mod file;
mod pack;
mod sum;
mod write;

use std::ops::Range;
use std::sync::{Arc, Mutex};

use crate::guide::Guide;
use crate::session::Store;

pub use disk::WORDS_FILE;
pub use write::{finish_words_writes, WordsWrite};

/// The stamps of session files as a check of the summary index found them, one per summary in
/// its order (`Store::summaries_stamped`): the word index is checked against them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stamps(pub(in crate::index) Vec<super::line::Stamp>);

impl Stamps {
    /// Files stamped.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The sessions' word lists: those the index file had and those read again from the sessions'
/// files, numbered as if the second followed the first (neither is copied into the other).
#[derive(Debug, Default, Clone)]
struct Lists {
    base: Arc<Vec<u8>>,
    fresh: Arc<Vec<u8>>,
}

impl Lists {
    fn new(base: Arc<Vec<u8>>, fresh: Vec<u8>) -> Lists {
        Lists {
            base,
            fresh: Arc::new(fresh),
        }
    }

    /// The list at `span`; `None` when it is out of bounds or lies across the two.
    fn get(&self, span: &Range<u32>) -> Option<&[u8]> {
        let (start, end, base) = (span.start as usize, span.end as usize, self.base.len());
        if end <= base {
            self.base.get(start..end)
        } else {
            self.fresh.get(start.checked_sub(base)?..end - base)
        }
    }

    /// Where the fresh lists start.
    fn fresh_at(&self) -> usize {
        self.base.len()
    }

    /// Bytes held: what is written of each (the rest of their room is reserved, not resident).
    fn held(&self) -> usize {
        self.base.len() + self.fresh.len()
    }
}

/// The words of many sessions, for filtering as one types.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The dictionary: each word followed by a newline, checked as UTF-8. Shared with the write
    /// of the file when the search answers before it is written.
    dict: Arc<Vec<u8>>,
    /// Where each word starts in the dictionary, and its end: one more than there are words.
    starts: Vec<u32>,
    /// The sessions' word lists (shared with the write too).
    lists: Lists,
    /// Each session's list in `lists`, in the order the sessions were asked for.
    spans: Vec<Range<u32>>,
    /// The file the index was taken from as written, not yet checked against the files: its
    /// table (ids and stamps) is read again for that check (`Store::search_index_holds`), once.
    table: Mutex<Option<file::Written>>,
}

impl SearchIndex {
    /// The index of the dictionary `dict` (checked as UTF-8) and the sessions' lists at `spans`
    /// in `lists`; `None` when the dictionary does not read or a span is out of bounds.
    fn new(
        dict: impl Into<Arc<Vec<u8>>>,
        lists: Lists,
        spans: Vec<Range<u32>>,
        table: Option<file::Written>,
    ) -> Option<SearchIndex> {
        let dict: Arc<Vec<u8>> = dict.into();
        let words = std::str::from_utf8(&dict).ok()?;
        if !(words.is_empty() || words.ends_with('\n')) || dict.len() > u32::MAX as usize {
            return None;
        }
        let mut starts = Vec::with_capacity(words.len() / 8);
        starts.push(0);
        starts.extend(
            words
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(at, _)| at as u32 + 1),
        );
        starts.shrink_to_fit();
        if spans
            .iter()
            .any(|s| s.start > s.end || lists.get(s).is_none())
        {
            return None;
        }
        Some(SearchIndex {
            dict,
            starts,
            lists,
            spans,
            table: Mutex::new(table),
        })
    }

    /// The index of these sessions, in this order, read from their files (none written to
    /// disk); a session that cannot be read has no words. Reading stops early (the index is
    /// then partial) once `keep_going` says no.
    pub fn build(
        store: &Store,
        guide: &Guide,
        ids: &[&str],
        keep_going: &(dyn Fn() -> bool + Sync),
    ) -> SearchIndex {
        disk::build_in_memory(store, guide, ids, keep_going)
    }

    fn words(&self) -> &str {
        // Checked as UTF-8 when made.
        std::str::from_utf8(&self.dict).unwrap_or_default()
    }

    /// The table of the file the index was taken from, read again, once (see `table`);
    /// `None` when the file is no longer the one read.
    fn take_table(&self) -> Option<file::Table> {
        let written = self
            .table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        written?.table()
    }

    /// Per term, which words contain it (a bit a word) and the highest number of those. The
    /// dictionary is searched as one text (a term has no newline, so a match lies inside one
    /// word).
    fn word_sets(&self, terms: &[String]) -> Vec<(Vec<u64>, u32)> {
        let words = self.words();
        let count = self.starts.len() - 1;
        terms
            .iter()
            .map(|term| {
                let mut bits = vec![0u64; count.div_ceil(64)];
                let mut n = 0;
                for (at, _) in words.match_indices(term.as_str()) {
                    while self.starts[n + 1] as usize <= at {
                        n += 1;
                    }
                    bits[n / 64] |= 1 << (n % 64);
                }
                (bits, n as u32)
            })
            .collect()
    }

    /// For each session, whether every one of `terms` (lower case, no spaces) is in its text.
    pub fn matching(&self, terms: &[String]) -> Vec<bool> {
        let sets = self.word_sets(terms);
        // Past the highest word any term is in, a session's list has nothing more to find.
        let last = sets.iter().map(|(_, last)| *last).max().unwrap_or(0);
        let one = |span: &Range<u32>| {
            let mut found = vec![false; terms.len()];
            let mut bytes = self.lists.get(span).unwrap_or_default();
            let mut n = 0u32;
            while let Some((delta, rest)) = pack::read_leb128(bytes) {
                bytes = rest;
                n = n.wrapping_add(delta);
                if n > last {
                    break;
                }
                for (f, (bits, _)) in found.iter_mut().zip(&sets) {
                    // A number past the dictionary (a damaged list) is no word.
                    let word = bits.get(n as usize / 64).copied().unwrap_or(0);
                    *f |= word & (1 << (n % 64)) != 0;
                }
                if found.iter().all(|f| *f) {
                    break;
                }
            }
            found.iter().all(|f| *f)
        };
        let parts = crate::par::map_parts(&self.spans, |spans| {
            spans.iter().map(one).collect::<Vec<bool>>()
        });
        parts.concat()
    }

    /// Sessions in the index.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held: the dictionary, the lists and their tables.
    pub fn bytes_held(&self) -> usize {
        self.dict.capacity()
            + self.lists.held()
            + self.starts.capacity() * 4
            + self.spans.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index_of(texts: &[&str]) -> SearchIndex {
        let sessions: Vec<Vec<String>> = texts
            .iter()
            .map(|t| pack::distinct(t.split_whitespace()))
            .collect();
        pack::in_memory(&sessions)
    }

    #[test]
    fn query_words_match_inside_words_and_all_must_match() {
        let index = index_of(&["the cio sponsors vmotion", "storage, san and nas", ""]);
        let q = |terms: &[&str]| {
            index.matching(&terms.iter().map(|t| t.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(q(&["motion"]), [true, false, false]);
        assert_eq!(q(&["san"]), [false, true, false]);
        assert_eq!(q(&["s"]), [true, true, false]);
        assert_eq!(q(&["cio", "storage"]), [false, false, false]);
        assert_eq!(q(&["e,"]), [false, true, false]);
        assert_eq!(q(&[]), [true, true, true]);
    }

    proptest! {
        /// Exactly what searching the text itself finds.
        #[test]
        fn the_index_finds_what_the_text_contains(
            texts in proptest::collection::vec("[a-d ,é]{0,40}", 1..12),
            term in "[a-d,é]{1,3}",
        ) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let index = index_of(&refs);
            let expected: Vec<bool> = texts.iter().map(|t| t.contains(term.as_str())).collect();
            prop_assert_eq!(index.matching(&[term]), expected);
        }
    }
}
