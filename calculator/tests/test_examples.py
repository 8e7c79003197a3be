"""The worked examples: every one gives exactly the expected deadlines, notes and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from migration_rules import DEADLINE_IDS, calculate
from migration_rules.examples import Example, load_examples

EXAMPLES = load_examples(Path(__file__).parent / "examples")


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_worked_example(example: Example) -> None:
    response = calculate(example.request)
    by_id = {deadline["id"]: deadline for deadline in response["deadlines"]}
    if example.errors:
        assert sorted(example.errors) == sorted(error["field"] for error in response["errors"])
        assert response["deadlines"] == []
        messages = " ".join(error["message"] for error in response["errors"])
        for text in example.error_text:
            assert text in messages
        return
    assert response["errors"] == []
    actual = {}
    for deadline_id in DEADLINE_IDS:
        if deadline_id not in by_id:
            actual[deadline_id] = "absent"
        else:
            actual[deadline_id] = by_id[deadline_id]["due"] or "none"
    assert example.expect == actual
    for deadline_id, status in example.status.items():
        assert status == by_id[deadline_id]["status"]
    for deadline_id, days in example.days_left.items():
        assert days == by_id[deadline_id]["days_left"]
    for deadline_id, texts in example.explanation.items():
        for text in texts:
            assert text in by_id[deadline_id]["explanation"]
    notes = " ".join(response["notes"])
    for text in example.notes:
        assert text in notes


def test_examples_cover_every_deadline_id_with_a_date() -> None:
    dated = {
        deadline_id
        for example in EXAMPLES
        for deadline_id, value in example.expect.items()
        if value not in ("absent", "none")
    }
    assert set(DEADLINE_IDS) - {"amina"} <= dated


def test_examples_cover_both_sides_of_every_effective_date() -> None:
    """Every date a parameter takes effect has an example before it and one on or after it."""
    from migration_rules.dates import parse_iso_date
    from migration_rules.parameters import load_parameters

    parameters = load_parameters()
    requests = [e.request for e in EXAMPLES if isinstance(e.request, dict)]
    entries = [day for r in requests if (day := parse_iso_date(r.get("entry_date"))) is not None]
    exits = [day for r in requests if (day := parse_iso_date(r.get("planned_exit"))) is not None]
    days = entries + exits
    for name in parameters.names():
        for value in parameters[name].values[1:]:
            assert any(day < value.start for day in days), f"no example before {name} changes on {value.start}"
            assert any(day >= value.start for day in days), f"no example from {value.start} for {name}"
    earliest = parameters["calculator.earliest_date"].values[-1].value
    refused = [e for e in EXAMPLES if "before 1 January 2025" in " ".join(e.error_text)]
    assert refused and any(day == earliest for day in entries)


def test_published_examples_name_their_source() -> None:
    published = [example for example in EXAMPLES if example.source]
    assert len(published) >= 5
    assert all(len(example.source or "") > 20 for example in published)
