"""Shared helpers of the Jol site hooks and the site tests (no MkDocs imports here).

- ``substitute_placeholders``: fills ``{{ name }}`` / ``{{ name | since }}`` from the rules package.
- ``page_language``: the language of a page from its path under docs/ (``ky/…``, ``ru/…``, ``en/…``).
- ``parse_checked``: the ``checked:`` front-matter date of a page.

The hooks import it by name: MkDocs puts a hook's own folder on ``sys.path`` while it loads the hook
(``mkdocs.config.config_options.Hooks._load_hook``), so ``from jol_site import …`` at the top of a hook finds this
file. The tests find it through ``pythonpath`` in pyproject.toml.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from jol_examples import ExampleError, fill_example, reload_examples

# The rules package, installed (editable) by `make setup`.
from migration_rules.dates import format_date, parse_iso_date
from migration_rules.parameters import ParameterError, Parameters, parse_parameters_text
from migration_rules.parameters import load_parameters as package_parameters

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ky", "ru", "en")
DEFAULT_LANGUAGE = "ky"

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "PlaceholderError",
    "format_date",
    "load_parameters",
    "page_lang",
    "page_language",
    "parse_checked",
    "parse_iso_date",
    "reload_parameters",
    "substitute_placeholders",
    "today",
]

# Anything between double braces is a placeholder; what is inside must be `name` or `name | since`.
# In a Markdown table the pipe is written `\|`, so a backslash before it is accepted.
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_INSIDE = re.compile(r"^\s*(?P<name>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)\s*(?:\\?\|\s*(?P<filter>[a-z_]+)\s*)?$")
# `since` writes the date the value took effect; in Kyrgyz, `since_dat`, `since_abl` and `since_loc` add the case
# ending that fits the month (vowel harmony): «2025-жылдын 1-январынан», «1-апрелинен». Russian and English ignore it.
FILTERS = ("since", "since_dat", "since_abl", "since_loc")


# Moscow time (UTC+3 all year since 2014): the day a reader in Russia lives in. The site is rebuilt every night
# just after midnight Moscow time, so a value dated to start on a day shows on the pages from that day.
MOSCOW = dt.timezone(dt.timedelta(hours=3), "MSK")

# A value that starts after the build day is written beside the one in force: "30 (from 1 March 2027: 15)".
NEXT_VALUE = {
    "ky": "{value} ({start} тартып: {next})",
    "ru": "{value} (с {start}: {next})",
    "en": "{value} (from {start}: {next})",
}
_NEXT_VALUE_CASE = {"ky": "abl"}  # Russian and English dates need no case ending here


class PlaceholderError(ValueError):
    """A placeholder cannot be filled; the message says which one and why."""


def today(now: dt.datetime | None = None) -> dt.date:
    """The day the site is built for: the day in Moscow (at ``now``, default the clock's time), or JOL_TODAY=YYYY-MM-DD
    (for previews of future changes)."""
    override = os.environ.get("JOL_TODAY")
    if override:
        day = parse_iso_date(override)
        if day is None:
            raise PlaceholderError(f"JOL_TODAY must be a date written YYYY-MM-DD, got {override!r}")
        return day
    return (now or dt.datetime.now(dt.UTC)).astimezone(MOSCOW).date()


def reload_parameters() -> None:
    """Forget the parameters and examples read so far (``make serve`` shows an edited file at once)."""
    load_parameters.cache_clear()
    package_parameters.cache_clear()
    reload_examples()


@cache
def load_parameters() -> Parameters:
    """The rules package's parameters, or those of the file JOL_PARAMETERS names (to preview a proposed change)."""
    override = os.environ.get("JOL_PARAMETERS")
    if not override:
        return package_parameters()
    try:
        text = Path(override).read_text(encoding="utf-8")
    except OSError as error:
        raise PlaceholderError(f"JOL_PARAMETERS names a file that cannot be read: {error}") from None
    try:
        return parse_parameters_text(text)
    except ParameterError as error:
        raise PlaceholderError(f"{override}: {error}") from None


def page_language(src_uri: str) -> str:
    """Language of a page from its path relative to docs/ (``ru/registration.md`` -> ``ru``)."""
    first = src_uri.replace("\\", "/").split("/", 1)[0]
    return first if first in LANGUAGES else DEFAULT_LANGUAGE


def page_line_offset(page: object, markdown: str) -> int:
    """How many lines of front matter come before ``markdown`` in the page's file (for line numbers in messages)."""
    try:
        source = page.file.content_string  # type: ignore[attr-defined]
    except (OSError, AttributeError, TypeError):
        return 0
    head = markdown.lstrip("\n")[:200]
    index = source.find(head) if head else -1
    return int(source.count("\n", 0, index)) if index > 0 else 0


def page_lang(page: object) -> str:
    """Language of an MkDocs page: mkdocs-static-i18n's ``File.locale``, else the docs/<lang>/ folder."""
    file = getattr(page, "file", None)
    locale = getattr(file, "locale", None)
    if isinstance(locale, str) and locale:
        return locale.split("_")[0].split("-")[0]
    return page_language(str(getattr(file, "src_uri", "")))


def _fill(inside: str, lang: str, day: dt.date) -> str:
    match = _INSIDE.match(inside)
    if match is None:
        raise PlaceholderError(
            "is malformed: write {{ name }} or {{ name | since }}, with a parameter name such as stay.days_per_year"
        )
    name, filter_ = match.group("name"), match.group("filter")
    parameters = load_parameters()
    if name.startswith("example."):
        try:
            return fill_example(name, filter_, lang, day, parameters)
        except ExampleError as error:
            raise PlaceholderError(str(error)) from None
    if name not in parameters:
        known = ", ".join(parameters.names())
        raise PlaceholderError(f"names an unknown parameter {name!r} (known: {known})")
    if filter_ is not None and filter_ not in FILTERS:
        raise PlaceholderError(f"uses an unknown filter {filter_!r}; the filters are {', '.join(FILTERS)}")
    try:
        value = parameters.at(name, day)
    except ParameterError as error:
        raise PlaceholderError(str(error)) from None
    if filter_ is not None:
        case = filter_.partition("_")[2] or "nom"
        return format_date(value.since, lang, case)
    if isinstance(value.value, bool):
        raise PlaceholderError(
            f"gives a yes/no value, which cannot be written in a sentence; use {{{{ {name} | since }}}}"
        )
    written = _written(value.value, lang)
    upcoming = next((later for later in parameters[name].values if later.start > day), None)
    if upcoming is None or upcoming.value == value.value:
        return written
    start = format_date(upcoming.start, lang, _NEXT_VALUE_CASE.get(lang, "nom"))
    template = NEXT_VALUE.get(lang, NEXT_VALUE["en"])
    return template.format(value=written, start=start, next=_written(upcoming.value, lang))


def _written(value: object, lang: str) -> str:
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return str(value)


def substitute_placeholders(
    markdown: str, lang: str, day: dt.date | None = None, where: str = "page", line_offset: int = 0
) -> str:
    """Replace every placeholder of ``markdown``; raise PlaceholderError naming ``where`` and the placeholder.

    ``line_offset`` is the number of lines before ``markdown`` in the file (the front matter), for messages.
    """
    day = day or today()

    def replace(match: re.Match[str]) -> str:
        try:
            return _fill(match.group(1), lang, day)
        except PlaceholderError as error:
            line = markdown.count("\n", 0, match.start()) + 1 + line_offset
            raise PlaceholderError(f"{where}, line {line}: the placeholder {match.group(0)!r} {error}") from None

    result = PLACEHOLDER.sub(replace, markdown)
    # A lone "{{" or "}}" is a placeholder with a typo (missing brace): fail rather than print it.
    for token in ("{{", "}}"):
        if token in result:
            index = result.index(token)
            line = result.count("\n", 0, index) + 1 + line_offset
            snippet = result[max(0, index - 20) : index + 30].replace("\n", " ")
            raise PlaceholderError(
                f"{where}, line {line}: an unmatched {token!r} near {snippet!r}; "
                "a placeholder is written {{ name }} or {{ name | since }}"
            )
    return result


def parse_checked(meta: Mapping[str, object], where: str = "page", key: str = "checked") -> dt.date:
    """A front-matter date (``checked``, ``sources_up_to``); ValueError with a plain message if missing or malformed."""
    if key not in meta:
        raise ValueError(
            f"{where}: the front matter has no '{key}' date. Start the page with\n---\n"
            "checked: YYYY-MM-DD\nsources_up_to: YYYY-MM-DD\n---\n"
            "(checked: the day you compared the page with its sources; "
            "sources_up_to: the date of the newest source in its list)"
        )
    raw = meta[key]
    if isinstance(raw, dt.datetime):
        raw = raw.date().isoformat() if raw.time() == dt.time() else repr(raw)
    if isinstance(raw, dt.date):
        return raw
    day = parse_iso_date(raw)
    if day is None:
        raise ValueError(f"{where}: '{key}: {raw}' is not a date; write it as YYYY-MM-DD, e.g. {key}: 2026-11-25")
    return day
