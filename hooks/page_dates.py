"""MkDocs hook: the "checked against the sources" and "last updated" lines at the end of every page.

- ``checked`` comes from the page's front matter (``checked: YYYY-MM-DD``): the day an editor compared the page's
  facts with its sources. ``sources_up_to`` (``sources_up_to: YYYY-MM-DD``) is the newest date among the sources
  the page lists, so the reader sees both "checked on D" and "against sources published up to S". A page without
  either, with a date that is not a real date, a ``checked`` day in the future or a ``sources_up_to`` after
  ``checked`` stops the build.
- "Last updated" is the date of the last commit that touched the file (``git log -1 --format=%cs``); a file that
  was never committed says so.
Both dates are written out in the page's language (``migration_rules.dates.format_date``). The template
(overrides/main.html) prints ``page.meta.jol_dates``.
"""

from __future__ import annotations

import datetime as dt
import string
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from jol_site import format_date, page_lang, parse_checked, parse_iso_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

TEXTS = {
    "ky": {
        "checked": "{date:loc} текшерилди: {upto:dat} чейин жарыяланган булактар менен салыштырылды.",
        "updated": "Акыркы жолу жаңыланды: {date}.",
        "uncommitted": "Акыркы жолу жаңыланды: бул өзгөртүү али репозиторийге киргизиле элек.",
    },
    "ru": {
        "checked": "Проверено {date}: сверено с источниками, опубликованными не позднее {upto}.",
        "updated": "Последнее обновление: {date}.",
        "uncommitted": "Последнее обновление: изменения ещё не внесены в репозиторий.",
    },
    "en": {
        "checked": "Checked on {date} against sources published up to {upto}.",
        "updated": "Last updated: {date}.",
        "uncommitted": "Last updated: not yet committed.",
    },
}


@cache
def git_date(path: str) -> str | None:
    """Date (YYYY-MM-DD) of the last commit of ``path``, or None (no commit, no git)."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", path],
            cwd=Path(path).parent,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = result.stdout.strip()
    return out if result.returncode == 0 and out else None


def _format(template: str, lang: str, **dates: dt.date) -> str:
    class Formatter(string.Formatter):
        def format_field(self, value: Any, format_spec: str) -> str:
            return format_date(value, lang, format_spec or "nom")

    return Formatter().format(template, **dates)


def date_lines(lang: str, checked: dt.date, sources_up_to: dt.date, updated: dt.date | None) -> list[str]:
    texts = TEXTS.get(lang, TEXTS["en"])
    lines = [_format(texts["checked"], lang, date=checked, upto=sources_up_to)]
    lines.append(texts["uncommitted"] if updated is None else _format(texts["updated"], lang, date=updated))
    return lines


def on_pre_build(config: MkDocsConfig) -> None:
    git_date.cache_clear()


@event_priority(-50)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = f"docs/{page.file.src_uri}"
    try:
        checked = parse_checked(page.meta, where)
        sources_up_to = parse_checked(page.meta, where, "sources_up_to")
    except ValueError as error:
        raise PluginError(str(error)) from None
    if checked > dt.date.today():  # the real date, even when JOL_TODAY previews another day
        raise PluginError(f"{where}: 'checked: {checked.isoformat()}' is in the future; write the day you checked")
    if sources_up_to > checked:
        raise PluginError(
            f"{where}: 'sources_up_to: {sources_up_to.isoformat()}' is after 'checked: {checked.isoformat()}'; "
            "write the date of the newest source you read, on or before the day you checked"
        )
    updated = parse_iso_date(git_date(page.file.abs_src_path)) if page.file.abs_src_path else None
    page.meta["jol_dates"] = date_lines(page_lang(page), checked, sources_up_to, updated)
    return markdown
