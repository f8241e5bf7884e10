#!/usr/bin/env python3
"""Writes the XLSForm fixtures of tests/xlsform.rs (run once; the .xlsx files are committed).

Each fixture is a small form that pyxform 4.5.0 either accepts (ok_*) or rejects (bad_*);
tests/xlsform.rs checks that journey's import gives the same verdict. Needs openpyxl.
"""
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent


def form(name, survey, choices=None, settings=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    if choices is not None:
        ws = book.create_sheet("choices")
        for row in choices:
            ws.append(list(row))
    if settings is not None:
        ws = book.create_sheet("settings")
        for row in settings:
            ws.append(list(row))
    book.save(HERE / f"{name}.xlsx")


SURVEY = ("type", "name", "label", "hint", "relevant")
CHOICES = [
    ("list_name", "name", "label"),
    ("yesno", "yes", "Yes"),
    ("yesno", "no", "No"),
    ("apps", "sap", "SAP"),
    ("apps", "exchange", "Exchange"),
    ("apps", "none", "None of these"),
]
SETTINGS = [("form_title", "form_id", "version"), ("Small study", "small-study", "3")]

form(
    "ok_basic",
    [
        SURVEY,
        ("begin group", "start", "Getting started", "", ""),
        ("note", "start_intro", "Ask about the beginning.", "", ""),
        ("select_one yesno", "production", "In production?", "Who runs it?", ""),
        ("integer", "servers", "How many servers?", "", "${production} = 'yes'"),
        ("decimal", "share", "Share virtual (%)", "", "${production} != 'no' and ${servers} >= 10"),
        ("end group", "", "", "", ""),
        ("begin_group", "apps", "Applications", "", "${production} = 'yes'"),
        ("select_multiple apps", "business", "Business apps virtual?", "", ""),
        ("text", "why", "Why those?", "", "not(selected(${business}, 'none'))"),
        ("text", "both", "Why both?", "",
         "(selected(${business}, 'sap') and selected(${business}, 'exchange')) or ${servers} > 100"),
        ("end_group", "", "", "", ""),
    ],
    CHOICES,
    SETTINGS,
)

form(
    "ok_translations",
    [
        ("type", "name", "label::English (en)", "label::Français (fr)", "hint::English (en)",
         "hint::Français (fr)"),
        ("begin group", "main", "Main", "Principal", "", ""),
        ("select_one yesno", "production", "In production?", "En production ?", "Who runs it?",
         "Qui l'exploite ?"),
        ("text", "notes", "Anything else?", "", "", ""),
        ("end group", "", "", "", "", ""),
    ],
    [
        ("list_name", "name", "label::English (en)", "label::Français (fr)"),
        ("yesno", "yes", "Yes", "Oui"),
        ("yesno", "no", "No", "Non"),
    ],
    [("form_title", "form_id", "default_language"), ("Bilingual", "bilingual", "English (en)")],
)

form(
    "ok_no_groups",
    [
        ("type", "name", "label"),
        ("text", "name_of_org", "Organisation"),
        ("range", "confidence", "Confidence"),
    ],
)

form(
    "ok_unsupported",
    [
        ("type", "name", "label", "required", "calculation", "appearance"),
        ("start", "start", "", "", "", ""),
        ("begin group", "main", "Main", "", "", ""),
        ("text", "org", "Organisation", "yes", "", "multiline"),
        ("calculate", "twice", "", "", "1 + 1", ""),
        ("geopoint", "where", "Where?", "", "", ""),
        ("image", "photo", "A photo", "", "", ""),
        ("end group", "", "", "", "", ""),
        ("begin repeat", "visits", "Visits", "", "", ""),
        ("text", "visit_note", "What happened?", "", "", ""),
        ("end repeat", "", "", "", "", ""),
        ("select_one yesno or_other", "prod", "In production?", "", "", ""),
    ],
    CHOICES,
)

form(
    "bad_unknown_list",
    [SURVEY, ("select_one colours", "colour", "Colour?", "", "")],
    CHOICES,
)

form(
    "bad_unclosed_group",
    [SURVEY, ("begin group", "main", "Main", "", ""), ("text", "org", "Organisation", "", "")],
)

form(
    "bad_end_without_begin",
    [SURVEY, ("text", "org", "Organisation", "", ""), ("end group", "", "", "", "")],
)

form(
    "bad_duplicate_name",
    [SURVEY, ("text", "org", "Organisation", "", ""), ("text", "org", "Again", "", "")],
)

form(
    "bad_unknown_reference",
    [SURVEY, ("text", "org", "Organisation", "", "${nowhere} = 'x'")],
)

form(
    "bad_missing_name",
    [SURVEY, ("text", "org", "Organisation", "", ""), ("integer", "", "How many?", "", "")],
)

form(
    "bad_duplicate_choice",
    [SURVEY, ("select_one yesno", "production", "In production?", "", "")],
    [("list_name", "name", "label"), ("yesno", "yes", "Yes"), ("yesno", "yes", "Sure")],
)

form(
    "bad_many",
    [
        SURVEY,
        ("begin group", "main", "Main", "", ""),
        ("select_one colours", "colour", "Colour?", "", ""),
        ("text", "", "No name", "", ""),
        ("text", "later", "Later", "", "${ghost} = 'x'"),
        ("end group", "", "", "", ""),
        ("end group", "", "", "", ""),
    ],
    CHOICES,
)
