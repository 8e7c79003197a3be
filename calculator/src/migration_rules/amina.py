"""Amina: the experimental regime of Moscow and Moscow region.

Legal reference: Federal Law No. 121-FZ of 23 May 2025 — from 1 September 2025 to
1 September 2029 in Moscow and Moscow region; covers visa-free foreigners who arrived for work
from 1 September 2025, and those who arrived for another purpose and stay longer than 90 days
from 1 September 2026. Persons under 18 are exempt. The law sets no separate number of days
for installing the app: the calculator gives no date and says to do it at once, with the
medical examination.
"""

from __future__ import annotations

from .dates import age_on, days_inclusive
from .model import Context, Deadline, Request, Text


def amina(request: Request, ctx: Context, medical_due: Text | None) -> tuple[Deadline | None, list[Text]]:
    """The ``amina`` item for someone the regime covers, or a note on why it does not apply."""
    if request.region != "moscow":
        return None, []
    entry = request.entry_date
    start = max(entry, request.today)
    threshold = ctx.days("medical.long_stay_threshold_days", entry)
    if request.purpose == "work":
        parameter = "amina.covers_work"
        who = Text("amina.who")
    else:
        long_stay = request.family_member_of_worker or (
            request.planned_exit is not None and days_inclusive(entry, request.planned_exit) > threshold
        )
        if not long_stay:
            return None, [Text("note.amina_short_stay", {"threshold": threshold})]
        parameter = "amina.covers_long_stay"
        who = Text("amina.who_long_stay", {"threshold": threshold})
    covered_from = ctx.first_day_true(parameter, start)
    if covered_from is None or (request.planned_exit is not None and request.planned_exit < covered_from):
        return None, [Text("note.amina_not_yet")]
    min_age = ctx.days("amina.min_age", covered_from)
    if request.birth_date is not None and age_on(request.birth_date, covered_from) < min_age:
        return None, [Text("note.amina_under_age", {"age": min_age})]
    explanation: list[Text] = [who]
    if covered_from > start:
        explanation.append(Text("amina.from", {"start": covered_from}))
    explanation.append(Text("amina.no_fixed_deadline"))
    if medical_due is not None:
        explanation.append(medical_due)
    explanation.append(Text("amina.location", {"days": ctx.days("amina.missing_location_working_days", covered_from)}))
    sources = (parameter, "amina.min_age", "amina.missing_location_working_days")
    return Deadline("amina", None, Text("title.amina"), tuple(explanation), sources), []
