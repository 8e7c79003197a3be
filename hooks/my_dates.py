"""MkDocs hook: the reader's own dates beside the rules of the guide pages.

An editor writes, beside the rule a calculator deadline belongs to (in the "By when" section), on a line of its own
with an empty line before and after it, in all three languages:

    <!-- my-date: registration -->

The name after ``my-date:`` is one of the calculator's deadline ids (``migration_rules.calculate.DEADLINE_IDS``:
registration, medical_exam, stay_limit, new_contract, amina, extend_stay, ruid_application). Without JavaScript, or
with nothing kept, a reader sees nothing: the marker becomes an empty, hidden element
``<p class="jol-my-date" data-my-date="registration" hidden></p>``. A misspelt id, or a marker that is not on a line of
its own, stops the build with a message naming the page and the line.

A page with markers also gets, through its template (overrides/main.html → partials/my-dates.html), ``jol_my_dates``:
the strings of its language (``[guide]`` of the calculator page's catalogue, the labels of its own ids only) and the
address of the calculator in that language, as JSON; and a small inline script that fills each element from what
calculator/web/calculator.js keeps on the phone when the reader ticks "remember" (localStorage ``jol-my-dates``: each
dated deadline's id, ISO date and that date written out in every language, and the day it was worked out). Pages
without a marker get neither.
"""

from __future__ import annotations

import json
import re
from typing import Any

from jol_site import DEFAULT_LANGUAGE, page_lang
from migration_rules.calculate import DEADLINE_IDS
from migration_rules.messages import page_catalogue
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

SOURCE = "calculator/src/migration_rules/data/messages/page/{lang}.toml"
# Anything that looks like a marker, and the one form accepted: a whole line.
ANY_MARKER = re.compile(r"<!--\s*my-date")
LINE_MARKER = re.compile(r"<!-- my-date: ([a-z_]+) -->")
ELEMENT = '<p class="jol-my-date" data-my-date="{id}" hidden></p>'

# The ids of each page's markers, in order (by the page's source path), for on_page_content and on_page_context.
_PAGE_IDS: dict[str, list[str]] = {}


def marker_ids(markdown: str, where: str) -> list[str]:
    """The ids of the markers of a page's Markdown, in order; a PluginError names a wrong one and its line."""
    ids = []
    lines = markdown.split("\n")
    for number, line in enumerate(lines, 1):
        if not ANY_MARKER.search(line):
            continue
        match = LINE_MARKER.fullmatch(line.strip())
        if match is None or line != line.strip():
            raise PluginError(
                f"{where}, line {number}: write the reader's-date marker alone on its line, at its start, as "
                f"<!-- my-date: registration --> (found {line.strip()!r})"
            )
        if match.group(1) not in DEADLINE_IDS:
            raise PluginError(
                f"{where}, line {number}: {match.group(1)!r} is not a deadline of the calculator; use one of "
                f"{', '.join(DEADLINE_IDS)}"
            )
        before = lines[number - 2] if number > 1 else ""
        after = lines[number] if number < len(lines) else ""
        if before.strip() or after.strip():
            raise PluginError(f"{where}, line {number}: leave an empty line before and after {line.strip()}")
        ids.append(match.group(1))
    return ids


def guide_strings(lang: str, ids: list[str]) -> dict[str, Any]:
    """The ``[guide]`` strings of ``lang`` a page with the markers ``ids`` needs."""
    catalogue = page_catalogue(lang)
    missing = [f"guide.label.{id_}" for id_ in ids if f"guide.label.{id_}" not in catalogue]
    missing += [f"guide.{key}" for key in ("due", "passed", "recalculate") if f"guide.{key}" not in catalogue]
    if missing:
        raise PluginError(f"{SOURCE.format(lang=lang)} has no {', '.join(missing)}")
    return {
        "due": catalogue["guide.due"],
        "passed": catalogue["guide.passed"],
        "recalculate": catalogue["guide.recalculate"],
        "labels": {id_: catalogue[f"guide.label.{id_}"] for id_ in dict.fromkeys(ids)},
    }


def script_json(data: dict[str, Any]) -> str:
    """JSON to write inside <script type="application/json">: letters as they are, and no "<", ">" or "&"."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    _PAGE_IDS[page.file.src_uri] = marker_ids(markdown, f"docs/{page.file.src_uri}")
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    ids = _PAGE_IDS.get(page.file.src_uri, [])
    for id_ in ids:
        marker = f"<!-- my-date: {id_} -->"
        if marker not in html:  # Markdown kept it inside a paragraph or a list: an editor's slip
            raise PluginError(f"docs/{page.file.src_uri}: the marker {marker} must stand alone between empty lines")
        html = html.replace(marker, ELEMENT.format(id=id_), 1)
    return html


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    ids = _PAGE_IDS.get(page.file.src_uri, [])
    if not ids:
        return context
    lang = page_lang(page)
    root = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    strings = guide_strings(lang, ids)
    strings["lang"] = lang
    strings["href"] = get_relative_url(root + "calculator/", page.url)
    context["jol_my_dates"] = script_json(strings)
    return context
