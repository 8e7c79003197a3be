"""Legal parameters: dated values with references, read from ``data/parameters.toml``.

A parameter is a list of values, each in force from its ``from`` date until the next one. A
change in the law appends a value; old values keep answering for old dates. Loading checks
every value and raises :class:`ParameterError` with a message that says what to fix.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

CONFIDENCE_LEVELS = ("high", "medium", "low")
_REFERENCE_KEYS = ("title", "article", "title_ru", "article_ru", "url")
# What a reference's ``date`` is: the date of the act itself (signed or adopted, as in its title), the
# publication date of a web page or news item, or the date of the consolidated version of a law that was read.
DATE_KINDS = ("act", "published", "consolidated")

ParameterValue = int | bool | str | dt.date


class ParameterError(ValueError):
    """A parameter file is malformed; the message names the parameter and the fix."""


@dataclass(frozen=True)
class Reference:
    """Where a value comes from: the act's English and Russian title and article, its URL and its own date."""

    title: str
    article: str
    url: str
    title_ru: str = ""
    article_ru: str = ""
    date: dt.date | None = None
    date_kind: str = "act"

    def title_in(self, lang: str) -> str:
        """The title in the reader's language: Russian for Kyrgyz and Russian readers, English for English ones."""
        return self.title if lang == "en" else self.title_ru

    def article_in(self, lang: str) -> str:
        return self.article if lang == "en" else self.article_ru


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter, in force from ``start``."""

    start: dt.date
    value: ParameterValue
    since: dt.date
    reference: Reference
    last_checked: dt.date
    confidence: str


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]

    def at(self, day: dt.date) -> DatedValue:
        """The value in force on ``day``."""
        current = None
        for value in self.values:
            if value.start <= day:
                current = value
        if current is None:
            first = self.values[0].start.isoformat()
            raise ParameterError(f"{self.name}: no value in force on {day.isoformat()} (first value from {first})")
        return current


class Parameters:
    """All parameters, by dotted name (``stay.days_per_year``)."""

    def __init__(self, parameters: dict[str, Parameter]) -> None:
        self._parameters = parameters

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise ParameterError(f"unknown parameter {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._parameters

    def names(self) -> list[str]:
        return sorted(self._parameters)

    def at(self, name: str, day: dt.date) -> DatedValue:
        return self[name].at(day)


def _require_date(where: str, key: str, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime) or not isinstance(raw, dt.date):
        raise ParameterError(f"{where}: '{key}' must be a date written as YYYY-MM-DD without quotes, got {raw!r}")
    return raw


def _require_text(where: str, key: str, raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ParameterError(f"{where}: '{key}' must be a non-empty text in quotes")
    return raw


def _parse_reference(where: str, reference: object) -> Reference:
    if not isinstance(reference, dict):
        raise ParameterError(
            f'{where}: \'reference\' must be {{ title = "...", article = "...", title_ru = "...", '
            f'article_ru = "...", url = "...", date = YYYY-MM-DD }}'
        )
    unknown = sorted(set(reference) - {*_REFERENCE_KEYS, "date", "date_kind"})
    if unknown:
        raise ParameterError(f"{where}: unknown key(s) in 'reference': {', '.join(unknown)}")
    for key in _REFERENCE_KEYS:
        _require_text(where, f"reference.{key}", reference.get(key))
    if not str(reference["url"]).startswith("https://"):
        raise ParameterError(f"{where}: 'reference.url' must start with https://")
    for key in ("title_ru", "article_ru"):
        if not any("\u0400" <= char <= "\u04ff" for char in reference[key]):
            raise ParameterError(f"{where}: 'reference.{key}' must be the Russian wording, in Cyrillic letters")
    if "date" not in reference:
        raise ParameterError(f"{where}: 'reference.date' is missing (the source's own date, YYYY-MM-DD)")
    date = _require_date(where, "reference.date", reference["date"])
    date_kind = reference.get("date_kind", "act")
    if date_kind not in DATE_KINDS:
        raise ParameterError(f"{where}: 'reference.date_kind' must be one of {', '.join(DATE_KINDS)}")
    return Reference(
        title=reference["title"],
        article=reference["article"],
        url=reference["url"],
        title_ru=reference["title_ru"],
        article_ru=reference["article_ru"],
        date=date,
        date_kind=date_kind,
    )


def _parse_value(name: str, index: int, raw: dict[str, Any]) -> DatedValue:
    where = f"parameter {name}, value #{index + 1}"
    for key in ("from", "value", "reference", "last_checked", "confidence"):
        if key not in raw:
            raise ParameterError(f"{where}: '{key}' is missing")
    unknown = sorted(set(raw) - {"from", "since", "value", "reference", "last_checked", "confidence", "note"})
    if unknown:
        raise ParameterError(f"{where}: unknown key(s) {', '.join(unknown)}")
    start = _require_date(where, "from", raw["from"])
    since = _require_date(where, "since", raw.get("since", start))
    last_checked = _require_date(where, "last_checked", raw["last_checked"])
    value = raw["value"]
    if isinstance(value, dt.datetime) or not isinstance(value, (int, bool, str, dt.date)):
        raise ParameterError(f"{where}: 'value' must be a whole number, true/false, a text or a date")
    if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
        raise ParameterError(f"{where}: 'value' must be greater than 0")
    reference = _parse_reference(where, raw["reference"])
    confidence = raw["confidence"]
    if confidence not in CONFIDENCE_LEVELS:
        raise ParameterError(f"{where}: 'confidence' must be one of {', '.join(CONFIDENCE_LEVELS)}")
    return DatedValue(
        start=start,
        value=value,
        since=since,
        reference=reference,
        last_checked=last_checked,
        confidence=confidence,
    )


def parse_parameters(document: dict[str, Any]) -> Parameters:
    """Check and convert a parsed parameters document (``{group: {name: {...}}}``)."""
    parameters: dict[str, Parameter] = {}
    for group, members in document.items():
        if not isinstance(members, dict):
            raise ParameterError(f"{group}: expected a table of parameters like [{group}.name]")
        for short, body in members.items():
            name = f"{group}.{short}"
            if not isinstance(body, dict):
                raise ParameterError(f"{name}: expected a table with 'description', 'unit' and [[{name}.values]]")
            description = _require_text(name, "description", body.get("description"))
            unit = _require_text(name, "unit", body.get("unit"))
            raw_values = body.get("values")
            if not isinstance(raw_values, list) or not raw_values:
                raise ParameterError(f"{name}: needs at least one [[{name}.values]] block")
            values = [_parse_value(name, i, raw) for i, raw in enumerate(raw_values)]
            starts = [value.start for value in values]
            if len(set(starts)) != len(starts):
                duplicate = next(s for s in starts if starts.count(s) > 1)
                raise ParameterError(f"{name}: two values start on {duplicate.isoformat()}; keep one 'from' per date")
            if starts != sorted(starts):
                raise ParameterError(f"{name}: values must be in date order; add new values at the end")
            kinds = {type(value.value) for value in values}
            if len(kinds) > 1:
                raise ParameterError(f"{name}: all values must be of the same kind (number, true/false, text or date)")
            parameters[name] = Parameter(name, description, unit, tuple(values))
    return Parameters(parameters)


def parse_parameters_text(text: str) -> Parameters:
    """Parse the TOML text of a parameters file."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ParameterError(f"parameters.toml is not valid TOML: {error}") from None
    return parse_parameters(document)


@cache
def load_parameters() -> Parameters:
    """The package's parameters (read once)."""
    text = resources.files("migration_rules").joinpath("data/parameters.toml").read_text(encoding="utf-8")
    return parse_parameters_text(text)
