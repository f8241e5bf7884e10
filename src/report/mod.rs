//! The study report: an archive of interviews turned into the seed's own synthesis. For each
//! stage: how many customers are there now (each at its latest interview), how many interviews
//! (and how many with weak or disagreeing evidence), each driver's
//! levels, the most common triggers, workloads, products, capabilities and value, the obstacles
//! raised and the tactics where they were resolved, the milestones reached, and representative
//! quotes; across stages: stage × main value (the shift across the chasm), stage × obstacle and
//! stage × trigger. Gathered one session at a time, in parallel chunks, so an archive of any
//! size streams through.

mod agreement;
mod html;
mod markdown;
mod movement;
mod view;

use std::collections::{BTreeMap, HashMap};

use crate::assess::{assess, Assessment, MilestoneState, StrengthLabel};
use crate::guide::{Guide, ObstacleStatus};
use crate::session::{Session, Timestamp, Value};

pub use html::render as html;
pub use markdown::render as markdown;
pub use movement::Mover;

/// Quotes kept per stage.
const QUOTES_PER_STAGE: usize = 3;
/// Items listed per highlight.
const TOP: usize = 5;

/// What the report covers, for its heading.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub title: String,
    /// The filters applied, in words ("complete interviews by Sam since 2026-01-01").
    pub filters: Vec<String>,
    pub anonymized: bool,
    pub generated: String,
}

impl Scope {
    /// The heading of a report on `guide`'s study, made now, with its filters in words.
    pub fn new(guide: &Guide, filters: Vec<String>, anonymized: bool) -> Scope {
        Scope {
            title: format!("{}: study report", guide.title),
            filters,
            anonymized,
            generated: crate::session::now().format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// A verbatim quote with who said it and where; for one taken from a transcript line, the
/// speaker and the time too.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub text: String,
    pub customer: String,
    pub question: String,
    pub said: Option<crate::session::Said>,
}

/// Everything about the interviews at one stage (or with no evidence yet).
#[derive(Debug, Clone, Default)]
pub struct StageGroup {
    /// The interviews the gauge puts at this stage (a customer interviewed three times counts
    /// three times; [`Study::customers_now`] counts customers).
    pub interviews: usize,
    /// Low or no evidence behind the stage.
    pub weak: usize,
    /// Answers two or more stages apart.
    pub disagreeing: usize,
    /// Per driver, the count at each level (and, last, no evidence).
    pub drivers: Vec<Vec<usize>>,
    /// Per highlight, each item with its count.
    pub highlights: Vec<BTreeMap<String, usize>>,
    /// Per obstacle: raised, resolved, and per tactic the uses where it was resolved.
    pub obstacles: Vec<(usize, usize, Vec<usize>)>,
    /// Per milestone: reached, and known (reached or not).
    pub milestones: Vec<(usize, usize)>,
    pub quotes: Vec<Quote>,
    /// Code name → texts coded with it.
    pub codes: BTreeMap<String, usize>,
}

/// The report's figures.
#[derive(Debug, Clone)]
pub struct Study {
    pub sessions: usize,
    /// One group per stage, then the sessions with no stage evidence yet.
    pub stages: Vec<StageGroup>,
    /// Row labels of the cross-tabs' columns: main value options, trigger options.
    pub values: Vec<String>,
    pub triggers: Vec<String>,
    /// Stage × column counts (rows: stages then "no evidence").
    pub by_value: Vec<Vec<usize>>,
    pub by_obstacle: Vec<Vec<usize>>,
    pub by_trigger: Vec<Vec<usize>>,
    /// The customers interviewed more than once, first to latest interview (see `movers`).
    pub movers: Vec<Mover>,
    /// The researchers' agreement over the sessions reported, when it was gathered.
    pub agreement: Option<crate::agreement::Agreement>,
    /// Per customer (by id), its latest interview counted: when it started, its id (between
    /// interviews started at the same time, the greater id is the later) and its stage row.
    latest: HashMap<String, (Timestamp, String, usize)>,
}

/// The question whose options are the "main value" column of the cross-tab.
const VALUE_QUESTION: &str = "value.primary";
const TRIGGER_QUESTION: &str = "triggers.business";

impl Study {
    pub fn new(guide: &Guide) -> Study {
        let options = |id: &str| -> Vec<String> {
            guide
                .question(id)
                .map(|q| q.options.iter().map(|o| o.label.clone()).collect())
                .unwrap_or_default()
        };
        let rows = guide.stages.len() + 1;
        let values = options(VALUE_QUESTION);
        let triggers = options(TRIGGER_QUESTION);
        let group = StageGroup {
            drivers: guide
                .drivers
                .iter()
                .map(|d| vec![0; d.levels.len() + 1])
                .collect(),
            highlights: vec![BTreeMap::new(); guide.highlights.len()],
            obstacles: guide
                .obstacles
                .iter()
                .map(|o| (0, 0, vec![0; o.tactics.len()]))
                .collect(),
            milestones: vec![(0, 0); guide.milestones.len()],
            ..StageGroup::default()
        };
        Study {
            sessions: 0,
            stages: vec![group; rows],
            by_value: vec![vec![0; values.len()]; rows],
            by_obstacle: vec![vec![0; guide.obstacles.len()]; rows],
            by_trigger: vec![vec![0; triggers.len()]; rows],
            values,
            triggers,
            movers: Vec::new(),
            agreement: None,
            latest: HashMap::new(),
        }
    }

    /// Per stage row (the stages, then "no evidence yet"), the customers whose latest interview
    /// counted is at it: each customer once, where it is now.
    pub fn customers_now(&self) -> Vec<usize> {
        let mut rows = vec![0; self.stages.len()];
        for (_, _, row) in self.latest.values() {
            if let Some(n) = rows.get_mut(*row) {
                *n += 1;
            }
        }
        rows
    }

    /// Keeps `seen` as the customer's latest interview unless a later one is kept already.
    fn see(&mut self, customer: String, seen: (Timestamp, String, usize)) {
        match self.latest.entry(customer) {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                if (seen.0, &seen.1) > (e.get().0, &e.get().1) {
                    e.insert(seen);
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(seen);
            }
        }
    }

    /// Sets the movement section from the customers interviewed more than once, in the order
    /// the report tells them.
    pub fn set_movers(&mut self, movers: Vec<Mover>) {
        self.movers = movement::ordered(movers);
    }

    /// Adds one session, with its assessment.
    pub fn add(&mut self, guide: &Guide, s: &Session, a: &Assessment) {
        self.sessions += 1;
        let row = a
            .stage
            .as_deref()
            .and_then(|id| guide.stage_index(id))
            .unwrap_or(guide.stages.len());
        self.see(s.meta.customer_key(), (s.meta.started, s.id.clone(), row));
        let g = &mut self.stages[row];
        g.interviews += 1;
        if a.strength.label <= StrengthLabel::Low {
            g.weak += 1;
        }
        if !a.disagreements.is_empty() {
            g.disagreeing += 1;
        }
        for (i, d) in a.drivers.iter().enumerate() {
            let levels = &mut g.drivers[i];
            let at = d.level.map_or(levels.len() - 1, |l| l as usize);
            if let Some(n) = levels.get_mut(at) {
                *n += 1;
            }
        }
        for (i, h) in a.highlights.iter().enumerate() {
            for item in &h.items {
                *g.highlights[i].entry(item.clone()).or_insert(0) += 1;
            }
        }
        g.add_milestones(a);
        for (name, n) in s.code_counts(guide) {
            *g.codes.entry(name).or_insert(0) += n;
        }
        g.add_quote(guide, s, a);
        self.add_obstacles(guide, row, a);
        for i in picked(guide, s, VALUE_QUESTION) {
            self.by_value[row][i] += 1;
        }
        for i in picked(guide, s, TRIGGER_QUESTION) {
            self.by_trigger[row][i] += 1;
        }
    }

    /// Counts the obstacles raised and resolved at stage row `row`, and the tactics used where
    /// they were resolved.
    fn add_obstacles(&mut self, guide: &Guide, row: usize, a: &Assessment) {
        let g = &mut self.stages[row];
        for (i, o) in a.obstacles.iter().enumerate() {
            let (raised, resolved, tactics) = &mut g.obstacles[i];
            if o.status.was_raised() {
                *raised += 1;
                self.by_obstacle[row][i] += 1;
            }
            if o.status == ObstacleStatus::Resolved {
                *resolved += 1;
                let obstacle = &guide.obstacles[i];
                for used in &o.tactics_used {
                    if let Some(t) = obstacle.tactics.iter().position(|t| t.id == used.id) {
                        tactics[t] += 1;
                    }
                }
            }
        }
    }
    /// Adds another study's counts (of other sessions) to this one.
    pub fn merge(&mut self, other: Study) {
        self.sessions += other.sessions;
        for (customer, seen) in other.latest {
            self.see(customer, seen);
        }
        for (g, o) in self.stages.iter_mut().zip(other.stages) {
            g.interviews += o.interviews;
            g.weak += o.weak;
            g.disagreeing += o.disagreeing;
            for (a, b) in g.drivers.iter_mut().zip(o.drivers) {
                add_vec(a, &b);
            }
            for (a, b) in g.highlights.iter_mut().zip(o.highlights) {
                for (k, v) in b {
                    *a.entry(k).or_insert(0) += v;
                }
            }
            for (a, b) in g.obstacles.iter_mut().zip(o.obstacles) {
                a.0 += b.0;
                a.1 += b.1;
                add_vec(&mut a.2, &b.2);
            }
            for (a, b) in g.milestones.iter_mut().zip(o.milestones) {
                a.0 += b.0;
                a.1 += b.1;
            }
            for (k, v) in o.codes {
                *g.codes.entry(k).or_insert(0) += v;
            }
            for q in o.quotes {
                if g.quotes.len() < QUOTES_PER_STAGE {
                    g.quotes.push(q);
                }
            }
        }
        for (mine, theirs) in [
            (&mut self.by_value, other.by_value),
            (&mut self.by_obstacle, other.by_obstacle),
            (&mut self.by_trigger, other.by_trigger),
        ] {
            for (a, b) in mine.iter_mut().zip(theirs) {
                add_vec(a, &b);
            }
        }
    }

    /// The row names of the report: each stage, then "no evidence yet".
    pub fn row_names(guide: &Guide) -> Vec<String> {
        guide
            .stages
            .iter()
            .map(|s| s.name.clone())
            .chain(std::iter::once("No evidence yet".to_string()))
            .collect()
    }
}

impl StageGroup {
    fn add_milestones(&mut self, a: &Assessment) {
        for (i, m) in a.milestones.iter().enumerate() {
            let (reached, known) = &mut self.milestones[i];
            match m.state {
                MilestoneState::Reached => {
                    *reached += 1;
                    *known += 1;
                }
                MilestoneState::NotReached => *known += 1,
                MilestoneState::Unknown => {}
            }
        }
    }

    /// Keeps the session's first quote (one taken from the transcript first), on the question
    /// that places it most, while the stage has fewer than [`QUOTES_PER_STAGE`].
    fn add_quote(&mut self, guide: &Guide, s: &Session, a: &Assessment) {
        if self.quotes.len() >= QUOTES_PER_STAGE {
            return;
        }
        let order = a.reasons.iter().map(|r| r.question.as_str());
        let quoted = order
            .chain(guide.questions().map(|(_, q)| q.id.as_str()))
            .find_map(|q| {
                let a = s.answer(q)?;
                let heard = a.quotes.iter().find(|t| a.said_of(t).is_some());
                let text = heard.or(a.quotes.first())?;
                Some((q, text, a.said_of(text)))
            });
        if let Some((q, text, said)) = quoted {
            self.quotes.push(Quote {
                text: text.clone(),
                customer: s.meta.customer.clone(),
                question: guide.question(q).map_or(q, |q| q.label()).to_string(),
                said: said.cloned(),
            });
        }
    }
}

/// The places of the options picked on a choice question (none when it has no answer).
fn picked(guide: &Guide, s: &Session, id: &str) -> Vec<usize> {
    let (Some(q), Some(Value::Choice { selected, .. })) = (
        guide.question(id),
        s.answer(id).and_then(|a| a.answered_value()),
    ) else {
        return Vec::new();
    };
    let selected = crate::session::Picked::new(selected);
    q.options
        .iter()
        .enumerate()
        .filter(|(_, o)| selected.contains(&o.id))
        .map(|(i, _)| i)
        .collect()
}

/// One table across stages: its title, its columns, and the counts per stage (then "no
/// evidence yet").
pub struct CrossTab<'s> {
    pub title: &'static str,
    pub columns: Vec<String>,
    pub counts: &'s [Vec<usize>],
}

impl Study {
    /// Stage × main value (the shift across the chasm), stage × obstacle, stage × trigger.
    pub fn cross_tabs(&self, guide: &Guide) -> [CrossTab<'_>; 3] {
        [
            CrossTab {
                title: "Stage × main value (the shift across the chasm)",
                columns: self.values.clone(),
                counts: &self.by_value,
            },
            CrossTab {
                title: "Stage × obstacle raised",
                columns: guide.obstacles.iter().map(|o| o.name.clone()).collect(),
                counts: &self.by_obstacle,
            },
            CrossTab {
                title: "Stage × business trigger",
                columns: self.triggers.clone(),
                counts: &self.by_trigger,
            },
        ]
    }
}

fn add_vec(a: &mut [usize], b: &[usize]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// The most common items of a highlight, most common first (then by name).
pub fn top(items: &BTreeMap<String, usize>) -> Vec<(&str, usize)> {
    let mut all: Vec<(&str, usize)> = items.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    all.truncate(TOP);
    all
}

/// Builds the study from `count` sessions that `load` reads in turn (only those nearest `stage`,
/// when given), in chunks on all cores: only a few sessions are in memory at a time.
pub fn gather<F>(
    guide: &Guide,
    count: usize,
    stage: Option<&str>,
    load: F,
) -> Result<Study, crate::export::ExportError>
where
    F: Fn(usize) -> Result<Option<Session>, crate::export::ExportError> + Sync,
{
    gather_kept(
        guide,
        count,
        &|_, _, a| stage.is_none_or(|s| a.stage.as_deref() == Some(s)),
        load,
    )
}

/// What decides, once a session is read and assessed (one assessment a session), whether the
/// study counts it: its place in the loader's order, the session, its assessment.
pub type Keep<'a> = dyn Fn(usize, &Session, &Assessment) -> bool + Sync + 'a;

/// [`gather`], counting the sessions `keep` keeps.
pub fn gather_kept<F>(
    guide: &Guide,
    count: usize,
    keep: &Keep,
    load: F,
) -> Result<Study, crate::export::ExportError>
where
    F: Fn(usize) -> Result<Option<Session>, crate::export::ExportError> + Sync,
{
    const CHUNK: usize = 64;
    let part = |range: std::ops::Range<usize>| -> Result<Study, crate::export::ExportError> {
        let mut study = Study::new(guide);
        for i in range {
            if let Some(mut session) = load(i)? {
                let a = assess(guide, &session);
                if keep(i, &session, &a) {
                    // Counted as the exports give it: an answer the skip logic hides now is
                    // left out (the assessment already leaves it out).
                    session.hide_irrelevant(guide);
                    study.add(guide, &session, &a);
                }
            }
        }
        Ok(study)
    };
    // Parts are merged in order as they come (only a few wait in memory), so which quotes are
    // kept does not depend on the cores.
    let mut study = Study::new(guide);
    crate::par::stream(count, CHUNK, part, |part| {
        study.merge(part?);
        Ok::<(), crate::export::ExportError>(())
    })?
    .map_err(|lost| crate::export::ExportError::Write(std::io::Error::other(lost)))?;
    Ok(study)
}
