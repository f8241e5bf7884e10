//! A set of question positions (in the guide's order), as bits: a summary's questions with notes
//! and with quotes. Guides of up to 128 questions take no memory beside the summary.

/// Question positions, each at most once, read back in increasing order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Positions {
    /// Positions 0 to 127, one bit each.
    low: [u64; 2],
    /// Positions from 128 on, in increasing order: only for guides that long.
    high: Option<Box<[u16]>>,
}

impl Positions {
    /// The positions in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        let low = (0..128u16).filter(|&p| self.low[usize::from(p / 64)] & (1 << (p % 64)) != 0);
        low.chain(self.high.iter().flat_map(|h| h.iter().copied()))
    }

    pub fn contains(&self, position: u16) -> bool {
        match position {
            0..128 => self.low[usize::from(position / 64)] & (1 << (position % 64)) != 0,
            _ => self
                .high
                .as_ref()
                .is_some_and(|h| h.binary_search(&position).is_ok()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.low == [0, 0] && self.high.is_none()
    }
}

impl FromIterator<u16> for Positions {
    fn from_iter<I: IntoIterator<Item = u16>>(positions: I) -> Positions {
        let mut set = Positions::default();
        let mut high = Vec::new();
        for p in positions {
            match p {
                0..128 => set.low[usize::from(p / 64)] |= 1 << (p % 64),
                _ => high.push(p),
            }
        }
        if !high.is_empty() {
            high.sort_unstable();
            high.dedup();
            set.high = Some(high.into_boxed_slice());
        }
        set
    }
}

impl serde::Serialize for Positions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_set_gives_back_its_positions_sorted_once(positions in proptest::collection::vec(0u16..400, 0..60)) {
            let set: Positions = positions.iter().copied().collect();
            let mut expected = positions.clone();
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), expected.clone());
            prop_assert_eq!(set.is_empty(), expected.is_empty());
            for p in 0..400 {
                prop_assert_eq!(set.contains(p), expected.contains(&p));
            }
        }
    }
}
