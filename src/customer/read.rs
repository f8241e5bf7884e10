//! A customer's interviews read from their files across the cores, for its history: what the
//! customer page reads after its first frame and `journey customer show` before it prints.

use super::{history, Customer, History};
use crate::guide::Guide;
use crate::session::{Store, StoreError};

/// The history of customer `c` from its interviews' files, read and assessed across the cores.
/// `Ok(None)` when `wanted` answers false before the reading ends (nobody waits for it any
/// more: the files left are not read); an error names the first file that cannot be read.
pub fn read_history(
    store: &Store,
    guide: &Guide,
    c: &Customer,
    wanted: &(dyn Fn() -> bool + Sync),
) -> Result<Option<History>, StoreError> {
    let ids: Vec<&str> = c.interviews.iter().map(|i| i.session.as_str()).collect();
    let read = crate::par::map_slots(&ids, |id| wanted().then(|| store.load(id)));
    let mut sessions = Vec::with_capacity(ids.len());
    for (slot, id) in read.into_iter().zip(&ids) {
        match slot {
            // A read that panicked is tried again here.
            None if wanted() => sessions.push(store.load(id)?),
            Some(Some(read)) => sessions.push(read?),
            _ => return Ok(None),
        }
    }
    if !wanted() {
        return Ok(None);
    }
    Ok(Some(history(guide, &c.id, &c.name, &sessions)))
}

/// Why the history of an interview's customer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("interview {0} is not in the archive any more")]
    Gone(String),
}

/// The history of the customer of interview `session`: from `listed`, its listing from summaries
/// checked against the files, when each of its files still reads; else (or with no listing)
/// from the summary index checked against the files now. `Ok(None)` as in [`read_history`].
pub fn history_of(
    store: &Store,
    guide: &Guide,
    (session, listed): (&str, Option<&Customer>),
    wanted: &(dyn Fn() -> bool + Sync),
) -> Result<Option<History>, ReadError> {
    if let Some(Ok(read)) = listed.map(|c| read_history(store, guide, c, wanted)) {
        return Ok(read);
    }
    if !wanted() {
        return Ok(None);
    }
    let listing = store.summaries(guide)?;
    let c = super::of(&listing.sessions, session).ok_or_else(|| ReadError::Gone(session.into()))?;
    Ok(read_history(store, guide, &c, wanted)?)
}
