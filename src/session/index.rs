//! The summary index: one line of facts per session (names, dates, status, stage), kept in
//! `<data>/index.jsonl` so listing thousands of sessions does not parse thousands of files.
//!
//! It is a cache and is never trusted over the session files: every read checks each file's
//! size, modification time and inode, re-reads the files that changed, and drops entries whose
//! file is gone. A different guide (or a newer index format) rebuilds it. Losing it loses nothing.

use std::fs;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::store::{write_atomic, Store, StoreError};
use super::{Session, Status, Timestamp};
use crate::assess::{assess_with, Detail};
use crate::guide::Guide;

const INDEX_FILE: &str = "index.jsonl";
const INDEX_FORMAT: u32 = 9;

/// What lists and the home screen show of a session, and what exports need to plan columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub customer: String,
    pub participant: String,
    pub role: String,
    pub interviewer: String,
    pub started: Timestamp,
    pub updated: Timestamp,
    pub finished: Option<Timestamp>,
    pub elapsed_seconds: u64,
    /// Questions done (answered, skipped or N/A) among those shown: `Session::progress`.
    pub answered: usize,
    /// The nearest stage's id and the position, as the guide assesses them.
    pub stage: Option<String>,
    pub position: Option<f64>,
    pub between: Option<[String; 2]>,
    /// Ids of the obstacles raised.
    pub obstacles_raised: Vec<String>,
    /// Positions (in the guide's question order) of the questions with notes, and with quotes:
    /// numbers rather than ids keep the index small; it is tied to its guide anyway.
    pub with_notes: Vec<u16>,
    pub with_quotes: Vec<u16>,
    /// Answers in conflict after a team sync.
    #[serde(default)]
    pub conflicts: usize,
}

impl Summary {
    pub fn of(guide: &Guide, s: &Session) -> Summary {
        let a = assess_with(guide, s, Detail::Brief);
        // The session's answers, each looked up once in the guide (not each question looked
        // up in the answers), as places in the guide's order.
        let with = |f: &dyn Fn(&super::Answer) -> bool| {
            let mut at: Vec<u16> = s
                .answers
                .iter()
                .filter(|(_, a)| f(a))
                .filter_map(|(id, _)| guide.position(id))
                .map(|p| p.flat as u16)
                .collect();
            at.sort_unstable();
            at
        };
        Summary {
            id: s.id.clone(),
            customer: s.meta.customer.clone(),
            participant: s.meta.participant.clone(),
            role: s.meta.role.clone(),
            interviewer: s.meta.interviewer.clone(),
            started: s.meta.started,
            updated: s.meta.updated,
            finished: s.meta.finished,
            elapsed_seconds: s.elapsed_seconds,
            answered: s.progress(guide).0,
            stage: a.stage,
            position: a.position,
            between: a.between,
            obstacles_raised: a
                .obstacles
                .iter()
                .filter(|o| o.status.was_raised())
                .map(|o| o.id.clone())
                .collect(),
            with_notes: with(&|a| !a.notes.is_empty()),
            with_quotes: with(&|a| !a.quotes.is_empty()),
            conflicts: s.conflicts.len(),
        }
    }

    pub fn status(&self) -> Status {
        if self.finished.is_some() {
            Status::Complete
        } else {
            Status::InProgress
        }
    }
}

/// A session file as it was when summarised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified_ns: i64,
    inode: u64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(-1, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Stamp {
            size: meta.len(),
            modified_ns,
            inode,
        }
    }
}

/// The first line of the index, with the counts the home screen shows before the files are
/// checked.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: u32,
    /// The guide the stages were assessed with.
    guide: u64,
    sessions: usize,
    in_progress: usize,
    conflicts: usize,
}

/// What the index said when it was last written, read without checking the files: for a first
/// frame at any archive size. The caller checks it against the files right after.
#[derive(Debug, Clone, PartialEq)]
pub struct Glance {
    pub sessions: usize,
    pub conflicts: usize,
    /// The interviews in progress, most recently updated first: at most the number asked for.
    pub in_progress: Vec<Summary>,
}

/// One session as one line of the index: positional, so the index stays small and quick to read
/// (a line is about a third of the same facts with field names). `N` holds the names, `M` the
/// masks of the questions with notes and quotes.
type LineOf<N, M> = (
    (u64, i64, u64),
    (N, N, N, N, N),
    (Parts, Parts, Option<Parts>),
    (u64, usize, usize),
    (Option<usize>, Option<f64>, Option<[usize; 2]>),
    (Vec<usize>, M, M),
);

/// A line as read: the names become the summary's, the masks (hex digits, never escaped) are
/// borrowed from the line.
type Line<'a> = LineOf<String, &'a str>;

/// A line to write, borrowing the summary's names.
type LineOut<'a> = LineOf<&'a str, String>;

type Parts = (i64, u32, i32);

fn to_parts(t: &Timestamp) -> Parts {
    (
        t.timestamp(),
        t.timestamp_subsec_nanos(),
        t.offset().local_minus_utc(),
    )
}

fn from_parts((secs, nanos, offset): Parts) -> Option<Timestamp> {
    let zone = chrono::FixedOffset::east_opt(offset)?;
    chrono::DateTime::from_timestamp(secs, nanos).map(|t| t.with_timezone(&zone))
}

/// Question positions as a hex bitmask: nibble `i` holds positions `4i` to `4i + 3`.
fn to_mask(positions: &[u16]) -> String {
    let nibbles = positions
        .iter()
        .map(|p| usize::from(*p) / 4 + 1)
        .max()
        .unwrap_or(0);
    let mut bits = vec![0u8; nibbles];
    for p in positions {
        bits[usize::from(*p) / 4] |= 1 << (p % 4);
    }
    bits.iter()
        .map(|b| char::from_digit(u32::from(*b), 16).unwrap_or('0'))
        .collect()
}

fn from_mask(mask: &str) -> Vec<u16> {
    let mut out = Vec::new();
    for (i, c) in mask.chars().enumerate() {
        let v = c.to_digit(16).unwrap_or(0);
        for bit in 0..4 {
            if v & (1 << bit) != 0 {
                out.push((i * 4 + bit) as u16);
            }
        }
    }
    out
}

fn to_line<'a>(guide: &Guide, stamp: &Stamp, s: &'a Summary) -> LineOut<'a> {
    // Stages by their place in the guide: the index is tied to its guide anyway.
    let stage_at = |id: &str| guide.stages.iter().position(|st| st.id == id);
    let obstacles = s
        .obstacles_raised
        .iter()
        .filter_map(|id| guide.obstacles.iter().position(|o| o.id == *id))
        .collect();
    (
        (stamp.size, stamp.modified_ns, stamp.inode),
        (&s.id, &s.customer, &s.participant, &s.role, &s.interviewer),
        (
            to_parts(&s.started),
            to_parts(&s.updated),
            s.finished.as_ref().map(to_parts),
        ),
        (s.elapsed_seconds, s.answered, s.conflicts),
        (
            s.stage.as_deref().and_then(stage_at),
            s.position,
            s.between
                .as_ref()
                .and_then(|[a, b]| Some([stage_at(a)?, stage_at(b)?])),
        ),
        (obstacles, to_mask(&s.with_notes), to_mask(&s.with_quotes)),
    )
}

fn from_line(guide: &Guide, line: Line) -> Option<(Stamp, Summary)> {
    let (
        (size, modified_ns, inode),
        (id, customer, participant, role, interviewer),
        times,
        counts,
        stage,
        sets,
    ) = line;
    let (elapsed_seconds, answered, conflicts) = counts;
    let (stage, position, between) = stage;
    let stage_id = |i: usize| guide.stages.get(i).map(|st| st.id.clone());
    let stage = match stage {
        Some(i) => Some(stage_id(i)?),
        None => None,
    };
    let between = match between {
        Some([a, b]) => Some([stage_id(a)?, stage_id(b)?]),
        None => None,
    };
    let (obstacles, notes, quotes) = sets;
    let summary = Summary {
        id,
        customer,
        participant,
        role,
        interviewer,
        started: from_parts(times.0)?,
        updated: from_parts(times.1)?,
        finished: match times.2 {
            Some(parts) => Some(from_parts(parts)?),
            None => None,
        },
        elapsed_seconds,
        answered,
        conflicts,
        stage,
        position,
        between,
        obstacles_raised: obstacles
            .into_iter()
            .filter_map(|i| guide.obstacles.get(i).map(|o| o.id.clone()))
            .collect(),
        with_notes: from_mask(notes),
        with_quotes: from_mask(quotes),
    };
    Some((
        Stamp {
            size,
            modified_ns,
            inode,
        },
        summary,
    ))
}

/// Summaries of every session (most recently started first), and the files that could not be
/// read.
pub struct Summaries {
    pub sessions: Vec<Summary>,
    pub problems: Vec<StoreError>,
}

/// Runs `work` on `items` split across the cores, results in order. Each core writes its
/// results in place in the one vector returned: fresh memory costs a page fault a page, and
/// joining the cores' vectors would touch it all twice.
fn on_all_cores<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
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
    somes(out)
}

/// Puts `items` in the order given, in place (no second vector to touch): afterwards
/// `items[at]` is what was at `order[at]`. `order` is a permutation of the places.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    debug_assert_eq!(items.len(), order.len());
    for start in 0..order.len() {
        // Follow the cycle through `start`; a place done points at itself.
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// The values there are, in the same memory when `Option<T>` is the size of `T` (as it is for
/// a summary): `filter_map` is collected in place, `flatten` is not.
#[allow(clippy::filter_map_identity)]
fn somes<T>(items: Vec<Option<T>>) -> Vec<T> {
    items.into_iter().filter_map(|item| item).collect()
}

/// The cores to split work across.
fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// Runs `work` on each core's share of `items`, results in order.
fn on_all_cores_parts<T: Sync, R: Send + Default>(
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

/// Where a line of the checked index is, with what ordering and counting need of it: 32 bytes,
/// so that 100,000 sessions cost 3 MB beside their lines.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Nanoseconds since 1970 (UTC), for ordering only.
    started: i64,
    updated: i64,
    start: u32,
    len: u32,
    in_progress: bool,
    conflicts: bool,
    /// In the lines read again rather than in the old index.
    fresh: bool,
}

/// The parts of an index line needed to check it and order it; the rest is skipped unread.
/// The id is borrowed from the line (an id with escapes does not read, and its file is read).
type Key<'a> = (
    (u64, i64, u64),
    (&'a str, IgnoredAny, IgnoredAny, IgnoredAny, IgnoredAny),
    (Parts, Parts, Option<Parts>),
    (IgnoredAny, IgnoredAny, usize),
    IgnoredAny,
    IgnoredAny,
);

fn nanos((secs, nanos, _): Parts) -> i64 {
    secs.saturating_mul(1_000_000_000)
        .saturating_add(i64::from(nanos))
}

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

/// A file that went between the listing and the read: it never matches.
const NO_STAMP: Stamp = Stamp {
    size: 0,
    modified_ns: -1,
    inode: 0,
};

/// The byte ranges of the lines of `bytes`, empty lines left out.
fn line_ranges(bytes: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
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

/// The keys of the index's lines (their id, stamp and entry, sorted by id) and how many lines
/// it has, read a block at a time and parsed on all cores; the open file, for reading the lines
/// again. Nothing when the index is missing, broken, or from another guide or format.
type Known = Vec<(Box<str>, Stamp, Entry)>;

fn read_keys(path: &std::path::Path, fingerprint: u64) -> Option<(fs::File, Known, usize)> {
    use std::io::{BufRead, Read};
    const BLOCK: u64 = 4 << 20;
    let file = super::store::open_regular(path).ok()?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, &file);
    let mut header = Vec::new();
    reader.read_until(b'\n', &mut header).ok()?;
    let head: Header = serde_json::from_slice(&header).ok()?;
    if head.format != INDEX_FORMAT || head.guide != fingerprint {
        return None;
    }
    let (mut known, mut count, mut offset): (Known, usize, usize) = (Vec::new(), 0, header.len());
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
        count += lines.len();
        let block = &block;
        for part in on_all_cores_parts(&lines, |chunk| {
            chunk
                .iter()
                .filter_map(|range| {
                    let (id, stamp, mut entry) = key_entry(block, range.clone())?;
                    entry.start = u32::try_from(offset + range.start).ok()?;
                    let id = std::str::from_utf8(&block[id]).ok()?;
                    Some((Box::from(id), stamp, entry))
                })
                .collect::<Vec<_>>()
        }) {
            known.extend(part);
        }
        offset += block.len();
    }
    known.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Some((file, known, count))
}

/// The summary index checked against the session files, held as index lines (about 300 bytes a
/// session) rather than as summaries, most recently started first: `list --json` and the CSV
/// export stream their sessions from it, one summary at a time.
pub struct Scan {
    /// The index file as it was read: its lines that still hold are read again from it when
    /// they are needed, so that the file is never held in memory whole.
    old: Option<fs::File>,
    fresh: Vec<u8>,
    entries: Vec<Entry>,
    /// Files that could not be read.
    pub problems: Vec<StoreError>,
}

impl Scan {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// An entry's line; empty when the index file cannot be read again.
    fn line(&self, entry: &Entry) -> std::borrow::Cow<'_, [u8]> {
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
        self.entries.chunks(4096).flat_map(move |batch| {
            on_all_cores(batch, |e| self.summary(guide, e))
                .into_iter()
                .flatten()
        })
    }
}

impl Store {
    fn index_path(&self) -> std::path::PathBuf {
        self.data_dir().join(INDEX_FILE)
    }

    /// The index file's bytes and its session lines; nothing when it is missing, broken, or
    /// from another guide or format.
    fn read_index(&self, fingerprint: u64) -> Vec<u8> {
        let read = |path: &std::path::Path| -> std::io::Result<Vec<u8>> {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut super::store::open_regular(path)?, &mut bytes)?;
            Ok(bytes)
        };
        let Ok(bytes) = read(&self.index_path()) else {
            return Vec::new();
        };
        let header = bytes
            .split(|b| *b == b'\n')
            .next()
            .and_then(|h| serde_json::from_slice::<Header>(h).ok());
        if header.is_some_and(|h| h.format == INDEX_FORMAT && h.guide == fingerprint) {
            bytes
        } else {
            Vec::new()
        }
    }

    /// Writes the index: the header, then one line per entry, interviews in progress first and
    /// most recently updated first (the home screen's glance reads only the head of the file).
    fn write_index(&self, fingerprint: u64, scan: &Scan) {
        // Temp files of an index write that was killed: nothing else needs them.
        let prefix = format!(".{INDEX_FILE}.");
        for entry in fs::read_dir(self.data_dir())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if (name.starts_with(&prefix) && name.ends_with(".tmp")) || name == "index.json" {
                let _ = fs::remove_file(entry.path());
            }
        }
        let mut order: Vec<&Entry> = scan.entries.iter().collect();
        order.sort_by_key(|e| (!e.in_progress, std::cmp::Reverse(e.updated)));
        let header = Header {
            format: INDEX_FORMAT,
            guide: fingerprint,
            sessions: order.len(),
            in_progress: order.iter().filter(|e| e.in_progress).count(),
            conflicts: order.iter().filter(|e| e.conflicts).count(),
        };
        // A cache: if it cannot be written, the next read rebuilds it.
        let _ = super::store::write_atomic_with(
            self.data_dir(),
            &self.index_path(),
            true,
            &mut |out| {
                serde_json::to_writer(&mut *out, &header)?;
                for entry in &order {
                    let line = scan.line(entry);
                    // A line the old index no longer gives is left out: read again next time.
                    if !line.is_empty() {
                        out.write_all(b"\n")?;
                        out.write_all(&line)?;
                    }
                }
                out.write_all(b"\n")
            },
            &mut |_| Ok(()),
        );
    }

    /// The index's counts and its first `limit` interviews in progress, as last written and
    /// without looking at the session files; `None` when there is no index for this guide.
    pub fn glance(&self, guide: &Guide, limit: usize) -> Option<Glance> {
        use std::io::BufRead;
        let file = super::store::open_regular(&self.index_path()).ok()?;
        let mut lines = std::io::BufReader::new(file).split(b'\n');
        let header: Header = serde_json::from_slice(&lines.next()?.ok()?).ok()?;
        if header.format != INDEX_FORMAT || header.guide != guide.fingerprint() {
            return None;
        }
        let in_progress = lines
            .take(header.in_progress.min(limit))
            .map(|line| {
                let bytes = line.ok()?;
                let line = serde_json::from_slice::<Line>(&bytes).ok()?;
                from_line(guide, line).map(|(_, s)| s)
            })
            .collect::<Option<Vec<Summary>>>()?;
        Some(Glance {
            sessions: header.sessions,
            conflicts: header.conflicts,
            in_progress,
        })
    }

    /// Every session id, and each file's stamp (`None` when it went in the meantime).
    fn listing(&self) -> Result<(Vec<String>, Vec<Option<Stamp>>), StoreError> {
        let ids = self.ids()?;
        let stamps = on_all_cores(&ids, |id| {
            fs::metadata(self.path(id)).ok().map(|m| Stamp::of(&m))
        });
        Ok((ids, stamps))
    }

    /// Every session's summary as the index last wrote it, most recently started first, without
    /// looking at the session files (for a first frame; the caller checks them right after);
    /// `None` when there is no index for this guide.
    pub fn summaries_as_indexed(&self, guide: &Guide) -> Option<Vec<Summary>> {
        let old = self.read_index(guide.fingerprint());
        if old.is_empty() {
            return None;
        }
        let lines: Vec<std::ops::Range<usize>> = line_ranges(&old).skip(1).collect();
        let mut read: Vec<Option<Summary>> = on_all_cores(&lines, |range| {
            serde_json::from_slice::<Line>(&old[range.clone()])
                .ok()
                .and_then(|line| from_line(guide, line))
                .map(|(_, s)| s)
        });
        // Sorted as places, not as summaries: a summary is hundreds of bytes to move. The
        // lines that did not read go last.
        let mut order: Vec<usize> = (0..read.len()).collect();
        let key = |i: usize| {
            read[i]
                .as_ref()
                .map(|s| (std::cmp::Reverse(s.started), &s.id))
        };
        order.sort_unstable_by(|&a, &b| match (key(a), key(b)) {
            (Some(a), Some(b)) => a.cmp(&b),
            (a, b) => b.is_some().cmp(&a.is_some()),
        });
        permute(&mut read, order);
        Some(somes(read))
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
        let find = |id: &str| {
            known
                .binary_search_by(|k| (*k.0).cmp(id))
                .ok()
                .map(|k| &known[k])
        };

        let mut entries: Vec<(u32, Entry)> = Vec::with_capacity(ids.len());
        let mut stale = Vec::new();
        let mut matched = 0;
        for (at, (id, stamp)) in ids.iter().zip(&stamps).enumerate() {
            let Some(stamp) = stamp else {
                continue;
            };
            match find(id) {
                Some((_, known, entry)) if known == stamp => {
                    entries.push((at as u32, *entry));
                    matched += 1;
                }
                _ => stale.push(at),
            }
        }
        drop(known);
        // The stale, read and summarised on all cores, each as its index line.
        let read = on_all_cores(&stale, |&at| -> Result<(Vec<u8>, Entry), StoreError> {
            let (id, stamp) = (&ids[at], stamps[at].as_ref());
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
        let changed = !stale.is_empty() || matched != index_count;
        // Most recently started first, in id order between equals.
        entries.sort_unstable_by_key(|(at, e)| (std::cmp::Reverse(e.started), *at));
        let scan = Scan {
            old,
            fresh,
            entries: entries.into_iter().map(|(_, e)| e).collect(),
            problems,
        };
        if changed {
            self.write_index(fingerprint, &scan);
        }
        Ok(scan)
    }

    /// Summaries of every session (most recently started first), checked against the files and
    /// refreshed where they changed.
    pub fn summaries(&self, guide: &Guide) -> Result<Summaries, StoreError> {
        let scan = self.scan(guide)?;
        let sessions = scan.summaries(guide).collect();
        Ok(Summaries {
            sessions,
            problems: scan.problems,
        })
    }

    /// Drops a session from the index (it was deleted): the index keeps no names of the gone.
    pub(crate) fn forget_in_index(&self, id: &str) {
        let path = self.index_path();
        let Ok(mut file) = super::store::open_regular(&path) else {
            return;
        };
        let mut text = String::new();
        if std::io::Read::read_to_string(&mut file, &mut text).is_err() {
            return;
        }
        let mut lines = text.lines();
        let Some(Ok(mut header)) = lines.next().map(serde_json::from_str::<Header>) else {
            return;
        };
        let mut kept = Vec::new();
        let mut gone = None;
        for line in lines {
            match serde_json::from_str::<Line>(line) {
                Ok(l) if l.1 .0 == id => gone = Some(l),
                _ => kept.push(line),
            }
        }
        if let Some(gone) = gone {
            // The counts the home screen glances at follow.
            header.sessions = header.sessions.saturating_sub(1);
            if gone.2 .2.is_none() {
                header.in_progress = header.in_progress.saturating_sub(1);
            }
            if gone.3 .2 > 0 {
                header.conflicts = header.conflicts.saturating_sub(1);
            }
            let Ok(mut bytes) = serde_json::to_vec(&header) else {
                return;
            };
            for line in kept {
                bytes.push(b'\n');
                bytes.extend_from_slice(line.as_bytes());
            }
            bytes.push(b'\n');
            let _ = write_atomic(self.data_dir(), &path, &bytes, true, &mut |_| Ok(()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn permuting_in_place_puts_each_item_where_the_order_says(
            order in (0usize..200).prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        ) {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
            let mut permuted = items.clone();
            permute(&mut permuted, order.clone());
            let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            prop_assert_eq!(permuted, expected);
        }

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
            prop_assert_eq!(on_all_cores(&items, |i| i * 3), items.iter().map(|i| i * 3).collect::<Vec<_>>());
        }
    }
}
