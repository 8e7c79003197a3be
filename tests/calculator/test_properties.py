"""Properties that hold for every request (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from migration_rules import calculate
from migration_rules.request import FIELDS, PURPOSES

FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2029, 12, 31)

days = st.dates(min_value=FIRST, max_value=LAST)
iso = days.map(dt.date.isoformat)
junk = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=12),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)).map(dt.date.isoformat),
)


@st.composite
def plausible_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Requests that are mostly valid, so that the rules themselves are exercised."""
    entry = draw(days)
    request: dict[str, Any] = {
        "entry_date": entry.isoformat(),
        "purpose": draw(st.sampled_from(PURPOSES)),
        "today": (entry + dt.timedelta(days=draw(st.integers(-30, 400)))).isoformat(),
        "region": draw(st.sampled_from(["moscow", "other"])),
    }
    if draw(st.booleans()):
        request["birth_date"] = (entry - dt.timedelta(days=draw(st.integers(0, 365 * 40)))).isoformat()
    if draw(st.booleans()):
        request["planned_exit"] = (entry + dt.timedelta(days=draw(st.integers(0, 400)))).isoformat()
    if draw(st.booleans()):
        request["family_member_of_worker"] = draw(st.booleans())
    if draw(st.booleans()):
        start = entry + dt.timedelta(days=draw(st.integers(-60, 30)))
        contract: dict[str, Any] = {"start": start.isoformat()}
        if draw(st.booleans()):
            contract["end"] = (start + dt.timedelta(days=draw(st.integers(0, 700)))).isoformat()
        if draw(st.booleans()):
            contract["terminated"] = (start + dt.timedelta(days=draw(st.integers(0, 300)))).isoformat()
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


any_requests = st.one_of(
    plausible_requests(),
    st.dictionaries(
        st.sampled_from([*FIELDS, "x"]),
        junk,
        max_size=8,
    ),
    junk,
)


def strings_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_of(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_of(item)]
    return []


def without_texts(response: dict[str, Any]) -> dict[str, Any]:
    return {
        "rules_version": response["rules_version"],
        "deadlines": [{k: v for k, v in d.items() if k not in ("title", "explanation")} for d in response["deadlines"]],
        "notes": len(response["notes"]),
        "errors": [error["field"] for error in response["errors"]],
    }


@settings(max_examples=300, deadline=None)
@given(any_requests)
def test_any_request_gets_a_json_response_without_an_exception(request: Any) -> None:
    response = calculate(request)
    assert json.loads(json.dumps(response)) == response
    assert set(response) == {"rules_version", "deadlines", "notes", "errors"}
    assert not (response["errors"] and response["deadlines"])
    for error in response["errors"]:
        assert error["field"] and error["message"]


@settings(max_examples=300, deadline=None)
@given(plausible_requests())
def test_dates_and_days_left_are_consistent(request: dict[str, Any]) -> None:
    response = calculate(request)
    today = dt.date.fromisoformat(request["today"])
    entry = dt.date.fromisoformat(request["entry_date"])
    dues = [d["due"] for d in response["deadlines"]]
    assert dues == sorted(dues, key=lambda due: (due is None, due or ""))
    for deadline in response["deadlines"]:
        if deadline["due"] is None:
            assert deadline["days_left"] is None
            continue
        due = dt.date.fromisoformat(deadline["due"])
        assert (due - today).days == deadline["days_left"]
        expected = "overdue" if due < today else "today" if due == today else "upcoming"
        assert expected == deadline["status"]
        assert due >= entry, deadline["id"]
        if deadline["id"] in ("registration", "medical_exam"):
            assert due - entry <= dt.timedelta(days=89)
        if deadline["id"] == "stay_limit" and "contract" not in request and not request.get("family_member_of_worker"):
            assert due - entry <= dt.timedelta(days=89)
        assert deadline["sources"] and all(s["url"].startswith("https://") for s in deadline["sources"])


@settings(max_examples=150, deadline=None)
@given(any_requests)
def test_changing_only_the_language_changes_only_strings(request: Any) -> None:
    if not isinstance(request, dict):
        return
    responses = {}
    for lang in ("ky", "ru", "en"):
        responses[lang] = calculate({**request, "lang": lang})
        assert all(text.strip() for text in strings_of(responses[lang]))
    assert without_texts(responses["ky"]) == without_texts(responses["ru"]) == without_texts(responses["en"])
    if responses["en"]["deadlines"] or responses["en"]["notes"]:
        assert (
            responses["ky"]["notes"] != responses["en"]["notes"]
            or responses["ky"]["deadlines"][0]["title"] != responses["en"]["deadlines"][0]["title"]
        )
