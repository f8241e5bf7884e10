//! One index line: a session's summary and its file's stamp, positional and compact.

use std::fs;

use super::{Positions, Summary};
use crate::guide::Guide;
use crate::session::Timestamp;
use crate::text::SharedName;

/// A session file as it was when summarised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) size: u64,
    pub(super) modified_ns: i64,
    pub(super) inode: u64,
}

impl Stamp {
    pub(super) fn of(meta: &fs::Metadata) -> Stamp {
        let modified_ns = crate::files::modified_ns(meta);
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

/// One session as one line of the index: positional, so the index stays small and quick to read
/// (a line is about a third of the same facts with field names). `I` holds the id, `N` the
/// names, `M` the masks of the questions with notes and quotes.
pub(super) type LineOf<I, N, M> = (
    (u64, i64, u64),
    (I, N, N, N, N, N),
    (Parts, Parts, Option<Parts>),
    (u64, usize, usize),
    (Option<usize>, Option<f64>, Option<[usize; 2]>),
    (Vec<usize>, M, M),
);

/// A line as read: the id becomes the summary's, the names are shared ones (`text::Name`), the
/// masks (hex digits, never escaped) are borrowed from the line.
pub(super) type Line<'a> = LineOf<String, SharedName, &'a str>;

/// A line to write, borrowing the summary's names.
pub(super) type LineOut<'a> = LineOf<&'a str, &'a str, String>;

pub(super) type Parts = (i64, u32, i32);

pub(super) fn to_parts(t: &Timestamp) -> Parts {
    (
        t.timestamp(),
        t.timestamp_subsec_nanos(),
        t.offset().local_minus_utc(),
    )
}

pub(super) fn from_parts((secs, nanos, offset): Parts) -> Option<Timestamp> {
    let zone = chrono::FixedOffset::east_opt(offset)?;
    chrono::DateTime::from_timestamp(secs, nanos).map(|t| t.with_timezone(&zone))
}

/// Question positions as a hex bitmask: nibble `i` holds positions `4i` to `4i + 3`.
fn to_mask(positions: &Positions) -> String {
    let nibbles = positions
        .iter()
        .map(|p| usize::from(p) / 4 + 1)
        .max()
        .unwrap_or(0);
    let mut bits = vec![0u8; nibbles];
    for p in positions.iter() {
        bits[usize::from(p) / 4] |= 1 << (p % 4);
    }
    bits.iter()
        .map(|b| char::from_digit(u32::from(*b), 16).unwrap_or('0'))
        .collect()
}

fn from_mask(mask: &str) -> Positions {
    mask.chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let v = c.to_digit(16).unwrap_or(0);
            (0..4)
                .filter(move |bit| v & (1 << bit) != 0)
                .map(move |bit| (i * 4 + bit) as u16)
        })
        .collect()
}

pub(super) fn to_line<'a>(guide: &Guide, stamp: &Stamp, s: &'a Summary) -> LineOut<'a> {
    // Stages by their place in the guide: the index is tied to its guide anyway.
    let stage_at = |id: &str| guide.stages.iter().position(|st| st.id == id);
    let obstacles = s
        .obstacles_open
        .iter()
        .filter_map(|id| guide.obstacles.iter().position(|o| *o.id == **id))
        .collect();
    (
        (stamp.size, stamp.modified_ns, stamp.inode),
        (
            &s.id,
            &s.customer,
            &s.customer_id,
            &s.participant,
            &s.role,
            &s.interviewer,
        ),
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

pub(super) fn from_line(guide: &Guide, line: Line) -> Option<(Stamp, Summary)> {
    let (
        (size, modified_ns, inode),
        (id, customer, customer_id, participant, role, interviewer),
        times,
        counts,
        stage,
        sets,
    ) = line;
    let (elapsed_seconds, answered, conflicts) = counts;
    let (stage, position, between) = stage;
    let stage_id = |i: usize| guide.stages.get(i).map(|st| crate::text::name(&st.id));
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
        customer: customer.0,
        customer_id: customer_id.0,
        participant: participant.0,
        role: role.0,
        interviewer: interviewer.0,
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
        obstacles_open: crate::text::names(
            obstacles
                .into_iter()
                .filter_map(|i| guide.obstacles.get(i).map(|o| crate::text::name(&o.id))),
        ),
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

pub(super) fn nanos((secs, nanos, _): Parts) -> i64 {
    secs.saturating_mul(1_000_000_000)
        .saturating_add(i64::from(nanos))
}

/// A file that went between the listing and the read: it never matches.
pub(super) const NO_STAMP: Stamp = Stamp {
    size: 0,
    modified_ns: -1,
    inode: 0,
};
