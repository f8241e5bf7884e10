//! The layout of `<data>/words.idx`, little-endian, read a part at a time (its checksum taken
//! as it is read) and written a part at a time (`write`):
//!
//! - a header of 64 bytes: `journeyW`, the format, the number of sessions, the guide's
//!   fingerprint, the time the sessions' files were read from (nanoseconds since 1970), the
//!   number of words, the lengths of the first four parts below, and a checksum of everything after
//!   the header;
//! - the dictionary: each word followed by a newline;
//! - the ids, one after another;
//! - the transcripts' stamps: per transcript file, its name's length (2 bytes), its name and its
//!   stamp;
//! - the word lists: per session its word numbers, ascending, as LEB128 differences;
//! - a table of 40 bytes a session, sorted by session id: its file's stamp (size, modification
//!   time in nanoseconds, inode) and where its id, its word list and its transcripts' stamps
//!   end in their parts (each starts where the one before ends).
//!
//! Anything that does not add up (a length, an end before a start, the checksum) makes the file
//! no index: it is rebuilt.

use std::io::Read;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::super::line::Stamp;
use super::sum::Checksum;

pub(super) const MAGIC: &[u8; 8] = b"journeyW";
pub(super) const FORMAT: u32 = 1;
pub(super) const HEADER: usize = 64;
pub(super) const ROW: usize = 40;

/// A session's entry, as read.
pub(super) struct Record<'f> {
    pub(super) id: &'f str,
    pub(super) stamp: Stamp,
    /// Its transcripts' stamps, still packed (see [`transcripts`]).
    pub(super) transcripts: &'f [u8],
    /// Where its word list is in the file's lists.
    pub(super) list: Range<u32>,
}

/// What the file says of each session but its words: its id, its stamps and where its list is.
#[derive(Debug)]
pub(super) struct Table {
    /// The sessions' files were read at this time or later.
    pub(super) read_ns: i64,
    pub(super) sessions: usize,
    ids: Vec<u8>,
    transcripts: Vec<u8>,
    /// A row of [`ROW`] bytes a session, sorted by id.
    rows: Vec<u8>,
    /// The length of the file's lists.
    lists: usize,
}

/// An index file, checked, in its parts.
pub(super) struct WordsFile {
    pub(super) guide: u64,
    pub(super) header: [u8; HEADER],
    /// Each word followed by a newline, checked as UTF-8.
    pub(super) dict: Vec<u8>,
    /// The sessions' lists, one after another in the table's order.
    pub(super) lists: Arc<Vec<u8>>,
    pub(super) table: Table,
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

pub(super) fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// The next `len` bytes of `from`, their checksum taken; only summed (none kept) unless `keep`.
fn part(from: &mut impl Read, len: usize, sum: &mut Checksum, keep: bool) -> Option<Vec<u8>> {
    if keep {
        let mut bytes = vec![0; len];
        from.read_exact(&mut bytes).ok()?;
        sum.update(&bytes);
        return Some(bytes);
    }
    let mut buf = vec![0; len.min(1 << 16)];
    let mut left = len;
    while left > 0 {
        let n = left.min(buf.len());
        from.read_exact(&mut buf[..n]).ok()?;
        sum.update(&buf[..n]);
        left -= n;
    }
    Some(Vec::new())
}

/// Which parts of the file to keep: all, or the table alone (ids, transcripts' stamps, rows).
const ALL: [bool; 5] = [true; 5];
const TABLE: [bool; 5] = [false, true, true, false, true];

impl WordsFile {
    /// The file of `size` bytes read from `from` as an index, or `None` when it is not one (of
    /// this format): its lengths are checked against `size` before anything is read past the
    /// header, and the checksum once all is read.
    pub(super) fn read(from: &mut impl Read, size: u64) -> Option<WordsFile> {
        Self::read_parts(from, size, ALL)
    }

    /// [`WordsFile::read`], keeping the parts `keep` says (the others empty).
    fn read_parts(from: &mut impl Read, size: u64, keep: [bool; 5]) -> Option<WordsFile> {
        let mut header = [0u8; HEADER];
        from.read_exact(&mut header).ok()?;
        if header[..8] != MAGIC[..] || u32_at(&header, 8)? != FORMAT {
            return None;
        }
        let sessions = u32_at(&header, 12)? as usize;
        let parts = [36, 40, 44, 48].map(|at| u32_at(&header, at).map(|n| n as usize));
        let [Some(dict), Some(ids), Some(transcripts), Some(lists)] = parts else {
            return None;
        };
        let lengths = [dict, ids, transcripts, lists, sessions.checked_mul(ROW)?];
        let total = HEADER as u64 + lengths.iter().map(|n| *n as u64).sum::<u64>();
        if total != size || total > u64::from(u32::MAX) {
            return None;
        }
        let mut sum = Checksum::default();
        let mut read = lengths
            .into_iter()
            .zip(keep)
            .map(|(len, keep)| part(from, len, &mut sum, keep));
        let mut next = || read.next().flatten();
        let (dict, ids, transcripts, lists, rows) = (next()?, next()?, next()?, next()?, next()?);
        let words = std::str::from_utf8(&dict).ok()?;
        if u64_at(&header, 56)? != sum.finish() || !(words.is_empty() || words.ends_with('\n')) {
            return None;
        }
        Some(WordsFile {
            guide: u64_at(&header, 16)?,
            header,
            table: Table {
                read_ns: u64_at(&header, 24)? as i64,
                sessions,
                ids,
                transcripts,
                rows,
                lists: lengths[3],
            },
            dict,
            lists: Arc::new(lists),
        })
    }
}

/// An index file as it was read, to read its table again later (a search taken as written
/// holds only its words and lists until the browser's check asks whether it holds).
#[derive(Debug)]
pub(super) struct Written {
    pub(super) path: PathBuf,
    pub(super) header: [u8; HEADER],
}

impl Written {
    /// The table of the file at `path`, when it is still the file read (the same header: the
    /// same checksum) and whole; its dictionary and lists are only summed, not kept.
    pub(super) fn table(&self) -> Option<Table> {
        let (mut file, size) = crate::files::open_regular_sized(&self.path).ok()?;
        let again = WordsFile::read_parts(&mut file, size, TABLE)?;
        (again.header == self.header).then_some(again.table)
    }
}

impl Table {
    /// Where the field at `field` of row `at` ends (0 before the first row), within a part
    /// `within` long.
    fn end(&self, at: usize, field: usize, within: usize) -> Option<usize> {
        let end = match at.checked_sub(1) {
            None => 0,
            Some(before) => u32_at(&self.rows, before * ROW + field)? as usize,
        };
        (end <= within).then_some(end)
    }

    /// The span of the field at `field` of row `at`, within a part `within` long.
    fn span(&self, at: usize, field: usize, within: usize) -> Option<Range<usize>> {
        let (start, end) = (
            self.end(at, field, within)?,
            self.end(at + 1, field, within)?,
        );
        (start <= end).then_some(start..end)
    }

    /// The `at`th session (in id order); `None` when its row does not add up.
    pub(super) fn record(&self, at: usize) -> Option<Record<'_>> {
        let row = at * ROW;
        let id = self.span(at, 24, self.ids.len())?;
        let list = self.span(at, 28, self.lists)?;
        let transcripts = self.span(at, 32, self.transcripts.len())?;
        Some(Record {
            id: std::str::from_utf8(&self.ids[id]).ok()?,
            stamp: Stamp {
                size: u64_at(&self.rows, row)?,
                modified_ns: u64_at(&self.rows, row + 8)? as i64,
                inode: u64_at(&self.rows, row + 16)?,
            },
            transcripts: &self.transcripts[transcripts],
            list: list.start as u32..list.end as u32,
        })
    }

    /// The id of the `at`th session, as bytes.
    fn id(&self, at: usize) -> Option<&[u8]> {
        self.ids.get(self.span(at, 24, self.ids.len())?)
    }

    /// The row of each of `ids` (`None` for an id it does not have): the ids sorted (a browser's
    /// are nearly sorted already), then walked beside the table, sorted by id too, in one pass.
    pub(super) fn rows_of(&self, ids: &[&str]) -> Vec<Option<usize>> {
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by(|&a, &b| ids[a].cmp(ids[b]));
        let mut rows = vec![None; ids.len()];
        let mut row = 0;
        for at in order {
            let id = ids[at].as_bytes();
            while row < self.sessions && self.id(row).is_some_and(|r| r < id) {
                row += 1;
            }
            if row < self.sessions && self.id(row) == Some(id) {
                rows[at] = Some(row);
            }
        }
        rows
    }

    /// The place of session `id`'s row, found in the table sorted by id.
    pub(super) fn find(&self, id: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.sessions);
        while low < high {
            let mid = (low + high) / 2;
            match self.id(mid)?.cmp(id.as_bytes()) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// A session's transcripts' stamps, packed as the file keeps them.
pub(super) fn pack_transcripts(stamps: &[(String, Stamp)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, stamp) in stamps {
        let name = &name.as_bytes()[..name.len().min(u16::MAX as usize)];
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(&stamp.size.to_le_bytes());
        out.extend_from_slice(&stamp.modified_ns.to_le_bytes());
        out.extend_from_slice(&stamp.inode.to_le_bytes());
    }
    out
}

/// A session's transcripts' stamps, unpacked; `None` when they do not read.
pub(super) fn transcripts(mut packed: &[u8]) -> Option<Vec<(&str, Stamp)>> {
    let mut out = Vec::new();
    while !packed.is_empty() {
        let len = usize::from(u16::from_le_bytes(packed.get(..2)?.try_into().ok()?));
        let name = std::str::from_utf8(packed.get(2..2 + len)?).ok()?;
        let at = 2 + len;
        let stamp = Stamp {
            size: u64_at(packed, at)?,
            modified_ns: u64_at(packed, at + 8)? as i64,
            inode: u64_at(packed, at + 16)?,
        };
        out.push((name, stamp));
        packed = packed.get(at + 24..)?;
    }
    Some(out)
}
