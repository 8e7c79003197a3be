"""Message catalogues (``data/messages/<lang>.toml``) and rendering of :class:`Text`.

A message is a text with ``{name}`` placeholders; a date placeholder may name a Kyrgyz case,
``{start:abl}`` (see :func:`migration_rules.dates.format_date`). A placeholder may also hold a
:class:`~migration_rules.model.Localized` text from a data file (a purpose's card word, a bill's stage),
written in the message's language. Every language has the same keys
and the same placeholders (a test checks it).
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


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, by dotted key (``error.bad_date``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    text = resources.files("migration_rules").joinpath(f"data/messages/{lang}.toml").read_text(encoding="utf-8")
    messages: dict[str, str] = {}
    _flatten("", tomllib.loads(text), messages)
    return messages


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


def render_all(texts: tuple[Text, ...] | list[Text], lang: str) -> str:
    """Several messages as one paragraph."""
    return " ".join(render(text, lang) for text in texts)
