//! Patterns across sessions: stages, obstacles and the tactics that worked, triggers, products,
//! value categories and open follow-ups; every count keeps the sessions behind it.

mod json;

use super::{assess, assess_with, Assessment, Detail};
use crate::guide::{Guide, ObstacleStatus};
use crate::session::{Session, Store, Value};
use crate::text::{name, Name};

/// A session as bars and follow-ups hold it: its place in [`Insights::ids`] (4 bytes a bar
/// entry: 1.7 million entries at 100,000 sessions).
pub type Place = u32;

/// One bar of a chart: a label, how many sessions, and which (places in [`Insights::ids`];
/// serialised as their ids).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub sessions: Vec<Place>,
}

impl Bar {
    fn new(label: impl Into<String>) -> Bar {
        Bar {
            label: label.into(),
            count: 0,
            sessions: Vec::new(),
        }
    }

    /// Counts a session once: sessions are added in turn, so a repeat is the last one added.
    fn add(&mut self, session: Place) {
        if self.sessions.last() != Some(&session) {
            self.sessions.push(session);
            self.count += 1;
        }
    }

    /// Gives back the room a bar grew into while it was counted.
    fn shrink(&mut self) {
        self.sessions.shrink_to_fit();
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObstacleInsight {
    pub id: String,
    /// Sessions where the obstacle came up as a real problem.
    pub raised: Bar,
    /// Of those, the sessions where it ended resolved.
    pub resolved: Bar,
    pub tactics: Vec<TacticInsight>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TacticInsight {
    /// Sessions that used the tactic.
    pub used: Bar,
    /// Of those, how many resolved the obstacle: the tactics that worked.
    pub resolved: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HighlightInsight {
    pub id: String,
    pub title: String,
    /// Most common first.
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub session: Place,
    pub customer: Name,
    /// The question's short label.
    pub question: Name,
    /// Empty in [`insights_from_store`], which keeps no notes.
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Insights {
    pub sessions: usize,
    /// The sessions' ids, which bars and follow-ups name by place (a session that could not be
    /// read keeps its place, in no bar).
    pub ids: Vec<String>,
    /// One bar per stage, in journey order, then "no evidence yet".
    pub stages: Vec<Bar>,
    pub obstacles: Vec<ObstacleInsight>,
    pub highlights: Vec<HighlightInsight>,
    pub follow_ups: Vec<FollowUp>,
}

/// Insights gathered one session at a time, so an archive need not be in memory at once.
pub struct Tally<'g> {
    guide: &'g Guide,
    sessions: usize,
    ids: Vec<String>,
    stages: Vec<Bar>,
    unplaced: Bar,
    obstacles: Vec<ObstacleInsight>,
    highlights: Vec<HighlightInsight>,
    follow_ups: Vec<FollowUp>,
    /// Whether follow-ups keep their notes.
    notes: bool,
}

impl<'g> Tally<'g> {
    pub fn new(guide: &'g Guide) -> Tally<'g> {
        Tally {
            guide,
            sessions: 0,
            ids: Vec::new(),
            stages: guide.stages.iter().map(|s| Bar::new(&s.name)).collect(),
            unplaced: Bar::new("no evidence yet"),
            obstacles: guide
                .obstacles
                .iter()
                .map(|o| ObstacleInsight {
                    id: o.id.clone(),
                    raised: Bar::new(&o.name),
                    resolved: Bar::new(format!("{}: resolved", o.name)),
                    tactics: o
                        .tactics
                        .iter()
                        .map(|t| TacticInsight {
                            used: Bar::new(&t.name),
                            resolved: 0,
                        })
                        .collect(),
                })
                .collect(),
            highlights: guide
                .highlights
                .iter()
                .map(|h| HighlightInsight {
                    id: h.id.clone(),
                    title: h.title.clone(),
                    bars: Vec::new(),
                })
                .collect(),
            follow_ups: Vec::new(),
            notes: true,
        }
    }

    /// A tally whose follow-ups keep no notes (a screen that lists them by customer and
    /// question): at 100,000 sessions their notes would be tens of megabytes.
    pub fn without_notes(self) -> Tally<'g> {
        Tally {
            notes: false,
            ..self
        }
    }

    /// A tally over sessions whose ids are `ids`, added with [`Tally::add_at`] by their place
    /// in it: the ids are kept as they are, not copied.
    pub fn over(self, ids: Vec<String>) -> Tally<'g> {
        Tally { ids, ..self }
    }

    /// Counts one session (with its assessment), after those counted.
    pub fn add(&mut self, session: &Session, a: &Assessment) {
        let place = self.ids.len() as Place;
        self.ids.push(session.id.clone());
        self.add_at(place, session, a);
    }

    /// Counts one session (with its assessment) at its place in the ids of [`Tally::over`].
    pub fn add_at(&mut self, place: Place, session: &Session, a: &Assessment) {
        let guide = self.guide;
        self.sessions += 1;
        let id = place;
        match a.stage.as_deref().and_then(|s| guide.stage_index(s)) {
            Some(i) => self.stages[i].add(id),
            None => self.unplaced.add(id),
        }
        self.add_obstacles(id, a);
        self.add_highlights(id, session);
        for qid in session.follow_ups(guide) {
            if let (Some(q), Some(answer)) = (guide.question(qid), session.answer(qid)) {
                self.follow_ups.push(FollowUp {
                    session: id,
                    customer: name(&session.meta.customer),
                    question: name(q.label()),
                    notes: if self.notes {
                        answer.notes.clone()
                    } else {
                        String::new()
                    },
                });
            }
        }
    }

    /// Counts the obstacles raised and resolved and the tactics used.
    fn add_obstacles(&mut self, id: Place, a: &Assessment) {
        let guide = self.guide;
        for (insight, reading) in self.obstacles.iter_mut().zip(&a.obstacles) {
            let raised = reading.status.was_raised() || reading.derived.was_raised();
            let resolved = reading.status == ObstacleStatus::Resolved;
            if raised {
                insight.raised.add(id);
            }
            if resolved {
                insight.resolved.add(id);
            }
            let obstacle = guide.obstacle(&insight.id);
            for (tactic, t) in insight
                .tactics
                .iter_mut()
                .zip(obstacle.map_or(&[][..], |o| &o.tactics))
            {
                if reading.tactics_used.iter().any(|u| u.id == t.id) {
                    tactic.used.add(id);
                    tactic.resolved += usize::from(resolved);
                }
            }
        }
    }

    /// Counts the options picked in the highlighted questions.
    fn add_highlights(&mut self, id: Place, session: &Session) {
        let guide = self.guide;
        for (insight, highlight) in self.highlights.iter_mut().zip(&guide.highlights) {
            for q in highlight
                .questions
                .iter()
                // An answer skip logic hides now is kept in the file, never counted.
                .filter(|qid| guide.shows(qid, session))
                .filter_map(|qid| guide.question(qid))
            {
                let Some(Value::Choice { selected, other }) =
                    session.answer(&q.id).and_then(|a| a.answered_value())
                else {
                    continue;
                };
                let ids = crate::session::Picked::new(selected);
                for option in q
                    .options
                    .iter()
                    .filter(|o| !o.exclusive && ids.contains(&o.id))
                {
                    let label = crate::session::item_label(option, other.as_deref());
                    match insight.bars.iter_mut().find(|b| b.label == label) {
                        Some(bar) => bar.add(id),
                        None => {
                            let mut bar = Bar::new(&label);
                            bar.add(id);
                            insight.bars.push(bar);
                        }
                    }
                }
            }
        }
    }

    pub fn finish(self) -> Insights {
        let mut stages = self.stages;
        let mut highlights = self.highlights;
        let mut obstacles = self.obstacles;
        for h in &mut highlights {
            h.bars
                .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        }
        if self.unplaced.count > 0 {
            stages.push(self.unplaced);
        }
        let bars = stages
            .iter_mut()
            .chain(highlights.iter_mut().flat_map(|h| &mut h.bars));
        let obstacle_bars = obstacles.iter_mut().flat_map(|o| {
            [&mut o.raised, &mut o.resolved]
                .into_iter()
                .chain(o.tactics.iter_mut().map(|t| &mut t.used))
        });
        bars.chain(obstacle_bars).for_each(Bar::shrink);
        let mut follow_ups = self.follow_ups;
        follow_ups.shrink_to_fit();
        Insights {
            sessions: self.sessions,
            ids: self.ids,
            stages,
            obstacles,
            highlights,
            follow_ups,
        }
    }
}

/// Insights over sessions already assessed (each with its assessment).
pub fn insights(guide: &Guide, sessions: &[(&Session, &Assessment)]) -> Insights {
    let mut tally = Tally::new(guide);
    for (session, a) in sessions {
        tally.add(session, a);
    }
    tally.finish()
}

/// Assesses every session and gathers the insights.
pub fn insights_of(guide: &Guide, sessions: &[Session]) -> Insights {
    let assessed: Vec<Assessment> = sessions.iter().map(|s| assess(guide, s)).collect();
    let pairs: Vec<(&Session, &Assessment)> = sessions.iter().zip(&assessed).collect();
    insights(guide, &pairs)
}

/// Insights over sessions in the store, read and assessed on all cores a chunk at a time: only a
/// chunk of sessions is in memory at once. Sessions that cannot be read are left out; the
/// follow-ups keep no notes ([`Tally::without_notes`]).
/// Reading stops early (the insights are then partial) once `keep_going` says no.
pub fn insights_from_store(
    store: &Store,
    guide: &Guide,
    ids: Vec<String>,
    keep_going: &(dyn Fn() -> bool + Sync),
) -> Insights {
    const CHUNK: usize = 32;
    let mut tally = Tally::new(guide).without_notes();
    let read = |range: std::ops::Range<usize>| -> Vec<(Place, Session, Assessment)> {
        if !keep_going() {
            return Vec::new();
        }
        range
            .filter_map(|at| Some((at as Place, store.load(&ids[at]).ok()?)))
            .map(|(at, s)| {
                let a = assess_with(guide, &s, Detail::Brief);
                (at, s, a)
            })
            .collect()
    };
    // A part lost to a panic leaves its sessions out, as unreadable ones are.
    let _ = crate::par::stream(ids.len(), CHUNK, read, |read| {
        for (at, session, a) in &read {
            tally.add_at(*at, session, a);
        }
        Ok::<(), std::convert::Infallible>(())
    });
    tally.over(ids).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids<'i>(i: &'i Insights, sessions: &[Place]) -> Vec<&'i str> {
        sessions
            .iter()
            .map(|&s| i.ids[s as usize].as_str())
            .collect()
    }
    use crate::guide::builtin;
    use crate::session::{AnswerState, Meta};

    fn session(guide: &Guide, id: &str, picks: &[(&str, &[&str])]) -> Session {
        let mut s = Session::new(guide, Meta::new(id.to_uppercase()));
        s.id = id.to_string();
        for (q, ids) in picks {
            let a = s.answer_mut(q);
            a.state = AnswerState::Answered;
            a.value = Some(Value::Choice {
                selected: ids.iter().map(|i| i.to_string()).collect(),
                other: None,
            });
        }
        s
    }

    #[test]
    fn counts_keep_the_sessions_behind_them() {
        let guide = builtin().expect("guide");
        let sessions = vec![
            session(
                &guide,
                "a",
                &[
                    ("workloads.it", &["file-print"]),
                    ("triggers.business", &["hardware-refresh", "outages"]),
                    ("team.introduced", &["server-only"]),
                    ("team.tactics", &["training"]),
                    ("team.issue", &["resolved"]),
                ],
            ),
            session(
                &guide,
                "b",
                &[
                    ("workloads.business", &["sap"]),
                    ("sponsorship.app_owners", &["some"]),
                    ("triggers.business", &["hardware-refresh"]),
                    ("team.introduced", &["server-only"]),
                    ("team.tactics", &["training", "none"]),
                ],
            ),
            session(&guide, "c", &[]),
        ];
        let mut s = sessions;
        s[2].answer_mut("wrapup.advice").follow_up = true;
        let i = insights_of(&guide, &s);
        assert_eq!(i.sessions, 3);
        let stage = |name: &str| {
            i.stages
                .iter()
                .find(|b| b.label == name)
                .expect(name)
                .clone()
        };
        assert_eq!(ids(&i, &stage("IT Production").sessions), ["a"]);
        assert_eq!(ids(&i, &stage("Business Production").sessions), ["b"]);
        assert_eq!(ids(&i, &stage("no evidence yet").sessions), ["c"]);
        let team = &i.obstacles[0];
        assert_eq!(ids(&i, &team.raised.sessions), ["a", "b"]);
        assert_eq!(ids(&i, &team.resolved.sessions), ["a"]);
        assert_eq!(team.tactics[0].used.count, 2);
        assert_eq!(team.tactics[0].resolved, 1);
        let triggers = &i.highlights[0];
        assert_eq!(triggers.bars[0].label, "Major hardware refresh");
        assert_eq!(ids(&i, &triggers.bars[0].sessions), ["a", "b"]);
        assert_eq!(triggers.bars[1].label, "Outages (application, system)");
        assert_eq!(i.follow_ups.len(), 1);
        assert_eq!(i.ids[i.follow_ups[0].session as usize], "c");
        // As JSON, bars and follow-ups name their sessions by id, and the places stay inside.
        let json = serde_json::to_value(&i).expect("json");
        assert_eq!(json["stages"][1]["label"], "IT Production");
        assert_eq!(json["stages"][1]["sessions"], serde_json::json!(["a"]));
        assert_eq!(
            json["obstacles"][0]["raised"]["sessions"],
            serde_json::json!(["a", "b"])
        );
        assert_eq!(json["obstacles"][0]["tactics"][0]["used"]["count"], 2);
        assert_eq!(json["follow_ups"][0]["session"], "c");
        assert!(json.get("ids").is_none(), "{json}");
    }

    #[test]
    fn answers_hidden_by_skip_logic_are_not_counted() {
        let guide = builtin().expect("guide");
        let picks: [(&str, &[&str]); 2] =
            [("start.production", &["no"]), ("workloads.it", &["web"])];
        let i = insights_of(&guide, &[session(&guide, "a", &picks)]);
        let workloads = i
            .highlights
            .iter()
            .find(|h| h.id == "workloads")
            .expect("workloads");
        assert!(workloads.bars.is_empty(), "{:?}", workloads.bars);
    }
}
