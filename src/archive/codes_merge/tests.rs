use super::*;

fn code(id: &str, name: &str, colour: &str) -> Code {
    Code {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        colour: colour.into(),
        conflicts: Vec::new(),
    }
}

#[test]
fn both_adding_one_id_gives_one_code_with_the_differences_recorded_either_way_round() {
    let ana = code("cost", "Cost", "#aa0000");
    let ben = code("cost", "Costs", "#aa0000");
    let one = merge_codes(None, (&ana, "ana"), (&ben, "ben"), Some("cost"));
    let other = merge_codes(None, (&ben, "ben"), (&ana, "ana"), Some("cost"));
    assert_eq!(one, other);
    assert_eq!(one.colour, "#aa0000");
    assert_eq!(one.conflicts.len(), 1, "{:?}", one.conflicts);
    let c = &one.conflicts[0];
    assert_eq!(c.field, "name");
    let values: Vec<(&str, &str)> = c
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.by.as_str()))
        .collect();
    assert_eq!(values, vec![("Cost", "ana"), ("Costs", "ben")]);
    assert_eq!(one.name, "Cost");
}

#[test]
fn a_change_on_one_side_wins_without_a_conflict() {
    let base = code("cost", "Cost", "");
    let mut ana = base.clone();
    ana.colour = "#00aa00".into();
    let mut ben = base.clone();
    ben.description = "What it costs".into();
    let merged = merge_codes(Some(&base), (&ana, "ana"), (&ben, "ben"), None);
    assert_eq!(merged.colour, "#00aa00");
    assert_eq!(merged.description, "What it costs");
    assert!(merged.conflicts.is_empty());
}

#[test]
fn a_conflict_resolved_on_one_side_stays_resolved() {
    let ana = code("cost", "Cost", "");
    let ben = code("cost", "Costs", "");
    let held = merge_codes(None, (&ana, "ana"), (&ben, "ben"), None);
    let mut resolved = held.clone();
    resolved.name = "Costs".into();
    resolved.conflicts.clear();
    let merged = merge_codes(Some(&held), (&held, "ana"), (&resolved, "ben"), None);
    assert_eq!(merged.name, "Costs");
    assert!(merged.conflicts.is_empty());
    // A new conflict on a field keeps the values recorded before.
    let mut third = held.clone();
    third.name = "Spend".into();
    let mut fourth = held.clone();
    fourth.name = "Money".into();
    let merged = merge_codes(Some(&held), (&third, "cy"), (&fourth, "di"), None);
    let names: Vec<&str> = merged.conflicts[0]
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(names, vec!["Cost", "Costs", "Money", "Spend"]);
}

#[test]
fn a_side_that_is_not_a_code_gives_way_and_two_are_an_error() {
    let good = br#"{"id": "cost", "name": "Cost"}"#;
    let bad = b"<<<<<<< HEAD\n{}\n>>>>>>> x\n";
    let path = Some(Path::new("codes/cost.json"));
    let theirs = merge_bytes(b"", (bad, "a"), (good, "b"), path).expect("merged");
    let theirs = codes::parse(&theirs.expect("written")).expect("a code");
    assert_eq!(theirs.name, "Cost");
    assert!(merge_bytes(b"", (good, "a"), (bad, "b"), path)
        .expect("merged")
        .is_none());
    assert!(merge_bytes(b"", (bad, "a"), (bad, "b"), path).is_err());
}

#[test]
fn a_value_given_stands_over_none() {
    let ana = code("cost", "Cost", "");
    let ben = code("cost", "Cost", "#aa0000");
    for merged in [
        merge_codes(None, (&ana, "ana"), (&ben, "ben"), None),
        merge_codes(None, (&ben, "ben"), (&ana, "ana"), None),
    ] {
        assert_eq!(merged.colour, "#aa0000");
        let values: Vec<&str> = merged.conflicts[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(values, vec!["#aa0000", ""]);
    }
}

#[test]
fn a_merge_past_the_size_limit_is_refused_rather_than_written_unreadable() {
    let half = "x".repeat(codes::MAX_CODE_BYTES as usize / 2);
    let side = |d: &str| format!(r#"{{"id": "cost", "name": "Cost", "description": "{d}{half}"}}"#);
    let (a, b) = (side("a"), side("b"));
    assert!(codes::parse(a.as_bytes()).is_ok());
    let merged = merge_bytes(b"", (a.as_bytes(), "a"), (b.as_bytes(), "b"), None);
    assert!(merged.is_err());
}
