"""Calendar file (iCalendar, RFC 5545) with one all-day event per dated deadline of a response."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from .dates import parse_iso_date

PRODID = "-//Jol//Migration deadlines//EN"
REMIND_DAYS_BEFORE = 3

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
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(deadline['title'])}",
            f"TRIGGER:-P{REMIND_DAYS_BEFORE}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
