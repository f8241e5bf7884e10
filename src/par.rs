//! Work split across the cores: how many cores to use, and the two ways journey splits work
//! (small shares taken in turn, or one share a core), results always in the items' order.
//! Every place that reads many sessions at once goes through here.

/// The cores to split work across: those the machine offers, at most 8 (beyond that, reading
/// session files waits on the disk, not on the cores).
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// Runs `work` on each item, split across the cores, results in order. Each core writes its
/// results in place in the one vector returned: fresh memory costs a page fault a page, and
/// joining the cores' vectors would touch it all twice. An item whose work panicked is left out.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    somes(map_slots(items, work))
}

/// As [`map`], one slot an item: `None` where the work panicked.
pub fn map_slots<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let mut out: Vec<Option<R>> = Vec::with_capacity(items.len());
    out.resize_with(items.len(), || None);
    // Small shares taken in turn, so that a core held up (by another process, or by bigger
    // files) does not leave the other waiting at the end.
    let per = items.len().div_ceil(cores() * 16).clamp(1, 256);
    let shares = std::sync::Mutex::new(items.chunks(per).zip(out.chunks_mut(per)));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores())
            .map(|_| {
                let (work, shares) = (&work, &shares);
                scope.spawn(move || loop {
                    let share = shares
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .next();
                    let Some((items, out)) = share else { break };
                    for (item, slot) in items.iter().zip(out) {
                        *slot = Some(work(item));
                    }
                })
            })
            .collect();
        for worker in workers {
            // A worker that panicked leaves its slots empty, as a part left out before.
            let _ = worker.join();
        }
    });
    out
}

/// Runs `work` on each core's share of `items` (one share a core), results in order; a share
/// whose work panicked gives `R::default()`.
pub fn map_parts<T: Sync, R: Send + Default>(
    items: &[T],
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let per = items.len().div_ceil(cores()).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(per)
            .map(|chunk| {
                let work = &work;
                scope.spawn(move || work(chunk))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    })
}

/// The values there are, in the same memory when `Option<T>` is the size of `T` (as it is for
/// a summary): `filter_map` is collected in place, `flatten` is not.
#[allow(clippy::filter_map_identity)]
pub fn somes<T>(items: Vec<Option<T>>) -> Vec<T> {
    items.into_iter().filter_map(|item| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_values_are_kept_in_place(values in proptest::collection::vec(proptest::option::of(".{0,8}"), 1..100)) {
            let place = values.as_ptr() as usize;
            let expected: Vec<String> = values.iter().flatten().cloned().collect();
            let kept = somes(values);
            prop_assert_eq!(kept.as_ptr() as usize, place);
            prop_assert_eq!(kept, expected);
        }

        #[test]
        fn work_on_all_cores_comes_back_in_order(n in 0usize..5000) {
            let items: Vec<usize> = (0..n).collect();
            prop_assert_eq!(map(&items, |i| i * 3), items.iter().map(|i| i * 3).collect::<Vec<_>>());
        }

        #[test]
        fn shares_come_back_in_order(n in 0usize..500) {
            let items: Vec<usize> = (0..n).collect();
            let parts = map_parts(&items, |part: &[usize]| part.to_vec());
            prop_assert_eq!(parts.concat(), items);
        }
    }
}
