"""Medical examination, fingerprinting and photographing.

Legal references:
- Federal Law No. 115-FZ of 25 July 2002, art. 5 §13 (added by Federal Law No. 274-FZ of
  1 July 2021, in force 29 December 2021): a visa-free foreigner who arrived for work passes them
  within 30 calendar days of entry; one who arrived for another purpose and stays longer than
  90 days, within 90 days of entry. Children under 6 are exempt.
- Fingerprinting and photographing procedure: Order of the Ministry of Internal Affairs of Russia No. 288 of
  24 May 2024.
"""

from __future__ import annotations

from .dates import age_on, days_inclusive, within
from .model import Context, Deadline, Request, Text


def medical_exam(request: Request, ctx: Context) -> tuple[Deadline | None, list[Text]]:
    """The ``medical_exam`` deadline, or a note when the person is exempt or it does not apply."""
    entry = request.entry_date
    exempt_age = ctx.days("medical.exempt_under_age", entry)
    if request.birth_date is not None and age_on(request.birth_date, entry) < exempt_age:
        return None, [Text("note.medical_child_exempt", {"age": exempt_age})]
    sources: tuple[str, ...]
    if request.purpose == "work":
        days = ctx.days("medical.work_days", entry)
        explanation = (Text("medical.work", {"days": days}), Text("medical.what"), Text("medical.counting"))
        sources = ("medical.work_days",)
        return Deadline("medical_exam", within(entry, days), Text("title.medical_exam"), explanation, sources), []
    threshold = ctx.days("medical.long_stay_threshold_days", entry)
    long_stay = request.family_member_of_worker or (
        request.planned_exit is not None and days_inclusive(entry, request.planned_exit) > threshold
    )
    if not long_stay:
        return None, [Text("note.medical_not_needed", {"threshold": threshold})]
    days = ctx.days("medical.long_stay_days", entry)
    explanation = (
        Text("medical.long_stay", {"days": days, "threshold": threshold}),
        Text("medical.what"),
        Text("medical.counting"),
    )
    sources = ("medical.long_stay_days", "medical.long_stay_threshold_days")
    return Deadline("medical_exam", within(entry, days), Text("title.medical_exam"), explanation, sources), []
