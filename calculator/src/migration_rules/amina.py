"""Amina: the experimental regime of Moscow and Moscow region.

Legal reference: Federal Law No. 121-FZ of 23 May 2025 — from 1 September 2025 to
1 September 2029 in Moscow and Moscow region; covers visa-free foreigners who arrived for work
from 1 September 2025, and those who arrived for another purpose and stay longer than 90 days
from 1 September 2026. Persons under 18 are exempt: someone who turns 18 during a covered stay is
covered from that birthday. The law sets no separate number of days for installing the app: the
calculator gives no date and says to do it at once, with the medical examination. A covered person is
registered through the app at the address of the MMC Sakharovo (see :mod:`migration_rules.registration`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .ages import birthday
from .dates import age_on
from .medical import long_non_work_stay
from .model import Context, Deadline, Request, Text
from .purposes import purpose_in_text


@dataclass(frozen=True)
class Coverage:
    """Whether and from which day the regime covers a request's stay, or the note that says why not."""

    start: dt.date | None
    parameter: str
    who: Text | None = None
    note: Text | None = None
    from_birthday: bool = False


def coverage(
    request: Request, ctx: Context, last_day: dt.date | None = None, from_day: dt.date | None = None
) -> Coverage | None:
    """The regime's coverage of this stay; None outside Moscow and Moscow region.

    ``last_day``: the last day of the legal stay when known (the end of a stay without a planned exit);
    ``from_day``: the first day to look at (default: the later of entry and today).
    """
    if request.region != "moscow":
        return None
    entry = request.entry_date
    start = from_day or max(entry, request.today)
    threshold = ctx.days("medical.long_stay_threshold_days", entry)
    if request.purpose == "work":
        parameter = "amina.covers_work"
        who = Text("amina.who", {"work": purpose_in_text("work")})
    else:
        if not long_non_work_stay(request, ctx):
            return Coverage(
                None, "amina.covers_long_stay", note=Text("note.amina_short_stay", {"threshold": threshold})
            )
        parameter = "amina.covers_long_stay"
        who = Text("amina.who_long_stay", {"threshold": threshold})
    covered_from = ctx.first_day_true(parameter, start)
    if covered_from is None:
        if ctx.ever_true_before(parameter, start):
            end = ctx.lookup(parameter, start).start
            return Coverage(None, parameter, note=Text("note.amina_ended", {"end": end}))
        return Coverage(None, parameter, note=Text("note.amina_not_yet"))
    if request.planned_exit is not None and request.planned_exit < covered_from:
        return Coverage(None, parameter, note=Text("note.amina_not_yet"))
    min_age = ctx.days("amina.min_age", covered_from)
    if request.birth_date is None or age_on(request.birth_date, covered_from) >= min_age:
        return Coverage(covered_from, parameter, who)
    adult = birthday(request.birth_date, min_age)
    stay_end = request.planned_exit or last_day
    if (stay_end is None or adult <= stay_end) and ctx.flag(parameter, adult):
        return Coverage(adult, parameter, who, from_birthday=True)
    return Coverage(None, parameter, note=Text("note.amina_under_age", {"age": min_age}))


def amina(
    request: Request, ctx: Context, medical_due: Text | None, covered: Coverage | None = None
) -> tuple[Deadline | None, list[Text]]:
    """The ``amina`` item for someone the regime covers, or a note on why it does not apply."""
    if covered is None:
        covered = coverage(request, ctx)
    if covered is None:
        return None, []
    if covered.start is None or covered.who is None:
        return None, [covered.note] if covered.note is not None else []
    start = max(request.entry_date, request.today)
    explanation: list[Text] = [covered.who]
    min_age = ctx.days("amina.min_age", covered.start)
    if covered.from_birthday:
        explanation.append(Text("amina.from_birthday", {"age": min_age, "start": covered.start}))
    elif covered.start > start:
        explanation.append(Text("amina.from", {"start": covered.start}))
    explanation.append(Text("amina.no_fixed_deadline"))
    if medical_due is not None:
        explanation.append(medical_due)
    explanation.append(Text("amina.location", {"days": ctx.days("amina.missing_location_working_days", covered.start)}))
    regime_end = ctx.first_day_false_after(covered.parameter, covered.start)
    if regime_end is not None:
        explanation.append(Text("amina.until", {"end": regime_end}))
    sources = (covered.parameter, "amina.min_age", "amina.missing_location_working_days")
    return Deadline("amina", None, Text("title.amina"), tuple(explanation), sources), []
