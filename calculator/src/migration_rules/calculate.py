"""The calculator's entry point: a JSON-compatible request in, a JSON-compatible response out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import amina, contract, extend, medical, registration, ruid, stay
from .messages import render, render_all
from .model import Context, Deadline, FieldError, Request, Text
from .parameters import Parameters
from .pending import load_pending
from .purposes import load_purposes
from .request import cannot_calculate, check_request, request_language

DEADLINE_IDS: tuple[str, ...] = (
    "registration",
    "medical_exam",
    "stay_limit",
    "new_contract",
    "amina",
    "extend_stay",
    "ruid_application",
)


def _status(days_left: int | None) -> str:
    if days_left is None or days_left > 0:
        return "upcoming"
    return "today" if days_left == 0 else "overdue"


def _deadline_json(deadline: Deadline, request: Request, ctx: Context) -> dict[str, Any]:
    days_left = None if deadline.due is None else (deadline.due - request.today).days
    status = _status(days_left)
    explanation = deadline.explanation
    names = deadline.sources
    if status == "overdue":
        explanation += deadline.if_overdue
        names += tuple(name for name in deadline.overdue_sources if name not in names)
    return {
        "id": deadline.id,
        "due": None if deadline.due is None else deadline.due.isoformat(),
        "days_left": days_left,
        "status": status,
        "title": render(deadline.title, request.lang),
        "explanation": render_all(explanation, request.lang),
        "sources": _sources(names, request.lang, ctx),
    }


def _sources(names: tuple[str, ...], lang: str, ctx: Context) -> list[dict[str, str]]:
    """The references of the values a rule used, one per act: its title and articles in the reader's
    language (Russian for Kyrgyz and Russian readers, English for English ones), its URL and its own date."""
    articles: dict[tuple[str, str], list[str]] = {}
    dates: dict[tuple[str, str], str] = {}
    for name in names:
        reference = ctx.used[name].reference  # the value the rule actually used
        key = (reference.title_in(lang), reference.url)
        found = articles.setdefault(key, [])
        if reference.article_in(lang) not in found:
            found.append(reference.article_in(lang))
        if reference.date is not None:  # the newest of the merged references' dates (e.g. the amending act's)
            dates[key] = max(dates.get(key, ""), reference.date.isoformat())
    return [
        {"title": f"{title}, {'; '.join(arts)}", "url": url, "date": dates.get((title, url), "")}
        for (title, url), arts in articles.items()
    ]


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
    stay_limit, stay_notes = stay.stay_limit(request, ctx)
    extend_stay, extend_notes = extend.extend_stay(request, ctx)
    covered = amina.coverage(request, ctx, stay_limit.due)
    # Registration is due early in the stay: whether Amina covers it is looked at from the day of entry.
    covered_at_entry = amina.coverage(request, ctx, stay_limit.due, request.entry_date)
    covered_from = None if covered_at_entry is None else covered_at_entry.start
    registration_item, registration_notes = registration.registration(request, ctx, stay_limit.due, covered_from)
    medical_item, medical_notes = medical.medical_exam(request, ctx)
    new_contract, new_contract_notes = contract.new_contract(request, ctx)
    medical_due = None if medical_item is None else medical_item.due
    medical_text = None if medical_due is None else Text("amina.medical_due", {"date": medical_due})
    amina_item, amina_notes = amina.amina(request, ctx, medical_text, covered)
    ruid_item, ruid_notes = ruid.ruid_application(request, ctx)
    items = (registration_item, medical_item, stay_limit, new_contract, amina_item, extend_stay, ruid_item)
    notes = [
        *registration_notes,
        *medical_notes,
        *stay_notes,
        *new_contract_notes,
        *extend_notes,
        *amina_notes,
        *ruid_notes,
    ]
    return [item for item in items if item is not None], notes


def calculate(request: object, *, today: dt.date | None = None, parameters: Parameters | None = None) -> dict[str, Any]:
    """Compute every deadline for a request (see the README for its keys). Never raises on bad input.

    ``today`` is the fallback for a request without ``today`` (default: the system date);
    ``parameters`` replaces the package's parameters (for tests of a changed law).
    """
    ctx = Context(parameters)
    # Every data file is read on the first answer (and kept): the browser's Python is restored from a memory
    # snapshot taken after one made-up answer, without the package's files on disk.
    load_pending()
    load_purposes()
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
    except Exception:  # a fault of the calculator, never the reader's: a plain message, not a crash in the browser
        return _errors_response(cannot_calculate(), lang, ctx)
    deadlines.sort(key=lambda d: (d.due is None, d.due or dt.date.max, DEADLINE_IDS.index(d.id)))
    return {
        "rules_version": _rules_version(ctx),
        "deadlines": [_deadline_json(deadline, checked, ctx) for deadline in deadlines],
        "notes": [render(note, lang) for note in notes],
        "errors": [],
    }
