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
from .dates import LANGUAGES, format_date, format_short_date, parse_iso_date
from .ics import to_ics
from .messages import catalogue, page_catalogue, plural_form, render_page
from .purposes import purpose_labels
from .request import plain, request_language

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


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _joined(names: list[str], lang: str) -> str:
    """ "a", "a and b", "a, b and c" in ``lang``."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + render_page("answer.and", lang) + names[-1]


def _entered(request: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """What the reader entered, each field with its label on the form and its value written out (for the print-out)."""
    form = page_catalogue(lang)
    rows: list[dict[str, str]] = []

    def day(name: str, value: object) -> None:
        parsed = parse_iso_date(value)
        if parsed is not None:
            rows.append({"label": form[f"form.{name}"], "value": format_date(parsed, lang)})

    day("entry_date", request.get("entry_date"))
    purpose = request.get("purpose")
    if isinstance(purpose, str) and purpose in purpose_labels(lang):
        rows.append({"label": form["form.purpose"], "value": purpose_labels(lang)[purpose]})
    region = request.get("region")
    if region in ("moscow", "other"):
        rows.append({"label": form["form.region"], "value": form[f"form.region_{region}"]})
    day("birth_date", request.get("birth_date"))
    day("planned_exit", request.get("planned_exit"))
    contract = request.get("contract")
    if isinstance(contract, dict):
        for part in ("start", "end", "terminated"):
            day(f"contract_{part}", contract.get(part))
    if request.get("family_member_of_worker") is True:
        rows.append({"label": form["form.family_member_of_worker"], "value": form["answer.yes"]})
    stays = []
    for stay in request.get("previous_stays") or []:
        first, last = parse_iso_date(stay.get("entry")), parse_iso_date(stay.get("exit"))
        if first is not None and last is not None:
            stays.append(render_page("answer.stay", lang, entry=first, exit=last))
    if stays:
        rows.append({"label": form["form.previous_stays"], "value": "; ".join(stays)})
    return rows


def summary_texts(response: dict[str, Any], request: object, today: dt.date) -> dict[str, Any]:
    """The answer at a glance, written out in the request's language (empty for an answer with errors):

    - ``summary_text``: the next deadline, "Next: 9 December 2026 — migration registration and medical examination,
      8 days left" (every deadline of that day named); ``overdue_text``: the deadlines already past, or "";
    - ``planning``, ``planning_text``: an entry date after today is a trip being planned ("You are planning a trip:
      entry into Russia on 20 December 2026…"); each deadline due before that entry has ``before_trip_text``;
    - ``timeline``: the stay as a picture draws it — ``start`` and ``end`` (ISO dates) and its ``points`` in date
      order (entry, today, each dated deadline with its number in the list), each with its ``label`` ("Today",
      "1. Migration registration"), its date in figures (``short``, "09.12") and in words (``text``, "Today:
      1 December 2026": the picture's text equivalent);
    - ``entered``: what the reader entered, label and value (the print-out repeats it);
    - ``share_text``: the deadlines as a message the reader can send himself;
    - ``printed_text``: "Printed on 1 December 2026" (the day of the answer).
    """
    if response.get("errors"):
        return {}
    lang = request_language(request)
    raw = plain(request)
    fields: dict[str, Any] = raw if isinstance(raw, dict) else {}
    entry = parse_iso_date(fields.get("entry_date"))
    deadlines = response["deadlines"]
    dated = [d for d in deadlines if parse_iso_date(d["due"]) is not None]
    planning = entry is not None and entry > today

    def short(deadline: dict[str, Any]) -> str:
        return render_page(f"answer.short.{deadline['id']}", lang)

    summary = ""
    coming = [d for d in dated if d["days_left"] >= 0]
    if coming:
        first_due = coming[0]["due"]
        group = [d for d in coming if d["due"] == first_due]
        summary = render_page(
            "answer.next",
            lang,
            date=parse_iso_date(first_due),
            what=_joined([short(d) for d in group], lang),
            days=_lower_first(days_left_text(group[0]["days_left"], lang)),
        )
    past = [d for d in dated if d["days_left"] < 0]
    overdue = render_page("answer.overdue", lang, what=_joined([short(d) for d in past], lang)) if past else ""

    points: list[dict[str, Any]] = []

    def point(kind: str, day: dt.date, label: str, **extra: Any) -> None:
        text = render_page("answer.timeline.point", lang, label=label, date=format_date(day, lang))
        short = format_short_date(day)
        points.append({"kind": kind, "date": day.isoformat(), "label": label, "short": short, "text": text, **extra})

    if entry is not None:
        point(
            "entry", entry, render_page("answer.timeline.planned_entry" if planning else "answer.timeline.entry", lang)
        )
    point("today", today, render_page("answer.timeline.today", lang))
    for number, deadline in enumerate(dated, start=1):
        due = parse_iso_date(deadline["due"])
        assert due is not None
        point("deadline", due, f"{number}. {deadline['title']}", number=number, status=deadline["status"])
    order = {"entry": 0, "today": 1, "deadline": 2}
    points.sort(key=lambda p: (p["date"], order[p["kind"]]))
    days = [p["date"] for p in points]

    share = [render_page("answer.share.heading", lang, date=today)]
    if entry is not None:
        share.append(render_page("answer.share.entry", lang, date=entry))
    for deadline in deadlines:
        due = parse_iso_date(deadline["due"])
        if due is None:
            share.append(render_page("answer.share.no_date", lang, title=deadline["title"]))
        else:
            share.append(render_page("answer.share.line", lang, title=deadline["title"], date=due))
    return {
        "summary_text": summary,
        "overdue_text": overdue,
        "planning": planning,
        "planning_text": render_page("answer.planning", lang, date=entry) if planning and entry else "",
        "timeline": {"start": min(days), "end": max(days), "points": points},
        "entered": _entered(fields, lang),
        "share_text": "\n".join(share),
        "printed_text": render_page("answer.printed", lang, date=today),
    }


def page_texts(response: dict[str, Any], request: object, today: dt.date) -> dict[str, Any]:
    """``response`` with what the page shows written out in the request's language: ``rules_checked_text`` ("Rules
    checked on 7 December 2026. Today: ") and ``today_text``, for each dated deadline ``due_text`` and
    ``days_left_text`` (and ``before_trip_text`` for one due before a planned entry), and the answer at a glance
    (:func:`summary_texts`). ``today`` is the day the response was calculated for (the request's, else the system's).

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
    raw = plain(request)
    entry = parse_iso_date(raw.get("entry_date")) if isinstance(raw, dict) else None
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
            if entry is not None and today < entry and due < entry:
                deadline["before_trip_text"] = render_page("answer.before_trip", lang)
        deadlines.append(deadline)
    return {**response, **texts, "deadlines": deadlines, **summary_texts(response, request, today)}


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
