"""The calculator page's strings (data/messages/page/<lang>.toml): complete in every language, and pinned.

``page_strings/<lang>.txt`` holds every string as written, and the answer's day counts and dates as the bridge writes
them for a range of numbers and dates, so that a change of wording is a diff a reviewer reads (``make golden``
rewrites them after an intended change). The page itself, and
calculator.js's use of these strings, are checked in tests/site/test_site_calculator_page.py (this suite also runs
inside Pyodide, which sees only calculator/tests).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
from pathlib import Path

import pytest
from migration_rules.bridge import calculate_json, days_left_text, page_texts
from migration_rules.dates import LANGUAGES, format_date
from migration_rules.messages import page_catalogue, placeholders, plural_form, render_page

GOLDEN = Path(__file__).parent / "page_strings"
UPDATE = os.environ.get("JOL_UPDATE_GOLDEN") == "1"
ROOT = Path(__file__).resolve().parents[2]  # the repository (this file is in calculator/tests)
SITE_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_.]+)\s*\}\}")
FILE_NAMES = {"script.calendar_file"}  # a file name saved on the phone: Latin letters in every language
DECIMAL_MARKS = {"script.decimal_mark"}  # the mark of "5,2 МБ" / "5.2 MB": no letters
# Numbers of days whose words differ in Russian (день, дня, дней) and the edges of those rules.
DAY_COUNTS = (-111, -22, -21, -12, -5, -2, -1, 0, 1, 2, 4, 5, 11, 12, 14, 15, 21, 22, 25, 101, 111, 112)
# Dates with a back-vowel and a front-vowel month (Kyrgyz endings: «мартында», «апрелинде»).
DATES = (dt.date(2026, 3, 1), dt.date(2026, 4, 21), dt.date(2026, 12, 7))
# Answers at a glance: a Moscow worker with two deadlines on one day, a trip being planned, deadlines already past.
GLANCES = (
    {"entry_date": "2026-11-10", "purpose": "work", "region": "moscow", "today": "2026-12-01"},
    {"entry_date": "2026-12-20", "purpose": "work", "region": "other", "today": "2026-12-01"},
    {"entry_date": "2026-09-01", "purpose": "work", "region": "other", "today": "2026-12-01"},
)


def snapshot(lang: str) -> str:
    """Every page string of ``lang`` as written, then the answer's texts as the reader sees them."""
    lines = [f"{key} = {text}" for key, text in page_catalogue(lang).items()]
    lines += [f"days_left({days}) = {days_left_text(days, lang)}" for days in DAY_COUNTS]
    lines += [f"rules_checked({day}) = {render_page('answer.rules_checked', lang, date=day)}" for day in DATES]
    lines += [f"date({day}) = {format_date(day, lang)}" for day in DATES]
    for request in GLANCES:
        answer = json.loads(calculate_json(json.dumps({**request, "lang": lang})))
        name = f"glance(entry {request['entry_date']}, today {request['today']})"
        lines += [f"{name}.{key} = {answer[key]}" for key in ("planning_text", "summary_text", "overdue_text")]
        lines += [f"{name}.share_text = {line}" for line in answer["share_text"].splitlines()]
        lines += [f"{name}.timeline = {point['short']} {point['text']}" for point in answer["timeline"]["points"]]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_a_reader_sees_is_pinned(lang: str) -> None:
    path = GOLDEN / f"{lang}.txt"
    actual = snapshot(lang)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8") if path.is_file() else ""
    diff = "".join(
        difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(path), "the catalogue now")
    )
    assert actual == expected, (
        f"{diff}\nIf the change is intended, run `make golden`, read `git diff {path.relative_to(ROOT)}`, commit it."
    )


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_every_key_is_in_every_language_with_the_same_placeholders(lang: str) -> None:
    english = page_catalogue("en")
    other = page_catalogue(lang)
    assert list(other) == list(english), "the keys (and their order) must be the same as in en.toml"
    for key, text in other.items():
        assert placeholders(text) == placeholders(english[key]), key
        assert SITE_PLACEHOLDER.findall(text) == SITE_PLACEHOLDER.findall(english[key]), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_string_is_empty_or_left_in_another_language(lang: str) -> None:
    for key, text in page_catalogue(lang).items():
        assert text.strip(), key
        if key in FILE_NAMES:
            assert re.fullmatch(r"[a-z][a-z-]*\.ics", text), key
            continue
        if key in DECIMAL_MARKS:
            assert text == ("." if lang == "en" else ","), key
            continue
        # Not counted: placeholders, the names of programs and apps, the card's Russian words («Работа»).
        prose = re.sub(r"\{[^}]*\}+|Python|JavaScript|Telegram|WhatsApp|RuID|«[^»]*»", "", text)
        letters = [c for c in prose if c.isalpha()]
        if not letters:  # only placeholders and marks ("{label}: {date}"): nothing to read in a language
            assert not re.sub(r"[\s:;,.•—–-]", "", prose), (key, text)
            continue
        cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
        assert cyrillic < 0.1 if lang == "en" else cyrillic > 0.8, (key, text)
    assert page_catalogue("ky") != page_catalogue("ru")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_string_a_reader_sees_names_the_programs_inside(lang: str) -> None:
    """A reader needs to know what the calculator downloads and how much, not that it is Python or Pyodide."""
    for key, text in page_catalogue(lang).items():
        if key != "form.no_javascript":  # JavaScript is the browser's setting the reader may have to turn on
            assert not re.search(r"python|pyodide|wasm", text, re.IGNORECASE), key


def test_kyrgyz_strings_use_kyrgyz_letters_and_russian_ones_do_not() -> None:
    kyrgyz = "".join(page_catalogue("ky").values())
    russian = "".join(page_catalogue("ru").values())
    assert sum(kyrgyz.count(c) for c in "ңөүҢӨҮ") > 60
    assert sum(russian.count(c) for c in "ңөүҢӨҮ") == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_answer_strings_are_filled_by_python_alone(lang: str) -> None:
    """[answer] is written in the phone's Python: no {{ name }} there (the build fills those of [form] and
    [script]), and every counted text has all three forms."""
    answer = {key: text for key, text in page_catalogue(lang).items() if key.startswith("answer.")}
    assert not any("{{" in text for text in answer.values())
    for family in ("answer.days_left", "answer.days_overdue"):
        assert {key.rpartition(".")[2] for key in answer if key.startswith(family + ".")} == {"one", "few", "many"}
        assert all(placeholders(answer[f"{family}.{form}"]) == {"days"} for form in ("one", "few", "many"))


def test_russian_counts_take_the_word_form_of_their_last_digits() -> None:
    forms = {n: plural_form(n, "ru") for n in (0, 1, 2, 3, 4, 5, 11, 12, 14, 20, 21, 22, 25, 101, 111, 112, 122, -1)}
    assert forms == {
        0: "many", 1: "one", 2: "few", 3: "few", 4: "few", 5: "many", 11: "many", 12: "many", 14: "many", 20: "many",
        21: "one", 22: "few", 25: "many", 101: "one", 111: "many", 112: "many", 122: "few", -1: "one",
    }  # fmt: skip
    assert [plural_form(n, "en") for n in (1, 2, 21)] == ["one", "many", "many"]
    assert days_left_text(21, "ru") == "Остался 21 день"
    assert days_left_text(-3, "ru") == "Просрочено на 3 дня"
    assert days_left_text(1, "en") == "1 day left"
    assert days_left_text(0, "ky") == "Бүгүн акыркы күн"


def test_the_answer_carries_the_dates_written_out_for_the_page() -> None:
    response = {
        "rules_version": "2026-04-21",
        "deadlines": [
            {"id": "registration", "due": "2026-03-30", "days_left": 28, "status": "upcoming", "title": "T"},
            {"id": "amina", "due": None, "days_left": None, "status": "upcoming", "title": "A"},
        ],
        "notes": [],
        "errors": [],
    }
    shown = page_texts(response, {"lang": "ky"}, dt.date(2026, 3, 2))
    assert shown["rules_checked_text"] == "Эрежелер 2026-жылдын 21-апрелинде текшерилген. Бүгүн: "
    assert shown["today_text"] == "2026-жылдын 2-марты"
    # For the guide pages, in any language: the day of the answer and each due date written out in all three.
    assert shown["today"] == "2026-03-02"
    assert shown["today_texts"] == {"ky": "2026-жылдын 2-марты", "ru": "2 марта 2026 года", "en": "2 March 2026"}
    assert shown["deadlines"][0] == {
        **response["deadlines"][0],
        "due_text": "2026-жылдын 30-марты",
        "days_left_text": "28 күн калды",
        "due_texts": {"ky": "2026-жылдын 30-марты", "ru": "30 марта 2026 года", "en": "30 March 2026"},
    }
    assert shown["deadlines"][1] == response["deadlines"][1]  # no date: nothing to write out
    assert page_texts(response, {"lang": "nope"}, dt.date(2026, 3, 2))["today_text"] == "2026-жылдын 2-марты"
