//! The insights as JSON (`export --format json`): bars and follow-ups name their sessions by id,
//! as they hold them by place.

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use super::{Bar, FollowUp, HighlightInsight, Insights, ObstacleInsight, TacticInsight};

/// A part of the insights with the ids its places point into.
struct With<'a, T>(&'a T, &'a [String]);

/// Parts of the insights, each with the ids.
struct All<'a, T>(&'a [T], &'a [String]);

impl<'a, T> Serialize for All<'a, T>
where
    With<'a, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|part| With(part, self.1)))
    }
}

impl Serialize for Insights {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ids = &self.ids[..];
        let mut out = s.serialize_struct("Insights", 5)?;
        out.serialize_field("sessions", &self.sessions)?;
        out.serialize_field("stages", &All(&self.stages, ids))?;
        out.serialize_field("obstacles", &All(&self.obstacles, ids))?;
        out.serialize_field("highlights", &All(&self.highlights, ids))?;
        out.serialize_field("follow_ups", &All(&self.follow_ups, ids))?;
        out.end()
    }
}

/// The id at a place (none for a place out of the list, which a tally never makes).
fn id(ids: &[String], place: super::Place) -> Option<&str> {
    ids.get(place as usize).map(String::as_str)
}

impl Serialize for With<'_, Bar> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (bar, ids) = (self.0, self.1);
        let sessions: Vec<&str> = bar.sessions.iter().filter_map(|&p| id(ids, p)).collect();
        let mut out = s.serialize_struct("Bar", 3)?;
        out.serialize_field("label", &bar.label)?;
        out.serialize_field("count", &bar.count)?;
        out.serialize_field("sessions", &sessions)?;
        out.end()
    }
}

impl Serialize for With<'_, ObstacleInsight> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (o, ids) = (self.0, self.1);
        let mut out = s.serialize_struct("ObstacleInsight", 4)?;
        out.serialize_field("id", &o.id)?;
        out.serialize_field("raised", &With(&o.raised, ids))?;
        out.serialize_field("resolved", &With(&o.resolved, ids))?;
        out.serialize_field("tactics", &All(&o.tactics, ids))?;
        out.end()
    }
}

impl Serialize for With<'_, TacticInsight> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("TacticInsight", 2)?;
        out.serialize_field("used", &With(&self.0.used, self.1))?;
        out.serialize_field("resolved", &self.0.resolved)?;
        out.end()
    }
}

impl Serialize for With<'_, HighlightInsight> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.0;
        let mut out = s.serialize_struct("HighlightInsight", 3)?;
        out.serialize_field("id", &h.id)?;
        out.serialize_field("title", &h.title)?;
        out.serialize_field("bars", &All(&h.bars, self.1))?;
        out.end()
    }
}

impl Serialize for With<'_, FollowUp> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut out = s.serialize_struct("FollowUp", 4)?;
        out.serialize_field("session", &id(self.1, f.session))?;
        out.serialize_field("customer", &*f.customer)?;
        out.serialize_field("question", &*f.question)?;
        out.serialize_field("notes", &f.notes)?;
        out.end()
    }
}
