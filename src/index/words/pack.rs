//! Numbering words and packing each session's word numbers: ascending, as LEB128 differences.
//! A dictionary read from disk keeps its numbers and new words follow; before a write the words
//! no session uses any more are dropped and the rest renumbered in the same order, so the lists
//! stay ascending.

use std::borrow::Cow;
use std::collections::HashMap;

/// A quick hash for words (FxHash's multiply and rotate, a word of 8 bytes at a time): the
/// dictionary of 100,000 sessions is 200,000 words, hashed when a search numbers new words.
#[derive(Default, Clone, Copy)]
pub(super) struct Quick(u64);

impl std::hash::Hasher for Quick {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type QuickMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Quick>>;

/// The words of the sessions, numbered in the order they were first met.
#[derive(Default)]
pub(super) struct Numbering<'a> {
    pub(super) words: Vec<Cow<'a, str>>,
    numbers: QuickMap<Cow<'a, str>, u32>,
}

impl<'a> Numbering<'a> {
    /// Numbering that goes on from a dictionary (each word followed by a newline).
    pub(super) fn from_dictionary(dict: &'a str) -> Numbering<'a> {
        let mut numbering = Numbering::default();
        let count = dict.bytes().filter(|b| *b == b'\n').count();
        numbering.words.reserve(count);
        numbering.numbers.reserve(count);
        // Each word keeps its place (its number), even one that came twice.
        for word in dict.split_terminator('\n') {
            let n = numbering.words.len() as u32;
            numbering.words.push(Cow::Borrowed(word));
            numbering.numbers.entry(Cow::Borrowed(word)).or_insert(n);
        }
        numbering
    }

    fn add(&mut self, word: Cow<'a, str>) -> u32 {
        let n = self.words.len() as u32;
        self.words.push(word.clone());
        self.numbers.insert(word, n);
        n
    }

    /// A session's distinct words as its packed list, appended to `out`.
    pub(super) fn pack(&mut self, words: &[String], out: &mut Vec<u8>) {
        let mut list: Vec<u32> = words
            .iter()
            .map(|w| match self.numbers.get(w.as_str()) {
                Some(&n) => n,
                None => self.add(Cow::Owned(w.clone())),
            })
            .collect();
        list.sort_unstable();
        list.dedup();
        let mut last = 0;
        for n in list {
            leb128(out, n - last);
            last = n;
        }
    }
}

/// A session's distinct words (each once, in order), from its words in any order.
pub(super) fn distinct<'t>(words: impl Iterator<Item = &'t str>) -> Vec<String> {
    let mut words: Vec<&str> = words.collect();
    words.sort_unstable();
    words.dedup();
    words.into_iter().map(String::from).collect()
}

/// The new number of each word (`u32::MAX` for a word no list uses): the words used, in their
/// order, numbered from 0. A number past the dictionary in a list is left out.
pub(super) fn renumbering(count: usize, lists: &[&[u8]]) -> Vec<u32> {
    let mut used = vec![false; count];
    for list in lists {
        for n in numbers(list) {
            if let Some(u) = used.get_mut(n as usize) {
                *u = true;
            }
        }
    }
    let mut next = 0;
    used.iter()
        .map(|&u| {
            if u {
                next += 1;
                next - 1
            } else {
                u32::MAX
            }
        })
        .collect()
}

/// `list` again, each number as `renumber` says (in the same order, so still ascending).
pub(super) fn repack(list: &[u8], renumber: &[u32], out: &mut Vec<u8>) {
    let mut last = 0;
    for n in numbers(list) {
        match renumber.get(n as usize) {
            Some(&m) if m != u32::MAX && m >= last => {
                leb128(out, m - last);
                last = m;
            }
            _ => {}
        }
    }
}

/// The word numbers of a packed list.
pub(super) fn numbers(mut list: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut n = 0u32;
    std::iter::from_fn(move || {
        let (delta, rest) = read_leb128(list)?;
        list = rest;
        n = n.wrapping_add(delta);
        Some(n)
    })
}

pub(super) fn leb128(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(super) fn read_leb128(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let mut n = 0u32;
    for (i, b) in bytes.iter().enumerate().take(5) {
        n |= u32::from(b & 0x7f).wrapping_shl(7 * i as u32);
        if b & 0x80 == 0 {
            return Some((n, &bytes[i + 1..]));
        }
    }
    None
}

/// An index of sessions given as their distinct words, in memory (for the tests).
#[cfg(test)]
pub(super) fn in_memory(sessions: &[Vec<String>]) -> super::SearchIndex {
    let mut numbering = Numbering::default();
    let mut lists = Vec::new();
    let mut spans = Vec::new();
    for words in sessions {
        let start = lists.len() as u32;
        numbering.pack(words, &mut lists);
        spans.push(start..lists.len() as u32);
    }
    let mut bytes: Vec<u8> = Vec::new();
    for word in &numbering.words {
        bytes.extend_from_slice(word.as_bytes());
        bytes.push(b'\n');
    }
    let dict = 0..bytes.len();
    let shift = bytes.len() as u32;
    bytes.extend_from_slice(&lists);
    let spans = spans
        .into_iter()
        .map(|s| s.start + shift..s.end + shift)
        .collect();
    super::SearchIndex::new(std::sync::Arc::new(bytes), dict, spans).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn leb128_round_trips(n in any::<u32>()) {
            let mut bytes = Vec::new();
            leb128(&mut bytes, n);
            prop_assert_eq!(read_leb128(&bytes), Some((n, &[][..])));
        }

        /// Dropping the words no list uses keeps every list's words.
        #[test]
        fn renumbering_keeps_each_lists_words(
            lists in proptest::collection::vec(proptest::collection::btree_set(0u32..300, 0..20), 0..8),
        ) {
            let packed: Vec<Vec<u8>> = lists.iter().map(|l| {
                let mut out = Vec::new();
                let mut last = 0;
                for &n in l { leb128(&mut out, n - last); last = n; }
                out
            }).collect();
            let refs: Vec<&[u8]> = packed.iter().map(Vec::as_slice).collect();
            let renumber = renumbering(300, &refs);
            let mut old_of = vec![0u32; 300];
            for (old, &new) in renumber.iter().enumerate() {
                if new != u32::MAX { old_of[new as usize] = old as u32; }
            }
            for (list, bytes) in lists.iter().zip(&packed) {
                let mut out = Vec::new();
                repack(bytes, &renumber, &mut out);
                let back: Vec<u32> = numbers(&out).map(|n| old_of[n as usize]).collect();
                prop_assert_eq!(back, list.iter().copied().collect::<Vec<_>>());
            }
        }
    }
}
