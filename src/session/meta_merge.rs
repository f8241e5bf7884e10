//! The three-way merge of a session's metadata, one rule for the team archive's merge and the
//! open interview's: each field from the side that changed it; a field both sides changed to
//! different values is a recorded conflict (`meta.<field>`, both values with who and when), the
//! newer copy's value standing until a researcher keeps one, as for answers.

use super::{AnswerState, Conflict, ConflictVersion, Meta, Timestamp, Value};

/// The prefix of a conflict's id that names a metadata field.
pub const META_PREFIX: &str = "meta.";

/// The metadata fields a researcher writes, which merge as conflicts.
pub const META_FIELDS: [&str; 5] = ["customer", "participant", "role", "interviewer", "consent"];

/// One side of a merge: its metadata, who changed it.
pub struct Side<'a> {
    pub meta: &'a Meta,
    pub by: &'a str,
}

/// Merges `older` and `newer` (ordered by the caller, so the result never depends on which side
/// is ours), both grown from `base` (`None` when they share no history: every difference is a
/// conflict). Returns the metadata and the conflicts found.
pub fn merge_meta(base: Option<&Meta>, older: Side, newer: Side) -> (Meta, Vec<Conflict>) {
    let mut out = newer.meta.clone();
    let mut found = Vec::new();
    for field in META_FIELDS {
        let (x, y) = (get(older.meta, field), get(newer.meta, field));
        let b = base.and_then(|b| get(b, field));
        let pick = if x == y || b.is_some() && x == b {
            y.clone()
        } else if b.is_some() && y == b {
            x.clone()
        } else {
            found.push(Conflict {
                question: format!("{META_PREFIX}{field}"),
                on: Default::default(),
                versions: vec![version(&older, x.clone()), version(&newer, y.clone())],
            });
            y.clone()
        };
        set(&mut out, field, &pick);
    }
    let (x, y) = (older.meta, newer.meta);
    out.started = base
        .map_or(x.started, |b| b.started)
        .min(x.started)
        .min(y.started);
    out.updated = x.updated.max(y.updated);
    out.finished = merge_finished(base.and_then(|b| b.finished), x.finished, y.finished);
    // The customer id is not typed: a side that changed it (`customers merge`) wins, the newer
    // when both did.
    out.customer_id = match base.map(|b| &b.customer_id) {
        Some(b) if &y.customer_id == b => x.customer_id.clone(),
        _ => y.customer_id.clone(),
    };
    // The language is not typed either: a side that changed it wins.
    out.lang = match base.map(|b| &b.lang) {
        Some(b) if &y.lang == b => x.lang.clone(),
        _ => y.lang.clone(),
    };
    // Names to hide are never dropped by a merge: both sides' together.
    out.aliases = x.aliases.union(&y.aliases);
    (out, found)
}

/// A finish time is not written by hand: the first time either side finished the interview.
fn merge_finished(
    b: Option<Timestamp>,
    x: Option<Timestamp>,
    y: Option<Timestamp>,
) -> Option<Timestamp> {
    match (x, y) {
        _ if x == b => y,
        _ if y == b => x,
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn version(side: &Side, value: Option<Value>) -> ConflictVersion {
    ConflictVersion {
        state: AnswerState::Answered,
        value,
        by: side.by.to_string(),
        at: side.meta.updated,
    }
}

/// A metadata field as a conflict's value (consent as "noted" or "not noted").
pub fn get(meta: &Meta, field: &str) -> Option<Value> {
    let text = match field {
        "customer" => &meta.customer,
        "participant" => &meta.participant,
        "role" => &meta.role,
        "interviewer" => &meta.interviewer,
        "consent" => consent_word(meta.consent),
        _ => return None,
    };
    Some(Value::Text(text.to_string()))
}

fn consent_word(consent: bool) -> &'static str {
    if consent {
        "noted"
    } else {
        "not noted"
    }
}

/// Sets a metadata field from a conflict's value; false when the field or value is not one.
pub fn set(meta: &mut Meta, field: &str, value: &Option<Value>) -> bool {
    let Some(Value::Text(text)) = value else {
        return false;
    };
    let slot = match field {
        "customer" => &mut meta.customer,
        "participant" => &mut meta.participant,
        "role" => &mut meta.role,
        "interviewer" => &mut meta.interviewer,
        "consent" => {
            meta.consent = text == consent_word(true);
            return true;
        }
        _ => return false,
    };
    slot.clone_from(text);
    true
}

/// The metadata field a conflict is on, if it is on one.
pub fn field_of(conflict_id: &str) -> Option<&str> {
    conflict_id
        .strip_prefix(META_PREFIX)
        .filter(|f| META_FIELDS.contains(f))
}

/// What a reader calls a conflict: "participant (metadata)" or the question's label.
pub fn conflict_label<'a>(conflict_id: &'a str, guide: &'a crate::guide::Guide) -> String {
    match field_of(conflict_id) {
        Some(field) => format!("{field} (metadata)"),
        None => guide
            .question(conflict_id)
            .map_or(conflict_id, |q| q.label())
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        let mut m = Meta::new("Acme");
        m.participant = "Jon Smith".into();
        m.role = "CIO".into();
        m
    }

    fn side<'a>(meta: &'a Meta, by: &'a str) -> Side<'a> {
        Side { meta, by }
    }

    #[test]
    fn a_field_changed_on_one_side_is_taken_without_a_conflict() {
        let b = meta();
        let mut x = b.clone();
        x.participant = "John Smith".into();
        let mut y = b.clone();
        y.role = "CTO".into();
        y.consent = true;
        let (m, found) = merge_meta(Some(&b), side(&x, "ana"), side(&y, "ben"));
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(m.participant, "John Smith");
        assert_eq!(m.role, "CTO");
        assert!(m.consent);
    }

    #[test]
    fn every_field_changed_differently_on_both_sides_is_a_conflict_with_both_values() {
        let b = meta();
        let mut x = b.clone();
        let mut y = b.clone();
        for (field, one, two) in [
            ("customer", "Acme Corp", "ACME"),
            ("participant", "John Smith", "Jonathan Smith"),
            ("role", "CTO", "Head of IT"),
            ("interviewer", "Ana", "Ben"),
        ] {
            set(&mut x, field, &Some(Value::Text(one.into())));
            set(&mut y, field, &Some(Value::Text(two.into())));
        }
        y.updated += chrono::Duration::seconds(5);
        let (m, found) = merge_meta(Some(&b), side(&x, "ana"), side(&y, "ben"));
        let ids: Vec<&str> = found.iter().map(|c| c.question.as_str()).collect();
        assert_eq!(
            ids,
            [
                "meta.customer",
                "meta.participant",
                "meta.role",
                "meta.interviewer"
            ]
        );
        // The newer copy's value stands; both are kept with who and when.
        assert_eq!(m.participant, "Jonathan Smith");
        let p = &found[1];
        assert_eq!(p.versions[0].value, Some(Value::Text("John Smith".into())));
        assert_eq!(p.versions[0].by, "ana");
        assert_eq!(p.versions[1].by, "ben");
        assert!(p.versions[0].at < p.versions[1].at);
    }

    #[test]
    fn without_a_base_any_difference_is_a_conflict_even_consent() {
        let x = meta();
        let mut y = x.clone();
        y.consent = true;
        let (m, found) = merge_meta(None, side(&x, "ana"), side(&y, "ben"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].question, "meta.consent");
        assert!(m.consent);
        let mut back = m.clone();
        assert!(set(&mut back, "consent", &found[0].versions[0].value));
        assert!(!back.consent);
    }

    #[test]
    fn the_first_finish_time_stands_and_is_never_a_conflict() {
        let b = meta();
        let (mut x, mut y) = (b.clone(), b.clone());
        x.finished = Some(b.started + chrono::Duration::minutes(50));
        y.finished = Some(b.started + chrono::Duration::minutes(40));
        let (m, found) = merge_meta(Some(&b), side(&x, "a"), side(&y, "b"));
        assert!(found.is_empty());
        assert_eq!(m.finished, y.finished);
        y.finished = None;
        let (m, _) = merge_meta(Some(&b), side(&x, "a"), side(&y, "b"));
        assert_eq!(m.finished, x.finished);
    }

    #[test]
    fn only_known_fields_are_metadata_conflicts() {
        assert_eq!(field_of("meta.role"), Some("role"));
        assert_eq!(field_of("meta.started"), None);
        assert_eq!(field_of("org.servers"), None);
        let mut m = meta();
        assert!(!set(&mut m, "started", &Some(Value::Text("x".into()))));
        assert!(!set(&mut m, "role", &Some(Value::Number(1.0))));
    }
}
