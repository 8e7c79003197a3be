"""Birthdays: the day a person reaches an age (used where an age limit changes during a stay)."""

from __future__ import annotations

import datetime as dt


def birthday(birth: dt.date, years: int) -> dt.date:
    """The day someone born on ``birth`` turns ``years`` old (29 February: 1 March in a common year).

    Agrees with :func:`migration_rules.dates.age_on`.
    """
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(birth.year + years, 3, 1)
