//! Reading a session's maps strictly: a key that comes twice is refused.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A JSON object as a map, refusing a key that comes twice (a merge by hand or by git can write
/// one), instead of keeping the last and dropping the first at the next save.
pub(super) fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Visitor<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<V> {
        type Value = BTreeMap<String, V>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object keyed by question id")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let twice = |key: &str| {
                serde::de::Error::custom(format!(
                    "question `{}` is answered twice; keep one of the two and try again",
                    crate::text::line(key)
                ))
            };
            // Keys in order (as journey writes them) are new without a look-up, and the map is
            // built in one pass at the end; the first key out of order switches to a map.
            let mut in_order: Vec<(String, V)> = Vec::new();
            let mut out: Option<BTreeMap<String, V>> = None;
            while let Some(key) = map.next_key::<String>()? {
                let out = match &mut out {
                    None if in_order.last().is_none_or(|(last, _)| *last < key) => {
                        let value = map.next_value()?;
                        in_order.push((key, value));
                        continue;
                    }
                    None => out.insert(std::mem::take(&mut in_order).into_iter().collect()),
                    Some(out) => out,
                };
                match out.entry(key) {
                    std::collections::btree_map::Entry::Occupied(e) => return Err(twice(e.key())),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert(map.next_value()?);
                    }
                }
            }
            Ok(out.unwrap_or_else(|| in_order.into_iter().collect()))
        }
    }
    deserializer.deserialize_map(Visitor(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Deserialize)]
    struct Keyed {
        #[serde(deserialize_with = "unique_keys")]
        map: BTreeMap<String, u32>,
    }

    proptest! {
        /// In order or not, an object reads as the map of its keys, unless a key comes twice.
        #[test]
        fn an_object_reads_as_its_map_unless_a_key_comes_twice(
            pairs in proptest::collection::vec(("[a-d]{1,2}", 0u32..100), 0..12),
            sorted in any::<bool>(),
        ) {
            let mut pairs = pairs;
            if sorted {
                pairs.sort();
            }
            let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
            let json = format!("{{\"map\": {{{}}}}}", body.join(", "));
            let unique: std::collections::BTreeSet<&String> = pairs.iter().map(|(k, _)| k).collect();
            match serde_json::from_str::<Keyed>(&json) {
                Ok(read) => {
                    prop_assert_eq!(unique.len(), pairs.len());
                    prop_assert_eq!(read.map, pairs.iter().cloned().collect::<BTreeMap<_, _>>());
                }
                Err(e) => {
                    prop_assert!(unique.len() < pairs.len(), "{e}");
                    prop_assert!(e.to_string().contains("is answered twice"), "{e}");
                }
            }
        }
    }
}
