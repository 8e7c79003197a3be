"""Migration registration of a citizen of Kyrgyzstan.

Legal references:
- Treaty on the Eurasian Economic Union of 29 May 2014, art. 97 §9: workers and their family
  members are exempt from registration for 30 days from entry.
- Federal Law No. 109-FZ of 18 July 2006, art. 20: the receiving party notifies the migration
  authority (general rule: 7 working days; citizens of Kyrgyzstan have the 30-day exemption).
- Federal Law No. 121-FZ of 23 May 2025 (Amina, Moscow and Moscow region): a person the regime covers
  is registered through the app at the address of the MMC Sakharovo, not by a landlord.
Whether the 30 days end on entry + 29 or one day later is not settled: the calculator gives the
earlier day (entry day = day 1) and says so. A registration day after the last day of the stay is
not a deadline (the person must leave first): a note says so instead.
"""

from __future__ import annotations

import datetime as dt

from .dates import days_inclusive, within
from .model import Context, Deadline, Request, Text
from .sanctions import breach_of_stay


def registration(
    request: Request, ctx: Context, last_day: dt.date | None = None, amina_from: dt.date | None = None
) -> tuple[Deadline | None, list[Text]]:
    """The ``registration`` deadline, or a note when none is needed or the stay ends first.

    ``last_day``: the last day of the legal stay, if known; ``amina_from``: the first day the Amina
    regime covers the person, if it does.
    """
    entry = request.entry_date
    exempt_days = ctx.days("registration.exemption_days", entry)
    if request.planned_exit is not None and days_inclusive(entry, request.planned_exit) <= exempt_days:
        return None, [Text("note.registration_not_needed", {"days": exempt_days, "exit": request.planned_exit})]
    due = within(entry, exempt_days)
    if last_day is not None and due > last_day:
        return None, [Text("note.registration_after_stay_end", {"last": last_day, "due": due, "days": exempt_days})]
    ctx.lookup("registration.counting_confidence", entry)
    worker = request.purpose == "work" or request.family_member_of_worker
    sources: tuple[str, ...] = ("registration.exemption_days", "registration.counting_confidence")
    amina = amina_from is not None and amina_from <= due and ctx.flag("amina.registration_at_mmc", amina_from)
    if amina:
        who = Text("registration.who_amina")
        sources += ("amina.registration_at_mmc",)
    else:
        who = Text("registration.who")
    explanation = [
        Text("registration.rule", {"days": exempt_days}),
        who,
        Text("registration.term_worker")
        if worker
        else Text("registration.term_other", {"days": ctx.days("stay.continuous_days", entry)}),
        Text("registration.counting", {"days": exempt_days}),
    ]
    what_happens, overdue_sources = breach_of_stay(request, ctx)
    today = Text("overdue.registration_amina") if amina else Text("overdue.registration")
    if_overdue = (today, *what_happens)
    deadline = Deadline(
        "registration", due, Text("title.registration"), tuple(explanation), sources, if_overdue, overdue_sources
    )
    return deadline, []
