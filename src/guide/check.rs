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

use super::condition::Test;
use super::{Condition, Evidence, Guide, Kind, Question, Target, FORMAT};

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

    fn check_question(&mut self, q: &Question) {
        let place = format!("question `{}`", q.id);
        if q.text.trim().is_empty() {
            self.fault(&place, "`text` is empty");
        }
        let short = q.short.chars().count();
        if short > SHORT_LABEL_MAX {
            self.fault(
                &place,
                format!("`short` is {short} characters; keep it to {SHORT_LABEL_MAX} or fewer"),
            );
        }
        if let Some(cond) = &q.show_if {
            self.check_skip_logic(&place, cond, &q.id);
        }
        if q.kind.is_choice() {
            if q.options.is_empty() {
                self.fault(
                    &place,
                    format!("a {:?} choice question needs `options`", q.kind).to_lowercase(),
                );
            }
            if q.options.len() > OPTIONS_MAX {
                self.fault(
                    &place,
                    format!(
                        "{} options; a question offers {OPTIONS_MAX} at most",
                        q.options.len()
                    ),
                );
                return;
            }
            self.check_ids(
                &format!("{place} option"),
                q.options.iter().map(|o| o.id.as_str()),
            );
            for option in &q.options {
                if option.label.trim().is_empty() {
                    self.fault(
                        format!("{place} option `{}`", option.id),
                        "`label` is empty",
                    );
                }
                for ev in &option.evidence {
                    self.check_evidence(&format!("{place} option `{}`", option.id), ev);
                }
            }
        } else if !q.options.is_empty() {
            self.fault(
                &place,
                "only single and multiple choice questions take `options`",
            );
        }
        if q.kind.is_numeric() {
            self.check_range(&place, q);
        } else {
            if q.min.is_some() || q.max.is_some() {
                self.fault(
                    &place,
                    "only scale and number questions take `min` and `max`",
                );
            }
            if !q.bands.is_empty() {
                self.fault(&place, "only scale and number questions take `bands`");
            }
        }
        if q.kind != Kind::Scale && !q.labels.is_empty() {
            self.fault(&place, "only scale questions take `labels`");
        }
        if q.kind != Kind::Number && !q.unit.is_empty() {
            self.fault(&place, "only number questions take a `unit`");
        }
    }

    fn check_range(&mut self, place: &str, q: &Question) {
        let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
        if !finite(q.min) || !finite(q.max) {
            self.fault(place, "`min` and `max` must be finite numbers");
        }
        let bounded = |v: Option<f64>| v.is_none_or(|v| v.abs() <= NUMBER_BOUND);
        if !bounded(q.min) || !bounded(q.max) {
            self.fault(
                place,
                format!("`min` and `max` must lie within ±{NUMBER_BOUND:e}"),
            );
        }
        if let (Some(min), Some(max)) = (q.min, q.max) {
            if min >= max {
                self.fault(place, format!("`min` ({min}) must be below `max` ({max})"));
            }
        }
        if q.kind == Kind::Scale {
            match (q.min, q.max) {
                (Some(min), Some(max)) => {
                    if min.fract() != 0.0 || max.fract() != 0.0 {
                        self.fault(place, "a scale's `min` and `max` are whole numbers");
                    }
                    let points = (max - min + 1.0).max(0.0) as usize;
                    if max - min + 1.0 > SCALE_POINTS_MAX as f64 {
                        self.fault(
                            place,
                            format!(
                                "a scale has at most {SCALE_POINTS_MAX} points; this one has {}",
                                max - min + 1.0
                            ),
                        );
                    }
                    if !q.labels.is_empty() && q.labels.len() != 2 && q.labels.len() != points {
                        self.fault(
                            place,
                            format!(
                                "a scale takes 2 `labels` (low, high) or one per point ({points})"
                            ),
                        );
                    }
                }
                _ => self.fault(place, "a scale question needs `min` and `max`"),
            }
        }
        for (i, band) in q.bands.iter().enumerate() {
            let band_place = format!("{place} band {}", i + 1);
            if let (Some(min), Some(max)) = (band.min, band.max) {
                if min > max {
                    self.fault(&band_place, format!("`min` ({min}) is above `max` ({max})"));
                }
            }
            if let (Some(min), Some(below)) = (band.min, band.below) {
                if min >= below {
                    self.fault(
                        &band_place,
                        format!("`min` ({min}) is not below `below` ({below})"),
                    );
                }
            }
            if band.max.is_some() && band.below.is_some() {
                self.fault(&band_place, "a band takes `max` or `below`, not both");
            }
            if band.min.is_none() && band.max.is_none() && band.below.is_none() {
                self.fault(&band_place, "a band needs `min`, `max` or both");
            }
            if let Some(j) = q.bands[..i].iter().position(|b| b.overlaps(band)) {
                self.fault(
                    &band_place,
                    format!(
                        "overlaps band {}: a value in both would count twice (end one band with `below`)",
                        j + 1
                    ),
                );
            }
            for ev in &band.evidence {
                self.check_evidence(&band_place, ev);
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
mod tests {
    use super::super::parse;
    use super::*;

    fn guide(sections: &str) -> Guide {
        let text = format!(
            r#"{{"format":1,"id":"t","version":"1","title":"T",
            "stages":[{{"id":"s0","name":"Zero"}},{{"id":"s1","name":"One"}}],
            "drivers":[{{"id":"d","name":"D","levels":["low","high"]}}],
            "obstacles":[{{"id":"o","name":"O","tactics":[{{"id":"t1","name":"T1"}}]}}],
            "sections":{sections}}}"#
        );
        parse("t.json", &text).expect("parses")
    }

    fn messages(g: &Guide) -> Vec<String> {
        check(g).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_minimal_guide_is_valid() {
        let g = guide(
            r#"[{"id":"a","title":"A","questions":[{"id":"q1","kind":"text","text":"Hi?"}]}]"#,
        );
        assert_eq!(messages(&g), Vec::<String>::new());
    }

    #[test]
    fn every_fault_is_reported_at_once_naming_its_place() {
        let g = guide(
            r#"[{"id":"a","title":"A","questions":[
                {"id":"q1","kind":"single","text":"Pick","options":[]},
                {"id":"q1","kind":"text","text":"Again"},
                {"id":"q2","kind":"multiple","text":"Many","options":[
                    {"id":"x","label":"X","evidence":[{"stage":"nope","why":"w"}]},
                    {"id":"x","label":"X2","evidence":[{"driver":"d","level":5,"why":"w"},
                                                        {"obstacle":"ghost","status":"raised","why":"w"},
                                                        {"tactic":"t9","why":"w"}]}]},
                {"id":"q3","kind":"text","text":"Later","show_if":{"question":"q4","answered":true}},
                {"id":"q4","kind":"text","text":"Ref","show_if":{"question":"missing","answered":true}},
                {"id":"q5","kind":"text","text":"Opt","show_if":{"question":"q2","any_of":["zz"]}}
            ]}]"#,
        );
        let got = messages(&g);
        let expect = [
            "question `q1`: duplicate id",
            "question `q1`: a single choice question needs `options`",
            "question `q2` option `x`: duplicate id",
            "question `q2` option `x`: evidence for unknown stage `nope`",
            "question `q2` option `x`: driver `d` has levels 0 to 1, not 5",
            "question `q2` option `x`: evidence for unknown obstacle `ghost`",
            "question `q2` option `x`: evidence for unknown tactic `t9`",
            "question `q3`: skip logic reads question `q4`, which is not asked before this one",
            "question `q4`: skip logic reads unknown question `missing`",
            "question `q5`: question `q2` has no option `zz`",
        ];
        for e in expect {
            assert!(got.iter().any(|g| g == e), "missing {e:?} in {got:#?}");
        }
        assert_eq!(got.len(), expect.len(), "{got:#?}");
    }

    #[test]
    fn scales_and_numbers_are_bounded() {
        let g = guide(
            r#"[{"id":"a","title":"A","questions":[
                {"id":"s","kind":"scale","text":"How sure?","min":1,"max":1e12},
                {"id":"n","kind":"number","text":"How many?","max":1e15}
            ]}]"#,
        );
        let got = messages(&g);
        assert!(
            got.iter()
                .any(|m| m.starts_with("question `s`: a scale has at most 11 points")),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|m| m.starts_with("question `n`: `min` and `max` must lie within")),
            "{got:#?}"
        );
    }

    #[test]
    fn bands_may_not_overlap_and_below_ends_one_short() {
        let g = guide(
            r#"[{"id":"a","title":"A","questions":[
                {"id":"n","kind":"number","text":"How many?","bands":[
                    {"min":0,"max":30,"evidence":[]},
                    {"min":30,"max":70,"evidence":[]}]},
                {"id":"m","kind":"number","text":"How many?","bands":[
                    {"min":0,"below":30,"evidence":[]},
                    {"min":30,"max":70,"evidence":[]},
                    {"min":70,"evidence":[]}]},
                {"id":"o","kind":"number","text":"How many?","bands":[
                    {"min":5,"below":5,"evidence":[]}, {"min":1,"max":2,"below":3,"evidence":[]}]}
            ]}]"#,
        );
        let got = messages(&g);
        assert!(
            got.iter()
                .any(|m| m.starts_with("question `n` band 2: overlaps band 1")),
            "{got:#?}"
        );
        // Touching at 70 with `max` on one side and `min` on the other is an overlap too.
        assert_eq!(
            got.iter().filter(|m| m.starts_with("question `m`")).count(),
            1,
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|m| m == "question `o` band 1: `min` (5) is not below `below` (5)"),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|m| m == "question `o` band 2: a band takes `max` or `below`, not both"),
            "{got:#?}"
        );
    }

    #[test]
    fn a_short_label_must_be_short() {
        let g = guide(
            r#"[{"id":"a","title":"A","questions":[
                {"id":"q1","kind":"text","text":"Hi?","short":"Greeting"},
                {"id":"q2","kind":"text","text":"Hi?","short":"A label far too long for the outline"}
            ]}]"#,
        );
        assert_eq!(
            messages(&g),
            ["question `q2`: `short` is 36 characters; keep it to 32 or fewer"]
        );
    }

    #[test]
    fn numeric_questions_check_their_ranges_and_bands() {
        let g = guide(
            r#"[{"id":"a","title":"A","questions":[
                {"id":"s","kind":"scale","text":"How sure?","min":5,"max":1},
                {"id":"n","kind":"number","text":"How many?","unit":"%","bands":[{"min":9,"max":3,"evidence":[]}]},
                {"id":"t","kind":"text","text":"Say","min":1}
            ]}]"#,
        );
        let got = messages(&g);
        assert!(
            got.contains(&"question `s`: `min` (5) must be below `max` (1)".to_string()),
            "{got:#?}"
        );
        assert!(
            got.contains(&"question `n` band 1: `min` (9) is above `max` (3)".to_string()),
            "{got:#?}"
        );
        assert!(
            got.contains(
                &"question `t`: only scale and number questions take `min` and `max`".to_string()
            ),
            "{got:#?}"
        );
    }
}
