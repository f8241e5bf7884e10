//! Stable aliases for people and organisations (C1, P1, I1), applied everywhere in an export:
//! metadata, ids, notes, quotes and typed answers.

use std::collections::BTreeMap;

use regex::Regex;

use crate::session::{Session, Value};

/// Words that end an organisation's name without being part of it ("Acme" in "Acme Corp",
/// "Acme Holdings"): dropped to find the short form people say.
const SUFFIXES: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "s.a",
    "co",
    "company",
    "group",
    "bv",
    "nv",
    "srl",
    "spa",
    "holdings",
    "holding",
    "international",
    "industries",
    "technologies",
    "systems",
    "solutions",
    "partners",
    "services",
    "&",
    "ab",
    "as",
    "asa",
    "oy",
    "oyj",
    "kg",
    "ohg",
    "sarl",
    "sas",
    "pty",
    "lp",
    "llp",
    "kk",
    "se",
];

/// First words too common to stand for an organisation on their own.
const NOT_A_SHORT_FORM: &[&str] = &[
    "the", "first", "general", "national", "united", "new", "global", "american", "bank", "banque",
    "royal", "state", "city", "central",
];

#[derive(Default)]
struct Aliases {
    /// Normalised name → alias, per prefix.
    known: BTreeMap<(char, String), String>,
    counts: BTreeMap<char, usize>,
    /// Every spelling to replace in free text (folded), with its alias.
    variants: Vec<(String, String)>,
}

/// A name or a text the way names are compared: lower case, accents and ligatures folded
/// ("Société" → "societe"), spaces collapsed.
fn normalise(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold_char(c: char) -> String {
    match deunicode::deunicode_char(c) {
        Some(s) if !s.is_empty() => s.to_lowercase(),
        _ => c.to_lowercase().collect(),
    }
}

fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The spellings of an organisation's name people write: the name, without what is in
/// brackets, without legal suffixes or trailing punctuation, and its first word when that is
/// distinctive.
fn organisation_variants(name: &str) -> Vec<String> {
    let mut out = vec![name.trim().to_string()];
    let unbracketed = match name.find('(') {
        Some(at) => name[..at].trim().to_string(),
        None => name.trim().to_string(),
    };
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
            .to_string()
    };
    let mut words: Vec<String> = unbracketed
        .split_whitespace()
        .map(clean)
        .filter(|w| !w.is_empty())
        .collect();
    out.push(words.join(" "));
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| SUFFIXES.contains(&normalise(w).trim_end_matches('.')))
    {
        words.pop();
        out.push(words.join(" "));
    }
    if let Some(first) = words.first() {
        let folded = normalise(first);
        if words.len() > 1
            && first.chars().count() >= 4
            && !NOT_A_SHORT_FORM.contains(&folded.as_str())
        {
            out.push(first.clone());
        }
    }
    out
}

/// The spellings of a person's name: the whole name and each part of it (hyphenated first names
/// too), two letters or more.
fn person_variants(name: &str) -> Vec<String> {
    let mut out = vec![name.trim().to_string()];
    for word in name.split_whitespace() {
        out.push(
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_string(),
        );
        out.extend(
            word.split('-')
                .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()).to_string()),
        );
    }
    out.retain(|v| v.chars().filter(|c| c.is_alphanumeric()).count() >= 2);
    out
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
        self.known.insert((prefix, key), alias.clone());
        let variants = if person {
            person_variants(name)
        } else {
            organisation_variants(name)
        };
        self.variants.extend(
            variants
                .into_iter()
                .map(|v| normalise(&v))
                .filter(|v| !v.is_empty())
                .map(|v| (v, alias.clone())),
        );
        alias
    }

    /// The spellings, longest first, each once (the first alias given to it wins).
    fn patterns(&self) -> Vec<(String, String)> {
        let mut variants: Vec<(String, String)> = Vec::new();
        for (v, alias) in &self.variants {
            if !variants.iter().any(|(seen, _)| seen == v) {
                variants.push((v.clone(), alias.clone()));
            }
        }
        variants.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        variants
    }
}

/// E-mail addresses, replaced whole: half an address still names someone.
fn email() -> &'static Regex {
    static EMAIL: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    EMAIL.get_or_init(|| {
        Regex::new(r"(?i)[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+")
            .expect("a valid pattern")
    })
}

/// Replaces every spelling of every name in `text` with its alias: compared without case or
/// accents, as whole words where the name begins or ends with a letter or digit (so "Yahoo!"
/// and "Globex (UK)" are found, and "Al" is not found in "Also").
fn scrub(text: &str, patterns: &[(String, String)]) -> String {
    let text = email().replace_all(text, "[e-mail]");
    // The folded text, and for each of its bytes the original char it comes from.
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let f = fold_char(c);
        for _ in 0..f.len() {
            origin.push((at, at + c.len_utf8()));
        }
        folded.push_str(&f);
    }
    let starts_char =
        |i: usize| i == 0 || origin.get(i).map(|o| o.0) != origin.get(i - 1).map(|o| o.0);
    let alnum_at = |i: usize| {
        folded[i..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    };
    let alnum_before = |i: usize| {
        folded[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    };
    let mut claimed: Vec<(usize, usize, &str)> = Vec::new();
    for (name, alias) in patterns {
        let edge_start = name.chars().next().is_some_and(char::is_alphanumeric);
        let edge_end = name.chars().next_back().is_some_and(char::is_alphanumeric);
        for (i, _) in folded.match_indices(name.as_str()) {
            let end = i + name.len();
            let whole = starts_char(i)
                && (end == folded.len() || starts_char(end))
                && !(edge_start && alnum_before(i))
                && !(edge_end && end < folded.len() && alnum_at(end));
            if !whole {
                continue;
            }
            let (from, to) = (origin[i].0, origin[end - 1].1);
            if claimed.iter().any(|(a, b, _)| from < *b && *a < to) {
                continue;
            }
            claimed.push((from, to, alias));
        }
    }
    claimed.sort_by_key(|c| c.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (from, to, alias) in claimed {
        out.push_str(&text[at..from]);
        out.push_str(alias);
        at = to;
    }
    out.push_str(&text[at..]);
    out
}

/// Aliases for every name in a set of sessions, numbered in the order the sessions come.
pub struct Anonymizer {
    aliases: Aliases,
    patterns: Vec<(String, String)>,
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

    /// The alias of a name; a name the anonymiser was not given never passes through.
    fn known(&self, prefix: char, name: &str) -> String {
        let key = normalise(name);
        if key.is_empty() {
            return String::new();
        }
        self.aliases
            .known
            .get(&(prefix, key))
            .cloned()
            .unwrap_or_else(|| format!("{prefix}?"))
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
        // A metadata conflict holds other spellings of the names, which no alias covers; a
        // conflicted copy names its original by an id that carries the customer's slug.
        s.conflicts
            .retain(|c| !c.question.starts_with(crate::session::META_PREFIX));
        if let Some(original) = &mut s.conflicted_copy_of {
            let suffix = original.rsplit('-').next().unwrap_or("0000").to_string();
            *original = format!("{date}-{}-{suffix}", s.meta.customer.to_lowercase());
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
    fn metadata_conflicts_and_a_copys_original_leave_no_name() {
        let mut a = session("2026-11-25-acme-corp-k3f9", "Acme Corp", "Dana Reyes", "");
        let mut other = a.meta.clone();
        other.participant = "Dana Reyes-ONeil".into();
        let (_, found) = crate::session::merge_meta(
            None,
            crate::session::Side {
                meta: &a.meta,
                by: "Sam Lee",
            },
            crate::session::Side {
                meta: &other,
                by: "Sam Lee",
            },
        );
        a.conflicts = found;
        let mut copy = a.clone();
        copy.id = "2026-11-25-acme-corp-k3f9-copy-0a1b2c3d".into();
        copy.conflicted_copy_of = Some(a.id.clone());
        let mut s = vec![a, copy];
        anonymize(&mut s);
        let json = serde_json::to_string(&s).expect("json");
        for name in ["Dana", "ONeil", "Sam Lee", "acme", "Acme"] {
            assert!(!json.contains(name), "{name} in {json}");
        }
        assert_eq!(s[1].conflicted_copy_of.as_deref(), Some(s[0].id.as_str()));
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

    /// Names built to slip through: each row is (customer, participant, a note, what the note
    /// must become).
    #[test]
    fn names_built_to_slip_through_are_caught() {
        let table = [
            (
                "Yahoo!",
                "Ann Wu",
                "We met Yahoo! in May; yahoo runs it.",
                "We met C1 in May; C1 runs it.",
            ),
            (
                "Globex (UK)",
                "Ann Wu",
                "Globex (UK) and Globex agreed.",
                "C1 and C1 agreed.",
            ),
            (
                "Acme Holdings",
                "Ann Wu",
                "Acme said so, as did ACME HOLDINGS.",
                "C1 said so, as did C1.",
            ),
            (
                "Société Générale",
                "Ann Wu",
                "Societe Generale and société générale.",
                "C1 and C1.",
            ),
            (
                "Initech",
                "Bob O'Neil",
                "Write to bob.oneil@initech.com today.",
                "Write to [e-mail] today.",
            ),
            (
                "Initech",
                "Jean-Luc Picard",
                "Jean said no; Luc said yes; Picard left.",
                "P1 said no; P1 said yes; P1 left.",
            ),
            (
                "Åre Kraft AB",
                "Zoë Ærø",
                "zoe aero phoned from are kraft.",
                "P1 phoned from C1.",
            ),
        ];
        for (customer, participant, note, expected) in table {
            let mut s = vec![session("2026-11-25-x-0000", customer, participant, "")];
            s[0].answer_mut("q").notes = note.into();
            anonymize(&mut s);
            assert_eq!(
                s[0].answer("q").map(|a| a.notes.as_str()),
                Some(expected),
                "{customer} / {participant}"
            );
        }
    }

    #[test]
    fn a_name_the_anonymiser_was_not_given_gets_no_pass() {
        let anonymizer = Anonymizer::new([("Acme", "Ann Wu", "Sam Lee")]);
        let mut s = session("2026-11-25-globex-0000", "Globex", "Bo Li", "Sam Lee");
        anonymizer.apply(&mut s);
        assert_eq!(
            (s.meta.customer.as_str(), s.meta.participant.as_str()),
            ("C?", "P?")
        );
        assert_eq!(s.meta.interviewer, "I1");
    }
}
