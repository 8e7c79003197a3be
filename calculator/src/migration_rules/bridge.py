"""The rules package as the browser calls it: JSON text in, text out.

calculator/web/worker.js runs ``from migration_rules.bridge import …`` inside Pyodide and calls these functions with
the page's requests. ``prepare`` runs once, before the worker saves its memory snapshot of Python: it reads every data
file of the package and answers one made-up request, so that a Python restored from the snapshot (without the wheel's
files) answers at once. Made-up dates only: the snapshot holds nothing the reader typed.
"""

from __future__ import annotations

import json

from .calculate import calculate
from .dates import LANGUAGES
from .ics import to_ics
from .messages import catalogue

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


def calculate_json(text: str) -> str:
    """``calculate`` on a request given as JSON text; the response as JSON text (never raises on a bad request)."""
    try:
        request = json.loads(text)
    except (ValueError, RecursionError):
        request = None  # calculate() answers a request that is not an object with a plain error
    return json.dumps(calculate(request), ensure_ascii=False)


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
    for lang in LANGUAGES:
        ics_text(calculate_json(json.dumps({**MADE_UP_REQUEST, "lang": lang})), lang)
