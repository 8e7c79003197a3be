"""A new contract after the old one ended early.

Legal reference: Treaty on the Eurasian Economic Union of 29 May 2014, art. 97 §5 — if the
employment or civil-law contract is terminated early after 90 days from entry, the worker may
conclude a new contract within 15 days without leaving Russia. Within the first 90 days there is
no such right and the general 90-day stay rule applies.

Which day is the first "after 90 days" is not settled: counted from the entry day (day 1), 90 days
have passed at the end of entry + 89; counted from the next day, at the end of entry + 90. The
calculator takes the safer reading: the right exists only for a termination on entry + 91 or later,
and on entry + 90 it says that the readings disagree.
"""

from __future__ import annotations

import datetime as dt

from .dates import within
from .model import Context, Deadline, Request, Text
from .sanctions import breach_of_stay


def first_day_with_right(entry: dt.date, after: int) -> dt.date:
    """The first termination day that gives the 15-day right (entry + 91 for 90 days, the safer reading)."""
    return entry + dt.timedelta(days=after + 1)


def disputed_day(entry: dt.date, after: int) -> dt.date:
    """The termination day on which the two readings disagree (entry + 90)."""
    return entry + dt.timedelta(days=after)


def new_contract(request: Request, ctx: Context) -> tuple[Deadline | None, list[Text]]:
    """The ``new_contract`` deadline when a worker's contract was terminated, or a note why none."""
    contract = request.contract
    if request.purpose != "work" or contract is None or contract.terminated is None:
        return None, []
    entry = request.entry_date
    terminated = contract.terminated
    after = ctx.days("worker.new_contract_after_days", entry)
    window = ctx.days("worker.new_contract_days", entry)
    first_day = first_day_with_right(entry, after)
    if terminated < first_day:
        if terminated == disputed_day(entry, after):
            ctx.lookup("worker.new_contract_day_confidence", entry)
            return None, [Text("note.new_contract_disputed_day", {"terminated": terminated, "after": after})]
        return None, [Text("note.no_new_contract_right", {"after": after, "first_day": first_day, "days": window})]
    due = within(terminated, window)
    explanation = (
        Text("new_contract.rule", {"days": window, "after": after}),
        Text("new_contract.counting", {"terminated": terminated}),
    )
    sources = ("worker.new_contract_days", "worker.new_contract_after_days")
    what_happens, overdue_sources = breach_of_stay(request, ctx)
    if_overdue = (Text("overdue.new_contract", {"days": window}), *what_happens)
    deadline = Deadline(
        "new_contract", due, Text("title.new_contract"), explanation, sources, if_overdue, overdue_sources
    )
    return deadline, []
