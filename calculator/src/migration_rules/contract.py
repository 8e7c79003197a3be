"""A new contract after the old one ended early.

Legal reference: Treaty on the Eurasian Economic Union of 29 May 2014, art. 97 §5 — if the
employment or civil-law contract is terminated early after 90 days from entry, the worker may
conclude a new contract within 15 days without leaving Russia. Within the first 90 days there is
no such right and the general 90-day stay rule applies.
"""

from __future__ import annotations

from .dates import within
from .model import Context, Deadline, Request, Text


def new_contract(request: Request, ctx: Context) -> tuple[Deadline | None, list[Text]]:
    """The ``new_contract`` deadline when a worker's contract was terminated, or a note why none."""
    contract = request.contract
    if request.purpose != "work" or contract is None or contract.terminated is None:
        return None, []
    entry = request.entry_date
    terminated = contract.terminated
    after = ctx.days("worker.new_contract_after_days", entry)
    window = ctx.days("worker.new_contract_days", entry)
    first_day_with_right = within(entry, after + 1)
    if terminated < first_day_with_right:
        return None, [
            Text("note.no_new_contract_right", {"after": after, "first_day": first_day_with_right, "days": window})
        ]
    due = within(terminated, window)
    explanation = (
        Text("new_contract.rule", {"days": window, "after": after}),
        Text("new_contract.counting", {"terminated": terminated}),
    )
    sources = ("worker.new_contract_days", "worker.new_contract_after_days")
    return Deadline("new_contract", due, Text("title.new_contract"), explanation, sources), []
