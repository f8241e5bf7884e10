//! Interview sessions: metadata, answers, notes and overrides, and the JSON store they live in.

mod aliases;
mod coding;
mod conflict;
pub mod deletions;
mod display;
mod edit;
mod id;
pub mod identity;
mod keys;
mod lock;
mod merge;
mod meta_merge;
mod open;
mod picked;
mod placements;
mod recording;
mod relevant;
mod saver;
mod search;
mod store;
mod transcript_files;
mod trash;
mod walk;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Local};
use serde::{Deserialize, Serialize};

use crate::guide::{AnswerSource, Guide, ObstacleStatus};
use keys::unique_keys;

pub use aliases::{add as add_alias, NameAliases};
pub use coding::TextCoded;
pub use conflict::{Conflict, ConflictOn, ConflictVersion, Resolved};
pub use display::{answer_str, answer_text, format_number, item_label, picked_labels};
pub use edit::parse_number;
pub use id::new_id;
pub use lock::SessionLock;
pub use merge::{fold_conflicts, merge, merge_as, MergeReport};
pub use meta_merge::{conflict_label, merge_meta, Side, META_FIELDS, META_PREFIX};
pub use open::{OpenSession, Undo};
pub use picked::Picked;
pub use placements::{merge_placements, Placement, Sure};
pub use recording::{merge_attached, merge_timeline, Attached, Visit};
pub use saver::Saver;
pub use search::{push_code_names, search_text};
pub(crate) use store::choose_id;
pub(crate) use store::{create_private_dir, write_atomic};
pub use store::{
    parse_session, parse_session_anywhere, read_session_file, FaultHook, FileStamp, Listing,
    SaveStep, Store, StoreError, MAX_FILE_BYTES,
};
pub use transcript_files::{is_transcript_of, names_of as transcript_names, TRANSCRIPTS};
pub use trash::TrashContents;

/// The session file format this build writes, and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

pub type Timestamp = DateTime<FixedOffset>;

/// The current local time with its UTC offset.
pub fn now() -> Timestamp {
    Local::now().fixed_offset()
}

/// Interview time as a clock: "12:34" under an hour, "1:56:33" from an hour on.
pub fn clock(seconds: u64) -> String {
    if seconds >= 3600 {
        format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    } else {
        format!("{:02}:{:02}", seconds / 60, seconds % 60)
    }
}

/// One interview with one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub schema_version: u32,
    pub id: String,
    pub guide: GuideRef,
    pub meta: Meta,
    /// The question the interview stands at, to resume there.
    #[serde(default)]
    pub current: Option<String>,
    /// Interview time spent in journey, in seconds (the clock behind `[mm:ss]` stamps).
    #[serde(default)]
    pub elapsed_seconds: u64,
    /// Answers keyed by question id; a file that names a question twice is refused.
    #[serde(default, deserialize_with = "unique_keys")]
    pub answers: BTreeMap<String, Answer>,
    /// Obstacle statuses set by hand, keyed by obstacle id; they beat derived ones.
    #[serde(default)]
    pub obstacle_overrides: BTreeMap<String, ObstacleStatus>,
    /// Answers two copies of the session (two researchers) changed to different values: both
    /// versions, who and when, until a researcher picks one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Conflicts a researcher settled: the version kept and the others, so none is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<Resolved>,
    /// The id of the session this one is a conflicted copy of: a merge of two copies too large
    /// for one file keeps one in the file and the other as this session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflicted_copy_of: Option<String>,
    /// Which question was on screen when, on the interview's clock: one entry per visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<Visit>,
    /// The transcripts of the interview's recording, kept in `<data>/transcripts/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transcripts: Vec<Attached>,
    /// The researchers' own placements of the customer, every one in the order made; the
    /// latest per researcher counts (`Session::latest_placements`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placements: Vec<Placement>,
}

/// The guide a session was conducted with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The customer organisation, as shown.
    pub customer: String,
    /// The customer's stable id across interviews: a slug of the first name used, kept when
    /// the display name is corrected (see `customer_key`); empty in files written before it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_id: String,
    #[serde(default)]
    pub participant: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub interviewer: String,
    /// Whether the participant's consent to the interview (and any recording) was noted.
    #[serde(default)]
    pub consent: bool,
    pub started: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub finished: Option<Timestamp>,
    /// Other names of the customer and the participant, hidden by `--anonymize` too.
    #[serde(default, skip_serializing_if = "NameAliases::is_empty")]
    pub aliases: NameAliases,
    /// The guide's language the interview is held in (a code of the guide's `translations`);
    /// empty for the guide's own. Screens and exports show this session in it; ids never change.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lang: String,
}

/// Where a session stands as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InProgress,
    Complete,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::InProgress => "in progress",
            Status::Complete => "complete",
        }
    }
}

/// What happened to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerState {
    #[default]
    NotAsked,
    Answered,
    Skipped,
    NotApplicable,
}

impl AnswerState {
    pub fn label(self) -> &'static str {
        match self {
            AnswerState::NotAsked => "not asked",
            AnswerState::Answered => "answered",
            AnswerState::Skipped => "skipped",
            AnswerState::NotApplicable => "n/a",
        }
    }
}

/// The answer to one question, with the interviewer's notes around it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Answer {
    #[serde(default)]
    pub state: AnswerState,
    /// The value given; kept when the question is later skipped, so nothing typed is lost.
    #[serde(default)]
    pub value: Option<Value>,
    #[serde(default)]
    pub notes: String,
    /// Verbatim quotes from the participant.
    #[serde(default)]
    pub quotes: Vec<String>,
    #[serde(default)]
    pub follow_up: bool,
    /// Time spent on this question, in seconds, over every visit.
    #[serde(default)]
    pub seconds_spent: u64,
    /// Codes applied to a quote or a line of the notes: the text coded and the code ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coded: Vec<Coded>,
    /// Where quotes taken from the recording's transcript were said: one entry per such quote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub said: Vec<Said>,
}

/// A quote taken from a transcript line: who said it and when, on the interview's clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Said {
    /// The quote's text, as it stands in `quotes`.
    pub quote: String,
    /// Seconds since the interview started (the line's start, offset applied).
    pub at: f64,
    /// The speaker as the transcript names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// A quote or a line of notes with the codes applied to it (by one researcher, when known:
/// two researchers coding the same text keep an entry each).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coded {
    pub text: String,
    pub codes: Vec<String>,
    /// The researcher who applied the codes, by the name journey knows them by; `None` in
    /// files from before codes recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

impl Answer {
    /// The value, when the question counts as answered.
    pub fn answered_value(&self) -> Option<&Value> {
        match self.state {
            AnswerState::Answered => self.value.as_ref(),
            _ => None,
        }
    }

    /// Where a quote was said, when it came from a transcript line.
    pub fn said_of(&self, quote: &str) -> Option<&Said> {
        self.said.iter().find(|s| s.quote == quote)
    }

    /// Nothing was recorded for the question at all.
    pub fn is_blank(&self) -> bool {
        self.state == AnswerState::NotAsked
            && self.value.is_none()
            && self.notes.is_empty()
            && self.quotes.is_empty()
            && !self.follow_up
    }
}

/// An answer's value, by question kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// Single or multiple choice: the option ids picked, and the text of an "other" option.
    Choice {
        selected: Vec<String>,
        #[serde(default)]
        other: Option<String>,
    },
    /// A number, a percentage or a scale point.
    Number(f64),
    Text(String),
}

impl Meta {
    /// A customer's interview starting now, with nobody else named yet.
    pub fn new(customer: impl Into<String>) -> Meta {
        let t = now();
        let customer: String = customer.into();
        Meta {
            customer_id: crate::text::slug(&customer),
            customer,
            participant: String::new(),
            role: String::new(),
            interviewer: String::new(),
            consent: false,
            started: t,
            updated: t,
            finished: None,
            aliases: NameAliases::default(),
            lang: String::new(),
        }
    }
}

impl Meta {
    /// The customer's id: the one recorded, else (files written before there was one) the slug
    /// of the customer's name.
    pub fn customer_key(&self) -> String {
        if self.customer_id.is_empty() {
            crate::text::slug(&self.customer)
        } else {
            self.customer_id.clone()
        }
    }
}

impl Session {
    /// A new, empty session for the guide; the store gives it its id.
    pub fn new(guide: &Guide, meta: Meta) -> Session {
        Session {
            schema_version: SCHEMA_VERSION,
            id: String::new(),
            guide: GuideRef {
                id: guide.id.clone(),
                version: guide.version.clone(),
            },
            meta,
            current: None,
            elapsed_seconds: 0,
            answers: BTreeMap::new(),
            obstacle_overrides: BTreeMap::new(),
            conflicts: Vec::new(),
            resolved: Vec::new(),
            conflicted_copy_of: None,
            timeline: Vec::new(),
            transcripts: Vec::new(),
            placements: Vec::new(),
        }
    }

    pub fn status(&self) -> Status {
        if self.meta.finished.is_some() {
            Status::Complete
        } else {
            Status::InProgress
        }
    }

    pub fn answer(&self, question: &str) -> Option<&Answer> {
        self.answers.get(question)
    }

    /// The answer to a question, created blank if missing.
    pub fn answer_mut(&mut self, question: &str) -> &mut Answer {
        self.answers.entry(question.to_string()).or_default()
    }

    /// Drops answers that hold nothing, so files only list what happened.
    pub fn prune_blank_answers(&mut self) {
        self.answers.retain(|_, a| !a.is_blank());
    }

    /// The answers recorded in each section, in guide order; sections with none are left out.
    pub fn recorded<'g, 's>(
        &'s self,
        guide: &'g Guide,
    ) -> Vec<(
        &'g crate::guide::Section,
        Vec<(&'g crate::guide::Question, &'s Answer)>,
    )> {
        guide
            .sections
            .iter()
            .map(|section| {
                let answers = section
                    .questions
                    .iter()
                    .filter_map(|q| Some((q, self.answer(&q.id)?)))
                    .collect();
                (section, answers)
            })
            .filter(|(_, answers): &(_, Vec<_>)| !answers.is_empty())
            .collect()
    }

    /// Every verbatim quote with the question it was said on, in guide order.
    pub fn quotes<'g, 's>(
        &'s self,
        guide: &'g Guide,
    ) -> Vec<(&'s str, &'g crate::guide::Question)> {
        guide
            .questions()
            .filter_map(|(_, q)| Some((q, self.answer(&q.id)?)))
            .flat_map(|(q, a)| a.quotes.iter().map(move |quote| (quote.as_str(), q)))
            .collect()
    }

    /// Answers flagged for a follow-up, in guide order.
    pub fn follow_ups<'g>(&self, guide: &'g Guide) -> Vec<&'g str> {
        guide
            .questions()
            .filter(|(_, q)| self.answer(&q.id).is_some_and(|a| a.follow_up))
            .map(|(_, q)| q.id.as_str())
            .collect()
    }
}

impl AnswerSource for Session {
    fn selected(&self, question: &str) -> Option<&[String]> {
        match self.answer(question)?.answered_value()? {
            Value::Choice { selected, .. } => Some(selected),
            _ => None,
        }
    }

    fn number(&self, question: &str) -> Option<f64> {
        match self.answer(question)?.answered_value()? {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn is_answered(&self, question: &str) -> bool {
        self.answer(question)
            .is_some_and(|a| a.answered_value().is_some())
    }

    fn is_dealt_with(&self, question: &str) -> bool {
        self.answer(question)
            .is_some_and(|a| a.state != AnswerState::NotAsked)
    }
}
