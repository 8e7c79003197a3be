"""The rules package as the browser calls it: JSON text in, text out.

calculator/web/worker.js runs ``from migration_rules.bridge import …`` inside Pyodide and calls these functions with
the page's requests. The answer is :func:`migration_rules.calculate`'s, with the dates and day counts the page shows
already written out in the request's language (see :func:`page_texts`), so that the page formats nothing itself; the
due dates and the day of the answer also come written out in every language, for the reader's dates on the guide
pages (calculator.js keeps them only when the reader ticks "remember"; overrides/partials/my-dates.html shows them).
``prepare`` runs once, before the worker saves its memory snapshot of Python: it reads every data
file of the package and answers one made-up request, so that a Python restored from the snapshot (without the wheel's
files) answers at once. Made-up dates only: the snapshot holds nothing the reader typed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .calculate import calculate
from .dates import LANGUAGES, format_date, parse_iso_date
from .ics import to_ics
from .messages import catalogue, page_catalogue, plural_form, render_page
from .request import request_language

# The made-up request answered before the snapshot (every kind of item it can give: a Moscow worker).
MADE_UP_REQUEST = {
    "entry_date": "2026-01-01",
    "purpose": "work",
    "birth_date": "2000-01-01",
    "region": "moscow",
    "contract": {"start": "2026-01-01", "end": "2026-12-31"},
    "today": "2026-01-02",
    "lang": "ky",
}


def days_left_text(days_left: int, lang: str) -> str:
    """The day count the page shows, in ``lang``: "28 days left", "Today is the last day", "3 days overdue"."""
    if days_left == 0:
        return render_page("answer.last_day_today", lang)
    key = "answer.days_left" if days_left > 0 else "answer.days_overdue"
    return render_page(f"{key}.{plural_form(days_left, lang)}", lang, days=abs(days_left))


def page_texts(response: dict[str, Any], request: object, today: dt.date) -> dict[str, Any]:
    """``response`` with what the page shows written out in the request's language: ``rules_checked_text`` ("Rules
    checked on 7 December 2026. Today: ") and ``today_text``, and for each dated deadline ``due_text`` and
    ``days_left_text``. ``today`` is the day the response was calculated for (the request's, else the system's).

    For the guide pages, which may be read in another language than the calculator's: ``today`` (ISO) and
    ``today_texts``, and for each dated deadline ``due_texts``, the date written out in every language
    (``{"ky": …, "ru": …, "en": …}``, in the plain form: the pages' sentences are written around it)."""
    lang = request_language(request)
    checked = parse_iso_date(response["rules_version"])
    texts = {
        "rules_checked_text": "" if checked is None else render_page("answer.rules_checked", lang, date=checked),
        "today_text": format_date(today, lang),
        "today": today.isoformat(),
        "today_texts": {other: format_date(today, other) for other in LANGUAGES},
    }
    deadlines = []
    for deadline in response["deadlines"]:
        due = parse_iso_date(deadline["due"])
        if due is not None:
            deadline = {
                **deadline,
                "due_text": format_date(due, lang),
                "days_left_text": days_left_text(deadline["days_left"], lang),
                "due_texts": {other: format_date(due, other) for other in LANGUAGES},
            }
        deadlines.append(deadline)
    return {**response, **texts, "deadlines": deadlines}


def calculate_json(text: str) -> str:
    """``calculate`` on a request given as JSON text; the response, with the page's texts (:func:`page_texts`), as
    JSON text (never raises on a bad request)."""
    try:
        request = json.loads(text)
    except (ValueError, RecursionError):
        request = None  # calculate() answers a request that is not an object with a plain error
    today = dt.date.today()
    if isinstance(request, dict):
        today = parse_iso_date(request.get("today")) or today
    return json.dumps(page_texts(calculate(request, today=today), request, today), ensure_ascii=False)


def ics_text(response_text: str, lang: str = "ky") -> str:
    """The calendar file (.ics) of a response given as JSON text. Its titles are already in the response's language;
    ``lang`` is the page's language, kept for the page's call."""
    del lang
    return to_ics(json.loads(response_text))


def prepare() -> None:
    """Read every data file of the package (``calculate`` reads the parameters, pending changes and purposes on its
    first answer) and answer the made-up request in every language (and make its calendar file)."""
    for lang in LANGUAGES:
        catalogue(lang)
        page_catalogue(lang)
    for lang in LANGUAGES:
        ics_text(calculate_json(json.dumps({**MADE_UP_REQUEST, "lang": lang})), lang)
