//! Extra names a customer or a participant goes by (nicknames, short forms like "SocGen"),
//! kept in the session so an anonymised export hides them too.

use serde::{Deserialize, Serialize};

/// The other names of a session's customer and participant.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NameAliases {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participant: Vec<String>,
}

impl NameAliases {
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty() && self.participant.is_empty()
    }

    /// Every name of both, each once, in order: a name to hide is never dropped by a merge.
    pub fn union(&self, other: &NameAliases) -> NameAliases {
        let join = |a: &[String], b: &[String]| {
            let mut out = a.to_vec();
            for name in b {
                add(&mut out, name);
            }
            out
        };
        NameAliases {
            customer: join(&self.customer, &other.customer),
            participant: join(&self.participant, &other.participant),
        }
    }
}

/// Adds `name` (trimmed) unless it is empty or there already, in any case; true when added.
pub fn add(names: &mut Vec<String>, name: &str) -> bool {
    let name = name.trim();
    if name.is_empty()
        || names
            .iter()
            .any(|n| n.to_lowercase() == name.to_lowercase())
    {
        return false;
    }
    names.push(name.to_string());
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_union_keeps_every_name_once() {
        let a = NameAliases {
            customer: vec!["SocGen".into()],
            participant: vec![],
        };
        let b = NameAliases {
            customer: vec!["socgen".into(), "SG".into()],
            participant: vec!["Bobby".into()],
        };
        let u = a.union(&b);
        assert_eq!(u.customer, ["SocGen", "SG"]);
        assert_eq!(u.participant, ["Bobby"]);
        assert!(NameAliases::default().is_empty() && !u.is_empty());
    }
}
