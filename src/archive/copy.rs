//! A merge too large for one session file: the merged file keeps ours whole, and theirs is kept
//! whole beside it as a "conflicted copy" (Dropbox's word): a session of its own, with its own
//! id and the id of the session it is a copy of. Every byte stays readable and shared.

use std::path::Path;

use anyhow::{Context, Result};

use crate::session::Session;

/// The conflicted copy's id: the original's, `-copy-` and eight hex digits of a hash of the
/// copy's bytes, so two machines making the copy of the same version name it alike.
pub fn copy_id(original: &str, bytes: &[u8]) -> String {
    let hash = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, bytes).simple();
    let hash = hash.to_string();
    format!("{original}-copy-{}", &hash[..8])
}

/// Writes `theirs` as a conflicted copy of itself into `dir`; returns the copy's id. A copy
/// already there under that id (the same version copied before) is left as it is.
pub fn write_copy(dir: &Path, theirs: &Session, theirs_bytes: &[u8]) -> Result<String> {
    let (id, bytes) = copy_of(theirs, theirs_bytes)?;
    let path = dir.join(format!("{id}.json"));
    match crate::session::write_atomic(dir, &path, &bytes, false, &mut |_| Ok(())) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        other => other.with_context(|| format!("writing {}", path.display()))?,
    }
    Ok(id)
}

/// `theirs` as a conflicted copy of itself: its id and its file's bytes.
pub fn copy_of(theirs: &Session, theirs_bytes: &[u8]) -> Result<(String, Vec<u8>)> {
    let mut copy = theirs.clone();
    copy.id = copy_id(&theirs.id, theirs_bytes);
    copy.conflicted_copy_of = Some(theirs.id.clone());
    let mut bytes = serde_json::to_vec_pretty(&copy)?;
    bytes.push(b'\n');
    Ok((copy.id, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_id_names_the_original_and_depends_only_on_the_bytes() {
        let a = copy_id("2026-11-25-acme-k3f9", b"one");
        assert_eq!(a, copy_id("2026-11-25-acme-k3f9", b"one"));
        assert_ne!(a, copy_id("2026-11-25-acme-k3f9", b"two"));
        assert!(a.starts_with("2026-11-25-acme-k3f9-copy-"), "{a}");
        assert_eq!(a.len(), "2026-11-25-acme-k3f9-copy-".len() + 8);
    }

    #[test]
    fn a_copy_is_a_readable_session_naming_the_original_and_is_written_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let guide = crate::guide::builtin().expect("guide");
        let mut s = Session::new(&guide, crate::session::Meta::new("Acme"));
        s.id = "2026-11-25-acme-k3f9".into();
        s.set_text("wrapup.advice", "Plan storage.");
        let id = write_copy(dir.path(), &s, b"theirs").expect("copy");
        let path = dir.path().join(format!("{id}.json"));
        let bytes = std::fs::read(&path).expect("read");
        let copy = crate::session::parse_session(&path, &bytes).expect("readable");
        assert_eq!(
            copy.conflicted_copy_of.as_deref(),
            Some("2026-11-25-acme-k3f9")
        );
        assert_eq!(copy.answers, s.answers);
        // The same version copied again (the other machine's merge): nothing changes.
        assert_eq!(write_copy(dir.path(), &s, b"theirs").expect("again"), id);
        assert_eq!(std::fs::read(&path).expect("read"), bytes);
    }
}
