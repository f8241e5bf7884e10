//! The summary index: one line of facts per session (names, dates, status, stage), kept in
//! `<data>/index.json` so listing thousands of sessions does not parse thousands of files.
//!
//! It is a cache and is never trusted over the session files: every read checks each file's
//! size, modification time and inode, re-reads the files that changed, and drops entries whose
//! file is gone. A different guide (or a newer index format) rebuilds it. Losing it loses nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use super::store::{write_atomic, Store, StoreError};
use super::{AnswerState, Session, Status, Timestamp};
use crate::assess::{assess_with, Detail};
use crate::guide::Guide;

const INDEX_FILE: &str = "index.json";
const INDEX_FORMAT: u32 = 2;

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
    /// Questions answered, skipped or marked N/A.
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
}

impl Summary {
    pub fn of(guide: &Guide, s: &Session) -> Summary {
        let a = assess_with(guide, s, Detail::Brief);
        let with = |f: &dyn Fn(&super::Answer) -> bool| {
            guide
                .questions()
                .enumerate()
                .filter(|(_, (_, q))| s.answer(&q.id).is_some_and(f))
                .map(|(i, _)| i as u16)
                .collect()
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
            answered: s
                .answers
                .values()
                .filter(|a| a.state != AnswerState::NotAsked)
                .count(),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    size: u64,
    modified_ns: i128,
    inode: u64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(-1, |d| d.as_nanos() as i128);
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

#[derive(Debug, Default, Serialize, Deserialize)]
struct IndexFile {
    format: u32,
    /// The guide the stages were assessed with.
    guide: u64,
    entries: BTreeMap<String, (Stamp, Summary)>,
}

/// A fingerprint of the guide: a different guide means different stages.
fn fingerprint(guide: &Guide) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(guide)
        .unwrap_or_default()
        .hash(&mut h);
    h.finish()
}

/// Summaries of every session (most recently started first), and the files that could not be
/// read.
pub struct Summaries {
    pub sessions: Vec<Summary>,
    pub problems: Vec<StoreError>,
}

impl Store {
    fn index_path(&self) -> std::path::PathBuf {
        self.data_dir().join(INDEX_FILE)
    }

    fn read_index(&self, guide: u64) -> IndexFile {
        let fresh = IndexFile {
            format: INDEX_FORMAT,
            guide,
            entries: BTreeMap::new(),
        };
        let Ok(bytes) = fs::read(self.index_path()) else {
            return fresh;
        };
        match serde_json::from_slice::<IndexFile>(&bytes) {
            Ok(index) if index.format == INDEX_FORMAT && index.guide == guide => index,
            _ => fresh,
        }
    }

    fn write_index(&self, index: &IndexFile) {
        // Temp files of an index write that was killed: nothing else needs them.
        let prefix = format!(".{INDEX_FILE}.");
        for entry in fs::read_dir(self.data_dir())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
        // A cache: if it cannot be written, the next read rebuilds it.
        if let Ok(bytes) = serde_json::to_vec(index) {
            let _ = write_atomic(
                self.data_dir(),
                &self.index_path(),
                &bytes,
                true,
                &mut |_| Ok(()),
            );
        }
    }

    /// Summaries of every session, checked against the files and refreshed where they changed.
    pub fn summaries(&self, guide: &Guide) -> Result<Summaries, StoreError> {
        let mut index = self.read_index(fingerprint(guide));
        let mut changed = false;
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        let ids = self.ids()?;
        let stamps = self.stamps(&ids);
        for (id, stamp) in ids.into_iter().zip(stamps) {
            let Some(stamp) = stamp else {
                continue;
            };
            if index
                .entries
                .get(&id)
                .is_some_and(|(known, _)| *known == stamp)
            {
                seen.insert(id);
                continue;
            }
            changed = true;
            match self.load(&id) {
                Ok(session) => {
                    index
                        .entries
                        .insert(id.clone(), (stamp, Summary::of(guide, &session)));
                    seen.insert(id);
                }
                Err(StoreError::NotFound(_)) => {}
                Err(e) => {
                    index.entries.remove(&id);
                    problems.push(e);
                }
            }
        }
        let before = index.entries.len();
        index.entries.retain(|id, _| seen.contains(id));
        changed |= index.entries.len() != before;
        if changed {
            self.write_index(&index);
        }
        // Moved out, not copied: an archive's summaries are held once.
        let mut sessions: Vec<Summary> = index.entries.into_values().map(|(_, s)| s).collect();
        sessions.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.id.cmp(&b.id)));
        Ok(Summaries { sessions, problems })
    }

    /// Every session file's stamp (`None` when it is gone), on all cores: thousands of `stat`s.
    fn stamps(&self, ids: &[String]) -> Vec<Option<Stamp>> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let per = ids.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = ids
                .chunks(per)
                .map(|chunk| {
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|id| fs::metadata(self.path(id)).ok().map(|m| Stamp::of(&m)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_default())
                .collect()
        })
    }

    /// Drops a session from the index (it was deleted): the index keeps no names of the gone.
    pub(crate) fn forget_in_index(&self, id: &str) {
        let path = self.index_path();
        let Ok(bytes) = fs::read(&path) else {
            return;
        };
        let Ok(mut index) = serde_json::from_slice::<IndexFile>(&bytes) else {
            let _ = fs::remove_file(&path);
            return;
        };
        if index.entries.remove(id).is_some() {
            self.write_index(&index);
        }
    }
}
