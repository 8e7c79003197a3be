"""Pending changes of the law (data/pending.toml): one file, checked, used as notes with the safer date."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from importlib import resources
from typing import Any

import pytest
from migration_rules import calculate
from migration_rules.parameters import load_parameters
from migration_rules.pending import PendingError, load_pending, parse_pending, pending_for


def document() -> dict[str, Any]:
    text = resources.files("migration_rules").joinpath("data/pending.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_the_medical_exam_bill_is_pending_with_its_stage_and_source() -> None:
    (change,) = pending_for("medical.long_stay_days")
    assert change.safer_value == 30
    assert change.status_seen == dt.date(2026, 2, 10)
    assert change.source_url.startswith("https://")
    assert change.source.in_language("ru") != change.source.in_language("en")
    assert change.last_checked <= dt.date.today()


def test_every_pending_change_would_make_a_date_earlier_than_the_law_in_force() -> None:
    parameters = load_parameters()
    for change in load_pending():
        for name in change.affects:
            value = parameters[name].values[-1].value
            assert isinstance(value, int) and change.safer_value is not None and change.safer_value < value, change.id


def test_a_bill_that_changes_no_calculator_rule_is_listed_without_a_safer_value() -> None:
    (income,) = [change for change in load_pending() if change.id == "income-requirement-for-workers"]
    assert income.affects == () and income.safer_value is None
    assert income.pages == ("employment.md#pending",)
    assert income.status_seen == dt.date(2026, 3, 11)


def test_the_due_date_follows_the_law_in_force_and_the_note_gives_the_safer_date() -> None:
    request = {"entry_date": "2026-09-01", "purpose": "study", "today": "2026-09-01", "planned_exit": "2027-06-30"}
    for lang, words in (("ky", "биринчи окууда"), ("ru", "в первом чтении"), ("en", "in first reading")):
        response = calculate({**request, "lang": lang})
        medical = next(d for d in response["deadlines"] if d["id"] == "medical_exam")
        assert medical["due"] == "2026-11-29"
        note = next(n for n in response["notes"] if words in n)
        assert "2026" in note and ("30" in note or "30-" in note)
    english = calculate({**request, "lang": "en"})
    assert any("would be 30 September 2026, not 29 November 2026" in n for n in english["notes"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.pop("stage"), "missing stage"),
        (lambda c: c.update(extra=1), "unknown extra"),
        (lambda c: c["title"].pop("ky"), "'title' needs a text for each"),
        (lambda c: c.update(affects=["medical.nope"]), "unknown parameters"),
        (lambda c: c.update(affects="medical.long_stay_days"), "'affects' must list"),
        (lambda c: c.update(affects=[]), "no 'safer_value' without"),
        (lambda c: c.pop("safer_value"), "'safer_value' must be a whole number"),
        (lambda c: c.update(pages=["medical#pending"]), "'pages' must list page files"),
        (lambda c: c.update(safer_value=0), "greater than 0"),
        (lambda c: c.update(status_seen="10 February 2026"), "'status_seen' must be a date"),
        (lambda c: c["source"].pop("title_ru"), "'source' needs"),
        (lambda c: c["source"].update(url="ria.ru"), "must start with https://"),
    ],
)
def test_a_broken_pending_file_is_refused(change: Any, message: str) -> None:
    broken = copy.deepcopy(document())
    change(broken["change"][0])
    with pytest.raises(PendingError, match=message):
        parse_pending(broken, set(load_parameters().names()))


def test_a_file_without_change_blocks_is_refused() -> None:
    with pytest.raises(PendingError, match=r"\[\[change\]\]"):
        parse_pending({"change": {"id": "x"}})
    with pytest.raises(PendingError, match="expected a"):
        parse_pending({"change": ["x"]})
    assert parse_pending({}) == ()


def test_after_one_answer_no_data_file_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser restores Python from a memory snapshot taken after one made-up answer, with no package files."""
    from migration_rules import pending, purposes

    pending.load_pending.cache_clear()
    purposes.load_purposes.cache_clear()
    calculate({"entry_date": "2026-01-01", "purpose": "work", "region": "moscow", "today": "2026-01-02"})

    def no_files(package: str) -> object:
        raise FileNotFoundError(package)

    monkeypatch.setattr(pending.resources, "files", no_files)
    monkeypatch.setattr(purposes.resources, "files", no_files)
    response = calculate(
        {
            "entry_date": "2026-03-01",
            "purpose": "study",
            "today": "2026-03-01",
            "planned_exit": "2026-12-01",
            "lang": "en",
        }
    )
    assert response["errors"] == [] and any("first reading" in note for note in response["notes"])
