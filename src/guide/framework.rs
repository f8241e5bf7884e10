//! The research framework a guide sets out: stages, drivers, obstacles and their tactics,
//! milestones, highlights, codes, and how the assessment weighs them.

use serde::{Deserialize, Serialize};

use super::Condition;

/// A code of the study's codebook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `#RRGGBB`.
    #[serde(default)]
    pub colour: String,
    /// Values given to this code in two copies at once (a team sync kept both): the code holds
    /// one until a researcher resolves it (`journey codes resolve ID`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<CodeConflict>,
}

impl Code {
    /// Whether a colour is written `#RRGGBB` (the only form that reaches a style or a file).
    pub fn is_colour(colour: &str) -> bool {
        colour.len() == 7
            && colour.starts_with('#')
            && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    /// A short label for narrow gauges; the name when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short: String,
    /// The phase's theme in a few words, e.g. "cost efficiency".
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Driver {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Named levels from lowest to highest; driver evidence points at one of them by index.
    pub levels: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obstacle {
    pub id: String,
    pub name: String,
    /// A short label for tables; the name when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tactics: Vec<Tactic>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tactic {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The driver this inflection point moves, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
    /// The stage this inflection point is the crossing into: steps taken beyond it (floors) lift
    /// the customer across only once it is reached (see `content/README.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crosses: Option<String>,
    pub when: Condition,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Highlight {
    pub id: String,
    pub title: String,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSettings {
    /// Total evidence weight at which the stage estimate counts as fully supported.
    pub strong_evidence: f64,
}

impl Default for AssessmentSettings {
    fn default() -> Self {
        Self {
            strong_evidence: 20.0,
        }
    }
}

/// The status of an obstacle in a customer's journey, in order of progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObstacleStatus {
    NotDiscussed,
    /// Discussed, and the customer did not meet it.
    NotAnObstacle,
    Raised,
    BeingAddressed,
    Resolved,
}

impl ObstacleStatus {
    pub const ALL: [ObstacleStatus; 5] = [
        ObstacleStatus::NotDiscussed,
        ObstacleStatus::NotAnObstacle,
        ObstacleStatus::Raised,
        ObstacleStatus::BeingAddressed,
        ObstacleStatus::Resolved,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ObstacleStatus::NotDiscussed => "not discussed",
            ObstacleStatus::NotAnObstacle => "not an obstacle",
            ObstacleStatus::Raised => "raised",
            ObstacleStatus::BeingAddressed => "being addressed",
            ObstacleStatus::Resolved => "resolved",
        }
    }

    /// The obstacle came up as a real problem at some point.
    pub fn was_raised(self) -> bool {
        self >= ObstacleStatus::Raised
    }
}

impl Stage {
    pub fn short_name(&self) -> &str {
        if self.short.is_empty() {
            &self.name
        } else {
            &self.short
        }
    }
}

impl Obstacle {
    pub fn short_name(&self) -> &str {
        if self.short.is_empty() {
            &self.name
        } else {
            &self.short
        }
    }
}

/// One field of a code given different values in two copies at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeConflict {
    /// `name`, `description` or `colour`.
    pub field: String,
    /// Every value given, in a fixed order (the same on every machine); the code holds the
    /// first until a researcher resolves it.
    pub values: Vec<ConflictValue>,
}

/// A value of a [`CodeConflict`] and who gave it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictValue {
    pub value: String,
    /// The committer of the copy that had it, when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
}
