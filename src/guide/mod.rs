//! The interview guide: stages, drivers, obstacles and questions, all loaded from data.

mod check;
pub mod codes;
mod condition;
mod evidence;
pub mod find;
mod load;

use evidence::RawEvidence;

use serde::{Deserialize, Serialize};

pub use check::{check, Fault};
pub use condition::{AnswerSource, Condition};
pub(crate) use load::json_message;
pub use load::{builtin, load_file, parse, LoadError, BUILTIN_NAME};

/// The guide format this build reads (`format` in the file).
pub const FORMAT: u32 = 1;

/// A whole interview guide: the research framework and the questions that probe it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub format: u32,
    pub id: String,
    pub version: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The journey's stages in order; the stage gauge runs from the first to the last.
    pub stages: Vec<Stage>,
    pub drivers: Vec<Driver>,
    pub obstacles: Vec<Obstacle>,
    /// Inflection points recognised from answers.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Groups of questions summarised together (triggers, products, value, ...).
    #[serde(default)]
    pub highlights: Vec<Highlight>,
    #[serde(default)]
    pub assessment: AssessmentSettings,
    /// The codebook: codes researchers apply to quotes and lines of notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
    pub sections: Vec<Section>,
    /// Question id → (section, question) indices, built on first use.
    #[serde(skip)]
    lookup: std::sync::OnceLock<std::collections::HashMap<String, Position>>,
    /// A hash of everything above, made on first use.
    #[serde(skip)]
    fingerprint: std::sync::OnceLock<u64>,
    /// Per driver, in order, the most evidence it can collect in this guide: made once, by the
    /// assessment.
    #[serde(skip)]
    pub(crate) collectable: std::sync::OnceLock<Vec<f64>>,
}

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
    pub conflicts: Vec<codes::CodeConflict>,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// What the section's answers are evidence of, in a few lowercase words ("sponsorship",
    /// "workloads"): disagreements are told in these words. The title when missing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub aspect: String,
    #[serde(default)]
    pub intro: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    pub questions: Vec<Question>,
}

impl Section {
    /// What the section's answers are evidence of: its `aspect`, else its title.
    pub fn aspect(&self) -> &str {
        if self.aspect.is_empty() {
            &self.title
        } else {
            &self.aspect
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Single,
    Multiple,
    Scale,
    Number,
    Text,
}

impl Kind {
    pub fn is_choice(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple)
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, Kind::Scale | Kind::Number)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub text: String,
    /// A short label (at most ~32 characters) for the outline, the reasons, the browser and
    /// the exports; the text stands in when a guide has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short: String,
    /// Short follow-up probes for the interviewer.
    #[serde(default)]
    pub probes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// Choice questions: the options.
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    /// Scale and number questions: the allowed range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Number questions: the unit shown after the value ("%", "days", "servers").
    #[serde(default)]
    pub unit: String,
    /// Scale questions: what the lowest and highest points mean.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Scale and number questions: evidence carried by ranges of values.
    #[serde(default)]
    pub bands: Vec<Band>,
}

impl Question {
    /// The short label, or the text when the guide gives none.
    pub fn label(&self) -> &str {
        if self.short.is_empty() {
            &self.text
        } else {
            &self.short
        }
    }

    pub fn option(&self, id: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.id == id)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
    /// Picking this option asks for free text ("Other: ...").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub other: bool,
    /// Multiple choice: picking this option ("None of these") clears the others, and back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// An upper bound the band stops short of, for bands that meet the next one's `min`:
    /// `{"min": 0, "below": 30}` then `{"min": 30, ...}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    pub evidence: Vec<Evidence>,
}

impl Band {
    pub fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m)
            && self.max.is_none_or(|m| value <= m)
            && self.below.is_none_or(|m| value < m)
    }

    /// Whether some value lies in both bands.
    pub fn overlaps(&self, other: &Band) -> bool {
        // The lower bound of the intersection, and whether it is itself inside both.
        let low = self
            .min
            .unwrap_or(f64::NEG_INFINITY)
            .max(other.min.unwrap_or(f64::NEG_INFINITY));
        let high = |b: &Band| match (b.max, b.below) {
            (Some(m), Some(x)) if x <= m => (x, false),
            (Some(m), _) => (m, true),
            (None, Some(x)) => (x, false),
            (None, None) => (f64::INFINITY, true),
        };
        let ((a, a_in), (b, b_in)) = (high(self), high(other));
        let (top, top_in) = if a < b {
            (a, a_in)
        } else if b < a {
            (b, b_in)
        } else {
            (a, a_in && b_in)
        };
        low < top || (low == top && top_in)
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

/// What picking an option (or a value in a band) says about the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawEvidence", into = "RawEvidence")]
pub struct Evidence {
    pub target: Target,
    /// A one-line rationale, shown as the reason behind the figure it moves.
    pub why: String,
    /// How stage evidence speaks of the customer: where they are now (the default), a step
    /// they have taken (a floor), or how they got there (history).
    pub role: Role,
}

/// How a piece of stage evidence places the customer (see `content/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Where the customer is now: it places them.
    #[default]
    Current,
    /// A step every customer further along also took ("Exchange runs virtual"): the customer
    /// is at least there; it never pulls an advanced customer back.
    Floor,
    /// How the customer got where they are: shown in the reasons, never placing them.
    History,
}

/// The figure a piece of evidence moves.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Stage {
        stage: String,
        weight: f64,
    },
    Driver {
        driver: String,
        level: usize,
        weight: f64,
    },
    Obstacle {
        obstacle: String,
        status: ObstacleStatus,
    },
    Tactic {
        tactic: String,
    },
}

/// Where a question sits in the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub section: usize,
    pub question: usize,
    /// Index in the guide's flat question order.
    pub flat: usize,
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

impl Guide {
    /// Every question in guide order, with its section.
    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }

    /// Every question's place, by id, built once: looking a question up costs the same however
    /// long the guide (so checking a guide stays linear).
    fn lookup(&self) -> &std::collections::HashMap<String, Position> {
        self.lookup.get_or_init(|| {
            let mut map = std::collections::HashMap::new();
            let mut flat = 0;
            for (si, section) in self.sections.iter().enumerate() {
                for (qi, q) in section.questions.iter().enumerate() {
                    // The first of duplicate ids wins, as a search would find it.
                    map.entry(q.id.clone()).or_insert(Position {
                        section: si,
                        question: qi,
                        flat,
                    });
                    flat += 1;
                }
            }
            map
        })
    }

    /// A copy without the lookup built so far (for benchmarks of building it).
    pub fn clone_without_lookup(&self) -> Guide {
        let mut copy = self.clone();
        copy.lookup = std::sync::OnceLock::new();
        copy
    }

    /// A hash of the whole guide, made once (the summary index is tied to the guide it was
    /// assessed with). Like the lookup, it assumes a guide is not changed once in use.
    pub fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            serde_json::to_string(self).unwrap_or_default().hash(&mut h);
            h.finish()
        })
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.lookup()
            .get(id)
            .map(|p| &self.sections[p.section].questions[p.question])
    }

    pub fn position(&self, id: &str) -> Option<Position> {
        self.lookup().get(id).copied()
    }

    /// A stage by its id or name, any case; the error lists the stages there are.
    pub fn find_stage(&self, wanted: &str) -> Result<&str, String> {
        self.stages
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(wanted) || s.name.eq_ignore_ascii_case(wanted))
            .map(|s| s.id.as_str())
            .ok_or_else(|| {
                let known: Vec<&str> = self.stages.iter().map(|s| s.id.as_str()).collect();
                format!(
                    "no stage `{wanted}`; the guide's stages are {}",
                    known.join(", ")
                )
            })
    }

    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    pub fn driver(&self, id: &str) -> Option<&Driver> {
        self.drivers.iter().find(|d| d.id == id)
    }

    pub fn obstacle(&self, id: &str) -> Option<&Obstacle> {
        self.obstacles.iter().find(|o| o.id == id)
    }

    /// The obstacle a tactic belongs to, and the tactic.
    pub fn tactic(&self, id: &str) -> Option<(&Obstacle, &Tactic)> {
        self.obstacles
            .iter()
            .find_map(|o| o.tactics.iter().find(|t| t.id == id).map(|t| (o, t)))
    }

    /// Whether a question is shown, given the answers so far (its section's and its own skip logic).
    pub fn is_shown(
        &self,
        section: &Section,
        question: &Question,
        answers: &impl AnswerSource,
    ) -> bool {
        section.show_if.as_ref().is_none_or(|c| c.eval(answers))
            && question.show_if.as_ref().is_none_or(|c| c.eval(answers))
    }
}
