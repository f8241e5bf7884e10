//! Work split across the cores: how many cores to use, and the ways journey splits work (small
//! shares taken in turn, one share a core, or ranges streamed to one consumer in order), results
//! always in the items' order.
//! Every place that reads many sessions at once goes through here.

/// Gives back to the system, now, the memory this thread has freed. mimalloc keeps freed pages
/// for a while (10 ms, and only purges them when the thread allocates again), and a thread that
/// ends leaves its freed pages to the others: a job that made and freed tens of megabytes on a
/// thread of its own (the insights, a search's index, the browser's check, at 100,000 sessions)
/// left them resident beside the next one. Called where such a job ends; a few milliseconds.
pub fn give_back() {
    // SAFETY: `mi_collect` takes a plain bool and touches only mimalloc's own state, which it
    // guards itself; it is sound from any thread at any time (with or without mimalloc as the
    // global allocator: then it collects an empty heap).
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

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
    slots_on(cores(), items, work)
}

/// How many files are written at once by [`map_waiting`].
const WAITING: usize = 16;

/// As [`map_slots`], for work that mostly waits on the disk rather than the cores (files
/// written and flushed to the disk, each `fsync` a wait): more threads than cores, so the
/// waits overlap.
pub fn map_waiting<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    slots_on(WAITING.min(items.len()).max(1), items, work)
}

fn slots_on<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let mut out: Vec<Option<R>> = Vec::with_capacity(items.len());
    out.resize_with(items.len(), || None);
    // Small shares taken in turn, so that a core held up (by another process, or by bigger
    // files) does not leave the other waiting at the end.
    let per = items.len().div_ceil(threads * 16).clamp(1, 256);
    let shares = std::sync::Mutex::new(items.chunks(per).zip(out.chunks_mut(per)));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
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

/// Runs `work` on `0..count` cut into ranges of `chunk`, on all cores, and hands each result to
/// `take` on this thread, in order. Cores claim ranges in turn and run at most a few ranges ahead
/// of `take`, so only those results wait in memory whatever `count` is: the way to stream many
/// sessions through (an export, a report). Stops at the first error `take` returns, and ends
/// with `Err(Lost)` inside `Ok` when a range's work panicked (its results are missing).
pub fn stream<R: Send, E>(
    count: usize,
    chunk: usize,
    work: impl Fn(std::ops::Range<usize>) -> R + Sync,
    mut take: impl FnMut(R) -> Result<(), E>,
) -> Result<Result<(), Lost>, E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let chunk = chunk.max(1);
    let chunks = count.div_ceil(chunk);
    let threads = cores().min(chunks.max(1));
    let ahead = threads * 2;
    let (next, taken, stopped) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicBool::new(false),
    );
    std::thread::scope(|scope| {
        // `None` for a range whose work panicked: the others must not wait for it.
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Option<R>)>(ahead);
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (tx, work, next, taken, stopped) = (tx.clone(), &work, &next, &taken, &stopped);
                scope.spawn(move || loop {
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    if at >= chunks {
                        return;
                    }
                    // Never further ahead of `take` than `ahead` ranges.
                    while at > taken.load(Ordering::Acquire) + ahead {
                        if stopped.load(Ordering::Acquire) {
                            return;
                        }
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    let range = at * chunk..((at + 1) * chunk).min(count);
                    let done =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(range)));
                    if tx.send((at, done.ok())).is_err() {
                        return;
                    }
                })
            })
            .collect();
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0;
        let mut result = Ok(Ok(()));
        'arriving: for (at, r) in &rx {
            waiting.insert(at, r);
            while let Some(r) = waiting.remove(&due) {
                let Some(r) = r else {
                    result = Ok(Err(Lost));
                    break 'arriving;
                };
                if let Err(e) = take(r) {
                    result = Err(e);
                    break 'arriving;
                }
                due += 1;
                taken.store(due, Ordering::Release);
            }
        }
        // However it ended, no worker waits for a turn that never comes.
        stopped.store(true, Ordering::Release);
        drop(rx);
        let panicked = workers.into_iter().any(|w| w.join().is_err());
        result.map(|done| {
            if panicked || due < chunks {
                Err(Lost)
            } else {
                done
            }
        })
    })
}

/// Some of the work panicked: its results are missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lost;

impl std::fmt::Display for Lost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a part of the work failed unexpectedly; nothing was left out silently")
    }
}

impl std::error::Error for Lost {}

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

    #[test]
    fn work_that_waits_on_the_disk_keeps_every_result_in_order_and_marks_a_panic() {
        let items: Vec<usize> = (0..100).collect();
        let out = map_waiting(&items, |i| {
            assert!(*i != 42, "panicked");
            i * 2
        });
        assert_eq!(out.len(), 100);
        assert_eq!(out[41], Some(82));
        assert_eq!(out[42], None);
        assert_eq!(out[99], Some(198));
        assert!(map_waiting(&[] as &[u8], |b| *b).is_empty());
    }

    #[test]
    fn a_stream_stops_at_the_first_error_and_says_when_work_was_lost() {
        let mut taken = 0;
        let stopped = stream(
            1000,
            10,
            |r| r.start,
            |start| {
                taken += 1;
                if start == 50 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(stopped, Err("stop"));
        assert_eq!(taken, 6);
        let lost = stream(
            100,
            10,
            |r| assert!(r.start != 30, "work lost"),
            |()| Ok::<(), ()>(()),
        );
        assert_eq!(lost, Ok(Err(Lost)));
    }

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
        fn streamed_ranges_come_back_in_order(n in 0usize..3000, chunk in 1usize..100) {
            let mut seen = Vec::new();
            let done = stream(n, chunk, |r| r.collect::<Vec<_>>(), |part| {
                seen.extend(part);
                Ok::<(), ()>(())
            });
            prop_assert_eq!(done, Ok(Ok(())));
            prop_assert_eq!(seen, (0..n).collect::<Vec<_>>());
        }

        #[test]
        fn shares_come_back_in_order(n in 0usize..500) {
            let items: Vec<usize> = (0..n).collect();
            let parts = map_parts(&items, |part: &[usize]| part.to_vec());
            prop_assert_eq!(parts.concat(), items);
        }
    }
}
