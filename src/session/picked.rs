//! Whether an option is among those picked, in constant time however many were picked: a
//! question's options are filtered by the picked ids in many places, and a session file can list
//! thousands of them (one pass over each list, never one over the other for each).

use std::collections::HashSet;

/// The ids picked in a choice answer, ready to be asked about.
pub enum Picked<'a> {
    /// A few: a look along the list is quicker than hashing.
    Few(&'a [String]),
    Many(HashSet<&'a str>),
}

/// Up to this many picked ids are looked up along the list.
const FEW: usize = 16;

impl<'a> Picked<'a> {
    pub fn new(selected: &'a [String]) -> Picked<'a> {
        if selected.len() <= FEW {
            Picked::Few(selected)
        } else {
            Picked::Many(selected.iter().map(String::as_str).collect())
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        match self {
            Picked::Few(ids) => ids.iter().any(|s| s == id),
            Picked::Many(ids) => ids.contains(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_and_many_answer_alike() {
        for n in [0, 3, FEW, FEW + 1, 5000] {
            let ids: Vec<String> = (0..n).map(|i| format!("o{i}")).collect();
            let picked = Picked::new(&ids);
            assert_eq!(matches!(picked, Picked::Many(_)), n > FEW);
            for i in 0..n + 2 {
                assert_eq!(picked.contains(&format!("o{i}")), i < n, "{n} {i}");
            }
        }
    }
}
