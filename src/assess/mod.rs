//! The assessment: where a customer sits on the journey, and why, as pure functions of a guide
//! and a session's answers.

mod agreement;
mod crossing;
mod drivers;
pub mod insights;
mod labels;
mod next;
mod obstacles;
mod readings;
mod stage;
#[cfg(test)]
mod tests;
mod trial;

use serde::Serialize;

use crate::guide::{Evidence, Guide, ObstacleStatus, Question};
use crate::session::{Session, Value};

pub use agreement::Disagreement;
pub use labels::{short_stage_label, stage_label};
pub use next::{NextQuestion, NEXT_QUESTIONS};
pub use obstacles::{ObstacleReading, TacticUsed};

/// Everything the stage gauge and the obstacle checklist show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// 0.0 = the first stage, 1.0 = the second, ...; `None` until some answer carries evidence.
    pub position: Option<f64>,
    /// The id of the stage nearest the position.
    pub stage: Option<String>,
    /// The two adjacent stages the customer sits across, when the evidence is at both and the
    /// position in the gap between them (as the seed's chasm is).
    pub between: Option<[String; 2]>,
    /// The band of positions the evidence allows, `[low, high]` in the position's units: wide
    /// while evidence is thin, and towards the answers that disagree.
    pub range: Option<[f64; 2]>,
    /// Share of the evidence's weight that agrees with the two adjacent stages most of it
    /// supports, 0 to 1.
    pub agreement: Option<f64>,
    /// Strength of the evidence: how much there is, capped by how well it agrees.
    pub strength: Strength,
    /// Answers that place the customer two or more stages apart, in words.
    pub disagreements: Vec<Disagreement>,
    /// The unanswered, shown questions that would most narrow the band or settle a disagreement.
    pub next_questions: Vec<NextQuestion>,
    /// The answers that placed the customer, strongest first.
    pub reasons: Vec<Reason>,
    pub drivers: Vec<DriverReading>,
    pub milestones: Vec<MilestoneReading>,
    pub obstacles: Vec<ObstacleReading>,
    pub highlights: Vec<HighlightReading>,
}

/// How much evidence stands behind a figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Strength {
    /// Total weight of the evidence.
    pub weight: f64,
    /// Answers that carried evidence.
    pub answers: usize,
    /// Weight relative to the guide's `strong_evidence`, capped at 1.
    pub ratio: f64,
    pub label: StrengthLabel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StrengthLabel {
    None,
    Low,
    Medium,
    High,
}

impl StrengthLabel {
    pub fn label(self) -> &'static str {
        match self {
            StrengthLabel::None => "no evidence",
            StrengthLabel::Low => "low",
            StrengthLabel::Medium => "medium",
            StrengthLabel::High => "high",
        }
    }
}

/// One answer's push on a figure, with the guide's rationale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub question: String,
    /// The question's short label, for readers: "Sponsor today".
    pub label: String,
    /// The option (or value) that carried the evidence.
    pub answer: String,
    /// What it points to: a stage, a driver level or an obstacle status, by name.
    pub points_to: String,
    pub weight: f64,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverReading {
    pub id: String,
    pub name: String,
    /// 0.0 = the lowest level; `None` without evidence.
    pub level: Option<f64>,
    /// The highest level index.
    pub max_level: usize,
    /// The name of `level`.
    pub level_name: Option<String>,
    /// Relative to what this driver can collect in the guide, not to the stage's threshold.
    pub strength: Strength,
    /// The lowest and highest levels the answers reported, when they disagree.
    pub spread: Option<[usize; 2]>,
    pub reasons: Vec<Reason>,
}

impl DriverReading {
    /// When the answers disagree, the levels they span: "answers span IT ownership–CIO".
    pub fn spread_words(&self, guide: &Guide) -> Option<String> {
        let [low, high] = self.spread?;
        let levels = &guide.driver(&self.id)?.levels;
        Some(format!(
            "answers span {}–{}",
            levels.get(low)?,
            levels.get(high)?
        ))
    }

    /// The level as a share of the scale, 0.0 to 1.0.
    pub fn ratio(&self) -> Option<f64> {
        self.level.map(|l| l / self.max_level.max(1) as f64)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    Reached,
    NotReached,
    /// Not known yet: the answers it depends on have not all been given.
    Unknown,
}

impl MilestoneState {
    pub fn label(self) -> &'static str {
        match self {
            MilestoneState::Reached => "reached",
            MilestoneState::NotReached => "not reached",
            MilestoneState::Unknown => "not known yet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneReading {
    pub id: String,
    pub name: String,
    pub state: MilestoneState,
    /// The answers the milestone was read from, as "question: answer".
    pub reasons: Vec<String>,
}

/// A group of questions summarised together (triggers, products, value, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HighlightReading {
    pub id: String,
    pub title: String,
    /// The labels of the options picked, in guide order.
    pub items: Vec<String>,
}

/// How much an assessment works out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every figure with its reasons, the inflection points and the highlights.
    Full,
    /// The figures only: no reasons, milestones or highlights (for tables and summaries).
    Brief,
    /// The figures and each milestone's state: no reasons, questions to ask next or highlights
    /// (a customer's history, read over many interviews at once).
    Readings,
}

/// Assesses a session against a guide, with every reason.
pub fn assess(guide: &Guide, session: &Session) -> Assessment {
    assess_with(guide, session, Detail::Full)
}

/// Assesses a session against a guide, in as much detail as asked.
pub fn assess_with(guide: &Guide, session: &Session, detail: Detail) -> Assessment {
    assess_given(guide, session, detail, None)
}

/// [`assess_with`], with the questions skip logic shows already known (`Guide::shown`): for a
/// caller that needs them too, so they are worked out once.
pub fn assess_shown(
    guide: &Guide,
    session: &Session,
    detail: Detail,
    shown: &[bool],
) -> Assessment {
    assess_given(guide, session, detail, Some(shown))
}

fn assess_given(
    guide: &Guide,
    session: &Session,
    detail: Detail,
    shown: Option<&[bool]>,
) -> Assessment {
    let full = detail == Detail::Full;
    let evidence = collect(guide, session, shown);
    let crossings = crossing::crossings(guide, session);
    let (reading, strength, reasons) = stage::reading(guide, &evidence, &crossings, full);
    let position = reading.position;
    let stage = reading.stage.map(|i| guide.stages[i].id.clone());
    let between = reading
        .between
        .map(|[a, b]| [guide.stages[a].id.clone(), guide.stages[b].id.clone()]);
    let next_questions = if full {
        next::next_questions(guide, session, &reading, &crossings)
    } else {
        Vec::new()
    };
    Assessment {
        position,
        stage,
        between,
        range: reading.range,
        agreement: reading.agreement,
        strength,
        disagreements: reading.disagreements,
        next_questions,
        reasons,
        drivers: drivers(guide, &evidence, full),
        milestones: if detail != Detail::Brief {
            readings::milestones(guide, session)
        } else {
            Vec::new()
        },
        obstacles: obstacles::readings(guide, session, &evidence, full),
        highlights: if full {
            readings::highlights(guide, session)
        } else {
            Vec::new()
        },
    }
}

/// The stage reading alone, for trying answers out (ask next).
fn stage_only(guide: &Guide, session: &Session) -> agreement::Reading {
    let evidence = collect(guide, session, None);
    let crossings = crossing::crossings(guide, session);
    stage::reading(guide, &evidence, &crossings, false).0
}

fn drivers(guide: &Guide, evidence: &[Found], full: bool) -> Vec<DriverReading> {
    let collectable = guide.collectable.get_or_init(|| {
        guide
            .drivers
            .iter()
            .map(|d| drivers::collectable_weight(guide, &d.id))
            .collect()
    });
    guide
        .drivers
        .iter()
        .zip(collectable)
        .map(|(d, &most)| drivers::driver_reading(guide, d, evidence, most, full))
        .collect()
}

/// A piece of evidence an answer carries, with the answer text that carried it.
pub(crate) struct Found<'g> {
    pub question: &'g Question,
    /// What the question's section is evidence of: "sponsorship".
    pub aspect: &'g str,
    pub answer: std::borrow::Cow<'g, str>,
    pub evidence: &'g Evidence,
}

/// Every piece of evidence in the answered, shown questions, in guide order.
fn collect<'g>(guide: &'g Guide, session: &Session, shown: Option<&[bool]>) -> Vec<Found<'g>> {
    let mut found = Vec::new();
    for (at, (section, question)) in guide.questions().enumerate() {
        let is_shown = match shown {
            Some(shown) => shown.get(at).copied().unwrap_or(false),
            None => guide.is_shown(section, question, session),
        };
        if !is_shown {
            continue;
        }
        let Some(value) = session
            .answer(&question.id)
            .and_then(|a| a.answered_value())
        else {
            continue;
        };
        match value {
            Value::Choice { selected, .. } => {
                // A reason names every option picked, not only the one whose evidence counted.
                let ids = crate::session::Picked::new(selected);
                let picked = question.options.iter().filter(|o| ids.contains(&o.id));
                let many = selected.len() > 1;
                let all: std::borrow::Cow<'g, str> = if many {
                    crate::session::picked_labels(question, value)
                        .join("; ")
                        .into()
                } else {
                    std::borrow::Cow::Borrowed("")
                };
                for option in picked {
                    found.extend(option.evidence.iter().map(|evidence| Found {
                        question,
                        aspect: section.aspect(),
                        answer: if many {
                            all.clone()
                        } else {
                            std::borrow::Cow::Borrowed(option.label.as_str())
                        },
                        evidence,
                    }));
                }
            }
            Value::Number(n) => {
                for band in question.bands.iter().filter(|b| b.contains(*n)) {
                    found.extend(band.evidence.iter().map(|evidence| Found {
                        question,
                        aspect: section.aspect(),
                        answer: crate::session::format_number(*n, &question.unit).into(),
                        evidence,
                    }));
                }
            }
            Value::Text(_) => {}
        }
    }
    found
}

pub(crate) fn reason(found: &Found, points_to: &str, weight: f64) -> Reason {
    Reason {
        question: found.question.id.clone(),
        label: found.question.label().to_string(),
        answer: found.answer.to_string(),
        points_to: points_to.to_string(),
        weight,
        why: found.evidence.why.clone(),
    }
}

/// The index of the scale point nearest a position on a scale of `len` points.
fn nearest(position: f64, len: usize) -> usize {
    (position.round().max(0.0) as usize).min(len.saturating_sub(1))
}

impl Assessment {
    /// The derived or overridden status of an obstacle, by id.
    pub fn obstacle_status(&self, id: &str) -> ObstacleStatus {
        self.obstacles
            .iter()
            .find(|o| o.id == id)
            .map_or(ObstacleStatus::NotDiscussed, |o| o.status)
    }
}

/// The name of a stage by id, or the id itself when the guide does not know it.
pub fn stage_name<'a>(guide: &'a Guide, id: &'a str) -> &'a str {
    guide
        .stages
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.name.as_str())
}
