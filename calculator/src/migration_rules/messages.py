"""Message catalogues (``data/messages/<lang>.toml``) and rendering of :class:`Text`.

A message is a text with ``{name}`` placeholders; a date placeholder may name a Kyrgyz case,
``{start:abl}`` (see :func:`migration_rules.dates.format_date`). A placeholder may also hold a
:class:`~migration_rules.model.Localized` text from a data file (a purpose's card word, a bill's stage),
written in the message's language. Every language has the same keys
and the same placeholders (a test checks it).

The calculator page's own strings (its form, its page script, the dates and day counts of its answer) are a second
catalogue per language, ``data/messages/page/<lang>.toml`` (:func:`page_catalogue`): the site's build writes the form's
strings into the page, and :mod:`migration_rules.bridge` writes the answer's with :func:`render_page`.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from .dates import LANGUAGES, format_date
from .model import Localized, Text

_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z]+))?\}")


def _flatten(prefix: str, table: dict[str, Any], into: dict[str, str]) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(name + ".", value, into)
        elif isinstance(value, str):
            into[name] = value
        else:
            raise ValueError(f"message {name} must be a text in quotes")


def _load(path: str, lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    text = resources.files("migration_rules").joinpath(path.format(lang=lang)).read_text(encoding="utf-8")
    messages: dict[str, str] = {}
    _flatten("", tomllib.loads(text), messages)
    return messages


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, by dotted key (``error.bad_date``)."""
    return _load("data/messages/{lang}.toml", lang)


@cache
def page_catalogue(lang: str) -> dict[str, str]:
    """The calculator page's strings in one language, by dotted key (``form.entry_date``, ``answer.days_left.one``)."""
    return _load("data/messages/page/{lang}.toml", lang)


def plural_form(number: int, lang: str) -> str:
    """The form of a counted word after ``number``: ``one``, ``few`` or ``many``.

    Russian: 1, 21, 101 → one (день); 2–4, 22–24 → few (дня); 0, 5–20, 25–30, 111–114 → many (дней). English: 1 → one,
    else many. Kyrgyz nouns do not change after a number: its three forms are the same text.
    """
    n = abs(number)
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "many"


def placeholders(message: str) -> set[str]:
    """The placeholder names of a message (without case markers)."""
    return {name for name, _ in _PLACEHOLDER.findall(message)}


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, dt.date):
            return format_date(value, self.lang, format_spec or "nom")
        if isinstance(value, Localized):
            return value.in_language(self.lang)
        return str(value)


def render(text: Text, lang: str) -> str:
    """The message of ``text`` in ``lang``, with its placeholders filled in."""
    return _Formatter(lang).format(catalogue(lang)[text.key], **text.params)


def render_page(key: str, lang: str, **params: Any) -> str:
    """The page string ``key`` in ``lang`` (:func:`page_catalogue`), with its placeholders filled in."""
    return _Formatter(lang).format(page_catalogue(lang)[key], **params)


def render_all(texts: tuple[Text, ...] | list[Text], lang: str) -> str:
    """Several messages as one paragraph."""
    return " ".join(render(text, lang) for text in texts)
