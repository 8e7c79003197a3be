"""The migration card's purpose words: the calculator page and the guide name each purpose as the card prints it.

The card is printed in Russian; ``calculator/src/migration_rules/data/purposes.toml`` holds its words and the label
of each purpose in every language («Работа» (иш), «Работа», «Работа» (work)). The rules package checks its own
messages against the same file (calculator/tests).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jol_site import LANGUAGES
from migration_rules.purposes import load_purposes, purpose_labels
from sitelib import DOCS

pytestmark = pytest.mark.site

SELECT = re.compile(r'<select id="calc-purpose"[^>]*>(.*?)</select>', re.DOTALL)
OPTION = re.compile(r'<option value="([a-z]+)">(.*?)</option>')


def purpose_options(site_dir: Path, lang: str) -> dict[str, str]:
    """The purposes the built calculator page offers (overrides/partials/calculator-form.html)."""
    text = (site_dir / ("" if lang == "ky" else lang) / "calculator" / "index.html").read_text(encoding="utf-8")
    select = SELECT.search(text)
    assert select, f'the {lang} calculator page has no <select id="calc-purpose">'
    return dict(OPTION.findall(select.group(1)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_calculator_offers_each_purpose_by_the_cards_word(site_dir: Path, lang: str) -> None:
    options = purpose_options(site_dir, lang)
    expected = purpose_labels(lang)
    assert list(options) == list(expected), f"the {lang} calculator page: the purposes must be {list(expected)}"
    for purpose_id, label in expected.items():
        assert options[purpose_id] == label, (
            f"the {lang} calculator page: the option {purpose_id!r} says {options[purpose_id]!r}; "
            f"write {label!r} (calculator/src/migration_rules/data/purposes.toml)"
        )


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_every_card_word_is_russian_on_kyrgyz_and_russian_pages(site_dir: Path, lang: str) -> None:
    for purpose in load_purposes().values():
        for word in [purpose.card] if purpose.card else purpose.other_card_words:
            assert re.fullmatch(r"[А-ЯЁ][а-яё]+", word), f"purposes.toml: {word!r} is not a Russian word"
            assert f"«{word}»" in purpose_options(site_dir, lang)[purpose.id], (lang, purpose.id, word)


def test_kyrgyz_pages_never_put_the_translation_before_the_cards_word() -> None:
    """«иш» alone, or «иш» (работа), reads as if «иш» were written on the card; write «работа» (иш)."""
    problems = []
    for path in sorted((DOCS / "ky").glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "«иш»" in line or re.search(r"\(работа\)", line, re.IGNORECASE):
                problems.append(f"docs/ky/{path.name}, line {number}: write the card's word first: «работа» (иш)")
    assert not problems, "\n".join(problems)
