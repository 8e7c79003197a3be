"""The purposes of the visit name the migration card's Russian word in every language (data/purposes.toml)."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from migration_rules import calculate
from migration_rules.dates import LANGUAGES
from migration_rules.messages import catalogue, render
from migration_rules.model import Text
from migration_rules.purposes import (
    PURPOSE_IDS,
    PurposeError,
    load_purposes,
    parse_purposes,
    purpose_in_text,
    purpose_labels,
)
from migration_rules.request import PURPOSES


def document() -> dict[str, object]:
    text = resources.files("migration_rules").joinpath("data/purposes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_every_purpose_the_request_accepts_has_labels() -> None:
    assert PURPOSE_IDS == PURPOSES
    for lang in LANGUAGES:
        assert list(purpose_labels(lang)) == list(PURPOSES)


def test_kyrgyz_and_english_put_the_card_word_first_russian_gives_the_card_word() -> None:
    assert purpose_labels("ky")["work"] == "«Работа» (иш)"
    assert purpose_labels("ru")["work"] == "«Работа»"
    assert purpose_labels("en")["work"] == "«Работа» (work)"
    for purpose_id, purpose in load_purposes().items():
        if purpose.card is None:
            continue
        assert purpose_labels("ru")[purpose_id] == f"«{purpose.card}»"
        for lang in ("ky", "en"):
            assert purpose_labels(lang)[purpose_id].startswith(f"«{purpose.card}» (")


def test_the_cards_other_choices_are_listed_under_other() -> None:
    other = load_purposes()["other"]
    assert other.card is None and set(other.other_card_words) == {"Служебная", "Транзит"}
    for lang in LANGUAGES:
        assert all(f"«{word}»" in purpose_labels(lang)["other"] for word in other.other_card_words)


def test_in_a_sentence_the_card_word_starts_with_a_small_letter() -> None:
    assert purpose_in_text("work").in_language("ky") == "«работа» (иш)"
    assert purpose_in_text("work").in_language("ru") == "«работа»"
    assert purpose_in_text("study").in_language("en") == "«учёба» (study)"
    assert purpose_in_text("other").in_language("ru").startswith("другое")


def test_messages_that_name_the_work_purpose_use_the_card_word() -> None:
    text = Text("note.contract_needs_work_purpose", {"work": purpose_in_text("work")})
    assert render(text, "ky").count("«работа» (иш)") == 2
    assert render(text, "ru").count("«работа»") == 2
    assert render(text, "en").count("«работа» (work)") == 2
    for lang in ("ky", "ru"):
        assert "{work}" in catalogue(lang)["medical.work"] and "{work}" in catalogue(lang)["amina.who"]
    response = calculate({"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-01", "lang": "ky"})
    medical = next(d for d in response["deadlines"] if d["id"] == "medical_exam")
    assert "«работа» (иш)" in medical["explanation"]


def test_no_kyrgyz_message_reverses_the_card_word_and_its_translation() -> None:
    for key, text in catalogue("ky").items():
        assert "«иш» (работа)" not in text, key


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        purpose_labels("de")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["purpose"].pop("other"), "exactly these"),
        (lambda d: d["purpose"]["work"]["labels"].pop("ky"), "needs a text for each"),
        (lambda d: d["purpose"]["work"]["labels"].update(ru="Работа"), "the ru label must be"),
        (lambda d: d["purpose"]["work"]["labels"].update(ky="иш («Работа»)"), "the card's word first"),
        (lambda d: d["purpose"]["work"].pop("card"), "'card' must be"),
        (lambda d: d["purpose"]["other"]["labels"].update(en="Other"), "must name the card's words"),
        (lambda d: d["purpose"]["other"].update(card="Другое"), "no 'card' word"),
        (lambda d: d["purpose"]["study"]["labels"].update(en=" "), "non-empty"),
    ],
)
def test_a_broken_purposes_file_is_refused(change: object, message: str) -> None:
    broken = document()
    change(broken)  # type: ignore[operator]
    with pytest.raises(PurposeError, match=message):
        parse_purposes(broken)
