//! The word index file's checksum (four lanes of multiply and rotate: for damage, not for
//! attacks), taken as the file is written or read, a part at a time.

use std::io::{self, Write};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// A checksum taken over bytes given in any number of parts: the same as over them all at once.
pub(super) struct Checksum {
    lanes: [u64; 4],
    /// The bytes of a block of 32 not yet taken.
    pending: [u8; 32],
    held: usize,
    len: u64,
}

impl Default for Checksum {
    fn default() -> Self {
        Checksum {
            lanes: [1, 2, 3, 4],
            pending: [0; 32],
            held: 0,
            len: 0,
        }
    }
}

impl Checksum {
    fn block(&mut self, block: &[u8]) {
        for (lane, word) in self.lanes.iter_mut().zip(block.chunks_exact(8)) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
        }
    }

    /// Takes the next bytes.
    pub(super) fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.held > 0 {
            let take = bytes.len().min(32 - self.held);
            self.pending[self.held..self.held + take].copy_from_slice(&bytes[..take]);
            self.held += take;
            bytes = &bytes[take..];
            if self.held < 32 {
                return;
            }
            let block = self.pending;
            self.block(&block);
            self.held = 0;
        }
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            self.block(block);
        }
        let rest = blocks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.held = rest.len();
    }

    /// The checksum of all the bytes taken.
    pub(super) fn finish(&self) -> u64 {
        let mut h = self.len.wrapping_mul(K);
        for (i, b) in self.pending[..self.held].iter().enumerate() {
            h ^= u64::from(*b) << ((i % 8) * 8);
            if i % 8 == 7 {
                h = h.wrapping_mul(K).rotate_left(29);
            }
        }
        for lane in self.lanes {
            h = (h ^ lane).wrapping_mul(K).rotate_left(29);
        }
        h
    }
}

/// The checksum of `bytes`.
#[cfg(test)]
pub(super) fn checksum(bytes: &[u8]) -> u64 {
    let mut sum = Checksum::default();
    sum.update(bytes);
    sum.finish()
}

/// A writer that takes the checksum of what goes through it and counts it.
pub(super) struct Summing<W> {
    pub(super) out: W,
    pub(super) sum: Checksum,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.sum.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The checksum as it was taken of the whole file at once (format 1).
    fn whole(bytes: &[u8]) -> u64 {
        let mut lanes = [1u64, 2, 3, 4];
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
                let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
                *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
            }
        }
        let mut h = (bytes.len() as u64).wrapping_mul(K);
        for (i, b) in blocks.remainder().iter().enumerate() {
            h ^= u64::from(*b) << ((i % 8) * 8);
            if i % 8 == 7 {
                h = h.wrapping_mul(K).rotate_left(29);
            }
        }
        for lane in lanes {
            h = (h ^ lane).wrapping_mul(K).rotate_left(29);
        }
        h
    }

    proptest! {
        /// Taken in parts of any sizes, the checksum is the one of the whole.
        #[test]
        fn parts_sum_as_the_whole(
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
            cuts in proptest::collection::vec(0usize..300, 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut sum = Checksum::default();
            let mut at = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                sum.update(&bytes[at..cut]);
                at = cut;
            }
            prop_assert_eq!(sum.finish(), whole(&bytes));
            prop_assert_eq!(checksum(&bytes), whole(&bytes));
        }
    }
}
