"""The calendar file parses with the icalendar library and carries one event per dated deadline."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from migration_rules import calculate
from migration_rules.ics import to_ics

STAMP = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_one_all_day_event_per_dated_deadline(lang: str) -> None:
    response = calculate(
        {"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02", "region": "moscow", "lang": lang}
    )
    calendar = icalendar.Calendar.from_ical(to_ics(response, STAMP))
    events = list(calendar.walk("VEVENT"))
    dated = [d for d in response["deadlines"] if d["due"]]
    assert len(dated) == len(events) == 3
    for deadline, event in zip(dated, events, strict=True):
        assert deadline["title"] == str(event.get("summary"))
        assert dt.date.fromisoformat(deadline["due"]) == event.decoded("dtstart")
        assert deadline["explanation"] in str(event.get("description"))
        assert len(list(event.walk("VALARM"))) == 1


def test_lines_are_folded_to_75_octets_with_crlf() -> None:
    response = calculate({"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02", "lang": "ky"})
    text = to_ics(response, STAMP)
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_errors_give_an_empty_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(to_ics(calculate({"purpose": "work"}), STAMP))
    assert list(calendar.walk("VEVENT")) == []


def test_default_stamp_is_now() -> None:
    response = calculate({"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02"})
    assert "DTSTAMP:" in to_ics(response)
