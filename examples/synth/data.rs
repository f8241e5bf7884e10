//! Realistic synthetic sessions for the built-in guide: shared by `examples/synth` and the
//! benchmarks (`#[path]`-included there).

use chrono::{Duration, TimeZone};
use journey::guide::{Guide, Kind, Target};
use journey::session::{AnswerState, Meta, Session, Value};

/// A small, seeded random source (SplitMix64): reproducible archives without another crate.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const COMPANIES: &[&str] = &[
    "Acme Logistics",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Manufacturing",
    "Wayne Financial",
    "Hooli",
    "Vandelay Imports",
    "Soylent Foods",
    "Tyrell Systems",
    "Cyberdyne Retail",
    "Wonka Confections",
    "Nakatomi Trading",
    "Gringotts Bank",
    "Oceanic Airlines",
    "Monarch Insurance",
    "Pied Piper",
    "Massive Dynamic",
    "Aperture Labs",
    "Blue Sun",
    "Société Générale de Transport",
    "Müller Maschinenbau",
    "北海道電力",
    "Prisma Saúde",
];
const PEOPLE: &[&str] = &[
    "Dana Reyes",
    "Sam Lee",
    "Ana Souza",
    "Kenji Watanabe",
    "Priya Natarajan",
    "Tom Becker",
    "Olga Ivanova",
    "Lucas Martin",
    "Fatima Zahra",
    "Chen Wei",
    "Aoife Murphy",
    "Jonas Berg",
];
const ROLES: &[&str] = &[
    "IT director",
    "CIO",
    "Virtualization lead",
    "Server team manager",
    "Infrastructure architect",
    "Storage engineer",
];
const INTERVIEWERS: &[&str] = &["Vittorio", "Maria Lopez", "James Park", "Ines Duarte"];
const NOTES: &[&str] = &[
    "Started with the print servers during the hardware refresh; nobody outside IT noticed.",
    "The storage team was only brought in after the first performance complaints, which cost them six months.",
    "They ran a vMotion demo for the finance director; that is when the budget conversation changed.",
    "Application owners for SAP were nervous about support; the ISV statement settled it.",
    "Provisioning went from three weeks to two days; the business started asking for virtual by default.",
    "The CIO now reports virtualization penetration to the board every quarter.",
    "DR is still a spreadsheet; SRM is on next year's plan.",
    "Consolidation ratio around 12:1 on the newer hosts, lower on the old blades.",
    "They re-organised so the virtualization team sits with the server team again.",
    "Exchange went first because the new version was tested on VMs anyway.",
];
const QUOTES: &[&str] = &[
    "We never looked back after the first refresh.",
    "I don't let the business tell me how to run my infrastructure.",
    "The vMotion demo did more than any slide deck.",
    "If I could do it again, I would spend a month on storage before anything else.",
    "Nobody asks for a physical server any more.",
];

/// The option whose stage evidence is nearest the profile, or a random one, with noise.
fn choose(
    rng: &mut Rng,
    guide: &Guide,
    q: &journey::guide::Question,
    profile: usize,
) -> Vec<String> {
    let stage_of = |o: &journey::guide::ChoiceOption| {
        o.evidence.iter().find_map(|e| match &e.target {
            Target::Stage { stage, .. } => guide.stage_index(stage),
            Target::Driver { level, .. } => Some(*level),
            _ => None,
        })
    };
    let usable: Vec<&journey::guide::ChoiceOption> =
        q.options.iter().filter(|o| !o.other).collect();
    if q.kind == Kind::Multiple {
        let fitting: Vec<&&journey::guide::ChoiceOption> = usable
            .iter()
            .filter(|o| !o.exclusive && stage_of(o).is_none_or(|s| s <= profile))
            .collect();
        if fitting.is_empty() || rng.chance(5) {
            if let Some(none) = usable.iter().find(|o| o.exclusive) {
                return vec![none.id.clone()];
            }
        }
        let mut picked: Vec<String> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            if fitting.is_empty() {
                break;
            }
            let o = rng.pick(&fitting);
            if !picked.contains(&o.id) {
                picked.push(o.id.clone());
            }
        }
        return picked;
    }
    let near: Vec<&&journey::guide::ChoiceOption> = usable
        .iter()
        .filter(|o| stage_of(o).is_some_and(|s| s.abs_diff(profile) == 0))
        .collect();
    let option = if !near.is_empty() && !rng.chance(15) {
        rng.pick(&near)
    } else {
        rng.pick(&usable)
    };
    vec![option.id.clone()]
}

/// The `n`th session of an archive: a profile on the journey, answered with some noise.
pub fn session(rng: &mut Rng, guide: &Guide, n: usize) -> Session {
    let profile = [0, 1, 1, 1, 2, 2, 2, 3, 3][rng.below(9)];
    let start = chrono::FixedOffset::east_opt(3600 * (rng.below(10) as i32 - 5))
        .and_then(|tz| tz.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).single())
        .unwrap_or_else(journey::session::now)
        + Duration::hours((n as i64 * 7) % (24 * 320))
        + Duration::minutes(rng.below(600) as i64);
    let participant = rng.pick(PEOPLE).to_string();
    let meta = Meta {
        customer: rng.pick(COMPANIES).to_string(),
        // As a file written before customer ids: the id is the name's slug.
        customer_id: String::new(),
        participant,
        role: rng.pick(ROLES).to_string(),
        interviewer: rng.pick(INTERVIEWERS).to_string(),
        consent: !rng.chance(5),
        started: start,
        updated: start,
        finished: None,
        aliases: Default::default(),
        lang: String::new(),
    };
    let mut s = Session::new(guide, meta);
    let complete = rng.chance(85);
    let mut seconds = 0;
    for (section, q) in guide.questions() {
        if !guide.is_shown(section, q, &s) || (!complete && rng.chance(40)) {
            continue;
        }
        let a = s.answer_mut(&q.id);
        a.seconds_spent = 20 + rng.below(160) as u64;
        seconds += a.seconds_spent;
        if rng.chance(4) {
            a.state = AnswerState::Skipped;
            continue;
        }
        a.state = AnswerState::Answered;
        a.value = Some(match q.kind {
            Kind::Single | Kind::Multiple => Value::Choice {
                selected: choose(rng, guide, q, profile),
                other: None,
            },
            Kind::Scale => Value::Number(
                (q.min.unwrap_or(1.0) + (profile as f64 + rng.below(2) as f64).min(4.0))
                    .min(q.max.unwrap_or(5.0)),
            ),
            Kind::Number => {
                let (lo, hi) = (q.min.unwrap_or(0.0), q.max.unwrap_or(500.0).min(5000.0));
                Value::Number((lo + rng.below((hi - lo) as usize + 1) as f64).round())
            }
            Kind::Text => Value::Text(rng.pick(NOTES).to_string()),
        });
        if rng.chance(30) {
            a.notes = format!(
                "[{:02}:{:02}] {}",
                seconds / 60,
                seconds % 60,
                rng.pick(NOTES)
            );
        }
        if rng.chance(8) {
            a.quotes.push(rng.pick(QUOTES).to_string());
        }
        a.follow_up = rng.chance(3);
    }
    s.elapsed_seconds = seconds;
    s.meta.updated = start + Duration::seconds(seconds as i64);
    if complete {
        s.meta.finished = Some(s.meta.updated);
    }
    s
}
