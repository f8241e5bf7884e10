//! The crossings: inflection points that are the way into a stage (the seed's chasm into
//! Business Production). A step taken beyond a crossing (a floor) lifts the customer across it
//! only once the crossing is reached; until then the steps that make the crossing (business
//! applications) hold the customer at the chasm, and the others (products) lift them within the
//! stage below, widen the band towards the next and are told as running ahead.

use super::agreement::{Disagreement, Lift, Point};
use super::MilestoneState;
use crate::guide::{AnswerSource, Guide, Milestone};
use crate::session::Session;

/// One crossing of the guide, read for a session.
pub(super) struct Crossing<'g> {
    /// The stage it is the way into.
    pub stage: usize,
    pub state: MilestoneState,
    pub milestone: &'g Milestone,
    /// The questions its condition reads: the steps that make the crossing.
    pub questions: Vec<&'g str>,
}

/// Every crossing in the guide with its state, lowest stage first.
pub(super) fn crossings<'g>(guide: &'g Guide, session: &Session) -> Vec<Crossing<'g>> {
    let mut out: Vec<Crossing> = guide
        .milestones
        .iter()
        .filter_map(|m| {
            let stage = guide.stage_index(m.crosses.as_deref()?)?;
            Some(Crossing {
                stage,
                state: state(guide, m, session),
                milestone: m,
                questions: m.when.questions(),
            })
        })
        .collect();
    out.sort_by_key(|c| c.stage);
    out
}

/// A floor at `stage` from `question`: what it lifts to, and the stage it points to when it runs
/// ahead of a crossing not reached (it is then read at the stage below the crossing).
pub(super) fn floor(crossings: &[Crossing], stage: usize, question: &str) -> (usize, Lift, bool) {
    let gate = crossings
        .iter()
        .find(|c| c.stage > 0 && stage >= c.stage && c.state != MilestoneState::Reached);
    match gate {
        None => (stage, Lift::free(stage), false),
        // Business applications without their owners on board: at the chasm at most.
        Some(c) if c.questions.contains(&question) => {
            let chasm = c.stage as f64 - 0.5;
            let lift = Lift {
                least: chasm,
                alone: chasm,
                band: c.stage as f64 - 1.0,
                held: Some(c.stage),
            };
            (stage, lift, false)
        }
        // A product on its own: within the stage below the crossing.
        Some(c) => (c.stage - 1, Lift::free(c.stage - 1), true),
    }
}

/// A present-day answer at `stage` to a question the crossing not reached reads (business
/// applications, application owners): held at the chasm like that question's floors (rule 2).
pub(super) fn present(crossings: &[Crossing], stage: usize, question: &str) -> Option<Lift> {
    let c = crossings.iter().find(|c| {
        c.stage > 0
            && stage >= c.stage
            && c.state != MilestoneState::Reached
            && c.questions.contains(&question)
    })?;
    let chasm = c.stage as f64 - 0.5;
    Some(Lift {
        least: chasm,
        alone: chasm,
        band: c.stage as f64 - 1.0,
        held: Some(c.stage),
    })
}

/// A crossing that holds the customer below it (see `cap`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Hold {
    /// The stage the crossing is the way into.
    pub stage: usize,
    /// Held because nothing says it happened yet (rule 8), rather than because the answers say
    /// it has not (rule 7).
    pub unknown: bool,
    /// The furthest position allowed: the crossing's threshold, or past it as far as rule 8
    /// lets the evidence beyond the crossing carry the customer.
    pub reach: f64,
}

impl Hold {
    pub fn threshold(self) -> f64 {
        self.stage as f64 - 0.5
    }
}

/// The crossing that holds the customer below it, if any:
/// - rule 7: the answers say it has not happened (business applications none yet, owners not
///   yet): at its threshold at most, whatever else was said;
/// - rule 8: it is not known yet, and the answers show the steps taken before it (in
///   production, IT workloads, products read below it): present-day answers beyond the stage it leads into (ITaaS)
///   carry the customer past its threshold only as far as they outweigh those steps, all the
///   way once they weigh twice as much; the rest waits at the threshold.
pub(super) fn cap(crossings: &[Crossing], points: &[Point], last: usize) -> Option<Hold> {
    let c = crossings
        .iter()
        .find(|c| c.stage > 0 && c.state != MilestoneState::Reached)?;
    let threshold = c.stage as f64 - 0.5;
    if c.state == MilestoneState::NotReached {
        return Some(Hold {
            stage: c.stage,
            unknown: false,
            reach: threshold,
        });
    }
    let weight = |keep: &dyn Fn(&Point) -> bool| -> f64 {
        points.iter().filter(|p| keep(p)).map(|p| p.weight).sum()
    };
    // A product running ahead is read at the stage below the crossing (rule 1): a step before it.
    let before = weight(&|p| p.floor && p.stage < c.stage);
    if before <= 0.0 {
        return None;
    }
    let beyond = weight(&|p| !p.floor && p.stage > c.stage);
    let share = ((beyond - before) / before).clamp(0.0, 1.0);
    Some(Hold {
        stage: c.stage,
        unknown: true,
        reach: threshold + (last as f64 - threshold) * share,
    })
}

/// Present-day answers past a crossing not reached, held below it, told as running ahead:
/// "sponsorship says ITaaS, ahead of “Crossed the chasm”; workloads say IT Production".
pub(super) fn held_back(guide: &Guide, points: &[Point], hold: Hold) -> Option<Disagreement> {
    let to = hold.stage;
    let past: Vec<&Point> = points
        .iter()
        .filter(|p| !p.floor && p.stage >= to)
        .collect();
    let furthest = past.iter().map(|p| p.stage).max()?;
    let behind: Vec<&Point> = points
        .iter()
        .filter(|p| p.stage < to && p.ahead.is_none())
        .collect();
    let mut told = told(guide, (&past, furthest), to, &behind);
    if hold.unknown {
        told.message = told.message.replacen("”", "” (not known yet)", 1);
    }
    Some(told)
}

/// Floors running ahead of a crossing not reached while the position stays below it, told as a
/// disagreement: "products say Business Production, ahead of “Crossed the chasm”; workloads
/// and confidence say IT Production".
pub(super) fn ahead(guide: &Guide, points: &[Point], position: f64) -> Option<Disagreement> {
    let ahead: Vec<&Point> = points.iter().filter(|p| p.ahead.is_some()).collect();
    let to = ahead.iter().filter_map(|p| p.ahead).max()?;
    let below = to - 1;
    if position >= to as f64 - 0.5 {
        return None;
    }
    let behind: Vec<&Point> = points
        .iter()
        .filter(|p| !p.floor && p.stage <= below)
        .collect();
    Some(told(guide, (&ahead, to), to, &behind))
}

/// "products say Business Production, ahead of “Crossed the chasm”; workloads say IT
/// Production": the points past the crossing into stage `to` (the furthest stage they reach),
/// and those behind it.
fn told(
    guide: &Guide,
    (past, furthest): (&[&Point], usize),
    to: usize,
    behind: &[&Point],
) -> Disagreement {
    let below = to - 1;
    let mut message = format!(
        "{} {} {}",
        aspects(past),
        verb(past),
        guide.stages[furthest].name
    );
    if let Some(m) = guide
        .milestones
        .iter()
        .find(|m| m.crosses.as_deref() == Some(guide.stages[to].id.as_str()))
    {
        message.push_str(&format!(", ahead of “{}”", m.name));
    }
    if !behind.is_empty() {
        message.push_str(&format!(
            "; {} {} {}",
            aspects(behind),
            verb(behind),
            guide.stages[below].name
        ));
    }
    let all: Vec<&Point> = past.iter().chain(behind).copied().collect();
    Disagreement {
        message,
        stages: [
            guide.stages[below].id.clone(),
            guide.stages[furthest].id.clone(),
        ],
        questions: super::agreement::questions(guide, &all),
    }
}

/// The aspects of some points, heaviest first, at most three: "workloads and confidence".
fn aspects(points: &[&Point]) -> String {
    let mut weighed: Vec<(&str, f64)> = Vec::new();
    for p in points {
        match weighed.iter_mut().find(|(a, _)| *a == p.found.aspect) {
            Some((_, w)) => *w += p.weight,
            None => weighed.push((p.found.aspect, p.weight)),
        }
    }
    weighed.sort_by(|a, b| b.1.total_cmp(&a.1));
    let named: Vec<&str> = weighed.iter().take(3).map(|(a, _)| *a).collect();
    match named.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn verb(points: &[&Point]) -> &'static str {
    let mut aspects: Vec<&str> = points.iter().map(|p| p.found.aspect).collect();
    aspects.sort_unstable();
    aspects.dedup();
    super::agreement::verb(aspects.into_iter())
}

/// A milestone's state. Only a definite answer decides it: a question not asked, skipped, not
/// applicable or answered "don't know" leaves it unknown, never "not reached".
pub(super) fn state(guide: &Guide, m: &Milestone, session: &Session) -> MilestoneState {
    match m.when.eval_known(&Definite { guide, session }) {
        Some(true) => MilestoneState::Reached,
        Some(false) => MilestoneState::NotReached,
        None => MilestoneState::Unknown,
    }
}

/// The session's answers with "don't know", and an answer skip logic hides, read as no answer
/// at all.
struct Definite<'a> {
    guide: &'a Guide,
    session: &'a Session,
}

impl Definite<'_> {
    /// Answered with nothing but "don't know" options, or hidden by skip logic now.
    fn unknown(&self, question: &str) -> bool {
        if !self.guide.shows(question, self.session) {
            return true;
        }
        let (Some(q), Some(picked)) = (
            self.guide.question(question),
            self.session.selected(question),
        ) else {
            return false;
        };
        !picked.is_empty()
            && picked
                .iter()
                .all(|id| q.options.iter().any(|o| o.unknown && &o.id == id))
    }
}

impl AnswerSource for Definite<'_> {
    fn selected(&self, question: &str) -> Option<&[String]> {
        if self.unknown(question) {
            return None;
        }
        self.session.selected(question)
    }

    fn number(&self, question: &str) -> Option<f64> {
        if self.unknown(question) {
            return None;
        }
        self.session.number(question)
    }

    fn is_answered(&self, question: &str) -> bool {
        self.session.is_answered(question) && !self.unknown(question)
    }

    fn is_dealt_with(&self, question: &str) -> bool {
        self.is_answered(question)
    }
}
