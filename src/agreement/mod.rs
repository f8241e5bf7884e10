//! How far researchers agree with each other and with the gauge: their own placements of the
//! customers (`Session.placements`) and the codes each applied, over the sessions two or more
//! researchers placed. Pure: sessions in, figures out; gathered one session at a time.

mod codes;
mod gather;
pub mod stats;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::guide::Guide;
use crate::session::{Session, Sure};
use stats::{Level, Undefined};

pub use codes::{CodeAgreement, CodeAlpha};
pub use gather::{over, select};

/// The name the gauge goes by among the raters.
pub const GAUGE: &str = "gauge";

/// Everything `journey agreement` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Sessions placed by two or more researchers: the ones counted.
    pub sessions: usize,
    /// Sessions placed by one researcher only: not counted.
    pub placed_once: usize,
    /// Every researcher with a placement counted, by name.
    pub researchers: Vec<String>,
    pub stage: StageAgreement,
    /// Per code applied in the sessions counted, in the codebook's order.
    pub codes: Vec<CodeAgreement>,
    /// The sessions where the researchers, or the gauge and a researcher, placed the customer
    /// at different stages: furthest apart first.
    pub disagreements: Vec<SessionDisagreement>,
    /// What was left out, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Agreement on the stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageAgreement {
    pub sessions: usize,
    /// Exact agreement over every pair of researchers' placements within a session, 0–100.
    pub percent: Option<f64>,
    /// Krippendorff's alpha, ordinal, over the researchers (missing placements allowed).
    pub alpha: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_note: Option<String>,
    /// The same with the gauge's stage as one more rater.
    pub alpha_with_gauge: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_with_gauge_note: Option<String>,
    /// Each two raters (the gauge as `"gauge"`) who placed a session in common.
    pub pairs: Vec<Pair>,
}

/// Two raters over the sessions both placed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    /// Sessions both placed.
    pub n: usize,
    /// Share of those where they chose the same stage, 0–100.
    pub percent: f64,
    /// Cohen's kappa with quadratic weights, the stages in the guide's order.
    pub kappa: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One session where the placements differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionDisagreement {
    pub id: String,
    pub customer: String,
    /// Each researcher's placement that counts (their latest), by name.
    pub placements: Vec<Placed>,
    /// The gauge's stage, when the answers give one.
    pub gauge: Option<String>,
    pub researchers_agree: bool,
    /// Whether every researcher chose the gauge's stage (`None`: the gauge has none).
    pub gauge_agrees: Option<bool>,
    /// How many stages apart the furthest two placements are (the gauge's included).
    pub spread: usize,
}

/// A researcher's placement, as a disagreement lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    pub by: String,
    pub stage: String,
    pub sure: Sure,
}

impl Agreement {
    /// Names the researchers R1, R2, … (in the order of their names) everywhere, for an
    /// anonymised report.
    pub fn hide_researchers(&mut self) {
        let alias = |name: &str, all: &[String]| match all.iter().position(|r| r == name) {
            Some(i) => format!("R{}", i + 1),
            None => name.to_string(),
        };
        let all = self.researchers.clone();
        for p in &mut self.stage.pairs {
            p.a = alias(&p.a, &all);
            p.b = alias(&p.b, &all);
        }
        for d in &mut self.disagreements {
            for p in &mut d.placements {
                p.by = alias(&p.by, &all);
            }
        }
        self.researchers = (1..=all.len()).map(|i| format!("R{i}")).collect();
    }
}

/// One session as agreement needs it.
#[derive(Debug, Clone)]
struct Unit {
    id: String,
    customer: String,
    /// Researcher → (stage index, how sure), their latest placement.
    placed: BTreeMap<String, (usize, Sure)>,
    gauge: Option<usize>,
    coding: codes::Coding,
}

/// The sessions gathered so far.
#[derive(Debug, Clone)]
pub struct Tally {
    stages: Vec<String>,
    units: Vec<Unit>,
    placed_once: usize,
    unknown_stages: usize,
    unnamed_codes: bool,
}

impl Tally {
    pub fn new(guide: &Guide) -> Tally {
        Tally {
            stages: guide.stages.iter().map(|s| s.id.clone()).collect(),
            units: Vec::new(),
            placed_once: 0,
            unknown_stages: 0,
            unnamed_codes: false,
        }
    }

    /// Adds one session, with the gauge's stage for it (its id, when the answers give one).
    pub fn add(&mut self, session: &Session, gauge: Option<&str>) {
        let mut placed = BTreeMap::new();
        for p in session.latest_placements() {
            match self.stages.iter().position(|s| *s == p.stage) {
                Some(at) => {
                    placed.insert(p.by.clone(), (at, p.sure));
                }
                None => self.unknown_stages += 1,
            }
        }
        match placed.len() {
            0 => return,
            1 => {
                self.placed_once += 1;
                return;
            }
            _ => {}
        }
        let coding = codes::Coding::of(session, placed.keys());
        self.unnamed_codes |= coding.unnamed;
        self.units.push(Unit {
            id: session.id.clone(),
            customer: session.meta.customer.clone(),
            placed,
            gauge: gauge.and_then(|g| self.stages.iter().position(|s| s == g)),
            coding,
        });
    }

    /// The figures over the sessions added.
    pub fn finish(mut self, guide: &Guide) -> Agreement {
        self.units.sort_by(|a, b| a.id.cmp(&b.id));
        let researchers: Vec<String> = self
            .units
            .iter()
            .flat_map(|u| u.placed.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let units: Vec<&codes::Coding> = self.units.iter().map(|u| &u.coding).collect();
        Agreement {
            sessions: self.units.len(),
            placed_once: self.placed_once,
            stage: self.stage(&researchers),
            codes: codes::agreement(guide, &units),
            disagreements: self.disagreements(),
            notes: self.notes(),
            researchers,
        }
    }

    fn stage(&self, researchers: &[String]) -> StageAgreement {
        let categories = self.stages.len();
        let mut ratings: Vec<Vec<Option<usize>>> = researchers
            .iter()
            .map(|r| {
                self.units
                    .iter()
                    .map(|u| u.placed.get(r).map(|p| p.0))
                    .collect()
            })
            .collect();
        let alpha = stats::alpha(
            &stats::value_counts(&ratings, categories),
            categories,
            Level::Ordinal,
        );
        ratings.push(self.units.iter().map(|u| u.gauge).collect());
        let with_gauge = stats::alpha(
            &stats::value_counts(&ratings, categories),
            categories,
            Level::Ordinal,
        );
        let mut names: Vec<&str> = researchers.iter().map(String::as_str).collect();
        names.push(GAUGE);
        let (alpha, alpha_note) = split(alpha);
        let (alpha_with_gauge, alpha_with_gauge_note) = split(with_gauge);
        StageAgreement {
            sessions: self.units.len(),
            percent: self.percent(),
            alpha,
            alpha_note,
            alpha_with_gauge,
            alpha_with_gauge_note,
            pairs: pairs(&names, &ratings, categories),
        }
    }

    /// Exact agreement over every pair of researchers' placements within a session.
    fn percent(&self) -> Option<f64> {
        let (mut same, mut all) = (0usize, 0usize);
        for u in &self.units {
            let stages: Vec<usize> = u.placed.values().map(|p| p.0).collect();
            for (i, a) in stages.iter().enumerate() {
                for b in &stages[i + 1..] {
                    all += 1;
                    same += usize::from(a == b);
                }
            }
        }
        (all > 0).then(|| 100.0 * same as f64 / all as f64)
    }

    fn disagreements(&self) -> Vec<SessionDisagreement> {
        let mut out: Vec<SessionDisagreement> = self
            .units
            .iter()
            .filter_map(|u| {
                let stages: BTreeSet<usize> = u.placed.values().map(|p| p.0).collect();
                let researchers_agree = stages.len() == 1;
                let gauge_agrees = u.gauge.map(|g| researchers_agree && stages.contains(&g));
                if researchers_agree && gauge_agrees != Some(false) {
                    return None;
                }
                let all: BTreeSet<usize> = stages.iter().copied().chain(u.gauge).collect();
                let spread = all.last().unwrap_or(&0) - all.first().unwrap_or(&0);
                Some(SessionDisagreement {
                    id: u.id.clone(),
                    customer: u.customer.clone(),
                    placements: u
                        .placed
                        .iter()
                        .map(|(by, (at, sure))| Placed {
                            by: by.clone(),
                            stage: self.stages[*at].clone(),
                            sure: *sure,
                        })
                        .collect(),
                    gauge: u.gauge.map(|g| self.stages[g].clone()),
                    researchers_agree,
                    gauge_agrees,
                    spread,
                })
            })
            .collect();
        out.sort_by(|a, b| b.spread.cmp(&a.spread).then_with(|| a.id.cmp(&b.id)));
        out
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let sessions = crate::text::count(self.placed_once, "session");
        if self.placed_once > 0 {
            notes.push(format!(
                "{sessions} placed by one researcher only: not counted until a second researcher places it"
            ));
        }
        if self.unknown_stages > 0 {
            let n = crate::text::count(self.unknown_stages, "placement");
            notes.push(format!(
                "{n} name a stage this guide does not have: not counted"
            ));
        }
        if self.unnamed_codes {
            notes.push(
                "codes applied before journey recorded who applied them are not counted".into(),
            );
        }
        notes
    }
}

/// Every two raters who placed a session in common: how many, how often the same stage, and
/// the quadratic-weighted kappa.
fn pairs(names: &[&str], ratings: &[Vec<Option<usize>>], categories: usize) -> Vec<Pair> {
    let mut out = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for (j, b) in names.iter().enumerate().skip(i + 1) {
            let both: Vec<(usize, usize)> = ratings[i]
                .iter()
                .zip(&ratings[j])
                .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
                .collect();
            if both.is_empty() {
                continue;
            }
            let same = both.iter().filter(|(x, y)| x == y).count();
            let (kappa, note) = split(stats::quadratic_kappa(&both, categories));
            out.push(Pair {
                a: a.to_string(),
                b: b.to_string(),
                n: both.len(),
                percent: 100.0 * same as f64 / both.len() as f64,
                kappa,
                note,
            });
        }
    }
    out
}

/// A statistic as a value or a note saying why there is none.
fn split(result: Result<f64, Undefined>) -> (Option<f64>, Option<String>) {
    match result {
        Ok(v) if v.is_finite() => (Some(v), None),
        Ok(_) => (None, Some("not a finite number".into())),
        Err(why) => (None, Some(why.words().to_string())),
    }
}
