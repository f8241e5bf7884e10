//! The CSV export through the row cache (`cache`): every session file stamped first, the rows
//! whose entries hold assembled from the cache, the others read, assessed and encoded in parts;
//! the cache written again (whole, atomically) when any row was read from its file.

use std::collections::HashSet;
use std::ops::Range;

use super::cache::{key_of, put_id, stored_id, New, Old, Stamp, ROWS_FILE};
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
    /// Each session's record in `old`, when it holds for its file as it is.
    held: &'a [Option<u32>],
    read_ns: i64,
    /// Buffers of chunks written out, for the next chunks: the same memory goes round.
    spare: std::sync::Mutex<Vec<Vec<u8>>>,
}

/// A session file's stamp, taken before it was read, and when.
type Read = (Stamp, i64);

/// A chunk of sessions done: their rows, and their blobs one after another (each session's file
/// stamp and when it was read, where its blob lies in `blobs`; no stamp: not kept).
#[derive(Default)]
struct Done {
    rows: Vec<u8>,
    blobs: Vec<u8>,
    parts: Vec<(Option<Read>, Range<usize>)>,
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
    let held = crate::par::map(ids, |id| {
        let old = old.as_ref()?;
        let n = old.find(id)?;
        let now = Stamp::of(&store.path(id))?;
        old.entry(n).filter(|(_, e)| e.holds(&now)).map(|_| n)
    });
    let stale = held.iter().any(Option::is_none);
    let mut new = stale.then(|| New::create(store.data_dir())).flatten();
    let source = Source {
        store,
        guide,
        plan,
        ids,
        old: old.as_ref(),
        held: &held,
        read_ns,
        spare: std::sync::Mutex::default(),
    };
    write_header(guide, plan, &mut out)?;
    let rows = |range: Range<usize>| source.chunk(range);
    crate::par::stream(ids.len(), CHUNK, rows, |done| {
        let mut done = done?;
        out.write_all(&done.rows)?;
        if let Some(n) = new.as_mut() {
            let added = done.parts.iter().try_for_each(|(read, blob)| {
                let Some((stamp, read_ns)) = read else {
                    return Ok(());
                };
                n.add(*stamp, *read_ns, &done.blobs[blob.clone()])
            });
            if added.is_err() {
                new = None;
            }
        }
        source.give_back([&mut done.rows, &mut done.blobs]);
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
    let exported: HashSet<u64> = ids.iter().map(|id| key_of(id)).collect();
    let mut blob = Vec::new();
    for n in 0..old.len() {
        let Some((key, e)) = old.entry(n).filter(|(key, _)| !exported.contains(key)) else {
            continue;
        };
        blob.clear();
        if old.blob_into(&e, None, &mut blob).is_none() {
            continue;
        }
        // Only an id that names a file in the sessions folder, and that file as it was.
        let same = stored_id(&blob).is_some_and(|(id, _)| {
            key_of(id) == key
                && !id.is_empty()
                && !id.starts_with('.')
                && !id.contains(['/', '\\'])
                && Stamp::of(&store.path(id)).is_some_and(|now| now == e.stamp)
        });
        if same {
            new.add(e.stamp, e.read_ns, &blob)?;
        }
    }
    Ok(new)
}

impl Source<'_> {
    fn take_spare(&self) -> Vec<u8> {
        let mut spare = self
            .spare
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        spare.pop().unwrap_or_default()
    }

    fn give_back(&self, buffers: [&mut Vec<u8>; 2]) {
        let mut spare = self
            .spare
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for buffer in buffers {
            let mut buffer = std::mem::take(buffer);
            buffer.clear();
            spare.push(buffer);
        }
    }

    /// The rows of sessions `range`, each from the cache when its entry holds, else read from
    /// its file and encoded.
    fn chunk(&self, range: Range<usize>) -> Result<Done, ExportError> {
        let mut done = Done {
            rows: self.take_spare(),
            blobs: self.take_spare(),
            parts: Vec::with_capacity(range.len()),
        };
        let mut writer = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for at in range {
            let start = done.blobs.len();
            let old = self.old.zip(self.held[at]);
            let entry = old.and_then(|(old, n)| old.entry(n));
            let id = self.ids[at].as_str();
            let cached = old.zip(entry).and_then(|((old, _), (_, entry))| {
                let parts_at = start + old.blob_into(&entry, Some(id), &mut done.blobs)?;
                let row = parts::assemble(self.plan, &done.blobs[parts_at..], &mut done.rows);
                // A blob that does not add up is read again from the file.
                row.or_else(|| {
                    done.blobs.truncate(start);
                    None
                })
                .map(|()| (entry.stamp, entry.read_ns))
            });
            let kept = match cached {
                Some(kept) => Some(kept),
                None => self.encode(at, &mut writer, &mut done)?,
            };
            done.parts.push((kept, start..done.blobs.len()));
        }
        Ok(done)
    }

    /// Reads session `at` from its file, encodes its parts into `done.blobs` and its row into
    /// `done.rows`; returns the file's stamp, taken before it was read, and when.
    fn encode(
        &self,
        at: usize,
        writer: &mut ::csv::Writer<Vec<u8>>,
        done: &mut Done,
    ) -> Result<Option<Read>, ExportError> {
        let start = done.blobs.len();
        let id = &self.ids[at];
        let stamp = Stamp::of(&self.store.path(id));
        let mut session = self.store.load(id)?;
        // A stored blob begins with its session's id (an id too long for it is not kept).
        let kept = put_id(id, &mut done.blobs).is_some();
        let parts_at = done.blobs.len();
        let assessment = assess_with(self.guide, &session, Detail::Brief);
        // Hidden answers depend on the file and the guide alone, which the entry is keyed on.
        session.hide_irrelevant(self.guide);
        parts::encode(
            self.plan,
            self.guide,
            &session,
            &assessment,
            writer,
            &mut done.blobs,
        )?;
        parts::assemble(self.plan, &done.blobs[parts_at..], &mut done.rows)
            .ok_or_else(|| ExportError::Write(std::io::Error::other("a row's parts")))?;
        if !kept {
            done.blobs.truncate(start);
            return Ok(None);
        }
        Ok(stamp.map(|s| (s, self.read_ns)))
    }
}
