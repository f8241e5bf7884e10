//! Reading the sessions agreement is over: by id or by the one `Filter`, each file read once,
//! on all cores, in batches so an archive of any size streams through.

use crate::assess::{assess_with, Detail};
use crate::guide::Guide;
use crate::index::Filter;
use crate::session::{Store, StoreError};

use super::{Agreement, Tally};

/// Sessions a core reads at a time.
const BATCH: usize = 64;

/// The agreement over the sessions `filter` keeps, and the files that could not be read.
pub fn select(
    store: &Store,
    guide: &Guide,
    filter: &Filter,
) -> Result<(Agreement, Vec<StoreError>), StoreError> {
    let mut ids = Vec::new();
    let mut problems = store.select_each(guide, filter, &mut |s| ids.push(s.id))?;
    let (agreement, more) = over(store, guide, &ids);
    problems.extend(more);
    Ok((agreement, problems))
}

/// The agreement over sessions `ids`, with the gauge's stage from each one's assessment; and
/// the files that could not be read.
pub fn over(store: &Store, guide: &Guide, ids: &[String]) -> (Agreement, Vec<StoreError>) {
    let mut tally = Tally::new(guide);
    let mut problems = Vec::new();
    let read = |range: std::ops::Range<usize>| {
        ids[range]
            .iter()
            .map(|id| {
                let s = store.load(id)?;
                if s.placements.is_empty() {
                    return Ok(None);
                }
                let gauge = assess_with(guide, &s, Detail::Brief).stage;
                Ok(Some((s, gauge)))
            })
            .collect::<Vec<Result<_, StoreError>>>()
    };
    let done = crate::par::stream(ids.len(), BATCH, read, |read| {
        for result in read {
            match result {
                Ok(Some((s, gauge))) => tally.add(&s, gauge.as_deref()),
                Ok(None) | Err(StoreError::NotFound(_)) => {}
                Err(e) => problems.push(e),
            }
        }
        Ok::<(), std::convert::Infallible>(())
    });
    if let Ok(Err(lost)) = done {
        problems.push(StoreError::Io {
            file: "agreement".into(),
            source: std::io::Error::other(lost),
        });
    }
    (tally.finish(guide), problems)
}
