//! Numbering words and packing each session's word numbers: ascending, as LEB128 differences.
//! A dictionary read from disk keeps its numbers and new words follow; before a write the words
//! no session uses any more are dropped and the rest renumbered in the same order, so the lists
//! stay ascending.

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

fn hash(word: &[u8]) -> u64 {
    let mut h = Quick::default();
    std::hash::Hasher::write(&mut h, word);
    std::hash::Hasher::finish(&h)
}

/// The words of the sessions, numbered in the order they were first met: each kept once, in
/// the dictionary's own bytes (each word followed by a newline), found by a table of numbers
/// hashed by their words.
pub(super) struct Numbering {
    /// The dictionary: each word followed by a newline.
    pub(super) dict: Vec<u8>,
    /// Where each word starts in `dict`.
    starts: Vec<u32>,
    /// Open addressing, linear probing: a word's number and one, 0 for a free slot. Never more
    /// than half full.
    slots: Vec<u32>,
}

impl Numbering {
    /// Numbering that goes on from a dictionary (each word followed by a newline).
    pub(super) fn from_dictionary(dict: Vec<u8>) -> Numbering {
        let count = dict.iter().filter(|b| **b == b'\n').count();
        let mut numbering = Numbering {
            dict,
            starts: Vec::with_capacity(count),
            slots: vec![0; (count * 2).next_power_of_two().max(1024)],
        };
        let mut start = 0;
        // Each word keeps its place (its number), even one that came twice.
        while let Some(len) = numbering.dict[start..].iter().position(|b| *b == b'\n') {
            let n = numbering.starts.len() as u32;
            numbering.starts.push(start as u32);
            let (found, slot) = numbering.slot(start..start + len);
            if found.is_none() {
                numbering.slots[slot] = n + 1;
            }
            start += len + 1;
        }
        numbering
    }

    fn word(&self, n: usize) -> &[u8] {
        let start = self.starts[n] as usize;
        let end = self
            .starts
            .get(n + 1)
            .map_or(self.dict.len(), |e| *e as usize);
        &self.dict[start..end - 1]
    }

    /// The number of the word at `at` in the dictionary if it has one, and its slot (where it
    /// is, or the free slot where it goes).
    fn slot(&self, at: std::ops::Range<usize>) -> (Option<u32>, usize) {
        let word = &self.dict[at];
        let mask = self.slots.len() - 1;
        let mut slot = hash(word) as usize & mask;
        loop {
            match self.slots[slot] {
                0 => return (None, slot),
                n if self.word(n as usize - 1) == word => return (Some(n - 1), slot),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The table twice as big, every number placed again.
    fn grow(&mut self) {
        let slots = std::mem::take(&mut self.slots);
        self.slots = vec![0; slots.len() * 2];
        let mask = self.slots.len() - 1;
        for n in slots.into_iter().filter(|n| *n != 0) {
            let mut slot = hash(self.word(n as usize - 1)) as usize & mask;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = n;
        }
    }

    /// The number of `word`, numbered next if it is new.
    fn number(&mut self, word: &str) -> u32 {
        // Placed at the dictionary's end to be looked up (its start marks where the word
        // before ends); kept there only when it is new.
        let (start, n) = (self.dict.len(), self.starts.len() as u32);
        self.dict.extend_from_slice(word.as_bytes());
        self.dict.push(b'\n');
        self.starts.push(start as u32);
        let (found, slot) = self.slot(start..start + word.len());
        if let Some(found) = found {
            self.starts.pop();
            self.dict.truncate(start);
            return found;
        }
        self.slots[slot] = n + 1;
        if self.starts.len() * 2 > self.slots.len() {
            self.grow();
        }
        n
    }

    /// The dictionary, the table to find its words let go.
    pub(super) fn into_dict(self) -> Vec<u8> {
        self.dict
    }

    /// A session's distinct words as its packed list, appended to `out`.
    pub(super) fn pack(&mut self, words: &[String], out: &mut Vec<u8>) {
        let mut list: Vec<u32> = words.iter().map(|w| self.number(w)).collect();
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
pub(super) fn renumbering<'l>(count: usize, lists: impl Iterator<Item = &'l [u8]>) -> Vec<u32> {
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
    let mut numbering = Numbering::from_dictionary(Vec::new());
    let mut lists = Vec::new();
    let mut spans = Vec::new();
    for words in sessions {
        let start = lists.len() as u32;
        numbering.pack(words, &mut lists);
        spans.push(start..lists.len() as u32);
    }
    let lists = super::Lists::new(std::sync::Arc::new(lists), Vec::new());
    super::SearchIndex::new(numbering.dict, lists, spans, None).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Words keep the number they were first given, from a dictionary (even one with a word
        /// twice) and as new ones come, past the table's growth.
        #[test]
        fn numbering_gives_each_word_its_first_number(
            dict in proptest::collection::vec("[a-e]{1,3}", 0..40),
            words in proptest::collection::vec("[a-e]{1,6}", 0..1500),
        ) {
            let mut expected: std::collections::HashMap<String, u32> = Default::default();
            let mut bytes = Vec::new();
            for (n, word) in dict.iter().enumerate() {
                expected.entry(word.clone()).or_insert(n as u32);
                bytes.extend_from_slice(word.as_bytes());
                bytes.push(b'\n');
            }
            let mut numbering = Numbering::from_dictionary(bytes.clone());
            let mut count = dict.len() as u32;
            for word in &words {
                let n = *expected.entry(word.clone()).or_insert_with(|| {
                    count += 1;
                    count - 1
                });
                prop_assert_eq!(numbering.number(word), n);
            }
            prop_assert_eq!(numbering.starts.len() as u32, count);
            prop_assert!(numbering.dict.starts_with(&bytes));
        }

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
            let renumber = renumbering(300, refs.iter().copied());
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
