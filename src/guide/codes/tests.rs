use std::path::Path;

use super::*;

fn code(id: &str, name: &str) -> Code {
    Code {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        colour: String::new(),
        conflicts: Vec::new(),
    }
}

fn write(data: &Path, file: &str, text: &str) {
    std::fs::create_dir_all(folder(data)).expect("folder");
    std::fs::write(folder(data).join(file), text).expect("write");
}

/// The one skipped line that names `file`, else a failure listing what was skipped.
fn why<'a>(skipped: &'a [String], file: &str) -> &'a str {
    let hits: Vec<&String> = skipped
        .iter()
        .filter(|l| l.contains(&format!("codes/{file}:")))
        .collect();
    assert_eq!(hits.len(), 1, "{file} in {skipped:?}");
    hits[0]
}

#[test]
fn every_bad_file_is_skipped_by_name_and_the_good_ones_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    write(data, "cost.json", r#"{"id": "cost", "name": "Cost"}"#);
    write(
        data,
        "merged.json",
        "<<<<<<< HEAD\n{\"id\": \"merged\", \"name\": \"A\"}\n=======\n{\"id\": \"merged\", \"name\": \"B\"}\n>>>>>>> theirs\n",
    );
    write(data, "broken.json", "{\"id\": \"broken\",");
    write(data, "other.json", r#"{"id": "cost2", "name": "Cost"}"#);
    write(
        data,
        "colour.json",
        r#"{"id": "colour", "name": "C", "colour": "red"}"#,
    );
    write(data, "notes.txt", "not a code file at all");
    let big = format!(
        r#"{{"id": "big", "name": "Big", "description": "{}"}}"#,
        "x".repeat(MAX_CODE_BYTES as usize)
    );
    write(data, "big.json", &big);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", folder(data).join("zero.json")).expect("link");
        let made = std::process::Command::new("mkfifo")
            .arg(folder(data).join("pipe.json"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    let read = read(data);
    assert_eq!(read.codes, vec![code("cost", "Cost")]);
    assert!(why(&read.skipped, "merged.json").contains("conflict markers"));
    assert!(why(&read.skipped, "broken.json").contains("not a code"));
    assert!(why(&read.skipped, "other.json").contains("not its file name"));
    assert!(why(&read.skipped, "colour.json").contains("#RRGGBB"));
    assert!(why(&read.skipped, "big.json").contains("a code file may hold"));
    #[cfg(unix)]
    {
        assert!(why(&read.skipped, "zero.json").contains("symbolic link"));
        assert!(why(&read.skipped, "pipe.json").contains("not a regular file"));
    }
    let expected = if cfg!(unix) { 7 } else { 5 };
    assert_eq!(read.skipped.len(), expected, "{:?}", read.skipped);
}

#[test]
fn a_code_the_guide_has_is_skipped_and_the_guide_keeps_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut guide = crate::guide::builtin().expect("guide");
    let own = guide.codes[0].clone();
    write(
        dir.path(),
        &format!("{}.json", own.id),
        &format!(r#"{{"id": "{}", "name": "Another"}}"#, own.id),
    );
    write(dir.path(), "cost.json", r#"{"id": "cost", "name": "Cost"}"#);
    let before = guide.codes.len();
    let skipped = extend(&mut guide, dir.path());
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(why(&skipped, &format!("{}.json", own.id)).contains("already in the guide"));
    assert_eq!(guide.codes.len(), before + 1);
    assert_eq!(guide.codes[0], own);
    assert!(guide.codes.iter().any(|c| c.id == "cost"));
}

#[cfg(unix)]
#[test]
fn a_codes_folder_that_is_a_link_is_not_followed_nor_written_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("dir");
    std::fs::write(elsewhere.join("x.json"), r#"{"id": "x", "name": "X"}"#).expect("write");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("data");
    std::os::unix::fs::symlink(&elsewhere, folder(&data)).expect("link");
    let read = read(&data);
    assert!(read.codes.is_empty());
    assert!(
        read.skipped[0].contains("symbolic link"),
        "{:?}",
        read.skipped
    );
    let guide = crate::guide::builtin().expect("guide");
    assert!(add(&guide, &data, code("y", "Y")).is_err());
    assert!(!elsewhere.join("y.json").exists());
}

#[test]
fn resolving_sets_the_values_given_keeps_the_others_and_clears_the_conflict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut held = code("cost", "Cost");
    held.colour = "#aa0000".into();
    held.conflicts = vec![CodeConflict {
        field: "name".into(),
        values: vec![
            ConflictValue {
                value: "Cost".into(),
                by: "ana".into(),
            },
            ConflictValue {
                value: "Costs".into(),
                by: "ben".into(),
            },
        ],
    }];
    let text = serde_json::to_string_pretty(&held).expect("json");
    write(dir.path(), "cost.json", &text);
    assert_eq!(read(dir.path()).codes, vec![held.clone()]);
    let change = Resolution {
        name: Some("Costs".into()),
        ..Resolution::default()
    };
    resolve(dir.path(), "cost", change).expect("resolve");
    let after = read(dir.path());
    assert_eq!(after.codes[0].name, "Costs");
    assert_eq!(after.codes[0].colour, "#aa0000");
    assert!(after.codes[0].conflicts.is_empty());
    // The record is optional: an unchanged code is written as before.
    let text = std::fs::read_to_string(folder(dir.path()).join("cost.json")).expect("read");
    assert!(!text.contains("conflicts"), "{text}");
}

#[test]
fn resolving_a_file_that_is_not_a_code_names_it_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> x\n";
    write(dir.path(), "cost.json", text);
    let err = resolve(dir.path(), "cost", Resolution::default()).expect_err("refused");
    assert!(err.to_string().contains("cost.json"), "{err}");
    let after = std::fs::read_to_string(folder(dir.path()).join("cost.json")).expect("read");
    assert_eq!(after, text);
    assert!(resolve(dir.path(), "nothing", Resolution::default()).is_err());
}
