//! Helpers of the output tests: journey on a data folder, and an archive with names hidden in
//! every place a name can hide.

use std::path::Path;
use std::process::Command;

use journey::session::{AnswerState, Conflict, ConflictVersion, Session, Store, Value};

/// The question the archive's names are written at.
pub const Q: &str = "sponsorship.sponsor";

pub fn journey(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("journey runs")
}

pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = journey(dir, args);
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn conflict(
    question: &str,
    values: [&str; 2],
    by: [&str; 2],
    at: journey::session::Timestamp,
) -> Conflict {
    Conflict {
        question: question.into(),
        on: Default::default(),
        versions: values
            .iter()
            .zip(by)
            .map(|(v, by)| ConflictVersion {
                state: AnswerState::Answered,
                value: Some(Value::Text(v.to_string())),
                by: by.into(),
                at,
            })
            .collect(),
    }
}

/// Two sessions with names in every place a name can hide: coded quotes and coded parts of the
/// notes, conflicts (an answer and the metadata), "ONeil" for "O'Neil", nicknames.
pub fn archive(dir: &Path) -> Vec<String> {
    let store = Store::open(dir).expect("store");
    let guide = super::guide();
    let mut ids = Vec::new();
    for (customer, participant) in [("Société Générale", "Bob O'Neil"), ("Globex", "Dana Reyes")]
    {
        let mut s: Session = super::session(&guide, customer);
        s.meta.participant = participant.into();
        super::pick(&mut s, Q, &["it-owned"]);
        s.set_notes(
            Q,
            "ONeil said SocGen moved in 2019.\nBobby and Dana Reyes agreed, Globex too.",
        );
        s.add_quote(Q, "At SocGen, Bobby never asked for permission.");
        s.apply_code(Q, "At SocGen, Bobby never asked for permission.", "fud");
        s.apply_code(Q, "ONeil said SocGen moved", "sponsorship");
        let at = s.meta.started;
        s.conflicts.push(conflict(
            "wrapup.advice",
            ["Ask Bobby at SocGen", "Ask Dana"],
            ["Sam Lee", "Ines Duarte"],
            at,
        ));
        s.conflicts.push(conflict(
            "meta.customer",
            ["SocGen SA", "Globex Ltd"],
            ["Sam Lee", "Ines Duarte"],
            at,
        ));
        store.create(&mut s).expect("create");
        ids.push(s.id.clone());
    }
    ok(
        dir,
        &[
            "alias",
            &ids[0],
            "--customer",
            "SocGen",
            "--participant",
            "Bobby",
        ],
    );
    ids
}
