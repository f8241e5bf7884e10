//! The index's lines as its check holds them: a hash of each id rather than the id, its file's
//! stamp and its entry (56 bytes a line), sorted by hash; the folder, listed a batch at a time
//! while they are read, as each file's id hash and stamp (32 bytes a file). Only the ids of the
//! files to read again are kept, found by a second listing when there are any.

use std::fs;

use serde::de::IgnoredAny;

use super::line::{nanos, Parts, Stamp};
use super::scan::{read_blocks, Entry};
use crate::par;
use crate::session::{Store, StoreError};

/// An index line's id hash and its file's stamp. A line is taken for a listed file only when the hashes and the
/// stamps (size, modification time in nanoseconds, inode) are all equal, so two ids with one
/// hash cannot lend each other a line: at worst a file is read again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Key {
    pub(super) hash: u64,
    pub(super) stamp: Stamp,
}

/// An index line's key and its entry: 56 bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    pub(super) key: Key,
    pub(super) entry: Entry,
}

/// An id's hash for [`Key`]: the same in every process.
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
type LineKey<'a> = (
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
    let key: LineKey = serde_json::from_slice(&bytes[range.clone()]).ok()?;
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
        key: key_of(id, (size, modified_ns, inode)),
        entry,
    })
}

fn key_of(id: &str, (size, modified_ns, inode): (u64, i64, u64)) -> Key {
    Key {
        hash: id_hash(id),
        stamp: Stamp {
            size,
            modified_ns,
            inode,
        },
    }
}

/// The rows of the index at `path` (read a block of lines at a time), sorted by hash, the open
/// file (its lines that hold are read again from it) and its number of lines; nothing when the
/// index is missing, broken, or from another guide or format. A line that does not read has no
/// row (its file is read).
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
        // Slots made on this thread: memory freed by another thread after it ended would stay.
        let read = par::map_slots(lines, |range| key_row(block, range.clone(), offset));
        rows.extend(read.into_iter().flatten().flatten());
    })?;
    rows.sort_unstable_by_key(|r| r.key.hash);
    Some((file, rows, count))
}

/// Session files stamped a batch at a time while the folder is listed.
const BATCH: usize = 4096;

/// Files to read again (new, or changed since their line was written), with their stamps.
pub(super) type Stale = Vec<(String, Stamp)>;

/// A session file's stamp, `None` when it went.
fn stamp(store: &Store, id: &str) -> Option<Stamp> {
    fs::metadata(store.path(id)).ok().map(|m| Stamp::of(&m))
}

/// Every session file's key (its id's hash and its stamp), a batch at a time: no id is kept.
fn list_keys(store: &Store) -> Result<Vec<Vec<Key>>, StoreError> {
    let mut keys = Vec::new();
    store.ids_in_batches(BATCH, &mut |batch| {
        let listed = par::map_slots(batch, |id| {
            stamp(store, id).map(|stamp| Key {
                hash: id_hash(id),
                stamp,
            })
        });
        keys.push(listed.into_iter().flatten().flatten().collect());
    })?;
    Ok(keys)
}

/// The session files listed against the index's rows, the folder listed while they are read
/// (`rows` is set once they are, or dropped unset): which rows still hold for their file (by
/// place), and the files that have none (new or changed), with their stamps, in id order. Only
/// a key a file is held meanwhile, and only the ids of those files are kept, found by a second
/// listing when there are any. A file gone before it was stamped is neither.
pub(super) fn list_against(
    store: &Store,
    rows: &std::sync::OnceLock<Vec<Row>>,
    read: std::sync::mpsc::Receiver<()>,
) -> Result<(Vec<bool>, Stale), StoreError> {
    let keys = list_keys(store)?;
    // Set, or the reading ended without setting them.
    let _ = read.recv();
    let rows = rows.get().map_or(&[][..], Vec::as_slice);
    let mut seen = vec![false; rows.len()];
    let mut changed: Vec<u64> = Vec::new();
    for key in keys.iter().flatten() {
        match holding(rows, &seen, key.hash, &key.stamp) {
            Some(at) => seen[at] = true,
            None => changed.push(key.hash),
        }
    }
    drop(keys);
    if changed.is_empty() {
        return Ok((seen, Vec::new()));
    }
    changed.sort_unstable();
    let mut stale = Vec::new();
    store.ids_in_batches(BATCH, &mut |batch| {
        batch.retain(|id| changed.binary_search(&id_hash(id)).is_ok());
        let stamps = par::map_slots(batch, |id| stamp(store, id));
        for (id, stamp) in batch.drain(..).zip(stamps) {
            let Some(Some(stamp)) = stamp else { continue };
            let hash = id_hash(&id);
            match holding(rows, &seen, hash, &stamp) {
                Some(at) => seen[at] = true,
                // Another file with this hash whose line holds: not this one's.
                None if !taken(rows, &seen, hash, &stamp) => stale.push((id, stamp)),
                None => {}
            }
        }
    })?;
    stale.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok((seen, stale))
}

/// The places of the rows with this hash.
fn with_hash(rows: &[Row], hash: u64) -> impl Iterator<Item = usize> + '_ {
    let from = rows.partition_point(|r| r.key.hash < hash);
    (from..rows.len()).take_while(move |&at| rows[at].key.hash == hash)
}

/// The place of a row not yet taken with this hash and this stamp (one, but for a collision).
fn holding(rows: &[Row], seen: &[bool], hash: u64, stamp: &Stamp) -> Option<usize> {
    with_hash(rows, hash).find(|&at| !seen[at] && rows[at].key.stamp == *stamp)
}

/// Whether a row with this hash and this stamp was taken already (by this file, listed first).
fn taken(rows: &[Row], seen: &[bool], hash: u64, stamp: &Stamp) -> bool {
    with_hash(rows, hash).any(|at| seen[at] && rows[at].key.stamp == *stamp)
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

    type Listed = Vec<(String, String)>;

    fn listed(store: &Store) -> Listed {
        let guide = builtin().expect("guide");
        let scan = store.scan(&guide).expect("scan");
        let ids = scan
            .summaries(&guide)
            .map(|s| (s.id, s.customer.to_string()))
            .collect();
        ids
    }

    fn indexed(store: &Store) -> crate::index::IndexRead {
        let guide = builtin().expect("guide");
        store.summaries_as_indexed(&guide).expect("indexed").1
    }

    /// The check of what `read` read: nothing when it holds, else the sessions as checked.
    fn unless_held(store: &Store, read: crate::index::IndexRead) -> Option<Listed> {
        let guide = builtin().expect("guide");
        let (checked, stamps) = store.summaries_unless_held(&guide, read).expect("check")?;
        assert_eq!(stamps.len(), checked.sessions.len());
        let ids = checked.sessions.into_iter();
        Some(ids.map(|s| (s.id, s.customer.to_string())).collect())
    }

    /// Ids forced onto one hash each find their own line, follow their own file, and come in
    /// id order when they started at the same moment; the check of an index that holds sees
    /// a change to any of them.
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
        let all = |names: &[(&str, &str)]| -> Listed {
            let ids = names.iter();
            ids.map(|(i, c)| (i.to_string(), c.to_string())).collect()
        };
        let (acme, globex) = ("Acme", "Globex Corporation");
        let first = all(&[
            ("collide-a", acme),
            ("collide-b", acme),
            ("collide-c", acme),
            ("plain", acme),
        ]);
        assert_eq!(listed(&store), first, "built");
        let read = indexed(&store);
        assert_eq!(unless_held(&store, read), None, "held");
        assert_eq!(listed(&store), first, "held");
        // One of them changed: only it changes.
        save(&store, &["collide-b"], globex);
        let changed = all(&[
            ("collide-a", acme),
            ("collide-b", globex),
            ("collide-c", acme),
            ("plain", acme),
        ]);
        assert_eq!(unless_held(&store, read), Some(changed.clone()));
        assert_eq!(listed(&store), changed);
        // One of them gone, one new under the same hash.
        let read = indexed(&store);
        assert_eq!(unless_held(&store, read), None, "held");
        std::fs::remove_file(store.path("collide-a")).expect("remove");
        save(&store, &["collide-d"], "Initech");
        let after = all(&[
            ("collide-b", globex),
            ("collide-c", acme),
            ("collide-d", "Initech"),
            ("plain", acme),
        ]);
        assert_eq!(unless_held(&store, read), Some(after.clone()));
        assert_eq!(listed(&store), after);
        // Gone alone, and the first frame reads them in the same order.
        let read = indexed(&store);
        std::fs::remove_file(store.path("collide-d")).expect("remove");
        assert_eq!(
            unless_held(&store, read),
            Some(after[..2].iter().chain(&after[3..]).cloned().collect())
        );
        let guide = builtin().expect("guide");
        let (indexed, _, stamps) = store.summaries_as_indexed(&guide).expect("indexed");
        let ids: Vec<&str> = indexed.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["collide-b", "collide-c", "plain"]);
        assert_eq!(stamps.len(), 3);
    }
}
