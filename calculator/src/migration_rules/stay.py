"""How long a citizen of Kyrgyzstan may stay in Russia.

Legal references:
- Federal Law No. 115-FZ of 25 July 2002, art. 5 §1 (as amended by Federal Law No. 260-FZ of
  8 August 2024, in force 1 January 2025): a visa-free stay is at most 90 days in total in each
  calendar year, and a continuous stay at most 90 days.
- Treaty on the Eurasian Economic Union of 29 May 2014, art. 97 §5: a worker and the worker's
  family members stay for the term of the employment or civil-law contract; after an early
  termination more than 90 days after entry, a new contract may be concluded within 15 days (the
  worker's right: a family member's stay follows the worker's new contract).
"""

from __future__ import annotations

import datetime as dt

from .contract import first_day_with_right
from .dates import days_inclusive, within
from .model import Context, Deadline, Request, Text, TextParam
from .purposes import purpose_in_text
from .sanctions import breach_of_stay

# 1 January 2025: the calendar-year rule replaced "90 days in any 180" (Federal Law No. 260-FZ).


class YearUsedUp(Exception):
    """No day of stay is left in the calendar year of entry."""

    def __init__(self, year: int, used: int) -> None:
        super().__init__(year, used)
        self.year = year
        self.used = used


def days_used_in_year(request: Request, year: int) -> int:
    """Days of earlier stays that fall in ``year`` (both entry and exit days count)."""
    first_of_year = dt.date(year, 1, 1)
    last_of_year = dt.date(year, 12, 31)
    used = 0
    for stay in request.previous_stays:
        start = max(stay.entry, first_of_year)
        end = min(stay.exit, last_of_year)
        if start <= end:
            used += days_inclusive(start, end)
    return used


def ninety_day_limit(request: Request, ctx: Context) -> tuple[dt.date, tuple[Text, ...]]:
    """Last safe day under the 90-days-per-calendar-year and 90-continuous-days rule.

    The earlier of entry + 89 (continuous limit) and the day this calendar year's count reaches
    90. A stay that crosses 31 December restarts the yearly count but not the continuous one
    (the law is not explicit: the calculator says so). Raises :class:`YearUsedUp`.
    """
    entry = request.entry_date
    per_year = ctx.days("stay.days_per_year", entry)
    continuous = ctx.days("stay.continuous_days", entry)
    used = days_used_in_year(request, entry.year)
    remaining = per_year - used
    if remaining <= 0:
        raise YearUsedUp(entry.year, used)
    continuous_last = within(entry, continuous)
    year_last = within(entry, remaining)
    explanation: list[Text] = [
        Text("stay.rule", {"per_year": per_year, "continuous": continuous}),
        Text("stay.used", {"year": entry.year, "used": used, "remaining": remaining}),
    ]
    if year_last.year == entry.year and year_last < continuous_last:
        explanation.append(Text("stay.year_limit_reached", {"year": entry.year}))
        return year_last, tuple(explanation)
    if continuous_last.year > entry.year:
        ctx.lookup("stay.year_crossing_confidence", entry)
        explanation.append(Text("stay.crosses_year", {"year": entry.year + 1, "continuous": continuous}))
    explanation.append(Text("stay.continuous_limit_reached", {"continuous": continuous}))
    return continuous_last, tuple(explanation)


def no_contract_limit(request: Request, ctx: Context) -> tuple[dt.date, YearUsedUp | None]:
    """The last day of a stay without a contract, or the entry day when no day of the year is left."""
    try:
        return ninety_day_limit(request, ctx)[0], None
    except YearUsedUp as used_up:
        return request.entry_date, used_up


def needs_extension(request: Request, ctx: Context) -> bool:
    """Whether a valid contract runs past the limit of a stay without a contract (and the person stays on)."""
    contract = request.contract
    if contract is None or contract.terminated is not None:
        return False
    limit, _ = no_contract_limit(request, ctx)
    if contract.end is not None and contract.end <= limit:
        return False
    return request.planned_exit is None or request.planned_exit > limit


def stay_limit(request: Request, ctx: Context) -> tuple[Deadline, list[Text]]:
    """The ``stay_limit`` deadline and any notes about it. Raises :class:`YearUsedUp`."""
    entry = request.entry_date
    contract = request.contract
    notes: list[Text] = []
    explanation: tuple[Text, ...]
    follows_contract = ctx.flag("worker.stay_follows_contract", entry)
    worker = request.purpose == "work" or request.family_member_of_worker
    if contract is not None and not worker:
        notes.append(Text("note.contract_needs_work_purpose", {"work": purpose_in_text("work")}))
    if follows_contract and worker and contract is not None and contract.terminated is None:
        key = "stay.contract_family" if request.family_member_of_worker else "stay.contract"
        if contract.end is None:
            notes.append(Text("note.open_ended_contract"))
            explanation = (Text(key + "_open"),)
        else:
            explanation = (Text(key, {"end": contract.end}),)
        if needs_extension(request, ctx):  # the condition first: the contract's term holds only once extended
            explanation = (Text("stay.extend", {"due": no_contract_limit(request, ctx)[0]}), *explanation)
        deadline = Deadline(
            "stay_limit",
            contract.end,
            Text("title.stay_limit"),
            explanation,
            ("worker.stay_follows_contract",),
        )
        return _with_overdue(deadline, request, ctx), notes
    if follows_contract and request.family_member_of_worker and contract is None:
        deadline = Deadline(
            "stay_limit",
            None,
            Text("title.stay_limit"),
            (Text("stay.family_needs_contract"),),
            ("worker.stay_follows_contract",),
        )
        return deadline, notes
    if worker and contract is not None and contract.terminated is not None:
        terminated = contract.terminated
        after = ctx.days("worker.new_contract_after_days", entry)
        window = ctx.days("worker.new_contract_days", entry)
        if terminated >= first_day_with_right(entry, after):
            due = within(terminated, window)
            params: dict[str, TextParam] = {"terminated": terminated, "days": window}
            text = (
                Text("stay.after_termination_family", params)
                if request.family_member_of_worker
                else Text("stay.after_termination", params)
            )
            deadline = _with_overdue(
                Deadline(
                    "stay_limit",
                    due,
                    Text("title.stay_limit"),
                    (text,),
                    ("worker.new_contract_days", "worker.new_contract_after_days"),
                ),
                request,
                ctx,
            )
            return deadline, notes
    due, explanation = ninety_day_limit(request, ctx)
    if request.planned_exit is not None and request.planned_exit > due:
        notes.append(Text("note.planned_exit_too_late", {"exit": request.planned_exit, "due": due}))
    deadline = Deadline(
        "stay_limit", due, Text("title.stay_limit"), explanation, ("stay.days_per_year", "stay.continuous_days")
    )
    return _with_overdue(deadline, request, ctx), notes


def _with_overdue(deadline: Deadline, request: Request, ctx: Context) -> Deadline:
    """The stay-limit item with what to do once its day has passed: leave at once."""
    what_happens, sources = breach_of_stay(request, ctx)
    return Deadline(
        deadline.id,
        deadline.due,
        deadline.title,
        deadline.explanation,
        deadline.sources,
        (Text("overdue.stay_limit"), *what_happens),
        sources,
    )
