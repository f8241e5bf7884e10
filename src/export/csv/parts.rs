//! A session's CSV row in parts, as the row cache keeps it: the cells every export has (the
//! session's own, its assessment, follow-ups, codes and every question's answer cells), then its
//! notes and quotes cells by question position. Which notes and quotes columns an export has
//! depends on the sessions exported together (its [`Plan`]), so a row is assembled for a plan by
//! picking parts; every cell is already neutralised and CSV-encoded, the bytes the export writes.
//!
//! A blob: `u32` length and the fixed cells (joined by commas, no newline); `u16` count of notes
//! cells, each `u16` position, `u32` length and bytes; the same for quotes. Little-endian.

use super::{neutralise, write_answer, write_session, Plan, Row};
use crate::assess::Assessment;
use crate::guide::Guide;
use crate::session::Session;

/// Encodes a session's parts into `blob` (appended). `writer` is a flexible CSV writer whose
/// records are taken one at a time (each ends with the `\n` the writer puts).
pub(super) fn encode(
    plan: &Plan,
    guide: &Guide,
    s: &Session,
    a: &Assessment,
    writer: &mut ::csv::Writer<Vec<u8>>,
    blob: &mut Vec<u8>,
) -> ::csv::Result<()> {
    // Everything before is flushed: the record starts at the end of the writer's bytes.
    let mut start = writer.get_ref().len();
    let mut row = Row { writer };
    let answers = plan.placed(s);
    write_session(&mut row, s, a)?;
    plan.write_follow_ups_and_codes(&mut row, guide, s, &answers)?;
    for (q, answer) in guide.questions().map(|(_, q)| q).zip(&answers) {
        write_answer(&mut row, q, *answer)?;
    }
    let fixed = record(writer, &mut start)?;
    blob.extend_from_slice(&len32(fixed.len()).to_le_bytes());
    blob.extend_from_slice(&fixed);
    let notes: Vec<(usize, String)> = answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((i, neutralise(&(*a)?.notes).into_owned())))
        .collect();
    cells(writer, &mut start, blob, &notes)?;
    let quotes: Vec<(usize, String)> = answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((i, neutralise(&(*a)?.quotes.join("\n")).into_owned())))
        .collect();
    cells(writer, &mut start, blob, &quotes)
}

/// Appends the non-empty cells among `texts` (neutralised), each encoded as a field alone.
fn cells(
    writer: &mut ::csv::Writer<Vec<u8>>,
    start: &mut usize,
    blob: &mut Vec<u8>,
    texts: &[(usize, String)],
) -> ::csv::Result<()> {
    // An empty cell is written as nothing between commas: it is not kept (a field alone that is
    // empty would be encoded `""`, never what the row has).
    let kept: Vec<&(usize, String)> = texts.iter().filter(|(_, t)| !t.is_empty()).collect();
    blob.extend_from_slice(&len16(kept.len()).to_le_bytes());
    for (at, text) in kept {
        writer.write_field(text)?;
        let cell = record(writer, start)?;
        blob.extend_from_slice(&len16(*at).to_le_bytes());
        blob.extend_from_slice(&len32(cell.len()).to_le_bytes());
        blob.extend_from_slice(&cell);
    }
    Ok(())
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn len16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Ends the record being written, which began at `start` in the writer's bytes, and takes its
/// bytes without the newline; `start` moves past it.
fn record(writer: &mut ::csv::Writer<Vec<u8>>, start: &mut usize) -> ::csv::Result<Vec<u8>> {
    writer.write_record(None::<&[u8]>)?;
    writer.flush()?;
    let all = writer.get_ref();
    let cell = all
        .get(*start..all.len().saturating_sub(1))
        .unwrap_or_default()
        .to_vec();
    *start = all.len();
    Ok(cell)
}

/// Reads little-endian numbers and byte runs off a blob; `None` past its end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<usize> {
        usize::try_from(u32::from_le_bytes(self.take(4)?.try_into().ok()?)).ok()
    }

    /// A list of cells: count, then position, length and bytes each.
    fn cells(&mut self) -> Option<Vec<(usize, &'a [u8])>> {
        let n = self.u16()?;
        let mut out = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            let at = usize::from(self.u16()?);
            let len = self.u32()?;
            out.push((at, self.take(len)?));
        }
        Some(out)
    }
}

/// Appends the row of `blob` for `plan` to `out` (ending with a newline); `None`, with `out`
/// as it was, when the blob does not add up.
pub(super) fn assemble(plan: &Plan, blob: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let mut read = Reader(blob);
    let fixed_len = read.u32()?;
    let fixed = read.take(fixed_len)?;
    let notes = read.cells()?;
    let quotes = read.cells()?;
    if !read.0.is_empty() {
        return None;
    }
    out.extend_from_slice(fixed);
    for (columns, cells) in [(&plan.notes_at, notes), (&plan.quotes_at, quotes)] {
        let mut cells = cells.into_iter().peekable();
        for &at in columns {
            out.push(b',');
            while cells.next_if(|(i, _)| *i < at).is_some() {}
            if let Some((_, cell)) = cells.next_if(|(i, _)| *i == at) {
                out.extend_from_slice(cell);
            }
        }
    }
    out.push(b'\n');
    Some(())
}
