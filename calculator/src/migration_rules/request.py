"""Checking a request: turn JSON-like input into a :class:`Request`, or into clear errors.

Nothing here raises, whatever a caller sends. The request is first copied into plain JSON values
(:func:`plain`): exact ``str``, ``int``, ``float``, ``bool``, ``None``, ``dict`` with text keys and ``list``; any
other object, and any container nested deeper than a request can be, becomes an :class:`Opaque` value that is never
read. A value is echoed into a message only through :func:`shown`: short, printable, always valid UTF-8.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from typing import Any, cast

from .dates import LANGUAGES, LATEST_DATE, OLDEST_DATE, parse_iso_date
from .model import Context, Contract, FieldError, Request, Stay, Text

PURPOSES: tuple[str, ...] = ("work", "study", "private", "tourism", "business", "other")
REGIONS: tuple[str, ...] = ("moscow", "other")
FIELDS: tuple[str, ...] = (
    "entry_date",
    "purpose",
    "today",
    "birth_date",
    "planned_exit",
    "contract",
    "family_member_of_worker",
    "previous_stays",
    "region",
    "lang",
)
DEFAULT_LANG = "ky"

# A request is nested 3 levels deep at most (previous_stays[0].entry); deeper containers are not read.
MAX_DEPTH = 8
# At most this many characters of a value are echoed into a message.
MAX_SHOWN = 40
# Characters never echoed: control characters, line and paragraph separators, bidirectional controls (they can
# reorder the text around them) and lone surrogates (not encodable in UTF-8).
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


class Opaque:
    """A value that is not plain JSON, or is nested too deeply: it is named by its kind and never read."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind


def plain(value: object, depth: int = 0) -> object:
    """A copy of ``value`` made of exact JSON types; runs no code of the caller's objects (no overridden methods)."""
    kind = type(value)
    if value is None or kind is bool:
        return value
    if issubclass(kind, str):
        return str.__str__(cast(str, value))  # an exact str, also for a subclass
    if issubclass(kind, int):
        return int.__int__(cast(int, value))
    if issubclass(kind, float):
        return float.__float__(cast(float, value))
    if issubclass(kind, dict):
        if depth >= MAX_DEPTH:
            return Opaque("{…}")
        copy: dict[str, object] = {}
        for key, item in dict.items(cast("dict[object, object]", value)):
            name = str.__str__(cast(str, key)) if issubclass(type(key), str) else shown(plain(key, MAX_DEPTH))
            copy[name] = plain(item, depth + 1)
        return copy
    if issubclass(kind, list):
        if depth >= MAX_DEPTH:
            return Opaque("[…]")
        return [plain(item, depth + 1) for item in list.__iter__(cast("list[object]", value))]
    if kind is dt.date:  # a Python caller's date object: not a date text, but shown as one
        return Opaque(dt.date.isoformat(cast(dt.date, value)))
    return Opaque("…")


def shown(value: object) -> str:
    """A value as a message may echo it: at most 40 characters, printable, always encodable in UTF-8."""
    text: str
    if isinstance(value, Opaque):
        text = value.kind
    elif value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif type(value) is int:
        text = str(value) if -(10**MAX_SHOWN) < value < 10**MAX_SHOWN else "…"
    elif type(value) is float:
        text = repr(value)
    elif type(value) is str:
        text = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"
    elif type(value) is dict:
        text = "{…}"
    elif type(value) is list:
        text = "[…]"
    else:
        text = "…"
    return _UNSHOWABLE.sub("\ufffd", text)


def request_language(raw: object) -> str:
    """The language to answer in: the request's ``lang`` when it is a known one, else the default."""
    lang: object = DEFAULT_LANG
    if issubclass(type(raw), dict):
        # Read as plain() reads it (the last "lang" wins), without a look-up that could compare a caller's key.
        for key, value in dict.items(cast("dict[object, object]", raw)):
            if issubclass(type(key), str) and str.__str__(cast(str, key)) == "lang":
                lang = plain(value)
    return lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT_LANG


class _Checker:
    def __init__(self, raw: dict[str, Any], ctx: Context, system_today: dt.date) -> None:
        self.raw = raw
        self.ctx = ctx
        self.system_today = system_today
        self.errors: list[FieldError] = []

    def error(self, field: str, key: str, **params: Any) -> None:
        self.errors.append(FieldError(field, Text(key, params)))

    def unknown_field(self, key: str, parent: str = "") -> None:
        """An unknown key: named by its path (``contract.finish``), the key itself shown short and printable."""
        name = shown(key) or '""'
        path = f"{parent}.{name}" if parent else name
        self.error(path, "error.unknown_field", name=path)

    def date(
        self,
        field: str,
        raw: object,
        *,
        required: bool,
        earliest: dt.date,
        too_early: str = "error.date_too_early",
        too_late: str = "error.date_too_late",
    ) -> dt.date | None:
        """The date of a field, or None after an error (missing, not a date, outside earliest..LATEST_DATE)."""
        if raw is None or raw == "":
            if required:
                self.error(field, "error.required_date")
            return None
        day = parse_iso_date(raw)
        if day is None:
            self.error(field, "error.bad_date", value=shown(raw))
            return None
        return self.in_range(field, day, earliest, too_early, too_late)

    def old_date(
        self, field: str, raw: object, *, required: bool, too_late: str = "error.date_too_late"
    ) -> dt.date | None:
        """A date that may be long before the rules (birth, contract): refused only before OLDEST_DATE."""
        return self.date(
            field, raw, required=required, earliest=OLDEST_DATE, too_early="error.date_too_old", too_late=too_late
        )

    def in_range(self, field: str, day: dt.date, earliest: dt.date, too_early: str, too_late: str) -> dt.date | None:
        if day < earliest:
            self.error(field, too_early, earliest=earliest, today=day)
            return None
        if day > LATEST_DATE:
            self.error(field, too_late, latest=LATEST_DATE, today=day)
            return None
        return day

    def choice(self, field: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        raw = self.raw.get(field, default)
        if raw is None:
            self.error(field, "error.required_choice", allowed=", ".join(allowed))
            return None
        if not isinstance(raw, str) or raw not in allowed:
            self.error(field, f"error.unknown_{field}", value=shown(raw), allowed=", ".join(allowed))
            return None
        return raw

    def contract(self, entry: dt.date | None) -> Contract | None:
        raw = self.raw.get("contract")
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.error("contract", "error.contract_not_object")
            return None
        unknown = sorted(set(raw) - {"start", "end", "terminated"})
        for key in unknown:
            self.unknown_field(key, "contract")
        start = self.old_date("contract.start", raw.get("start"), required=True)
        end = self.old_date("contract.end", raw.get("end"), required=False, too_late="error.contract_end_too_late")
        terminated = self.old_date("contract.terminated", raw.get("terminated"), required=False)
        if start is None or unknown:
            return None
        ok = True
        if end is not None and end < start:
            self.error("contract.end", "error.contract_end_before_start", start=start)
            ok = False
        elif end is not None and entry is not None and end < entry:
            self.error("contract.end", "error.contract_ends_before_entry", entry=entry)
            ok = False
        if terminated is not None:
            if terminated < start:
                self.error("contract.terminated", "error.terminated_before_start", start=start)
                ok = False
            elif end is not None and terminated > end:
                self.error("contract.terminated", "error.terminated_after_end", end=end)
                ok = False
            elif entry is not None and terminated < entry:
                self.error("contract.terminated", "error.terminated_before_entry", entry=entry)
                ok = False
        return Contract(start, end, terminated) if ok else None

    def previous_stays(self, entry: dt.date | None, today: dt.date | None, earliest: dt.date) -> tuple[Stay, ...]:
        raw = self.raw.get("previous_stays", [])
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error("previous_stays", "error.stays_not_list")
            return ()
        stays: list[tuple[int, Stay]] = []
        for index, item in enumerate(raw):
            prefix = f"previous_stays[{index}]"
            if not isinstance(item, dict):
                self.error(prefix, "error.stay_not_object", number=index + 1)
                continue
            unknown = sorted(set(item) - {"entry", "exit"})
            for key in unknown:
                self.unknown_field(key, prefix)
            first = self.date(f"{prefix}.entry", item.get("entry"), required=True, earliest=earliest)
            last = self.date(f"{prefix}.exit", item.get("exit"), required=True, earliest=earliest)
            if first is None or last is None or unknown:
                continue
            if last < first:
                self.error(f"{prefix}.exit", "error.stay_exit_before_entry", number=index + 1)
            elif today is not None and first > today:
                self.error(f"{prefix}.entry", "error.stay_in_future", number=index + 1, today=today)
            elif entry is not None and last >= entry:
                self.error(f"{prefix}.exit", "error.stay_not_before_entry", number=index + 1, entry=entry)
            else:
                stays.append((index, Stay(first, last)))
        ordered = sorted(stays, key=lambda pair: pair[1].entry)
        for (_, before), (index, after) in pairwise(ordered):
            if after.entry <= before.exit:
                self.error(f"previous_stays[{index}].entry", "error.stays_overlap", number=index + 1)
        return tuple(stay for _, stay in ordered)

    def check(self) -> Request | None:
        for name in sorted(set(self.raw) - set(FIELDS)):
            self.unknown_field(name)
        lang = self.choice("lang", LANGUAGES, DEFAULT_LANG)
        earliest = self.ctx.latest_date("calculator.earliest_date")
        # The browser sends the phone's date: a date outside the calculator's range means the phone's clock is wrong.
        clock = "error.phone_date_wrong"
        raw_today = self.raw.get("today")
        if raw_today is None or raw_today == "":  # not given
            today = self.in_range("today", self.system_today, earliest, clock, clock)
        else:
            today = self.date("today", raw_today, required=True, earliest=earliest, too_early=clock, too_late=clock)
        entry = self.date("entry_date", self.raw.get("entry_date"), required=True, earliest=earliest)
        purpose = self.choice("purpose", PURPOSES, None)
        region = self.choice("region", REGIONS, "other")
        birth = self.old_date("birth_date", self.raw.get("birth_date"), required=False)
        if birth is not None and entry is not None and birth > entry:
            self.error("birth_date", "error.birth_after_entry", entry=entry)
        exit_day = self.date("planned_exit", self.raw.get("planned_exit"), required=False, earliest=earliest)
        if exit_day is not None and entry is not None and exit_day < entry:
            self.error("planned_exit", "error.exit_before_entry", entry=entry)
        family = self.raw.get("family_member_of_worker", False)
        if not isinstance(family, bool):
            self.error("family_member_of_worker", "error.not_boolean")
        contract = self.contract(entry)
        stays = self.previous_stays(entry, today, earliest)
        if self.errors:
            return None
        assert entry is not None and purpose is not None and today is not None
        assert lang is not None and region is not None and isinstance(family, bool)
        return Request(
            entry_date=entry,
            purpose=purpose,
            today=today,
            lang=lang,
            region=region,
            birth_date=birth,
            planned_exit=exit_day,
            contract=contract,
            family_member_of_worker=family,
            previous_stays=stays,
        )


def check_request(raw: object, ctx: Context, system_today: dt.date) -> tuple[Request | None, list[FieldError]]:
    """Check a raw request. Returns the request, or None and the list of errors."""
    request = plain(raw)
    if not isinstance(request, dict):
        return None, [FieldError("request", Text("error.request_not_object"))]
    checker = _Checker(request, ctx, system_today)
    return checker.check(), checker.errors


def cannot_calculate() -> list[FieldError]:
    """The error of a request that passed the checks but that a rule could not answer: a fault of the calculator,
    never the reader's. ``calculate`` gives it instead of letting an exception reach the reader's browser."""
    return [FieldError("request", Text("error.cannot_calculate"))]
