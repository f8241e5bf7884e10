//! The three-way merge of a question's notes, linear or bounded whatever their size: lines both
//! sides only added at the end are joined; otherwise each side is diffed line by line against
//! the base (Myers' diff, whose cost grows with the square of the changes, given a deadline
//! after which it settles for a coarser diff) and the two diffs are merged in one pass: a
//! change on one side is taken, the same change on both is taken once, and different changes
//! to the same or adjacent lines make the caller keep both versions whole, marked.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::algorithms::{myers, Capture};
use similar::DiffTag;

/// The time each side's diff may take before it settles for a coarser one.
pub const DIFF_DEADLINE: Duration = Duration::from_millis(500);

/// Merges notes `x` and `y`, both changed from `b` (and from each other). `None` when both
/// changed the same lines: the caller keeps both whole.
pub fn merge_notes(b: &str, x: &str, y: &str) -> Option<String> {
    if let Some(both) = appended(b, x, y) {
        return Some(both);
    }
    let (bl, xl, yl) = (lines(b), lines(x), lines(y));
    let (hx, hy) = (hunks(&bl, &xl)?, hunks(&bl, &yl)?);
    let mut out = String::with_capacity(x.len().max(y.len()));
    let (mut i, mut j, mut copied) = (0, 0, 0);
    while i < hx.len() || j < hy.len() {
        // One region: the next change, and every change on either side overlapping or touching it.
        let start = match (hx.get(i), hy.get(j)) {
            (Some(p), Some(q)) => p.base.start.min(q.base.start),
            (Some(p), None) => p.base.start,
            (None, Some(q)) => q.base.start,
            (None, None) => break,
        };
        let (mut end, i0, j0) = (start, i, j);
        loop {
            if let Some(h) = hx.get(i).filter(|h| h.base.start <= end) {
                end = end.max(h.base.end);
                i += 1;
            } else if let Some(h) = hy.get(j).filter(|h| h.base.start <= end) {
                end = end.max(h.base.end);
                j += 1;
            } else {
                break;
            }
        }
        out.extend(bl[copied..start].iter().copied());
        copied = end;
        let side = |l: &[&str], h: &[Hunk]| -> Option<String> {
            let lines = match (h.first(), h.last()) {
                (Some(first), Some(last)) => {
                    let from = first.side.start.checked_sub(first.base.start - start)?;
                    l.get(from..last.side.end + (end - last.base.end))?
                }
                _ => bl.get(start..end)?,
            };
            Some(lines.concat())
        };
        let (sx, sy) = (side(&xl, &hx[i0..i])?, side(&yl, &hy[j0..j])?);
        match (i > i0, j > j0) {
            (true, true) if sx != sy => return None,
            (true, _) => out.push_str(&sx),
            _ => out.push_str(&sy),
        }
    }
    out.extend(bl[copied..].iter().copied());
    Some(out)
}

/// The usual case: both went on typing after the notes they shared: the shared notes, then
/// each addition (one, when one holds the other). Two notes written from nothing are two
/// versions, kept whole by the caller: None.
fn appended(b: &str, x: &str, y: &str) -> Option<String> {
    let (false, Some(tx), Some(ty)) = (b.is_empty(), x.strip_prefix(b), y.strip_prefix(b)) else {
        return None;
    };
    if ty.starts_with(tx) {
        return Some(y.to_string());
    }
    if tx.starts_with(ty) {
        return Some(x.to_string());
    }
    let sep = if tx.ends_with('\n') || ty.starts_with('\n') {
        ""
    } else {
        "\n"
    };
    Some(format!("{b}{tx}{sep}{ty}"))
}

/// A run of lines changed on one side: the base's lines and the side's lines in their place.
struct Hunk {
    base: Range<usize>,
    side: Range<usize>,
}

/// The changes from `base` to `side`, in order: what lies between the runs of lines the diff
/// found equal (its deletions and insertions are not always reported in order). `None` if those
/// runs are not in order or not equal (never expected: the merge then keeps both whole).
fn hunks(base: &[&str], side: &[&str]) -> Option<Vec<Hunk>> {
    let deadline = Instant::now() + DIFF_DEADLINE;
    let mut capture = Capture::new();
    myers::diff_deadline(
        &mut capture,
        base,
        0..base.len(),
        side,
        0..side.len(),
        Some(deadline),
    )
    .unwrap_or_else(|never| match never {});
    let mut out: Vec<Hunk> = Vec::new();
    let (mut at_base, mut at_side) = (0, 0);
    let equal = capture
        .into_ops()
        .into_iter()
        .map(|op| op.as_tag_tuple())
        .filter(|(tag, ..)| *tag == DiffTag::Equal)
        .map(|(_, old, new)| (old, new))
        .chain([(base.len()..base.len(), side.len()..side.len())]);
    for (old, new) in equal {
        if old.start < at_base
            || new.start < at_side
            || base.get(old.clone())? != side.get(new.clone())?
        {
            return None;
        }
        if old.start > at_base || new.start > at_side {
            out.push(Hunk {
                base: at_base..old.start,
                side: at_side..new.start,
            });
        }
        (at_base, at_side) = (old.end, new.end);
    }
    Some(out)
}

/// Lines with their line breaks, so that joined they give the text back.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Notes of a few lines from a small alphabet, so that sides share and move lines.
    fn notes() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec("[a-d]{1,2}", 0..12)
    }

    /// A side: the base with some lines replaced, dropped or added.
    fn edit(base: &[String], edits: &[(usize, u8, String)]) -> String {
        let mut lines = base.to_vec();
        for (at, what, word) in edits {
            let at = if lines.is_empty() {
                0
            } else {
                at % (lines.len() + 1)
            };
            match what {
                0 if at < lines.len() => lines[at] = word.clone(),
                1 if at < lines.len() => {
                    lines.remove(at);
                }
                _ => lines.insert(at, word.clone()),
            }
        }
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    proptest! {
        /// Merged, every line either side added is there, and a side that changed nothing
        /// gives the other; never a panic.
        #[test]
        fn a_merge_keeps_every_line_either_side_added(
            base in notes(),
            ex in proptest::collection::vec((0usize..20, 0u8..3, "[a-f]{1,2}"), 1..4),
            ey in proptest::collection::vec((0usize..20, 0u8..3, "[a-f]{1,2}"), 1..4),
        ) {
            let b: String = base.iter().map(|l| format!("{l}\n")).collect();
            let (x, y) = (edit(&base, &ex), edit(&base, &ey));
            if x == b || y == b || x == y {
                // Handled before the notes merge is called.
                return Ok(());
            }
            if let Some(m) = merge_notes(&b, &x, &y) {
                let count = |text: &str, line: &str| text.lines().filter(|l| *l == line).count();
                for side in [&x, &y] {
                    for line in side.lines() {
                        let added = count(side, line).saturating_sub(count(&b, line));
                        prop_assert!(
                            count(&m, line) >= added.min(1),
                            "{line:?} lost: {b:?} {x:?} {y:?} -> {m:?}"
                        );
                    }
                }
            }
        }
    }

    fn numbered(n: usize, tag: impl Fn(usize) -> &'static str) -> String {
        (0..n).map(|i| format!("line {i}{}\n", tag(i))).collect()
    }

    #[test]
    fn both_sides_typing_on_keeps_both_additions_in_order() {
        let b = "one\ntwo";
        assert_eq!(
            merge_notes(b, "one\ntwo\nthree", "one\ntwo\nfour").as_deref(),
            Some("one\ntwo\nthree\nfour")
        );
        assert_eq!(
            merge_notes("one\n", "one\nthree\n", "one\nfour\n").as_deref(),
            Some("one\nthree\nfour\n")
        );
        // One side typed on further than the other: the longer.
        assert_eq!(
            merge_notes(b, "one\ntwo\nthree", "one\ntwo\nthree\nfour").as_deref(),
            Some("one\ntwo\nthree\nfour")
        );
        // Two notes written from nothing are two versions.
        assert_eq!(merge_notes("", "she smiled", "he frowned"), None);
    }

    #[test]
    fn changes_on_different_lines_merge_and_the_same_lines_do_not() {
        let b = "a\nb\nc\nd\ne\n";
        assert_eq!(
            merge_notes(b, "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n").as_deref(),
            Some("A\nb\nc\nd\nE\n")
        );
        assert_eq!(merge_notes(b, "a\nX\nc\nd\ne\n", "a\nY\nc\nd\ne\n"), None);
    }

    #[test]
    fn the_result_is_what_a_whole_diff_gives_on_small_notes() {
        let b = numbered(40, |_| "");
        let x = numbered(40, |i| if i == 3 { " (ana)" } else { "" });
        let y = numbered(40, |i| if i == 30 { " (ben)" } else { "" });
        let whole = diffy::merge(&b, &x, &y).expect("merges");
        assert_eq!(merge_notes(&b, &x, &y), Some(whole));
    }

    /// 256,000 lines changed on both sides: a whole diff would take minutes (16 s at 64,000);
    /// bounded, the merge gives up on the diff and the caller keeps both.
    #[test]
    fn a_huge_change_on_both_sides_is_bounded() {
        let n = 256_000;
        let b = numbered(n, |_| "");
        let x = numbered(n, |i| if i % 2 == 0 { " ana" } else { "" });
        let y = numbered(n, |i| if i % 2 == 1 { " ben" } else { "" });
        assert_eq!(merge_notes(&b, &x, &y), None);
        // Both typing on at the end of as many lines is joined, whole.
        let (x, y) = (format!("{b}ana\n"), format!("{b}ben\n"));
        let merged = merge_notes(&b, &x, &y).expect("joined");
        assert!(merged.ends_with("line 255999\nana\nben\n"));
        // A few lines changed in the middle of as many is merged line by line.
        let x = b.replacen("line 1000\n", "line 1000 ana\n", 1);
        let y = b.replacen("line 200000\n", "line 200000 ben\n", 1);
        let merged = merge_notes(&b, &x, &y).expect("merged");
        assert!(merged.contains("line 1000 ana\n") && merged.contains("line 200000 ben\n"));
        assert_eq!(merged.len(), b.len() + 8);
        // Two blocks of 64,000 lines rewritten, one on each side: past the diff's deadline its
        // coarser diff still tells them apart.
        let half = |who: &'static str, lo: usize, hi: usize| {
            numbered(
                128_000,
                move |i| if (lo..hi).contains(&i) { who } else { "" },
            )
        };
        let b = numbered(128_000, |_| "");
        let (x, y) = (half(" ana", 0, 64_000), half(" ben", 64_001, 128_000));
        let merged = merge_notes(&b, &x, &y).expect("merged");
        assert_eq!(merged.lines().count(), 128_000);
        assert_eq!(merged.matches(" ana\n").count(), 64_000);
        assert_eq!(merged.matches(" ben\n").count(), 63_999);
    }
}
