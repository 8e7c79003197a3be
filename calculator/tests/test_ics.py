"""The calendar file parses with the icalendar library and carries one event per dated deadline."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from migration_rules import calculate
from migration_rules.ics import _trigger, to_ics

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
        assert len(list(event.walk("VALARM"))) == 2


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


def response_with(title: str, due: str, explanation: str = "x") -> dict[str, object]:
    deadline = {"id": "stay_limit", "due": due, "title": title, "explanation": explanation, "sources": []}
    return {"deadlines": [deadline]}


def test_the_last_date_python_knows_gives_a_one_day_event_without_an_end() -> None:
    text = to_ics(response_with("End", "9999-12-31"), STAMP)
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert event.decoded("dtstart") == dt.date(9999, 12, 31)
    assert "DTEND" not in text


def test_a_contract_ending_on_the_last_accepted_date_has_its_event() -> None:
    response = calculate(
        {
            "entry_date": "2026-03-01",
            "purpose": "work",
            "today": "2026-03-02",
            "contract": {"start": "2026-03-01", "end": "2100-12-31"},
        }
    )
    assert "DTEND;VALUE=DATE:21010101" in to_ics(response, STAMP)


@pytest.mark.parametrize("due", ["", None, "2026-02-30", "9999-99-99", "+2026-03-01", 20260301])
def test_a_due_that_is_not_a_date_is_left_out(due: object) -> None:
    calendar = icalendar.Calendar.from_ical(to_ics(response_with("x", due), STAMP))  # type: ignore[arg-type]
    assert list(calendar.walk("VEVENT")) == []


def test_bare_cr_and_control_characters_are_never_written_raw() -> None:
    title = "a\rX-INJECT:1\r\nb\nc\x00d\x1be\x7ff\tg\u2028h\ud800i"
    text = to_ics(response_with(title, "2026-03-30", explanation=title), STAMP)
    text.encode("utf-8")  # no lone surrogate
    assert all(0x20 <= ord(c) != 0x7F or c == "\t" for c in text.replace("\r\n", ""))
    assert "\r\nX-INJECT" not in text
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert str(event.get("summary")) == "a\nX-INJECT:1\nb\nc\ufffdd\ufffde\ufffdf\tg\nh\ufffdi"
    assert "X-INJECT" not in event


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_each_deadline_rings_7_days_and_1_day_before_at_9_in_the_morning(lang: str) -> None:
    response = calculate(
        {"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02", "region": "other", "lang": lang}
    )
    calendar = icalendar.Calendar.from_ical(to_ics(response, STAMP))
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        midnight = dt.datetime.combine(start, dt.time())  # an all-day event starts at 00:00 on the phone's clock
        rings = sorted(midnight + alarm.decoded("trigger") for alarm in event.walk("VALARM"))
        assert rings == [
            dt.datetime.combine(start - dt.timedelta(days=7), dt.time(9)),
            dt.datetime.combine(start - dt.timedelta(days=1), dt.time(9)),
        ]
        for alarm in event.walk("VALARM"):
            assert str(alarm.get("action")) == "DISPLAY"
            assert str(alarm.get("description")) == str(event.get("summary"))  # in the reader's language


@pytest.mark.parametrize(
    ("days_before", "hour", "trigger"),
    [(7, 9, "-P6DT15H"), (1, 9, "-PT15H"), (1, 0, "-P1D"), (2, 23, "-P1DT1H")],
)
def test_an_alarm_trigger_counts_back_from_the_midnight_that_starts_the_day(
    days_before: int, hour: int, trigger: str
) -> None:
    assert _trigger(days_before, hour) == trigger


@pytest.mark.parametrize(("days_before", "hour"), [(0, 9), (1, 24), (1, -1)])
def test_an_alarm_on_the_day_itself_or_at_an_impossible_hour_is_refused(days_before: int, hour: int) -> None:
    with pytest.raises(ValueError, match="an alarm needs"):
        _trigger(days_before, hour)
