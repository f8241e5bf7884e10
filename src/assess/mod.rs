//! The assessment: where a customer sits on the journey, and why, as pure functions of a guide
//! and a session's answers.

mod agreement;
pub mod insights;
mod next;
mod obstacles;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::guide::{Evidence, Guide, ObstacleStatus, Question, Role, Target};
use crate::session::{Session, Value};

pub use agreement::Disagreement;
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
    let (reading, strength, reasons) = stage_reading(guide, &evidence, full);
    let position = reading.position;
    let stage = position.map(|p| guide.stages[nearest(p, guide.stages.len())].id.clone());
    let between = reading
        .between
        .map(|[a, b]| [guide.stages[a].id.clone(), guide.stages[b].id.clone()]);
    let next_questions = if full {
        next::next_questions(guide, session, &reading)
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
        drivers: {
            let collectable = guide.collectable.get_or_init(|| {
                guide
                    .drivers
                    .iter()
                    .map(|d| collectable_weight(guide, &d.id))
                    .collect()
            });
            guide
                .drivers
                .iter()
                .zip(collectable)
                .map(|(d, &most)| driver_reading(guide, d, &evidence, most, full))
                .collect()
        },
        milestones: if full {
            milestones(guide, session)
        } else {
            Vec::new()
        },
        obstacles: obstacles::readings(guide, session, &evidence, full),
        highlights: if full {
            highlights(guide, session)
        } else {
            Vec::new()
        },
    }
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

/// One question's strongest pull on a scale: (scale point, weight, the evidence, what it points
/// to). Reasons are written out only when asked for.
type Pull<'a, 'g> = (f64, f64, &'a Found<'g>, &'g str);

/// Keeps, per question, the evidence at the highest point: the journey is cumulative, so a
/// customer who virtualized SAP and file servers is as far as SAP puts them.
fn highest_per_question<'a, 'g>(pulls: Vec<(&'g str, Pull<'a, 'g>)>) -> Vec<Pull<'a, 'g>> {
    let mut best: Vec<(&str, Pull)> = Vec::new();
    for (qid, pull) in pulls {
        match best.iter_mut().find(|(q, _)| *q == qid) {
            Some((_, held)) if (pull.0, pull.1) > (held.0, held.1) => *held = pull,
            Some(_) => {}
            None => best.push((qid, pull)),
        }
    }
    best.into_iter().map(|(_, p)| p).collect()
}

/// Weighted mean of the pulls, the strength behind it, and (if asked) the reasons, strongest
/// first.
fn weighted(
    guide: &Guide,
    pulls: Vec<Pull>,
    with_reasons: bool,
) -> (Option<f64>, Strength, Vec<Reason>) {
    let weight: f64 = pulls.iter().map(|p| p.1).sum();
    let position = (weight > 0.0).then(|| {
        let mean = pulls.iter().map(|p| p.0 * p.1).sum::<f64>() / weight;
        (mean * 1000.0).round() / 1000.0
    });
    let ratio = (weight / guide.assessment.strong_evidence).min(1.0);
    let label = match ratio {
        r if r <= 0.0 => StrengthLabel::None,
        r if r < 1.0 / 3.0 => StrengthLabel::Low,
        r if r < 2.0 / 3.0 => StrengthLabel::Medium,
        _ => StrengthLabel::High,
    };
    let strength = Strength {
        weight,
        answers: pulls.len(),
        ratio,
        label,
    };
    let mut reasons: Vec<Reason> = if with_reasons {
        pulls
            .iter()
            .map(|(_, w, f, to)| reason(f, to, *w))
            .collect()
    } else {
        Vec::new()
    };
    reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    (position, strength, reasons)
}

/// Where the customer is now, how sure, and why: the present-day and floor evidence read
/// together (see `agreement`); history never places them, and is listed in the reasons as how
/// they got there. The strength is the evidence's weight, capped by how well it agrees: "high"
/// needs plenty of evidence that agrees.
fn stage_reading(
    guide: &Guide,
    found: &[Found],
    with_reasons: bool,
) -> (agreement::Reading, Strength, Vec<Reason>) {
    let pulls_of = |role: Role| {
        let pulls = found
            .iter()
            .filter(|f| f.evidence.role == role)
            .filter_map(|f| match &f.evidence.target {
                Target::Stage { stage, weight } => {
                    let index = guide.stage_index(stage)?;
                    Some((
                        f.question.id.as_str(),
                        (index as f64, *weight, f, guide.stages[index].name.as_str()),
                    ))
                }
                _ => None,
            })
            .collect();
        highest_per_question(pulls)
    };
    let floors = pulls_of(Role::Floor);
    // Within one question only its furthest point counts, whatever the role.
    let mut current = pulls_of(Role::Current);
    current.retain(|c| {
        !floors
            .iter()
            .any(|f| f.2.question.id == c.2.question.id && f.0 > c.0)
    });
    let points: Vec<agreement::Point> = current
        .iter()
        .map(|p| (p, false))
        .chain(floors.iter().map(|p| (p, true)))
        .map(|(&(stage, weight, found, _), floor)| agreement::Point {
            stage: stage as usize,
            weight,
            floor,
            found,
        })
        .collect();
    let reading = agreement::read(guide, &points);
    let mut placing = current;
    placing.extend(floors);
    let (_, mut strength, mut reasons) = weighted(guide, placing, with_reasons);
    let cap = match reading.agreement {
        Some(a) if a >= agreement::AGREEMENT_HIGH => StrengthLabel::High,
        Some(a) if a >= agreement::AGREEMENT_MEDIUM => StrengthLabel::Medium,
        _ => StrengthLabel::Low,
    };
    strength.label = strength.label.min(cap);
    // Answers that disagree in words never read as "high".
    if !reading.disagreements.is_empty() {
        strength.label = strength.label.min(StrengthLabel::Medium);
    }
    if with_reasons {
        let history = pulls_of(Role::History);
        reasons.extend(history.iter().map(|(_, w, f, to)| {
            reason(
                f,
                &format!("{to} (how they got there; does not place them)"),
                *w,
            )
        }));
    }
    (reading, strength, reasons)
}

fn driver_reading(
    guide: &Guide,
    driver: &crate::guide::Driver,
    found: &[Found],
    collectable: f64,
    with_reasons: bool,
) -> DriverReading {
    let pulls = found
        .iter()
        .filter_map(|f| match &f.evidence.target {
            Target::Driver {
                driver: id,
                level,
                weight,
            } if *id == driver.id => {
                let name = driver.levels.get(*level)?;
                Some((
                    f.question.id.as_str(),
                    (*level as f64, *weight, f, name.as_str()),
                ))
            }
            _ => None,
        })
        .collect();
    let pulls = highest_per_question(pulls);
    // The level is the best-supported level reported (the most weight; on a tie the higher),
    // never an average that lands on a level nobody reported.
    let mut per_level = vec![0.0; driver.levels.len()];
    for (level, weight, _, _) in &pulls {
        if let Some(w) = per_level.get_mut(*level as usize) {
            *w += weight;
        }
    }
    let best = per_level
        .iter()
        .enumerate()
        .filter(|(_, w)| **w > 0.0)
        .max_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(&b.0)))
        .map(|(level, _)| level);
    let reported: Vec<usize> = pulls.iter().map(|p| p.0 as usize).collect();
    let spread = match (reported.iter().min(), reported.iter().max()) {
        (Some(&low), Some(&high)) if low != high => Some([low, high]),
        _ => None,
    };
    let (_, mut strength, reasons) = weighted(guide, pulls, with_reasons);
    strength.ratio = if collectable > 0.0 {
        (strength.weight / collectable).min(1.0)
    } else {
        0.0
    };
    strength.label = match strength.ratio {
        r if r <= 0.0 => StrengthLabel::None,
        r if r < 0.25 => StrengthLabel::Low,
        r if r < 0.5 => StrengthLabel::Medium,
        _ => StrengthLabel::High,
    };
    let max_level = driver.levels.len().saturating_sub(1);
    DriverReading {
        id: driver.id.clone(),
        name: driver.name.clone(),
        level: best.map(|l| l as f64),
        max_level,
        level_name: best.map(|l| driver.levels[l].clone()),
        strength,
        spread,
        reasons,
    }
}

/// The most evidence a driver can collect in the guide: each question's strongest evidence for
/// it, added up.
fn collectable_weight(guide: &Guide, driver: &str) -> f64 {
    guide
        .questions()
        .map(|(_, q)| {
            q.options
                .iter()
                .flat_map(|o| o.evidence.iter())
                .chain(q.bands.iter().flat_map(|b| b.evidence.iter()))
                .filter_map(|e| match &e.target {
                    Target::Driver {
                        driver: d, weight, ..
                    } if d == driver => Some(*weight),
                    _ => None,
                })
                .fold(0.0, f64::max)
        })
        .sum()
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

fn milestones(guide: &Guide, session: &Session) -> Vec<MilestoneReading> {
    guide
        .milestones
        .iter()
        .map(|m| {
            let mut questions = m.when.questions();
            questions.dedup();
            let reasons: Vec<String> = questions
                .iter()
                .filter_map(|qid| {
                    let q = guide.question(qid)?;
                    let value = session.answer(qid)?.answered_value()?;
                    Some(format!(
                        "{}: {}",
                        q.label(),
                        crate::session::answer_text(q, value)
                    ))
                })
                .collect();
            // Reached or not only once the answers it depends on say so: a question not asked
            // yet leaves it unknown, not "not reached".
            let state = match m.when.eval_known(session) {
                Some(true) => MilestoneState::Reached,
                Some(false) => MilestoneState::NotReached,
                None => MilestoneState::Unknown,
            };
            MilestoneReading {
                id: m.id.clone(),
                name: m.name.clone(),
                state,
                reasons,
            }
        })
        .collect()
}

fn highlights(guide: &Guide, session: &Session) -> Vec<HighlightReading> {
    guide
        .highlights
        .iter()
        .map(|h| HighlightReading {
            id: h.id.clone(),
            title: h.title.clone(),
            items: h
                .questions
                .iter()
                .filter_map(|qid| {
                    Some((guide.question(qid)?, session.answer(qid)?.answered_value()?))
                })
                .flat_map(|(q, value)| {
                    let Value::Choice { selected, other } = value else {
                        return Vec::new();
                    };
                    // "None of these" is an answer, not an item to list; "Other…" is what
                    // the customer said.
                    let selected = crate::session::Picked::new(selected);
                    q.options
                        .iter()
                        .filter(|o| !o.exclusive && selected.contains(&o.id))
                        .map(|o| crate::session::item_label(o, other.as_deref()))
                        .collect::<Vec<_>>()
                })
                .collect(),
        })
        .collect()
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

impl Assessment {
    /// The band and the agreement in words, for reports: "band 1.65–3.00 (Business Production
    /// to ITaaS); 82% of the evidence agrees".
    pub fn band_words(&self, guide: &Guide) -> Option<String> {
        let [low, high] = self.range?;
        let name = |p: f64| guide.stages[nearest(p, guide.stages.len())].name.as_str();
        let stages = if name(low) == name(high) {
            format!("within {}", name(low))
        } else {
            format!("{} to {}", name(low), name(high))
        };
        let agrees = self.agreement.map_or(String::new(), |a| {
            format!("; {:.0}% of the evidence agrees", a * 100.0)
        });
        Some(format!("band {low:.2}–{high:.2} ({stages}){agrees}"))
    }

    /// The stage label with the stages' short names, for narrow places: "IT Prod → Biz Prod".
    pub fn short_stage_label(&self, guide: &Guide) -> String {
        short_stage_label(guide, self.stage.as_deref(), self.between.as_ref())
    }

    /// "IT Production", "between IT Production and Business Production", or "no evidence yet".
    pub fn stage_label(&self, guide: &Guide) -> String {
        stage_label(guide, self.stage.as_deref(), self.between.as_ref())
    }
}

/// "IT Production", "between IT Production and Business Production", or "no evidence yet".
pub fn stage_label(guide: &Guide, stage: Option<&str>, between: Option<&[String; 2]>) -> String {
    match (between, stage) {
        (Some([a, b]), _) => format!(
            "between {} and {}",
            stage_name(guide, a),
            stage_name(guide, b)
        ),
        (None, Some(s)) => stage_name(guide, s).to_string(),
        (None, None) => "no evidence yet".to_string(),
    }
}

/// The stage label with the stages' short names, for narrow places: "IT Prod → Biz Prod".
pub fn short_stage_label(
    guide: &Guide,
    stage: Option<&str>,
    between: Option<&[String; 2]>,
) -> String {
    let short = |id: &str| {
        guide
            .stages
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.short_name().to_string())
    };
    match (between, stage) {
        (Some([a, b]), _) => format!("{} → {}", short(a), short(b)),
        (None, Some(s)) => short(s),
        (None, None) => "no evidence yet".to_string(),
    }
}
