//! Readable, unique session ids: date, customer slug and a short random suffix.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use super::Timestamp;

const SLUG_MAX: usize = 40;
const SUFFIX_ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// e.g. `2026-11-25-acme-corp-k3f9`.
pub fn new_id(customer: &str, started: &Timestamp) -> String {
    let mut slug = slug::slugify(customer);
    if slug.len() > SLUG_MAX {
        slug.truncate(SLUG_MAX);
        slug = slug.trim_end_matches('-').to_string();
    }
    if slug.is_empty() {
        slug = "session".to_string();
    }
    format!("{}-{slug}-{}", started.format("%Y-%m-%d"), random_suffix(4))
}

/// Random letters and digits from the std hasher's per-process random keys.
fn random_suffix(len: usize) -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    let mut bits = hasher.finish();
    (0..len)
        .map(|_| {
            let c = SUFFIX_ALPHABET[(bits % 36) as usize];
            bits /= 36;
            char::from(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    #[test]
    fn ids_read_as_date_customer_and_suffix() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").expect("time");
        let id = new_id("Société Générale & Co.", &at);
        assert!(id.starts_with("2026-11-25-societe-generale-co-"), "{id}");
        let suffix = id.rsplit('-').next().expect("suffix");
        assert_eq!(suffix.len(), 4);
        assert!(
            id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{id}"
        );
    }

    #[test]
    fn odd_names_still_give_safe_ids() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").expect("time");
        for name in ["", "../../etc/passwd", "💾💾", &"x".repeat(300)] {
            let id = new_id(name, &at);
            assert!(id.len() < 64, "{id}");
            assert!(!id.contains('/') && !id.contains(".."), "{id}");
        }
        assert!(new_id("", &at).contains("-session-"));
    }

    #[test]
    fn two_ids_for_the_same_customer_differ() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").expect("time");
        let ids: std::collections::HashSet<_> = (0..50).map(|_| new_id("Acme", &at)).collect();
        assert!(ids.len() > 45);
    }
}
