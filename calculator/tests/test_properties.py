"""Properties that hold for every request (hypothesis): 20,000 generated requests in all under CPython.

Whatever comes in, ``calculate`` answers without an exception, with a response that is JSON (``allow_nan=False``),
encodable in UTF-8, in the request's language (every title, explanation, note and error is made of that language's
messages), with its deadlines in date order. Runs are derandomized (the same requests every run, no example
database), so a failure is never a matter of luck. Inside Pyodide (``sys.platform == "emscripten"``) each test runs a
quarter of its examples, 5,000 requests in all, to keep ``make test-pyodide`` short.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from migration_rules import calculate
from migration_rules.dates import LANGUAGES, LATEST_DATE, OLDEST_DATE, format_date
from migration_rules.messages import catalogue
from migration_rules.request import FIELDS, PURPOSES, REGIONS

IN_PYODIDE = sys.platform == "emscripten"
FIRST = dt.date(2025, 1, 1)
TODAY = dt.date(2026, 12, 7)  # fallback for requests without `today`: the run never depends on the machine's date


def examples(count: int) -> Any:
    """Settings for ``count`` examples (a quarter in Pyodide), derandomized, without a database."""
    return settings(
        max_examples=count // 4 if IN_PYODIDE else count,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# --- what a response must look like ---------------------------------------------------------------------------------


@cache
def _message_pattern(lang: str) -> str:
    """A regular expression for any one message of ``lang``, its placeholders filled with anything short."""
    bodies = []
    for template in sorted(catalogue(lang).values(), key=len, reverse=True):
        if not re.search(r"[^\W\d_]", re.sub(r"\{[a-z_]+(?::[a-z]+)?\}", "", template)):
            continue  # a message of placeholders only says nothing about its language
        parts = re.split(r"(\{\{|\}\}|\{[a-z_]+(?::[a-z]+)?\})", template)
        body = "".join(
            "\\{"
            if part == "{{"
            else "\\}"
            if part == "}}"
            else ".{0,200}?"
            if part.startswith("{")
            else re.escape(part)
            for part in parts
        )
        bodies.append(body)
    return "(?:" + "|".join(bodies) + ")"


@cache
def _one_message(lang: str) -> re.Pattern[str]:
    return re.compile(_message_pattern(lang), re.DOTALL)


@cache
def _messages(lang: str) -> re.Pattern[str]:
    """Several messages of ``lang`` joined by spaces, as an explanation is."""
    one = _message_pattern(lang)
    return re.compile(f"{one}(?: {one})*", re.DOTALL)


def expected_language(request: object) -> str:
    """The request's ``lang`` (the last key "lang", also a text of a subclass) when known, else Kyrgyz."""
    lang = "ky"
    if isinstance(request, dict):
        for key, value in dict.items(request):
            if isinstance(key, str) and str.__str__(key) == "lang":
                known = isinstance(value, str) and str.__str__(value) in LANGUAGES
                lang = str.__str__(value) if known else "ky"
    return lang


def check_response(response: dict[str, Any], lang: str) -> None:
    text = json.dumps(response, allow_nan=False, ensure_ascii=False)  # JSON, with no NaN or infinity
    text.encode("utf-8")  # no lone surrogate anywhere
    assert json.loads(text) == response
    assert set(response) == {"rules_version", "deadlines", "notes", "errors"}
    assert not (response["errors"] and response["deadlines"])
    for error in response["errors"]:
        assert type(error["field"]) is str and error["field"]
        assert _one_message(lang).fullmatch(error["message"]), (lang, error["message"])
        # a rule that raised: the reader gets a plain message, but for the tests it is a fault of the calculator
        assert error["message"] != catalogue(lang)["error.cannot_calculate"], response
    for note in response["notes"]:
        assert _one_message(lang).fullmatch(note), (lang, note)
    dues = [deadline["due"] for deadline in response["deadlines"]]
    assert dues == sorted(dues, key=lambda due: (due is None, due or ""))
    for deadline in response["deadlines"]:
        assert _one_message(lang).fullmatch(deadline["title"]), (lang, deadline["title"])
        assert _messages(lang).fullmatch(deadline["explanation"]), (lang, deadline["explanation"])
        assert deadline["sources"] and all(s["url"].startswith("https://") for s in deadline["sources"])
        left = deadline["days_left"]
        assert (deadline["due"] is None) == (left is None)
        assert deadline["status"] == ("upcoming" if left is None or left > 0 else "today" if left == 0 else "overdue")


# --- JSON requests: plausible ones (the rules run) and junk ---------------------------------------------------------

any_day = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
ONE_DAY = dt.timedelta(days=1)
LIMITS = (dt.date(1, 1, 1), OLDEST_DATE - ONE_DAY, OLDEST_DATE, FIRST - ONE_DAY, FIRST, LATEST_DATE - 90 * ONE_DAY)
near_limits = st.sampled_from((*LIMITS, LATEST_DATE, LATEST_DATE + ONE_DAY, dt.date(9999, 12, 31)))
supported_day = st.dates(min_value=FIRST, max_value=LATEST_DATE)
odd_text = st.one_of(
    st.text(max_size=12),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),  # lone surrogates
    st.text(st.characters(max_codepoint=0x9F, categories=["Cc"]), min_size=1, max_size=3),  # control characters
    st.sampled_from(["", " ", "2026-03-01\n", "+2026-03-01", "2026-W10-1", "２０２６-03-01", "٢٠٢٦-٠٣-٠١"]),
    st.integers(41, 5000).map(lambda length: "x" * length),  # longer than a message echoes
)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(0, 9).map(lambda n: 10**4300 + n),  # longer than Python converts to text
    st.floats(),  # NaN and infinity too
    odd_text,
    st.lists(st.integers(), max_size=2),
    st.one_of(any_day, near_limits).map(dt.date.isoformat),
)
nested = st.recursive(
    junk, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(odd_text, inner, max_size=2), max_leaves=6
)


def deeply_nested(depth: int) -> Any:
    value: Any = "2026-03-01"
    for level in range(depth):
        value = [value] if level % 2 else {"entry": value}
    return value


@st.composite
def plausible_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Requests that are mostly valid, so that the rules themselves are exercised, across the supported range."""
    entry = draw(supported_day)
    shift = draw(st.integers(-120, 400))
    request: dict[str, Any] = {
        "entry_date": entry.isoformat(),
        "purpose": draw(st.sampled_from(PURPOSES)),
        "today": min(max(entry + dt.timedelta(days=shift), FIRST), LATEST_DATE).isoformat(),
        "region": draw(st.sampled_from(REGIONS)),
        "lang": draw(st.sampled_from(LANGUAGES)),
    }
    if draw(st.booleans()):
        request["birth_date"] = max(entry - dt.timedelta(days=draw(st.integers(0, 365 * 80))), OLDEST_DATE).isoformat()
    if draw(st.booleans()):
        request["planned_exit"] = min(entry + dt.timedelta(days=draw(st.integers(0, 400))), LATEST_DATE).isoformat()
    if draw(st.booleans()):
        request["family_member_of_worker"] = draw(st.booleans())
    if draw(st.booleans()):
        start = max(entry + dt.timedelta(days=draw(st.integers(-60, 30))), OLDEST_DATE)
        contract: dict[str, Any] = {"start": start.isoformat()}
        if draw(st.booleans()):
            contract["end"] = min(start + dt.timedelta(days=draw(st.integers(0, 700))), LATEST_DATE).isoformat()
        if draw(st.booleans()):
            contract["terminated"] = min(start + dt.timedelta(days=draw(st.integers(0, 300))), LATEST_DATE).isoformat()
        request["contract"] = contract
    stays = []
    cursor = entry - dt.timedelta(days=1)
    for _ in range(draw(st.integers(0, 3))):
        exit_day = cursor - dt.timedelta(days=draw(st.integers(0, 40)))
        entry_day = exit_day - dt.timedelta(days=draw(st.integers(0, 60)))
        if entry_day < FIRST:
            break
        stays.append({"entry": entry_day.isoformat(), "exit": exit_day.isoformat()})
        cursor = entry_day - dt.timedelta(days=1)
    if stays:
        request["previous_stays"] = stays
    return request


@st.composite
def perturbed_requests(draw: st.DrawFn) -> dict[str, Any]:
    """A plausible request with one or two fields replaced by junk, a far date or a deeply nested value."""
    request = draw(plausible_requests())
    for _ in range(draw(st.integers(1, 2))):
        field = draw(st.sampled_from([*FIELDS, "contract.end", "contract.terminated", "previous_stays.0", "x"]))
        value = draw(
            st.one_of(
                junk,
                nested,
                st.one_of(any_day, near_limits).map(dt.date.isoformat),
                st.integers(9, 3000).map(deeply_nested),
            )
        )
        if field.startswith("contract."):
            request["contract"] = {"start": request["entry_date"], field.split(".")[1]: value}
        elif field == "previous_stays.0":
            request["previous_stays"] = [{"entry": value, "exit": value}]
        else:
            request[field] = value
    return request


json_requests = st.one_of(
    perturbed_requests(),
    st.dictionaries(st.sampled_from([*FIELDS, "x"]) | odd_text, nested, max_size=8),
    nested,
)


@examples(8_000)
@given(json_requests)
def test_any_json_request_gets_a_json_response_in_its_language(request: Any) -> None:
    check_response(calculate(request, today=TODAY), expected_language(request))


@examples(8_000)
@given(plausible_requests())
def test_plausible_requests_over_the_whole_supported_range(request: dict[str, Any]) -> None:
    response = calculate(request)
    check_response(response, request["lang"])
    today = dt.date.fromisoformat(request["today"])
    entry = dt.date.fromisoformat(request["entry_date"])
    for deadline in response["deadlines"]:
        if deadline["due"] is None:
            continue
        due = dt.date.fromisoformat(deadline["due"])
        assert (due - today).days == deadline["days_left"]
        if deadline["id"] in ("registration", "medical_exam"):
            assert entry <= due <= entry + dt.timedelta(days=89)


@examples(800)
@given(plausible_requests() | json_requests)
def test_changing_only_the_language_changes_only_the_texts(request: Any) -> None:
    if not isinstance(request, dict):
        return
    shapes = []
    for lang in LANGUAGES:
        response = calculate({**request, "lang": lang}, today=TODAY)
        check_response(response, lang)
        shapes.append(
            (
                response["rules_version"],
                [
                    (d["id"], d["due"], d["days_left"], d["status"], [s["url"] for s in d["sources"]])
                    for d in response["deadlines"]
                ],
                len(response["notes"]),
                [error["field"] for error in response["errors"]],
            )
        )
    assert shapes[0] == shapes[1] == shapes[2]


# --- Python callers: objects JSON cannot carry ---------------------------------------------------------------------


class OddText(str):
    """A text that is never equal to anything (not even itself) and cannot be turned into text."""

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__

    def __str__(self) -> str:
        raise RuntimeError("no text")

    def __format__(self, spec: str) -> str:
        raise RuntimeError("no format")

    def __repr__(self) -> str:  # hypothesis prints examples with repr()
        return f"OddText({str.__repr__(self)})"


class OddDict(dict[Any, Any]):
    """A dictionary whose look-ups fail."""

    def get(self, *args: Any) -> Any:
        raise RuntimeError("no get")

    def __getitem__(self, key: Any) -> Any:
        raise RuntimeError("no item")

    def __iter__(self) -> Any:
        raise RuntimeError("no iteration")


class OddObject:
    """An object that cannot be compared or turned into text."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no comparison")

    __hash__ = object.__hash__

    def __str__(self) -> str:
        raise RuntimeError("no text")

    def __repr__(self) -> str:  # hypothesis prints examples with repr()
        return "OddObject()"


python_values = st.one_of(
    junk,
    st.tuples(junk),
    st.frozensets(st.integers(), max_size=2),
    st.binary(max_size=5),
    st.datetimes(),
    any_day,
    st.just(OddObject()),
    st.just(float("nan")),
    odd_text.map(OddText),
    st.sampled_from(["2026-03-01", "work", "en", "ru"]).map(OddText),
)
python_keys = st.one_of(
    st.sampled_from(FIELDS),
    st.sampled_from(FIELDS).map(OddText),
    st.integers(),
    st.none(),
    st.binary(max_size=3),
    st.tuples(st.integers()),
    st.frozensets(st.integers(), max_size=2),
    st.just(OddObject()),
    odd_text,
)


@st.composite
def python_requests(draw: st.DrawFn) -> Any:
    request = draw(st.one_of(plausible_requests(), st.dictionaries(python_keys, python_values, max_size=6)))
    if isinstance(request, dict):
        request.update(draw(st.dictionaries(python_keys, python_values, max_size=3)))
        if draw(st.booleans()):
            request = OddDict(request)
    return request


@examples(3_200)
@given(python_requests() | python_values)
def test_python_objects_never_raise_and_are_never_echoed(request: Any) -> None:
    check_response(calculate(request, today=TODAY), expected_language(request))


def test_far_dates_and_limits_are_written_out_in_every_language() -> None:
    for lang in LANGUAGES:
        for day in (dt.date(1, 1, 1), OLDEST_DATE, LATEST_DATE, dt.date(9999, 12, 31)):
            assert str(day.year) in format_date(day, lang)


def test_a_python_date_object_is_refused_but_shown_as_a_date() -> None:
    response = calculate({"entry_date": dt.date(2026, 3, 1), "purpose": "work", "lang": "en"}, today=TODAY)
    assert [error["message"] for error in response["errors"]] == [
        '"2026-03-01" is not a date. Enter it as year-month-day, for example 2026-03-01.'
    ]


def test_an_unknown_key_is_named_by_its_path_with_the_key_shown_short() -> None:
    long_key = "k" * 100 + "\ud800"
    request = {"entry_date": "2026-03-01", "purpose": "work", "lang": "en", "": 1}
    request["previous_stays"] = [{"entry": "2026-01-01", "exit": "2026-01-05", long_key: 1}]
    fields = [error["field"] for error in calculate(request, today=TODAY)["errors"]]
    assert fields == ['""', "previous_stays[0]." + "k" * 39 + "…"]
