"""Dates: counting and writing out."""

from __future__ import annotations

import datetime as dt

import pytest
from migration_rules.dates import (
    LATEST_DATE,
    OLDEST_DATE,
    age_on,
    days_inclusive,
    format_date,
    parse_iso_date,
    within,
)


def test_day_of_entry_is_day_1() -> None:
    # Days counted inclusively, the entry day being day 1: entry 26 September 2017, day 90 is 24 December 2017.
    assert dt.date(2017, 12, 24) == within(dt.date(2017, 9, 26), 90)
    assert days_inclusive(dt.date(2017, 9, 26), dt.date(2017, 12, 24)) == 90


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("2028-02-29", dt.date(2028, 2, 29)),
        ("2027-02-29", None),
        ("2026-3-1", None),
        ("01.03.2026", None),
        ("", None),
        (None, None),
        (20260301, None),
        ("2026-03-01T00:00", None),
    ],
)
def test_parse_iso_date_accepts_only_real_yyyy_mm_dd(text: object, expected: dt.date | None) -> None:
    assert expected == parse_iso_date(text)


def test_age_on_birthday_and_leap_day() -> None:
    assert age_on(dt.date(2020, 3, 1), dt.date(2026, 3, 1)) == 6
    assert age_on(dt.date(2020, 3, 2), dt.date(2026, 3, 1)) == 5
    assert age_on(dt.date(2020, 2, 29), dt.date(2026, 2, 28)) == 5
    assert age_on(dt.date(2020, 2, 29), dt.date(2026, 3, 1)) == 6


@pytest.mark.parametrize(
    ("lang", "case", "expected"),
    [
        ("en", "nom", "1 March 2026"),
        ("ru", "nom", "1 марта 2026 года"),
        ("ky", "nom", "2026-жылдын 1-марты"),
        ("ky", "abl", "2026-жылдын 1-мартынан"),
        ("ky", "dat", "2026-жылдын 1-мартына"),
        ("ky", "loc", "2026-жылдын 1-мартында"),
        ("ru", "abl", "1 марта 2026 года"),
    ],
)
def test_format_date(lang: str, case: str, expected: str) -> None:
    assert expected == format_date(dt.date(2026, 3, 1), lang, case)


def test_kyrgyz_endings_follow_vowel_harmony() -> None:
    assert format_date(dt.date(2026, 4, 1), "ky", "abl") == "2026-жылдын 1-апрелинен"
    assert format_date(dt.date(2026, 6, 1), "ky", "dat") == "2026-жылдын 1-июнуна"
    assert format_date(dt.date(2026, 4, 1), "ky", "loc") == "2026-жылдын 1-апрелинде"


def test_every_month_is_written_in_every_language() -> None:
    for lang in ("ky", "ru", "en"):
        names = {format_date(dt.date(2026, month, 1), lang) for month in range(1, 13)}
        assert len(names) == 12


def test_unknown_case_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown case"):
        format_date(dt.date(2026, 3, 1), "ky", "gen")


@pytest.mark.parametrize("text", ["２０２６-03-01", "٢٠٢٦-٠٣-٠١", "2026-03-01\n", " 2026-03-01", "2026-03-01\x00"])
def test_only_ascii_digits_with_nothing_around_them_are_a_date(text: str) -> None:
    assert parse_iso_date(text) is None


def test_the_supported_range_keeps_every_computed_date_far_from_pythons_last_day() -> None:
    assert (dt.date(1900, 1, 1), dt.date(2100, 12, 31)) == (OLDEST_DATE, LATEST_DATE)
    assert within(LATEST_DATE, 400) < dt.date.max
    assert format_date(LATEST_DATE, "ky", "abl") == "2100-жылдын 31-декабрынан"
