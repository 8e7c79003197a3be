"""Calendar file (iCalendar, RFC 5545) with one all-day event per dated deadline of a response."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from .dates import parse_iso_date

PRODID = "-//Jol//Migration deadlines//EN"
# Reminders: 7 days and 1 day before the deadline, at 09:00 on the phone's own clock. An all-day event starts at
# 00:00 local time (a floating date, RFC 5545 §3.3.4), and an alarm's TRIGGER is relative to that start, so
# "7 days before at 09:00" is 6 days 15 hours before it. The event has no time zone, so the alarm rings at 09:00
# wherever the phone is.
REMIND_AT_HOUR = 9
REMIND_DAYS_BEFORE = (7, 1)


def _trigger(days_before: int, hour: int = REMIND_AT_HOUR) -> str:
    """The TRIGGER duration of an alarm ``days_before`` days before an all-day event, at ``hour`` o'clock."""
    if days_before < 1 or not 0 <= hour < 24:
        raise ValueError(f"an alarm needs at least one day before and an hour of the day, not {days_before}, {hour}")
    days, hours = divmod(days_before * 24 - hour, 24)
    return "-P" + (f"{days}D" if days else "") + (f"T{hours}H" if hours else "")


# RFC 5545 §3.3.11: a TEXT value holds no control character but tab; a line break is written as "\n". Lone
# surrogates cannot be written in UTF-8 at all.
_LINE_BREAK = re.compile("\r\n|\r|\n|\u2028|\u2029")
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _escape(text: object) -> str:
    value = _UNWRITABLE.sub("\ufffd", _LINE_BREAK.sub("\n", str(text)))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets (RFC 5545 §3.1), never inside a character."""
    parts: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            parts.append(current)
            current = " "
        current += char
    parts.append(current)
    return parts


def to_ics(response: dict[str, Any], stamp: dt.datetime | None = None) -> str:
    """The calendar for a :func:`migration_rules.calculate` response (texts stay in its language).

    Deadlines without a date are left out. ``stamp`` is the creation time (default: now, UTC).
    """
    created = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for deadline in response.get("deadlines", []):
        day = parse_iso_date(deadline.get("due"))
        if day is None:  # no date (or not one): nothing to put in a calendar
            continue
        sources = "\n".join(f"{source['title']}: {source['url']}" for source in deadline.get("sources", []))
        description = f"{deadline['explanation']}\n\n{sources}".strip()
        uid = hashlib.sha256(f"{deadline['id']}|{day.isoformat()}".encode(errors="replace")).hexdigest()[:24]
        # An all-day event ends the next day; on 31 December 9999 there is none, and one day is the default length.
        end = [] if day == dt.date.max else [f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)):%Y%m%d}"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@jol",
            f"DTSTAMP:{created}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            *end,
            f"SUMMARY:{_escape(deadline['title'])}",
            f"DESCRIPTION:{_escape(description)}",
            "TRANSP:TRANSPARENT",
        ]
        for days_before in REMIND_DAYS_BEFORE:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{_escape(deadline['title'])}",
                f"TRIGGER:{_trigger(days_before)}",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
