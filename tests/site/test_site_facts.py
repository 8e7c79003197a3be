"""Facts agree across languages: every number, date, phone number, e-mail and link of a page is in all three.

Dates are compared as dates, whatever the language writes ("1 March 2026", "1 марта 2026 года",
"2026-жылдын 1-мартынан"), after the placeholders are filled in with the function the build uses. Differences that
are right go to tests/site/fact_exceptions.toml, each with a reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jol_site import LANGUAGES
from sitelib import (
    DOCS,
    Fact,
    FactException,
    Missing,
    PageFacts,
    compare_facts,
    extract_facts,
    load_fact_exceptions,
    nav_pages,
    page_from_text,
    read_page,
)

pytestmark = pytest.mark.site

PAGES = nav_pages()
EXCEPTIONS_FILE = Path(__file__).with_name("fact_exceptions.toml")


def _missing(name: str) -> list[Missing]:
    facts = {lang: extract_facts(read_page(lang, name)) for lang in LANGUAGES if (DOCS / lang / name).is_file()}
    return compare_facts(name, facts)


@pytest.mark.parametrize("name", PAGES)
def test_facts_agree_across_languages(name: str) -> None:
    exceptions, _ = load_fact_exceptions(EXCEPTIONS_FILE)
    problems = [m.message() for m in _missing(name) if not any(e.covers(m) for e in exceptions)]
    assert not problems, f"{len(problems)} fact(s) of {name} differ between languages:\n" + "\n".join(problems)


def test_fact_exceptions_file_is_valid() -> None:
    exceptions, problems = load_fact_exceptions(EXCEPTIONS_FILE)
    for exception in exceptions:
        if exception.page not in PAGES:
            problems.append(f"{EXCEPTIONS_FILE.name}: page {exception.page!r} is not a page of the guide")
    assert not problems, "\n".join(problems)


def test_every_fact_exception_is_still_needed() -> None:
    exceptions, _ = load_fact_exceptions(EXCEPTIONS_FILE)
    unused = []
    for exception in exceptions:
        if exception.page in PAGES and not any(exception.covers(m) for m in _missing(exception.page)):
            unused.append(f"{exception.page}: {exception.fact!r}")
    assert not unused, (
        f"these exceptions in {EXCEPTIONS_FILE.name} no longer match a difference (the languages agree now): "
        "remove them: " + "; ".join(unused)
    )


# ------------------------------------------------------------------------------------ the checker catches problems


def _facts(lang: str, text: str) -> set[Fact]:
    return set(extract_facts(page_from_text(lang, "---\nchecked: 2026-01-01\n---\n" + text)).facts)


def test_dates_are_read_in_every_language() -> None:
    expected = {Fact("date", "2026-03-01")}
    assert _facts("en", "From 1 March 2026 on.") == expected
    assert _facts("ru", "С 1 марта 2026 года.") == expected
    assert _facts("ky", "2026-жылдын 1-мартынан баштап.") == expected
    assert _facts("ky", "2026-жылдын 1-марты.") == expected
    assert _facts("ky", "2026-жылдын 1-майында") == {Fact("date", "2026-05-01")}
    assert _facts("ky", "2026-жылдын 30-июнуна чейин") == {Fact("date", "2026-06-30")}


def test_placeholder_dates_are_compared_like_written_dates() -> None:
    for lang in LANGUAGES:
        assert _facts(lang, "{{ stay.days_per_year | since }}") == {Fact("date", "2025-01-01")}, lang
    assert _facts("ky", "{{ stay.days_per_year | since }}нан баштап") == {Fact("date", "2025-01-01")}
    assert _facts("en", "{{ registration.exemption_days }} days") == {Fact("number", "30")}


def test_phones_emails_and_links_are_normalised() -> None:
    ky = _facts("ky", "Чалыңыз: [+7 495 197 76 71](tel:+74951977671), <info@example.kg>, https://wa.me/79250302627.")
    en = _facts("en", "Call +7 (495) 197-76-71 or write to INFO@example.kg; WhatsApp: https://wa.me/79250302627/")
    assert Fact("phone", "+74951977671") in ky and Fact("phone", "+74951977671") in en
    assert Fact("email", "info@example.kg") in ky and Fact("email", "info@example.kg") in en
    assert Fact("link", "https://wa.me/79250302627") in ky and Fact("link", "https://wa.me/79250302627") in en
    assert not any(fact.kind == "number" for fact in ky | en), "digits of phones and links are not separate numbers"


def test_numbers_ignore_list_markers_and_anchors_but_keep_law_numbers() -> None:
    facts = _facts("ru", "## Шаги { #step-2 }\n\n1. По ст. 18.8 КоАП и 115-ФЗ.\n2. Штраф 5 000 рублей.\n")
    assert facts == {Fact("number", "18.8"), Fact("number", "115"), Fact("number", "5000")}
    assert _facts("en", "A fine of 5,000 roubles.") == {Fact("number", "5000")}


def test_code_is_not_a_fact() -> None:
    assert _facts("en", "Run `make test 42`.\n\n```\n2026-01-01\n```\n") == set()


def test_a_missing_fact_is_reported_in_plain_words() -> None:
    facts = {
        "ky": extract_facts(page_from_text("ky", "---\nchecked: 2026-01-01\n---\n30 күн.")),
        "ru": extract_facts(page_from_text("ru", "---\nchecked: 2026-01-01\n---\n30 дней, штраф 2000 рублей.")),
        "en": extract_facts(page_from_text("en", "---\nchecked: 2026-01-01\n---\n30 days, from 1 March 2026.")),
    }
    messages = [m.message() for m in compare_facts("registration.md", facts)]
    assert (
        "registration.md: the number 2000 is in the Russian page (docs/ru/registration.md, line 4) but not in the "
        "Kyrgyz page (docs/ky/registration.md). Add it there, or correct the Russian page." in messages
    )
    assert any("the date 1 March 2026 (2026-03-01) is in the English page" in m for m in messages)
    assert len(messages) == 4  # 2000 lacks in ky and en; the date lacks in ky and ru


def test_exceptions_need_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "fact_exceptions.toml"
    path.write_text('[[exception]]\npage = "border.md"\nfact = "12"\n', encoding="utf-8")
    _, problems = load_fact_exceptions(path)
    assert any("needs a 'reason'" in problem for problem in problems)
    path.write_text('[[exception]]\npage = "border.md"\nfact = "12"\nreason = ""\n', encoding="utf-8")
    assert load_fact_exceptions(path)[1]


def test_an_exception_covers_only_its_fact() -> None:
    exception = FactException("border.md", "12", "The Russian form has 12 fields.", ("en",))
    missing = Missing("border.md", Fact("number", "12"), "ru", "en", 3)
    assert exception.covers(missing)
    assert not exception.covers(Missing("border.md", Fact("number", "12"), "ru", "ky", 3))
    assert not exception.covers(Missing("border.md", Fact("number", "13"), "ru", "en", 3))
    assert not exception.covers(Missing("medical.md", Fact("number", "12"), "ru", "en", 3))
    assert isinstance(PageFacts(), PageFacts)
