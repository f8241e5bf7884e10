//! Skip logic and milestone conditions: tests on earlier answers, combined with all/any/not.

use serde::{Deserialize, Serialize};

/// Read access to a session's answers, as conditions need it.
pub trait AnswerSource {
    /// The options picked, when the question was answered with a choice.
    fn selected(&self, question: &str) -> Option<&[String]>;
    /// The value, when the question was answered with a number or a scale point.
    fn number(&self, question: &str) -> Option<f64>;
    /// Whether the question holds an answer (not skipped, not N/A, not unasked).
    fn is_answered(&self, question: &str) -> bool;
    /// Whether the question was dealt with at all: answered, skipped or N/A.
    fn is_dealt_with(&self, question: &str) -> bool {
        self.is_answered(question)
    }
}

/// A condition on answers. Every test on an unanswered question is false, except
/// `answered: false`; wrap a test in `not` to mean "unless the customer said ...".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCondition", into = "RawCondition")]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test { question: String, test: Test },
}

/// A test on one question's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Answered(bool),
    /// At least one of these options was picked.
    AnyOf(Vec<String>),
    /// Every one of these options was picked.
    AllOf(Vec<String>),
    /// The question was answered and none of these options was picked.
    NoneOf(Vec<String>),
    /// A number or scale answer within the bounds (inclusive).
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
}

impl Condition {
    pub fn eval(&self, answers: &impl AnswerSource) -> bool {
        match self {
            Condition::All(all) => all.iter().all(|c| c.eval(answers)),
            Condition::Any(any) => any.iter().any(|c| c.eval(answers)),
            Condition::Not(inner) => !inner.eval(answers),
            Condition::Test { question, test } => test.eval(question, answers),
        }
    }

    /// The condition in three values: `None` while it depends on a question not dealt with
    /// yet (an `any` with one true test, or an `all` with one false test, is known at once).
    pub fn eval_known(&self, answers: &impl AnswerSource) -> Option<bool> {
        match self {
            Condition::All(all) => {
                let results: Vec<Option<bool>> =
                    all.iter().map(|c| c.eval_known(answers)).collect();
                if results.contains(&Some(false)) {
                    Some(false)
                } else if results.contains(&None) {
                    None
                } else {
                    Some(true)
                }
            }
            Condition::Any(any) => {
                let results: Vec<Option<bool>> =
                    any.iter().map(|c| c.eval_known(answers)).collect();
                if results.contains(&Some(true)) {
                    Some(true)
                } else if results.contains(&None) {
                    None
                } else {
                    Some(false)
                }
            }
            Condition::Not(inner) => inner.eval_known(answers).map(|v| !v),
            Condition::Test { question, test } => answers
                .is_dealt_with(question)
                .then(|| test.eval(question, answers)),
        }
    }

    /// Every question the condition reads, in the order written.
    pub fn questions(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_questions(&mut out);
        out
    }

    fn collect_questions<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.collect_questions(out));
            }
            Condition::Not(inner) => inner.collect_questions(out),
            Condition::Test { question, .. } => out.push(question),
        }
    }

    /// Every (question, option ids) pair the condition names.
    pub fn tests(&self) -> Vec<(&str, &Test)> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().flat_map(|c| c.tests()).collect(),
            Condition::Not(inner) => inner.tests(),
            Condition::Test { question, test } => vec![(question.as_str(), test)],
        }
    }
}

impl Test {
    fn eval(&self, question: &str, answers: &impl AnswerSource) -> bool {
        match self {
            Test::Answered(want) => answers.is_answered(question) == *want,
            Test::AnyOf(ids) => answers
                .selected(question)
                .is_some_and(|sel| ids.iter().any(|id| sel.contains(id))),
            Test::AllOf(ids) => answers
                .selected(question)
                .is_some_and(|sel| ids.iter().all(|id| sel.contains(id))),
            Test::NoneOf(ids) => answers
                .selected(question)
                .is_some_and(|sel| !ids.iter().any(|id| sel.contains(id))),
            Test::Range { min, max } => answers
                .number(question)
                .is_some_and(|v| min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m)),
        }
    }

    /// The option ids the test names, if it is a choice test.
    pub fn options(&self) -> &[String] {
        match self {
            Test::AnyOf(ids) | Test::AllOf(ids) | Test::NoneOf(ids) => ids,
            Test::Answered(_) | Test::Range { .. } => &[],
        }
    }
}

/// A condition as written in the file: one flat object, checked into a [`Condition`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    all: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not: Option<Box<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answered: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any_of: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    all_of: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    none_of: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
}

const CONDITION_SHAPE: &str = "a condition is one of: {\"all\": [...]}, {\"any\": [...]}, \
     {\"not\": {...}}, or {\"question\": ID} with exactly one test: `answered`, `any_of`, \
     `all_of`, `none_of`, or `min`/`max`";

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    fn try_from(raw: RawCondition) -> Result<Self, String> {
        let shape = || CONDITION_SHAPE.to_string();
        let combinators = [raw.all.is_some(), raw.any.is_some(), raw.not.is_some()];
        let tests = [
            raw.answered.is_some(),
            raw.any_of.is_some(),
            raw.all_of.is_some(),
            raw.none_of.is_some(),
            raw.min.is_some() || raw.max.is_some(),
        ];
        let n_comb = combinators.iter().filter(|b| **b).count();
        let n_test = tests.iter().filter(|b| **b).count();
        if n_comb + usize::from(raw.question.is_some()) != 1 {
            return Err(shape());
        }
        if let Some(all) = raw.all {
            return if n_test == 0 {
                Ok(Condition::All(all))
            } else {
                Err(shape())
            };
        }
        if let Some(any) = raw.any {
            return if n_test == 0 {
                Ok(Condition::Any(any))
            } else {
                Err(shape())
            };
        }
        if let Some(not) = raw.not {
            return if n_test == 0 {
                Ok(Condition::Not(not))
            } else {
                Err(shape())
            };
        }
        let question = raw.question.ok_or_else(shape)?;
        if n_test != 1 {
            return Err(shape());
        }
        let test = if let Some(answered) = raw.answered {
            Test::Answered(answered)
        } else if let Some(ids) = raw.any_of {
            Test::AnyOf(ids)
        } else if let Some(ids) = raw.all_of {
            Test::AllOf(ids)
        } else if let Some(ids) = raw.none_of {
            Test::NoneOf(ids)
        } else {
            Test::Range {
                min: raw.min,
                max: raw.max,
            }
        };
        Ok(Condition::Test { question, test })
    }
}

impl From<Condition> for RawCondition {
    fn from(condition: Condition) -> Self {
        match condition {
            Condition::All(all) => RawCondition {
                all: Some(all),
                ..RawCondition::default()
            },
            Condition::Any(any) => RawCondition {
                any: Some(any),
                ..RawCondition::default()
            },
            Condition::Not(not) => RawCondition {
                not: Some(not),
                ..RawCondition::default()
            },
            Condition::Test { question, test } => {
                let raw = RawCondition {
                    question: Some(question),
                    ..RawCondition::default()
                };
                match test {
                    Test::Answered(b) => RawCondition {
                        answered: Some(b),
                        ..raw
                    },
                    Test::AnyOf(ids) => RawCondition {
                        any_of: Some(ids),
                        ..raw
                    },
                    Test::AllOf(ids) => RawCondition {
                        all_of: Some(ids),
                        ..raw
                    },
                    Test::NoneOf(ids) => RawCondition {
                        none_of: Some(ids),
                        ..raw
                    },
                    Test::Range { min, max } => RawCondition { min, max, ..raw },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Answers {
        picks: HashMap<String, Vec<String>>,
        numbers: HashMap<String, f64>,
    }

    impl AnswerSource for Answers {
        fn selected(&self, q: &str) -> Option<&[String]> {
            self.picks.get(q).map(Vec::as_slice)
        }
        fn number(&self, q: &str) -> Option<f64> {
            self.numbers.get(q).copied()
        }
        fn is_answered(&self, q: &str) -> bool {
            self.picks.contains_key(q) || self.numbers.contains_key(q)
        }
    }

    fn cond(json: &str) -> Condition {
        serde_json::from_str(json).expect("valid condition")
    }

    #[test]
    fn tests_on_unanswered_questions_are_false_and_not_flips_them() {
        let answers = Answers::default();
        assert!(!cond(r#"{"question":"q","any_of":["a"]}"#).eval(&answers));
        assert!(!cond(r#"{"question":"q","none_of":["a"]}"#).eval(&answers));
        assert!(cond(r#"{"not":{"question":"q","any_of":["a"]}}"#).eval(&answers));
        assert!(cond(r#"{"question":"q","answered":false}"#).eval(&answers));
    }

    #[test]
    fn choice_and_range_tests_read_the_answers() {
        let mut answers = Answers::default();
        answers
            .picks
            .insert("w".into(), vec!["sap".into(), "exchange".into()]);
        answers.numbers.insert("pct".into(), 45.0);
        assert!(cond(r#"{"question":"w","any_of":["oracle","sap"]}"#).eval(&answers));
        assert!(cond(r#"{"question":"w","all_of":["sap","exchange"]}"#).eval(&answers));
        assert!(!cond(r#"{"question":"w","all_of":["sap","oracle"]}"#).eval(&answers));
        assert!(cond(r#"{"question":"w","none_of":["none"]}"#).eval(&answers));
        assert!(cond(r#"{"question":"pct","min":40,"max":50}"#).eval(&answers));
        assert!(!cond(r#"{"question":"pct","min":50}"#).eval(&answers));
        let both = r#"{"all":[{"question":"w","any_of":["sap"]},{"question":"pct","max":40}]}"#;
        assert!(!cond(both).eval(&answers));
        let either = r#"{"any":[{"question":"w","any_of":["sap"]},{"question":"pct","max":40}]}"#;
        assert!(cond(either).eval(&answers));
    }

    #[test]
    fn malformed_conditions_are_refused_with_the_expected_shape() {
        for bad in [
            r#"{"question":"q"}"#,
            r#"{"question":"q","any_of":["a"],"answered":true}"#,
            r#"{"all":[],"question":"q"}"#,
            r#"{}"#,
        ] {
            let err = serde_json::from_str::<Condition>(bad).expect_err(bad);
            assert!(err.to_string().contains("a condition is one of"), "{err}");
        }
        assert!(serde_json::from_str::<Condition>(r#"{"question":"q","anyof":["a"]}"#).is_err());
    }

    #[test]
    fn conditions_round_trip_through_json() {
        let json =
            r#"{"all":[{"not":{"question":"a","any_of":["x"]}},{"question":"b","min":1.0}]}"#;
        let c = cond(json);
        let back = serde_json::to_string(&c).expect("serialize");
        assert_eq!(cond(&back), c);
        assert_eq!(c.questions(), vec!["a", "b"]);
    }
}
