"""MkDocs hook: the "checked against the sources" and "last updated" lines at the end of every page.

- ``checked`` comes from the page's front matter (``checked: YYYY-MM-DD``); a page without it, or with a date that
  is not a real date, stops the build.
- "Last updated" is the date of the last commit that touched the file (``git log -1 --format=%cs``); a file that
  was never committed says so.
Both dates are written out in the page's language (``migration_rules.dates.format_date``). The template
(overrides/main.html) prints ``page.meta.jol_dates``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from jol_site import format_date, page_lang, parse_checked, parse_iso_date
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

TEXTS = {
    "ky": {
        "checked": "Булактар менен салыштырылып текшерилди: {date}.",
        "updated": "Акыркы жолу жаңыланды: {date}.",
        "uncommitted": "Акыркы жолу жаңыланды: бул өзгөртүү али репозиторийге киргизиле элек.",
    },
    "ru": {
        "checked": "Сверено с источниками: {date}.",
        "updated": "Последнее обновление: {date}.",
        "uncommitted": "Последнее обновление: изменения ещё не внесены в репозиторий.",
    },
    "en": {
        "checked": "Checked against the sources on {date}.",
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


def date_lines(lang: str, checked: Any, updated: Any) -> list[str]:
    texts = TEXTS.get(lang, TEXTS["en"])
    lines = [texts["checked"].format(date=format_date(checked, lang))]
    lines.append(texts["uncommitted"] if updated is None else texts["updated"].format(date=format_date(updated, lang)))
    return lines


def on_pre_build(config: Any) -> None:
    git_date.cache_clear()


@event_priority(-50)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    where = f"docs/{page.file.src_uri}"
    try:
        checked = parse_checked(page.meta, where)
    except ValueError as error:
        raise PluginError(str(error)) from None
    if checked > dt.date.today():  # the real date, even when JOL_TODAY previews another day
        raise PluginError(f"{where}: 'checked: {checked.isoformat()}' is in the future; write the day you checked")
    updated = parse_iso_date(git_date(page.file.abs_src_path)) if page.file.abs_src_path else None
    page.meta["jol_dates"] = date_lines(page_lang(page), checked, updated)
    return markdown
