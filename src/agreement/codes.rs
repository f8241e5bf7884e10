//! Agreement on codes: for each code, Krippendorff's alpha (nominal) on whether each
//! researcher applied it to each session, and on each text two or more researchers coded.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::stats::{self, Level};
use crate::guide::Guide;
use crate::session::Session;

/// One code's agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeAgreement {
    pub code: String,
    /// The codebook's name for it (the id when the codebook has none).
    pub name: String,
    /// Units: the sessions counted; a researcher who placed or coded a session says yes or no.
    pub sessions: CodeAlpha,
    /// Units: each text (a quote or a line of notes) two or more researchers coded.
    pub segments: CodeAlpha,
}

/// Krippendorff's alpha (nominal) over some units, or a note saying why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeAlpha {
    pub units: usize,
    pub alpha: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Researcher → the codes they applied.
type Applied = BTreeMap<String, BTreeSet<String>>;

/// What one session's coding says, by researcher.
#[derive(Debug, Clone, Default)]
pub(super) struct Coding {
    /// Who reviewed the session: placed it or coded a text in it.
    reviewers: BTreeSet<String>,
    /// Every code each researcher applied anywhere in the session.
    applied: Applied,
    /// The texts two or more researchers coded, with each one's codes on it.
    segments: Vec<Applied>,
    /// Some code was applied by nobody named (a file from before codes recorded who).
    pub unnamed: bool,
}

impl Coding {
    /// The session's coding; `placed`: the researchers who placed it.
    pub(super) fn of<'a>(session: &Session, placed: impl Iterator<Item = &'a String>) -> Coding {
        let mut coding = Coding {
            reviewers: placed.cloned().collect(),
            ..Coding::default()
        };
        for (question, answer) in &session.answers {
            let mut texts: BTreeMap<(&str, &str), Applied> = BTreeMap::new();
            for c in &answer.coded {
                let Some(by) = c.by.as_deref() else {
                    coding.unnamed |= !c.codes.is_empty();
                    continue;
                };
                coding.reviewers.insert(by.to_string());
                let mine = coding.applied.entry(by.to_string()).or_default();
                mine.extend(c.codes.iter().cloned());
                let text = texts
                    .entry((question.as_str(), c.text.as_str()))
                    .or_default();
                text.entry(by.to_string())
                    .or_default()
                    .extend(c.codes.iter().cloned());
            }
            coding
                .segments
                .extend(texts.into_values().filter(|by| by.len() >= 2));
        }
        coding
    }
}

/// Each code applied in `units` (by a researcher named), the codebook's order first.
pub(super) fn agreement(guide: &Guide, units: &[&Coding]) -> Vec<CodeAgreement> {
    let used: BTreeSet<&String> = units
        .iter()
        .flat_map(|u| u.applied.values().flatten())
        .collect();
    let mut ids: Vec<(&str, &str)> = guide
        .codes
        .iter()
        .filter(|c| used.contains(&c.id))
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    for id in &used {
        if !guide.codes.iter().any(|c| c.id == **id) {
            ids.push((id.as_str(), id.as_str()));
        }
    }
    let researchers: BTreeSet<&String> = units.iter().flat_map(|u| &u.reviewers).collect();
    let segments: Vec<&Applied> = units.iter().flat_map(|u| &u.segments).collect();
    ids.into_iter()
        .map(|(code, name)| {
            let by_session = researchers
                .iter()
                .map(|r| {
                    let said = |u: &&Coding| {
                        let has = u.applied.get(*r).is_some_and(|a| a.contains(code));
                        u.reviewers.contains(*r).then_some(usize::from(has))
                    };
                    units.iter().map(said).collect()
                })
                .collect();
            let by_segment = researchers
                .iter()
                .map(|r| {
                    let said = |s: &&Applied| s.get(*r).map(|a| usize::from(a.contains(code)));
                    segments.iter().map(said).collect()
                })
                .collect();
            CodeAgreement {
                code: code.to_string(),
                name: name.to_string(),
                sessions: nominal(
                    by_session,
                    units.len(),
                    "no session was reviewed by two researchers",
                ),
                segments: nominal(
                    by_segment,
                    segments.len(),
                    "no text was coded by two researchers",
                ),
            }
        })
        .collect()
}

/// Alpha (nominal, yes or no) over `ratings[rater][unit]`.
fn nominal(ratings: Vec<Vec<Option<usize>>>, units: usize, none: &str) -> CodeAlpha {
    if units == 0 {
        return CodeAlpha {
            units,
            alpha: None,
            note: Some(none.to_string()),
        };
    }
    let (alpha, note) = super::split(stats::alpha(
        &stats::value_counts(&ratings, 2),
        2,
        Level::Nominal,
    ));
    CodeAlpha { units, alpha, note }
}
