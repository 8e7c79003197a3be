"""The purposes of the visit with the word printed on the migration card (``data/purposes.toml``).

Every language names a purpose by the card's Russian word: Kyrgyz and English add the translation after it
(«Работа» (иш), «Работа» (work)), Russian gives the card's word («Работа»).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .dates import LANGUAGES
from .model import Localized

PURPOSE_IDS: tuple[str, ...] = ("work", "study", "private", "tourism", "business", "other")


class PurposeError(ValueError):
    """The purposes file is malformed; the message says what to fix."""


@dataclass(frozen=True)
class Purpose:
    id: str
    card: str | None  # the card's word; None for "other", which covers several of the card's choices
    labels: Localized
    other_card_words: tuple[str, ...] = ()


def _lower_card_word(label: str, card: str) -> str:
    """A label for running text: the card's word starts with a small letter («работа» (иш))."""
    return label.replace(f"«{card}»", f"«{card[0].lower()}{card[1:]}»", 1)


def parse_purposes(document: dict[str, Any]) -> dict[str, Purpose]:
    """Check and convert a parsed purposes document."""
    table = document.get("purpose")
    if not isinstance(table, dict) or sorted(table) != sorted(PURPOSE_IDS):
        raise PurposeError(f"purposes.toml must have exactly these [purpose.<id>] tables: {', '.join(PURPOSE_IDS)}")
    purposes: dict[str, Purpose] = {}
    for purpose_id in PURPOSE_IDS:
        body = table[purpose_id]
        labels = body.get("labels")
        if not isinstance(labels, dict) or sorted(labels) != sorted(LANGUAGES):
            raise PurposeError(f"purpose.{purpose_id}: 'labels' needs a text for each of {', '.join(LANGUAGES)}")
        if not all(isinstance(text, str) and text.strip() for text in labels.values()):
            raise PurposeError(f"purpose.{purpose_id}: every label must be a non-empty text")
        card = body.get("card")
        if purpose_id == "other":
            others = body.get("other_card_words")
            if card is not None or not isinstance(others, list) or not others:
                raise PurposeError("purpose.other: no 'card' word; list the card's other choices in 'other_card_words'")
            for lang, text in labels.items():
                missing = [word for word in others if f"«{word}»" not in text]
                if missing:
                    raise PurposeError(f"purpose.other: the {lang} label must name the card's words {missing}")
            purposes[purpose_id] = Purpose(purpose_id, None, Localized(tuple(labels.items())), tuple(others))
            continue
        if not isinstance(card, str) or not card.strip():
            raise PurposeError(f"purpose.{purpose_id}: 'card' must be the word printed on the migration card")
        if labels["ru"] != f"«{card}»":
            raise PurposeError(f"purpose.{purpose_id}: the ru label must be the card's word «{card}»")
        for lang in ("ky", "en"):
            if not labels[lang].startswith(f"«{card}» (") or not labels[lang].endswith(")"):
                raise PurposeError(
                    f"purpose.{purpose_id}: the {lang} label must be the card's word first, then the translation: "
                    f"«{card}» (...)"
                )
        purposes[purpose_id] = Purpose(purpose_id, card, Localized(tuple(labels.items())))
    return purposes


@cache
def load_purposes() -> dict[str, Purpose]:
    """The package's purposes (read once)."""
    text = resources.files("migration_rules").joinpath("data/purposes.toml").read_text(encoding="utf-8")
    return parse_purposes(tomllib.loads(text))


def purpose_labels(lang: str) -> dict[str, str]:
    """The form label of every purpose in ``lang`` (for the calculator page's choice of purpose)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    return {purpose_id: purpose.labels.in_language(lang) for purpose_id, purpose in load_purposes().items()}


def purpose_in_text(purpose_id: str) -> Localized:
    """A purpose named in a sentence, in every language: «работа» (иш), «работа», «работа» (work)."""
    purpose = load_purposes()[purpose_id]
    if purpose.card is None:
        return Localized(tuple((lang, text[0].lower() + text[1:]) for lang, text in purpose.labels.texts))
    card = purpose.card
    return Localized(tuple((lang, _lower_card_word(text, card)) for lang, text in purpose.labels.texts))
