"""Language-neutral results of the rules: texts are message keys with parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .parameters import DatedValue, Parameters, ParameterValue, load_parameters


@dataclass(frozen=True)
class Localized:
    """A text given in every language by a data file (a purpose's card word, a pending bill's stage):
    the language is chosen when the message is rendered."""

    texts: tuple[tuple[str, str], ...]

    def in_language(self, lang: str) -> str:
        return dict(self.texts)[lang]


TextParam = int | str | dt.date | Localized


@dataclass(frozen=True)
class Text:
    """A message to be translated: a key of the message catalogue and its placeholders."""

    key: str
    params: Mapping[str, TextParam] = field(default_factory=dict)


@dataclass(frozen=True)
class Contract:
    start: dt.date
    end: dt.date | None
    terminated: dt.date | None


@dataclass(frozen=True)
class Stay:
    entry: dt.date
    exit: dt.date


@dataclass(frozen=True)
class Request:
    """A checked request (see :mod:`migration_rules.request`)."""

    entry_date: dt.date
    purpose: str
    today: dt.date
    lang: str
    region: str = "other"
    birth_date: dt.date | None = None
    planned_exit: dt.date | None = None
    contract: Contract | None = None
    family_member_of_worker: bool = False
    previous_stays: tuple[Stay, ...] = ()


@dataclass(frozen=True)
class Deadline:
    id: str
    due: dt.date | None
    title: Text
    explanation: tuple[Text, ...]
    sources: tuple[str, ...]  # parameter names whose references are the sources
    # What to do when the day has passed (what happens, what to do today) and the parameters behind it:
    # added to the explanation and the sources only when the item is overdue.
    if_overdue: tuple[Text, ...] = ()
    overdue_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldError:
    field: str
    message: Text


class Context:
    """Looks up parameters for one calculation and remembers which ones were used."""

    def __init__(self, parameters: Parameters | None = None) -> None:
        self.parameters = parameters if parameters is not None else load_parameters()
        self.used: dict[str, DatedValue] = {}

    def lookup(self, name: str, day: dt.date) -> DatedValue:
        value = self.parameters.at(name, day)
        self.used[name] = value
        return value

    def value(self, name: str, day: dt.date) -> ParameterValue:
        return self.lookup(name, day).value

    def days(self, name: str, day: dt.date) -> int:
        value = self.value(name, day)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"parameter {name} is not a number of days")
        return value

    def flag(self, name: str, day: dt.date) -> bool:
        value = self.value(name, day)
        if not isinstance(value, bool):
            raise TypeError(f"parameter {name} is not true/false")
        return value

    def latest_date(self, name: str) -> dt.date:
        """The newest value of a date parameter (used for the calculator's own limits)."""
        value = self.parameters[name].values[-1]
        if isinstance(value.value, dt.datetime) or not isinstance(value.value, dt.date):
            raise TypeError(f"parameter {name} is not a date")
        self.used[name] = value
        return value.value

    def first_day_false_after(self, name: str, day: dt.date) -> dt.date | None:
        """The first day after ``day`` on which a true/false parameter becomes false (a dated end), if any."""
        for value in self.parameters[name].values:
            if value.start > day and value.value is False:
                return value.start
        return None

    def ever_true_before(self, name: str, day: dt.date) -> bool:
        """Whether a true/false parameter was true at some time before ``day`` (a regime that has ended)."""
        return any(value.start < day and value.value is True for value in self.parameters[name].values)

    def first_day_true(self, name: str, not_before: dt.date) -> dt.date | None:
        """The first day on or after ``not_before`` on which a true/false parameter is true."""
        if self.flag(name, not_before):
            return not_before
        for value in self.parameters[name].values:
            if value.start > not_before and value.value is True:
                self.used[name] = value
                return value.start
        return None
