"""The RuID entry application before a trip (reported, not confirmed).

Reported: in January 2026 the Ministry of Internal Affairs of Russia published a draft Government
decree — from 1 July 2026 a visa-free foreigner entering for work or study must file an entry
application in the Gosuslugi RuID app, at least 72 hours before crossing the border (Government
Decree No. 1510 of 7 November 2024 runs the experiment). Kyrgyz ministries announced it in May 2026
(one report: from 30 June 2026; the earlier day is used). The adopted decree could not be read, so
the parameters have confidence "low" and the item says that filing is the safe choice.

The last safe day works for any crossing time on the entry day, even just after midnight: at least
72 hours before 00:00 of the entry day is the end of entry − 4 days.
"""

from __future__ import annotations

import datetime as dt

from .model import Context, Deadline, Request, Text
from .purposes import purpose_in_text

SOURCES: tuple[str, ...] = ("ruid.application_required", "ruid.purposes", "ruid.hours_before_entry")


def last_filing_day(entry: dt.date, hours: int) -> dt.date:
    """The last day on which filing at any time is at least ``hours`` before any crossing on ``entry``."""
    whole_days = -(-hours // 24)  # 72 hours: 3 days before 00:00 of the entry day
    return entry - dt.timedelta(days=whole_days + 1)


def ruid_application(request: Request, ctx: Context) -> tuple[Deadline | None, list[Text]]:
    """The ``ruid_application`` item for a planned trip the reported rule covers."""
    entry = request.entry_date
    if entry <= request.today:
        return None, []
    if not ctx.flag("ruid.application_required", entry):
        return None, []
    purposes = {name.strip() for name in str(ctx.value("ruid.purposes", entry)).split(",")}
    if request.purpose not in purposes:
        return None, []
    hours = ctx.days("ruid.hours_before_entry", entry)
    due = last_filing_day(entry, hours)
    explanation = (
        Text("ruid.reported", {"hours": hours, "work": purpose_in_text("work"), "study": purpose_in_text("study")}),
        Text("ruid.your_trip", {"entry": entry, "purpose": purpose_in_text(request.purpose)}),
        Text("ruid.counting", {"hours": hours, "entry": entry}),
        Text("ruid.unconfirmed"),
    )
    if_overdue = (Text("overdue.ruid_application", {"hours": hours}),)
    deadline = Deadline("ruid_application", due, Text("title.ruid_application"), explanation, SOURCES, if_overdue, ())
    return deadline, []
