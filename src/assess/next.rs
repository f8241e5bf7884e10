//! What to ask next: the unanswered, shown questions whose possible answers, tried one by one
//! with the real assessment, would narrow the band the most on average; at a crossing's
//! boundary, the question that decides the crossing first. Each comes with what its answers
//! would do.

use serde::Serialize;

use super::agreement::Reading;
use super::crossing::Crossing;
use super::trial::{self, Outcome};
use super::MilestoneState;
use crate::guide::{Guide, Question, Role, Target};
use crate::session::{AnswerState, Session};

/// How many questions the assessment suggests.
pub const NEXT_QUESTIONS: usize = 3;

/// How near a crossing's threshold the position has to be to sit at its boundary.
const BOUNDARY: f64 = 0.3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextQuestion {
    pub question: String,
    /// The question's short label.
    pub label: String,
    pub why: String,
}

/// Whether a question's answers can say anything about the stage, and its heaviest piece.
fn stage_weight(q: &Question) -> f64 {
    q.options
        .iter()
        .flat_map(|o| o.evidence.iter())
        .chain(q.bands.iter().flat_map(|b| b.evidence.iter()))
        .filter(|e| e.role != Role::History)
        .filter_map(|e| match &e.target {
            Target::Stage { weight, .. } => Some(*weight),
            _ => None,
        })
        .fold(0.0, f64::max)
}

/// The crossing whose boundary the customer sits at, if any: between its two stages, or near
/// its threshold, with the crossing not known yet.
fn boundary<'c, 'g>(reading: &Reading, crossings: &'c [Crossing<'g>]) -> Option<&'c Crossing<'g>> {
    let p = reading.position?;
    crossings.iter().find(|c| {
        c.state == MilestoneState::Unknown
            && (reading.between == Some([c.stage - 1, c.stage])
                || (p - (c.stage as f64 - 0.5)).abs() <= BOUNDARY)
    })
}

/// One question, scored.
struct Scored {
    decisive: bool,
    gain: f64,
    weight: f64,
    flat: usize,
    next: NextQuestion,
}

/// The top questions to ask next, best first.
pub(super) fn next_questions(
    guide: &Guide,
    session: &Session,
    reading: &Reading,
    crossings: &[Crossing],
) -> Vec<NextQuestion> {
    let at = boundary(reading, crossings);
    let bare = trial::bare(session);
    let scored = guide
        .questions()
        .enumerate()
        .filter_map(|(flat, (section, q))| {
            let open = session
                .answer(&q.id)
                .is_none_or(|a| a.state == AnswerState::NotAsked);
            if !open || !guide.is_shown(section, q, session) {
                return None;
            }
            score(guide, &bare, reading, at, q, flat)
        });
    let mut scored: Vec<Scored> = scored.collect();
    scored.sort_by(|a, b| {
        b.decisive
            .cmp(&a.decisive)
            .then(b.gain.total_cmp(&a.gain))
            .then(b.weight.total_cmp(&a.weight))
            .then(a.flat.cmp(&b.flat))
    });
    scored
        .into_iter()
        .take(NEXT_QUESTIONS)
        .map(|s| s.next)
        .collect()
}

/// A question's score: how much its possible answers narrow the band on average, and why;
/// `None` when it says nothing about the stage or would widen the band on average.
fn score(
    guide: &Guide,
    bare: &Session,
    reading: &Reading,
    at: Option<&Crossing>,
    q: &Question,
    flat: usize,
) -> Option<Scored> {
    let weight = stage_weight(q);
    if weight <= 0.0 {
        return None;
    }
    let outcomes = trial::outcomes(guide, bare, q, reading.range);
    if outcomes.is_empty() {
        return None;
    }
    let now = trial::width(guide, reading);
    let after = outcomes.iter().map(|o| o.width).sum::<f64>() / outcomes.len() as f64;
    let gain = now - after;
    if gain < -1e-9 {
        return None;
    }
    let decisive = at.is_some_and(|c| c.questions.contains(&q.id.as_str()));
    // It can settle a disagreement when one of its answers would leave none.
    let settles = !reading.disagreements.is_empty() && outcomes.iter().any(|o| !o.disagree);
    let mut why = why(at.filter(|_| decisive), now, after, &outcomes);
    if settles {
        why.insert_str(0, "can settle the disagreement; ");
    }
    Some(Scored {
        decisive,
        gain,
        weight,
        flat,
        next: NextQuestion {
            question: q.id.clone(),
            label: q.label().to_string(),
            why,
        },
    })
}

/// What the answers would do: "decides “Crossed the chasm”; band 1.9 → 1.2 on average: Not yet
/// → IT Production; Some of them, Most of them → Business Production".
fn why(decides: Option<&Crossing>, now: f64, after: f64, outcomes: &[Outcome]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for o in outcomes {
        match groups.iter_mut().find(|(label, _)| *label == o.label) {
            Some((_, answers)) => answers.push(&o.answer),
            None => groups.push((&o.label, vec![&o.answer])),
        }
    }
    let each: Vec<String> = groups
        .iter()
        .map(|(label, answers)| {
            let named = if answers.len() > 3 {
                format!("{} and {} more", answers[..2].join(", "), answers.len() - 2)
            } else {
                answers.join(", ")
            };
            format!("{named} → {label}")
        })
        .collect();
    let effect = if now - after > 0.005 {
        format!("narrows the band {now:.2} → {after:.2} on average")
    } else {
        "keeps the band as it is".to_string()
    };
    let lead = decides.map_or(String::new(), |c| {
        format!("decides “{}”; ", c.milestone.name)
    });
    format!("{lead}{effect}: {}", each.join("; "))
}
