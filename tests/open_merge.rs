//! An open interview's merge with its file changed on disk (`session::merge`) follows the same
//! rules as the team archive's merge (`archive::merge_sessions`): the same metadata conflicts,
//! and conflicts the file holds are kept.

use journey::archive::merge_sessions;
use journey::guide::builtin;
use journey::session::{merge, Meta, Session};

fn base() -> Session {
    let guide = builtin().expect("guide");
    let mut s = Session::new(&guide, Meta::new("Acme"));
    s.set_text("wrapup.advice", "Plan storage.");
    s.set_notes("org.servers", "two sites");
    s
}

#[test]
fn metadata_changed_on_both_sides_is_a_conflict_as_in_the_archive_merge() {
    let b = base();
    let mut ours = b.clone();
    ours.meta.participant = "John Smith".into();
    ours.meta.interviewer = "ana".into();
    ours.meta.updated += chrono::Duration::seconds(9);
    let mut theirs = b.clone();
    theirs.meta.participant = "Jonathan Smith".into();
    theirs.meta.role = "CTO".into();
    theirs.meta.updated += chrono::Duration::seconds(3);
    let (archive, _) = merge_sessions(Some(&b), &ours, &theirs);
    let report = merge(&b, &mut ours, &theirs);
    assert_eq!(report.meta_conflicts, ["meta.participant"]);
    assert!(report.message().contains("meta.participant"));
    // The same rule as the archive's: the newer value stands, both are kept, one side's
    // change of another field is taken.
    assert_eq!(ours.meta, archive.meta);
    assert_eq!(ours.conflicts, archive.conflicts);
    assert_eq!(ours.meta.participant, "John Smith");
    assert_eq!(ours.meta.role, "CTO");
    let c = ours.conflict_at_hand("org.servers").expect("conflict");
    assert_eq!(c.question, "meta.participant");
    assert_eq!(
        c.describe(None, 0),
        format!(
            "Jonathan Smith (someone, {})",
            theirs.meta.updated.format("%Y-%m-%d %H:%M")
        )
    );
    // Keeping the other version sets the field and clears the conflict.
    assert!(ours.resolve_conflict(None, "meta.participant", 0));
    assert_eq!(ours.meta.participant, "Jonathan Smith");
    assert!(ours.conflicts.is_empty());
}

#[test]
fn conflicts_the_file_holds_survive_and_one_resolved_on_either_side_stays_resolved() {
    let b = base();
    let mut with = b.clone();
    with.meta.role = "CTO".into();
    let mut other = b.clone();
    other.meta.role = "CIO".into();
    other.meta.updated += chrono::Duration::seconds(1);
    let (theirs, _) = merge_sessions(Some(&b), &with, &other);
    assert_eq!(theirs.conflicts.len(), 1);
    // The open interview (ours) had not seen the sync's conflict: it is kept.
    let mut ours = b.clone();
    merge(&b, &mut ours, &theirs);
    assert_eq!(ours.conflicts, theirs.conflicts);
    // Resolved in the open interview, still recorded in the file: it stays resolved.
    let base = ours.clone();
    assert!(ours.resolve_conflict(None, "meta.role", 1));
    merge(&base, &mut ours, &theirs);
    assert!(ours.conflicts.is_empty());
    assert_eq!(ours.meta.role, "CIO");
}
