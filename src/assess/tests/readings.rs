//! The readings beside the stage: obstacles and their tactics, highlights, inflection points and
//! drivers.

use super::*;

#[test]
fn obstacles_move_from_raised_to_addressed_to_resolved_and_overrides_win() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    let status = |s: &Session| assess(&guide, s).obstacle_status("team-communication");
    assert_eq!(status(&s), ObstacleStatus::NotDiscussed);
    pick(&mut s, "team.introduced", &["server-only"]);
    assert_eq!(status(&s), ObstacleStatus::Raised);
    pick(&mut s, "team.tactics", &["training", "reorganised"]);
    assert_eq!(status(&s), ObstacleStatus::BeingAddressed);
    let a = assess(&guide, &s);
    let team = &a.obstacles[0];
    let used: Vec<_> = team.tactics_used.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(used, ["train-all-teams", "reorganise"]);
    assert!(team.reasons.iter().any(|r| r.why.contains("server team")));
    pick(&mut s, "team.issue", &["resolved"]);
    assert_eq!(status(&s), ObstacleStatus::Resolved);
    s.obstacle_overrides
        .insert("team-communication".into(), ObstacleStatus::Raised);
    let a = assess(&guide, &s);
    assert_eq!(a.obstacles[0].status, ObstacleStatus::Raised);
    assert_eq!(a.obstacles[0].derived, ObstacleStatus::Resolved);
    assert!(a.obstacles[0].overridden);
}

#[test]
fn a_storage_planned_from_the_start_is_not_an_obstacle() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    pick(&mut s, "storage.issue", &["no"]);
    assert_eq!(
        assess(&guide, &s).obstacle_status("storage"),
        ObstacleStatus::NotAnObstacle
    );
}

#[test]
fn scale_answers_place_through_their_bands() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    number(&mut s, "confidence.rating", 5.0);
    let a = assess(&guide, &s);
    let confidence = &a.drivers[1];
    assert_eq!(confidence.level, Some(3.0));
    assert_eq!(confidence.reasons[0].answer, "5");
}

#[test]
fn highlights_list_triggers_and_products_without_none_options() {
    let guide = builtin().expect("guide");
    let mut s = it_production(&guide);
    pick(&mut s, "triggers.development", &["none"]);
    let a = assess(&guide, &s);
    let triggers = a
        .highlights
        .iter()
        .find(|h| h.id == "triggers")
        .expect("triggers");
    assert_eq!(triggers.items, ["Major hardware refresh"]);
    let products = a
        .highlights
        .iter()
        .find(|h| h.id == "products")
        .expect("products");
    assert_eq!(products.items, ["ESX / ESXi", "vCenter"]);
}

#[test]
fn an_other_option_is_listed_and_counted_by_what_the_customer_said() {
    let guide = builtin().expect("guide");
    let mut s = it_production(&guide);
    let q = guide.question("triggers.business").expect("triggers");
    s.pick(q, "other");
    s.set_other("triggers.business", "Mainframe end of life");
    let a = assess(&guide, &s);
    let triggers = a
        .highlights
        .iter()
        .find(|h| h.id == "triggers")
        .expect("triggers");
    assert_eq!(
        triggers.items,
        ["Major hardware refresh", "Mainframe end of life"]
    );
    let insights = super::insights::insights_of(&guide, &[s]);
    let bars = &insights
        .highlights
        .iter()
        .find(|h| h.bars.iter().any(|b| b.label == "Major hardware refresh"))
        .expect("the triggers chart")
        .bars;
    assert!(
        bars.iter().any(|b| b.label == "Mainframe end of life"),
        "{bars:?}"
    );
    assert!(
        !bars.iter().any(|b| b.label.starts_with("Other")),
        "{bars:?}"
    );
}

#[test]
fn an_inflection_point_not_yet_asked_about_is_unknown_not_missed() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    pick(&mut s, "start.production", &["yes"]);
    pick(
        &mut s,
        "workloads.business",
        &["exchange", "sap", "databases", "other"],
    );
    let state = |s: &Session| {
        assess(&guide, s)
            .milestones
            .into_iter()
            .find(|m| m.id == "chasm")
            .expect("chasm")
            .state
    };
    // Four business applications, and the application owners not asked about yet.
    assert_eq!(state(&s), MilestoneState::Unknown);
    pick(&mut s, "sponsorship.app_owners", &["some"]);
    assert_eq!(state(&s), MilestoneState::Reached);
    pick(&mut s, "sponsorship.app_owners", &["not-yet"]);
    assert_eq!(state(&s), MilestoneState::NotReached);
    // Skipped, n/a and "don't know" say nothing: the point stays unknown.
    for dealt in [AnswerState::Skipped, AnswerState::NotApplicable] {
        s.answer_mut("sponsorship.app_owners").state = dealt;
        assert_eq!(state(&s), MilestoneState::Unknown, "{dealt:?}");
    }
    pick(&mut s, "sponsorship.app_owners", &["dont-know"]);
    assert_eq!(state(&s), MilestoneState::Unknown);
}

#[test]
fn a_tactic_addresses_an_obstacle_only_when_it_was_raised() {
    let guide = builtin().expect("guide");
    let fud = |s: &Session| {
        let a = assess(&guide, s);
        let o = a
            .obstacles
            .into_iter()
            .find(|o| o.id == "fud")
            .expect("fud");
        (o.status, o.tactics_used.len())
    };
    let mut s = session(&guide);
    pick(&mut s, "fud.issue", &["no"]);
    pick(&mut s, "fud.tactics", &["vmotion-demo"]);
    assert_eq!(
        fud(&s),
        (ObstacleStatus::NotAnObstacle, 1),
        "listed as used, nothing more"
    );
    pick(&mut s, "fud.issue", &["yes"]);
    assert_eq!(fud(&s), (ObstacleStatus::BeingAddressed, 1));
}

#[test]
fn a_driver_level_is_one_reported_never_an_average_and_its_strength_is_its_own() {
    let guide = builtin().expect("guide");
    let mut s = session(&guide);
    pick(&mut s, "sponsorship.sponsor", &["cio"]);
    pick(&mut s, "sponsorship.app_owners", &["not-yet"]);
    let a = assess(&guide, &s);
    let sponsorship = a
        .drivers
        .iter()
        .find(|d| d.id == "sponsorship")
        .expect("driver");
    // A CIO (weight 2) and "IT owns it" (weight 1): the CIO, with the spread shown; the average
    // (application owners) is a level nobody reported.
    assert_eq!(sponsorship.level_name.as_deref(), Some("CIO"));
    assert_eq!(sponsorship.spread, Some([1, 3]));
    // Three of the 4.5 points sponsorship can collect in the guide: not "low".
    assert!(
        sponsorship.strength.label >= StrengthLabel::Medium,
        "{:?}",
        sponsorship.strength
    );
    pick(&mut s, "sponsorship.mbo", &["yes"]);
    let a = assess(&guide, &s);
    let sponsorship = a
        .drivers
        .iter()
        .find(|d| d.id == "sponsorship")
        .expect("driver");
    assert_eq!(sponsorship.strength.label, StrengthLabel::High);
}
