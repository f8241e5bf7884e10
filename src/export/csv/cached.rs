//! The CSV export through the row cache (`cache`): every session file stamped first, the rows
//! whose entries hold assembled from the cache, the others read, assessed and encoded in parts;
//! the cache written again (whole, atomically) when any row was read from its file.

use std::collections::HashSet;
use std::ops::Range;

use super::cache::{Entry, New, Old, Stamp, ROWS_FILE};
use super::{parts, write_header, Plan, CHUNK};
use crate::assess::{assess_with, Detail};
use crate::export::ExportError;
use crate::guide::Guide;
use crate::session::Store;

/// What the rows of an export are made from.
struct Source<'a> {
    store: &'a Store,
    guide: &'a Guide,
    plan: &'a Plan,
    ids: &'a [String],
    old: Option<&'a Old>,
    /// Each session file's stamp (taken before it is read), and its entry when it holds.
    looked: &'a [(Option<Stamp>, Option<Entry>)],
    read_ns: i64,
}

/// A chunk of sessions done: their rows, and their blobs one after another (session, when it
/// was read, where its blob lies in `blobs`).
#[derive(Default)]
struct Done {
    rows: Vec<u8>,
    blobs: Vec<u8>,
    parts: Vec<(usize, i64, Range<usize>)>,
}

/// Streams the CSV of sessions `ids` (in this order) to `out` through the row cache in the
/// store's data folder; returns the number of rows. The rows are those [`super::stream`] writes.
/// `read_ns` is now (taken before any file is stamped: a file changed after it is never
/// trusted by what this export reads).
pub fn stream_cached(
    store: &Store,
    guide: &Guide,
    plan: &Plan,
    ids: &[String],
    read_ns: i64,
    mut out: impl std::io::Write,
) -> Result<usize, ExportError> {
    let path = store.data_dir().join(ROWS_FILE);
    let fingerprint = guide.fingerprint();
    let old = Old::open(&path, fingerprint);
    let looked = crate::par::map(ids, |id| {
        let stamp = Stamp::of(&store.path(id));
        let entry = old.as_ref().and_then(|o| o.find(id));
        let holds = entry.filter(|e| stamp.is_some_and(|s| e.holds(&s)));
        (stamp, holds)
    });
    let stale = looked.iter().any(|(_, entry)| entry.is_none());
    let mut new = stale.then(|| New::create(store.data_dir())).flatten();
    let source = Source {
        store,
        guide,
        plan,
        ids,
        old: old.as_ref(),
        looked: &looked,
        read_ns,
    };
    write_header(guide, plan, &mut out)?;
    let rows = |range: Range<usize>| source.chunk(range);
    crate::par::stream(ids.len(), CHUNK, rows, |done| {
        let done = done?;
        out.write_all(&done.rows)?;
        if let Some(n) = new.as_mut() {
            let added = done.parts.iter().try_for_each(|(at, read, blob)| {
                let stamp = looked[*at]
                    .0
                    .ok_or_else(|| std::io::Error::other("no stamp"))?;
                n.add(&ids[*at], stamp, *read, &done.blobs[blob.clone()])
            });
            if added.is_err() {
                new = None;
            }
        }
        Ok::<(), ExportError>(())
    })?
    .map_err(|lost| ExportError::Write(std::io::Error::other(lost)))?;
    out.flush()?;
    if let Some(new) = new {
        // A cache: when it cannot be written, the next export reads the files again.
        let _ = keep_others(store, old.as_ref(), ids, new)
            .and_then(|new| new.finish(fingerprint, &path));
    }
    Ok(ids.len())
}

/// Adds the entries of the old file for sessions not in this export whose files are as they
/// were (an export of a few sessions keeps the rows of the others).
fn keep_others(
    store: &Store,
    old: Option<&Old>,
    ids: &[String],
    mut new: New,
) -> std::io::Result<New> {
    let Some(old) = old else { return Ok(new) };
    let exported: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let others: Vec<(&str, Entry)> = old
        .entries()
        .filter(|(id, _)| !exported.contains(id))
        .collect();
    let same = crate::par::map(&others, |(id, e)| {
        Stamp::of(&store.path(id)).is_some_and(|now| now == e.stamp)
    });
    let mut blob = Vec::new();
    for ((id, e), same) in others.iter().zip(same) {
        blob.clear();
        if same && old.blob_into(e, &mut blob).is_some() {
            new.add(id, e.stamp, e.read_ns, &blob)?;
        }
    }
    Ok(new)
}

impl Source<'_> {
    /// The rows of sessions `range`, each from the cache when its entry holds, else read from
    /// its file and encoded.
    fn chunk(&self, range: Range<usize>) -> Result<Done, ExportError> {
        let mut done = Done::default();
        let mut writer = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for at in range {
            let start = done.blobs.len();
            let cached = self.looked[at].1.and_then(|entry| {
                self.old?.blob_into(&entry, &mut done.blobs)?;
                let row = parts::assemble(self.plan, &done.blobs[start..], &mut done.rows);
                // A blob that does not add up is read again from the file.
                row.or_else(|| {
                    done.blobs.truncate(start);
                    None
                })
                .map(|()| entry.read_ns)
            });
            let read_ns = match cached {
                Some(read_ns) => read_ns,
                None => {
                    self.encode(at, &mut writer, &mut done)?;
                    self.read_ns
                }
            };
            done.parts.push((at, read_ns, start..done.blobs.len()));
        }
        Ok(done)
    }

    /// Reads session `at` from its file, encodes its parts into `done.blobs` and its row into
    /// `done.rows`.
    fn encode(
        &self,
        at: usize,
        writer: &mut ::csv::Writer<Vec<u8>>,
        done: &mut Done,
    ) -> Result<(), ExportError> {
        let start = done.blobs.len();
        let session = self.store.load(&self.ids[at])?;
        let assessment = assess_with(self.guide, &session, Detail::Brief);
        parts::encode(
            self.plan,
            self.guide,
            &session,
            &assessment,
            writer,
            &mut done.blobs,
        )?;
        parts::assemble(self.plan, &done.blobs[start..], &mut done.rows)
            .ok_or_else(|| ExportError::Write(std::io::Error::other("a row's parts")))
    }
}
