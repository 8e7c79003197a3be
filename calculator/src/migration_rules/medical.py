"""Medical examination, fingerprinting and photographing.

Legal references:
- Federal Law No. 115-FZ of 25 July 2002, art. 5 §13 (added by Federal Law No. 274-FZ of
  1 July 2021, in force 29 December 2021): a visa-free foreigner who arrived for work passes them
  within 30 calendar days of entry; one who arrived for another purpose and stays longer than
  90 days, within 90 days of entry. Children under 6 are exempt.
- Fingerprinting and photographing procedure: Order of the Ministry of Internal Affairs of Russia No. 288 of
  24 May 2024.

A non-work stay counts as longer than 90 days when the planned exit is after entry + 89, or, without a
planned exit, for a family member of a worker (the safer answer). The law does not say on which day a
child's age counts: a child who turns 6 on or before the last day gets the deadline (the safer reading).
A pending bill that would make the date earlier adds a note (``data/pending.toml``).
"""

from __future__ import annotations

from .ages import birthday
from .dates import age_on, days_inclusive, within
from .model import Context, Deadline, Request, Text
from .pending import pending_for
from .purposes import purpose_in_text


def long_non_work_stay(request: Request, ctx: Context) -> bool:
    """Whether a non-work stay is taken to be longer than the threshold (90 days)."""
    threshold = ctx.days("medical.long_stay_threshold_days", request.entry_date)
    if request.planned_exit is not None:
        return days_inclusive(request.entry_date, request.planned_exit) > threshold
    return request.family_member_of_worker


def medical_exam(request: Request, ctx: Context) -> tuple[Deadline | None, list[Text]]:
    """The ``medical_exam`` deadline, or a note when the person is exempt or it does not apply."""
    entry = request.entry_date
    sources: tuple[str, ...]
    notes: list[Text] = []
    if request.purpose == "work":
        days = ctx.days("medical.work_days", entry)
        explanation = [Text("medical.work", {"days": days, "work": purpose_in_text("work")})]
        sources = ("medical.work_days",)
    else:
        threshold = ctx.days("medical.long_stay_threshold_days", entry)
        if not long_non_work_stay(request, ctx):
            return None, [Text("note.medical_not_needed", {"threshold": threshold})]
        days = ctx.days("medical.long_stay_days", entry)
        explanation = [Text("medical.long_stay", {"days": days, "threshold": threshold})]
        if request.planned_exit is None:
            explanation.append(Text("medical.family_taken_long", {"threshold": threshold}))
        sources = ("medical.long_stay_days", "medical.long_stay_threshold_days")
        for change in pending_for("medical.long_stay_days"):
            if change.safer_value is not None and change.safer_value < days:
                notes.append(
                    Text(
                        "note.pending_medical_exam",
                        {
                            "title": change.title,
                            "stage": change.stage,
                            "seen": change.status_seen,
                            "source": change.source,
                            "safer": within(entry, change.safer_value),
                            "due": within(entry, days),
                        },
                    )
                )
    due = within(entry, days)
    exempt_age = ctx.days("medical.exempt_under_age", entry)
    if request.birth_date is not None and age_on(request.birth_date, entry) < exempt_age:
        turns = birthday(request.birth_date, exempt_age)
        if turns > due:
            return None, [Text("note.medical_child_exempt", {"age": exempt_age, "birthday": turns})]
        ctx.lookup("medical.age_counting_confidence", entry)
        explanation.append(Text("medical.turns_age", {"age": exempt_age, "birthday": turns}))
        sources += ("medical.exempt_under_age", "medical.age_counting_confidence")
    explanation += [Text("medical.what"), Text("medical.counting")]
    ctx.lookup("sanctions.medical_exam_fine_min", request.today)
    ctx.lookup("sanctions.medical_exam_fine_max", request.today)
    if_overdue = (
        Text("overdue.medical_exam"),
        Text(
            "overdue.medical_exam_fine",
            {
                "min": ctx.days("sanctions.medical_exam_fine_min", request.today),
                "max": ctx.days("sanctions.medical_exam_fine_max", request.today),
            },
        ),
    )
    overdue_sources = ("sanctions.medical_exam_fine_min", "sanctions.medical_exam_fine_max")
    deadline = Deadline(
        "medical_exam", due, Text("title.medical_exam"), tuple(explanation), sources, if_overdue, overdue_sources
    )
    return deadline, notes
