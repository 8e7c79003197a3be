"""The site in a real headless Chromium on a phone-sized screen (Playwright, Debian's /usr/bin/chromium).

- each language's home page loads without console errors, and makes requests only to the local server;
- the language switcher keeps the reader on the same page;
- search in Russian and in Kyrgyz (with ө ү ң) returns pages of that language only;
- no page scrolls sideways at 320 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from jol_site import LANGUAGES
from sitelib import DOCS, nav_pages

pytestmark = [pytest.mark.site, pytest.mark.browser]

PAGES = nav_pages()
PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 640}
ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}
# (language, query, a page that must be among the results). Kyrgyz words carry ө, ү and ң.
SEARCHES = [
    ("ru", "миграционный", "registration/"),
    ("ru", "учет", "registration/"),  # typed with е instead of ё
    ("ky", "текшерүү", "medical/"),
    ("ky", "мөөнөт", "registration/"),
    ("ky", "күнү", None),
    ("ky", "жаңы", None),
    ("en", "registration", "registration/"),
]
SEARCH_WAITING = ("Type to start", "Начните печатать", "Издөө үчүн сөз", "Initializing", "Инициализация", "даярдалууда")


def page_url(base: str, lang: str, name: str) -> str:
    slug = "" if name == "index.md" else name.removesuffix(".md") + "/"
    return base + ROOTS[lang] + slug


class Recorder:
    """Console errors, page errors, failed requests and requests to other hosts of one browser page."""

    def __init__(self, page: Any, base: str) -> None:
        self.host = urlparse(base).netloc
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")

    def _failed(self, request: Any) -> None:
        if request.failure == "net::ERR_ABORTED":
            return  # cancelled because the test went on to the next page (or blocked: see `foreign`)
        self.errors.append(f"request failed ({request.failure}): {request.url}")

    def _request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if url.netloc != self.host:
            self.foreign.append(request.url)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[tuple[Any, Recorder]]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    # Nothing may leave the machine: block any request to another host (the recorder still sees it).
    host = urlparse(site_url).netloc
    context.route(
        lambda url: urlparse(url).netloc not in (host, "") and not url.startswith(("data:", "blob:")),
        lambda route: route.abort(),
    )
    page = context.new_page()
    recorder = Recorder(page, site_url)
    try:
        yield page, recorder
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_loads_cleanly_and_only_from_the_local_server(phone: Any, site_url: str, lang: str) -> None:
    page, recorder = phone
    page.goto(page_url(site_url, lang, "index.md"), wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").first.is_visible()
    assert not recorder.errors, "\n".join(recorder.errors)
    assert not recorder.foreign, "requests to other hosts:\n" + "\n".join(recorder.foreign)


def switch_language(page: Any, lang: str) -> None:
    page.locator(".md-header .md-select button").first.click()  # the language button in the header
    page.locator(f'.md-header a.md-select__link[hreflang="{lang}"]').first.click()
    page.wait_for_load_state("load")


def test_language_switcher_keeps_the_page(phone: Any, site_url: str) -> None:
    page, recorder = phone
    name = "registration.md" if "registration.md" in PAGES else PAGES[-1]
    page.goto(page_url(site_url, "ru", name))
    switch_language(page, "en")
    assert page.url == page_url(site_url, "en", name)
    assert page.evaluate("document.documentElement.lang") == "en"
    switch_language(page, "ky")
    assert page.url == page_url(site_url, "ky", name)
    assert page.evaluate("document.documentElement.lang") == "ky"
    switch_language(page, "ru")
    assert page.url == page_url(site_url, "ru", name)
    assert not recorder.errors, "\n".join(recorder.errors)
    assert not recorder.foreign, "requests to other hosts:\n" + "\n".join(recorder.foreign)


def search(page: Any, query: str) -> list[str]:
    """Type ``query`` into the site search like a reader; return the result links (absolute URLs).

    Playwright enters Cyrillic letters as text input without key events, while Material's search reacts to key-up
    events (a phone keyboard sends them); pressing End after the text gives it one, as a reader's keyboard would.
    """
    page.locator('label[for="__search"]').first.click()
    field = page.locator("input.md-search__input")
    field.fill(query)
    meta = page.locator(".md-search-result__meta")
    for _attempt in range(3):  # the index may still be loading: a new key-up asks again
        field.press("End")
        try:
            page.wait_for_function(
                "([waiting]) => { const m = document.querySelector('.md-search-result__meta');"
                " return m && !waiting.some(w => m.textContent.includes(w)); }",
                arg=[list(SEARCH_WAITING)],
                timeout=5000,
            )
            break
        except Exception:
            continue
    else:
        pytest.fail(f"search for {query!r} never showed results or 'no results' (meta: {meta.text_content()!r})")
    return page.eval_on_selector_all(".md-search-result__item a.md-search-result__link", "els => els.map(e => e.href)")


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_returns_pages_of_the_language_only(
    phone: Any, site_url: str, lang: str, query: str, expected: str | None
) -> None:
    page, recorder = phone
    page.goto(page_url(site_url, lang, "index.md"), wait_until="networkidle")
    results = search(page, query)
    assert results, f"searching {query!r} on the {lang} site found nothing"
    paths = sorted({urlparse(url).path for url in results})
    root = "/" + ROOTS[lang]
    others = [
        path
        for path in paths
        if not path.startswith(root)
        or any(path.startswith("/" + ROOTS[other]) for other in LANGUAGES if other != lang and ROOTS[other])
    ]
    assert not others, f"searching {query!r} on the {lang} site found pages of other languages: {others}"
    assert expected is None or root + expected in paths, (
        f"searching {query!r} on the {lang} site did not find {root + expected}: {paths}"
    )
    assert not recorder.errors, "\n".join(recorder.errors)
    assert not recorder.foreign, "requests to other hosts:\n" + "\n".join(recorder.foreign)


def test_no_page_scrolls_sideways_at_320px(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    host = urlparse(site_url).netloc
    context.route(lambda url: urlparse(url).netloc not in (host, ""), lambda route: route.abort())
    page = context.new_page()
    recorder = Recorder(page, site_url)
    too_wide = []
    try:
        for name in PAGES:
            for lang in LANGUAGES:
                if not (DOCS / lang / name).is_file():
                    continue
                url = page_url(site_url, lang, name)
                page.goto(url, wait_until="load")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > NARROW["width"]:
                    culprit = page.evaluate(WIDEST_ELEMENT, NARROW["width"])
                    too_wide.append(f"docs/{lang}/{name} ({url}): {width}px wide; widest element: {culprit}")
    finally:
        context.close()
    assert not too_wide, "pages wider than a 320 px phone screen:\n" + "\n".join(too_wide)
    assert not recorder.foreign, "requests to other hosts:\n" + "\n".join(recorder.foreign)
    assert not recorder.errors, "\n".join(recorder.errors)


WIDEST_ELEMENT = """(limit) => {
  let worst = null, right = limit;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > right + 0.5 && getComputedStyle(el).position !== 'fixed') { right = r.right; worst = el; }
  }
  if (!worst) return 'none found';
  const text = (worst.textContent || '').trim().slice(0, 60);
  return `<${worst.tagName.toLowerCase()} class="${worst.className}"> right edge ${Math.round(right)}px: "${text}"`;
}"""


# ------------------------------------------------------------------------------------ the checks catch problems


def test_the_browser_checks_catch_a_wide_page_and_a_foreign_request(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=NARROW)
    context.route(lambda url: urlparse(url).netloc not in (urlparse(site_url).netloc, ""), lambda r: r.abort())
    page = context.new_page()
    recorder = Recorder(page, site_url)
    try:
        page.goto(site_url + "404.html")
        page.set_content(
            '<html><body><div style="width:600px">wide</div><img src="http://example.invalid/pixel.png"></body></html>'
        )
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.scrollWidth") > NARROW["width"]
        assert "wide" in page.evaluate(WIDEST_ELEMENT, NARROW["width"])
    finally:
        context.close()
    assert recorder.foreign == ["http://example.invalid/pixel.png"]
