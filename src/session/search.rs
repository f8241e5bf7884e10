//! What the session browser's filter searches, kept small: every distinct word of the sessions
//! (folded as `crate::text::fold` folds it) once, and for each session the numbers of its words,
//! packed. A query's words each match a session when one of its words contains them, which is
//! exactly "the session's text contains the query word" (a query word has no spaces, so it lies
//! inside one word of the text).
//! At 10,000 sessions this is a few MB where the texts themselves were tens.

use std::collections::HashMap;

use super::{answer_text, Session, Store};
use crate::guide::Guide;

/// The text the filter searches in a session (names, notes, quotes and answers), folded as
/// [`super::fold`] folds it: lower case, accents away.
pub fn search_text(guide: &Guide, session: &Session) -> String {
    let m = &session.meta;
    let mut text = [
        m.customer.as_str(),
        m.participant.as_str(),
        m.role.as_str(),
        m.interviewer.as_str(),
    ]
    .join("\n");
    for (id, answer) in &session.answers {
        for part in std::iter::once(&answer.notes).chain(&answer.quotes) {
            text.push('\n');
            text.push_str(part);
        }
        if let (Some(q), Some(v)) = (guide.question(id), answer.value.as_ref()) {
            text.push('\n');
            text.push_str(&answer_text(q, v));
        }
    }
    crate::text::fold(&text)
}

/// The words of many sessions, for filtering as one types.
#[derive(Debug)]
pub struct SearchIndex {
    words: Vec<Box<str>>,
    /// Each session's word numbers, ascending, as differences in LEB128, one after another.
    lists: Vec<u8>,
    /// Where each session's list starts in `lists`; one more than there are sessions.
    starts: Vec<u32>,
}

/// Packs sessions' words into an index, one session after another.
#[derive(Default)]
struct Builder {
    index: SearchIndex,
    numbers: HashMap<Box<str>, u32>,
    list: Vec<u32>,
}

impl Builder {
    /// The next session, from its text (its words separated by white space).
    fn add(&mut self, text: &str) {
        let Builder {
            index,
            numbers,
            list,
        } = self;
        list.clear();
        for word in text.split_whitespace() {
            let n = match numbers.get(word) {
                Some(&n) => n,
                None => {
                    let n = index.words.len() as u32;
                    index.words.push(word.into());
                    numbers.insert(word.into(), n);
                    n
                }
            };
            list.push(n);
        }
        list.sort_unstable();
        list.dedup();
        let mut last = 0;
        for &n in list.iter() {
            leb128(&mut index.lists, n - last);
            last = n;
        }
        index.starts.push(index.lists.len() as u32);
    }

    fn finish(mut self) -> SearchIndex {
        self.index.words.shrink_to_fit();
        self.index.lists.shrink_to_fit();
        self.index
    }
}

impl Default for SearchIndex {
    fn default() -> SearchIndex {
        SearchIndex {
            words: Vec::new(),
            lists: Vec::new(),
            starts: vec![0],
        }
    }
}

/// Sessions read at once by each core while the index is built.
const CHUNK: usize = 128;

/// More text a session holds beyond its file (the words of its transcripts), folded.
pub type MoreText<'a> = &'a (dyn Fn(&Session) -> String + Sync);

/// Each session's distinct words, space-separated (one string a session, empty for a session
/// that cannot be read), read on all cores.
fn distinct_words(store: &Store, guide: &Guide, batch: &[&str], more: MoreText) -> Vec<String> {
    crate::par::map_slots(batch, |id| {
        let text = store
            .load(id)
            .map(|s| search_text(guide, &s) + "\n" + &more(&s))
            .unwrap_or_default();
        let mut words: Vec<&str> = text.split_whitespace().collect();
        words.sort_unstable();
        words.dedup();
        words.join(" ")
    })
    .into_iter()
    .map(Option::unwrap_or_default)
    .collect()
}

impl SearchIndex {
    /// The index of these sessions, in this order, read on all cores a chunk at a time, with
    /// the `more` text of each (the browser's: its transcripts' words); a session that cannot
    /// be read has no words. The words are numbered on this thread while the next
    /// sessions are read (at most one batch ahead), so neither waits for the other. Reading stops
    /// early (the index is then partial) once `keep_going` says no.
    pub fn build(
        store: &Store,
        guide: &Guide,
        ids: &[&str],
        more: MoreText,
        keep_going: &(dyn Fn() -> bool + Sync),
    ) -> SearchIndex {
        let threads = crate::par::cores();
        let (batches, read) = std::sync::mpsc::sync_channel::<Vec<String>>(1);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for batch in ids.chunks(CHUNK * threads) {
                    if !keep_going()
                        || batches
                            .send(distinct_words(store, guide, batch, more))
                            .is_err()
                    {
                        return;
                    }
                }
            });
            let mut builder = Builder::default();
            for words in read {
                for session in &words {
                    builder.add(session);
                }
            }
            builder.finish()
        })
    }

    /// For each session, whether every one of `terms` (lower case, no spaces) is in its text.
    pub fn matching(&self, terms: &[String]) -> Vec<bool> {
        // Per term, which words contain it: a bit a word.
        let sets: Vec<Vec<u64>> = terms
            .iter()
            .map(|term| {
                let mut bits = vec![0u64; self.words.len().div_ceil(64)];
                for (n, word) in self.words.iter().enumerate() {
                    if word.contains(term.as_str()) {
                        bits[n / 64] |= 1 << (n % 64);
                    }
                }
                bits
            })
            .collect();
        let mut found = vec![false; terms.len()];
        self.starts
            .windows(2)
            .map(|w| {
                found.iter_mut().for_each(|f| *f = false);
                let mut bytes = &self.lists[w[0] as usize..w[1] as usize];
                let mut n = 0u32;
                while let Some((delta, rest)) = read_leb128(bytes) {
                    bytes = rest;
                    n += delta;
                    for (f, bits) in found.iter_mut().zip(&sets) {
                        *f |= bits[n as usize / 64] & (1 << (n % 64)) != 0;
                    }
                }
                found.iter().all(|f| *f)
            })
            .collect()
    }

    /// Sessions in the index.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn leb128(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_leb128(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let mut n = 0u32;
    for (i, b) in bytes.iter().enumerate() {
        n |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((n, &bytes[i + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index_of(texts: &[&str]) -> SearchIndex {
        let mut builder = Builder::default();
        for text in texts {
            builder.add(text);
        }
        builder.finish()
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

        #[test]
        fn leb128_round_trips(n in any::<u32>()) {
            let mut bytes = Vec::new();
            leb128(&mut bytes, n);
            prop_assert_eq!(read_leb128(&bytes), Some((n, &[][..])));
        }
    }
}
