//! The questions of a guide, in their sections: kinds, options and numeric bands.

use serde::{Deserialize, Serialize};

use super::{Condition, Evidence};

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
    /// "Don't know": an answer that says nothing, so inflection points stay unknown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Cue phrases: words a participant uses for this option ("email server" for Exchange).
    /// A transcript line that says one suggests the option (`transcript::suggest`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<String>,
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
