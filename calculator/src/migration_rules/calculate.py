"""The calculator's entry point: a JSON-compatible request in, a JSON-compatible response out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import amina, contract, medical, registration, stay
from .messages import render, render_all
from .model import Context, Deadline, FieldError, Request, Text
from .parameters import Parameters
from .request import check_request, request_language

DEADLINE_IDS: tuple[str, ...] = ("registration", "medical_exam", "stay_limit", "new_contract", "amina")


def _status(days_left: int | None) -> str:
    if days_left is None or days_left > 0:
        return "upcoming"
    return "today" if days_left == 0 else "overdue"


def _deadline_json(deadline: Deadline, request: Request, ctx: Context) -> dict[str, Any]:
    days_left = None if deadline.due is None else (deadline.due - request.today).days
    articles: dict[tuple[str, str], list[str]] = {}
    for name in deadline.sources:
        reference = ctx.used[name].reference  # the value the rule actually used
        found = articles.setdefault((reference.title, reference.url), [])
        if reference.article not in found:
            found.append(reference.article)
    sources = [{"title": f"{title}, {'; '.join(arts)}", "url": url} for (title, url), arts in articles.items()]
    return {
        "id": deadline.id,
        "due": None if deadline.due is None else deadline.due.isoformat(),
        "days_left": days_left,
        "status": _status(days_left),
        "title": render(deadline.title, request.lang),
        "explanation": render_all(deadline.explanation, request.lang),
        "sources": sources,
    }


def _rules_version(ctx: Context) -> str:
    values = (
        ctx.used.values()
        if ctx.used
        else [value for name in ctx.parameters.names() for value in ctx.parameters[name].values]
    )
    return max(value.last_checked for value in values).isoformat()


def _errors_response(errors: list[FieldError], lang: str, ctx: Context) -> dict[str, Any]:
    return {
        "rules_version": _rules_version(ctx),
        "deadlines": [],
        "notes": [],
        "errors": [{"field": error.field, "message": render(error.message, lang)} for error in errors],
    }


def _deadlines(request: Request, ctx: Context) -> tuple[list[Deadline], list[Text]]:
    notes: list[Text] = []
    deadlines: list[Deadline] = []
    for rule in (registration.registration, medical.medical_exam, stay.stay_limit, contract.new_contract):
        deadline, rule_notes = rule(request, ctx)
        notes.extend(rule_notes)
        if deadline is not None:
            deadlines.append(deadline)
    medical_due = next((d.due for d in deadlines if d.id == "medical_exam"), None)
    medical_text = None if medical_due is None else Text("amina.medical_due", {"date": medical_due})
    deadline, rule_notes = amina.amina(request, ctx, medical_text)
    notes.extend(rule_notes)
    if deadline is not None:
        deadlines.append(deadline)
    return deadlines, notes


def calculate(request: object, *, today: dt.date | None = None, parameters: Parameters | None = None) -> dict[str, Any]:
    """Compute every deadline for a request (see the README for its keys). Never raises on bad input.

    ``today`` is the fallback for a request without ``today`` (default: the system date);
    ``parameters`` replaces the package's parameters (for tests of a changed law).
    """
    ctx = Context(parameters)
    lang = request_language(request)
    checked, errors = check_request(request, ctx, today or dt.date.today())
    if checked is None:
        return _errors_response(errors, lang, ctx)
    try:
        deadlines, notes = _deadlines(checked, ctx)
    except stay.YearUsedUp as used_up:
        next_year = dt.date(used_up.year + 1, 1, 1)
        message = Text("error.year_used_up", {"year": used_up.year, "used": used_up.used, "next": next_year})
        return _errors_response([FieldError("entry_date", message)], lang, ctx)
    deadlines.sort(key=lambda d: (d.due is None, d.due or dt.date.max, DEADLINE_IDS.index(d.id)))
    return {
        "rules_version": _rules_version(ctx),
        "deadlines": [_deadline_json(deadline, checked, ctx) for deadline in deadlines],
        "notes": [render(note, lang) for note in notes],
        "errors": [],
    }
