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
_REFERENCE_KEYS = ("title", "article", "url")

ParameterValue = int | bool | str | dt.date


class ParameterError(ValueError):
    """A parameter file is malformed; the message names the parameter and the fix."""


@dataclass(frozen=True)
class Reference:
    title: str
    article: str
    url: str


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
    reference = raw["reference"]
    if not isinstance(reference, dict):
        raise ParameterError(f'{where}: \'reference\' must be {{ title = "...", article = "...", url = "..." }}')
    for key in _REFERENCE_KEYS:
        _require_text(where, f"reference.{key}", reference.get(key))
    if not str(reference["url"]).startswith("https://"):
        raise ParameterError(f"{where}: 'reference.url' must start with https://")
    confidence = raw["confidence"]
    if confidence not in CONFIDENCE_LEVELS:
        raise ParameterError(f"{where}: 'confidence' must be one of {', '.join(CONFIDENCE_LEVELS)}")
    return DatedValue(
        start=start,
        value=value,
        since=since,
        reference=Reference(reference["title"], reference["article"], reference["url"]),
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
