//! Checking the index against the session files: the lines that still hold are kept, the
//! files that changed are read again.

use std::fs;

use serde::de::IgnoredAny;

use super::known::{id_hash, list_against, read_rows, Key, Row, Stale};
use super::line::{from_line, nanos, to_line, to_parts, Line, Stamp};
use super::{Header, Summary, INDEX_FORMAT};
use crate::guide::Guide;
use crate::par;
use crate::session::Timestamp;
use crate::session::{Store, StoreError};

/// Where a line of the checked index is, with what ordering and counting need of it: 24 bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// Nanoseconds since 1970 (UTC), for ordering only.
    pub(super) started: i64,
    pub(super) updated: i64,
    pub(super) start: u32,
    /// The line's length, under [`FRESH`], with the flags above it.
    len_flags: u32,
}

const IN_PROGRESS: u32 = 1 << 31;
const CONFLICTS: u32 = 1 << 30;
/// In the lines read again rather than in the old index.
const FRESH: u32 = 1 << 29;

impl Entry {
    /// A line of `len` bytes at `start`; none past 4 GiB or for a line of 512 MiB or more
    /// (session files are at most 32 MiB).
    pub(super) fn new(started: i64, updated: i64, start: usize, len: usize) -> Option<Entry> {
        let len = u32::try_from(len).ok().filter(|&l| l < FRESH)?;
        Some(Entry {
            started,
            updated,
            start: u32::try_from(start).ok()?,
            len_flags: len,
        })
    }

    fn with(mut self, flag: u32, on: bool) -> Entry {
        if on {
            self.len_flags |= flag;
        }
        self
    }

    pub(super) fn in_progress(self, on: bool) -> Entry {
        self.with(IN_PROGRESS, on)
    }

    pub(super) fn conflicts(self, on: bool) -> Entry {
        self.with(CONFLICTS, on)
    }

    pub(super) fn is_in_progress(&self) -> bool {
        self.len_flags & IN_PROGRESS != 0
    }

    pub(super) fn has_conflicts(&self) -> bool {
        self.len_flags & CONFLICTS != 0
    }

    fn is_fresh(&self) -> bool {
        self.len_flags & FRESH != 0
    }

    fn line_len(&self) -> usize {
        (self.len_flags & (FRESH - 1)) as usize
    }
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
    const BLOCK: u64 = 1 << 20;
    let file = crate::files::open_regular(path).ok()?;
    let mut reader = std::io::BufReader::with_capacity(64 << 10, &file);
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

/// The summary index checked against the session files, held as index lines (about 300 bytes a
/// session) rather than as summaries, most recently started first: `list --json` and the CSV
/// export stream their sessions from it, one summary at a time.
pub struct Scan {
    /// The index file as it was read: its lines that still hold are read again from it when
    /// they are needed, so that the file is never held in memory whole.
    pub(super) old: Option<fs::File>,
    pub(super) fresh: Vec<u8>,
    /// Each session's line, with its file's stamp as the folder was listed.
    pub(super) rows: Vec<Row>,
    /// Files that could not be read.
    pub problems: Vec<StoreError>,
}

impl Scan {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// An entry's line; empty when the index file cannot be read again.
    pub(super) fn line(&self, entry: &Entry) -> std::borrow::Cow<'_, [u8]> {
        let (start, len) = (entry.start as usize, entry.line_len());
        if entry.is_fresh() {
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

    /// The id in an entry's line.
    fn id(&self, entry: &Entry) -> Option<String> {
        type Id = (
            IgnoredAny,
            (
                String,
                IgnoredAny,
                IgnoredAny,
                IgnoredAny,
                IgnoredAny,
                IgnoredAny,
            ),
            IgnoredAny,
            IgnoredAny,
            IgnoredAny,
            IgnoredAny,
        );
        let (_, (id, ..), ..) = serde_json::from_slice::<Id>(&self.line(entry)).ok()?;
        Some(id)
    }

    /// Puts the rows most recently started first, in id order between equals: the few ids
    /// that share a start are read back from their lines, a batch at a time.
    fn order(&mut self) {
        self.rows
            .sort_unstable_by_key(|r| std::cmp::Reverse(r.entry.started));
        let mut runs = Vec::new();
        let mut from = 0;
        while from < self.rows.len() {
            let started = self.rows[from].entry.started;
            let to = from
                + self.rows[from..]
                    .iter()
                    .take_while(|r| r.entry.started == started)
                    .count();
            if to - from > 1 {
                runs.push(from..to);
            }
            if runs.len() >= 1024 || (to == self.rows.len() && !runs.is_empty()) {
                self.order_runs(&std::mem::take(&mut runs));
            }
            from = to;
        }
    }

    /// Sorts each run of rows (places in `rows`) by id.
    fn order_runs(&mut self, runs: &[std::ops::Range<usize>]) {
        let places: Vec<usize> = runs.iter().flat_map(Clone::clone).collect();
        let mut ids = par::map_slots(&places, |&at| self.id(&self.rows[at].entry)).into_iter();
        for run in runs {
            let mut keyed: Vec<(Option<String>, Row)> = self.rows[run.clone()]
                .iter()
                .map(|row| (ids.next().flatten().flatten(), *row))
                .collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            for (slot, (_, row)) in self.rows[run.clone()].iter_mut().zip(keyed) {
                *slot = row;
            }
        }
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
        let count = self.rows.len();
        (0..count).step_by(4096).flat_map(move |start| {
            let batch: Vec<usize> = (start..count.min(start + 4096)).collect();
            par::map(&batch, |&at| {
                let row = &self.rows[at];
                Some((self.summary(guide, &row.entry)?, row.key.stamp))
            })
            .into_iter()
            .flatten()
        })
    }
}

/// One check at a time in a process (a screen's check on a thread and the next screen's): their
/// memory is never added up, and the second finds the index the first wrote.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The index's lines listed against the session files, before anything is read again.
struct Listed {
    /// The index file, its rows (sorted by hash) and its number of lines.
    old: Option<fs::File>,
    rows: Vec<Row>,
    lines: usize,
    /// The rows whose file still has their stamp, and the files with no such row.
    seen: Vec<bool>,
    stale: Stale,
}

impl Listed {
    /// Whether this is the index file `read` read, and every line of it still holds for its
    /// file, as many as it gave summaries, with no file new: then those summaries are the files'.
    fn holds(&self, read: &super::IndexRead) -> bool {
        let file = self.old.as_ref().and_then(|f| f.metadata().ok());
        file.map(|m| Stamp::of(&m)) == Some(read.file)
            && self.lines == read.summaries
            && self.rows.len() == self.lines
            && self.stale.is_empty()
            && self.seen.iter().all(|s| *s)
    }
}

impl Store {
    /// The index checked against the session files: lines that still match their file are
    /// kept, the files that changed or are new are read again (on all cores), the gone are
    /// dropped, and the index is written again when anything changed.
    pub fn scan(&self, guide: &Guide) -> Result<Scan, StoreError> {
        let _turn = one_at_a_time();
        let listed = self.list_index(guide)?;
        Ok(self.scan_listed(guide, listed))
    }

    /// [`Store::scan`], unless every line of the index file `read` read still holds (nothing
    /// changed, came or went): then nothing is made, and only a row a line was held.
    pub(super) fn scan_unless_held(
        &self,
        guide: &Guide,
        read: &super::IndexRead,
    ) -> Result<Option<Scan>, StoreError> {
        let _turn = one_at_a_time();
        let listed = self.list_index(guide)?;
        if listed.holds(read) {
            return Ok(None);
        }
        Ok(Some(self.scan_listed(guide, listed)))
    }

    /// The old lines' rows, then the folder listed against them: no id is kept but those of the
    /// files to read again.
    fn list_index(&self, guide: &Guide) -> Result<Listed, StoreError> {
        // Reading the index and listing the folder (thousands of `stat`s) do not wait on each
        // other; the listing's keys are made and freed on its own thread (memory freed by
        // another thread after it ended would stay).
        let rows = std::sync::OnceLock::new();
        let (read, listing) = std::thread::scope(|scope| {
            let (done, wait) = std::sync::mpsc::channel();
            let listing = scope.spawn(|| list_against(self, &rows, wait));
            let read = read_rows(&self.index_path(), guide.fingerprint());
            let (old, lines) = match read {
                Some((file, read, count)) => {
                    let _ = rows.set(read);
                    (Some(file), count)
                }
                None => (None, 0),
            };
            drop(done);
            ((old, lines), listing.join())
        });
        let (old, lines) = read;
        let (seen, stale) = match listing {
            Ok(listed) => listed?,
            // The listing's thread died: listed again here.
            Err(_) => {
                let (done, wait) = std::sync::mpsc::channel();
                drop(done);
                list_against(self, &rows, wait)?
            }
        };
        let rows = rows.into_inner().unwrap_or_default();
        Ok(Listed {
            old,
            rows,
            lines,
            seen,
            stale,
        })
    }

    fn scan_listed(&self, guide: &Guide, listed: Listed) -> Scan {
        let Listed {
            old,
            mut rows,
            lines,
            seen,
            stale,
        } = listed;
        // The lines of files gone or changed go.
        let mut seen = seen.into_iter();
        rows.retain(|_| seen.next().unwrap_or(false));
        let matched = rows.len();
        let (fresh, problems) = self.read_stale(guide, &stale, &mut rows);
        let changed = !stale.is_empty() || matched != lines;
        drop(stale);
        let mut scan = Scan {
            old,
            fresh,
            rows,
            problems,
        };
        scan.order();
        if changed {
            self.write_index(guide.fingerprint(), &scan);
        }
        scan
    }

    /// The stale files, read and summarised on all cores, each as its index line: their lines
    /// one after another, with their rows added to `rows`, and the files that could not be
    /// read.
    fn read_stale(
        &self,
        guide: &Guide,
        stale: &[(String, Stamp)],
        rows: &mut Vec<Row>,
    ) -> (Vec<u8>, Vec<StoreError>) {
        let read = par::map(stale, |(id, stamp)| self.fresh_line(guide, id, stamp));
        let mut fresh = Vec::new();
        let mut problems = Vec::new();
        for ((id, stamp), result) in stale.iter().zip(read) {
            match result {
                Ok((line, summary)) => {
                    // Over 4 GiB of new lines: the rest are listed at the next read.
                    let Some(entry) = fresh_entry(&summary, fresh.len(), line.len()) else {
                        continue;
                    };
                    fresh.extend_from_slice(&line);
                    rows.push(Row {
                        key: Key {
                            hash: id_hash(id),
                            stamp: *stamp,
                        },
                        entry,
                    });
                }
                Err(StoreError::NotFound(_)) => {}
                Err(e) => problems.push(e),
            }
        }
        (fresh, problems)
    }

    /// A session file read again: its index line and its summary.
    fn fresh_line(
        &self,
        guide: &Guide,
        id: &str,
        stamp: &Stamp,
    ) -> Result<(Vec<u8>, Summary), StoreError> {
        let session = self.load(id)?;
        let mut line = Vec::with_capacity(320);
        let summary = Summary::of(guide, &session);
        serde_json::to_writer(&mut line, &to_line(guide, stamp, &summary))
            .map_err(|e| StoreError::io(&self.path(id), std::io::Error::other(e)))?;
        Ok((line, summary))
    }
}

/// The entry of a line read again, at `start` in the fresh lines. From the summary, not from
/// the line: an id with escapes does not borrow.
fn fresh_entry(summary: &Summary, start: usize, len: usize) -> Option<Entry> {
    let time = |t: &Timestamp| nanos(to_parts(t));
    Some(
        Entry::new(time(&summary.started), time(&summary.updated), start, len)?
            .in_progress(summary.finished.is_none())
            .conflicts(summary.conflicts > 0)
            .with(FRESH, true),
    )
}
