//! The exports in `<data>/exports/` that hold one session: journey names them when it erases the
//! session and leaves them to the user. An export holds a session when its file name or its text
//! has the session's id: every export of sessions journey writes carries it (a REFI-QDA project
//! inside its zip); the SPSS and Stata syntax files and the codebook hold labels only, and an
//! anonymised export has no id and no names, so they hold none.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// How deep to look under `<data>/exports/` (SPSS and Stata exports are files in a folder the
/// user may have made there).
const DEPTH: usize = 4;

/// The files under `dir` that hold the session `id`, sorted. A file that cannot be read is left
/// out: this is a notice, not a guarantee.
pub fn holding(dir: &Path, id: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk(dir, DEPTH, &mut |path| {
        if holds(path, id) {
            files.push(path.to_path_buf());
        }
    });
    files.sort();
    files
}

/// Every regular file under `dir` (symbolic links are not followed).
fn walk(dir: &Path, depth: usize, each: &mut dyn FnMut(&Path)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_file() {
            each(&path);
        } else if kind.is_dir() && depth > 0 {
            walk(&path, depth - 1, each);
        }
    }
}

/// Whether the file's name or its text has `id`; a zip (`.qdpx`) is looked into entry by entry.
fn holds(path: &Path, id: &str) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    if name.is_some_and(|n| has_id(n.as_bytes(), id.as_bytes(), (true, true))) {
        return true;
    }
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    if is_zip(path) {
        return zip_holds(file, id);
    }
    reader_holds(file, id).unwrap_or(false)
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx") || e.eq_ignore_ascii_case("zip"))
}

fn zip_holds(file: fs::File, id: &str) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(io::BufReader::new(file)) else {
        return false;
    };
    (0..archive.len()).any(|i| {
        archive.by_index(i).is_ok_and(|entry| {
            has_id(entry.name().as_bytes(), id.as_bytes(), (true, true))
                || reader_holds(entry, id).unwrap_or(false)
        })
    })
}

/// Whether the text read has `id` as a whole word, read in pieces (an export may be large).
fn reader_holds(mut reader: impl Read, id: &str) -> io::Result<bool> {
    const PIECE: usize = 64 * 1024;
    let needle = id.as_bytes();
    // What stays of a piece: a match that ends at the piece's end, with the byte before it.
    let keep = needle.len() + 1;
    let mut text: Vec<u8> = Vec::with_capacity(PIECE + keep);
    let mut piece = vec![0; PIECE];
    let mut first = true;
    loop {
        let n = match reader.read(&mut piece) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        text.extend_from_slice(&piece[..n]);
        if has_id(&text, needle, (first, n == 0)) {
            return Ok(true);
        }
        if n == 0 {
            return Ok(false);
        }
        let cut = text.len().saturating_sub(keep);
        if cut > 0 {
            text.drain(..cut);
            first = false;
        }
    }
}

/// Whether `text` has `id` with no letter or digit touching it (`…-k3f9` is not in `…-k3f9x`).
/// `(starts, ends)`: `text` is the start of the file (a match at 0 counts) and its end (a match
/// that reaches the end counts; otherwise the next piece decides).
fn has_id(text: &[u8], id: &[u8], (starts, ends): (bool, bool)) -> bool {
    if id.is_empty() || text.len() < id.len() {
        return false;
    }
    (0..=text.len() - id.len()).any(|i| {
        text[i..].starts_with(id)
            && if i == 0 {
                starts
            } else {
                !text[i - 1].is_ascii_alphanumeric()
            }
            && match text.get(i + id.len()) {
                Some(b) => !b.is_ascii_alphanumeric(),
                None => ends,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{write_into, Export, Format};

    /// A session saved in `store`, as `journey new` makes it: its id.
    fn create(
        store: &crate::session::Store,
        guide: &crate::guide::Guide,
        customer: &str,
    ) -> String {
        let now = crate::session::now().to_rfc3339();
        let meta = serde_json::json!({
            "customer": customer, "participant": "Dana Roe", "role": "", "interviewer": "Sam",
            "consent": true, "started": now, "updated": now,
        });
        let mut session =
            crate::session::Session::new(guide, serde_json::from_value(meta).expect("meta"));
        store.create(&mut session).expect("create");
        session.id
    }

    #[test]
    fn every_format_journey_writes_is_named_for_the_sessions_it_holds() {
        let guide = crate::guide::builtin().expect("guide");
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::session::Store::open(dir.path()).expect("store");
        let out = dir.path().join("exports");
        let ids: Vec<String> = ["Acme", "Hooli", "Soylent"]
            .iter()
            .map(|c| create(&store, &guide, c))
            .collect();
        let now = crate::session::now();
        let both = Export::read(&guide, &store, &ids[..2], (false, false), now).expect("read");
        let mut written = Vec::new();
        for format in Format::ALL {
            if format != Format::Qdc {
                written.extend(write_into(&out, &both, format).expect("export"));
            }
        }
        // The codebook holds no session either; an anonymised export holds no id.
        let codebook = write_into(&out, &both, Format::Qdc).expect("qdc");
        let anonymous = Export::read(&guide, &store, &ids[2..], (true, false), now).expect("read");
        let hidden = write_into(&out, &anonymous, Format::Json).expect("json");
        // The SPSS and Stata syntax files hold labels only: their data CSV holds the sessions.
        written.retain(|p| !p.extension().is_some_and(|e| e == "sps" || e == "do"));
        written.sort();
        assert_eq!(written.len(), 7, "{written:?}");
        assert_eq!(holding(&out, &ids[0]), written);
        assert_eq!(holding(&out, &ids[1]), written);
        for path in codebook.iter().chain(&hidden) {
            assert!(!holding(&out, &ids[0]).contains(path), "{path:?}");
        }
        assert_eq!(holding(&out, &ids[2]), Vec::<PathBuf>::new());
        assert_eq!(
            holding(&dir.path().join("none"), &ids[0]),
            Vec::<PathBuf>::new()
        );
    }

    #[test]
    fn an_id_counts_whole_and_across_pieces() {
        let id = b"2026-11-25-acme-k3f9";
        assert!(has_id(b"[\"2026-11-25-acme-k3f9\"]", id, (true, true)));
        assert!(has_id(id, id, (true, true)));
        assert!(!has_id(b"2026-11-25-acme-k3f9x", id, (true, true)));
        assert!(!has_id(b"x2026-11-25-acme-k3f9", id, (true, true)));
        assert!(!has_id(id, id, (true, false)));
        let mut long = vec![b' '; 200_000];
        long.splice(65_530..65_530, id.iter().copied());
        assert!(reader_holds(&long[..], "2026-11-25-acme-k3f9").expect("read"));
        long.insert(65_530 + id.len(), b'x');
        assert!(!reader_holds(&long[..], "2026-11-25-acme-k3f9").expect("read"));
    }
}
