//! The gauge's rules from issue 23, each on the customer class that broke it: products never
//! cross the chasm alone, business applications wait at the chasm for their owners, "don't know"
//! is never "no", sponsors are weighed as a set, every present-day answer pulls, ask-next
//! suggests what narrows the band, and a chasm not reached holds the customer below it (rule 7).

mod common;

use common::{guide, pick, session};
use journey::assess::{assess, Assessment, MilestoneState, StrengthLabel};
use journey::guide::Guide;
use journey::session::{AnswerState, Session};

fn build(guide: &Guide, answers: &[(&str, &[&str])]) -> Session {
    let mut s = session(guide, "Rule");
    for (q, ids) in answers {
        pick(&mut s, q, ids);
    }
    s
}

fn milestone(a: &Assessment, id: &str) -> MilestoneState {
    a.milestones
        .iter()
        .find(|m| m.id == id)
        .expect("milestone")
        .state
}

/// A reactive IT shop: only its own servers virtualized, under an IT director, for consolidation.
const REACTIVE_SHOP: &[(&str, &[&str])] = &[
    ("start.production", &["yes"]),
    ("workloads.it", &["file-print", "domain-controllers", "web"]),
    ("workloads.business", &["none"]),
    ("sponsorship.sponsor", &["it-owned"]),
    ("confidence.posture", &["reactive"]),
    ("value.primary", &["consolidation"]),
];

#[test]
fn a_product_switched_on_lifts_within_it_production_and_is_told_as_running_ahead() {
    let guide = guide();
    for product in ["ha", "drs", "view", "srm", "ft"] {
        let mut s = build(&guide, REACTIVE_SHOP);
        pick(&mut s, "products.in_use", &["esxi", "vcenter", product]);
        let a = assess(&guide, &s);
        assert_eq!(a.stage_label(&guide), "IT Production", "{product}: {a:#?}");
        let [low, high] = a.range.expect("band");
        assert!(low <= 1.0 && high >= 1.5, "{product}: band {low}–{high}");
        assert!(a.strength.label < StrengthLabel::High, "{product}");
        assert!(a.agreement.expect("agreement") < 1.0, "{product}");
        let told = a
            .disagreements
            .iter()
            .any(|d| d.message.starts_with("products say Business Production"));
        assert!(told, "{product}: {:#?}", a.disagreements);
        assert_eq!(milestone(&a, "chasm"), MilestoneState::NotReached);
    }
    // Desktops in production (View) are a product too.
    let mut s = build(&guide, REACTIVE_SHOP);
    pick(&mut s, "itaas.desktops", &["production"]);
    assert!(assess(&guide, &s).position.expect("position") < 1.5);
}

#[test]
fn a_customer_who_pulled_business_apps_back_with_products_still_on_is_it_production_again() {
    let guide = guide();
    let mut s = build(&guide, REACTIVE_SHOP);
    pick(
        &mut s,
        "products.in_use",
        &["esxi", "vcenter", "vmotion", "drs", "ha", "srm", "view"],
    );
    pick(&mut s, "sponsorship.app_owners", &["not-yet"]);
    let a = assess(&guide, &s);
    assert_eq!(a.stage_label(&guide), "IT Production", "{a:#?}");
    assert!(!a.disagreements.is_empty());
}

#[test]
fn business_apps_without_an_owners_answer_stay_at_the_chasm_and_ask_about_the_owners_first() {
    let guide = guide();
    let s = build(&guide, &[("workloads.business", &["exchange"])]);
    let a = assess(&guide, &s);
    assert_eq!(a.position, Some(1.5));
    assert_eq!(
        a.stage_label(&guide),
        "between IT Production and Business Production"
    );
    assert_eq!(milestone(&a, "chasm"), MilestoneState::Unknown);
    // Not crossed: reports count them at the stage before the chasm.
    assert_eq!(a.stage.as_deref(), Some("it-production"));
    let first = &a.next_questions[0];
    assert_eq!(
        first.question, "sponsorship.app_owners",
        "{:#?}",
        a.next_questions
    );
    // Its why says what each answer would do.
    assert!(
        first.why.contains("Not yet") && first.why.contains("Business Production"),
        "{}",
        first.why
    );
    // Owners on board: across.
    let mut s = s;
    pick(&mut s, "sponsorship.app_owners", &["some"]);
    let a = assess(&guide, &s);
    assert_eq!(a.stage_label(&guide), "Business Production", "{a:#?}");
    assert_eq!(milestone(&a, "chasm"), MilestoneState::Reached);
}

#[test]
fn skipped_na_and_dont_know_keep_a_milestone_unknown_only_a_no_makes_it_not_reached() {
    let guide = guide();
    let mut s = build(&guide, REACTIVE_SHOP);
    let vmotion = |s: &Session| milestone(&assess(&guide, s), "vmotion");
    assert_eq!(vmotion(&s), MilestoneState::Unknown);
    pick(&mut s, "products.vmotion_when", &["dont-know"]);
    assert_eq!(vmotion(&s), MilestoneState::Unknown);
    for state in [AnswerState::Skipped, AnswerState::NotApplicable] {
        s.answer_mut("products.vmotion_when").state = state;
        assert_eq!(vmotion(&s), MilestoneState::Unknown, "{state:?}");
    }
    pick(&mut s, "products.vmotion_when", &["not-yet"]);
    assert_eq!(vmotion(&s), MilestoneState::NotReached);
    pick(&mut s, "products.vmotion_when", &["first-year"]);
    assert_eq!(vmotion(&s), MilestoneState::Reached);
}

#[test]
fn an_it_director_and_a_cio_are_weighed_together_with_the_split_shown() {
    let guide = guide();
    let mut s = build(&guide, REACTIVE_SHOP);
    let alone = assess(&guide, &s).position.expect("position");
    pick(&mut s, "sponsorship.sponsor", &["it-owned", "cio"]);
    let a = assess(&guide, &s);
    let both = a.position.expect("position");
    assert!(both > alone && both < 1.5, "{alone} → {both}");
    assert_eq!(a.stage_label(&guide), "IT Production");
    let sponsorship = a
        .drivers
        .iter()
        .find(|d| d.id == "sponsorship")
        .expect("driver");
    assert_eq!(sponsorship.spread, Some([1, 3]), "{sponsorship:#?}");
    // A CIO sponsorship tied to the value tracked over time (MBOs) weighs more towards ITaaS.
    let mut tied = s.clone();
    pick(&mut tied, "sponsorship.mbo", &["yes"]);
    let tied = assess(&guide, &tied).position.expect("position");
    assert!(tied > both, "{both} → {tied}");
}

#[test]
fn every_present_day_answer_pulls_the_position_by_its_weight() {
    let guide = guide();
    // One division runs an internal cloud; the rest reacts, consolidates, has a weak policy.
    let cloud: &[(&str, &[&str])] = &[
        ("start.production", &["yes"]),
        ("itaas.on_demand", &["yes"]),
        ("itaas.new_workloads", &["virtual"]),
        ("itaas.dr", &["solution"]),
    ];
    let before = assess(&guide, &build(&guide, cloud))
        .position
        .expect("position");
    let mut s = build(&guide, cloud);
    let mut last = before;
    for (q, ids) in [
        ("confidence.posture", &["reactive"][..]),
        ("value.primary", &["consolidation"][..]),
        ("policy.exists", &["weak"][..]),
    ] {
        pick(&mut s, q, ids);
        let now = assess(&guide, &s).position.expect("position");
        assert!(now < last, "{q} did not pull: {last} → {now}");
        last = now;
    }
}

#[test]
fn an_empty_strength_prints_zero_not_minus_zero() {
    let guide = guide();
    let a = assess(&guide, &session(&guide, "Empty"));
    let json = serde_json::to_string(&a).expect("json");
    assert!(!json.contains("-0.0"), "{json}");
    assert!(json.contains(r#""weight":0.0"#), "{json}");
    let s = build(&guide, &[("org.industry", &["retail"])]);
    let json = serde_json::to_string(&assess(&guide, &s)).expect("json");
    assert!(!json.contains("-0.0"), "{json}");
}

mod properties {
    use super::*;
    use journey::guide::Kind;
    use journey::session::Value;
    use proptest::prelude::*;

    /// A customer from random picks: (question, option) indices over the choice questions; a
    /// multiple-choice question picked twice keeps both options.
    fn customer(guide: &Guide, picks: &[(usize, usize)]) -> Session {
        let choice: Vec<_> = guide
            .questions()
            .map(|(_, q)| q)
            .filter(|q| q.kind.is_choice() && !q.options.is_empty())
            .collect();
        let mut s = session(guide, "prop");
        for &(qi, oi) in picks {
            let q = choice[qi % choice.len()];
            let o = &q.options[oi % q.options.len()];
            let mut ids = match (q.kind, s.selected_ids(&q.id)) {
                (Kind::Multiple, Some(held)) if !o.exclusive => held,
                _ => Vec::new(),
            };
            ids.retain(|id| q.options.iter().any(|x| &x.id == id && !x.exclusive));
            if !ids.contains(&o.id) {
                ids.push(o.id.clone());
            }
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            pick(&mut s, &q.id, &ids);
        }
        s
    }

    trait Selected {
        fn selected_ids(&self, q: &str) -> Option<Vec<String>>;
    }

    impl Selected for Session {
        fn selected_ids(&self, q: &str) -> Option<Vec<String>> {
            match self.answer(q)?.answered_value()? {
                Value::Choice { selected, .. } => Some(selected.clone()),
                _ => None,
            }
        }
    }

    fn stage_index(guide: &Guide, a: &Assessment) -> Option<usize> {
        guide.stage_index(a.stage.as_deref()?)
    }

    fn width(a: &Assessment) -> f64 {
        a.range.map_or(3.0, |[lo, hi]| hi - lo)
    }

    /// The stages an answer's present-day and floor evidence points to.
    fn stages(guide: &Guide, evidence: &[journey::guide::Evidence]) -> Vec<usize> {
        evidence
            .iter()
            .filter(|e| e.role != journey::guide::Role::History)
            .filter_map(|e| match &e.target {
                journey::guide::Target::Stage { stage, .. } => guide.stage_index(stage),
                _ => None,
            })
            .collect()
    }

    /// Every possible answer of a question: each option alone, each scale point, a value in each
    /// band, when every stage it points to lies within the band (half a stage either side).
    fn possible(guide: &Guide, q: &journey::guide::Question, band: Option<[f64; 2]>) -> Vec<Value> {
        let number = |n: f64| {
            let evidence = q
                .bands
                .iter()
                .find(|b| b.contains(n))
                .map(|b| &b.evidence[..]);
            (Value::Number(n), stages(guide, evidence.unwrap_or(&[])))
        };
        let all: Vec<(Value, Vec<usize>)> = match q.kind {
            Kind::Single | Kind::Multiple => q
                .options
                .iter()
                .map(|o| {
                    let value = Value::Choice {
                        selected: vec![o.id.clone()],
                        other: None,
                    };
                    (value, stages(guide, &o.evidence))
                })
                .collect(),
            Kind::Scale => {
                let (lo, hi) = (q.min.unwrap_or(1.0) as i64, q.max.unwrap_or(5.0) as i64);
                (lo..=hi).map(|n| number(n as f64)).collect()
            }
            Kind::Number => q
                .bands
                .iter()
                .filter_map(|b| b.min.or(b.max).or(b.below.map(|x| x - 1.0)))
                .map(number)
                .collect(),
            Kind::Text => Vec::new(),
        };
        all.into_iter()
            .filter(|(_, at)| {
                band.is_none_or(|[lo, hi]| {
                    at.iter()
                        .all(|&s| s as f64 >= lo - 0.5 && s as f64 <= hi + 0.5)
                })
            })
            .map(|(v, _)| v)
            .collect()
    }

    fn past_the_chasm(guide: &Guide, a: &Assessment) -> bool {
        a.between.is_none() && stage_index(guide, a).is_some_and(|s| s >= 2)
    }

    const PRODUCTS: &[&str] = &["vmotion", "drs", "ha", "ft", "srm", "view", "lab-manager"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// One product added never moves the stage across the chasm unless a business
        /// application with its owners on board is there (the chasm reached).
        #[test]
        fn one_product_never_crosses_the_chasm_alone(
            picks in proptest::collection::vec((0usize..1000, 0usize..1000), 0..16),
            product in 0usize..7,
        ) {
            let guide = guide();
            let s = customer(&guide, &picks);
            let before = assess(&guide, &s);
            let mut t = s.clone();
            let mut ids = t.selected_ids("products.in_use").unwrap_or_default();
            ids.retain(|id| id != "other");
            ids.push(PRODUCTS[product].to_string());
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            pick(&mut t, "products.in_use", &ids);
            let after = assess(&guide, &t);
            let was = stage_index(&guide, &before).unwrap_or(0);
            let is = stage_index(&guide, &after).unwrap_or(0);
            if was <= 1 && before.between.is_none() && after.position.is_some() {
                prop_assert!(
                    is <= 1 || milestone(&after, "chasm") == MilestoneState::Reached,
                    "{} crossed: {:?} → {:?}", PRODUCTS[product], before.position, after.position
                );
            }
        }

        /// The stage label is never past the chasm while the chasm milestone is not reached.
        #[test]
        fn the_label_is_never_past_the_chasm_while_it_is_not_reached(
            picks in proptest::collection::vec((0usize..1000, 0usize..1000), 0..20),
        ) {
            let guide = guide();
            let a = assess(&guide, &customer(&guide, &picks));
            if milestone(&a, "chasm") == MilestoneState::NotReached {
                prop_assert!(!past_the_chasm(&guide, &a), "{} at {:?}", a.stage_label(&guide), a.position);
                prop_assert!(a.position.is_none_or(|p| p <= 1.5), "{:?}", a.position);
            }
        }

        /// Business applications (any of them, "nearly all" too) without an application-owner
        /// answer keep the customer at the chasm at most, whatever else was said.
        #[test]
        fn business_apps_without_an_owners_answer_stay_at_the_chasm(
            picks in proptest::collection::vec((0usize..1000, 0usize..1000), 0..12),
            app in 0usize..5,
        ) {
            let guide = guide();
            let mut s = customer(&guide, &picks);
            let apps = ["exchange", "sap", "oracle-apps", "databases", "nearly-all"];
            pick(&mut s, "workloads.business", &[apps[app]]);
            s.answer_mut("sponsorship.app_owners").state = AnswerState::NotAsked;
            s.answer_mut("sponsorship.app_owners").value = None;
            // Whatever else was said, the chasm is not crossed without the owners.
            prop_assert!(milestone(&assess(&guide, &s), "chasm") != MilestoneState::Reached);
            // Only the one crossing question answered: at the chasm.
            let mut lone = session(&guide, "apps");
            pick(&mut lone, "workloads.business", &[apps[app]]);
            let lone = assess(&guide, &lone);
            prop_assert_eq!(lone.position, Some(1.5));
            prop_assert_eq!(milestone(&lone, "chasm"), MilestoneState::Unknown);
            prop_assert_eq!(&lone.next_questions[0].question, "sponsorship.app_owners");
        }

        /// Turning an answer into "don't know" (skipped, n/a, or a don't-know option) never
        /// makes a milestone not reached.
        #[test]
        fn dont_know_never_makes_a_milestone_not_reached(
            picks in proptest::collection::vec((0usize..1000, 0usize..1000), 1..16),
            which in 0usize..1000,
            how in 0usize..3,
        ) {
            let guide = guide();
            let s = customer(&guide, &picks);
            let answered: Vec<String> = s
                .answers
                .iter()
                .filter(|(_, a)| a.answered_value().is_some())
                .map(|(q, _)| q.clone())
                .collect();
            prop_assume!(!answered.is_empty());
            let q = &answered[which % answered.len()];
            let mut t = s.clone();
            let unknown = guide
                .question(q)
                .and_then(|q| q.options.iter().find(|o| o.unknown))
                .map(|o| o.id.clone());
            match (how, unknown) {
                (0, _) => t.answer_mut(q).state = AnswerState::Skipped,
                (1, _) | (_, None) => t.answer_mut(q).state = AnswerState::NotApplicable,
                (_, Some(id)) => pick(&mut t, q, &[id.as_str()]),
            }
            let before = assess(&guide, &s);
            let after = assess(&guide, &t);
            for (b, a) in before.milestones.iter().zip(&after.milestones) {
                prop_assert!(
                    a.state != MilestoneState::NotReached || b.state == MilestoneState::NotReached,
                    "{q} as don't know made {} not reached (was {:?})", a.id, b.state
                );
            }
        }

        /// Answering the top ask-next question with any of its possible answers (those the band
        /// allows) never widens the band on average.
        #[test]
        fn the_top_ask_next_question_narrows_the_band_on_average(
            picks in proptest::collection::vec((0usize..1000, 0usize..1000), 0..14),
        ) {
            let guide = guide();
            let s = customer(&guide, &picks);
            let a = assess(&guide, &s);
            prop_assume!(!a.next_questions.is_empty());
            let top = guide.question(&a.next_questions[0].question).expect("question");
            let values = possible(&guide, top, a.range);
            prop_assert!(!values.is_empty());
            let mean = values
                .iter()
                .map(|v| {
                    let mut t = s.clone();
                    let ans = t.answer_mut(&top.id);
                    ans.state = AnswerState::Answered;
                    ans.value = Some(v.clone());
                    width(&assess(&guide, &t))
                })
                .sum::<f64>()
                / values.len() as f64;
            prop_assert!(mean <= width(&a) + 1e-9, "{}: {} → {mean}", top.id, width(&a));
        }
    }
}

#[test]
fn a_crossing_into_an_unknown_stage_is_a_fault_naming_the_milestone() {
    let text = include_str!("../content/virtualization-journey.json");
    let broken = text.replace(
        r#""crosses": "business-production""#,
        r#""crosses": "business-prod""#,
    );
    assert_ne!(broken, text);
    let guide = journey::guide::parse("broken.json", &broken).expect("it parses");
    let faults = journey::guide::check(&guide);
    assert!(
        faults.iter().any(|f| f.place == "milestone `chasm`"
            && f.message.contains("unknown stage `business-prod`")),
        "{faults:?}"
    );
    let guide = journey::guide::parse("guide.json", text).expect("built-in");
    assert!(journey::guide::check(&guide).is_empty());
}
