//! Attaching a transcript to a session: the file is parsed first, then kept byte for byte as
//! `<data>/transcripts/ID.EXT` (written atomically, never rewritten), then recorded in the
//! session under its lock. Nothing is attached half-way: on any error neither is left.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{guess_roles, parse, ParseError, Roles, Transcript};
use crate::session::{Attached, Session, Store, StoreError};

/// The largest transcript journey reads (a three-hour call is about 2 MB).
const MAX_TRANSCRIPT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    #[error("{file}: {source}")]
    Parse { file: String, source: ParseError },
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error(
        "{file}: {size} bytes is too large for a transcript (the limit is {MAX_TRANSCRIPT_BYTES})"
    )]
    TooLarge { file: String, size: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("`{name}` is not a speaker of the transcript; its speakers: {speakers}")]
    NoSpeaker { name: String, speakers: String },
    #[error("the offset must be a number of seconds, not {0}")]
    BadOffset(f64),
}

/// What was attached: the session's record of it, where the file is kept, and its cues.
#[derive(Debug)]
pub struct Attachment {
    pub attached: Attached,
    /// The file given.
    pub source: PathBuf,
    /// Where journey keeps it.
    pub path: PathBuf,
    pub transcript: Transcript,
    /// The same file was attached before: its record was updated (offset, roles), no file
    /// written.
    pub again: bool,
}

/// Attaches the transcript file `source` to session `id`, with the recording's `offset` and
/// the roles given (a speaker name each, or `None` for journey's guess from the session). The
/// same file attached again updates its record: offset, and roles given (others kept). An
/// offset of `None` keeps the one recorded (0 for a new file).
pub fn attach(
    store: &Store,
    id: &str,
    source: &Path,
    offset: Option<f64>,
    given: Roles,
) -> Result<Attachment, AttachError> {
    let _lock = store.lock(id)?;
    let mut session = store.load(id)?;
    let done = attach_to(store, &mut session, source, offset, given)?;
    if let Err(e) = store.save(&session) {
        // Nothing attached half-way: unless the session on disk records it (the save failed
        // after its file was replaced, syncing the folder), a new transcript's file goes.
        let recorded = store
            .load(id)
            .is_ok_and(|on_disk| on_disk.transcripts.contains(&done.attached));
        if !done.again && !recorded {
            let _ = std::fs::remove_file(&done.path);
        }
        return Err(e.into());
    }
    Ok(done)
}

/// [`attach`] to a session held open (the interview, which holds its lock): the file is read,
/// parsed and kept, and the record goes into `session`, which the caller saves. On an error
/// neither the file nor the record is left.
pub fn attach_to(
    store: &Store,
    session: &mut Session,
    source: &Path,
    offset: Option<f64>,
    given: Roles,
) -> Result<Attachment, AttachError> {
    if let Some(offset) = offset.filter(|o| !o.is_finite()) {
        return Err(AttachError::BadOffset(offset));
    }
    let bytes = read(source)?;
    let transcript = parse(&bytes).map_err(|source_err| AttachError::Parse {
        file: source.display().to_string(),
        source: source_err,
    })?;
    let dir = store.transcripts_dir();
    let same = session
        .transcripts
        .iter()
        .position(|a| read(&dir.join(&a.file)).is_ok_and(|kept| kept == bytes));
    let attached = match same {
        Some(i) => {
            let given = kept_roles(&session.transcripts[i], given);
            let roles = roles(&transcript, &session.meta, given)?;
            let attached = &mut session.transcripts[i];
            attached.offset = offset.unwrap_or(attached.offset);
            attached.participant = roles.participant;
            attached.interviewer = roles.interviewer;
            attached.clone()
        }
        None => {
            let roles = roles(&transcript, &session.meta, given)?;
            let name = keep_file(store, session, transcript.format.extension(), &bytes)?;
            let attached = Attached {
                file: name,
                format: transcript.format.key().to_string(),
                offset: offset.unwrap_or(0.0),
                participant: roles.participant,
                interviewer: roles.interviewer,
            };
            session.transcripts.push(attached.clone());
            attached
        }
    };
    session.meta.updated = crate::session::now().max(session.meta.started);
    Ok(Attachment {
        path: dir.join(&attached.file),
        attached,
        source: source.to_path_buf(),
        transcript,
        again: same.is_some(),
    })
}

/// The roles for a file attached again: each given one, else the one recorded unless the
/// speaker was just given the other role.
fn kept_roles(old: &Attached, given: Roles) -> Roles {
    let keep = |old: &Option<String>, other: &Option<String>| {
        let same =
            |o: &String| other.as_deref().map(crate::text::fold) == Some(crate::text::fold(o));
        old.clone().filter(|o| !same(o))
    };
    Roles {
        participant: (given.participant.clone())
            .or_else(|| keep(&old.participant, &given.interviewer)),
        interviewer: (given.interviewer.clone())
            .or_else(|| keep(&old.interviewer, &given.participant)),
    }
}

/// Writes the file's bytes under a free name in `<data>/transcripts/`; the name.
fn keep_file(
    store: &Store,
    session: &Session,
    ext: &str,
    bytes: &[u8],
) -> Result<String, AttachError> {
    let dir = store.transcripts_dir();
    crate::session::create_private_dir(&dir)?;
    let name = free_name(&dir, &session.id, ext, &session.transcripts);
    let path = dir.join(&name);
    crate::files::write_atomic(&dir, &path, bytes, false, &mut |_| Ok(())).map_err(|e| {
        AttachError::Io {
            file: path.display().to_string(),
            source: e,
        }
    })?;
    Ok(name)
}

/// Where an attached transcript is kept.
pub fn file_path(store: &Store, attached: &Attached) -> PathBuf {
    store.transcripts_dir().join(&attached.file)
}

/// The cues of an attached transcript, read again from its kept file.
pub fn load(store: &Store, attached: &Attached) -> Result<Transcript, AttachError> {
    let path = file_path(store, attached);
    parse(&read(&path)?).map_err(|source| AttachError::Parse {
        file: path.display().to_string(),
        source,
    })
}

/// Reads and parses a transcript file as attaching does, attaching nothing.
pub fn read_file(path: &Path) -> Result<Transcript, AttachError> {
    parse(&read(path)?).map_err(|source| AttachError::Parse {
        file: path.display().to_string(),
        source,
    })
}

/// A regular file's bytes, up to the limit.
fn read(path: &Path) -> Result<Vec<u8>, AttachError> {
    let io = |e| AttachError::Io {
        file: path.display().to_string(),
        source: e,
    };
    let (file, size) = crate::files::open_regular_sized(path).map_err(io)?;
    if size > MAX_TRANSCRIPT_BYTES {
        return Err(AttachError::TooLarge {
            file: path.display().to_string(),
            size,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_TRANSCRIPT_BYTES)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(bytes)
}

/// The roles: each one given must name a speaker (spelt as the transcript spells it); the
/// others are guessed from the session's names.
fn roles(
    transcript: &Transcript,
    meta: &crate::session::Meta,
    given: Roles,
) -> Result<Roles, AttachError> {
    let speakers = transcript.speakers();
    let find = |name: String| -> Result<String, AttachError> {
        let wanted = crate::text::fold(name.trim());
        speakers
            .iter()
            .find(|s| crate::text::fold(s) == wanted)
            .map(|s| s.to_string())
            .ok_or_else(|| AttachError::NoSpeaker {
                name,
                speakers: if speakers.is_empty() {
                    "none (the file names no speaker)".into()
                } else {
                    speakers.join(", ")
                },
            })
    };
    let participant = given.participant.map(find).transpose()?;
    let interviewer = given.interviewer.map(find).transpose()?;
    let guess = guess_roles(&speakers, &meta.participant, &meta.interviewer);
    let other = |taken: &Option<String>, guessed: Option<String>| {
        guessed.filter(|g| taken.as_ref() != Some(g))
    };
    let mut roles = Roles {
        participant: participant
            .clone()
            .or_else(|| other(&interviewer, guess.participant)),
        interviewer: interviewer.or_else(|| other(&participant, guess.interviewer)),
    };
    // Two speakers and one role known: the other speaker has the other role.
    if let [a, b] = speakers[..] {
        let the_other = |s: &str| if s == a { b } else { a }.to_string();
        match (&roles.participant, &roles.interviewer) {
            (Some(p), None) => roles.interviewer = Some(the_other(p)),
            (None, Some(i)) => roles.participant = Some(the_other(i)),
            _ => {}
        }
    }
    Ok(roles)
}

/// `ID.EXT`, else `ID.2.EXT`, `ID.3.EXT`…: a name no file and no record of the session holds.
fn free_name(dir: &Path, id: &str, ext: &str, attached: &[Attached]) -> String {
    (1..)
        .map(|n| match n {
            1 => format!("{id}.{ext}"),
            n => format!("{id}.{n}.{ext}"),
        })
        .find(|name| {
            !dir.join(name).exists()
                && std::fs::symlink_metadata(dir.join(name)).is_err()
                && !attached.iter().any(|a| a.file == *name)
        })
        .unwrap_or_else(|| format!("{id}.{ext}"))
}
