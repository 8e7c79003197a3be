"""Parameters: dated values with references; loading refuses what an editor could get wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from migration_rules.parameters import ParameterError, load_parameters, parse_parameters_text

REFERENCE = (
    '{ title = "Law", article = "Art. 5", title_ru = "Закон", article_ru = "ст. 5", '
    'url = "https://example.org/law", date = 2024-08-08 }'
)

VALID = f"""
[stay.days_per_year]
description = "Days per calendar year."
unit = "days"

[[stay.days_per_year.values]]
from = 2025-01-01
value = 90
confidence = "high"
last_checked = 2026-11-25
reference = {REFERENCE}
"""


def with_second_value(block: str) -> str:
    return VALID + "\n[[stay.days_per_year.values]]\n" + block


SECOND = f"""from = 2027-01-01
value = 60
confidence = "high"
last_checked = 2026-11-25
reference = {REFERENCE}
"""


def test_a_new_dated_value_answers_from_its_date_and_the_old_one_before() -> None:
    parameters = parse_parameters_text(with_second_value(SECOND))
    assert parameters.at("stay.days_per_year", dt.date(2026, 12, 31)).value == 90
    assert parameters.at("stay.days_per_year", dt.date(2027, 1, 1)).value == 60


def test_no_value_before_the_first_date() -> None:
    with pytest.raises(ParameterError, match="no value in force on 2024-12-31"):
        parse_parameters_text(VALID).at("stay.days_per_year", dt.date(2024, 12, 31))


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            VALID.replace(f"reference = {REFERENCE}", ""),
            "'reference' is missing",
        ),
        (
            VALID.replace(REFERENCE, '"Law"'),
            "'reference' must be",
        ),
        (VALID.replace('title = "Law", ', ""), "'reference.title' must be a non-empty text"),
        (VALID.replace('title_ru = "Закон", ', ""), "'reference.title_ru' must be a non-empty text"),
        (VALID.replace('article_ru = "ст. 5", ', ""), "'reference.article_ru' must be a non-empty text"),
        (VALID.replace('title_ru = "Закон"', 'title_ru = "Law"'), "'reference.title_ru' must be the Russian wording"),
        (VALID.replace(", date = 2024-08-08", ""), "'reference.date' is missing"),
        (VALID.replace("date = 2024-08-08", 'date = "8 August 2024"'), "'reference.date' must be a date"),
        (
            VALID.replace("date = 2024-08-08", 'date = 2024-08-08, date_kind = "read"'),
            "'reference.date_kind' must be one of",
        ),
        (VALID.replace("date = 2024-08-08", "date = 2024-08-08, dated = 2024-08-08"), "unknown key.*in 'reference'"),
        (VALID.replace("https://example.org/law", "example.org/law"), "must start with https://"),
        (VALID.replace("from = 2025-01-01", 'from = "1 January 2025"'), "'from' must be a date"),
        (VALID.replace("from = 2025-01-01", "from = 2025-01-01T10:00:00"), "'from' must be a date"),
        (VALID.replace("last_checked = 2026-11-25", "last_checked = 2026-13-25"), "not valid TOML"),
        (VALID.replace("last_checked = 2026-11-25\n", ""), "'last_checked' is missing"),
        (VALID.replace('confidence = "high"', 'confidence = "sure"'), "'confidence' must be one of"),
        (VALID.replace("value = 90", "value = 0"), "must be greater than 0"),
        (VALID.replace("value = 90", "value = [90]"), "'value' must be"),
        (VALID.replace('unit = "days"', ""), "'unit' must be a non-empty text"),
        (VALID.replace("confidence =", "note = 'x'\nconfidense = 'high'\nconfidence ="), "unknown key"),
        (with_second_value(SECOND.replace("2027-01-01", "2025-01-01")), "two values start on 2025-01-01"),
        (with_second_value(SECOND.replace("2027-01-01", "2024-01-01")), "must be in date order"),
        (with_second_value(SECOND.replace("value = 60", "value = true")), "same kind"),
        ("[stay]\ndays_per_year = 90\n", "expected a table"),
        ("stay = 90\n", "expected a table of parameters"),
        ('[stay.days_per_year]\ndescription = "x"\nunit = "days"\n', "needs at least one"),
    ],
)
def test_loading_refuses_a_broken_file_with_a_plain_message(broken: str, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        parse_parameters_text(broken)


def test_every_shipped_value_has_a_reference_and_a_check_date_not_in_the_future() -> None:
    parameters = load_parameters()
    assert parameters.names()
    for name in parameters.names():
        for value in parameters[name].values:
            assert value.reference.url.startswith("https://")
            assert value.last_checked <= dt.date.today(), f"{name}: checked in the future"
            assert value.since <= value.start, f"{name}: 'since' (start in the law) must not be after 'from'"


def test_unknown_parameter_is_named() -> None:
    with pytest.raises(ParameterError, match=r"unknown parameter 'stay\.nope'"):
        load_parameters()["stay.nope"]
    assert "stay.days_per_year" in load_parameters()
