//! Checking the index against the session files: the lines that still hold are kept, the
//! files that changed are read again.

use std::fs;

use serde::de::IgnoredAny;

use super::line::{from_line, nanos, to_line, to_parts, Line, Parts, Stamp, NO_STAMP};
use super::{Header, Summary, INDEX_FORMAT};
use crate::guide::Guide;
use crate::par;
use crate::session::Timestamp;
use crate::session::{Store, StoreError};

/// Where a line of the checked index is, with what ordering and counting need of it: 32 bytes,
/// so that 100,000 sessions cost 3 MB beside their lines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// Nanoseconds since 1970 (UTC), for ordering only.
    pub(super) started: i64,
    pub(super) updated: i64,
    pub(super) start: u32,
    pub(super) len: u32,
    pub(super) in_progress: bool,
    pub(super) conflicts: bool,
    /// In the lines read again rather than in the old index.
    pub(super) fresh: bool,
}

/// The parts of an index line needed to check it and order it; the rest is skipped unread.
/// The id is borrowed from the line (an id with escapes does not read, and its file is read).
type Key<'a> = (
    (u64, i64, u64),
    (
        &'a str,
        IgnoredAny,
        IgnoredAny,
        IgnoredAny,
        IgnoredAny,
        IgnoredAny,
    ),
    (Parts, Parts, Option<Parts>),
    (IgnoredAny, IgnoredAny, usize),
    IgnoredAny,
    IgnoredAny,
);

/// The stamp and the entry of an index line at `range`, and where its id is in `bytes`.
fn key_entry(
    bytes: &[u8],
    range: std::ops::Range<usize>,
) -> Option<(std::ops::Range<usize>, Stamp, Entry)> {
    let line = &bytes[range.clone()];
    let key: Key = serde_json::from_slice(line).ok()?;
    let ((size, modified_ns, inode), (id, ..), (started, updated, finished), (_, _, conflicts), ..) =
        key;
    // The id's place in the bytes, from its place in the line it was borrowed from.
    let at = (id.as_ptr() as usize).checked_sub(line.as_ptr() as usize)? + range.start;
    Some((
        at..at + id.len(),
        Stamp {
            size,
            modified_ns,
            inode,
        },
        Entry {
            started: nanos(started),
            updated: nanos(updated),
            start: u32::try_from(range.start).ok()?,
            len: u32::try_from(range.len()).ok()?,
            in_progress: finished.is_none(),
            conflicts: conflicts > 0,
            fresh: false,
        },
    ))
}

/// The byte ranges of the lines of `bytes`, empty lines left out.
pub(super) fn line_ranges(bytes: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    bytes
        .split(|b| *b == b'\n')
        .map(move |line| {
            let range = start..start + line.len();
            start = range.end + 1;
            range
        })
        .filter(|r| !r.is_empty())
}

/// Reads exactly `buf.len()` bytes at `offset`, without moving the file's cursor (so from many
/// threads at once).
fn read_at(file: &fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek};
        let mut file = file.try_clone()?;
        file.seek(std::io::SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }
}

/// The keys of the index's lines: their id's hash, stamp and entry, sorted by hash. A hash
/// rather than the id keeps 100,000 keys in 6 MB with no string each; a line is taken for a
/// listed file only when the hashes and the stamps (size, modification time in nanoseconds,
/// inode) are all equal, so two ids with one hash cannot lend each other a line: at worst a
/// file is read again.
type Known = Vec<(u64, Stamp, Entry)>;

/// An id's hash for [`Known`]: the same in every process.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// What [`read_blocks`] calls with each block: its bytes, its lines' ranges in it, its offset in
/// the file and the number of sessions the header counts.
pub(super) type EachBlock<'a> = dyn FnMut(&[u8], &[std::ops::Range<usize>], usize, usize) + 'a;

/// Reads the index at `path` a block of whole lines at a time, never whole: `each` is given
/// each block, its lines' ranges in it, the block's offset in the file and the number of
/// sessions the header says the index has (to make room once). The open file, for
/// reading lines again; nothing when the index is missing, broken, or from another guide or
/// format.
pub(super) fn read_blocks(
    path: &std::path::Path,
    fingerprint: u64,
    each: &mut EachBlock<'_>,
) -> Option<fs::File> {
    use std::io::{BufRead, Read};
    const BLOCK: u64 = 4 << 20;
    let file = crate::files::open_regular(path).ok()?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, &file);
    let mut header = Vec::new();
    reader.read_until(b'\n', &mut header).ok()?;
    let head: Header = serde_json::from_slice(&header).ok()?;
    if head.format != INDEX_FORMAT || head.guide != fingerprint {
        return None;
    }
    let mut offset = header.len();
    let mut block = Vec::with_capacity(BLOCK as usize + 4096);
    loop {
        block.clear();
        (&mut reader).take(BLOCK).read_to_end(&mut block).ok()?;
        if block.is_empty() {
            break;
        }
        // The block ends at the end of a line.
        reader.read_until(b'\n', &mut block).ok()?;
        let lines: Vec<std::ops::Range<usize>> = line_ranges(&block).collect();
        each(&block, &lines, offset, head.sessions);
        offset += block.len();
    }
    drop(reader);
    Some(file)
}

fn read_keys(path: &std::path::Path, fingerprint: u64) -> Option<(fs::File, Known, usize)> {
    let (mut known, mut count): (Known, usize) = (Vec::new(), 0);
    let file = read_blocks(path, fingerprint, &mut |block, lines, offset, all| {
        if known.is_empty() {
            known.reserve_exact(all.min(1 << 24));
        }
        count += lines.len();
        for part in par::map_parts(lines, |chunk| {
            chunk
                .iter()
                .filter_map(|range| {
                    let (id, stamp, mut entry) = key_entry(block, range.clone())?;
                    entry.start = u32::try_from(offset + range.start).ok()?;
                    let id = std::str::from_utf8(&block[id]).ok()?;
                    Some((id_hash(id), stamp, entry))
                })
                .collect::<Vec<_>>()
        }) {
            known.extend(part);
        }
    })?;
    known.sort_unstable_by_key(|k| k.0);
    Some((file, known, count))
}

/// The summary index checked against the session files, held as index lines (about 300 bytes a
/// session) rather than as summaries, most recently started first: `list --json` and the CSV
/// export stream their sessions from it, one summary at a time.
pub struct Scan {
    /// The index file as it was read: its lines that still hold are read again from it when
    /// they are needed, so that the file is never held in memory whole.
    pub(super) old: Option<fs::File>,
    pub(super) fresh: Vec<u8>,
    pub(super) entries: Vec<Entry>,
    /// Each entry's file's stamp, as the folder was listed.
    pub(super) stamps: Vec<Stamp>,
    /// Files that could not be read.
    pub problems: Vec<StoreError>,
    /// The index file read, and whether every one of its lines still held (no file changed,
    /// came or went): then the summaries it gave are the files'.
    pub(super) read: Option<Stamp>,
    pub(super) held: bool,
}

impl Scan {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// An entry's line; empty when the index file cannot be read again.
    pub(super) fn line(&self, entry: &Entry) -> std::borrow::Cow<'_, [u8]> {
        let (start, len) = (entry.start as usize, entry.len as usize);
        if entry.fresh {
            return std::borrow::Cow::Borrowed(
                self.fresh.get(start..start + len).unwrap_or_default(),
            );
        }
        let mut line = vec![0; len];
        let read = self
            .old
            .as_ref()
            .is_some_and(|file| read_at(file, &mut line, start as u64).is_ok());
        if !read {
            line.clear();
        }
        std::borrow::Cow::Owned(line)
    }

    fn summary(&self, guide: &Guide, entry: &Entry) -> Option<Summary> {
        let bytes = self.line(entry);
        let line = serde_json::from_slice::<Line>(&bytes).ok()?;
        from_line(guide, line).map(|(_, s)| s)
    }

    /// Every session's summary, most recently started first, made as they are asked for (a
    /// batch at a time, on all cores).
    pub fn summaries<'a>(&'a self, guide: &'a Guide) -> impl Iterator<Item = Summary> + 'a {
        self.stamped(guide).map(|(summary, _)| summary)
    }

    /// [`Scan::summaries`], each with its file's stamp as the folder was listed.
    pub(super) fn stamped<'a>(
        &'a self,
        guide: &'a Guide,
    ) -> impl Iterator<Item = (Summary, Stamp)> + 'a {
        let count = self.entries.len();
        (0..count).step_by(4096).flat_map(move |start| {
            let batch: Vec<usize> = (start..count.min(start + 4096)).collect();
            par::map(&batch, |&at| {
                let summary = self.summary(guide, &self.entries[at])?;
                Some((summary, self.stamps.get(at).copied().unwrap_or(NO_STAMP)))
            })
            .into_iter()
            .flatten()
        })
    }
}

impl Store {
    /// Every session id, and each file's stamp (`None` when it went in the meantime).
    fn listing(&self) -> Result<(Vec<String>, Vec<Option<Stamp>>), StoreError> {
        let ids = self.ids()?;
        let stamps = par::map(&ids, |id| {
            fs::metadata(self.path(id)).ok().map(|m| Stamp::of(&m))
        });
        Ok((ids, stamps))
    }

    /// The index checked against the session files: lines that still match their file are
    /// kept, the files that changed or are new are read again (on all cores), the gone are
    /// dropped, and the index is written again when anything changed.
    pub fn scan(&self, guide: &Guide) -> Result<Scan, StoreError> {
        // One check at a time in a process (a screen's check on a thread and the next screen's):
        // their memory is never added up, and the second finds the index the first wrote.
        static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let fingerprint = guide.fingerprint();
        // Reading the index and listing the folder (thousands of `stat`s) do not wait on each other.
        let index_path = self.index_path();
        let (keys, listing) = std::thread::scope(|scope| {
            let listing = scope.spawn(|| self.listing());
            (read_keys(&index_path, fingerprint), listing.join())
        });
        let (ids, stamps) = match listing {
            Ok(listing) => listing?,
            Err(_) => self.listing()?,
        };
        // The old lines' keys, by id: a line that does not read is left out (its file is read).
        let (old, known, index_count) = match keys {
            Some((file, known, count)) => (Some(file), known, count),
            None => (None, Vec::new(), 0),
        };
        let (mut entries, stale) = sort_out(&ids, &stamps, known);
        let matched = entries.len();
        let (fresh, problems) = self.read_stale(guide, &ids, &stamps, &stale, &mut entries);
        let changed = !stale.is_empty() || matched != index_count;
        let read = old
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .map(|m| Stamp::of(&m));
        // Most recently started first, in id order between equals.
        entries.sort_unstable_by_key(|(at, e)| (std::cmp::Reverse(e.started), *at));
        let scan = Scan {
            old,
            fresh,
            stamps: entries
                .iter()
                .map(|(at, _)| stamps[*at as usize].unwrap_or(NO_STAMP))
                .collect(),
            entries: entries.into_iter().map(|(_, e)| e).collect(),
            problems,
            read,
            held: !changed,
        };
        if changed {
            self.write_index(fingerprint, &scan);
        }
        Ok(scan)
    }

    /// The stale files, read and summarised on all cores, each as its index line: their lines
    /// one after another, with their entries added to `entries`, and the files that could not
    /// be read.
    fn read_stale(
        &self,
        guide: &Guide,
        ids: &[String],
        stamps: &[Option<Stamp>],
        stale: &[usize],
        entries: &mut Vec<(u32, Entry)>,
    ) -> (Vec<u8>, Vec<StoreError>) {
        let read = par::map(stale, |&at| {
            self.fresh_line(guide, &ids[at], stamps[at].as_ref())
        });
        let mut fresh = Vec::new();
        let mut problems = Vec::new();
        for (&at, result) in stale.iter().zip(read) {
            match result {
                Ok((line, mut entry)) => {
                    match u32::try_from(fresh.len()) {
                        Ok(start) => entry.start = start,
                        // Over 4 GiB of new lines: the rest are listed at the next read.
                        Err(_) => continue,
                    }
                    fresh.extend_from_slice(&line);
                    entries.push((at as u32, entry));
                }
                Err(StoreError::NotFound(_)) => {}
                Err(e) => problems.push(e),
            }
        }
        (fresh, problems)
    }

    /// A session file read again: its index line and its entry (placed at 0).
    fn fresh_line(
        &self,
        guide: &Guide,
        id: &str,
        stamp: Option<&Stamp>,
    ) -> Result<(Vec<u8>, Entry), StoreError> {
        let session = self.load(id)?;
        let mut line = Vec::with_capacity(320);
        let summary = Summary::of(guide, &session);
        serde_json::to_writer(
            &mut line,
            &to_line(guide, stamp.unwrap_or(&NO_STAMP), &summary),
        )
        .map_err(|e| StoreError::io(&self.path(id), std::io::Error::other(e)))?;
        // From the summary, not from the line: an id with escapes does not borrow.
        let time = |t: &Timestamp| nanos(to_parts(t));
        let entry = Entry {
            started: time(&summary.started),
            updated: time(&summary.updated),
            start: 0,
            len: u32::try_from(line.len()).unwrap_or(u32::MAX),
            in_progress: summary.finished.is_none(),
            conflicts: summary.conflicts > 0,
            fresh: true,
        };
        Ok((line, entry))
    }
}

/// The files whose index line still holds (their place in `ids` and their entry), and the
/// places of those to read again. A file gone since the listing is neither.
fn sort_out(
    ids: &[String],
    stamps: &[Option<Stamp>],
    known: Known,
) -> (Vec<(u32, Entry)>, Vec<usize>) {
    // Every line with the id's hash whose stamp is the file's (one, but for a collision).
    let find = |id: &str, stamp: &Stamp| {
        let hash = id_hash(id);
        let from = known.partition_point(|k| k.0 < hash);
        known[from..]
            .iter()
            .take_while(|k| k.0 == hash)
            .find(|k| k.1 == *stamp)
    };
    let mut entries: Vec<(u32, Entry)> = Vec::with_capacity(ids.len());
    let mut stale = Vec::new();
    for (at, (id, stamp)) in ids.iter().zip(stamps).enumerate() {
        let Some(stamp) = stamp else {
            continue;
        };
        match find(id, stamp) {
            Some((_, _, entry)) => entries.push((at as u32, *entry)),
            None => stale.push(at),
        }
    }
    (entries, stale)
}
