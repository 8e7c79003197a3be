"""Each page is in its language: Kyrgyz pages use ң ө ү, Russian pages never do, English pages have no Cyrillic.

Code, URLs, link targets and the front matter are skipped. A Kyrgyz paragraph of 6 or more Cyrillic words (quoted
names such as «Госуслуги» or a law's title are not counted) without any of ң, ө, ү is most likely Russian.
"""

from __future__ import annotations

import pytest
from jol_site import LANGUAGES
from migration_rules.purposes import load_purposes
from sitelib import (
    DOCS,
    check_english,
    check_kyrgyz,
    check_russian,
    nav_pages,
    page_from_text,
    paragraphs,
    read_page,
)

pytestmark = pytest.mark.site

PAGES = nav_pages()

# Cyrillic allowed in English pages: quoted names a reader must recognise in Russian. Add a name with its reason.
ENGLISH_ALLOWED_CYRILLIC: dict[str, str] = {
    "«работа»": "the word a worker writes as the purpose of the visit on the migration card, printed in Russian",
    # The migration card's own words for every purpose (calculator/src/migration_rules/data/purposes.toml): the card
    # is printed in Russian, so the English calculator names each choice by the card's word, then translates it.
    **{
        f"«{word}»": "a purpose of the visit as printed on the migration card, in Russian (purposes.toml)"
        for purpose in load_purposes().values()
        for word in ([purpose.card] if purpose.card else list(purpose.other_card_words))
    },
}


def _page(lang: str, name: str):  # type: ignore[no-untyped-def]
    if not (DOCS / lang / name).is_file():
        pytest.fail(f"docs/{lang}/{name} does not exist: every page must exist in every language")
    return read_page(lang, name)


@pytest.mark.parametrize("name", PAGES)
def test_kyrgyz_page_is_in_kyrgyz(name: str) -> None:
    problems = check_kyrgyz(_page("ky", name))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("name", PAGES)
def test_russian_page_has_no_kyrgyz_letters(name: str) -> None:
    problems = check_russian(_page("ru", name))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("name", PAGES)
def test_english_page_has_no_cyrillic(name: str) -> None:
    problems = check_english(_page("en", name), ENGLISH_ALLOWED_CYRILLIC)
    assert not problems, "\n".join(map(str, problems))


def test_every_allowed_cyrillic_name_has_a_reason_and_is_used() -> None:
    text = "\n".join(
        (DOCS / "en" / name).read_text(encoding="utf-8") for name in PAGES if (DOCS / "en" / name).is_file()
    )
    for name, reason in ENGLISH_ALLOWED_CYRILLIC.items():
        assert len(reason) >= 10, f"the allowed name {name!r} needs a reason"
        assert name in text, f"the allowed name {name!r} is no longer used in docs/en/: remove it from the allow-list"


# ------------------------------------------------------------------------------------ the checkers catch problems

HEAD = "---\nchecked: 2026-01-01\n---\n"


def test_russian_paragraph_in_kyrgyz_page_is_flagged() -> None:
    page = page_from_text(
        "ky",
        HEAD + "# Каттоо\n\nМиграциялык каттоо үчүн кабыл алуучу тарап жооп берет.\n\n"
        "Если вы приехали работать, пройдите медицинское освидетельствование в течение 30 дней.\n",
    )
    problems = check_kyrgyz(page)
    assert len(problems) >= 1
    assert "line 8" in str(problems[0]) and "«Если вы приехали работать, пройдите медицинское" in str(problems[0])


def test_kyrgyz_text_quoted_russian_names_code_and_urls_pass() -> None:
    page = page_from_text(
        "ky",
        HEAD + "Кыргызстандын жарандары Россияда {{ registration.exemption_days }} күн каттоосуз жүрө алат.\n\n"
        "- «О правовом положении иностранных граждан в Российской Федерации» мыйзамы.\n"
        "- https://www.consultant.ru/document/cons_doc_LAW_37868/ шилтемеси\n\n"
        "```\nЭто код на русском языке и он не проверяется никак\n```\n",
    )
    assert check_kyrgyz(page) == []


def test_kyrgyz_page_with_too_few_kyrgyz_letters_is_flagged() -> None:
    text = HEAD + "Иш берүүчү. " + "Паспорт жана виза керек. " * 40
    problems = check_kyrgyz(page_from_text("ky", text))
    assert any("are ң, ө or ү" in str(problem) for problem in problems)


def test_kyrgyz_letter_in_russian_page_is_flagged() -> None:
    page = page_from_text("ru", HEAD + "Сроки.\n\nМигрант должен пройти текшерүү за 30 дней.\n")
    problems = check_russian(page)
    assert len(problems) == 1 and "line 6" in str(problems[0]) and "ү" in str(problems[0])


def test_cyrillic_in_english_page_is_flagged_unless_allowed() -> None:
    page = page_from_text("en", HEAD + "Open Госуслуги and write «работа» (work).\n")
    problems = check_english(page, ENGLISH_ALLOWED_CYRILLIC)
    assert len(problems) == 1 and "Госуслуги" in str(problems[0]) and "работа" not in str(problems[0]).split(":")[2]
    assert check_english(page_from_text("en", HEAD + "Write «работа» (work).\n"), ENGLISH_ALLOWED_CYRILLIC) == []


def test_paragraphs_split_lists_headings_and_tables() -> None:
    page = page_from_text("en", HEAD + "# T\n\nOne\ntwo.\n\n- a\n- b\n  c\n\n| x | y |\n|---|---|\n| 1 | 2 |\n")
    texts = [p.text for p in paragraphs(page)]
    assert texts == ["# T", "One two.", "- a", "- b c", "| x | y |", "|---|---|", "| 1 | 2 |"]


def test_languages_are_the_three_of_the_guide() -> None:
    assert LANGUAGES == ("ky", "ru", "en")


def test_kyrgyz_without_special_letters_passes_but_russian_legal_text_does_not() -> None:
    kyrgyz = page_from_text(
        "ky", HEAD + "Россиянын башка аймактарында кадимки миграциялык каттоо колдонулат жана иштейт.\n"
    )
    assert [p for p in check_kyrgyz(kyrgyz) if "paragraph" in p.message] == []
    russian = page_from_text(
        "ky",
        HEAD + "Үй.\n\n- Федеральный закон от 18 июля 2006 года № 109-ФЗ о миграционном учёте, ст. 20 и 22.\n",
    )
    assert [p for p in check_kyrgyz(russian) if "paragraph" in p.message]
