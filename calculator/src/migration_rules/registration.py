"""Migration registration of a citizen of Kyrgyzstan.

Legal references:
- Treaty on the Eurasian Economic Union of 29 May 2014, art. 97 §9: workers and their family
  members are exempt from registration for 30 days from entry.
- Federal Law No. 109-FZ of 18 July 2006, art. 20: the receiving party notifies the migration
  authority (general rule: 7 working days; citizens of Kyrgyzstan have the 30-day exemption).
Whether the 30 days end on entry + 29 or one day later is not settled: the calculator gives the
earlier day (entry day = day 1) and says so.
"""

from __future__ import annotations

from .dates import days_inclusive, within
from .model import Context, Deadline, Request, Text


def registration(request: Request, ctx: Context) -> tuple[Deadline | None, list[Text]]:
    """The ``registration`` deadline, or a note when a short planned stay needs none."""
    entry = request.entry_date
    exempt_days = ctx.days("registration.exemption_days", entry)
    if request.planned_exit is not None and days_inclusive(entry, request.planned_exit) <= exempt_days:
        return None, [Text("note.registration_not_needed", {"days": exempt_days, "exit": request.planned_exit})]
    ctx.lookup("registration.counting_confidence", entry)
    worker = request.purpose == "work" or request.family_member_of_worker
    explanation = [
        Text("registration.rule", {"days": exempt_days}),
        Text("registration.who"),
        Text("registration.term_worker")
        if worker
        else Text("registration.term_other", {"days": ctx.days("stay.continuous_days", entry)}),
        Text("registration.counting", {"days": exempt_days}),
    ]
    sources = ("registration.exemption_days", "registration.counting_confidence")
    due = within(entry, exempt_days)
    return Deadline("registration", due, Text("title.registration"), tuple(explanation), sources), []
