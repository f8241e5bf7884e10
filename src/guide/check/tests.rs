//! The guide check's tests: each fault found, named by its place.

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
    let g =
        guide(r#"[{"id":"a","title":"A","questions":[{"id":"q1","kind":"text","text":"Hi?"}]}]"#);
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

#[test]
fn cue_phrases_are_not_empty_nor_twice() {
    let g = guide(
        r#"[{"id":"a","title":"A","questions":[
            {"id":"q","kind":"multiple","text":"Which?","options":[
                {"id":"x","label":"Exchange","cues":["exchange","mail server","Mail Server"]},
                {"id":"y","label":"SAP","cues":["sap","  "]},
                {"id":"z","label":"Other","cues":[]}]}
        ]}]"#,
    );
    assert_eq!(
        messages(&g),
        [
            "question `q` option `x`: `cues` lists “Mail Server” twice",
            "question `q` option `y`: `cues` #2 is empty",
        ]
    );
}
