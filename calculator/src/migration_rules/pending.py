"""Pending changes of the law (``data/pending.toml``): bills and drafts reported but not known to be in force.

The rules keep every due date on the law in force. Where a pending change would make a date earlier, the
rule adds a note with the safer date, the change's stage and the day that stage was last seen.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .dates import LANGUAGES
from .model import Localized


class PendingError(ValueError):
    """The pending-changes file is malformed; the message says what to fix."""


@dataclass(frozen=True)
class PendingChange:
    id: str
    title: Localized
    stage: Localized
    status_seen: dt.date
    last_checked: dt.date
    source: Localized  # the source's title with its date: Russian for ky and ru, English for en
    source_url: str
    source_date: dt.date
    affects: tuple[str, ...]  # the parameters it would change (none: no calculator rule changes)
    safer_value: int | None  # their new value, when it affects any
    pages: tuple[str, ...] = ()  # the guide's pages and sections that describe it ("medical.md#pending")


def _localized(where: str, key: str, raw: object) -> Localized:
    if not isinstance(raw, dict) or sorted(raw) != sorted(LANGUAGES):
        raise PendingError(f"{where}: '{key}' needs a text for each of {', '.join(LANGUAGES)}")
    if not all(isinstance(text, str) and text.strip() for text in raw.values()):
        raise PendingError(f"{where}: every text of '{key}' must be non-empty")
    return Localized(tuple((lang, raw[lang]) for lang in LANGUAGES))


def _date(where: str, key: str, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime) or not isinstance(raw, dt.date):
        raise PendingError(f"{where}: '{key}' must be a date written as YYYY-MM-DD without quotes")
    return raw


def parse_pending(document: dict[str, Any], known: set[str] | None = None) -> tuple[PendingChange, ...]:
    """Check and convert a parsed pending-changes document; ``known`` = the parameter names."""
    raw_changes = document.get("change", [])
    if not isinstance(raw_changes, list):
        raise PendingError("pending.toml: write each change as a [[change]] block")
    changes: list[PendingChange] = []
    for index, raw in enumerate(raw_changes):
        where = f"pending change #{index + 1}"
        if not isinstance(raw, dict):
            raise PendingError(f"{where}: expected a [[change]] block")
        keys = {"id", "title", "stage", "status_seen", "last_checked", "source", "affects"}
        missing = sorted(keys - set(raw))
        unknown = sorted(set(raw) - keys - {"safer_value", "pages"})
        if missing or unknown:
            raise PendingError(
                f"{where}: missing {', '.join(missing) or 'nothing'}; unknown {', '.join(unknown) or 'none'}"
            )
        source = raw["source"]
        if not isinstance(source, dict) or not {"title", "title_ru", "url", "date"} <= set(source):
            raise PendingError(f"{where}: 'source' needs title, title_ru, url and date")
        if not str(source["url"]).startswith("https://"):
            raise PendingError(f"{where}: 'source.url' must start with https://")
        affects = raw["affects"]
        if not isinstance(affects, list) or not all(isinstance(name, str) for name in affects):
            raise PendingError(
                f"{where}: 'affects' must list the parameter names the change would alter ([] if it alters none)"
            )
        if known is not None and set(affects) - known:
            raise PendingError(f"{where}: 'affects' names unknown parameters {sorted(set(affects) - known)}")
        safer = raw.get("safer_value")
        if not affects and safer is not None:
            raise PendingError(f"{where}: no 'safer_value' without a parameter in 'affects'")
        if affects and (isinstance(safer, bool) or not isinstance(safer, int) or safer <= 0):
            raise PendingError(f"{where}: 'safer_value' must be a whole number greater than 0")
        pages = raw.get("pages", [])
        if not isinstance(pages, list) or not all(isinstance(page, str) and ".md" in page for page in pages):
            raise PendingError(f"{where}: 'pages' must list page files with their section, e.g. \"medical.md#pending\"")
        changes.append(
            PendingChange(
                id=str(raw["id"]),
                title=_localized(where, "title", raw["title"]),
                stage=_localized(where, "stage", raw["stage"]),
                status_seen=_date(where, "status_seen", raw["status_seen"]),
                last_checked=_date(where, "last_checked", raw["last_checked"]),
                source=Localized((("ky", source["title_ru"]), ("ru", source["title_ru"]), ("en", source["title"]))),
                source_url=str(source["url"]),
                source_date=_date(where, "source.date", source["date"]),
                affects=tuple(affects),
                safer_value=safer,
                pages=tuple(pages),
            )
        )
    return tuple(changes)


@cache
def load_pending() -> tuple[PendingChange, ...]:
    """The package's pending changes (read once), checked against the parameter names."""
    from .parameters import load_parameters

    text = resources.files("migration_rules").joinpath("data/pending.toml").read_text(encoding="utf-8")
    return parse_pending(tomllib.loads(text), set(load_parameters().names()))


def pending_for(name: str) -> tuple[PendingChange, ...]:
    """The pending changes that would alter parameter ``name``."""
    return tuple(change for change in load_pending() if name in change.affects)
