//! Writing `<data>/words.idx` (its layout in `file`) from what a search holds, a part at a time:
//! the dictionary and the lists are the search's own (shared, not copied), each session's list
//! written where the table's order puts it. The bytes are made twice, first only for their
//! checksum and lengths (the header, first in the file, holds them), then into the file, which
//! takes the place of the old one at once (a reader finds the old file or the new one, whole).

use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use super::super::line::Stamp;
use super::file::{FORMAT, HEADER, MAGIC};
use super::pack;
use super::sum::{Checksum, Summing};
use super::Lists;
use crate::session::Store;

/// A session's entry, to write.
pub(super) struct Entry<'e> {
    pub(super) id: &'e str,
    pub(super) stamp: Stamp,
    /// Its transcripts' stamps, packed.
    pub(super) transcripts: &'e [u8],
    /// Where its list is in the lists.
    pub(super) list: Range<u32>,
}

/// A session's row, to write: where its id and its transcripts' stamps end in their parts.
struct Row {
    stamp: Stamp,
    id_end: u32,
    transcripts_end: u32,
    list: Range<u32>,
}

/// A word index file to write: the dictionary and the lists (shared with the search), and each
/// session's id, stamps and list, sorted by id.
pub(super) struct Contents {
    guide: u64,
    read_ns: i64,
    dict: Arc<Vec<u8>>,
    lists: Lists,
    ids: Vec<u8>,
    transcripts: Vec<u8>,
    rows: Vec<Row>,
    /// Whether a word may be no session's any more (a row of the file before was left out):
    /// then only the words used are written, the lists renumbered.
    compact: bool,
}

/// The lengths of the parts written: words, dictionary, lists.
type Lengths = (usize, usize, usize);

fn too_big() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the word index is over 4 GB")
}

fn u32_of(n: usize) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| too_big())
}

impl Contents {
    /// The file of these sessions, given sorted by id (the first of each id kept), their
    /// lists in `lists`, for `guide`, the files read at `read_ns` or later; `sessions` is about
    /// how many there are.
    pub(super) fn new<'e>(
        (guide, read_ns): (u64, i64),
        (dict, lists): (Arc<Vec<u8>>, Lists),
        (entries, sessions): (impl Iterator<Item = Entry<'e>>, usize),
        compact: bool,
    ) -> Option<Contents> {
        let mut contents = Contents {
            guide,
            read_ns,
            dict,
            lists,
            ids: Vec::new(),
            transcripts: Vec::new(),
            rows: Vec::with_capacity(sessions),
            compact,
        };
        let mut last: Option<Range<usize>> = None;
        for e in entries {
            if last
                .as_ref()
                .is_some_and(|at| contents.ids[at.clone()] == *e.id.as_bytes())
            {
                continue;
            }
            let start = contents.ids.len();
            contents.ids.extend_from_slice(e.id.as_bytes());
            last = Some(start..contents.ids.len());
            contents.transcripts.extend_from_slice(e.transcripts);
            contents.rows.push(Row {
                stamp: e.stamp,
                id_end: u32::try_from(contents.ids.len()).ok()?,
                transcripts_end: u32::try_from(contents.transcripts.len()).ok()?,
                list: e.list,
            });
        }
        contents.ids.shrink_to_fit();
        Some(contents)
    }

    fn list(&self, row: &Row) -> &[u8] {
        self.lists.get(&row.list).unwrap_or_default()
    }

    /// The new number of each word (`u32::MAX` for one no list uses), when compacting.
    fn renumbering(&self) -> Option<Vec<u32>> {
        let words = self.dict.iter().filter(|b| **b == b'\n').count();
        self.compact
            .then(|| pack::renumbering(words, self.rows.iter().map(|r| self.list(r))))
    }

    /// The file's parts after its header, the lists renumbered by `renumber`: their lengths.
    fn write_body(&self, out: &mut dyn Write, renumber: Option<&[u32]>) -> io::Result<Lengths> {
        let (mut words, mut dict_len) = (0, 0);
        for (n, word) in self.dict.split_inclusive(|b| *b == b'\n').enumerate() {
            if renumber.is_none_or(|r| r.get(n).is_some_and(|m| *m != u32::MAX)) {
                out.write_all(word)?;
                words += 1;
                dict_len += word.len();
            }
        }
        out.write_all(&self.ids)?;
        out.write_all(&self.transcripts)?;
        let (mut lists_len, mut ends) = (0, Vec::with_capacity(self.rows.len()));
        let mut repacked = Vec::new();
        for row in &self.rows {
            let list = match renumber {
                Some(renumber) => {
                    repacked.clear();
                    pack::repack(self.list(row), renumber, &mut repacked);
                    &repacked[..]
                }
                None => self.list(row),
            };
            out.write_all(list)?;
            lists_len += list.len();
            ends.push(u32_of(lists_len)?);
        }
        for (row, list_end) in self.rows.iter().zip(ends) {
            for n in [
                row.stamp.size,
                row.stamp.modified_ns as u64,
                row.stamp.inode,
            ] {
                out.write_all(&n.to_le_bytes())?;
            }
            for n in [row.id_end, list_end, row.transcripts_end, 0] {
                out.write_all(&n.to_le_bytes())?;
            }
        }
        Ok((words, dict_len, lists_len))
    }

    /// The header, for a body of these lengths and this checksum.
    fn header(&self, (words, dict_len, lists_len): Lengths, sum: u64) -> io::Result<Vec<u8>> {
        let mut header = MAGIC.to_vec();
        for n in [FORMAT, u32_of(self.rows.len())?] {
            header.extend_from_slice(&n.to_le_bytes());
        }
        header.extend_from_slice(&self.guide.to_le_bytes());
        header.extend_from_slice(&self.read_ns.to_le_bytes());
        let parts = [words, dict_len, self.ids.len(), self.transcripts.len()];
        for n in parts.into_iter().chain([lists_len, 0]) {
            header.extend_from_slice(&u32_of(n)?.to_le_bytes());
        }
        header.extend_from_slice(&sum.to_le_bytes());
        let rows = self.rows.len() * super::file::ROW;
        u32_of(HEADER + dict_len + self.ids.len() + self.transcripts.len() + lists_len + rows)?;
        Ok(header)
    }
}

/// A word index file made by a search and still to write: the search answers first.
pub struct WordsWrite {
    pub(super) store: Store,
    pub(super) contents: Contents,
}

/// The writes started by [`WordsWrite::finish_later`] and not yet joined.
static WRITING: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Waits for the word index writes still running (before journey ends).
pub fn finish_words_writes() {
    let writes = std::mem::take(
        &mut *WRITING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    for write in writes {
        let _ = write.join();
    }
}

impl WordsWrite {
    /// Writes the file on a thread of its own; [`finish_words_writes`] waits for it.
    pub fn finish_later(self) {
        let handle = std::thread::spawn(move || self.finish());
        let mut writing = WRITING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        writing.retain(|w| !w.is_finished());
        writing.push(handle);
    }

    /// Writes the file (atomically), the words no session uses any more left out.
    pub fn finish(self) {
        self.store.write_words(&self.contents);
    }
}

impl Store {
    /// Writes the word index (atomically: a reader finds the old file or the new one, whole),
    /// after removing the temp files of writes that were killed. A cache: if it cannot be
    /// written, the next search reads the files again.
    pub(super) fn write_words(&self, contents: &Contents) {
        let renumber = contents.renumbering();
        let mut summing = Summing {
            out: io::sink(),
            sum: Checksum::default(),
        };
        let header = contents
            .write_body(&mut summing, renumber.as_deref())
            .and_then(|lengths| contents.header(lengths, summing.sum.finish()));
        let Ok(header) = header else {
            return;
        };
        let path = self.data_dir().join(super::WORDS_FILE);
        let prefix = crate::files::temp_prefix(&path);
        for entry in std::fs::read_dir(self.data_dir())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let mut write = |out: &mut dyn Write| {
            out.write_all(&header)?;
            contents.write_body(out, renumber.as_deref()).map(|_| ())
        };
        let _ =
            crate::files::write_atomic_with(self.data_dir(), &path, true, &mut write, &mut |_| {
                Ok(())
            });
    }
}
