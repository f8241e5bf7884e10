//! The guide in other languages: translations of the texts an interviewer reads, keyed by the
//! ids that stay the same in every language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Fault, Guide};

/// One language's texts; whatever is missing falls back to the guide's own text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The language's name as people read it ("Français").
    pub name: String,
    /// Section id → its title and intro.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sections: BTreeMap<String, SectionText>,
    /// Question id → its texts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub questions: BTreeMap<String, QuestionText>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionText {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionText {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probes: Vec<String>,
    /// Option id → label.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

/// A language as XLSForm names it, `Français (fr)`, split into its code and its name; a
/// name without a code in parentheses is its own code.
pub fn split_language(label: &str) -> (String, String) {
    let label = label.trim();
    if let Some(open) = label.rfind('(') {
        if let Some(code) = label[open + 1..].strip_suffix(')') {
            let name = label[..open].trim();
            if !code.trim().is_empty() {
                return (code.trim().to_string(), name.to_string());
            }
        }
    }
    (label.to_string(), label.to_string())
}

fn put(target: &mut String, text: &str) {
    if !text.trim().is_empty() {
        *target = text.to_string();
    }
}

impl Guide {
    /// The language code a user's `--lang` names (a code or a name, any case), or an error
    /// listing the languages the guide has. The guide's own language is `None`.
    pub fn find_language(&self, wanted: &str) -> Result<Option<String>, String> {
        let wanted = wanted.trim();
        let (code, name) = split_language(&self.language);
        if wanted.is_empty()
            || (!code.is_empty() && code.eq_ignore_ascii_case(wanted))
            || (!name.is_empty() && name.eq_ignore_ascii_case(wanted))
        {
            return Ok(None);
        }
        self.translations
            .iter()
            .find(|(code, t)| {
                code.eq_ignore_ascii_case(wanted) || t.name.eq_ignore_ascii_case(wanted)
            })
            .map(|(code, _)| Some(code.clone()))
            .ok_or_else(|| {
                let mut known: Vec<String> = self
                    .translations
                    .iter()
                    .map(|(code, t)| format!("{code} ({})", t.name))
                    .collect();
                if known.is_empty() {
                    format!(
                        "the guide `{}` has no language `{wanted}`: it has no translations",
                        self.id
                    )
                } else {
                    known.insert(0, "the guide's own".into());
                    format!(
                        "the guide `{}` has no language `{wanted}`; it has {}",
                        self.id,
                        known.join(", ")
                    )
                }
            })
    }

    /// The guide as read in language `code`: every text the translation gives replaces the
    /// guide's own, everything else (ids, evidence, rules) stays. The copy keeps the guide's
    /// fingerprint, so the summary index and the assessment do not change with the language.
    pub fn localized(&self, code: Option<&str>) -> Guide {
        let mut copy = self.clone();
        let fingerprint = self.fingerprint();
        let Some(t) = code.and_then(|c| self.translations.get(c)) else {
            return copy;
        };
        for section in &mut copy.sections {
            if let Some(s) = t.sections.get(&section.id) {
                put(&mut section.title, &s.title);
                put(&mut section.intro, &s.intro);
            }
            for q in &mut section.questions {
                let Some(qt) = t.questions.get(&q.id) else {
                    continue;
                };
                put(&mut q.text, &qt.text);
                put(&mut q.short, &qt.short);
                if !qt.probes.is_empty() {
                    q.probes.clone_from(&qt.probes);
                }
                for option in &mut q.options {
                    if let Some(label) = qt.options.get(&option.id) {
                        put(&mut option.label, label);
                    }
                }
            }
        }
        copy.fingerprint = std::sync::OnceLock::from(fingerprint);
        copy.lookup = std::sync::OnceLock::new();
        copy
    }
}

/// Translations that name what the guide does not have: errors, like every other fault.
pub(super) fn check_references(guide: &Guide, faults: &mut Vec<Fault>) {
    for (code, t) in &guide.translations {
        let place = |what: String| format!("translation `{code}` {what}");
        for id in t.sections.keys() {
            if !guide.sections.iter().any(|s| &s.id == id) {
                faults.push(Fault {
                    place: place(format!("section `{id}`")),
                    message: "no section has this id".into(),
                });
            }
        }
        for (id, qt) in &t.questions {
            let Some(q) = guide.question(id) else {
                faults.push(Fault {
                    place: place(format!("question `{id}`")),
                    message: "no question has this id".into(),
                });
                continue;
            };
            for option in qt.options.keys().filter(|o| q.option(o).is_none()) {
                faults.push(Fault {
                    place: place(format!("question `{id}` option `{option}`")),
                    message: "the question has no option with this id".into(),
                });
            }
        }
    }
}

/// What a translation leaves in the guide's own language: warnings, since the interview
/// falls back to the guide's text.
pub fn missing_translations(guide: &Guide) -> Vec<Fault> {
    let mut out = Vec::new();
    for (code, t) in &guide.translations {
        let mut missing = Vec::new();
        for section in &guide.sections {
            if t.sections
                .get(&section.id)
                .is_none_or(|s| s.title.trim().is_empty())
            {
                missing.push(format!("section `{}` title", section.id));
            }
            for q in &section.questions {
                let qt = t.questions.get(&q.id);
                if qt.is_none_or(|qt| qt.text.trim().is_empty()) {
                    missing.push(format!("question `{}` text", q.id));
                }
                for o in &q.options {
                    if qt.is_none_or(|qt| qt.options.get(&o.id).is_none_or(|l| l.trim().is_empty()))
                    {
                        missing.push(format!("question `{}` option `{}`", q.id, o.id));
                    }
                }
            }
        }
        if !missing.is_empty() {
            let shown: Vec<String> = missing.iter().take(5).cloned().collect();
            let more = missing.len().saturating_sub(shown.len());
            out.push(Fault {
                place: format!("translation `{code}` ({})", t.name),
                message: format!(
                    "{} text{} not translated (shown in the guide's own language): {}{}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    shown.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
            });
        }
    }
    out
}
