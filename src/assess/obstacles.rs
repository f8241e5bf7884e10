//! The obstacle checklist: statuses derived from answers, beaten by the interviewer's overrides.

use serde::Serialize;

use super::{reason, Found, Reason};
use crate::guide::{Guide, ObstacleStatus, Target};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObstacleReading {
    pub id: String,
    pub name: String,
    /// The status shown: the override when set, else the derived one.
    pub status: ObstacleStatus,
    /// The status the answers point to.
    pub derived: ObstacleStatus,
    pub overridden: bool,
    pub tactics_used: Vec<TacticUsed>,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TacticUsed {
    pub id: String,
    pub name: String,
}

/// The furthest status any answer points to wins (raised, then addressed, then resolved); a
/// tactic the customer used means the obstacle was at least being addressed, when it was raised
/// at all; otherwise the tactic is only listed as used.
pub(super) fn readings(
    guide: &Guide,
    session: &Session,
    found: &[Found],
    with_reasons: bool,
) -> Vec<ObstacleReading> {
    guide
        .obstacles
        .iter()
        .map(|obstacle| {
            let mut derived = ObstacleStatus::NotDiscussed;
            let mut reasons = Vec::new();
            let mut tactics_used: Vec<TacticUsed> = Vec::new();
            let mut tactic_seen = false;
            for f in found {
                match &f.evidence.target {
                    Target::Obstacle {
                        obstacle: id,
                        status,
                    } if *id == obstacle.id => {
                        derived = derived.max(*status);
                        if with_reasons {
                            reasons.push(reason(f, status.label(), 1.0));
                        }
                    }
                    Target::Tactic { tactic } => {
                        let Some(t) = obstacle.tactics.iter().find(|t| t.id == *tactic) else {
                            continue;
                        };
                        tactic_seen = true;
                        if with_reasons {
                            reasons.push(reason(f, &format!("tactic: {}", t.name), 1.0));
                        }
                        if !tactics_used.iter().any(|u| u.id == t.id) {
                            tactics_used.push(TacticUsed {
                                id: t.id.clone(),
                                name: t.name.clone(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            if tactic_seen && derived >= ObstacleStatus::Raised {
                derived = derived.max(ObstacleStatus::BeingAddressed);
            }
            let overridden = session.obstacle_overrides.get(&obstacle.id).copied();
            ObstacleReading {
                id: obstacle.id.clone(),
                name: obstacle.name.clone(),
                status: overridden.unwrap_or(derived),
                derived,
                overridden: overridden.is_some(),
                tactics_used,
                reasons,
            }
        })
        .collect()
}
