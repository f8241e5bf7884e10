//! Stable aliases for people and organisations (C1, P1, I1), applied everywhere in an export:
//! metadata, ids, notes, quotes and typed answers.

use std::collections::BTreeMap;

use regex::{NoExpand, Regex, RegexBuilder};

use crate::session::{Session, Value};

/// Legal suffixes dropped to find the short form of an organisation's name ("Acme" in "Acme Corp").
const SUFFIXES: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "ltd",
    "ltd.",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "s.a.",
    "co",
    "co.",
    "company",
    "group",
    "bv",
    "nv",
    "srl",
    "spa",
];

#[derive(Default)]
struct Aliases {
    /// Normalised name → alias, per prefix.
    known: BTreeMap<(char, String), String>,
    counts: BTreeMap<char, usize>,
    /// Every spelling to replace in free text, with its alias.
    variants: Vec<(String, String)>,
}

fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Aliases {
    fn alias(&mut self, prefix: char, name: &str, person: bool) -> String {
        let key = normalise(name);
        if key.is_empty() {
            return String::new();
        }
        if let Some(alias) = self.known.get(&(prefix, key.clone())) {
            return alias.clone();
        }
        let n = self.counts.entry(prefix).or_insert(0);
        *n += 1;
        let alias = format!("{prefix}{n}");
        self.known.insert((prefix, key.clone()), alias.clone());
        let mut variants = vec![name.trim().to_string()];
        let words: Vec<&str> = name.split_whitespace().collect();
        if person {
            variants.extend(
                words
                    .iter()
                    .filter(|w| w.chars().count() >= 2)
                    .map(|w| w.to_string()),
            );
        } else {
            let mut short = words.clone();
            while short.len() > 1
                && short
                    .last()
                    .is_some_and(|w| SUFFIXES.contains(&w.to_lowercase().trim_end_matches(',')))
            {
                short.pop();
            }
            if short.len() < words.len() {
                variants.push(short.join(" ").trim_end_matches(',').to_string());
            }
        }
        self.variants
            .extend(variants.into_iter().map(|v| (v, alias.clone())));
        alias
    }

    /// One case-insensitive, whole-word pattern per spelling, longest first.
    fn patterns(&self) -> Vec<(Regex, String)> {
        let mut variants = self.variants.clone();
        variants.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then_with(|| a.0.cmp(&b.0))
        });
        variants.dedup_by(|a, b| a.0.to_lowercase() == b.0.to_lowercase());
        variants
            .into_iter()
            .filter_map(|(name, alias)| {
                let pattern = format!(r"(?:^|\b){}(?:\b|$)", regex::escape(&name));
                RegexBuilder::new(&pattern)
                    .case_insensitive(true)
                    .build()
                    .ok()
                    .map(|r| (r, alias))
            })
            .collect()
    }
}

fn scrub(text: &str, patterns: &[(Regex, String)]) -> String {
    let mut out = text.to_string();
    for (re, alias) in patterns {
        if re.is_match(&out) {
            out = re.replace_all(&out, NoExpand(alias)).into_owned();
        }
    }
    out
}

/// Aliases for every name in a set of sessions, numbered in the order the sessions come.
pub struct Anonymizer {
    aliases: Aliases,
    patterns: Vec<(Regex, String)>,
}

impl Anonymizer {
    /// From (customer, participant, interviewer) of each session, in export order.
    pub fn new<'a>(names: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Anonymizer {
        let mut aliases = Aliases::default();
        for (customer, participant, interviewer) in names {
            aliases.alias('C', customer, false);
            aliases.alias('P', participant, true);
            aliases.alias('I', interviewer, true);
        }
        let patterns = aliases.patterns();
        Anonymizer { aliases, patterns }
    }

    fn known(&self, prefix: char, name: &str) -> String {
        let key = normalise(name);
        self.aliases
            .known
            .get(&(prefix, key))
            .cloned()
            .unwrap_or_else(|| scrub(name, &self.patterns))
    }

    /// Replaces every name in one session with its alias.
    pub fn apply(&self, s: &mut Session) {
        let customer = self.known('C', &s.meta.customer);
        // The id carries the customer's slug: keep its date and random suffix only.
        let date = s.meta.started.format("%Y-%m-%d");
        let suffix = s.id.rsplit('-').next().unwrap_or("0000").to_string();
        s.id = format!("{date}-{}-{suffix}", customer.to_lowercase());
        s.meta.participant = self.known('P', &s.meta.participant);
        s.meta.interviewer = self.known('I', &s.meta.interviewer);
        s.meta.customer = customer;
        s.meta.role = scrub(&s.meta.role, &self.patterns);
        for answer in s.answers.values_mut() {
            answer.notes = scrub(&answer.notes, &self.patterns);
            for quote in &mut answer.quotes {
                *quote = scrub(quote, &self.patterns);
            }
            match &mut answer.value {
                Some(Value::Text(t)) => *t = scrub(t, &self.patterns),
                Some(Value::Choice { other: Some(o), .. }) => *o = scrub(o, &self.patterns),
                _ => {}
            }
        }
    }
}

/// Replaces every customer, participant and interviewer name with its alias, in place. Sessions
/// are taken in the order given, so aliases are numbered in that order.
pub fn anonymize(sessions: &mut [Session]) {
    let anonymizer = Anonymizer::new(sessions.iter().map(|s| {
        (
            s.meta.customer.as_str(),
            s.meta.participant.as_str(),
            s.meta.interviewer.as_str(),
        )
    }));
    for s in sessions {
        anonymizer.apply(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::builtin;
    use crate::session::{AnswerState, Meta};

    fn session(id: &str, customer: &str, participant: &str, interviewer: &str) -> Session {
        let guide = builtin().expect("guide");
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").expect("time");
        let mut s = Session::new(
            &guide,
            Meta {
                customer: customer.into(),
                participant: participant.into(),
                role: "CIO".into(),
                interviewer: interviewer.into(),
                consent: true,
                started: t,
                updated: t,
                finished: None,
            },
        );
        s.id = id.into();
        s
    }

    #[test]
    fn names_become_stable_aliases_everywhere() {
        let mut a = session(
            "2026-11-25-acme-corp-k3f9",
            "Acme Corp",
            "Dana Reyes",
            "Sam Lee",
        );
        a.answer_mut("q").notes =
            "Dana said ACME's storage was a mess; Reyes agreed. Sam Lee asked why.".into();
        a.answer_mut("q")
            .quotes
            .push("At Acme Corp we never looked back".into());
        let t = a.answer_mut("t");
        t.state = AnswerState::Answered;
        t.value = Some(Value::Text("acme corp and Dana".into()));
        let b = session("2026-11-26-globex-ab12", "Globex", "Ana", "Sam Lee");
        let mut sessions = vec![a, b];
        anonymize(&mut sessions);
        let (a, b) = (&sessions[0], &sessions[1]);
        assert_eq!(
            (
                a.meta.customer.as_str(),
                a.meta.participant.as_str(),
                a.meta.interviewer.as_str()
            ),
            ("C1", "P1", "I1")
        );
        assert_eq!(
            (
                b.meta.customer.as_str(),
                b.meta.participant.as_str(),
                b.meta.interviewer.as_str()
            ),
            ("C2", "P2", "I1")
        );
        assert_eq!(a.id, "2026-11-25-c1-k3f9");
        let q = a.answer("q").expect("q");
        assert_eq!(
            q.notes,
            "P1 said C1's storage was a mess; P1 agreed. I1 asked why."
        );
        assert_eq!(q.quotes, ["At C1 we never looked back"]);
        assert_eq!(
            a.answer("t").and_then(|t| t.value.clone()),
            Some(Value::Text("C1 and P1".into()))
        );
    }

    #[test]
    fn parts_of_other_words_are_left_alone() {
        let mut s = vec![session("2026-11-25-al-0000", "Al", "Bo Li", "")];
        s[0].answer_mut("q").notes = "Also, Libby met Al and Bo.".into();
        anonymize(&mut s);
        assert_eq!(
            s[0].answer("q").map(|a| a.notes.as_str()),
            Some("Also, Libby met C1 and P1.")
        );
        assert_eq!(s[0].meta.interviewer, "");
    }
}
