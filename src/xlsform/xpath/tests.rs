//! The `relevant` subset: read, written, and read back to the same condition.

use super::*;

fn cond(json: &str) -> Condition {
    serde_json::from_str(json).expect("condition")
}

fn multiple(q: &str) -> bool {
    q.starts_with('m')
}

#[test]
fn the_forms_skip_logic_reads_into_conditions() {
    let cases = [
        ("${a} = 'x'", r#"{"question":"a","any_of":["x"]}"#),
        ("selected(${m}, 'x')", r#"{"question":"m","any_of":["x"]}"#),
        ("${a} != 'x'", r#"{"not":{"question":"a","any_of":["x"]}}"#),
        (
            "${a} = 'x' or ${a} = \"y\"",
            r#"{"question":"a","any_of":["x","y"]}"#,
        ),
        (
            "not(selected(${m}, 'x'))",
            r#"{"not":{"question":"m","any_of":["x"]}}"#,
        ),
        (
            "${n} >= 2 and ${n} <= 5",
            r#"{"question":"n","min":2,"max":5}"#,
        ),
        (
            "${n} > 2",
            r#"{"all":[{"question":"n","min":2},{"not":{"question":"n","min":2,"max":2}}]}"#,
        ),
        ("${a} != ''", r#"{"question":"a","answered":true}"#),
        (
            "(${a} = 'x' or ${b} = 'y') and not(${n} < 1.5)",
            r#"{"all":[{"any":[{"question":"a","any_of":["x"]},{"question":"b","any_of":["y"]}]},
                {"not":{"all":[{"question":"n","max":1.5},{"not":{"question":"n","min":1.5,"max":1.5}}]}}]}"#,
        ),
    ];
    for (text, want) in cases {
        assert_eq!(parse(text).expect(text), cond(want), "{text}");
    }
}

#[test]
fn conditions_written_read_back_the_same() {
    for json in [
        r#"{"question":"m","none_of":["none"]}"#,
        r#"{"question":"a","any_of":["weak","known-apps","enforced"]}"#,
        r#"{"question":"m","all_of":["sap","exchange"]}"#,
        r#"{"all":[{"not":{"question":"a","any_of":["no"]}},{"not":{"question":"m","any_of":["none"]}}]}"#,
        r#"{"any":[{"question":"m","none_of":["none"]},{"question":"mm","any_of":["lab"]}]}"#,
        r#"{"question":"n","min":1995,"max":2035}"#,
        r#"{"question":"n","max":-3.5}"#,
        r#"{"question":"a","answered":false}"#,
    ] {
        let c = cond(json);
        let text = write(&c, &multiple);
        assert_eq!(parse(&text).expect(&text), c, "{text}");
    }
}

#[test]
fn what_journey_cannot_read_is_an_error_saying_what() {
    for (text, says) in [
        ("${a} = ", "ends too early"),
        ("count-selected(${m}) > 1", "`count-selected` is not part"),
        ("${a} = 'x' ${b}", "unexpected"),
        ("${a} < 'x'", "compare numbers"),
        ("(${a} = 'x'", "expected `)`"),
        ("${a = 'x'", "`$` must start"),
        ("${a} = 'x", "not closed"),
        (". > 3", "not a number"),
    ] {
        let err = parse(text).expect_err(text);
        assert!(err.contains(says), "{text}: {err}");
    }
}

proptest::proptest! {
    #[test]
    fn any_text_is_read_or_refused_never_a_panic(text in "[ -~€é]{0,40}") {
        let _ = parse(&text);
    }

    #[test]
    fn pieces_of_the_grammar_are_read_or_refused_never_a_panic(
        parts in proptest::collection::vec(
            proptest::sample::select(vec!["${a}", "'x'", "\"y\"", "=", "!=", "<", ">=", "and", "or",
                "not(", "selected(", ",", "(", ")", "-1.5", "3", ".", "$", "{", "}"]),
            0..12,
        )
    ) {
        let _ = parse(&parts.join(" "));
    }
}

/// Answers to three questions: `s` (single choice), `m` (multiple choice), `n` (a number).
#[derive(Debug, Clone)]
struct Answers {
    s: Option<Vec<String>>,
    m: Option<Vec<String>>,
    n: Option<f64>,
}

impl crate::guide::AnswerSource for Answers {
    fn selected(&self, q: &str) -> Option<&[String]> {
        match q {
            "s" => self.s.as_deref(),
            "m" => self.m.as_deref(),
            _ => None,
        }
    }
    fn number(&self, q: &str) -> Option<f64> {
        (q == "n").then_some(self.n).flatten()
    }
    fn is_answered(&self, q: &str) -> bool {
        match q {
            "s" => self.s.is_some(),
            "m" => self.m.is_some(),
            _ => self.n.is_some(),
        }
    }
}

mod strategies {
    use super::*;
    use proptest::prelude::*;

    fn ids() -> impl Strategy<Value = Vec<String>> {
        proptest::sample::subsequence(vec!["a", "b", "c"], 0..=3)
            .prop_map(|v| v.into_iter().map(String::from).collect())
    }

    fn bound() -> impl Strategy<Value = Option<f64>> {
        proptest::option::of(proptest::sample::select(vec![0.0, 1.0, 2.5, 4.0]))
    }

    fn leaf() -> impl Strategy<Value = Condition> {
        let choice = proptest::sample::select(vec!["s", "m"]);
        prop_oneof![
            (choice.clone(), ids()).prop_map(|(q, ids)| test(q, Test::AnyOf(ids))),
            (choice.clone(), ids()).prop_map(|(q, ids)| test(q, Test::AllOf(ids))),
            (choice, ids()).prop_map(|(q, ids)| test(q, Test::NoneOf(ids))),
            (proptest::sample::select(vec!["s", "m", "n"]), any::<bool>())
                .prop_map(|(q, b)| test(q, Test::Answered(b))),
            (bound(), bound()).prop_map(|(min, max)| test("n", Test::Range { min, max })),
        ]
    }

    pub fn condition() -> impl Strategy<Value = Condition> {
        leaf().prop_recursive(3, 16, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Condition::All),
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Condition::Any),
                inner.prop_map(|c| Condition::Not(Box::new(c))),
            ]
        })
    }

    pub fn answers() -> impl Strategy<Value = Answers> {
        (
            proptest::option::of(proptest::sample::select(vec!["a", "b", "c"])),
            proptest::option::of(ids()),
            proptest::option::of(proptest::sample::select(vec![
                0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0,
            ])),
        )
            .prop_map(|(s, m, n)| Answers {
                s: s.map(|x| vec![x.to_string()]),
                m,
                n,
            })
    }
}

proptest::proptest! {
    /// A condition written as `relevant` and read back decides every answer as before.
    #[test]
    fn written_conditions_read_back_deciding_alike(
        c in strategies::condition(),
        answers in proptest::collection::vec(strategies::answers(), 1..12),
    ) {
        let text = write(&c, &|q| q == "m");
        let back = parse(&text).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{text}: {e}")))?;
        for a in &answers {
            proptest::prop_assert_eq!(c.eval(a), back.eval(a), "{} on {:?}", text, a);
        }
    }
}
