//! The stage, the band and the agreement in words.

use super::{nearest, stage_name, Assessment};
use crate::guide::Guide;

impl Assessment {
    /// The band and the agreement in words, for reports: "band 1.65–3.00 (Business Production
    /// to ITaaS); 82% of the evidence agrees".
    pub fn band_words(&self, guide: &Guide) -> Option<String> {
        let [low, high] = self.range?;
        let name = |p: f64| guide.stages[nearest(p, guide.stages.len())].name.as_str();
        let stages = if name(low) == name(high) {
            format!("within {}", name(low))
        } else {
            format!("{} to {}", name(low), name(high))
        };
        let agrees = self.agreement.map_or(String::new(), |a| {
            format!("; {:.0}% of the evidence agrees", a * 100.0)
        });
        Some(format!("band {low:.2}–{high:.2} ({stages}){agrees}"))
    }

    /// The stage label with the stages' short names, for narrow places: "IT Prod → Biz Prod".
    pub fn short_stage_label(&self, guide: &Guide) -> String {
        short_stage_label(guide, self.stage.as_deref(), self.between.as_ref())
    }

    /// "IT Production", "between IT Production and Business Production", or "no evidence yet".
    pub fn stage_label(&self, guide: &Guide) -> String {
        stage_label(guide, self.stage.as_deref(), self.between.as_ref())
    }
}

/// "IT Production", "between IT Production and Business Production", or "no evidence yet".
pub fn stage_label<S: AsRef<str>>(
    guide: &Guide,
    stage: Option<&str>,
    between: Option<&[S; 2]>,
) -> String {
    match (between, stage) {
        (Some([a, b]), _) => format!(
            "between {} and {}",
            stage_name(guide, a.as_ref()),
            stage_name(guide, b.as_ref())
        ),
        (None, Some(s)) => stage_name(guide, s).to_string(),
        (None, None) => "no evidence yet".to_string(),
    }
}

/// The stage label with the stages' short names, for narrow places: "IT Prod → Biz Prod".
pub fn short_stage_label<S: AsRef<str>>(
    guide: &Guide,
    stage: Option<&str>,
    between: Option<&[S; 2]>,
) -> String {
    let short = |id: &str| {
        guide
            .stages
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.short_name().to_string())
    };
    match (between, stage) {
        (Some([a, b]), _) => format!("{} → {}", short(a.as_ref()), short(b.as_ref())),
        (None, Some(s)) => short(s),
        (None, None) => "no evidence yet".to_string(),
    }
}
