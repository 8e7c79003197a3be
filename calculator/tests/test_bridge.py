"""The bridge the browser calls (migration_rules.bridge): JSON text in and out, and a Python that answers without its
files once ``prepare`` has run (as a Python restored from the worker's memory snapshot must)."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path
from typing import Any

import pytest
from migration_rules import calculate
from migration_rules.bridge import MADE_UP_REQUEST, calculate_json, ics_text, prepare
from migration_rules.examples import load_examples
from migration_rules.messages import catalogue
from migration_rules.parameters import load_parameters
from migration_rules.pending import load_pending
from migration_rules.purposes import load_purposes


def test_a_request_as_json_text_gets_the_same_answer_as_calculate() -> None:
    request = {"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02", "lang": "ky"}
    answer = json.loads(calculate_json(json.dumps(request)))
    # The page's written-out dates and day counts come on top (calculator/tests/test_ui_strings.py checks them).
    assert answer.pop("today_text") == "2026-жылдын 2-марты"
    assert answer.pop("rules_checked_text").startswith("Эрежелер 20")
    # and, for the guide pages, the day and each due date written out in every language
    assert answer.pop("today") == "2026-03-02"
    assert set(answer.pop("today_texts")) == {"ky", "ru", "en"}
    for deadline in answer["deadlines"]:
        assert deadline.pop("due_text") and deadline.pop("days_left_text")
        assert deadline.pop("due_texts")["en"][-4:] == deadline["due"][:4]
    assert answer == calculate(request)
    assert "Россия" in calculate_json(json.dumps(request))  # Kyrgyz text as it is, not \\u escapes


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", "null", "[" * 5000 + "]" * 5000])
def test_text_that_is_not_a_request_gets_an_error_answer(text: str) -> None:
    response = json.loads(calculate_json(text))
    assert response["deadlines"] == [] and response["errors"], text[:20]


def test_the_calendar_file_of_an_answer() -> None:
    text = ics_text(calculate_json(json.dumps(MADE_UP_REQUEST)), "ky")
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text


def test_once_prepared_the_package_answers_every_worked_example_without_its_files(monkeypatch: Any) -> None:
    for loader in (catalogue, load_parameters, load_pending, load_purposes):
        loader.cache_clear()  # as in a fresh Python: nothing read yet
    prepare()
    reads: list[tuple[object, ...]] = []

    def no_files(*args: object) -> object:
        reads.append(args)
        raise FileNotFoundError("a data file was read after prepare()")

    monkeypatch.setattr(importlib.resources, "files", no_files)
    answers = []
    for example in load_examples(Path(__file__).parent / "examples"):
        for lang in ("ky", "ru", "en"):
            request = {**example.request, "lang": lang} if isinstance(example.request, dict) else example.request
            response = json.loads(calculate_json(json.dumps(request)))
            answers.append(response)
            if any(deadline["due"] for deadline in response["deadlines"]):
                ics_text(json.dumps(response), lang)
    assert not reads, f"prepare() must read every data file; read afterwards: {reads}"
    assert sum(bool(response["deadlines"]) for response in answers) > 100


def test_a_rule_that_fails_gives_the_reader_a_plain_message_in_the_request_language(monkeypatch: Any) -> None:
    from migration_rules import medical

    def broken(*args: object) -> object:
        raise ZeroDivisionError("a fault in a rule")

    monkeypatch.setattr(medical, "medical_exam", broken)
    for lang in ("ky", "ru", "en"):
        response = calculate({"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02", "lang": lang})
        assert response["deadlines"] == []
        assert [error["message"] for error in response["errors"]] == [catalogue(lang)["error.cannot_calculate"]]
