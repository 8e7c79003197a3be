"""Every page exists in all three languages, with the same anchors, the same `checked` and `sources_up_to` dates,
and a date on every source it lists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from jol_site import LANGUAGES
from sitelib import DOCS, EXPECTED_PAGES, Page, anchors, headings_without_anchor, nav_pages, page_from_text, read_page

pytestmark = pytest.mark.site

PAGES = nav_pages()


def test_nav_lists_the_guide_pages_in_order() -> None:
    guide_pages = [page for page in PAGES if page in EXPECTED_PAGES]
    assert guide_pages == list(EXPECTED_PAGES), (
        "mkdocs.yml's nav must list the guide pages in this order: " + ", ".join(EXPECTED_PAGES)
    )


def test_every_page_file_is_in_the_nav() -> None:
    extra = sorted(
        {f"docs/{lang}/{path.name}" for lang in LANGUAGES for path in (DOCS / lang).glob("*.md")}
        - {f"docs/{lang}/{page}" for lang in LANGUAGES for page in PAGES}
    )
    assert not extra, f"these pages are not in mkdocs.yml's nav (add them, or remove the files): {', '.join(extra)}"


@pytest.mark.parametrize("name", PAGES)
def test_page_exists_in_every_language(name: str) -> None:
    missing = [f"docs/{lang}/{name}" for lang in LANGUAGES if not (DOCS / lang / name).is_file()]
    assert not missing, f"{name} is missing in: {', '.join(missing)}. Every page must exist in ky, ru and en."


def _pages(name: str) -> dict[str, Page]:
    return {lang: read_page(lang, name) for lang in LANGUAGES if (DOCS / lang / name).is_file()}


def anchor_problems(name: str, pages: dict[str, Page]) -> list[str]:
    """Headings without anchor, duplicate anchors, and anchors that differ from the English page."""
    problems = []
    for page in pages.values():
        for heading in headings_without_anchor(page):
            problems.append(f"{page.where}: the heading {heading!r} has no {{ #anchor }}")
    reference_lang = "en" if "en" in pages else next(iter(pages), None)
    if reference_lang is None:
        return problems
    reference = anchors(pages[reference_lang])
    source = f"docs/{reference_lang}/{name}"
    for lang, page in pages.items():
        own = anchors(page)
        duplicates = sorted({a for a in own if own.count(a) > 1})
        if duplicates:
            problems.append(f"{page.where}: anchor(s) used twice: {', '.join(duplicates)}")
        if lang == reference_lang:
            continue
        lacking = [a for a in reference if a not in own]
        extra = [a for a in own if a not in reference]
        if lacking:
            problems.append(f"{page.where} lacks the anchor(s) {', '.join(lacking)} of {source}")
        if extra:
            problems.append(f"{page.where} has anchor(s) {', '.join(extra)} that {source} lacks")
        if not lacking and not extra and own != reference:
            problems.append(f"{page.where}: the sections are in a different order than in {source}")
    return problems


def checked_problems(name: str, pages: dict[str, Page]) -> list[str]:
    """A missing, future or differing `checked` date; a missing, differing or later `sources_up_to` date."""
    problems = []
    for key in ("checked", "sources_up_to"):
        dates = {}
        for lang, page in pages.items():
            raw = page.meta.get(key)
            if not isinstance(raw, dt.date):
                problems.append(f"{page.where}: front matter needs '{key}: YYYY-MM-DD' (found {raw!r})")
                continue
            if raw > dt.date.today():
                problems.append(f"{page.where}: '{key}: {raw}' is in the future")
            checked = page.meta.get("checked")
            if key == "sources_up_to" and isinstance(checked, dt.date) and raw > checked:
                problems.append(f"{page.where}: 'sources_up_to: {raw}' is after 'checked: {checked}'")
            dates[lang] = raw
        if len(set(dates.values())) > 1:
            listed = ", ".join(f"{lang}: {day.isoformat()}" for lang, day in dates.items())
            problems.append(f"{name}: the '{key}' date differs between languages ({listed}); it must be the same")
    return problems


SOURCES_HEADING = re.compile(r"^(#{2,4}) .*\{ *#(?:[a-z-]+-)?sources *\}\s*$", re.MULTILINE)
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.) +", re.MULTILINE)
LINK_TARGET = re.compile(r"<https?://[^>]*>|\]\([^)]*\)|https?://\S+")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def undated_sources(page: Page) -> list[str]:
    """The items of the page's sources lists (`{ #sources }`, `{ #…-sources }`) that carry no date (a year at
    least), addresses left aside."""
    undated = []
    for heading in SOURCES_HEADING.finditer(page.body):
        rest = page.body[heading.end() :]
        following = re.search(rf"^#{{1,{len(heading.group(1))}}} ", rest, re.MULTILINE)
        section = rest[: following.start()] if following else rest
        starts = [match.start() for match in LIST_ITEM.finditer(section)]
        for a, b in zip(starts, [*starts[1:], len(section)], strict=True):
            text = " ".join(LINK_TARGET.sub(" ", LIST_ITEM.sub("", section[a:b], count=1)).split())
            if not YEAR.search(text):
                undated.append(text[:90])
    return undated


@pytest.mark.parametrize("name", PAGES)
def test_every_listed_source_has_its_own_date(name: str) -> None:
    problems = [
        f"{page.where}: the source «{item}» has no date; add its publication date or the date of the version you read"
        for page in _pages(name).values()
        for item in undated_sources(page)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PAGES)
def test_same_heading_anchors_in_every_language(name: str) -> None:
    problems = anchor_problems(name, _pages(name))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PAGES)
def test_same_checked_date_in_every_language(name: str) -> None:
    problems = checked_problems(name, _pages(name))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------ the checkers catch problems


def test_anchor_reader_finds_anchors_and_headings_without_one() -> None:
    page = page_from_text(
        "en",
        "---\nchecked: 2026-01-01\n---\n# Title\n\n## Who registers { #who-registers }\n\n### Where\n\n"
        "```\n## not a heading { #code }\n```\n",
    )
    assert anchors(page) == ["who-registers"]
    assert headings_without_anchor(page) == ["### Where"]


def test_anchor_check_reports_missing_extra_and_reordered_sections() -> None:
    head = "---\nchecked: 2026-01-01\n---\n# T\n\n"
    pages = {
        "en": page_from_text("en", head + "## A { #a }\n\n## B { #b }\n\n## C { #c }\n", "x.md"),
        "ru": page_from_text("ru", head + "## А { #a }\n\n## Б { #bb }\n\n## В { #c }\n", "x.md"),
        "ky": page_from_text("ky", head + "## В { #c }\n\n## А { #a }\n\n## Б { #b }\n\n## Г\n", "x.md"),
    }
    problems = anchor_problems("x.md", pages)
    assert "docs/ru/x.md lacks the anchor(s) b of docs/en/x.md" in problems
    assert "docs/ru/x.md has anchor(s) bb that docs/en/x.md lacks" in problems
    assert "docs/ky/x.md: the sections are in a different order than in docs/en/x.md" in problems
    assert "docs/ky/x.md: the heading '## Г' has no { #anchor }" in problems


def test_checked_check_reports_different_missing_and_future_dates() -> None:
    pages = {
        "en": page_from_text("en", "---\nchecked: 2026-01-01\n---\nx", "x.md"),
        "ru": page_from_text("ru", "---\nchecked: 2026-01-02\n---\nx", "x.md"),
        "ky": page_from_text("ky", "x", "x.md"),
    }
    problems = checked_problems("x.md", pages)
    assert any("differs between languages (en: 2026-01-01, ru: 2026-01-02)" in p for p in problems)
    assert any("docs/ky/x.md: front matter needs 'checked: YYYY-MM-DD'" in p for p in problems)
    future = {"en": page_from_text("en", "---\nchecked: 2999-01-01\n---\nx", "x.md")}
    assert any("is in the future" in p for p in checked_problems("x.md", future))
    later = {"en": page_from_text("en", "---\nchecked: 2026-01-01\nsources_up_to: 2026-02-01\n---\nx", "x.md")}
    after = "docs/en/x.md: 'sources_up_to: 2026-02-01' is after 'checked: 2026-01-01'"
    assert checked_problems("x.md", later) == [after]


def test_source_date_check_finds_an_undated_source_only() -> None:
    page = page_from_text(
        "en",
        "# T\n\n## Sources { #sources }\n\n"
        "- Federal Law No. 109-FZ, art. 20, consolidated version of 1 March 2026:\n"
        "  <https://www.consultant.ru/document/cons_doc_LAW_61569/>\n"
        "- Code of Administrative Offences, art. 18.8\n"
        "- A news page: <https://example.org/2025/01/02/news>\n"
        "\n## Next { #next }\n\n- Not a source, no date\n\n### Where this comes from { #next-sources }\n\n"
        "- An undated report\n- A dated one, 2 March 2026\n\n## Last { #last }\n\n- Not a source either\n",
    )
    assert undated_sources(page) == ["Code of Administrative Offences, art. 18.8", "A news page:", "An undated report"]
