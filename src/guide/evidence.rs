//! Evidence as a guide file writes it (one flat object) and as journey reads it (a checked
//! [`Target`] with its reason).

use serde::{Deserialize, Serialize};

use super::{Evidence, ObstacleStatus, Role, Target};

/// Evidence as written in the file: one flat object, checked into a [`Target`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvidence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    driver: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    obstacle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<ObstacleStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tactic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    why: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
}

const EVIDENCE_SHAPE: &str = "evidence needs exactly one of: `stage` (with optional `weight`), \
     `driver` with `level` (and optional `weight`), `obstacle` with `status`, or `tactic`";

impl TryFrom<RawEvidence> for Evidence {
    type Error = String;

    fn try_from(raw: RawEvidence) -> Result<Self, String> {
        let weighted = raw.weight.is_some();
        let weight = raw.weight.unwrap_or(1.0);
        let target = match (raw.stage, raw.driver, raw.obstacle, raw.tactic) {
            (Some(stage), None, None, None) if raw.level.is_none() && raw.status.is_none() => {
                Target::Stage { stage, weight }
            }
            (None, Some(driver), None, None) if raw.status.is_none() => Target::Driver {
                driver,
                level: raw.level.ok_or("driver evidence needs a `level`")?,
                weight,
            },
            (None, None, Some(obstacle), None) if raw.level.is_none() && !weighted => {
                Target::Obstacle {
                    obstacle,
                    status: raw.status.ok_or("obstacle evidence needs a `status`")?,
                }
            }
            (None, None, None, Some(tactic))
                if raw.level.is_none() && raw.status.is_none() && !weighted =>
            {
                Target::Tactic { tactic }
            }
            _ => return Err(EVIDENCE_SHAPE.to_string()),
        };
        if raw.role.is_some() && !matches!(target, Target::Stage { .. }) {
            return Err("only stage evidence takes a `role` (current, floor or history)".into());
        }
        Ok(Evidence {
            target,
            why: raw.why,
            role: raw.role.unwrap_or_default(),
        })
    }
}

impl From<Evidence> for RawEvidence {
    fn from(evidence: Evidence) -> Self {
        let raw = RawEvidence {
            why: evidence.why,
            role: (evidence.role != Role::Current).then_some(evidence.role),
            ..RawEvidence::default()
        };
        match evidence.target {
            Target::Stage { stage, weight } => RawEvidence {
                stage: Some(stage),
                weight: Some(weight),
                ..raw
            },
            Target::Driver {
                driver,
                level,
                weight,
            } => RawEvidence {
                driver: Some(driver),
                level: Some(level),
                weight: Some(weight),
                ..raw
            },
            Target::Obstacle { obstacle, status } => RawEvidence {
                obstacle: Some(obstacle),
                status: Some(status),
                ..raw
            },
            Target::Tactic { tactic } => RawEvidence {
                tactic: Some(tactic),
                ..raw
            },
        }
    }
}
