//! Semantic checks of a parsed guide: every fault at once, each naming where it is.

use std::collections::HashSet;
use std::fmt;

/// The longest a question's `short` label may be: it has to fit the outline and table columns.
pub const SHORT_LABEL_MAX: usize = 32;
/// The most points a scale may have: one digit key a point, and room on any screen.
pub const SCALE_POINTS_MAX: usize = 11;
/// The most options a choice question may offer: more than any list read out in an interview
/// (the world's countries are about 250), and few enough that every export and report stays
/// quick (a crafted guide with 20,000 options a question made the report take minutes).
pub const OPTIONS_MAX: usize = 1000;
/// The largest bound a number question may set.
pub const NUMBER_BOUND: f64 = 1e12;

mod question;

use super::condition::Test;
use super::{Condition, Evidence, Guide, Target, FORMAT};

/// One thing wrong with a guide, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// e.g. "question `drivers.sponsor` option `cio`".
    pub place: String,
    pub message: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Checks everything serde cannot: references, uniqueness, kinds and ranges.
pub fn check(guide: &Guide) -> Vec<Fault> {
    let mut c = Checker {
        guide,
        faults: Vec::new(),
    };
    c.check_framework();
    c.check_sections();
    c.check_milestones_and_highlights();
    super::translation::check_references(guide, &mut c.faults);
    c.faults
}

struct Checker<'g> {
    guide: &'g Guide,
    faults: Vec<Fault>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl<'g> Checker<'g> {
    fn fault(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.faults.push(Fault {
            place: place.into(),
            message: message.into(),
        });
    }

    /// Checks ids are well formed and unique within their kind.
    fn check_ids<'a>(&mut self, kind: &str, ids: impl IntoIterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for id in ids {
            if !valid_id(id) {
                self.fault(
                    format!("{kind} `{id}`"),
                    "ids use letters, digits, `-`, `_` and `.` only, and are not empty",
                );
            }
            if !seen.insert(id) {
                self.fault(format!("{kind} `{id}`"), "duplicate id");
            }
        }
    }

    fn check_framework(&mut self) {
        let g = self.guide;
        if g.format != FORMAT {
            self.fault(
                "guide",
                format!(
                    "format {} is not supported; this journey reads format {FORMAT}",
                    g.format
                ),
            );
        }
        self.check_ids("guide", [g.id.as_str()]);
        if g.version.trim().is_empty() {
            self.fault("guide", "`version` is empty");
        }
        if g.stages.len() < 2 {
            self.fault("guide", "a journey needs at least two stages");
        }
        self.check_ids("stage", g.stages.iter().map(|s| s.id.as_str()));
        self.check_ids("code", g.codes.iter().map(|c| c.id.as_str()));
        for code in &g.codes {
            if !code.colour.is_empty() && !super::Code::is_colour(&code.colour) {
                self.fault(
                    format!("code `{}`", code.id),
                    format!("`colour` is `{}`; write it as #RRGGBB", code.colour),
                );
            }
            if code.name.trim().is_empty() {
                self.fault(format!("code `{}`", code.id), "a code needs a `name`");
            }
        }
        self.check_ids("driver", g.drivers.iter().map(|d| d.id.as_str()));
        self.check_ids("obstacle", g.obstacles.iter().map(|o| o.id.as_str()));
        let tactics = g.obstacles.iter().flat_map(|o| o.tactics.iter());
        self.check_ids("tactic", tactics.map(|t| t.id.as_str()));
        for driver in &g.drivers {
            if driver.levels.len() < 2 {
                self.fault(
                    format!("driver `{}`", driver.id),
                    "a driver needs at least two levels",
                );
            }
        }
        let strong = g.assessment.strong_evidence;
        if !(strong.is_finite() && strong > 0.0) {
            self.fault("assessment", "`strong_evidence` must be a positive number");
        }
    }

    fn check_sections(&mut self) {
        let g = self.guide;
        self.check_ids("section", g.sections.iter().map(|s| s.id.as_str()));
        self.check_ids("question", g.questions().map(|(_, q)| q.id.as_str()));
        for section in &g.sections {
            let place = format!("section `{}`", section.id);
            if section.questions.is_empty() {
                self.fault(&place, "a section needs at least one question");
            }
            if let (Some(cond), Some(first)) = (&section.show_if, section.questions.first()) {
                self.check_skip_logic(&place, cond, &first.id);
            }
            for question in &section.questions {
                self.check_question(question);
            }
        }
    }

    fn check_evidence(&mut self, place: &str, ev: &Evidence) {
        let g = self.guide;
        if ev.why.trim().is_empty() {
            self.fault(place, "evidence needs a one-line `why`");
        }
        match &ev.target {
            Target::Stage { stage, weight } => {
                if g.stage_index(stage).is_none() {
                    self.fault(place, format!("evidence for unknown stage `{stage}`"));
                }
                self.check_weight(place, *weight);
            }
            Target::Driver {
                driver,
                level,
                weight,
            } => {
                match g.driver(driver) {
                    None => self.fault(place, format!("evidence for unknown driver `{driver}`")),
                    Some(d) if *level >= d.levels.len() => self.fault(
                        place,
                        format!(
                            "driver `{driver}` has levels 0 to {}, not {level}",
                            d.levels.len().saturating_sub(1)
                        ),
                    ),
                    Some(_) => {}
                }
                self.check_weight(place, *weight);
            }
            Target::Obstacle { obstacle, .. } => {
                if g.obstacle(obstacle).is_none() {
                    self.fault(place, format!("evidence for unknown obstacle `{obstacle}`"));
                }
            }
            Target::Tactic { tactic } => {
                if g.tactic(tactic).is_none() {
                    self.fault(place, format!("evidence for unknown tactic `{tactic}`"));
                }
            }
        }
    }

    fn check_weight(&mut self, place: &str, weight: f64) {
        if !(weight.is_finite() && weight > 0.0) {
            self.fault(
                place,
                format!("`weight` must be a positive number, not {weight}"),
            );
        }
    }

    /// Skip logic may only read questions asked before `before`.
    fn check_skip_logic(&mut self, place: &str, cond: &Condition, before: &str) {
        let g = self.guide;
        let limit = g.position(before).map(|p| p.flat);
        for (qid, test) in cond.tests() {
            match (g.position(qid), limit) {
                (None, _) => {
                    self.fault(place, format!("skip logic reads unknown question `{qid}`"))
                }
                (Some(p), Some(limit)) if p.flat >= limit => self.fault(
                    place,
                    format!(
                        "skip logic reads question `{qid}`, which is not asked before this one"
                    ),
                ),
                _ => self.check_test(place, qid, test),
            }
        }
    }

    fn check_test(&mut self, place: &str, qid: &str, test: &Test) {
        let Some(q) = self.guide.question(qid) else {
            self.fault(place, format!("condition reads unknown question `{qid}`"));
            return;
        };
        match test {
            Test::AnyOf(ids) | Test::AllOf(ids) | Test::NoneOf(ids) => {
                if !q.kind.is_choice() {
                    self.fault(place, format!("question `{qid}` is not a choice question"));
                }
                for id in ids {
                    if q.option(id).is_none() && q.kind.is_choice() {
                        self.fault(place, format!("question `{qid}` has no option `{id}`"));
                    }
                }
            }
            Test::Range { .. } if !q.kind.is_numeric() => {
                self.fault(
                    place,
                    format!("question `{qid}` is not a scale or number question"),
                );
            }
            Test::Range { .. } | Test::Answered(_) => {}
        }
    }

    fn check_milestones_and_highlights(&mut self) {
        let g = self.guide;
        self.check_ids("milestone", g.milestones.iter().map(|m| m.id.as_str()));
        for m in &g.milestones {
            let place = format!("milestone `{}`", m.id);
            if let Some(d) = &m.driver {
                if g.driver(d).is_none() {
                    self.fault(&place, format!("unknown driver `{d}`"));
                }
            }
            if let Some(s) = &m.crosses {
                if g.stage_index(s).is_none() {
                    self.fault(&place, format!("unknown stage `{s}`"));
                }
            }
            for (qid, test) in m.when.tests() {
                self.check_test(&place, qid, test);
            }
        }
        self.check_ids("highlight", g.highlights.iter().map(|h| h.id.as_str()));
        for h in &g.highlights {
            for qid in &h.questions {
                match g.question(qid) {
                    None => self.fault(
                        format!("highlight `{}`", h.id),
                        format!("unknown question `{qid}`"),
                    ),
                    Some(q) if !q.kind.is_choice() => self.fault(
                        format!("highlight `{}`", h.id),
                        format!("question `{qid}` is not a choice question"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
