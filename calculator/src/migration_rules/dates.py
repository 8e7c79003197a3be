"""Dates: parsing ISO strings, counting days, and writing dates out in each language.

Counting convention (see the guide's "About" page): "within N days of an event" makes the
event day day 1, so the last safe day is ``event + N - 1``. Days of stay count inclusively.
"""

from __future__ import annotations

import datetime as dt
import re

LANGUAGES: tuple[str, ...] = ("ky", "ru", "en")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only, nothing around them

# The calculator's own range of dates (not a legal value; the earliest date of the rules is the parameter
# ``calculator.earliest_date``). A date outside it is a typing mistake in the year, and is refused with a message
# that says so. LATEST_DATE keeps every date the rules compute (up to a year after it) and the calendar file's end
# dates far from the end of Python's calendar (9999-12-31).
OLDEST_DATE = dt.date(1900, 1, 1)  # birth dates and contract starts
LATEST_DATE = dt.date(2100, 12, 31)  # every date of a request

_MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    # Genitive, as in "1 марта 2026 года".
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
    # Possessive form, as in "2026-жылдын 1-марты"; a case ending may follow.
    "ky": (
        "январы",
        "февралы",
        "марты",
        "апрели",
        "майы",
        "июну",
        "июлу",
        "августу",
        "сентябры",
        "октябры",
        "ноябры",
        "декабры",
    ),
}


def parse_iso_date(text: object) -> dt.date | None:
    """Return the date of a strict ``YYYY-MM-DD`` string, or None if it is not one."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def within(event: dt.date, days: int) -> dt.date:
    """Last safe day of a period of ``days`` days that starts on ``event`` (day 1)."""
    return event + dt.timedelta(days=days - 1)


def days_inclusive(first: dt.date, last: dt.date) -> int:
    """Number of days from ``first`` to ``last``, both days counted."""
    return (last - first).days + 1


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


# Kyrgyz case endings after the possessive month form: back vowel (ы, у) or front vowel (и).
KYRGYZ_CASES: dict[str, tuple[str, str]] = {
    "nom": ("", ""),
    "dat": ("на", "не"),  # 1-мартына чейин
    "abl": ("нан", "нен"),  # 1-мартынан тартып
    "loc": ("нда", "нде"),  # 1-мартында
}


def format_short_date(day: dt.date) -> str:
    """A date as day and month in figures, "09.12", as on the migration card (the same in every language): the labels
    of the answer's timeline picture, whose full dates are written out beside it."""
    return f"{day.day:02}.{day.month:02}"


def format_date(day: dt.date, lang: str, case: str = "nom") -> str:
    """Write a date out in full: "1 March 2026", "1 марта 2026 года", "2026-жылдын 1-марты".

    ``case`` is a Kyrgyz grammatical case (``nom``, ``dat``, ``abl``, ``loc``): it adds the
    ending that fits the month ("1-мартынан", "1-апрелинен"). Russian and English ignore it.
    """
    if case not in KYRGYZ_CASES:
        raise ValueError(f"unknown case {case!r}; use one of {', '.join(KYRGYZ_CASES)}")
    month = _MONTHS[lang][day.month - 1]
    if lang == "en":
        return f"{day.day} {month} {day.year}"
    if lang == "ru":
        return f"{day.day} {month} {day.year} года"
    back, front = KYRGYZ_CASES[case]
    ending = front if month.endswith("и") else back
    return f"{day.year}-жылдын {day.day}-{month}{ending}"
