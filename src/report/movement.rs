//! The report's movement section: the customers interviewed more than once, where they stood
//! first and latest, and how they moved at their latest interview: who moved forward, who
//! stalled at the chasm, who went back, and what their interviews say changed.

use crate::customer::{Changes, History, Movement};

/// Answer changes named per customer; the rest are counted.
const ANSWERS_NAMED: usize = 5;

/// One customer interviewed more than once.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    pub customer: String,
    pub interviews: usize,
    pub first: String,
    pub latest: String,
    pub movement: Movement,
    pub delta: Option<f64>,
    pub changes: Changes,
}

impl Mover {
    /// From a customer's history (two interviews or more): where it stood first and latest,
    /// and how it moved from its previous interview to its latest (a customer who moved forward
    /// and then went back went back), with what changed in that step.
    pub fn of(h: &History) -> Option<Mover> {
        let last = h.movement.last()?;
        let (first, latest) = (h.interviews.first()?, h.interviews.last()?);
        let at = |i: &crate::customer::Interview| {
            let p = i.position.map(|p| format!(" {p:.1}")).unwrap_or_default();
            format!("{} {}{p}", i.started.format("%Y-%m-%d"), i.stage_label)
        };
        Some(Mover {
            customer: h.name.clone(),
            interviews: h.interviews.len(),
            first: at(first),
            latest: at(latest),
            movement: last.movement,
            delta: last.delta,
            changes: last.changes.clone(),
        })
    }

    /// What changed, in a few lines: drivers and obstacles, then the answers (five named).
    pub fn changed(&self) -> Vec<String> {
        let c = &self.changes;
        let mut out: Vec<String> = c
            .drivers
            .iter()
            .chain(&c.obstacles)
            .map(|x| format!("{}: {} → {}", x.name, x.from, x.to))
            .collect();
        out.extend(
            c.answers
                .iter()
                .take(ANSWERS_NAMED)
                .map(|x| format!("{}: {} → {}", x.name, x.from, x.to)),
        );
        if c.answers.len() > ANSWERS_NAMED {
            let more = c.answers.len() - ANSWERS_NAMED;
            out.push(format!("{} more", crate::text::count(more, "answer")));
        }
        out
    }
}

/// The movers in the order the report tells them: forward, stalled at the chasm, back, the
/// same; by name within each.
pub fn ordered(mut movers: Vec<Mover>) -> Vec<Mover> {
    let rank = |m: Movement| match m {
        Movement::Forward => 0,
        Movement::StalledAtChasm => 1,
        Movement::Back => 2,
        Movement::Same => 3,
    };
    movers.sort_by(|a, b| {
        (rank(a.movement), crate::text::fold(&a.customer))
            .cmp(&(rank(b.movement), crate::text::fold(&b.customer)))
    });
    movers
}

/// "3 moved forward, 1 stalled at the chasm, 1 went back".
pub fn tally(movers: &[Mover]) -> String {
    let parts: Vec<String> = [
        Movement::Forward,
        Movement::StalledAtChasm,
        Movement::Back,
        Movement::Same,
    ]
    .iter()
    .filter_map(|&m| {
        let n = movers.iter().filter(|x| x.movement == m).count();
        (n > 0).then(|| format!("{n} {}", m.label()))
    })
    .collect();
    parts.join(", ")
}
