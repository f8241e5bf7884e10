//! A table of customers written from the seed's stage descriptions, each with the passage it
//! follows and the stage the seed puts it at; the gauge must place every one there (see also
//! tests/gauge.rs for the textbook five).

mod common;

use common::{guide, pick, session};
use journey::assess::{assess, MilestoneState, StrengthLabel};
use journey::session::{AnswerState, Value};

struct Customer {
    passage: &'static str,
    answers: &'static [(&'static str, &'static [&'static str])],
    /// Numbers and scale points.
    numbers: &'static [(&'static str, f64)],
    /// The stage label the seed gives.
    label: &'static str,
    /// The chasm milestone, where the passage decides it.
    chasm: Option<MilestoneState>,
}

const IT_OWNED: (&str, &[&str]) = ("workloads.business", &["none"]);
const IN_PRODUCTION: (&str, &[&str]) = ("start.production", &["yes"]);

const CUSTOMERS: &[Customer] = &[
    Customer {
        passage: "There is also a stage zero where companies just experiment with the technology.",
        answers: &[
            ("start.began", &["lab"]),
            ("start.production", &["no"]),
            ("confidence.posture", &["learning"]),
        ],
        numbers: &[],
        label: "Stage zero",
        chasm: None,
    },
    Customer {
        passage: "They virtualize the assets that they own such as file and print servers, domain \
                  controllers, web servers, Citrix servers, and so on. Test and Dev servers are \
                  also a primary candidate for virtualization at this stage.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.it", &["web", "citrix", "test-dev"]),
            IT_OWNED,
            ("sponsorship.sponsor", &["it-owned"]),
            ("products.in_use", &["esxi", "vcenter"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::NotReached),
    },
    Customer {
        passage: "The team reacts to a business trigger such as hardware refresh or data center \
                  consolidation by using virtualization technology. [...] The predominant value \
                  proposition in this phase is consolidation of IT infrastructure to save on \
                  hardware, space and cooling.",
        answers: &[
            IN_PRODUCTION,
            ("triggers.business", &["dc-migration", "capacity"]),
            ("workloads.it", &["file-print", "domain-controllers"]),
            ("confidence.posture", &["reactive"]),
            ("value.primary", &["consolidation"]),
            ("value.tracked", &["capex", "space-cooling"]),
        ],
        numbers: &[("start.share", 20.0)],
        label: "IT Production",
        chasm: None,
    },
    Customer {
        passage: "In smaller companies the CIO has more visibility into most projects going on in \
                  his or her org. In many cases, we cannot even talk about sponsorship as much as \
                  ownership as IT tends to virtualize what they own first.",
        answers: &[
            ("org.size", &["small"]),
            IN_PRODUCTION,
            ("workloads.it", &["file-print", "domain-controllers", "web"]),
            IT_OWNED,
            ("sponsorship.sponsor", &["it-owned", "cio"]),
            ("sponsorship.app_owners", &["not-yet"]),
            ("confidence.posture", &["reactive"]),
            ("value.primary", &["consolidation"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::NotReached),
    },
    Customer {
        passage: "There are cases where the sponsorship is at the senior level but in many cases \
                  the virtualization first policy is not enforced aggressively yet.",
        answers: &[
            IN_PRODUCTION,
            (
                "workloads.it",
                &["file-print", "domain-controllers", "test-dev"],
            ),
            ("sponsorship.sponsor", &["cio"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::Unknown),
    },
    Customer {
        passage: "The team knows how to install and operate ESX/ESXi but they are typically not \
                  familiar with more advanced features like SRM, DRS, HA and FT.",
        answers: &[
            IN_PRODUCTION,
            (
                "workloads.it",
                &["file-print", "domain-controllers", "test-dev"],
            ),
            ("itaas.drs", &["automatic"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::Unknown),
    },
    Customer {
        passage: "Some customers put this policy in place very early but they don't enforce it \
                  very well and it is pretty easy to make the case for getting a physical server.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.it", &["file-print", "test-dev"]),
            ("sponsorship.sponsor", &["it-owned"]),
            ("policy.exists", &["weak"]),
            ("policy.when", &["early"]),
            ("itaas.new_workloads", &["physical"]),
        ],
        numbers: &[("policy.enforcement", 2.0)],
        label: "IT Production",
        chasm: None,
    },
    Customer {
        passage: "There is also another set of triggers that prompts customer to deploy VMware's \
                  development life-cycle management area such as Lab Manager. These triggers \
                  include: Major application upgrade/Changes [...]",
        answers: &[
            IN_PRODUCTION,
            ("triggers.development", &["app-upgrade", "lifecycle"]),
            ("workloads.it", &["test-dev"]),
            IT_OWNED,
            ("products.in_use", &["esxi", "vcenter", "lab-manager"]),
            ("confidence.posture", &["reactive"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::NotReached),
    },
    Customer {
        passage: "There is a big inflection point in term of confidence when the team learns how \
                  to use vMotion as it allows them to perform system maintenance without downtime.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.it", &["file-print", "web"]),
            IT_OWNED,
            ("products.in_use", &["esxi", "vcenter", "vmotion"]),
            ("products.vmotion_when", &["first-year"]),
            ("fud.tactics", &["vmotion-demo"]),
            ("confidence.posture", &["reactive"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::NotReached),
    },
    Customer {
        passage: "The team knows how to install and operate ESX/ESXi but they are typically not \
                  familiar with more advanced features like SRM, DRS, HA and FT. (Typically: a \
                  team that switched HA and DRS on for its own servers is still IT Production.)",
        answers: &[
            IN_PRODUCTION,
            ("workloads.it", &["file-print", "domain-controllers"]),
            IT_OWNED,
            ("products.in_use", &["esxi", "vcenter", "ha", "drs"]),
            ("sponsorship.sponsor", &["it-owned"]),
            ("confidence.posture", &["reactive"]),
            ("value.primary", &["consolidation"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::NotReached),
    },
    Customer {
        passage: "Some of our most confident customers just go ahead and virtualize applications \
                  without really telling their business counterparts.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.it", &["file-print", "web"]),
            ("workloads.business", &["databases"]),
            ("sponsorship.sponsor", &["it-owned"]),
            ("sponsorship.app_owners", &["not-yet"]),
            ("fud.tactics", &["under-the-radar"]),
        ],
        numbers: &[],
        label: "between IT Production and Business Production",
        chasm: Some(MilestoneState::NotReached),
    },
    Customer {
        passage: "Often the seed for virtualizing a business application is planted when a new \
                  version is being developed and tested. [...] It often makes sense to just leave \
                  it running in a virtual environment and take it into production.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.it", &["file-print", "test-dev"]),
            ("workloads.business", &["sap"]),
            ("workloads.from_dev", &["yes"]),
            ("sponsorship.app_owners", &["some"]),
            ("confidence.posture", &["selective"]),
            ("business.selection", &["relationship", "compelling"]),
        ],
        numbers: &[],
        label: "Business Production",
        chasm: Some(MilestoneState::Reached),
    },
    Customer {
        passage: "They use VMware product features such as SRM, High Availability (HA) and Fault \
                  Tolerance (FT) to provide better quality of service (and performance) for their \
                  business applications running in a virtual environment.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.business", &["exchange", "databases"]),
            (
                "products.in_use",
                &["esxi", "vcenter", "vmotion", "ha", "ft", "srm"],
            ),
            ("sponsorship.sponsor", &["app-owners"]),
            ("sponsorship.app_owners", &["some"]),
            ("value.primary", &["quality"]),
            ("value.tracked", &["sla", "continuity"]),
            ("business.answers", &["ha", "ft", "srm"]),
        ],
        numbers: &[],
        label: "Business Production",
        chasm: Some(MilestoneState::Reached),
    },
    Customer {
        passage: "Some other customers put the policy in place after successfully virtualizing \
                  few business applications.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.business", &["exchange", "oracle-apps"]),
            ("sponsorship.app_owners", &["some"]),
            ("policy.exists", &["known-apps"]),
            ("policy.when", &["after-business-apps"]),
            ("itaas.new_workloads", &["case-by-case"]),
        ],
        numbers: &[("policy.enforcement", 3.0)],
        label: "Business Production",
        chasm: Some(MilestoneState::Reached),
    },
    Customer {
        passage: "After the first couple of business applications are successfully virtualized \
                  things get easier, the confidence grows fast and soon the team is ready to take \
                  on most business applications.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.business", &["exchange", "sap", "databases"]),
            ("sponsorship.app_owners", &["some"]),
            ("confidence.posture", &["selective"]),
            ("business.momentum", &["easier"]),
            ("value.primary", &["quality"]),
        ],
        numbers: &[("start.share", 50.0)],
        label: "Business Production",
        chasm: Some(MilestoneState::Reached),
    },
    Customer {
        passage: "In the IT as as Service phase, virtualization is just part of what IT does. \
                  Everything new is deployed on virtual, and the value is all around time to \
                  market, process automation, and ultimately business agility.",
        answers: &[
            IN_PRODUCTION,
            ("workloads.business", &["nearly-all"]),
            ("sponsorship.app_owners", &["most"]),
            ("itaas.new_workloads", &["virtual"]),
            ("value.primary", &["agility"]),
            ("value.tracked", &["time-to-market", "automation"]),
            ("confidence.posture", &["default"]),
        ],
        numbers: &[],
        label: "ITaaS",
        chasm: Some(MilestoneState::Reached),
    },
    Customer {
        passage: "Tracking the value delivered over time raised the visibility of the \
                  virtualization journey and it is now a top initiative for the CIO, sometimes \
                  with MBOs associated to virtualization penetration.",
        answers: &[
            IN_PRODUCTION,
            ("sponsorship.sponsor", &["cio"]),
            ("sponsorship.mbo", &["yes"]),
            ("value.reporting", &["regularly"]),
            ("policy.exists", &["enforced"]),
        ],
        numbers: &[("policy.enforcement", 5.0)],
        label: "ITaaS",
        chasm: None,
    },
    Customer {
        passage: "Some customers refer to this state as their \"internal cloud\" [...] They use \
                  DRS to automatically increase resource allocation on the fly. They have a \
                  Disaster Recovery (DR) strategy [...] They are looking at or implementing their \
                  desktop virtualization roadmap.",
        answers: &[
            IN_PRODUCTION,
            ("org.team", &["folded-back"]),
            ("itaas.on_demand", &["yes"]),
            ("itaas.drs", &["automatic"]),
            ("itaas.dr", &["strategy"]),
            ("itaas.desktops", &["roadmap"]),
        ],
        numbers: &[],
        label: "ITaaS",
        chasm: None,
    },
    // Issue 23's follow-up: no business applications (the chasm not reached) is never past the
    // chasm, whatever products or sponsors; "nearly all" without the owners waits at the chasm.
    Customer {
        passage: "There is a major chasm/inflection point around the time customers move from \
                  virtualizing IT infrastructure services and tes/dev servers to their first \
                  business applications. (No business applications, desktops in production.)",
        answers: &[
            IN_PRODUCTION,
            (
                "workloads.it",
                &["file-print", "domain-controllers", "test-dev"],
            ),
            IT_OWNED,
            ("itaas.desktops", &["production"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::NotReached),
    },
    Customer {
        passage: "Next step: business applications. To do so, they now need to get the \
                  “Application Owner” on board. (Nearly all business applications, the owners \
                  not asked about.)",
        answers: &[("workloads.business", &["nearly-all"])],
        numbers: &[],
        label: "between IT Production and Business Production",
        chasm: Some(MilestoneState::Unknown),
    },
    Customer {
        passage: "In the IT Production phase, IT organization virtualize what they own. (A CIO \
                  with MBOs, no business applications virtualized.)",
        answers: &[
            IN_PRODUCTION,
            ("workloads.it", &["file-print"]),
            IT_OWNED,
            ("sponsorship.sponsor", &["cio"]),
            ("sponsorship.mbo", &["yes"]),
        ],
        numbers: &[],
        label: "IT Production",
        chasm: Some(MilestoneState::NotReached),
    },
];

#[test]
fn every_customer_written_from_the_seed_lands_where_the_seed_puts_them() {
    let guide = guide();
    assert!(CUSTOMERS.len() >= 16);
    let mut wrong = Vec::new();
    for c in CUSTOMERS {
        let mut s = session(&guide, "Seed customer");
        for (q, ids) in c.answers {
            pick(&mut s, q, ids);
        }
        for (q, n) in c.numbers {
            let a = s.answer_mut(q);
            a.state = AnswerState::Answered;
            a.value = Some(Value::Number(*n));
        }
        let a = assess(&guide, &s);
        let label = a.stage_label(&guide);
        let chasm = a
            .milestones
            .iter()
            .find(|m| m.id == "chasm")
            .map(|m| m.state);
        if label != c.label || c.chasm.is_some_and(|want| chasm != Some(want)) {
            wrong.push(format!(
                "{:?}\n  expected {} ({:?}), got {label} ({chasm:?}) at {:?}, band {:?}",
                c.passage, c.label, c.chasm, a.position, a.range
            ));
        }
        // A customer the seed places is never placed with high strength against a disagreement.
        if !a.disagreements.is_empty() {
            assert!(a.strength.label < StrengthLabel::High, "{}", c.passage);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
