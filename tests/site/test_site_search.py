"""Search: forgiving spelling, synonyms, a hint when nothing is found, loaded only when opened, offline after use.

A real build and headless Chromium (run under `flock /tmp/jol-browser.lock`):
- a guide page fetches neither its search index nor the search worker until the reader opens search;
- a word typed without ү ө ң ё, and a synonym from SYNONYMS.md, find pages in each language;
- "nothing found" comes with a hint in the page's language;
- search still works offline on a page read before, once it has been used there.
Without a browser: SYNONYMS.md is read as editors write it, and every word it sends readers to is on the site.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from jol_site import LANGUAGES
from sitetools import load_hook, wait_until_kept
from test_site_browser import PHONE, ROOTS, Recorder, page_url, search

pytestmark = [pytest.mark.site]

# (language, query, a page that must be among the results)
FORGIVING = [
    ("ky", "моонот", None),  # мөөнөт
    ("ky", "уй-було", "insurance/"),  # үй-бүлө
    ("ky", "текшеруу", "medical/"),  # текшерүү
    ("ky", "регистрация", "registration/"),  # synonym: каттоо
    ("ky", "patent", None),  # synonym: патент
    ("ky", "посольство", "contacts/"),  # synonym: элчилик
    ("ru", "учет", "registration/"),  # учёт
    ("ru", "registratsiya", "registration/"),  # synonym: учёт регистрация
    ("ru", "медосмотр", "medical/"),  # synonym: освидетельствование
    ("en", "регистрация", "registration/"),  # synonym: registration
    ("en", "посольство", "contacts/"),  # synonym: embassy
]
INDEX = "search_index.json"
WORKERS = "/assets/javascripts/workers/"


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[tuple[Any, Recorder, list[str]]]:
    """A fresh phone-sized browser profile; also every URL it requested, workers included."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    host = urlparse(site_url).netloc
    context.route(lambda url: urlparse(url).netloc not in (host, ""), lambda route: route.abort())
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    recorder = Recorder(page, site_url)
    try:
        yield page, recorder, requested
    finally:
        context.close()


def search_files(urls: list[str]) -> list[str]:
    return [url for url in urls if url.split("?")[0].endswith(INDEX) or WORKERS in url]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_guide_page_loads_search_only_when_the_reader_opens_it(browser: Any, site_url: str, lang: str) -> None:
    # The page's own requests: the service worker is blocked, because after a first visit it keeps the language's
    # pages for offline reading, search included, in the background (tests/site/test_site_offline.py).
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, service_workers="block")
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    recorder = Recorder(page, site_url)
    try:
        _search_only_when_opened(page, recorder, requested, site_url, lang)
    finally:
        context.close()


def _search_only_when_opened(page: Any, recorder: Any, requested: list[str], site_url: str, lang: str) -> None:
    page.goto(page_url(site_url, lang, "registration.md"), wait_until="networkidle")
    page.wait_for_timeout(1500)  # what Material would have fetched by now: the index and the worker
    assert not search_files(requested), f"fetched before search was opened: {search_files(requested)}"
    results = search(page, "мөөнөт" if lang == "ky" else "учёт" if lang == "ru" else "registration")
    assert results, "search found nothing once opened"
    fetched = {urlparse(url).path for url in search_files(requested)}
    assert "/" + ROOTS[lang] + "search/" + INDEX in fetched, fetched
    assert any(re.search(r"/workers/search\.[0-9a-f]+\.min\.js$", path) for path in fetched), fetched
    assert WORKERS + "jol-search.js" in fetched, fetched
    assert not recorder.errors, "\n".join(recorder.errors)


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "query", "expected"), FORGIVING)
def test_folded_letters_and_synonyms_find_pages(
    phone: Any, site_url: str, lang: str, query: str, expected: str | None
) -> None:
    page, recorder, _ = phone
    page.goto(page_url(site_url, lang, "index.md"), wait_until="networkidle")
    results = search(page, query)
    assert results, f"searching {query!r} on the {lang} site found nothing"
    paths = {urlparse(url).path for url in results}
    root = "/" + ROOTS[lang]
    assert all(path.startswith(root) for path in paths), paths
    if lang == "ky":
        assert not any(path.startswith(("/ru/", "/en/")) for path in paths), paths
    assert expected is None or root + expected in paths, f"{query!r} on the {lang} site: {sorted(paths)}"
    assert not recorder.errors, "\n".join(recorder.errors)


@pytest.mark.browser
def test_results_show_the_words_with_their_own_letters(phone: Any, site_url: str) -> None:
    page, _, _ = phone
    page.goto(page_url(site_url, "ky", "index.md"), wait_until="networkidle")
    assert search(page, "моонот")
    marked = page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent.toLowerCase())")
    assert any(word.startswith("мөөнөт") for word in marked), marked
    assert not any("моонот" in word for word in marked), marked


NO_RESULTS = {"ky": "башкача же башка сөз", "ru": "по-другому", "en": "another spelling"}


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_found_gives_a_hint_in_the_page_language(phone: Any, site_url: str, lang: str) -> None:
    page, recorder, _ = phone
    page.goto(page_url(site_url, lang, "index.md"), wait_until="networkidle")
    assert search(page, "zqxwvj") == []
    meta = page.locator(".md-search-result__meta").text_content() or ""
    assert NO_RESULTS[lang] in meta, meta
    assert not recorder.errors, "\n".join(recorder.errors)


@pytest.mark.browser
def test_search_works_offline_on_a_page_read_before_once_used(phone: Any, site_url: str) -> None:
    page, _, _ = phone
    url = page_url(site_url, "ky", "medical.md")
    page.goto(url, wait_until="networkidle")
    wait_until_kept(page)
    assert search(page, "моонот")
    kept = """async (names) => {
        const found = [];
        for (const name of names) if (await caches.match(new URL(name, location.href).href)) found.push(name);
        return found;
    }"""
    config = json.loads(page.eval_on_selector("#__config", "e => e.textContent"))
    material = re.search(r"material=([^&]+)", config["search"]).group(1)  # type: ignore[union-attr]
    wanted = ["../search/" + INDEX, "../" + config["search"], "../assets/javascripts/workers/" + material]
    deadline = time.monotonic() + 15
    while sorted(page.evaluate(kept, wanted)) != sorted(wanted):
        assert time.monotonic() < deadline, f"kept for offline search: {page.evaluate(kept, wanted)} of {wanted}"
        page.wait_for_timeout(200)
    page.context.set_offline(True)
    try:
        page.goto(url)
        results = search(page, "регистрация")
    finally:
        page.context.set_offline(False)
    assert any(urlparse(r).path == "/registration/" for r in results), results


# ------------------------------------------------------------------------------------------ without a browser


def test_every_synonym_leads_to_words_on_that_language_pages(site_dir: Path) -> None:
    hook = load_hook("search")
    synonyms = hook.load_synonyms(LANGUAGES)
    assert all(synonyms[lang] for lang in LANGUAGES), "SYNONYMS.md gives no synonym for a language"
    missing = []
    for lang in LANGUAGES:
        index = json.loads((site_dir / ROOTS[lang] / "search" / INDEX).read_text(encoding="utf-8"))
        assert index["config"]["jol"]["synonyms"] == synonyms[lang]
        text = hook.fold(" ".join(f"{doc['title']} {re.sub('<[^>]+>', ' ', doc['text'])}" for doc in index["docs"]))
        words = set(re.findall(r"[^\W_]+", text))
        for typed, targets in synonyms[lang].items():
            for target in targets:
                if not any(word.startswith(hook.fold(target)) for word in words):
                    missing.append(f"{lang}: {typed} → {target}")
    assert not missing, "SYNONYMS.md sends readers to words that are not on the pages:\n" + "\n".join(missing)


def test_synonyms_table_is_read_as_editors_write_it() -> None:
    hook = load_hook("search")
    table = "| readers type | ky | ru | en |\n|---|---|---|---|\n| Регистрация | каттоо | учёт, регистрация | |\n"
    assert hook.parse_synonyms(table, LANGUAGES) == {
        "ky": {"регистрация": ["каттоо"]},
        "ru": {"регистрация": ["учёт", "регистрация"]},
        "en": {},
    }
    with pytest.raises(ValueError, match=r"line 3.*one word"):
        hook.parse_synonyms(table.replace("Регистрация", "две слова"), LANGUAGES)
    with pytest.raises(ValueError, match=r"line 4.*twice"):
        hook.parse_synonyms(table + "| регистрацИя | каттоо | | |\n", LANGUAGES)
    with pytest.raises(ValueError, match="column for en"):
        hook.parse_synonyms(table.replace("| en |", "| fr |"), LANGUAGES)
    assert hook.fold("МӨӨНӨТ Үй-бүлө Жаңы учёт") == "моонот уй-було жаны учет"
