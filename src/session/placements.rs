//! The researchers' own placements of a customer on the journey: who judged the customer to be
//! at which stage, how sure, and when. A researcher may place a session again; every placement
//! stays in the history, and the latest per researcher counts.

use serde::{Deserialize, Serialize};

use super::{Session, Store, StoreError, Timestamp};

/// How sure a researcher is of a placement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Sure {
    Low,
    #[default]
    Medium,
    High,
}

impl Sure {
    pub fn label(self) -> &'static str {
        match self {
            Sure::Low => "low",
            Sure::Medium => "medium",
            Sure::High => "high",
        }
    }
}

/// One researcher's judgement of where the customer is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    /// The researcher, by the name journey knows them by (`journey whoami`).
    pub by: String,
    /// The stage's id in the guide.
    pub stage: String,
    pub sure: Sure,
    pub at: Timestamp,
}

impl Placement {
    /// `by`'s placement at `stage`, made now.
    pub fn now(by: &str, stage: &str, sure: Sure) -> Placement {
        Placement {
            by: by.to_string(),
            stage: stage.to_string(),
            sure,
            at: super::now(),
        }
    }
}

impl Session {
    /// Records a placement (kept after any earlier one by the same researcher).
    pub fn place(&mut self, placement: Placement) {
        self.placements.push(placement);
        sort_placements(&mut self.placements);
    }

    /// The placement that counts for each researcher (their latest), by researcher name.
    pub fn latest_placements(&self) -> Vec<&Placement> {
        let mut latest: Vec<&Placement> = Vec::new();
        for p in &self.placements {
            match latest.iter_mut().find(|l| l.by == p.by) {
                Some(l) if (p.at, &p.stage) >= (l.at, &l.stage) => *l = p,
                Some(_) => {}
                None => latest.push(p),
            }
        }
        latest.sort_by(|a, b| a.by.cmp(&b.by));
        latest
    }
}

/// Both copies' placements, each once, in the order they were made: placements are history,
/// never taken back, so a merge is their union.
pub fn merge_placements(ours: &[Placement], theirs: &[Placement]) -> Vec<Placement> {
    let mut out: Vec<Placement> = ours.to_vec();
    for p in theirs {
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    sort_placements(&mut out);
    out
}

/// A stable order whatever side a placement came from: by time, then researcher and stage.
fn sort_placements(list: &mut [Placement]) {
    list.sort_by(|a, b| (a.at, &a.by, &a.stage, a.sure).cmp(&(b.at, &b.by, &b.stage, b.sure)));
}

impl Store {
    /// Records `placement` in session `id` under its lock (an interview open elsewhere is never
    /// written over); the session as saved.
    pub fn place(&self, id: &str, placement: Placement) -> Result<Session, StoreError> {
        let _lock = self.lock(id)?;
        let mut session = self.load(id)?;
        session.place(placement);
        session.meta.updated = super::now();
        self.save(&session)?;
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn placed(by: &str, stage: &str, time: &str) -> Placement {
        Placement {
            by: by.into(),
            stage: stage.into(),
            sure: Sure::Medium,
            at: at(time),
        }
    }

    #[test]
    fn the_latest_placement_per_researcher_counts_and_every_one_stays() {
        let a1 = placed("Ana", "stage-zero", "2026-01-01T10:00:00+00:00");
        let a2 = placed("Ana", "itaas", "2026-01-02T10:00:00+00:00");
        let b = placed("Ben", "it-production", "2026-01-01T12:00:00+00:00");
        let merged = merge_placements(&[a2.clone(), a1.clone()], &[b.clone(), a1.clone()]);
        assert_eq!(merged, vec![a1.clone(), b.clone(), a2.clone()]);
        // The same union whichever side is ours.
        assert_eq!(
            merge_placements(&[b.clone(), a1.clone()], std::slice::from_ref(&a2)),
            merged
        );
        let mut s: Session = serde_json::from_str(
            r#"{"schema_version":1,"id":"x","guide":{"id":"g","version":"1"},
                "meta":{"customer":"C","started":"2026-01-01T09:00:00+00:00",
                        "updated":"2026-01-01T09:00:00+00:00"}}"#,
        )
        .expect("session");
        assert!(s.latest_placements().is_empty());
        s.placements = merged;
        let latest: Vec<&str> = s
            .latest_placements()
            .iter()
            .map(|p| p.stage.as_str())
            .collect();
        assert_eq!(latest, ["itaas", "it-production"]);
    }
}
