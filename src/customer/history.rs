//! A customer's journey over its interviews: where each interview placed it, the milestones
//! with the date each was first seen reached, the obstacles with when they were raised and
//! resolved, and the movement from one interview to the next with what changed.

use std::cmp::Ordering;

use serde::Serialize;

use crate::assess::{assess_with, Assessment, Detail, MilestoneState, StrengthLabel};
use crate::guide::{Guide, ObstacleStatus, Question};
use crate::session::{answer_text, Answer, Session, Timestamp, Value};

/// A customer's interviews read together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    pub id: String,
    pub name: String,
    /// Oldest first.
    pub interviews: Vec<Interview>,
    pub milestones: Vec<MilestoneSeen>,
    pub obstacles: Vec<ObstacleSeen>,
    /// From each interview to the next.
    pub movement: Vec<Move>,
    /// From the first interview to the latest, when there are two or more.
    pub overall: Option<Move>,
}

/// Where one interview placed the customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interview {
    pub session: String,
    pub started: Timestamp,
    pub participant: String,
    pub interviewer: String,
    pub position: Option<f64>,
    pub stage: Option<String>,
    /// "between IT Production and Business Production", "ITaaS", ...
    pub stage_label: String,
    pub band: Option<[f64; 2]>,
    pub strength: StrengthLabel,
    pub drivers: Vec<DriverLevel>,
}

/// A driver's level in one interview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverLevel {
    pub id: String,
    pub name: String,
    pub level: Option<f64>,
    pub level_name: Option<String>,
}

/// A milestone over the interviews.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneSeen {
    pub id: String,
    pub name: String,
    /// When an interview first found it reached, and which.
    pub first_reached: Option<Timestamp>,
    pub session: Option<String>,
    /// As the latest interview reads it.
    pub latest: MilestoneState,
}

impl MilestoneSeen {
    /// "first reached 2026-01-10", with "not reached at the latest interview" when it was
    /// lost since; else the latest state ("not known yet").
    pub fn words(&self) -> String {
        match (self.first_reached, self.latest) {
            (Some(t), MilestoneState::Reached) => format!("first reached {}", t.format("%Y-%m-%d")),
            (Some(t), latest) => format!(
                "first reached {}; {} at the latest interview",
                t.format("%Y-%m-%d"),
                latest.label()
            ),
            (None, latest) => latest.label().to_string(),
        }
    }
}

/// An obstacle over the interviews.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObstacleSeen {
    pub id: String,
    pub name: String,
    /// The first interview where it came up as a problem.
    pub raised: Option<Timestamp>,
    /// The first interview, after it was raised, where it was resolved.
    pub resolved: Option<Timestamp>,
    /// The first interview, after the last one where it was resolved, where it was a problem
    /// again (raised or being addressed): it came back.
    pub raised_again: Option<Timestamp>,
    pub latest: ObstacleStatus,
}

impl ObstacleSeen {
    /// What happened to it, in words and dates: "first raised …", "resolved …", "raised again …".
    pub fn words(&self) -> Vec<String> {
        let day = |t: &Timestamp| t.format("%Y-%m-%d").to_string();
        [
            ("first raised", &self.raised),
            ("resolved", &self.resolved),
            ("raised again", &self.raised_again),
        ]
        .into_iter()
        .filter_map(|(what, t)| t.as_ref().map(|t| format!("{what} {}", day(t))))
        .collect()
    }
}

/// What happened between two interviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    Forward,
    Back,
    /// At the chasm both times, not across it.
    StalledAtChasm,
    Same,
}

impl Movement {
    pub fn label(self) -> &'static str {
        match self {
            Movement::Forward => "moved forward",
            Movement::Back => "went back",
            Movement::StalledAtChasm => "stalled at the chasm",
            Movement::Same => "stayed",
        }
    }
}

/// A move from one interview to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub session_from: String,
    pub session_to: String,
    /// The positions.
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub delta: Option<f64>,
    pub stage_from: Option<String>,
    pub stage_to: Option<String>,
    pub movement: Movement,
    pub changes: Changes,
}

/// What the later interview says differently.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    pub drivers: Vec<Change>,
    pub obstacles: Vec<Change>,
    pub answers: Vec<Change>,
}

/// One thing that differs: its id, its name, before and after in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub id: String,
    pub name: String,
    pub from: String,
    pub to: String,
}

/// Less than this between two positions is the same place.
const SAME: f64 = 0.25;

/// The history of customer `id` (shown as `name`) from its sessions, in any order.
pub fn history(guide: &Guide, id: &str, name: &str, sessions: &[Session]) -> History {
    let mut sessions: Vec<&Session> = sessions.iter().collect();
    sessions.sort_by(|a, b| (a.meta.started, &a.id).cmp(&(b.meta.started, &b.id)));
    // Assessed across the cores, without what the history does not show (reasons, questions
    // to ask next): a customer can have hundreds of interviews.
    let readings = |s: &&Session| assess_with(guide, s, Detail::Readings);
    let assessed = crate::par::map_slots(&sessions, readings);
    let read: Vec<(&Session, Assessment)> = sessions
        .iter()
        .zip(assessed)
        .map(|(s, a)| (*s, a.unwrap_or_else(|| readings(s))))
        .collect();
    from_read(guide, id, name, &read)
}

/// The history from its interviews read and assessed, oldest first.
fn from_read(guide: &Guide, id: &str, name: &str, read: &[(&Session, Assessment)]) -> History {
    let pairs: Vec<usize> = (1..read.len()).collect();
    let step = |&i: &usize| moved(guide, &read[i - 1], &read[i]);
    let movement = crate::par::map_slots(&pairs, step)
        .into_iter()
        .zip(&pairs)
        .map(|(m, i)| m.unwrap_or_else(|| step(i)))
        .collect();
    History {
        id: id.to_string(),
        name: name.to_string(),
        interviews: read.iter().map(|(s, a)| interview(guide, s, a)).collect(),
        milestones: milestones(read),
        obstacles: obstacles(read),
        movement,
        overall: match read {
            [first, .., last] => Some(moved(guide, first, last)),
            _ => None,
        },
    }
}

#[cfg(test)]
pub(super) fn from_full(guide: &Guide, (id, name): (&str, &str), sessions: &[Session]) -> History {
    let mut read: Vec<(&Session, Assessment)> = sessions
        .iter()
        .map(|s| (s, crate::assess::assess(guide, s)))
        .collect();
    read.sort_by(|(a, _), (b, _)| (a.meta.started, &a.id).cmp(&(b.meta.started, &b.id)));
    from_read(guide, id, name, &read)
}

fn interview(guide: &Guide, s: &Session, a: &Assessment) -> Interview {
    Interview {
        session: s.id.clone(),
        started: s.meta.started,
        participant: s.meta.participant.clone(),
        interviewer: s.meta.interviewer.clone(),
        position: a.position,
        stage: a.stage.clone(),
        stage_label: a.stage_label(guide),
        band: a.range,
        strength: a.strength.label,
        drivers: a
            .drivers
            .iter()
            .map(|d| DriverLevel {
                id: d.id.clone(),
                name: d.name.clone(),
                level: d.level,
                level_name: d.level_name.clone(),
            })
            .collect(),
    }
}

fn milestones(read: &[(&Session, Assessment)]) -> Vec<MilestoneSeen> {
    let Some((_, latest)) = read.last() else {
        return Vec::new();
    };
    latest
        .milestones
        .iter()
        .map(|m| {
            let first = read.iter().find(|(_, a)| {
                a.milestones
                    .iter()
                    .any(|x| x.id == m.id && x.state == MilestoneState::Reached)
            });
            MilestoneSeen {
                id: m.id.clone(),
                name: m.name.clone(),
                first_reached: first.map(|(s, _)| s.meta.started),
                session: first.map(|(s, _)| s.id.clone()),
                latest: m.state,
            }
        })
        .collect()
}

fn obstacles(read: &[(&Session, Assessment)]) -> Vec<ObstacleSeen> {
    let Some((_, latest)) = read.last() else {
        return Vec::new();
    };
    latest
        .obstacles
        .iter()
        .map(|o| {
            let status = |a: &Assessment| a.obstacle_status(&o.id);
            let raised = read.iter().position(|(_, a)| status(a).was_raised());
            let resolved = raised.and_then(|from| {
                read[from..]
                    .iter()
                    .find(|(_, a)| status(a) == ObstacleStatus::Resolved)
            });
            let problem =
                |a: &Assessment| status(a).was_raised() && status(a) != ObstacleStatus::Resolved;
            let last_resolved = resolved.and_then(|_| {
                read.iter()
                    .rposition(|(_, a)| status(a) == ObstacleStatus::Resolved)
            });
            let raised_again =
                last_resolved.and_then(|r| read[r + 1..].iter().find(|(_, a)| problem(a)));
            ObstacleSeen {
                id: o.id.clone(),
                name: o.name.clone(),
                raised: raised.map(|i| read[i].0.meta.started),
                resolved: resolved.map(|(s, _)| s.meta.started),
                raised_again: raised_again.map(|(s, _)| s.meta.started),
                latest: o.status,
            }
        })
        .collect()
}

fn moved(guide: &Guide, (s, a): &(&Session, Assessment), (t, b): &(&Session, Assessment)) -> Move {
    let delta = a
        .position
        .zip(b.position)
        .map(|(x, y)| ((y - x) * 1000.0).round() / 1000.0 + 0.0);
    Move {
        session_from: s.id.clone(),
        session_to: t.id.clone(),
        from: a.position,
        to: b.position,
        delta,
        stage_from: a.stage.clone(),
        stage_to: b.stage.clone(),
        movement: movement(guide, a, b, delta),
        changes: changes(guide, (s, a), (t, b)),
    }
}

/// Forward or back by more than a quarter of a stage; else stalled when both interviews sit at
/// a crossing not reached (within half a stage below its threshold), or the same.
fn movement(guide: &Guide, a: &Assessment, b: &Assessment, delta: Option<f64>) -> Movement {
    match delta {
        Some(d) if d >= SAME => Movement::Forward,
        Some(d) if d <= -SAME => Movement::Back,
        _ if at_chasm(guide, a) && at_chasm(guide, b) => Movement::StalledAtChasm,
        _ => Movement::Same,
    }
}

fn at_chasm(guide: &Guide, a: &Assessment) -> bool {
    let Some(p) = a.position else {
        return false;
    };
    guide.milestones.iter().any(|m| {
        let Some(stage) = m.crosses.as_deref().and_then(|c| guide.stage_index(c)) else {
            return false;
        };
        let threshold = stage as f64 - 0.5;
        let reached = a
            .milestones
            .iter()
            .any(|x| x.id == m.id && x.state == MilestoneState::Reached);
        !reached && p <= threshold + 1e-9 && p >= threshold - 0.5
    })
}

fn changes(
    guide: &Guide,
    (s, a): (&Session, &Assessment),
    (t, b): (&Session, &Assessment),
) -> Changes {
    let none = || "—".to_string();
    let drivers = a
        .drivers
        .iter()
        .zip(&b.drivers)
        .filter(|(x, y)| x.level_name != y.level_name)
        .map(|(x, y)| Change {
            id: x.id.clone(),
            name: x.name.clone(),
            from: x.level_name.clone().unwrap_or_else(none),
            to: y.level_name.clone().unwrap_or_else(none),
        })
        .collect();
    let obstacles = b
        .obstacles
        .iter()
        .map(|o| (o, a.obstacle_status(&o.id)))
        .filter(|(o, before)| o.status != *before)
        .map(|(o, before)| Change {
            id: o.id.clone(),
            name: o.name.clone(),
            from: before.label().to_string(),
            to: o.status.label().to_string(),
        })
        .collect();
    let answers = answers_differ(guide, s, t)
        .into_iter()
        .map(|(q, x, y)| Change {
            id: q.id.clone(),
            name: q.short.clone(),
            from: x.map_or_else(none, |v| answer_text(q, v)),
            to: y.map_or_else(none, |v| answer_text(q, v)),
        })
        .collect();
    Changes {
        drivers,
        obstacles,
        answers,
    }
}

/// The guide's questions the two sessions answer differently, in the guide's order, with the
/// two answers. Both sessions' answers are walked once side by side (they are kept in id
/// order), rather than each question looked up in both: a customer has hundreds of moves.
pub(super) fn answers_differ<'a>(
    guide: &'a Guide,
    s: &'a Session,
    t: &'a Session,
) -> Vec<(&'a Question, Option<&'a Value>, Option<&'a Value>)> {
    let (mut x, mut y) = (s.answers.iter().peekable(), t.answers.iter().peekable());
    let mut differ = Vec::new();
    loop {
        let (id, from, to) = match (x.peek().copied(), y.peek().copied()) {
            (None, None) => break,
            (Some((i, a)), Some((j, b))) => match i.cmp(j) {
                Ordering::Less => {
                    x.next();
                    (i, Some(a), None)
                }
                Ordering::Greater => {
                    y.next();
                    (j, None, Some(b))
                }
                Ordering::Equal => {
                    x.next();
                    y.next();
                    (i, Some(a), Some(b))
                }
            },
            (Some((i, a)), None) => {
                x.next();
                (i, Some(a), None)
            }
            (None, Some((j, b))) => {
                y.next();
                (j, None, Some(b))
            }
        };
        let said = |a: Option<&'a Answer>| a.and_then(Answer::answered_value);
        let (from, to) = (said(from), said(to));
        if from == to {
            continue;
        }
        if let Some(p) = guide.position(id) {
            let q = &guide.sections[p.section].questions[p.question];
            differ.push((p.flat, q, from, to));
        }
    }
    differ.sort_by_key(|d| d.0);
    differ.into_iter().map(|(_, q, a, b)| (q, a, b)).collect()
}
