//! Where the customer is now, how sure, and why: each answer's stage evidence, one pull per
//! question (or, for a question naming a set of present-day states, one per state named), read
//! together by `agreement`, with the crossings holding the floors that have not crossed.

use super::agreement::{self, Point};
use super::crossing::{self, Crossing};
use super::{reason, Found, Reason, Strength, StrengthLabel};
use crate::guide::{Guide, Kind, Question, Role, Target};

/// One question's pull on a scale: (scale point, weight, the evidence, what it points to).
pub(super) type Pull<'a, 'g> = (f64, f64, &'a Found<'g>, &'g str);

/// A multiple-choice question whose answers are states today (present-day stage evidence, no
/// steps taken): the set named is weighed together, each its share, rather than its furthest
/// ("an IT director and the CIO"). Steps taken are cumulative: the furthest counts.
pub(super) fn is_set(q: &Question) -> bool {
    let stage_roles = || {
        q.options
            .iter()
            .flat_map(|o| &o.evidence)
            .filter(|e| matches!(e.target, Target::Stage { .. }))
            .map(|e| e.role)
    };
    q.kind == Kind::Multiple
        && stage_roles().any(|r| r == Role::Current)
        && !stage_roles().any(|r| r == Role::Floor)
}

/// Per question, the evidence at the highest point (the journey is cumulative: a customer who
/// virtualized SAP and file servers is as far as SAP puts them); for a set question, every
/// point named, each with its share of the weight.
pub(super) fn per_question<'a, 'g>(pulls: Vec<(&'g str, Pull<'a, 'g>)>) -> Vec<Pull<'a, 'g>> {
    let mut best: Vec<(&str, Pull)> = Vec::new();
    let mut sets: Vec<(&str, Vec<Pull>)> = Vec::new();
    for (qid, pull) in pulls {
        if is_set(pull.2.question) {
            match sets.iter_mut().find(|(q, _)| *q == qid) {
                Some((_, all)) => all.push(pull),
                None => sets.push((qid, vec![pull])),
            }
            continue;
        }
        match best.iter_mut().find(|(q, _)| *q == qid) {
            Some((_, held)) if (pull.0, pull.1) > (held.0, held.1) => *held = pull,
            Some(_) => {}
            None => best.push((qid, pull)),
        }
    }
    let mut out: Vec<Pull> = best.into_iter().map(|(_, p)| p).collect();
    for (_, all) in sets {
        let n = all.len() as f64;
        out.extend(all.into_iter().map(|(at, w, f, to)| (at, w / n, f, to)));
    }
    out
}

/// The strength of some pulls against the guide's `strong_evidence`, and (if asked) the
/// reasons, strongest first.
pub(super) fn weighed(
    guide: &Guide,
    pulls: &[Pull],
    with_reasons: bool,
) -> (Strength, Vec<Reason>) {
    // `+ 0.0`: an empty sum is -0.0, and `show --json` would print it.
    let weight: f64 = pulls.iter().map(|p| p.1).sum::<f64>() + 0.0;
    let ratio = (weight / guide.assessment.strong_evidence).min(1.0) + 0.0;
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
    (strength, reasons)
}

/// The stage pulls of one role.
fn pulls_of<'a, 'g>(guide: &'g Guide, found: &'a [Found<'g>], role: Role) -> Vec<Pull<'a, 'g>> {
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
    per_question(pulls)
}

/// The present-day and floor evidence as points, the floors held by the crossings.
fn points<'a, 'g>(
    current: &[Pull<'a, 'g>],
    floors: &[Pull<'a, 'g>],
    crossings: &[Crossing],
) -> Vec<Point<'a, 'g>> {
    let present = current.iter().map(|&(stage, weight, found, _)| {
        let stage = stage as usize;
        // A present-day answer to a question that makes a crossing not reached ("nearly all
        // business applications") waits at the chasm with the rest of that answer.
        match crossing::present(crossings, stage, &found.question.id) {
            Some(lift) => Point {
                stage,
                weight,
                floor: true,
                found,
                lift,
                ahead: None,
            },
            None => Point {
                stage,
                weight,
                floor: false,
                found,
                lift: agreement::Lift::free(stage),
                ahead: None,
            },
        }
    });
    let steps = floors.iter().map(|&(stage, weight, found, _)| {
        let (at, lift, ahead) = crossing::floor(crossings, stage as usize, &found.question.id);
        Point {
            stage: at,
            weight,
            floor: true,
            found,
            lift,
            ahead: ahead.then_some(stage as usize),
        }
    });
    present.chain(steps).collect()
}

/// Where the customer is now, how sure, and why: the present-day and floor evidence read
/// together (see `agreement`); history never places them, and is listed in the reasons as how
/// they got there. The strength is the evidence's weight, capped by how well it agrees: "high"
/// needs plenty of evidence that agrees.
pub(super) fn reading(
    guide: &Guide,
    found: &[Found],
    crossings: &[Crossing],
    with_reasons: bool,
) -> (agreement::Reading, Strength, Vec<Reason>) {
    let floors = pulls_of(guide, found, Role::Floor);
    // Within one question only its furthest point counts, whatever the role.
    let mut current = pulls_of(guide, found, Role::Current);
    current.retain(|c| {
        !floors
            .iter()
            .any(|f| f.2.question.id == c.2.question.id && f.0 > c.0)
    });
    let points = points(&current, &floors, crossings);
    let reading = agreement::read(
        guide,
        &points,
        crossing::cap(crossings, &points, guide.stages.len().saturating_sub(1)),
    );
    let mut placing = current;
    placing.extend(floors);
    let (mut strength, mut reasons) = weighed(guide, &placing, with_reasons);
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
        let history = pulls_of(guide, found, Role::History);
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
