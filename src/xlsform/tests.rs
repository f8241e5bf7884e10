//! Importing forms written for the tests: nested groups, notes, bounds, languages, and the
//! errors and warnings each names by sheet, row and column.

use super::*;

fn table(name: &'static str, rows: &[&[&str]]) -> Table {
    Table {
        name,
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect(),
    }
}

fn read(tables: &[Table]) -> Result<Imported, ImportError> {
    let bytes = write_tables(tables).expect("workbook");
    import("form.xlsx", bytes, "form")
}

fn messages(issues: &[Issue]) -> Vec<String> {
    issues.iter().map(ToString::to_string).collect()
}

#[test]
fn nested_groups_notes_and_bounds_become_sections_intros_and_ranges() {
    let survey = table(
        "survey",
        &[
            &["type", "name", "label", "relevant", "constraint"],
            &["begin group", "outer", "Outer", "", ""],
            &["note", "hello", "Welcome.", "", ""],
            &["integer", "n", "How many?", "", ". >= 0 and . <= 10"],
            &["begin group", "inner", "Inner", "${n} > 2", ""],
            &["text", "why", "Why?", "", ""],
            &["note", "late", "A late note", "", ""],
            &["end group", "", "", "", ""],
            &["text", "after", "After", "", ""],
            &["end group", "", "", "", ""],
        ],
    );
    let imported = read(&[survey]).expect("imports");
    let g = &imported.guide;
    let ids: Vec<&str> = g.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["outer", "inner", "outer-2"]);
    assert_eq!(g.sections[0].intro, "Welcome.");
    let n = g.question("n").expect("n");
    assert_eq!((n.min, n.max), (Some(0.0), Some(10.0)));
    assert!(g.sections[1].show_if.is_some());
    let warned = messages(&imported.warnings).join("\n");
    assert!(
        warned.contains("survey sheet, row 5, column `type`: journey's sections do not nest"),
        "{warned}"
    );
    assert!(
        warned.contains(
            "survey sheet, row 7, column `type`: journey shows a note only as a group's intro"
        ),
        "{warned}"
    );
}

#[test]
fn label_columns_in_other_languages_become_translations() {
    let survey = table(
        "survey",
        &[
            &[
                "type",
                "name",
                "label",
                "label::Deutsch (de)",
                "hint",
                "hint::Deutsch (de)",
            ],
            &[
                "select_one yn",
                "ok",
                "All well?",
                "Alles gut?",
                "Ask gently",
                "Sanft fragen",
            ],
        ],
    );
    let choices = table(
        "choices",
        &[
            &["list_name", "name", "label", "label::Deutsch (de)"],
            &["yn", "yes", "Yes", "Ja"],
            &["yn", "no", "No", ""],
        ],
    );
    let g = read(&[survey, choices]).expect("imports").guide;
    let de = g.localized(Some("de"));
    let q = de.question("ok").expect("q");
    assert_eq!(q.text, "Alles gut?");
    assert_eq!(q.probes, ["Sanft fragen"]);
    assert_eq!(q.option("yes").expect("yes").label, "Ja");
    assert_eq!(q.option("no").expect("no").label, "No");
    assert_eq!(g.translations["de"].name, "Deutsch");
    let warned: Vec<String> = crate::guide::missing_translations(&g)
        .iter()
        .map(ToString::to_string)
        .collect();
    let warned = warned.join("\n");
    assert!(warned.contains("question `ok` option `no`"), "{warned}");
}

#[test]
fn bad_relevant_and_journey_columns_are_errors_naming_sheet_row_and_column() {
    let survey = table(
        "survey",
        &[
            &["type", "name", "label", "relevant", "journey::bands"],
            &["integer", "n", "How many?", "", "[{\"min\": 1}]"],
            &["text", "t", "Text", "count(${n}) > 1", ""],
            &["text", "u", "Text", "${n} >", ""],
        ],
    );
    let journey = table(
        "journey",
        &[
            &["field", "value"],
            &["stages", "{\"id\": 1}"],
            &["colours", "[]"],
        ],
    );
    let Err(ImportError::Invalid { errors, .. }) = read(&[survey, journey]) else {
        panic!("refused");
    };
    let text = messages(&errors).join("\n");
    for said in [
        "survey sheet, row 2, column `journey::bands`: not a JSON list journey reads",
        "survey sheet, row 3, column `relevant`: cannot read `count(${n}) > 1`",
        "survey sheet, row 4, column `relevant`: cannot read `${n} >`",
        "journey sheet, row 2, column `value`",
        "journey sheet, row 3, column `field`: `colours` is not a field",
    ] {
        assert!(text.contains(said), "no `{said}` in:\n{text}");
    }
}

#[test]
fn a_guide_check_fault_is_placed_at_its_row() {
    let survey = table(
        "survey",
        &[
            &["type", "name", "label", "relevant", "journey::short"],
            &["text", "first", "First", "${second} != ''", ""],
            &[
                "text",
                "second",
                "Second",
                "",
                "A short label far longer than thirty-two characters",
            ],
        ],
    );
    let Err(ImportError::Invalid { errors, .. }) = read(&[survey]) else {
        panic!("refused");
    };
    let text = messages(&errors).join("\n");
    assert!(
        text.contains("survey sheet, row 2, column `relevant`: question `first`"),
        "{text}"
    );
    assert!(
        text.contains(
            "survey sheet, row 3, column `journey::short`: question `second`: `short` is"
        ),
        "{text}"
    );
}

#[test]
fn a_column_journey_does_not_read_is_one_warning_naming_its_rows() {
    let survey = table(
        "survey",
        &[
            &["type", "name", "label", "media::image", ""],
            &["text", "a", "A", "a.png", "stray"],
            &["text", "b", "B", "b.png", ""],
            &["text", "c", "C", "c.png", "stray"],
        ],
    );
    let imported = read(&[survey]).expect("imports");
    let warned = messages(&imported.warnings);
    assert!(warned.contains(&"survey sheet, row 2, column `media::image`: journey does not use this column: left out (also rows 3, 4)".to_string()), "{warned:?}");
    assert!(warned.contains(&"survey sheet, row 2, column `E (no header)`: journey does not use this column: left out (also row 4)".to_string()), "{warned:?}");
    assert_eq!(super::import::column_letters(27), "AB");
}
