//! Checking one question: its text, its options, its range, its bands.

use super::{Checker, NUMBER_BOUND, OPTIONS_MAX, SCALE_POINTS_MAX, SHORT_LABEL_MAX};
use crate::guide::{Band, Kind, Question};

impl Checker<'_> {
    pub(super) fn check_question(&mut self, q: &Question) {
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
            self.check_options(&place, q);
        } else if !q.options.is_empty() {
            self.fault(
                &place,
                "only single and multiple choice questions take `options`",
            );
        }
        self.check_kind_fields(&place, q);
    }

    /// A choice question's options: there are some, not too many, each with an id, a label and
    /// valid evidence.
    fn check_options(&mut self, place: &str, q: &Question) {
        let place = place.to_string();
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
            self.check_cues(&format!("{place} option `{}`", option.id), &option.cues);
        }
    }

    /// An option's cue phrases: none empty, none twice (accents and case aside).
    fn check_cues(&mut self, place: &str, cues: &[String]) {
        let mut seen: Vec<String> = Vec::new();
        for (i, cue) in cues.iter().enumerate() {
            let folded = crate::text::fold(cue.trim());
            if folded.is_empty() {
                self.fault(place, format!("`cues` #{} is empty", i + 1));
            } else if seen.contains(&folded) {
                self.fault(place, format!("`cues` lists “{}” twice", cue.trim()));
            } else {
                seen.push(folded);
            }
        }
    }

    /// The fields only some kinds of question take.
    fn check_kind_fields(&mut self, place: &str, q: &Question) {
        let place = place.to_string();
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
            self.check_scale(place, q);
        }
        for (i, band) in q.bands.iter().enumerate() {
            self.check_band(place, q, i, band);
        }
    }

    /// A scale's ends and labels.
    fn check_scale(&mut self, place: &str, q: &Question) {
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
                        format!("a scale takes 2 `labels` (low, high) or one per point ({points})"),
                    );
                }
            }
            _ => self.fault(place, "a scale question needs `min` and `max`"),
        }
    }

    /// Band `i` of a numeric question: its ends, and no overlap with the bands before it.
    fn check_band(&mut self, place: &str, q: &Question, i: usize, band: &Band) {
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
