//! One filter for the whole archive: the session browser, `journey list`, `journey export` and
//! `journey report` choose their sessions with the same [`Filter`], with one meaning.

use chrono::NaiveDate;

use super::{Summaries, Summary};
use crate::guide::Guide;
use crate::session::{search_text, Session, Status, Store, StoreError};
use crate::text::fold;
use crate::transcript::search_words;

/// Which sessions to take. A part left empty takes every session; the parts given must all hold:
///
/// - `stage`: the stage the session is nearest, as the guide assesses it; `Some(None)` takes the
///   sessions with no stage evidence yet.
/// - `status`: in progress or complete.
/// - `interviewer`, `customer`: any part of the name, in any case, with or without accents
///   ("sam" finds "Sam Lee", "societe" finds "Société Générale"); an empty name takes the
///   sessions where none was recorded. A customer's id also takes the interviews merged into
///   it under another name.
/// - `since`, `until`: the day the interview started (in its own time zone), both included.
/// - `text`: every word of it is found, in any case and with or without accents, inside the
///   session's names, notes, quotes or answers ("stor" finds "Storage").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub stage: Option<Option<String>>,
    pub status: Option<Status>,
    pub interviewer: Option<String>,
    pub customer: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub text: String,
}

/// Whether `name` holds `wanted` as the filter means it: a part of it, folded; an empty
/// `wanted` only an empty name.
fn name_matches(name: &str, wanted: &str) -> bool {
    let wanted = fold(wanted.trim());
    if wanted.is_empty() {
        name.trim().is_empty()
    } else {
        fold(name).contains(&wanted)
    }
}

impl Filter {
    /// Takes every session.
    pub fn is_empty(&self) -> bool {
        self.terms().is_empty() && self.without_text() == Filter::default()
    }

    /// The filter without its text: what a session's summary alone decides.
    fn without_text(&self) -> Filter {
        Filter {
            text: String::new(),
            ..self.clone()
        }
    }

    /// The words of the text, folded: each must be found in a session's text.
    pub fn terms(&self) -> Vec<String> {
        fold(&self.text)
            .split_whitespace()
            .map(String::from)
            .collect()
    }

    /// Whether a session with this summary passes every part of the filter but the text (the
    /// browser searches the text with its own index, for the same answer).
    pub fn keeps_summary(&self, s: &Summary) -> bool {
        self.keeps_stage(s.stage.as_deref())
            && self.keeps_facts(
                s.status(),
                &s.interviewer,
                (&s.customer, &s.customer_id),
                &s.started,
            )
    }

    /// Whether a session, as its file has it, passes the whole filter (`summary` is its own);
    /// its words are searched for in its transcripts too (kept in `store`).
    pub fn keeps(
        &self,
        store: &Store,
        guide: &Guide,
        session: &Session,
        summary: &Summary,
    ) -> bool {
        self.keeps_stage(summary.stage.as_deref()) && self.keeps_unstaged(store, guide, session)
    }

    /// Whether a session, as its file has it, passes every part of the filter but the stage:
    /// for a caller that assesses the session anyway (the report), to ask
    /// [`Filter::keeps_stage`] then.
    pub fn keeps_unstaged(&self, store: &Store, guide: &Guide, session: &Session) -> bool {
        let m = &session.meta;
        let customer = (m.customer.as_str(), m.customer_key());
        let customer = (customer.0, customer.1.as_str());
        if !self.keeps_facts(session.status(), &m.interviewer, customer, &m.started) {
            return false;
        }
        let terms = self.terms();
        if terms.is_empty() {
            return true;
        }
        // As the browser searches: the transcripts' words too (a file more only for a session
        // that has transcripts).
        let text = search_text(guide, session) + "\n" + &search_words(store, session);
        terms.iter().all(|t| text.contains(t.as_str()))
    }

    /// Whether a session nearest `stage` (as the guide assesses it) passes the stage part.
    pub fn keeps_stage(&self, stage: Option<&str>) -> bool {
        self.stage
            .as_ref()
            .is_none_or(|want| want.as_deref() == stage)
    }

    fn keeps_facts(
        &self,
        status: Status,
        interviewer: &str,
        (customer, customer_id): (&str, &str),
        started: &crate::session::Timestamp,
    ) -> bool {
        let day = started.date_naive();
        self.status.is_none_or(|want| status == want)
            && self
                .interviewer
                .as_ref()
                .is_none_or(|want| name_matches(interviewer, want))
            && self
                .customer
                .as_ref()
                // By name, or by the customer's id: interviews merged into a customer under
                // another name (`customers merge`) are its interviews too.
                .is_none_or(|want| {
                    name_matches(customer, want) || crate::text::slug(want) == customer_id
                })
            && self.since.is_none_or(|d| day >= d)
            && self.until.is_none_or(|d| day <= d)
    }

    /// The filter in words, for a report's heading ("stage IT Production", "complete",
    /// "interviewer sam", "since 2026-01-01", …); nothing when it takes every session.
    pub fn describe(&self, guide: &Guide) -> Vec<String> {
        let mut words = Vec::new();
        match &self.stage {
            Some(Some(id)) => words.push(format!("stage {}", crate::assess::stage_name(guide, id))),
            Some(None) => words.push("no stage evidence yet".to_string()),
            None => {}
        }
        if let Some(status) = self.status {
            words.push(status.label().to_string());
        }
        for (what, name) in [
            ("interviewer", &self.interviewer),
            ("customer", &self.customer),
        ] {
            match name.as_deref().map(str::trim) {
                Some("") => words.push(format!("no {what}")),
                Some(name) => words.push(format!("{what} {name}")),
                None => {}
            }
        }
        if let Some(d) = self.since {
            words.push(format!("since {d}"));
        }
        if let Some(d) = self.until {
            words.push(format!("until {d}"));
        }
        let terms = self.terms();
        if !terms.is_empty() {
            words.push(format!("mentioning {}", terms.join(" ")));
        }
        words
    }
}

/// Sessions read and checked against a filter at once: enough to keep every core busy, few
/// enough that their files are not all in memory.
const BATCH: usize = 1024;

impl Store {
    /// The sessions `filter` keeps, most recently started first (by id between equals), and the
    /// files that could not be read. See [`Store::select_each`].
    pub fn select(&self, guide: &Guide, filter: &Filter) -> Result<Summaries, StoreError> {
        let mut sessions = Vec::new();
        let problems = self.select_each(guide, filter, &mut |s| sessions.push(s))?;
        Ok(Summaries { sessions, problems })
    }

    /// Gives `keep` each session `filter` keeps, most recently started first (by id between
    /// equals), one at a time (an archive of any size streams through); returns the files
    /// that could not be read. With an empty filter the sessions come from the checked summary
    /// index; otherwise every part is decided from the session files themselves (read on all
    /// cores): a stale or forged index line never selects a session.
    pub fn select_each(
        &self,
        guide: &Guide,
        filter: &Filter,
        keep: &mut dyn FnMut(Summary),
    ) -> Result<Vec<StoreError>, StoreError> {
        let mut scan = self.scan(guide)?;
        let mut problems = std::mem::take(&mut scan.problems);
        if filter.is_empty() {
            scan.summaries(guide).for_each(keep);
            return Ok(problems);
        }
        let mut batch = Vec::with_capacity(BATCH);
        let mut summaries = scan.summaries(guide).peekable();
        while summaries.peek().is_some() {
            batch.clear();
            batch.extend(summaries.by_ref().take(BATCH).map(|s| s.id));
            for result in crate::par::map(&batch, |id| self.check(guide, filter, id)) {
                match result {
                    Ok(Some(summary)) => keep(summary),
                    Ok(None) | Err(StoreError::NotFound(_)) => {}
                    Err(e) => problems.push(e),
                }
            }
        }
        Ok(problems)
    }

    /// A session's summary from its file, if the filter keeps it.
    fn check(
        &self,
        guide: &Guide,
        filter: &Filter,
        id: &str,
    ) -> Result<Option<Summary>, StoreError> {
        let session = self.load(id)?;
        let summary = Summary::of(guide, &session);
        Ok(filter
            .keeps(self, guide, &session, &summary)
            .then_some(summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_by_any_part_in_any_case_with_or_without_accents() {
        assert!(name_matches("Inès Duarte", "ines"));
        assert!(name_matches("Ines Duarte", "INÈS"));
        assert!(name_matches("Société Générale", "société gén"));
        assert!(name_matches("Sam Lee", " lee "));
        assert!(!name_matches("Sam Lee", "sam leeds"));
        // An empty name asked for: the sessions where none was recorded, not every session.
        assert!(name_matches("", ""));
        assert!(name_matches("  ", " "));
        assert!(!name_matches("Sam Lee", ""));
    }

    #[test]
    fn the_text_is_words_folded_and_an_empty_filter_takes_everything() {
        let filter = Filter {
            text: "  Straße   VMOTION ".into(),
            ..Filter::default()
        };
        assert_eq!(filter.terms(), ["strasse", "vmotion"]);
        assert!(!filter.is_empty());
        assert!(Filter {
            text: "   ".into(),
            ..Filter::default()
        }
        .is_empty());
        assert!(!Filter {
            interviewer: Some(String::new()),
            ..Filter::default()
        }
        .is_empty());
    }

    #[test]
    fn the_filter_says_what_it_keeps() {
        let guide = crate::guide::builtin().expect("guide");
        let stage = guide.stages[1].id.clone();
        let filter = Filter {
            stage: Some(Some(stage.clone())),
            status: Some(Status::Complete),
            interviewer: Some(String::new()),
            customer: Some("Acme".into()),
            since: NaiveDate::from_ymd_opt(2026, 1, 1),
            until: None,
            text: "storage SAN".into(),
        };
        assert_eq!(
            filter.describe(&guide),
            [
                format!("stage {}", crate::assess::stage_name(&guide, &stage)),
                "complete".to_string(),
                "no interviewer".to_string(),
                "customer Acme".to_string(),
                "since 2026-01-01".to_string(),
                "mentioning storage san".to_string(),
            ]
        );
        assert!(Filter::default().describe(&guide).is_empty());
    }
}
