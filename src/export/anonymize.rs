//! Stable aliases for people and organisations (C1, P1, I1), applied everywhere in an export:
//! metadata, ids, notes, quotes and typed answers.

use std::collections::BTreeMap;

use super::scrub::{normalise, scrub};
use crate::session::{Meta, Session, Value};

mod speakers;

pub use speakers::anonymize_heard;

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
/// and names with an apostrophe too: "O'Neil" gives "Neil"), two letters or more.
fn person_variants(name: &str) -> Vec<String> {
    let mut out = vec![name.trim().to_string()];
    for word in name.split_whitespace() {
        out.push(
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_string(),
        );
        out.extend(
            word.split(|c: char| c == '-' || APOSTROPHES.contains(&c))
                .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()).to_string()),
        );
        // Each part of a hyphenated name with its apostrophe: "O'Neil-Smith" gives "O'Neil",
        // and so "ONeil" and "O Neil".
        out.extend(
            word.split('-')
                .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()).to_string()),
        );
    }
    out.retain(|v| v.chars().filter(|c| c.is_alphanumeric()).count() >= 2);
    out
}

/// What people type for an apostrophe, or leave out: "O'Neil", "O’Neil", "ONeil", "O Neil".
const APOSTROPHES: &[char] = &['\'', '’', '‘', 'ʼ', '`', '´'];

/// A spelling as written and as typed without its apostrophes ("ONeil", "O Neil").
fn without_apostrophes(variant: &str) -> [String; 3] {
    [
        variant.to_string(),
        variant.replace(APOSTROPHES, ""),
        variant.replace(APOSTROPHES, " "),
    ]
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
        self.spellings(name, &alias, person);
        alias
    }

    /// Hides every spelling of `name` behind `alias`.
    fn spellings(&mut self, name: &str, alias: &str, person: bool) {
        let variants = if person {
            person_variants(name)
        } else {
            organisation_variants(name)
        };
        self.variants.extend(
            variants
                .iter()
                .flat_map(|v| without_apostrophes(v))
                .map(|v| normalise(&v))
                .filter(|v| !v.is_empty())
                .map(|v| (v, alias.to_string())),
        );
    }

    /// Another name of someone named already (a nickname, a short form): hidden behind their
    /// alias, or behind one of its own when they have no name.
    fn other_name(&mut self, prefix: char, of: &str, name: &str, person: bool) {
        if normalise(name).is_empty() {
            return;
        }
        match self.alias(prefix, of, person) {
            alias if alias.is_empty() => {
                self.alias(prefix, name, person);
            }
            alias => self.spellings(name, &alias, person),
        }
    }

    /// The spellings, longest first, each once (the first alias given to it wins).
    fn patterns(&self) -> Vec<(String, String)> {
        let mut seen = std::collections::HashSet::new();
        let mut variants: Vec<(String, String)> = self
            .variants
            .iter()
            .filter(|(v, _)| seen.insert(v.as_str()))
            .cloned()
            .collect();
        variants.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        variants
    }
}

/// Aliases for every name in a set of sessions, numbered in the order the sessions come.
pub struct Anonymizer {
    aliases: Aliases,
    patterns: Vec<(String, String)>,
}

impl Anonymizer {
    /// From the metadata of each session (customer, participant, interviewer and the other
    /// names they go by), in export order.
    pub fn new<'a>(metas: impl IntoIterator<Item = &'a Meta>) -> Anonymizer {
        let mut aliases = Aliases::default();
        let metas: Vec<&Meta> = metas.into_iter().collect();
        for m in &metas {
            aliases.alias('C', &m.customer, false);
            aliases.alias('P', &m.participant, true);
            aliases.alias('I', &m.interviewer, true);
        }
        // Other names after every name: they never take an alias number of their own first.
        for m in &metas {
            for name in &m.aliases.customer {
                aliases.other_name('C', &m.customer, name, false);
            }
            for name in &m.aliases.participant {
                aliases.other_name('P', &m.participant, name, true);
            }
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

    /// `text` with every name replaced.
    fn scrub(&self, text: &str) -> String {
        scrub(text, &self.patterns).text
    }

    /// The alias of a name given whole: an interviewer, or a filter naming one.
    pub fn interviewer(&self, name: &str) -> String {
        self.known('I', name)
    }

    /// The alias of a customer's name given whole.
    pub fn customer(&self, name: &str) -> String {
        self.known('C', name)
    }

    /// Replaces every name in one session with its alias: metadata, id, notes, quotes, coded
    /// texts, typed answers, who said a quote, and both sides of a conflict.
    pub fn apply(&self, s: &mut Session) {
        // Who said a quote, by the roles the session records before they go.
        for answer in s.answers.values_mut() {
            for said in &mut answer.said {
                said.quote = self.scrub(&said.quote);
                let alias = |n: &str| self.speaker(&s.meta, &s.transcripts, n);
                said.speaker = said.speaker.as_deref().map(alias);
            }
        }
        let customer = self.known('C', &s.meta.customer);
        // The id carries the customer's slug: keep its date and random suffix only.
        let date = s.meta.started.format("%Y-%m-%d");
        let suffix = s.id.rsplit('-').next().unwrap_or("0000").to_string();
        s.id = format!("{date}-{}-{suffix}", customer.to_lowercase());
        s.meta.participant = self.known('P', &s.meta.participant);
        s.meta.interviewer = self.known('I', &s.meta.interviewer);
        // The customer id is a slug of a real name: the alias's slug instead.
        s.meta.customer_id = crate::text::slug(&customer);
        s.meta.customer = customer;
        s.meta.role = self.scrub(&s.meta.role);
        s.meta.aliases = Default::default();
        // Researchers are named as interviewers are, in placements and on codes.
        for p in &mut s.placements {
            p.by = self.known('I', &p.by);
        }
        for answer in s.answers.values_mut() {
            for c in &mut answer.coded {
                c.by = c.by.as_deref().map(|by| self.known('I', by));
            }
            self.apply_answer(answer);
        }
        for conflict in &mut s.conflicts {
            let prefix = match conflict.question.as_str() {
                "meta.customer" => Some('C'),
                "meta.participant" => Some('P'),
                "meta.interviewer" => Some('I'),
                _ => None,
            };
            for v in &mut conflict.versions {
                v.by = self.known('I', &v.by);
                match (&mut v.value, prefix) {
                    (Some(Value::Text(t)), Some(prefix)) => *t = self.known(prefix, t),
                    (Some(value), _) => self.apply_value(value),
                    (None, _) => {}
                }
            }
        }
        // A metadata conflict holds other spellings of the names, which no alias covers; a
        // conflicted copy names its original by an id that carries the customer's slug.
        s.conflicts
            .retain(|c| !c.question.starts_with(crate::session::META_PREFIX));
        for r in &mut s.resolved {
            r.by = self.known('I', &r.by);
            for v in std::iter::once(&mut r.kept).chain(&mut r.others) {
                v.by = self.known('I', &v.by);
                if let Some(value) = &mut v.value {
                    self.apply_value(value);
                }
            }
        }
        s.resolved
            .retain(|r| !r.question.starts_with(crate::session::META_PREFIX));
        // A transcript's file is named after the session's id (the customer's slug) and its
        // speakers are people's names: an anonymised export carries neither.
        s.transcripts.clear();
        if let Some(original) = &mut s.conflicted_copy_of {
            let suffix = original.rsplit('-').next().unwrap_or("0000").to_string();
            *original = format!("{date}-{}-{suffix}", s.meta.customer.to_lowercase());
        }
    }

    fn apply_value(&self, value: &mut Value) {
        match value {
            Value::Text(t) => *t = self.scrub(t),
            Value::Choice { other: Some(o), .. } => *o = self.scrub(o),
            _ => {}
        }
    }

    /// One answer; a coded text is found again where it was (a quote, a part of the notes), so
    /// it stays the very text it codes.
    fn apply_answer(&self, answer: &mut crate::session::Answer) {
        let notes = scrub(&answer.notes, &self.patterns);
        let mut coded: Vec<crate::session::Coded> = Vec::with_capacity(answer.coded.len());
        for c in &answer.coded {
            let text = if answer.quotes.contains(&c.text) {
                self.scrub(&c.text)
            } else if let Some(at) = answer.notes.find(c.text.as_str()) {
                notes.text[notes.span(at, at + c.text.len())].to_string()
            } else {
                self.scrub(&c.text)
            };
            // Two texts that differed by a name only are one now: one text, every code (each
            // researcher's apart).
            match coded.iter_mut().find(|k| k.text == text && k.by == c.by) {
                Some(k) => {
                    for code in &c.codes {
                        if !k.codes.contains(code) {
                            k.codes.push(code.clone());
                        }
                    }
                }
                None => coded.push(crate::session::Coded {
                    text,
                    codes: c.codes.clone(),
                    by: c.by.clone(),
                }),
            }
        }
        answer.coded = coded;
        answer.notes = notes.text;
        for quote in &mut answer.quotes {
            *quote = self.scrub(quote);
        }
        if let Some(value) = &mut answer.value {
            self.apply_value(value);
        }
    }
}

/// Replaces every customer, participant and interviewer name with its alias, in place. Sessions
/// are taken in the order given, so aliases are numbered in that order.
pub fn anonymize(sessions: &mut [Session]) {
    let anonymizer = Anonymizer::new(sessions.iter().map(|s| &s.meta));
    for s in sessions {
        anonymizer.apply(s);
    }
}

#[cfg(test)]
mod tests;
