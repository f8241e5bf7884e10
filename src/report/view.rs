//! What the study report says, built once from the study, its guide and its scope: the Markdown
//! and HTML reports each render this one model, so the two formats cannot drift. Text is held as
//! it was written; each format escapes it its own way.

use super::{top, Scope, Study};
use crate::export::words::count;
use crate::export::Quote;
use crate::guide::Guide;

/// What the stage table counts, under its heading.
pub const COUNTED: &str = "Customers now counts each customer once, at its latest interview in \
    this report; one between two stages counts at the stage nearer its position (held at the \
    chasm, the stage below it), as the browser's stage filter does. The other columns, and the \
    sections below, count interviews.";

/// The label of the part of a driver with no evidence.
pub const NO_EVIDENCE: &str = "no evidence";

/// The whole report, in order: heading, customers by stage, one section per stage with
/// interviews, then the tables across stages.
pub struct ReportView<'a> {
    pub title: &'a str,
    /// "40 interviews · guide … · generated … · filters · anonymised".
    pub about: String,
    /// Every stage, then "No evidence yet", with its counts.
    pub rows: Vec<StageRow>,
    /// The stages with interviews.
    pub stages: Vec<StageSection<'a>>,
    pub cross_tabs: Vec<CrossTabView<'a>>,
}

/// One line of "Customers by stage".
pub struct StageRow {
    pub name: String,
    /// The customers whose latest interview is at this stage.
    pub customers: usize,
    /// The interviews at this stage, and of them those with weak or disagreeing evidence.
    pub interviews: usize,
    pub weak: usize,
    pub disagreeing: usize,
}

/// Everything about the interviews at one stage.
pub struct StageSection<'a> {
    /// "IT Production (cost efficiency): 5 interviews · 3 customers there now".
    pub heading: String,
    pub weak: usize,
    pub disagreeing: usize,
    /// Per driver, each level with its count, "no evidence" last.
    pub drivers: Vec<(&'a str, Vec<(&'a str, usize)>)>,
    /// Per highlight with items, the most common items and their counts.
    pub highlights: Vec<(&'a str, Vec<(&'a str, usize)>)>,
    pub obstacles: Vec<ObstacleLine<'a>>,
    /// The codes applied most, with their counts.
    pub codes: Vec<(&'a str, usize)>,
    /// Per milestone: its name, how many reached it, how many are known.
    pub milestones: Vec<(&'a str, usize, usize)>,
    pub quotes: Vec<QuoteLine<'a>>,
}

/// An obstacle at one stage: raised by, resolved by, and the tactics where it was resolved.
pub struct ObstacleLine<'a> {
    pub name: &'a str,
    pub raised: usize,
    pub resolved: usize,
    pub worked: Vec<(&'a str, usize)>,
}

/// A representative quote, with who said it and on what.
pub struct QuoteLine<'a> {
    pub quote: Quote<'a>,
    /// "Nordbank", or for a quote taken from a transcript line "Marta Lindqvist at Nordbank,
    /// 01:40" (aliases when anonymised).
    pub who: String,
    pub question: &'a str,
}

/// One table across stages: its title, its columns, and each stage's counts.
pub struct CrossTabView<'a> {
    pub title: &'static str,
    pub columns: Vec<String>,
    pub counts: &'a [Vec<usize>],
}

impl<'a> ReportView<'a> {
    pub fn new(guide: &'a Guide, study: &'a Study, scope: &'a Scope) -> ReportView<'a> {
        let names = Study::row_names(guide);
        let now = study.customers_now();
        let stages = names
            .iter()
            .zip(&study.stages)
            .enumerate()
            .filter(|(_, (_, g))| g.interviews > 0)
            .map(|(s, (name, _))| StageSection::new(guide, study, s, name, now[s]))
            .collect();
        let rows = names
            .into_iter()
            .zip(&study.stages)
            .zip(now)
            .map(|((name, g), customers)| StageRow {
                name,
                customers,
                interviews: g.interviews,
                weak: g.weak,
                disagreeing: g.disagreeing,
            })
            .collect();
        ReportView {
            title: &scope.title,
            about: about(guide, study, scope),
            rows,
            stages,
            cross_tabs: study
                .cross_tabs(guide)
                .into_iter()
                .map(|t| CrossTabView {
                    title: t.title,
                    columns: t.columns,
                    counts: t.counts,
                })
                .collect(),
        }
    }
}

/// The line under the title: how many interviews, which guide, when, which filters.
fn about(guide: &Guide, study: &Study, scope: &Scope) -> String {
    let mut about = format!(
        "{} · guide {} {} · generated {}",
        count(study.sessions, "interview"),
        guide.id,
        guide.version,
        scope.generated
    );
    if !scope.filters.is_empty() {
        about.push_str(" · ");
        about.push_str(&scope.filters.join(", "));
    }
    if scope.anonymized {
        about.push_str(" · anonymised");
    }
    about
}

impl<'a> StageSection<'a> {
    /// Row `s` of the study (a stage, or "no evidence yet" last), named `name`, where
    /// `customers` are now.
    fn new(
        guide: &'a Guide,
        study: &'a Study,
        s: usize,
        name: &str,
        customers: usize,
    ) -> StageSection<'a> {
        let g = &study.stages[s];
        let theme = guide
            .stages
            .get(s)
            .map_or(String::new(), |st| format!(" ({})", st.theme));
        let pairs = |items: &'a std::collections::BTreeMap<String, usize>| top(items);
        StageSection {
            heading: format!(
                "{name}{theme}: {} · {} there now",
                count(g.interviews, "interview"),
                count(customers, "customer")
            ),
            weak: g.weak,
            disagreeing: g.disagreeing,
            drivers: guide
                .drivers
                .iter()
                .zip(&g.drivers)
                .map(|(d, counts)| {
                    let levels = d.levels.iter().map(String::as_str);
                    let levels = levels.chain([NO_EVIDENCE]).zip(counts.iter().copied());
                    (d.name.as_str(), levels.collect())
                })
                .collect(),
            highlights: guide
                .highlights
                .iter()
                .zip(&g.highlights)
                .map(|(h, items)| (h.title.as_str(), pairs(items)))
                .filter(|(_, items)| !items.is_empty())
                .collect(),
            obstacles: obstacles(guide, g),
            codes: pairs(&g.codes),
            milestones: guide
                .milestones
                .iter()
                .zip(&g.milestones)
                .map(|(m, (reached, known))| (m.name.as_str(), *reached, *known))
                .collect(),
            quotes: g
                .quotes
                .iter()
                .map(|q| QuoteLine {
                    quote: Quote::said(&q.text, q.said.as_ref()),
                    who: who(q),
                    question: &q.question,
                })
                .collect(),
        }
    }
}

fn obstacles<'a>(guide: &'a Guide, g: &super::StageGroup) -> Vec<ObstacleLine<'a>> {
    guide
        .obstacles
        .iter()
        .zip(&g.obstacles)
        .map(|(o, (raised, resolved, tactics))| ObstacleLine {
            name: &o.name,
            raised: *raised,
            resolved: *resolved,
            worked: o
                .tactics
                .iter()
                .zip(tactics)
                .filter(|(_, n)| **n > 0)
                .map(|(t, n)| (t.name.as_str(), *n))
                .collect(),
        })
        .collect()
}

/// Who said a quote: the customer, and for a line of the transcript its speaker and time.
fn who(q: &super::Quote) -> String {
    let Some(said) = &q.said else {
        return q.customer.clone();
    };
    let at = crate::export::clock(said.at);
    match said.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(speaker) => format!("{speaker} at {}, {at}", q.customer),
        None => format!("{}, {at}", q.customer),
    }
}
