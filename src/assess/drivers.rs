//! The drivers (sponsorship, confidence, value) on their own levels.

use super::stage::{per_question, weighed};
use super::{DriverReading, Found, Strength, StrengthLabel};
use crate::guide::{Guide, Target};

pub(super) fn driver_reading(
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
    let pulls = per_question(pulls);
    let best = best_level(&pulls, driver.levels.len());
    let reported: Vec<usize> = pulls.iter().map(|p| p.0 as usize).collect();
    let spread = match (reported.iter().min(), reported.iter().max()) {
        (Some(&low), Some(&high)) if low != high => Some([low, high]),
        _ => None,
    };
    let (strength, reasons) = weighed(guide, &pulls, with_reasons);
    let strength = against(strength, collectable);
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

/// The level is the best-supported level reported (the most weight; on a tie the higher), never
/// an average that lands on a level nobody reported.
fn best_level(pulls: &[super::stage::Pull], levels: usize) -> Option<usize> {
    let mut per_level = vec![0.0; levels];
    for (level, weight, _, _) in pulls {
        if let Some(w) = per_level.get_mut(*level as usize) {
            *w += weight;
        }
    }
    per_level
        .iter()
        .enumerate()
        .filter(|(_, w)| **w > 0.0)
        .max_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(&b.0)))
        .map(|(level, _)| level)
}

/// A driver's strength is its weight against what it can collect in the guide.
fn against(mut strength: Strength, collectable: f64) -> Strength {
    strength.ratio = if collectable > 0.0 {
        (strength.weight / collectable).min(1.0) + 0.0
    } else {
        0.0
    };
    strength.label = match strength.ratio {
        r if r <= 0.0 => StrengthLabel::None,
        r if r < 0.25 => StrengthLabel::Low,
        r if r < 0.5 => StrengthLabel::Medium,
        _ => StrengthLabel::High,
    };
    strength
}

/// The most evidence a driver can collect in the guide: each question's strongest evidence for
/// it, added up.
pub(super) fn collectable_weight(guide: &Guide, driver: &str) -> f64 {
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
