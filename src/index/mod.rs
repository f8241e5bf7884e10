//! The archive's index: one line of facts per session (names, dates, status, stage), kept in
//! `<data>/index.jsonl` so listing thousands of sessions does not parse thousands of files, and
//! the one [`Filter`] the browser, `list`, `export` and `report` choose sessions with. It sits
//! above `session` and `assess` (a summary carries the session's stage), so neither imports it.
//!
//! It is a cache and is never trusted over the session files: every read checks each file's
//! size, modification time and inode, re-reads the files that changed, and drops entries whose
//! file is gone. A different guide (or a newer index format) rebuilds it. Losing it loses nothing.

mod filter;
mod known;
mod line;
mod positions;
mod scan;
mod summary;
mod words;

use std::fs;

use serde::{Deserialize, Serialize};

pub use filter::Filter;
use line::{from_line, Line};
pub use positions::Positions;
use scan::Entry;
pub use scan::Scan;
pub use summary::Summary;
pub use words::{finish_words_writes, SearchIndex, Stamps, WordsWrite, WORDS_FILE};

use crate::files::write_atomic;
use crate::guide::Guide;
use crate::par;
use crate::session::{Store, StoreError};

const INDEX_FILE: &str = "index.jsonl";
pub(super) const INDEX_FORMAT: u32 = 11;

/// The first line of the index, with the counts the home screen shows before the files are
/// checked.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Header {
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

/// The summary index as [`Store::summaries_as_indexed`] read it: which file, and how many
/// summaries it gave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexRead {
    file: line::Stamp,
    summaries: usize,
}

/// Summaries of every session (most recently started first), and the files that could not be
/// read.
pub struct Summaries {
    pub sessions: Vec<Summary>,
    pub problems: Vec<StoreError>,
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

impl Store {
    fn index_path(&self) -> std::path::PathBuf {
        self.data_dir().join(INDEX_FILE)
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
        let mut order: Vec<&Entry> = scan.rows.iter().map(|r| &r.entry).collect();
        order.sort_by_key(|e| (!e.is_in_progress(), std::cmp::Reverse(e.updated)));
        let header = Header {
            format: INDEX_FORMAT,
            guide: fingerprint,
            sessions: order.len(),
            in_progress: order.iter().filter(|e| e.is_in_progress()).count(),
            conflicts: order.iter().filter(|e| e.has_conflicts()).count(),
        };
        // A cache: if it cannot be written, the next read rebuilds it.
        let _ = crate::files::write_atomic_with(
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
        let file = crate::files::open_regular(&self.index_path()).ok()?;
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

    /// Every session's summary as the index last wrote it, most recently started first, and
    /// the stamps its lines give their files, without looking at the session files (for a first
    /// frame; the caller checks them right after); `None` when there is no index for this
    /// guide.
    pub fn summaries_as_indexed(&self, guide: &Guide) -> Option<(Vec<Summary>, IndexRead, Stamps)> {
        // A block at a time: the index's lines are never held whole beside their summaries.
        let mut read: Vec<Option<Summary>> = Vec::new();
        let mut stamps: Vec<line::Stamp> = Vec::new();
        let file = scan::read_blocks(
            &self.index_path(),
            guide.fingerprint(),
            &mut |block, lines, _, all| {
                if read.is_empty() {
                    read.reserve_exact(all.min(1 << 24));
                    stamps.reserve_exact(all.min(1 << 24));
                }
                for line in par::map(lines, |range| {
                    serde_json::from_slice::<Line>(&block[range.clone()])
                        .ok()
                        .and_then(|line| from_line(guide, line))
                }) {
                    let (stamp, summary) = line.unzip();
                    stamps.push(stamp.unwrap_or(line::NO_STAMP));
                    read.push(summary);
                }
            },
        )?;
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
        permute(&mut stamps, order.clone());
        permute(&mut read, order);
        let summaries = crate::par::somes(read);
        stamps.truncate(summaries.len());
        let read = IndexRead {
            file: line::Stamp::of(&file.metadata().ok()?),
            summaries: summaries.len(),
        };
        Some((summaries, read, Stamps(stamps)))
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

    /// [`Store::summaries`], with the stamps of their files as they were checked: the word
    /// index is checked against them (`Store::search_index`) without listing the folder again.
    pub fn summaries_stamped(&self, guide: &Guide) -> Result<(Summaries, Stamps), StoreError> {
        let scan = self.scan(guide)?;
        let (sessions, stamps) = scan.stamped(guide).unzip();
        let summaries = Summaries {
            sessions,
            problems: scan.problems,
        };
        Ok((summaries, Stamps(stamps)))
    }

    /// The check of what [`Store::summaries_as_indexed`] read: `None` when every line of that
    /// same index file still holds for its file (nothing changed, came or went), so the
    /// summaries and stamps read are the files' (nothing is made); else
    /// [`Store::summaries_stamped`].
    pub fn summaries_unless_held(
        &self,
        guide: &Guide,
        read: IndexRead,
    ) -> Result<Option<(Summaries, Stamps)>, StoreError> {
        let Some(scan) = self.scan_unless_held(guide, &read)? else {
            return Ok(None);
        };
        let (sessions, stamps) = scan.stamped(guide).unzip();
        let summaries = Summaries {
            sessions,
            problems: scan.problems,
        };
        Ok(Some((summaries, Stamps(stamps))))
    }

    /// Drops a session from the index (it was deleted): the index keeps no names of the gone.
    pub(crate) fn forget_in_index(&self, id: &str) {
        self.forget_in_words(id);
        let path = self.index_path();
        let Ok(mut file) = crate::files::open_regular(&path) else {
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
    }
}
