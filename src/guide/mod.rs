//! The interview guide: stages, drivers, obstacles and questions, all loaded from data.

mod check;
pub mod codes;
mod condition;
mod evidence;
pub mod find;
mod framework;
mod load;
mod question;
mod translation;

use evidence::RawEvidence;

use serde::{Deserialize, Serialize};

pub use check::{check, Fault};
pub use condition::{AnswerSource, Condition, Test};
pub use framework::{
    AssessmentSettings, Code, Driver, Highlight, Milestone, Obstacle, ObstacleStatus, Stage, Tactic,
};
pub(crate) use load::json_message;
pub use load::{builtin, load_file, parse, LoadError, BUILTIN_NAME};
pub use question::{Band, ChoiceOption, Kind, Question, Section};
pub use translation::{
    missing_translations, split_language, QuestionText, SectionText, Translation,
};

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
    /// The language the guide's own texts are in, as XLSForm names it ("English (en)");
    /// empty when the guide does not say.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// The guide in other languages, by language code (see `content/README.md`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: std::collections::BTreeMap<String, Translation>,
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

    /// [`Guide::is_shown`] of the question `id` (false for an id the guide does not have).
    pub fn shows(&self, id: &str, answers: &impl AnswerSource) -> bool {
        self.position(id).is_some_and(|p| {
            let section = &self.sections[p.section];
            self.is_shown(section, &section.questions[p.question], answers)
        })
    }

    /// For each question in the guide's order, whether it is shown given the answers so far.
    pub fn shown(&self, answers: &impl AnswerSource) -> Vec<bool> {
        self.questions()
            .map(|(section, question)| self.is_shown(section, question, answers))
            .collect()
    }
}
