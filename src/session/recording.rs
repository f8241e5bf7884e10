//! What ties a session to its recording: the timeline (which question was on screen when, on
//! the interview's clock) and the transcripts attached to it (kept in `<data>/transcripts/`).

use serde::{Deserialize, Serialize};

use super::Session;

/// One visit to a question: on screen from `from` to `to`, in whole seconds of interview time
/// (the clock of `elapsed_seconds` and of the `[mm:ss]` stamps in the notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub question: String,
    pub from: u64,
    pub to: u64,
}

/// A transcript attached to the session: its file in `<data>/transcripts/`, kept byte for byte.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attached {
    /// The file's name in `<data>/transcripts/` (`<id>.vtt`, `<id>.2.srt`).
    pub file: String,
    /// `webvtt`, `srt` or `text`.
    pub format: String,
    /// How many seconds the recording started before the interview (negative: after).
    #[serde(default)]
    pub offset: f64,
    /// The speaker who is the participant, as the transcript names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<String>,
    /// The speaker who is the interviewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
}

impl Session {
    /// Adds `from..to` on `question` to the timeline: the visit under way goes on, or a new one
    /// starts (another question, or the same one after a gap).
    pub fn record_visit(&mut self, question: &str, from: u64, to: u64) {
        if to <= from {
            return;
        }
        match self.timeline.last_mut() {
            Some(v) if v.question == question && v.to == from => v.to = to,
            _ => self.timeline.push(Visit {
                question: question.to_string(),
                from,
                to,
            }),
        }
    }

    /// The question on screen at `t` seconds of interview time, by the timeline.
    pub fn question_at(&self, t: f64) -> Option<&str> {
        let after = self.timeline.partition_point(|v| (v.from as f64) <= t);
        let visit = self.timeline[..after].last()?;
        // The end of the last visit is still on it (the interview stopped there).
        let last = after == self.timeline.len();
        let to = visit.to as f64;
        (t < to || (last && t == to)).then_some(visit.question.as_str())
    }

    /// The `[mm:ss]` stamps typed into the notes: (seconds, question), in time order.
    pub fn note_stamps(&self) -> Vec<(u64, &str)> {
        let mut out: Vec<(u64, &str)> = Vec::new();
        for (question, answer) in &self.answers {
            for line in answer.notes.lines() {
                if let Some(t) = stamp(line) {
                    out.push((t, question.as_str()));
                }
            }
        }
        out.sort();
        out
    }
}

/// The seconds of a note line's leading `[mm:ss]` or `[h:mm:ss]` stamp.
fn stamp(line: &str) -> Option<u64> {
    let inside = line.trim_start().strip_prefix('[')?.split_once(']')?.0;
    let parts: Vec<&str> = inside.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    parts
        .iter()
        .try_fold(0u64, |acc, p| Some(acc * 60 + p.parse::<u64>().ok()?))
}

/// The timeline of a merge of two copies grown from `base`: one side's when only it changed;
/// when both did, the first's, then the second's visits after the base, moved on by the time
/// the first added (as interview time adds up: both interviews' seconds count).
pub fn merge_timeline(base: &Session, first: &Session, second: &Session) -> Vec<Visit> {
    if second.timeline == base.timeline {
        return first.timeline.clone();
    }
    if first.timeline == base.timeline {
        return second.timeline.clone();
    }
    let from = base.elapsed_seconds;
    let shift = first.elapsed_seconds.saturating_sub(from);
    let mut out = first.clone();
    for v in second.timeline.iter().filter(|v| v.to > from) {
        out.record_visit(&v.question, v.from.max(from) + shift, v.to + shift);
    }
    out.timeline
}

/// The transcripts of a merge: what either side attached or changed, less what either
/// removed.
pub fn merge_attached(base: &[Attached], first: &[Attached], second: &[Attached]) -> Vec<Attached> {
    let removed = |a: &Attached| base.contains(a) && (!first.contains(a) || !second.contains(a));
    let mut out: Vec<Attached> = Vec::new();
    for a in first.iter().chain(second) {
        if !removed(a) && !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::session::{Meta, OpenSession, Store};

    fn session() -> Session {
        let guide = crate::guide::builtin().expect("guide");
        Session::new(&guide, Meta::new("Acme"))
    }

    #[test]
    fn a_visit_goes_on_until_the_question_changes_and_going_back_adds_one() {
        let mut s = session();
        s.record_visit("a", 0, 5);
        s.record_visit("a", 5, 9);
        s.record_visit("b", 9, 20);
        s.record_visit("a", 20, 21);
        s.record_visit("a", 30, 31);
        let visits: Vec<(&str, u64, u64)> = s
            .timeline
            .iter()
            .map(|v| (v.question.as_str(), v.from, v.to))
            .collect();
        assert_eq!(
            visits,
            [("a", 0, 9), ("b", 9, 20), ("a", 20, 21), ("a", 30, 31)]
        );
        assert_eq!(s.question_at(0.0), Some("a"));
        assert_eq!(s.question_at(8.99), Some("a"));
        assert_eq!(s.question_at(9.0), Some("b"));
        assert_eq!(s.question_at(25.0), None);
        assert_eq!(s.question_at(31.0), Some("a"));
        assert_eq!(s.question_at(-1.0), None);
    }

    #[test]
    fn stamps_are_read_from_the_start_of_note_lines() {
        let mut s = session();
        s.set_notes("org.size", "[01:05] two sites\nnot [02:00] this");
        s.set_notes("org.industry", "[1:00:02] late\n[00:10] early");
        assert_eq!(
            s.note_stamps(),
            vec![
                (10, "org.industry"),
                (65, "org.size"),
                (3602, "org.industry")
            ]
        );
    }

    #[test]
    fn both_sides_time_adds_up_in_a_merged_timeline() {
        let mut base = session();
        base.record_visit("a", 0, 10);
        base.elapsed_seconds = 10;
        let mut first = base.clone();
        first.record_visit("a", 10, 15);
        first.elapsed_seconds = 15;
        let mut second = base.clone();
        second.record_visit("b", 10, 12);
        second.elapsed_seconds = 12;
        let merged = merge_timeline(&base, &first, &second);
        assert_eq!(
            merged,
            vec![
                Visit {
                    question: "a".into(),
                    from: 0,
                    to: 15
                },
                Visit {
                    question: "b".into(),
                    from: 15,
                    to: 17
                },
            ]
        );
        assert_eq!(merge_timeline(&base, &base, &second), second.timeline);
    }

    #[test]
    fn transcripts_attached_on_either_side_stay_and_a_changed_record_replaces_the_old() {
        let record = |file: &str, offset: f64| Attached {
            file: file.into(),
            format: "webvtt".into(),
            offset,
            participant: None,
            interviewer: None,
        };
        let base = vec![record("a.vtt", 0.0)];
        let first = vec![record("a.vtt", 30.0)];
        let second = vec![record("a.vtt", 0.0), record("a.2.vtt", 0.0)];
        assert_eq!(
            merge_attached(&base, &first, &second),
            vec![record("a.vtt", 30.0), record("a.2.vtt", 0.0)]
        );
        // Removed on one side: gone.
        assert_eq!(merge_attached(&base, &[], &base), Vec::<Attached>::new());
    }

    #[test]
    fn the_timeline_is_kept_across_a_resume_and_going_back_adds_a_visit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Instant::now();
        let store = Store::open(dir.path()).expect("store");
        let mut session = session();
        store.create(&mut session).expect("create");
        let lock = store.lock(&session.id).expect("lock");
        let mut open = OpenSession::new(session, Some(lock), None, t0);
        open.changed(t0);
        open.account_time(Some("org.industry"), t0 + Duration::from_secs(4));
        open.save(&store, Some("org.size"), t0 + Duration::from_secs(10));
        let id = open.session.id.clone();
        drop(open);
        // Resumed later: the clock goes on from where the interview stopped.
        let t1 = t0 + Duration::from_secs(3600);
        let lock = store.lock(&id).expect("lock");
        let session = store.load(&id).expect("load");
        let mut open = OpenSession::new(session, Some(lock), None, t1);
        open.changed(t1);
        open.account_time(Some("org.size"), t1 + Duration::from_secs(3));
        open.save(&store, Some("org.industry"), t1 + Duration::from_secs(5));
        let saved = store.load(&id).expect("load");
        let visits: Vec<(&str, u64, u64)> = saved
            .timeline
            .iter()
            .map(|v| (v.question.as_str(), v.from, v.to))
            .collect();
        assert_eq!(
            visits,
            [
                ("org.industry", 0, 4),
                ("org.size", 4, 13),
                ("org.industry", 13, 15)
            ]
        );
        assert_eq!(saved.elapsed_seconds, 15);
    }
}
