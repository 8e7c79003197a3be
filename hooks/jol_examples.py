"""Worked examples on the guide pages, computed at build time by the rules package.

A page writes an example's dates as placeholders, ``{{ example.first_month.entry_date | loc }}``, and the examples
are described once in ``data/examples.toml``: the calculator request each example makes (its dates written
``MM-DD``, in the build year, or ``+1:MM-DD`` in the year after), and any other date the sentence needs. So an
example always speaks of this year, and follows a change of a legal value in parameters.toml on the day the value
takes effect, like the calculator does.

What a placeholder ``example.<name>.<value>`` can name:

- a date of the request, by its key: ``entry_date``, ``today``, ``planned_exit``, ``birth_date``,
  ``contract_start``, ``contract_end``, ``contract_terminated``, ``previous_stay_entry``, ``previous_stay_exit``
  (the first previous stay);
- a date of the example's ``[<name>.dates]`` table;
- the due date of a deadline the calculator gives for the request, by its id (``registration``, ``stay_limit``…);
- ``day.<legal value>``: the day of the stay that a legal value counts to, ``day.stay.continuous_days``;
- ``day_<n>``: the n-th day of the stay, the entry day being day 1; ``day_after_<date>``: the day after a date;
- ``days_<a>_to_<b>``: the number of days from date ``a`` to date ``b``, both counted (``days_entry_date_to_exit``);
- ``year``: the year of the entry date.

Dates are written out in the page's language; a Kyrgyz case is chosen with a filter: ``| dat`` («1-мартына»),
``| abl`` («1-мартынан»), ``| loc`` («1-мартында»). Russian and English ignore the filter.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from migration_rules import calculate
from migration_rules.dates import KYRGYZ_CASES, format_date
from migration_rules.parameters import Parameters, load_parameters

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_FILE = ROOT / "data" / "examples.toml"
CASE_FILTERS = tuple(case for case in KYRGYZ_CASES if case != "nom")

_MONTH_DAY = re.compile(r"^(?:\+(?P<years>\d):)?(?P<month>\d\d)-(?P<day>\d\d)$")
_DAY_N = re.compile(r"^day_(?P<n>[1-9]\d{0,3})$")
_DAYS_BETWEEN = re.compile(r"^days_(?P<first>[a-z0-9_]+?)_to_(?P<last>[a-z0-9_]+)$")
_DAY_AFTER = re.compile(r"^day_after_(?P<key>[a-z0-9_]+)$")
_REQUEST_DATES = {
    "entry_date": ("entry_date",),
    "today": ("today",),
    "planned_exit": ("planned_exit",),
    "birth_date": ("birth_date",),
    "contract_start": ("contract", "start"),
    "contract_end": ("contract", "end"),
    "contract_terminated": ("contract", "terminated"),
    "previous_stay_entry": ("previous_stays", 0, "entry"),
    "previous_stay_exit": ("previous_stays", 0, "exit"),
}


class ExampleError(ValueError):
    """An example cannot be computed or a placeholder does not name one of its values; the message says which."""


@dataclass(frozen=True)
class Example:
    name: str
    dates: dict[str, dt.date]  # the request's dates and the example's own, by name
    deadlines: dict[str, dt.date]  # due dates by deadline id
    parameters: Parameters | None = None  # the legal values the example was computed with

    @property
    def entry(self) -> dt.date:
        return self.dates["entry_date"]

    def value(self, key: str) -> dt.date | int:
        """The date or number ``key`` names (see the module's docstring)."""
        if key in self.dates:
            return self.dates[key]
        if key in self.deadlines:
            return self.deadlines[key]
        if key == "year":
            return self.entry.year
        if key.startswith("day."):  # day.stay.continuous_days: the day of the stay a legal value names
            return self._day_of_parameter(key.removeprefix("day."))
        day_n = _DAY_N.match(key)
        if day_n:
            return self.entry + dt.timedelta(days=int(day_n.group("n")) - 1)
        after = _DAY_AFTER.match(key)
        if after:
            before = self.value(after.group("key"))
            if isinstance(before, dt.date):
                return before + dt.timedelta(days=1)
        between = _DAYS_BETWEEN.match(key)
        if between:
            first, last = self.value(between.group("first")), self.value(between.group("last"))
            if isinstance(first, dt.date) and isinstance(last, dt.date):
                return (last - first).days + 1
        patterns = ("year", "day.<legal value>", "day_<n>", "day_after_<date>", "days_<a>_to_<b>")
        known = sorted({*self.dates, *self.deadlines, *patterns})
        raise ExampleError(f"the example {self.name!r} has no value {key!r} (it has: {', '.join(known)})")

    def _day_of_parameter(self, name: str) -> dt.date:
        parameters = self.parameters or load_parameters()
        if name not in parameters:
            raise ExampleError(f"names day.{name}, but {name!r} is not a legal value in parameters.toml")
        value = parameters.at(name, self.entry).value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ExampleError(f"names day.{name}, but {name} is not a number of days ({value!r})")
        return self.entry + dt.timedelta(days=value - 1)


def _date(text: object, year: int, where: str) -> dt.date:
    match = _MONTH_DAY.match(text) if isinstance(text, str) else None
    if match is None:
        raise ExampleError(f"{where}: write a date as MM-DD (this year) or +1:MM-DD (next year), not {text!r}")
    try:
        return dt.date(year + int(match.group("years") or 0), int(match.group("month")), int(match.group("day")))
    except ValueError:
        raise ExampleError(f"{where}: {text!r} is not a day of the year {year}") from None


# The request's keys that hold a date (at any depth: contract.start, previous_stays[0].entry).
_DATE_KEYS = frozenset(
    {"entry_date", "today", "planned_exit", "birth_date", "start", "end", "terminated", "entry", "exit"}
)


def _with_dates(value: Any, year: int, where: str, key: str = "") -> Any:
    """The request with every date written out in ``year``."""
    if isinstance(value, dict):
        return {k: _with_dates(v, year, f"{where}.{k}", k) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_dates(v, year, f"{where}[{i}]", key) for i, v in enumerate(value)]
    if key in _DATE_KEYS:
        return _date(value, year, where).isoformat()
    return value


def _lookup(request: dict[str, Any], path: tuple[str | int, ...]) -> object:
    value: object = request
    for step in path:
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and len(value) > step else None
        else:
            value = value.get(step) if isinstance(value, dict) else None
    return value


def build_example(name: str, spec: dict[str, Any], year: int, parameters: Parameters | None = None) -> Example:
    where = f"data/examples.toml [{name}]"
    raw_request = spec.get("request")
    if not isinstance(raw_request, dict) or "entry_date" not in raw_request:
        raise ExampleError(f"{where}: give the calculator request, with at least entry_date, as request = {{ … }}")
    request = _with_dates(raw_request, year, f"{where} request")
    request.setdefault("today", request["entry_date"])
    request["lang"] = "en"
    answer = calculate(request, parameters=parameters)
    if answer.get("errors"):
        problems = "; ".join(f"{error['field']}: {error['message']}" for error in answer["errors"])
        raise ExampleError(f"{where}: the calculator refuses the request: {problems}")
    dates: dict[str, dt.date] = {}
    for key, path in _REQUEST_DATES.items():
        value = _lookup(request, path)
        if isinstance(value, str):
            dates[key] = dt.date.fromisoformat(value)
    for key, text in (spec.get("dates") or {}).items():
        dates[key] = _date(text, year, f"{where} dates.{key}")
    deadlines = {
        item["id"]: dt.date.fromisoformat(item["due"]) for item in answer.get("deadlines", []) if item.get("due")
    }
    return Example(name, dates, deadlines, parameters)


@cache
def _specs(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ExampleError(f"cannot read {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ExampleError(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {error}") from None


_computed: dict[tuple[Path, str, int], tuple[Parameters, Example]] = {}


def _example(path: Path, name: str, year: int, parameters: Parameters) -> Example:
    """The example computed with ``parameters`` (once per build: the same parameters give the same example)."""
    kept = _computed.get((path, name, year))
    if kept is not None and kept[0] is parameters:
        return kept[1]
    specs = _specs(path)
    if name not in specs:
        raise ExampleError(f"names an example {name!r} that data/examples.toml does not have ({', '.join(specs)})")
    example = build_example(name, specs[name], year, parameters)
    _computed[(path, name, year)] = (parameters, example)
    return example


def reload_examples() -> None:
    """Forget what was read and computed (``make serve`` shows an edited examples.toml at once)."""
    _specs.cache_clear()
    _computed.clear()


def fill_example(name: str, filter_: str | None, lang: str, day: dt.date, parameters: Parameters) -> str:
    """The text of the placeholder ``example.<name>.<value>`` on a page built on ``day`` in ``lang``."""
    example_name, _, key = name.removeprefix("example.").partition(".")
    if not key:
        raise ExampleError("names no value: write {{ example.<example>.<value> }}, e.g. example.first_month.entry_date")
    if filter_ is not None and filter_ not in CASE_FILTERS:
        raise ExampleError(f"uses the filter {filter_!r}; an example's date takes {', '.join(CASE_FILTERS)} or none")
    example = _example(EXAMPLES_FILE, example_name, day.year, parameters)
    value = example.value(key)
    if isinstance(value, int):
        if filter_ is not None:
            raise ExampleError(f"gives a number ({value}); a case filter only goes with a date")
        return str(value)
    return format_date(value, lang, filter_ or "nom")
