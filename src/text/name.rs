//! Names many sessions share (a customer, a participant, an interviewer, a stage), held once in
//! the process however many summaries carry them: at 100,000 sessions a summary's names would
//! otherwise be half its memory.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// A shared name: a pointer to text held once, compared and shown as a `str`.
pub type Name = Arc<str>;

/// The one copy of `text` in this process. Names are kept for the life of the process: an
/// archive has few distinct names beside its sessions.
pub fn name(text: &str) -> Name {
    static NAMES: OnceLock<Mutex<HashSet<Name>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(known) = names.get(text) {
        return Arc::clone(known);
    }
    let new: Name = Arc::from(text);
    names.insert(Arc::clone(&new));
    new
}

/// The one copy of a list of names (a session's open obstacles): lists repeat as names do.
pub fn names(list: impl IntoIterator<Item = Name>) -> Arc<[Name]> {
    static LISTS: OnceLock<Mutex<HashSet<Arc<[Name]>>>> = OnceLock::new();
    let list: Vec<Name> = list.into_iter().collect();
    let mut lists = LISTS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(known) = lists.get(list.as_slice()) {
        return Arc::clone(known);
    }
    let new: Arc<[Name]> = Arc::from(list);
    lists.insert(Arc::clone(&new));
    new
}

/// Reads a string straight into its shared [`Name`]: no copy of a name already known.
pub fn deserialize_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
    d.deserialize_str(NameVisitor)
}

/// A [`Name`] as a field of a tuple or any `Deserialize` type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedName(pub Name);

impl<'de> serde::Deserialize<'de> for SharedName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SharedName, D::Error> {
        deserialize_name(d).map(SharedName)
    }
}

struct NameVisitor;

impl serde::de::Visitor<'_> for NameVisitor {
    type Value = Name;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Name, E> {
        Ok(name(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_the_same_name_and_others_are_not() {
        let a = name("Acme Corp");
        let b = name(&String::from("Acme Corp"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &name("Acme corp")));
        assert_eq!(&*a, "Acme Corp");
    }

    #[test]
    fn the_same_list_is_one_list() {
        let a = names([name("fud"), name("storage")]);
        let b = names(vec![name("fud"), name("storage")]);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &names([name("storage"), name("fud")])));
        assert_eq!(names([]).len(), 0);
    }

    #[test]
    fn a_name_read_from_json_is_shared_even_with_escapes() {
        let read: Vec<SharedName> =
            serde_json::from_str(r#"["Caf\u00e9 Ltd", "Café Ltd", "plain"]"#).expect("names");
        assert!(Arc::ptr_eq(&read[0].0, &read[1].0));
        assert!(Arc::ptr_eq(&read[2].0, &name("plain")));
        assert!(serde_json::from_str::<SharedName>("3").is_err());
    }
}
