//! The index's lines as its check holds them while it lists the folder: a hash of each id rather
//! than the id, its file's stamp and its entry (56 bytes a line), sorted by hash; the folder is
//! listed a batch at a time against them, keeping the ids of the files to read again only.

use std::fs;

use serde::de::IgnoredAny;

use super::line::{nanos, Parts, Stamp};
use super::scan::{read_blocks, Entry};
use crate::par;
use crate::session::{Store, StoreError};

/// An index line's key: its id's hash, its file's stamp and its entry. A line is taken for a
/// listed file only when the hashes and the stamps (size, modification time in nanoseconds,
/// inode) are all equal, so two ids with one hash cannot lend each other a line: at worst a
/// file is read again.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    pub(super) hash: u64,
    pub(super) stamp: Stamp,
    pub(super) entry: Entry,
}

/// An id's hash for [`Row`]: the same in every process.
pub(super) fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // Tests force two ids onto one hash this way.
    #[cfg(test)]
    if id.starts_with("collide-") {
        return 7;
    }
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
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

/// The row of the index line at `range` of `bytes`, a block read at `offset` in the file.
fn key_row(bytes: &[u8], range: std::ops::Range<usize>, offset: usize) -> Option<Row> {
    let key: Key = serde_json::from_slice(&bytes[range.clone()]).ok()?;
    let ((size, modified_ns, inode), (id, ..), (started, updated, finished), (_, _, conflicts), ..) =
        key;
    let entry = Entry::new(
        nanos(started),
        nanos(updated),
        offset + range.start,
        range.len(),
    )?
    .in_progress(finished.is_none())
    .conflicts(conflicts > 0);
    Some(Row {
        hash: id_hash(id),
        stamp: Stamp {
            size,
            modified_ns,
            inode,
        },
        entry,
    })
}

/// The rows of the index at `path`, sorted by hash, the open file (its lines that hold are read
/// again from it) and its number of lines; nothing when the index is missing, broken, or from
/// another guide or format. A line that does not read has no row (its file is read).
pub(super) fn read_rows(
    path: &std::path::Path,
    fingerprint: u64,
) -> Option<(fs::File, Vec<Row>, usize)> {
    let (mut rows, mut count): (Vec<Row>, usize) = (Vec::new(), 0);
    let file = read_blocks(path, fingerprint, &mut |block, lines, offset, all| {
        if rows.is_empty() {
            rows.reserve_exact(all.min(1 << 24));
        }
        count += lines.len();
        for part in par::map_parts(lines, |chunk| {
            chunk
                .iter()
                .filter_map(|range| key_row(block, range.clone(), offset))
                .collect::<Vec<_>>()
        }) {
            rows.extend(part);
        }
    })?;
    rows.sort_unstable_by_key(|r| r.hash);
    Some((file, rows, count))
}

/// Session files stamped a batch at a time while the folder is listed.
const BATCH: usize = 4096;

/// Files to read again (new, or changed since their line was written), with their stamps.
pub(super) type Stale = Vec<(String, Stamp)>;

/// The session files listed against `rows`: which rows still hold for their file (by place),
/// and the files that have none (new or changed), with their stamps, in id order. Only their
/// ids are kept; a file gone before it was stamped is neither.
pub(super) fn list_against(store: &Store, rows: &[Row]) -> Result<(Vec<bool>, Stale), StoreError> {
    let mut seen = vec![false; rows.len()];
    let mut stale = Vec::new();
    store.ids_in_batches(BATCH, &mut |batch| {
        let stamps = par::map_slots(batch, |id| {
            fs::metadata(store.path(id)).ok().map(|m| Stamp::of(&m))
        });
        for (id, stamp) in batch.drain(..).zip(stamps) {
            let Some(Some(stamp)) = stamp else { continue };
            match holding(rows, &seen, id_hash(&id), &stamp) {
                Some(at) => seen[at] = true,
                None => stale.push((id, stamp)),
            }
        }
    })?;
    stale.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok((seen, stale))
}

/// The place of a row not yet taken with this hash and this stamp (one, but for a collision).
fn holding(rows: &[Row], seen: &[bool], hash: u64, stamp: &Stamp) -> Option<usize> {
    let from = rows.partition_point(|r| r.hash < hash);
    (from..rows.len())
        .take_while(|&at| rows[at].hash == hash)
        .find(|&at| !seen[at] && rows[at].stamp == *stamp)
}

#[cfg(test)]
mod tests {
    use crate::guide::builtin;
    use crate::session::{Meta, Session, Store};

    /// Sessions `ids`, all started at the same moment, saved in `store`.
    fn save(store: &Store, ids: &[&str], customer: &str) {
        let guide = builtin().expect("guide");
        let started =
            chrono::DateTime::parse_from_rfc3339("2026-05-01T10:00:00+00:00").expect("time");
        for id in ids {
            let mut meta = Meta::new(customer);
            meta.started = started;
            meta.updated = started;
            let mut s = Session::new(&guide, meta);
            s.id = (*id).into();
            store.save(&s).expect("save");
        }
    }

    fn listed(store: &Store) -> (Vec<(String, String)>, bool) {
        let guide = builtin().expect("guide");
        let scan = store.scan(&guide).expect("scan");
        let ids = scan
            .summaries(&guide)
            .map(|s| (s.id, s.customer.to_string()))
            .collect();
        (ids, scan.held)
    }

    /// Ids forced onto one hash each find their own line, follow their own file, and come in
    /// id order when they started at the same moment.
    #[test]
    fn ids_with_one_hash_keep_their_own_lines() {
        assert_eq!(super::id_hash("collide-a"), super::id_hash("collide-b"));
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        save(
            &store,
            &["collide-c", "collide-a", "collide-b", "plain"],
            "Acme",
        );
        let all = |names: &[(&str, &str)]| -> Vec<(String, String)> {
            names
                .iter()
                .map(|(i, c)| (i.to_string(), c.to_string()))
                .collect()
        };
        let first = all(&[
            ("collide-a", "Acme"),
            ("collide-b", "Acme"),
            ("collide-c", "Acme"),
            ("plain", "Acme"),
        ]);
        assert_eq!(listed(&store), (first.clone(), false), "built");
        assert_eq!(listed(&store), (first, true), "held");
        // One of them changed: only it changes.
        save(&store, &["collide-b"], "Globex Corporation");
        let changed = all(&[
            ("collide-a", "Acme"),
            ("collide-b", "Globex Corporation"),
            ("collide-c", "Acme"),
            ("plain", "Acme"),
        ]);
        assert_eq!(listed(&store), (changed.clone(), false));
        assert_eq!(listed(&store), (changed, true));
        // One of them gone, one new under the same hash.
        std::fs::remove_file(store.path("collide-a")).expect("remove");
        save(&store, &["collide-d"], "Initech");
        let after = all(&[
            ("collide-b", "Globex Corporation"),
            ("collide-c", "Acme"),
            ("collide-d", "Initech"),
            ("plain", "Acme"),
        ]);
        assert_eq!(listed(&store), (after.clone(), false));
        assert_eq!(listed(&store), (after, true));
        // The browser's first frame reads them in the same order.
        let guide = builtin().expect("guide");
        let (indexed, _) = store.summaries_as_indexed(&guide).expect("indexed");
        let ids: Vec<&str> = indexed.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["collide-b", "collide-c", "collide-d", "plain"]);
    }
}
