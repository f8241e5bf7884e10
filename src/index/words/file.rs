//! The layout of `<data>/words.idx`, little-endian, read with one read and used where it lies:
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

use std::ops::Range;
use std::sync::Arc;

use super::super::line::Stamp;
use super::pack;

const MAGIC: &[u8; 8] = b"journeyW";
pub(super) const FORMAT: u32 = 1;
const HEADER: usize = 64;
const ROW: usize = 40;

/// A session's entry, as read.
pub(super) struct Record<'f> {
    pub(super) id: &'f str,
    pub(super) stamp: Stamp,
    /// Its transcripts' stamps, still packed (see [`transcripts`]).
    pub(super) transcripts: &'f [u8],
    /// Where its word list is in the file's bytes.
    pub(super) list: Range<u32>,
}

/// A session's entry, to write.
pub(super) struct Entry<'e> {
    pub(super) id: &'e str,
    pub(super) stamp: Stamp,
    pub(super) transcripts: &'e [u8],
    /// Its word list, numbered as before the renumbering.
    pub(super) list: &'e [u8],
}

/// An index file, checked.
pub(super) struct WordsFile {
    pub(super) bytes: Arc<Vec<u8>>,
    pub(super) guide: u64,
    /// The sessions' files were read at this time or later.
    pub(super) read_ns: i64,
    pub(super) sessions: usize,
    /// Where the table starts.
    table: usize,
    pub(super) dict: Range<usize>,
    ids: Range<usize>,
    transcripts: Range<usize>,
    lists: Range<usize>,
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// A fast checksum (four lanes of multiply and rotate): for damage, not for attacks.
pub(super) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut lanes = [1u64, 2, 3, 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    for (i, b) in blocks.remainder().iter().enumerate() {
        h ^= u64::from(*b) << ((i % 8) * 8);
        if i % 8 == 7 {
            h = h.wrapping_mul(K).rotate_left(29);
        }
    }
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(K).rotate_left(29);
    }
    h
}

impl WordsFile {
    /// The file's bytes as an index, or `None` when they are not one (of this format).
    pub(super) fn read(bytes: impl Into<Arc<Vec<u8>>>) -> Option<WordsFile> {
        let bytes: Arc<Vec<u8>> = bytes.into();
        if bytes.get(..8)? != MAGIC || u32_at(&bytes, 8)? != FORMAT {
            return None;
        }
        let sessions = u32_at(&bytes, 12)? as usize;
        let parts = [36, 40, 44, 48].map(|at| u32_at(&bytes, at).map(|n| n as usize));
        let [Some(dict), Some(ids), Some(transcripts), Some(lists)] = parts else {
            return None;
        };
        let dict = HEADER..HEADER + dict;
        let ids = dict.end..dict.end + ids;
        let transcripts = ids.end..ids.end + transcripts;
        let lists = transcripts.end..transcripts.end + lists;
        let table = lists.end..lists.end + sessions.checked_mul(ROW)?;
        if table.end != bytes.len()
            || table.end > u32::MAX as usize
            || u64_at(&bytes, 56)? != checksum(&bytes[HEADER..])
        {
            return None;
        }
        Some(WordsFile {
            guide: u64_at(&bytes, 16)?,
            read_ns: u64_at(&bytes, 24)? as i64,
            sessions,
            table: table.start,
            dict,
            ids,
            transcripts,
            lists,
            bytes,
        })
    }

    /// Where the `part` of row `at` ends (0 before the first row), within `within`.
    fn end(&self, at: usize, field: usize, within: &Range<usize>) -> Option<usize> {
        let end = match at.checked_sub(1) {
            None => 0,
            Some(before) => u32_at(&self.bytes, self.table + before * ROW + field)? as usize,
        };
        (end <= within.len()).then_some(within.start + end)
    }

    /// The `at`th session (in id order); `None` when its row does not add up.
    pub(super) fn record(&self, at: usize) -> Option<Record<'_>> {
        let row = self.table + at * ROW;
        let span = |field: usize, within: &Range<usize>| -> Option<Range<usize>> {
            let (start, end) = (
                self.end(at, field, within)?,
                self.end(at + 1, field, within)?,
            );
            (start <= end).then_some(start..end)
        };
        let id = span(24, &self.ids)?;
        let list = span(28, &self.lists)?;
        let transcripts = span(32, &self.transcripts)?;
        Some(Record {
            id: std::str::from_utf8(&self.bytes[id]).ok()?,
            stamp: Stamp {
                size: u64_at(&self.bytes, row)?,
                modified_ns: u64_at(&self.bytes, row + 8)? as i64,
                inode: u64_at(&self.bytes, row + 16)?,
            },
            transcripts: &self.bytes[transcripts],
            list: list.start as u32..list.end as u32,
        })
    }

    /// The id of the `at`th session, as bytes.
    fn id(&self, at: usize) -> Option<&[u8]> {
        let (start, end) = (
            self.end(at, 24, &self.ids)?,
            self.end(at + 1, 24, &self.ids)?,
        );
        self.bytes.get(start..end)
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

/// The file's bytes for these sessions (sorted by id) and these words (each followed by a
/// newline), each list numbered as `renumber` makes it (none: as it is): written into one
/// buffer, the table last (it holds where each list ends).
pub(super) fn encode(
    guide: u64,
    read_ns: i64,
    words: &[&str],
    entries: &[Entry],
    renumber: Option<&[u32]>,
) -> Option<Vec<u8>> {
    let sum = |f: &dyn Fn(&Entry) -> usize| entries.iter().map(f).sum::<usize>();
    let dict_len: usize = words.iter().map(|w| w.len() + 1).sum();
    // A list renumbered is never longer: its numbers and their differences only shrink.
    let most = HEADER + dict_len + sum(&|e| e.id.len() + e.transcripts.len() + e.list.len());
    let mut bytes = Vec::with_capacity(most + entries.len() * ROW);
    bytes.resize(HEADER, 0);
    for word in words {
        bytes.extend_from_slice(word.as_bytes());
        bytes.push(b'\n');
    }
    entries
        .iter()
        .for_each(|e| bytes.extend_from_slice(e.id.as_bytes()));
    entries
        .iter()
        .for_each(|e| bytes.extend_from_slice(e.transcripts));
    let lists_at = bytes.len();
    let mut ends = Vec::with_capacity(entries.len());
    for e in entries {
        match renumber {
            Some(renumber) => pack::repack(e.list, renumber, &mut bytes),
            None => bytes.extend_from_slice(e.list),
        }
        ends.push(bytes.len() - lists_at);
    }
    let lists_len = bytes.len() - lists_at;
    let (mut id_end, mut transcripts_end) = (0, 0);
    for (e, list_end) in entries.iter().zip(ends) {
        id_end += e.id.len();
        transcripts_end += e.transcripts.len();
        for n in [e.stamp.size, e.stamp.modified_ns as u64, e.stamp.inode] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        for n in [id_end, list_end, transcripts_end, 0] {
            bytes.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
        }
    }
    let mut header = MAGIC.to_vec();
    for n in [FORMAT, u32::try_from(entries.len()).ok()?] {
        header.extend_from_slice(&n.to_le_bytes());
    }
    header.extend_from_slice(&guide.to_le_bytes());
    header.extend_from_slice(&read_ns.to_le_bytes());
    let parts = [words.len(), dict_len, id_end, transcripts_end, lists_len, 0];
    for n in parts {
        header.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
    }
    u32::try_from(bytes.len()).ok()?;
    header.extend_from_slice(&checksum(&bytes[HEADER..]).to_le_bytes());
    bytes[..HEADER].copy_from_slice(&header);
    Some(bytes)
}
