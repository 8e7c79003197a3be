"""Applying to extend the stay for the term of the contract.

Legal references:
- Treaty on the Eurasian Economic Union of 29 May 2014, art. 97 §5: a worker and the worker's family
  members stay for the term of the employment or civil-law contract.
- Order of the Ministry of Internal Affairs of Russia No. 926 of 22 November 2021 (as amended by Order
  No. 749 of 12 October 2022), para. 3: art. 97 of the Treaty is a ground for extending a temporary stay;
  the person applies to the MVD migration department with a statement and a copy of the contract.
- Federal Law No. 115-FZ of 25 July 2002, art. 5 §2: a temporary stay ends on its last day unless it has
  been extended by that day.

So the last safe day to have the stay extended is the limit of a stay without a contract: the earlier
of entry + 89 and the day this calendar year's count reaches 90 (:func:`migration_rules.stay.ninety_day_limit`).
When no day of the year is left on the entry day, the application is due on the entry day itself.
"""

from __future__ import annotations

from .model import Context, Deadline, Request, Text
from .sanctions import breach_of_stay
from .stay import needs_extension, no_contract_limit

SOURCES: tuple[str, ...] = (
    "worker.stay_follows_contract",
    "worker.extension_ground",
    "stay.extension_by_last_day",
    "stay.days_per_year",
    "stay.continuous_days",
)


def extend_stay(request: Request, ctx: Context) -> tuple[Deadline | None, list[Text]]:
    """The ``extend_stay`` deadline for a worker (or family member) whose valid contract runs past the limit."""
    entry = request.entry_date
    contract = request.contract
    worker = request.purpose == "work" or request.family_member_of_worker
    if not worker or contract is None or contract.terminated is not None:
        return None, []
    if not ctx.flag("worker.stay_follows_contract", entry) or not ctx.flag("worker.extension_ground", entry):
        return None, []
    if not needs_extension(request, ctx):
        return None, []
    limit, used_up = no_contract_limit(request, ctx)
    explanation: list[Text]
    if used_up is None:
        explanation = [Text("extend.limit", {"limit": limit})]
    else:
        explanation = [Text("extend.year_used_up", {"year": used_up.year, "used": used_up.used, "entry": entry})]
    ctx.lookup("stay.extension_by_last_day", entry)
    if contract.end is None:
        explanation.append(Text("extend.contract_open"))
    else:
        explanation.append(Text("extend.contract_runs", {"end": contract.end}))
    explanation.append(Text("extend.how_family") if request.family_member_of_worker else Text("extend.how"))
    explanation.append(Text("extend.then"))
    what_happens, sources = breach_of_stay(request, ctx)
    if_overdue = (Text("overdue.extend_stay"), *what_happens)
    deadline = Deadline(
        "extend_stay", limit, Text("title.extend_stay"), tuple(explanation), SOURCES, if_overdue, sources
    )
    return deadline, []
