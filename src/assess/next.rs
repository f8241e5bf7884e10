//! What to ask next: the unanswered, shown questions whose answers would most narrow the band or
//! settle a disagreement, each with a one-line why.

use serde::Serialize;

use super::agreement::{Disagreement, Reading};
use crate::guide::{Guide, Question, Role, Target};
use crate::session::{AnswerState, Session};

/// How many questions the assessment suggests.
pub const NEXT_QUESTIONS: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextQuestion {
    pub question: String,
    /// The question's short label.
    pub label: String,
    pub why: String,
}

/// What a question's answers can say about the stage: the stages its current and floor evidence
/// points to, and its heaviest piece.
struct Reach {
    stages: Vec<usize>,
    weight: f64,
}

fn reach(guide: &Guide, q: &Question) -> Option<Reach> {
    let mut stages = Vec::new();
    let mut weight: f64 = 0.0;
    let evidence = q
        .options
        .iter()
        .flat_map(|o| o.evidence.iter())
        .chain(q.bands.iter().flat_map(|b| b.evidence.iter()));
    for e in evidence.filter(|e| e.role != Role::History) {
        if let Target::Stage { stage, weight: w } = &e.target {
            if let Some(i) = guide.stage_index(stage) {
                stages.push(i);
                weight = weight.max(*w);
            }
        }
    }
    stages.sort_unstable();
    stages.dedup();
    (!stages.is_empty() && weight > 0.0).then_some(Reach { stages, weight })
}

/// The top questions to ask next, best first (guide order on a tie).
pub(super) fn next_questions(
    guide: &Guide,
    session: &Session,
    reading: &Reading,
) -> Vec<NextQuestion> {
    let disagreement = reading.disagreements.first();
    let mut scored: Vec<(f64, usize, NextQuestion)> = Vec::new();
    for (flat, (section, q)) in guide.questions().enumerate() {
        let open = session
            .answer(&q.id)
            .is_none_or(|a| a.state == AnswerState::NotAsked);
        if !open || !guide.is_shown(section, q, session) {
            continue;
        }
        let Some(reach) = reach(guide, q) else {
            continue;
        };
        let (score, why) = judge(guide, &reach, reading, disagreement);
        scored.push((
            score,
            flat,
            NextQuestion {
                question: q.id.clone(),
                label: q.label().to_string(),
                why,
            },
        ));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(NEXT_QUESTIONS)
        .map(|(_, _, n)| n)
        .collect()
}

/// A question's worth, in evidence weight, and why.
fn judge(
    guide: &Guide,
    reach: &Reach,
    reading: &Reading,
    disagreement: Option<&Disagreement>,
) -> (f64, String) {
    let name = |i: usize| guide.stages[i].name.as_str();
    let low = *reach.stages.first().expect("a stage");
    let high = *reach.stages.last().expect("a stage");
    let w = reach.weight;
    if let Some(d) = disagreement {
        let (a, b) = (
            guide.stage_index(&d.stages[0]).unwrap_or(0),
            guide.stage_index(&d.stages[1]).unwrap_or(0),
        );
        if low <= a && high >= b {
            return (
                3.0 * w,
                format!(
                    "can settle the disagreement: answers span {}–{}",
                    name(a),
                    name(b)
                ),
            );
        }
    }
    if let Some([a, b]) = reading.between {
        if reach.stages.contains(&a) && reach.stages.contains(&b) {
            return (
                2.0 * w,
                format!("tells {} from {}, where they sit between", name(a), name(b)),
            );
        }
    }
    match reading.range {
        None => (w, "places the customer: no stage evidence yet".to_string()),
        Some([lo, hi]) => {
            let inside: Vec<usize> = reach
                .stages
                .iter()
                .copied()
                .filter(|&s| s as f64 >= lo - 0.5 && s as f64 <= hi + 0.5)
                .collect();
            if inside.len() >= 2 && hi - lo >= 0.5 {
                let names: Vec<&str> = inside.iter().map(|&s| name(s)).collect();
                (
                    1.5 * w,
                    format!("narrows the band: tells {} apart", join_or(&names)),
                )
            } else {
                (
                    w,
                    format!(
                        "adds present-day evidence (weight up to {w}) to a band of {lo:.1}–{hi:.1}"
                    ),
                )
            }
        }
    }
}

fn join_or(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
