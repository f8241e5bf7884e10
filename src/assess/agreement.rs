//! How well the stage evidence agrees: the two adjacent stages most of it supports, the position
//! that evidence gives, the band of positions the evidence allows, and the disagreements, told
//! in the words of the guide's sections ("sponsorship says ITaaS; workloads say IT Production").

use serde::Serialize;

use super::crossing::Hold;
use super::Found;
use crate::guide::Guide;

/// Share of the agreeing weight each of two adjacent stages needs for a customer to sit between
/// them.
const BETWEEN_SHARE: f64 = 0.25;
/// How far into the gap between two stages the position has to be to read as between them.
const BETWEEN_MARGIN: f64 = 0.15;
/// Half the band when there is no evidence at all, and when the evidence is complete: the band
/// narrows from the first to the second as evidence comes in.
const UNSURE: f64 = 1.5;
const SURE: f64 = 0.1;
/// The weight (or share of all the weight) a group of answers out of line needs to be told as a
/// disagreement.
const OUTLIER_WEIGHT: f64 = 1.5;
const OUTLIER_SHARE: f64 = 0.1;
/// The agreement "high" and "medium" need.
pub(super) const AGREEMENT_HIGH: f64 = 0.85;
pub(super) const AGREEMENT_MEDIUM: f64 = 0.7;

/// One question's pull on the stage: its furthest current or floor evidence.
#[derive(Clone, Copy)]
pub(super) struct Point<'a, 'g> {
    pub stage: usize,
    pub weight: f64,
    /// A step taken ("at least here") rather than a present-day state.
    pub floor: bool,
    pub found: &'a Found<'g>,
    /// A floor's push: the least position it allows, the position it gives alone, and the
    /// lowest the band may go. Unused for present-day evidence.
    pub lift: Lift,
    /// A floor past a crossing not reached, from a question that does not make the crossing
    /// (a product): the stage it points to. It is read as a floor at the stage below.
    pub ahead: Option<usize>,
}

/// What a floor allows (see `crossing`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Lift {
    pub least: f64,
    pub alone: f64,
    pub band: f64,
    /// Held at a crossing not reached: the stage it would cross into.
    pub held: Option<usize>,
}

impl Lift {
    /// A floor at `stage` with nothing holding it: at least the threshold of its stage (half a
    /// stage before it), alone at the stage.
    pub fn free(stage: usize) -> Lift {
        let s = stage as f64;
        Lift {
            least: s - 0.5,
            alone: s,
            band: s - 0.5,
            held: None,
        }
    }
}

/// Two groups of answers that place the customer two or more stages apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// In words: "sponsorship says ITaaS; workloads and confidence say IT Production".
    pub message: String,
    /// The furthest-apart stages that disagree, lowest first.
    pub stages: [String; 2],
    /// The questions on both sides, in guide order.
    pub questions: Vec<String>,
}

/// The stage evidence read together.
pub(super) struct Reading {
    pub position: Option<f64>,
    /// The stage nearest the position; at a chasm held by a crossing not reached, the stage
    /// below it (they have not crossed).
    pub stage: Option<usize>,
    pub between: Option<[usize; 2]>,
    pub range: Option<[f64; 2]>,
    /// Share of the weight that agrees with the main pair of stages, 0 to 1.
    pub agreement: Option<f64>,
    pub disagreements: Vec<Disagreement>,
}

/// Reads the points (one per question) of current and floor evidence; `cap`, a crossing that
/// holds the customer below it (see `crossing::cap`).
pub(super) fn read(guide: &Guide, points: &[Point], cap: Option<Hold>) -> Reading {
    let total: f64 = points.iter().map(|p| p.weight).sum();
    if points.is_empty() || total <= 0.0 {
        return Reading {
            position: None,
            stage: None,
            between: None,
            range: None,
            agreement: None,
            disagreements: Vec::new(),
        };
    }
    let last = guide.stages.len().saturating_sub(1);
    let (free, position) = place(points, cap);
    // Present-day answers held below a crossing agree with no pair, as floors running ahead of
    // one do: both lower the agreement.
    let hold = cap.filter(|_| free > position);
    let held_back = |p: &Point| hold.is_some_and(|h| !p.floor && p.stage >= h.stage);
    let free_points: Vec<Point> = points.iter().filter(|p| !held_back(p)).copied().collect();
    let centre = mean(free_points.iter().filter(|p| !p.floor)).or(free_points
        .iter()
        .filter(|p| p.floor)
        .map(|p| p.lift.alone)
        .reduce(f64::max));
    let pair = main_pair(&free_points, last, centre);
    let agreeing = points
        .iter()
        .filter(|p| p.ahead.is_none() && !held_back(p) && agrees(p, pair))
        .map(|p| p.weight)
        .sum::<f64>();
    let agreement = agreeing / total;
    let held = held_at(points, position);
    let between = between(points, pair, position, last).or(held);
    let mut stage = held.map_or(super::nearest(position, last + 1), |[below, _]| below);
    if let Some(c) = cap.filter(|c| position <= c.threshold()) {
        stage = stage.min(c.stage - 1);
    }
    let range = band(guide, points, position, total, last);
    let mut disagreements = disagreements(guide, points, pair);
    disagreements.extend(super::crossing::ahead(guide, points, position));
    if disagreements.is_empty() {
        disagreements.extend(hold.and_then(|h| super::crossing::held_back(guide, points, h)));
    }
    Reading {
        position: Some(position),
        stage: Some(stage),
        between,
        range: Some(range),
        agreement: Some((agreement * 1000.0).round() / 1000.0 + 0.0),
        disagreements,
    }
}

/// The position the evidence gives on its own (`free`), and where it is once a crossing that
/// holds the customer keeps them at its threshold at most.
fn place(points: &[Point], cap: Option<Hold>) -> (f64, f64) {
    let floors = || points.iter().filter(|p| p.floor);
    let top = |f: fn(&Lift) -> f64| floors().map(|p| f(&p.lift)).reduce(f64::max);
    // Every present-day answer pulls by its weight; a floor puts the customer at least at the
    // threshold of its stage (the crossing into a stage is part of it), and alone at the stage.
    let free = match (mean(points.iter().filter(|p| !p.floor)), top(|l| l.least)) {
        (Some(m), Some(least)) => m.max(least),
        (Some(m), None) => m,
        (None, _) => top(|l| l.alone).unwrap_or(0.0),
    };
    let position = cap.map_or(free, |c| free.min(c.reach));
    let round = |x: f64| (x * 1000.0).round() / 1000.0 + 0.0;
    (round(free), round(position))
}

/// The band of positions the evidence allows: the spread of the present-day answers around the
/// position with how much evidence is missing, never below what the floors allow, and up to
/// the crossing a floor ahead of it points at.
fn band(guide: &Guide, points: &[Point], position: f64, total: f64, last: usize) -> [f64; 2] {
    let ratio = (total / guide.assessment.strong_evidence).min(1.0);
    let unsure = SURE + (UNSURE - SURE) * (1.0 - ratio);
    let (below, above) = semi_deviations(points, position);
    let floors = points.iter().filter(|p| p.floor);
    let lowest = floors.clone().map(|p| p.lift.band).fold(0.0, f64::max);
    let ahead = floors
        .filter_map(|p| p.ahead)
        .map(|s| s as f64 - 0.5)
        .fold(0.0, f64::max);
    let low = (position - below.hypot(unsure)).max(lowest);
    let high = (position + above.hypot(unsure)).max(ahead).min(last as f64);
    [
        ((low * 100.0).floor() / 100.0).min(position) + 0.0,
        ((high * 100.0).ceil() / 100.0).max(position) + 0.0,
    ]
}

/// At the chasm: a floor held at a crossing not reached, and the position where it holds it.
fn held_at(points: &[Point], position: f64) -> Option<[usize; 2]> {
    points
        .iter()
        .filter_map(|p| p.lift.held.map(|s| (s, p.lift.least)))
        .find(|&(_, least)| (position - least).abs() < 1e-9)
        .map(|(s, _)| [s - 1, s])
}

fn mean<'p, 'a: 'p, 'g: 'a>(points: impl Iterator<Item = &'p Point<'a, 'g>>) -> Option<f64> {
    let (sum, weight) = points.fold((0.0, 0.0), |(s, w), p| {
        (s + p.stage as f64 * p.weight, w + p.weight)
    });
    (weight > 0.0).then(|| sum / weight)
}

/// Whether a point agrees with the pair of stages `pair` and `pair + 1`: present-day evidence
/// at either, or a floor at or below the upper one.
fn agrees(p: &Point, pair: usize) -> bool {
    if p.floor {
        p.stage <= pair + 1
    } else {
        p.stage == pair || p.stage == pair + 1
    }
}

/// The lower stage of the adjacent pair with the most agreeing weight; on a tie, the pair
/// nearest the evidence's centre.
fn main_pair(points: &[Point], last: usize, centre: Option<f64>) -> usize {
    let centre = centre.unwrap_or(0.0);
    (0..last.max(1))
        .map(|k| {
            let weight: f64 = points
                .iter()
                .filter(|p| agrees(p, k))
                .map(|p| p.weight)
                .sum();
            (k, weight)
        })
        .max_by(|a, b| {
            a.1.total_cmp(&b.1).then_with(|| {
                let off = |k: usize| (k as f64 + 0.5 - centre).abs();
                off(b.0).total_cmp(&off(a.0))
            })
        })
        .map_or(0, |(k, _)| k)
}

/// Between `pair` and `pair + 1` when both carry a real share of the evidence and the position
/// sits in the gap, as the seed's chasm is: business applications coming, owners coming on board.
fn between(points: &[Point], pair: usize, position: f64, last: usize) -> Option<[usize; 2]> {
    if pair + 1 > last {
        return None;
    }
    let at = |stage: usize, floors: bool| -> f64 {
        points
            .iter()
            .filter(|p| p.stage == stage && (floors || !p.floor))
            .map(|p| p.weight)
            .sum()
    };
    let (lower, upper) = (at(pair, false), at(pair + 1, true));
    let both = lower + upper;
    let inside =
        position > pair as f64 + BETWEEN_MARGIN && position < (pair + 1) as f64 - BETWEEN_MARGIN;
    (both > 0.0 && lower >= BETWEEN_SHARE * both && upper >= BETWEEN_SHARE * both && inside)
        .then_some([pair, pair + 1])
}

/// Mean distance of the present-day evidence below and above the position, by weight: an answer
/// out of line widens the band towards it in proportion to its weight, so one more answer
/// that agrees narrows it, and one that does not widens it less than it adds evidence.
fn semi_deviations(points: &[Point], position: f64) -> (f64, f64) {
    let current = points.iter().filter(|p| !p.floor);
    let weight: f64 = current.clone().map(|p| p.weight).sum();
    if weight <= 0.0 {
        return (0.0, 0.0);
    }
    let side = |above: bool| {
        let sum: f64 = current
            .clone()
            .map(|p| p.stage as f64 - position)
            .zip(current.clone().map(|p| p.weight))
            .filter(|(d, _)| if above { *d > 0.0 } else { *d < 0.0 })
            .map(|(d, w)| d.abs() * w)
            .sum();
        sum / weight
    };
    (side(false), side(true))
}

/// Whether two points place the customer two or more stages apart. A floor only says "at least",
/// so it disagrees only with present-day evidence two or more stages below it.
fn conflict(a: &Point, b: &Point) -> bool {
    match (a.floor, b.floor) {
        (false, false) => a.stage.abs_diff(b.stage) >= 2,
        (true, false) => b.stage + 2 <= a.stage,
        (false, true) => a.stage + 2 <= b.stage,
        (true, true) => false,
    }
}

/// One disagreement per group of answers outside the main pair that conflicts with answers in it.
fn disagreements(guide: &Guide, points: &[Point], pair: usize) -> Vec<Disagreement> {
    let total: f64 = points.iter().map(|p| p.weight).sum();
    let (main, outside): (Vec<&Point>, Vec<&Point>) = points.iter().partition(|p| agrees(p, pair));
    let mut groups: Vec<(usize, bool)> = outside.iter().map(|p| (p.stage, p.floor)).collect();
    groups.sort_by(|a, b| b.cmp(a));
    groups.dedup();
    let mut out = Vec::new();
    for (stage, floor) in groups {
        let odd: Vec<&Point> = outside
            .iter()
            .copied()
            .filter(|p| p.stage == stage && p.floor == floor)
            .collect();
        // One light answer out of line (a desktop roadmap) is noise, not a disagreement: it
        // still lowers the agreement and widens the band.
        let weight: f64 = odd.iter().map(|p| p.weight).sum();
        if weight < OUTLIER_WEIGHT && weight < OUTLIER_SHARE * total {
            continue;
        }
        let against: Vec<&Point> = main
            .iter()
            .copied()
            .filter(|m| odd.iter().any(|o| conflict(o, m)))
            .collect();
        if against.is_empty() {
            continue;
        }
        let mut phrases = vec![phrase(guide, &odd)];
        phrases.extend(sides(guide, &against));
        let all: Vec<&Point> = odd.iter().chain(&against).copied().collect();
        let low = all.iter().map(|p| p.stage).min().unwrap_or(stage);
        let high = all.iter().map(|p| p.stage).max().unwrap_or(stage);
        out.push(Disagreement {
            message: phrases.join("; "),
            stages: [guide.stages[low].id.clone(), guide.stages[high].id.clone()],
            questions: questions(guide, &all),
        });
    }
    out
}

/// The answers against a group out of line, one phrase per stage (and kind), heaviest first.
fn sides(guide: &Guide, against: &[&Point]) -> Vec<String> {
    let mut sides: Vec<(usize, bool)> = against.iter().map(|p| (p.stage, p.floor)).collect();
    sides.sort();
    sides.dedup();
    let mut weighed: Vec<(f64, String)> = sides
        .iter()
        .map(|&(s, f)| {
            let side: Vec<&Point> = against
                .iter()
                .copied()
                .filter(|p| p.stage == s && p.floor == f)
                .collect();
            (side.iter().map(|p| p.weight).sum(), phrase(guide, &side))
        })
        .collect();
    weighed.sort_by(|a, b| b.0.total_cmp(&a.0));
    weighed.into_iter().map(|(_, p)| p).collect()
}

/// The questions behind some points, once each, in guide order.
pub(super) fn questions(guide: &Guide, points: &[&Point]) -> Vec<String> {
    let mut questions: Vec<(usize, String)> = points
        .iter()
        .map(|p| {
            let id = &p.found.question.id;
            let at = guide.position(id).map_or(usize::MAX, |p| p.flat);
            (at, id.clone())
        })
        .collect();
    questions.sort();
    questions.dedup();
    questions.into_iter().map(|(_, id)| id).collect()
}

/// Aspects named in one side of a disagreement; the rest are counted.
const ASPECTS_NAMED: usize = 3;

/// "workloads and confidence say IT Production", "products say at least Business Production";
/// the aspects with the most weight first, at most three named.
fn phrase(guide: &Guide, points: &[&Point]) -> String {
    let mut aspects: Vec<(&str, f64)> = Vec::new();
    for p in points {
        match aspects.iter_mut().find(|(a, _)| *a == p.found.aspect) {
            Some((_, w)) => *w += p.weight,
            None => aspects.push((p.found.aspect, p.weight)),
        }
    }
    aspects.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut named: Vec<String> = aspects
        .iter()
        .take(ASPECTS_NAMED)
        .map(|(a, _)| a.to_string())
        .collect();
    if aspects.len() > ASPECTS_NAMED {
        named.push(format!("{} more", aspects.len() - ASPECTS_NAMED));
    }
    let who = match named.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let verb = verb(aspects.iter().map(|(a, _)| *a));
    let first = points[0];
    let stage = &guide.stages[first.stage].name;
    let at_least = if first.floor { "at least " } else { "" };
    format!("{who} {verb} {at_least}{stage}")
}

/// "says" for one aspect in the singular ("sponsorship says"), "say" for a plural aspect
/// ("products say") or several.
pub(super) fn verb<'s>(mut aspects: impl Iterator<Item = &'s str>) -> &'static str {
    match (aspects.next(), aspects.next()) {
        (Some(one), None) if !one.ends_with('s') || one.ends_with("ss") => "says",
        _ => "say",
    }
}
