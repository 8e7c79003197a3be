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
    for key in ("summary_text", "overdue_text", "planning", "planning_text", "timeline", "entered", "share_text"):
        answer.pop(key)  # the answer at a glance: see the tests below
    assert answer.pop("printed_text") == "Басып чыгарылган күн: 2026-жылдын 2-марты"
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


def glance(request: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(calculate_json(json.dumps(request))))


def test_the_summary_names_every_deadline_of_the_next_day_with_its_day_count() -> None:
    request = {"entry_date": "2026-11-10", "purpose": "work", "region": "moscow", "today": "2026-12-01"}
    answer = glance({**request, "lang": "en"})
    assert answer["summary_text"] == (
        "Next: 9 December 2026 — migration registration and medical examination, 8 days left"
    )
    assert answer["overdue_text"] == "" and answer["planning"] is False and answer["planning_text"] == ""
    ru = glance({**request, "lang": "ru"})["summary_text"]
    assert (
        ru
        == "Ближайший срок: 9 декабря 2026 года — миграционный учёт и медицинское освидетельствование, осталось 8 дней"
    )
    ky = glance({**request, "lang": "ky"})
    assert ky["summary_text"] == (
        "Кийинки мөөнөт: 2026-жылдын 9-декабры — миграциялык каттоо жана медициналык текшерүү, 8 күн калды"
    )
    # Kyrgyz case endings from dates.py: "not later than" takes the ablative, "calculated on" the locative.
    assert "• Миграциялык каттоо: 2026-жылдын 9-декабрынан кечиктирбей" in ky["share_text"].splitlines()
    assert ky["share_text"].splitlines()[0] == "Россиядагы мөөнөттөрүм (2026-жылдын 1-декабрында эсептелген):"


def test_the_timeline_has_the_entry_today_and_every_dated_deadline_in_date_order() -> None:
    answer = glance({"entry_date": "2026-11-10", "purpose": "work", "region": "moscow", "today": "2026-12-01",
                     "lang": "en"})  # fmt: skip
    points = answer["timeline"]["points"]
    dated = [d for d in answer["deadlines"] if d["due"]]
    assert [p["kind"] for p in points] == ["entry", "today"] + ["deadline"] * len(dated)
    assert [p["date"] for p in points] == sorted(p["date"] for p in points)
    assert answer["timeline"]["start"] == "2026-11-10" and answer["timeline"]["end"] == dated[-1]["due"]
    assert [p["number"] for p in points if p["kind"] == "deadline"] == list(range(1, len(dated) + 1))
    assert points[1] == {"kind": "today", "date": "2026-12-01", "label": "Today", "short": "01.12",
                         "text": "Today: 1 December 2026"}  # fmt: skip
    assert points[2]["text"] == "1. Migration registration: 9 December 2026"


def test_an_entry_after_today_is_a_trip_being_planned_and_its_application_comes_before_it() -> None:
    request = {"entry_date": "2026-12-20", "purpose": "work", "region": "other", "today": "2026-12-01"}
    answer = glance({**request, "lang": "ky"})
    assert answer["planning"] is True
    assert answer["planning_text"].startswith(
        "Сиз сапарга чыгууну пландап жатасыз: Россияга 2026-жылдын 20-декабрында кирмекчисиз."
    )
    first = answer["deadlines"][0]
    assert first["id"] == "ruid_application" and first["before_trip_text"] == "Сапарга чейин"
    assert all("before_trip_text" not in d for d in answer["deadlines"][1:])
    assert answer["summary_text"].startswith("Кийинки мөөнөт: 2026-жылдын 16-декабры — RuID тиркемесиндеги кирүү арызы")
    kinds = [p["kind"] for p in answer["timeline"]["points"]]
    assert kinds[:3] == ["today", "deadline", "entry"]  # today, the application, then the planned entry
    assert answer["timeline"]["points"][2]["label"] == "Кире турган күн"


def test_deadlines_already_past_are_said_apart_and_there_is_no_next_one() -> None:
    answer = glance({"entry_date": "2026-09-01", "purpose": "work", "region": "other", "today": "2026-12-01",
                     "lang": "ru"})  # fmt: skip
    assert answer["summary_text"] == ""
    assert answer["overdue_text"] == (
        "Срок уже прошёл: миграционный учёт, медицинское освидетельствование и последний день пребывания. "
        "Что делать — ниже."
    )


def test_the_print_out_repeats_what_the_reader_entered_in_his_language() -> None:
    request = {
        "entry_date": "2026-03-01", "purpose": "work", "region": "moscow", "birth_date": "1990-05-20",
        "contract": {"start": "2026-02-20", "end": "2026-12-31"}, "family_member_of_worker": True,
        "previous_stays": [{"entry": "2026-01-10", "exit": "2026-02-08"}], "today": "2026-03-02", "lang": "ky",
    }  # fmt: skip
    rows = {row["label"]: row["value"] for row in glance(request)["entered"]}
    assert rows == {
        "Россияга кирген күнүңүз": "2026-жылдын 1-марты",
        "Миграциялык картадагы келүү максаты": "«Работа» (иш)",
        "Кайсы аймакта жашайсыз?": "Москва же Москва облусу («Амина» тиркемеси иштеген аймак)",
        "Туулган күнүңүз": "1990-жылдын 20-майы",
        "Келишим башталган күн": "2026-жылдын 20-февралы",
        "Келишимим бүтө турган күн": "2026-жылдын 31-декабры",
        "Мен ЕАЭБ өлкөсүнөн келген эмгекчинин үй-бүлө мүчөсүмүн": "Ооба",
        "Быйылкы мурунку сапарларыңыз": "2026-жылдын 10-январынан 2026-жылдын 8-февралына чейин",
    }


def test_an_answer_with_errors_has_nothing_at_a_glance() -> None:
    answer = glance({"entry_date": "", "purpose": "work", "today": "2026-03-02", "lang": "en"})
    assert answer["errors"] and "summary_text" not in answer and "timeline" not in answer
