//! The CSV row cache on disk, `<data>/rows.cache`: each session's row in parts (see `parts`),
//! keyed by its file's stamp as git's index trusts a file (size, modification and change times
//! in nanoseconds, inode). An entry holds only while its file has that stamp and was neither
//! modified nor changed within [`RACY_NS`] before the entry was read (git's "racily clean"
//! entries: a change within the same tick of the file system's clock is unseen by the stamp).
//! Its rows depend on nothing else than the session file, the guide (the file carries the
//! guide's fingerprint) and journey's version (the file carries it): not on the transcripts,
//! the settings or the clock. Losing it loses nothing; anything that does not add up (another
//! format, version or guide, a wrong checksum, a cut file) is ignored and the file rebuilt.
//!
//! Layout, little-endian, written as the rows stream out, so it ends with what describes it:
//! the stored blobs one after another (each the session's id, `u16` length and bytes, then its
//! parts); then the index: `MAGIC`, format `u32`, the guide's fingerprint `u64`, journey's
//! version (`u16` length and bytes), the number of entries `u32`, one record of [`RECORD`] bytes
//! an entry, sorted by key (the id's 64-bit FNV-1a hash, the stamp, when it was read, the blob's
//! place, length and CRC-32); then a trailer of [`TRAILER`] bytes: the index's place and length,
//! its CRC-32, the format and `MAGIC`. The index holds no ids (less to hold at 100,000 sessions):
//! a blob is used only for the id it begins with.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// The row cache's file name in the data folder.
pub const ROWS_FILE: &str = "rows.cache";

const MAGIC: &[u8; 8] = b"JRNYROWS";
/// 3: rows leave out the answers skip logic hides (rows of format 2 may hold them).
const FORMAT: u32 = 3;
const RECORD: usize = 64;
const TRAILER: usize = 32;

/// An entry whose file was modified or changed this close before the entry was read is never
/// trusted (as the word index): two seconds covers the coarsest clocks (FAT).
const RACY_NS: i64 = 2_000_000_000;

/// A session file's stat data, as the cache trusts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    size: u64,
    modified_ns: i64,
    changed_ns: i64,
    inode: u64,
}

impl Stamp {
    /// The stamp of a regular file (`None` for anything else, or when it cannot be read: such
    /// a session is read from its file, which says why it cannot be).
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let modified_ns = crate::files::modified_ns(&meta);
        #[cfg(unix)]
        let (changed_ns, inode) = {
            use std::os::unix::fs::MetadataExt;
            let ns = meta.ctime().saturating_mul(1_000_000_000);
            (ns.saturating_add(meta.ctime_nsec()), meta.ino())
        };
        #[cfg(not(unix))]
        let (changed_ns, inode) = (modified_ns, 0);
        Some(Stamp {
            size: meta.len(),
            modified_ns,
            changed_ns,
            inode,
        })
    }

    /// Whether a file with this stamp, read at `read_ns`, was settled then.
    fn settled(&self, read_ns: i64) -> bool {
        self.modified_ns.max(self.changed_ns) < read_ns.saturating_sub(RACY_NS)
    }
}

/// A time, in nanoseconds since the epoch.
pub fn ns_of(t: std::time::SystemTime) -> i64 {
    t.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// One entry: what its file was when it was read, and where its blob lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) stamp: Stamp,
    /// When the file was stamped, before it was read.
    pub(super) read_ns: i64,
    offset: u64,
    len: u64,
    crc: u32,
}

impl Entry {
    /// Whether this entry still holds for a file stamped `now`.
    pub(super) fn holds(&self, now: &Stamp) -> bool {
        self.stamp == *now && now.settled(self.read_ns)
    }
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn as_i64(n: u64) -> i64 {
    i64::from_le_bytes(n.to_le_bytes())
}

/// A session id's key in the index: its 64-bit FNV-1a hash. Two ids with one key are told
/// apart by the id each blob begins with.
pub(super) fn key_of(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The id a stored blob begins with (`u16` length and bytes), and where its parts begin.
pub(super) fn stored_id(stored: &[u8]) -> Option<(&str, usize)> {
    let len = usize::from(u16::from_le_bytes(stored.get(..2)?.try_into().ok()?));
    let id = std::str::from_utf8(stored.get(2..2 + len)?).ok()?;
    Some((id, 2 + len))
}

/// Appends the id prefix of a stored blob.
pub(super) fn put_id(id: &str, out: &mut Vec<u8>) -> Option<()> {
    out.extend_from_slice(&u16::try_from(id.len()).ok()?.to_le_bytes());
    out.extend_from_slice(id.as_bytes());
    Some(())
}

/// The cache file as found: its index held (one read), its blobs read where they lie.
pub(super) struct Old {
    file: File,
    index: Vec<u8>,
    /// Where the blobs end (the index begins).
    blobs_end: u64,
    count: usize,
    records_at: usize,
}

impl Old {
    /// The file at `path` when it is whole, of this format and version, for this guide.
    pub(super) fn open(path: &Path, guide: u64) -> Option<Old> {
        let (file, size) = crate::files::open_regular_sized(path).ok()?;
        let tail = read_at(&file, size.checked_sub(TRAILER as u64)?, TRAILER)?;
        let (index_at, index_len) = (u64_at(&tail, 0)?, u64_at(&tail, 8)?);
        if &tail[24..] != MAGIC
            || u32_at(&tail, 20)? != FORMAT
            || index_at
                .checked_add(index_len)?
                .checked_add(TRAILER as u64)?
                != size
        {
            return None;
        }
        let index = read_at(&file, index_at, usize::try_from(index_len).ok()?)?;
        if crc32fast::hash(&index) != u32_at(&tail, 16)? {
            return None;
        }
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        let version_len = usize::from(u16::from_le_bytes(index.get(20..22)?.try_into().ok()?));
        let fits = index.get(..8)? == MAGIC
            && u32_at(&index, 8)? == FORMAT
            && u64_at(&index, 12)? == guide
            && index.get(22..22 + version_len)? == version;
        let count_at = 22 + version_len;
        let count = usize::try_from(u32_at(&index, count_at)?).ok()?;
        let records_at = count_at + 4;
        let end = records_at.checked_add(count.checked_mul(RECORD)?)?;
        (fits && end == index.len()).then_some(Old {
            file,
            index,
            blobs_end: index_at,
            count,
            records_at,
        })
    }

    /// Record `n`: its key and entry.
    fn record(&self, n: usize) -> Option<(u64, Entry)> {
        let r = self
            .index
            .get(self.records_at + n * RECORD..)?
            .get(..RECORD)?;
        let stamp = Stamp {
            size: u64_at(r, 8)?,
            modified_ns: as_i64(u64_at(r, 16)?),
            changed_ns: as_i64(u64_at(r, 24)?),
            inode: u64_at(r, 32)?,
        };
        let entry = Entry {
            stamp,
            read_ns: as_i64(u64_at(r, 40)?),
            offset: u64_at(r, 48)?,
            len: u64::from(u32_at(r, 56)?),
            crc: u32_at(r, 60)?,
        };
        Some((u64_at(r, 0)?, entry))
    }

    /// The record of session `id`'s key (the records are sorted by key); its blob says whether
    /// it is `id`'s.
    pub(super) fn find(&self, id: &str) -> Option<u32> {
        let key = key_of(id);
        let (mut low, mut high) = (0, self.count);
        while low < high {
            let mid = low + (high - low) / 2;
            let (at, _) = self.record(mid)?;
            match at.cmp(&key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return u32::try_from(mid).ok(),
            }
        }
        None
    }

    /// Record `n`'s key and entry.
    pub(super) fn entry(&self, n: u32) -> Option<(u64, Entry)> {
        self.record(usize::try_from(n).ok()?)
    }

    /// The number of records.
    pub(super) fn len(&self) -> u32 {
        u32::try_from(self.count).unwrap_or(u32::MAX)
    }

    /// Appends an entry's stored blob to `out` when it reads whole, its checksum holds and it
    /// is session `id`'s (any session's when `None`); returns where its parts begin. `out` is
    /// left as it was otherwise.
    pub(super) fn blob_into(
        &self,
        entry: &Entry,
        id: Option<&str>,
        out: &mut Vec<u8>,
    ) -> Option<usize> {
        let end = entry.offset.checked_add(entry.len)?;
        let len = usize::try_from(entry.len).ok()?;
        if end > self.blobs_end {
            return None;
        }
        let start = out.len();
        out.resize(start + len, 0);
        let read = read_exact_at(&self.file, &mut out[start..], entry.offset);
        let holds = read.is_some() && crc32fast::hash(&out[start..]) == entry.crc;
        let parts = stored_id(&out[start..])
            .filter(|(found, _)| holds && id.is_none_or(|id| id == *found))
            .map(|(_, parts)| parts);
        if parts.is_none() {
            out.truncate(start);
        }
        parts
    }
}

fn read_at(file: &File, at: u64, len: usize) -> Option<Vec<u8>> {
    let mut bytes = vec![0; len];
    read_exact_at(file, &mut bytes, at)?;
    Some(bytes)
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> Option<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at).ok()
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> Option<()> {
    // A positioned read: the cores read the one file at once.
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, at).ok()?;
        if n == 0 {
            return None;
        }
        buf = &mut buf[n..];
        at += n as u64;
    }
    Some(())
}

/// Elsewhere the cache is not read (every row comes from its file).
#[cfg(not(any(unix, windows)))]
fn read_exact_at(_: &File, _: &mut [u8], _: u64) -> Option<()> {
    None
}

/// A new cache file, written as the rows stream out into a temporary file beside the cache,
/// renamed over it when whole (a reader finds the old file or the new one, whole).
pub(super) struct New {
    temp: tempfile::NamedTempFile,
    out: BufWriter<File>,
    written: u64,
    entries: Vec<(u64, Entry)>,
}

impl New {
    /// A new file in `dir`, after removing the temporary files of writes that were killed
    /// (those left alone for ten minutes: a write under way keeps its file fresh).
    pub(super) fn create(dir: &Path) -> Option<New> {
        let prefix = crate::files::temp_prefix(&dir.join(ROWS_FILE));
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let stale = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 600);
            if name.starts_with(&prefix) && name.ends_with(".tmp") && stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".tmp")
            .tempfile_in(dir)
            .ok()?;
        let out = BufWriter::with_capacity(1 << 16, temp.as_file().try_clone().ok()?);
        Some(New {
            temp,
            out,
            written: 0,
            entries: Vec::new(),
        })
    }

    /// Adds a stored blob (its session's id first), read at `read_ns` from its file stamped
    /// `stamp`.
    pub(super) fn add(&mut self, stamp: Stamp, read_ns: i64, stored: &[u8]) -> io::Result<()> {
        let (id, _) = stored_id(stored).ok_or_else(|| io::Error::other("a blob with no id"))?;
        let key = key_of(id);
        let len = u32::try_from(stored.len()).map_err(io::Error::other)?;
        self.out.write_all(stored)?;
        let entry = Entry {
            stamp,
            read_ns,
            offset: self.written,
            len: u64::from(len),
            crc: crc32fast::hash(stored),
        };
        self.written += u64::from(len);
        self.entries.push((key, entry));
        Ok(())
    }

    /// Writes the index and the trailer and puts the file in place of the cache at `path`. Not
    /// synced to the disk: a cache cut by a crash does not add up and is rebuilt.
    pub(super) fn finish(self, guide: u64, path: &Path) -> io::Result<()> {
        let mut entries = self.entries;
        // Sorted by key; of two with one key (one session twice, or two ids alike) the first.
        entries.sort_by_key(|(key, _)| *key);
        entries.dedup_by_key(|(key, _)| *key);
        let mut index = Hashing {
            out: self.out,
            crc: crc32fast::Hasher::new(),
            len: 0,
        };
        write_index(&mut index, guide, &entries)?;
        let mut out = index.out;
        out.write_all(&self.written.to_le_bytes())?;
        out.write_all(&index.len.to_le_bytes())?;
        out.write_all(&index.crc.finalize().to_le_bytes())?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(MAGIC)?;
        out.flush()?;
        drop(out);
        self.temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// A writer that counts and checksums what goes through.
struct Hashing {
    out: BufWriter<File>,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The index of these entries, sorted by key.
fn write_index(out: &mut impl Write, guide: u64, entries: &[(u64, Entry)]) -> io::Result<()> {
    let too_big = || io::Error::other("the row cache's index would be too big");
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT.to_le_bytes())?;
    out.write_all(&guide.to_le_bytes())?;
    let version_len = u16::try_from(version.len()).map_err(|_| too_big())?;
    out.write_all(&version_len.to_le_bytes())?;
    out.write_all(version)?;
    let count = u32::try_from(entries.len()).map_err(|_| too_big())?;
    out.write_all(&count.to_le_bytes())?;
    let mut record = Vec::with_capacity(RECORD);
    for (key, e) in entries {
        record.clear();
        let s = &e.stamp;
        for n in [
            *key,
            s.size,
            s.modified_ns as u64,
            s.changed_ns as u64,
            s.inode,
        ] {
            record.extend_from_slice(&n.to_le_bytes());
        }
        for n in [e.read_ns as u64, e.offset] {
            record.extend_from_slice(&n.to_le_bytes());
        }
        let len = u32::try_from(e.len).map_err(|_| too_big())?;
        record.extend_from_slice(&len.to_le_bytes());
        record.extend_from_slice(&e.crc.to_le_bytes());
        out.write_all(&record)?;
    }
    Ok(())
}
