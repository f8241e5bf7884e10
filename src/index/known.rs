//! The index's lines as its check holds them while it lists the folder: a hash of each id rather
//! than the id, its file's stamp and its entry (56 bytes a line), sorted by hash; the folder is
//! listed a batch at a time against them, keeping the ids of the files to read again only.

use std::fs;

use serde::de::IgnoredAny;

use super::line::{nanos, Parts, Stamp};
use super::scan::{read_blocks, Entry};
use crate::par;
use crate::session::{Store, StoreError};

/// An index line's id hash and its file's stamp: all that the check of an index that holds
/// keeps of a line (32 bytes). A line is taken for a listed file only when the hashes and the
/// stamps (size, modification time in nanoseconds, inode) are all equal, so two ids with one
/// hash cannot lend each other a line: at worst a file is read again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Key {
    pub(super) hash: u64,
    pub(super) stamp: Stamp,
}

/// An index line's key and its entry, for the check that makes the index again.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    pub(super) key: Key,
    pub(super) entry: Entry,
}

impl AsRef<Key> for Key {
    fn as_ref(&self) -> &Key {
        self
    }
}

impl AsRef<Key> for Row {
    fn as_ref(&self) -> &Key {
        &self.key
    }
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

/// The key of the index line at `range` of `bytes`, the rest of the line skipped unread.
fn key_only(bytes: &[u8], range: std::ops::Range<usize>, _: usize) -> Option<Key> {
    type Only<'a> = (
        (u64, i64, u64),
        (
            &'a str,
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
    let (stamp, (id, ..), ..): Only = serde_json::from_slice(&bytes[range]).ok()?;
    Some(key_of(id, stamp))
}

/// The rows of the index at `path` (a block of lines read at `offset` in the file at a time),
/// sorted by hash, the open file (its lines that hold are read again from it) and its number of
/// lines; nothing when the index is missing, broken, or from another guide or format. A line
/// that does not read has no row (its file is read).
pub(super) fn read_rows(
    path: &std::path::Path,
    fingerprint: u64,
) -> Option<(fs::File, Vec<Row>, usize)> {
    read_sorted(path, fingerprint, key_row)
}

/// [`read_rows`] with the keys alone.
pub(super) fn read_keys(
    path: &std::path::Path,
    fingerprint: u64,
) -> Option<(fs::File, Vec<Key>, usize)> {
    read_sorted(path, fingerprint, key_only)
}

fn read_sorted<T: Send + AsRef<Key>>(
    path: &std::path::Path,
    fingerprint: u64,
    parse: impl Fn(&[u8], std::ops::Range<usize>, usize) -> Option<T> + Sync,
) -> Option<(fs::File, Vec<T>, usize)> {
    let (mut rows, mut count): (Vec<T>, usize) = (Vec::new(), 0);
    let file = read_blocks(path, fingerprint, &mut |block, lines, offset, all| {
        if rows.is_empty() {
            rows.reserve_exact(all.min(1 << 24));
        }
        count += lines.len();
        // Slots made on this thread: memory freed by another thread after it ended would stay.
        let read = par::map_slots(lines, |range| parse(block, range.clone(), offset));
        rows.extend(read.into_iter().flatten().flatten());
    })?;
    rows.sort_unstable_by_key(|r| r.as_ref().hash);
    Some((file, rows, count))
}

/// Session files stamped a batch at a time while the folder is listed.
const BATCH: usize = 4096;

/// Files to read again (new, or changed since their line was written), with their stamps.
pub(super) type Stale = Vec<(String, Stamp)>;

/// The session files listed against `rows`: which rows still hold for their file (by place),
/// and the files that have none (new or changed), with their stamps, in id order. Only their
/// ids are kept; a file gone before it was stamped is neither. With `until_stale`, the listing
/// stops at the first such file.
pub(super) fn list_against<K: AsRef<Key>>(
    store: &Store,
    rows: &[K],
    until_stale: bool,
) -> Result<(Vec<bool>, Stale), StoreError> {
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
        !until_stale || stale.is_empty()
    })?;
    stale.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok((seen, stale))
}

/// The place of a row not yet taken with this hash and this stamp (one, but for a collision).
fn holding<K: AsRef<Key>>(rows: &[K], seen: &[bool], hash: u64, stamp: &Stamp) -> Option<usize> {
    let key = |at: usize| rows[at].as_ref();
    let from = rows.partition_point(|r| r.as_ref().hash < hash);
    (from..rows.len())
        .take_while(|&at| key(at).hash == hash)
        .find(|&at| !seen[at] && key(at).stamp == *stamp)
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
