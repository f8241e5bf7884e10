//! Trying a question's possible answers with the real assessment: where each would put the
//! customer and how wide the band would be.

use super::agreement::Reading;
use crate::guide::{Evidence, Guide, Kind, Question, Role, Target};
use crate::session::{Answer, AnswerState, Session, Value};

/// One possible answer and what it would do.
pub(super) struct Outcome {
    /// The answer in a few words: "Some of them".
    pub answer: String,
    /// The stage label it would give: "Business Production".
    pub label: String,
    /// The band's width after it.
    pub width: f64,
    /// Whether the answers would still disagree after it.
    pub disagree: bool,
}

/// The session's answers alone (no notes, quotes or codes): cheap to copy for each trial.
pub(super) fn bare(session: &Session) -> Session {
    let mut bare = session.clone();
    bare.conflicts.clear();
    for a in bare.answers.values_mut() {
        *a = Answer {
            state: a.state,
            value: a.value.take(),
            ..Answer::default()
        };
    }
    bare
}

/// The band's width, the whole scale when there is none yet.
pub(super) fn width(guide: &Guide, reading: &Reading) -> f64 {
    reading
        .range
        .map_or(guide.stages.len().saturating_sub(1) as f64, |[lo, hi]| {
            hi - lo
        })
}

/// Each possible answer of a question, tried with the real assessment. An answer is possible
/// when every stage it points to lies within the band the evidence allows (half a stage either
/// side, the stage's own width); an answer pointing to no stage ("don't know") always is.
pub(super) fn outcomes(
    guide: &Guide,
    bare: &Session,
    q: &Question,
    band: Option<[f64; 2]>,
) -> Vec<Outcome> {
    let possible = |stages: &[usize]| {
        band.is_none_or(|[lo, hi]| {
            stages
                .iter()
                .all(|&s| s as f64 >= lo - 0.5 && s as f64 <= hi + 0.5)
        })
    };
    answers(guide, q)
        .into_iter()
        .filter(|(_, _, stages)| possible(stages))
        .map(|(answer, value, _)| {
            let mut s = bare.clone();
            let a = s.answer_mut(&q.id);
            a.state = AnswerState::Answered;
            a.value = Some(value);
            let reading = super::stage_only(guide, &s);
            let name = |i: usize| guide.stages[i].id.clone();
            let stage = reading.stage.map(name);
            let between = reading.between.map(|[a, b]| [name(a), name(b)]);
            Outcome {
                answer,
                label: super::stage_label(guide, stage.as_deref(), between.as_ref()),
                width: width(guide, &reading),
                disagree: !reading.disagreements.is_empty(),
            }
        })
        .collect()
}

/// The answers a question can take (each option alone, each scale point, a value in each
/// band), each with the stages its present-day and floor evidence points to.
pub(super) fn answers(guide: &Guide, q: &Question) -> Vec<(String, Value, Vec<usize>)> {
    let stages = |evidence: &[Evidence]| -> Vec<usize> {
        evidence
            .iter()
            .filter(|e| e.role != Role::History)
            .filter_map(|e| match &e.target {
                Target::Stage { stage, .. } => guide.stage_index(stage),
                _ => None,
            })
            .collect()
    };
    let number = |n: f64| {
        let band = q.bands.iter().find(|b| b.contains(n));
        let text = crate::session::format_number(n, &q.unit);
        (
            text,
            Value::Number(n),
            band.map_or(Vec::new(), |b| stages(&b.evidence)),
        )
    };
    match q.kind {
        Kind::Single | Kind::Multiple => q
            .options
            .iter()
            .map(|o| {
                let value = Value::Choice {
                    selected: vec![o.id.clone()],
                    other: None,
                };
                (brief(&o.label), value, stages(&o.evidence))
            })
            .collect(),
        Kind::Scale => {
            let (lo, hi) = (q.min.unwrap_or(1.0) as i64, q.max.unwrap_or(5.0) as i64);
            (lo..=hi.min(lo + 20)).map(|n| number(n as f64)).collect()
        }
        Kind::Number => q
            .bands
            .iter()
            .filter_map(|b| b.min.or(b.max).or(b.below.map(|x| x - 1.0)))
            .map(number)
            .collect(),
        Kind::Text => Vec::new(),
    }
}

/// An option's label in a few words: up to its first colon or bracket, at most 24 characters,
/// cut after a whole word ("No, we are still…", never "still experi…").
fn brief(label: &str) -> String {
    const MAX: usize = 24;
    let head = label.split([':', '(']).next().unwrap_or(label).trim();
    if head.chars().count() <= MAX {
        return head.to_string();
    }
    let mut out = String::new();
    for word in head.split_whitespace() {
        let gap = usize::from(!out.is_empty());
        if out.chars().count() + gap + word.chars().count() > MAX - 1 {
            break;
        }
        if gap == 1 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        // One long word: its start.
        out = head.chars().take(MAX - 1).collect();
    }
    format!("{}…", out.trim_end_matches([',', ';', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::brief;

    #[test]
    fn a_brief_label_ends_after_a_whole_word() {
        assert_eq!(brief("Yes, in production"), "Yes, in production");
        assert_eq!(brief("Exchange: mail (any version)"), "Exchange");
        assert_eq!(
            brief("No, we are still experimenting with it"),
            "No, we are still…"
        );
        assert_eq!(
            brief("Supercalifragilisticexpialidocious"),
            "Supercalifragilisticexp…"
        );
        for label in [
            "No, we are still experimenting",
            "A b c d e f g h i j k l m n o",
        ] {
            assert!(brief(label).chars().count() <= 24, "{label}");
        }
    }
}
