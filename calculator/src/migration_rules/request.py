"""Checking a request: turn JSON-like input into a :class:`Request`, or into clear errors."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

from .dates import LANGUAGES, parse_iso_date
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


def request_language(raw: object) -> str:
    """The language to answer in: the request's ``lang`` when it is a known one, else the default."""
    if isinstance(raw, dict):
        lang = raw.get("lang", DEFAULT_LANG)
        if isinstance(lang, str) and lang in LANGUAGES:
            return lang
    return DEFAULT_LANG


class _Checker:
    def __init__(self, raw: dict[str, Any], ctx: Context, system_today: dt.date) -> None:
        self.raw = raw
        self.ctx = ctx
        self.system_today = system_today
        self.errors: list[FieldError] = []

    def error(self, field: str, key: str, **params: Any) -> None:
        self.errors.append(FieldError(field, Text(key, params)))

    def date(self, field: str, raw: object, *, required: bool, earliest: dt.date | None) -> dt.date | None:
        if raw is None or raw == "":
            if required:
                self.error(field, "error.required_date")
            return None
        day = parse_iso_date(raw)
        if day is None:
            self.error(field, "error.bad_date", value=str(raw)[:40])
            return None
        if earliest is not None and day < earliest:
            self.error(field, "error.date_too_early", earliest=earliest)
            return None
        return day

    def choice(self, field: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        raw = self.raw.get(field, default)
        if raw is None:
            self.error(field, "error.required_choice", allowed=", ".join(allowed))
            return None
        if not isinstance(raw, str) or raw not in allowed:
            self.error(field, f"error.unknown_{field}", value=str(raw)[:40], allowed=", ".join(allowed))
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
            self.error(f"contract.{key}", "error.unknown_field", name=f"contract.{key}")
        start = self.date("contract.start", raw.get("start"), required=True, earliest=None)
        end = self.date("contract.end", raw.get("end"), required=False, earliest=None)
        terminated = self.date("contract.terminated", raw.get("terminated"), required=False, earliest=None)
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
                self.error(f"{prefix}.{key}", "error.unknown_field", name=f"{prefix}.{key}")
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
            self.error(name, "error.unknown_field", name=name)
        lang = self.choice("lang", LANGUAGES, DEFAULT_LANG)
        earliest = self.ctx.latest_date("calculator.earliest_date")
        raw_today = self.raw.get("today")
        today = self.date("today", raw_today, required=False, earliest=earliest)
        if raw_today is None:
            today = self.system_today
        entry = self.date("entry_date", self.raw.get("entry_date"), required=True, earliest=earliest)
        purpose = self.choice("purpose", PURPOSES, None)
        region = self.choice("region", REGIONS, "other")
        birth = self.date("birth_date", self.raw.get("birth_date"), required=False, earliest=None)
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
    if not isinstance(raw, dict):
        return None, [FieldError("request", Text("error.request_not_object"))]
    checker = _Checker(raw, ctx, system_today)
    request = checker.check()
    return request, checker.errors
