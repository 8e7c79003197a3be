"""The reader's own dates beside the rules of the guide pages (hooks/my_dates.py, overrides/partials/my-dates.html,
and what calculator/web/calculator.js keeps when "remember" is ticked).

- the markers sit in the "By when" section of the pages the calculator's deadlines belong to, the same in the three
  languages, and every deadline id has a page; a wrong marker stops the build with the page and the line;
- in the built pages, each marker is an empty, hidden element, and the page carries its strings and its small script
  (under 1.5 KB gzip), guide pages without a marker carry neither;
- in Chromium: with nothing kept nothing shows; after a real calculation with "remember", the registration page in
  every language shows the reader's date and the day it was worked out, in the page's language, with a link back to
  the calculator, and the page loads neither Pyodide nor anything of the calculator, nor anything from another host;
  unticking "remember" or "forget" removes it; bad or old records show nothing and break nothing; a day already gone
  says so; the page does not jump when the date appears.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from jol_site import LANGUAGES
from migration_rules.bridge import calculate_json
from migration_rules.calculate import DEADLINE_IDS
from migration_rules.dates import format_date
from migration_rules.messages import page_catalogue
from mkdocs.exceptions import PluginError
from sitelib import DOCS
from sitetools import load_hook

pytestmark = pytest.mark.site

PHONE = {"width": 360, "height": 740}
ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}
KEY = "jol-my-dates"
# Which page shows which of the calculator's deadlines, in order: beside the page's "By when" rule.
MARKERS = {
    "registration.md": ["registration"],
    "medical.md": ["medical_exam"],
    "before-departure.md": ["ruid_application", "extend_stay", "stay_limit"],
    "employment.md": ["extend_stay", "stay_limit", "new_contract"],
    "amina.md": ["amina", "medical_exam"],
}
MARKER = re.compile(r"^<!-- my-date: ([a-z_]+) -->$", re.MULTILINE)
ELEMENT = re.compile(r'<p class="jol-my-date" data-my-date="([a-z_]+)" hidden></p>')
TEXT_TABLE = re.compile(r'<script type="application/json" id="jol-my-dates-text">(.*?)</script>', re.DOTALL)
# The inline script and its table, as the page carries them (partials/my-dates.html).
PARTIAL = re.compile(
    r'<script type="application/json" id="jol-my-dates-text">.*?</script>\s*<script>.*?</script>', re.S
)
BUDGET = 1500  # bytes, gzip -9: what the reader's dates may add to a guide page's first view


def by_when(markdown: str) -> str:
    """The "By when" section of a page's Markdown."""
    start = markdown.index("{ #by-when }")
    end = markdown.find("\n## ", start)
    return markdown[start : end if end >= 0 else None]


def page_url(base: str, lang: str, page: str) -> str:
    return base + ROOTS[lang] + page


def sentence(lang: str, key: str, id_: str, due: dt.date, worked: dt.date) -> str:
    """What the page must say, from the catalogue's [guide] strings and the rules package's dates."""
    strings = page_catalogue(lang)
    words = {"label": strings[f"guide.label.{id_}"], "due": format_date(due, lang), "today": format_date(worked, lang)}
    return re.sub(r"\{(label|due|today)\}", lambda match: words[match.group(1)], strings[f"guide.{key}"])


# ------------------------------------------------------------------------------------------- the Markdown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_deadline_stands_in_the_by_when_section_of_its_pages_in_every_language(lang: str) -> None:
    found = {}
    for path in sorted((DOCS / lang).glob("*.md")):
        markdown = path.read_text(encoding="utf-8")
        ids = MARKER.findall(markdown)
        if ids:
            found[path.name] = ids
            assert MARKER.findall(by_when(markdown)) == ids, f"docs/{lang}/{path.name}: a marker outside #by-when"
    assert found == MARKERS
    assert {id_ for ids in found.values() for id_ in ids} == set(DEADLINE_IDS)


def test_a_wrong_marker_stops_the_build_naming_the_page_and_the_line() -> None:
    hook = load_hook("my_dates")
    assert hook.marker_ids("Text.\n\n<!-- my-date: registration -->\n\nMore.", "docs/en/x.md") == ["registration"]
    wrong = {
        "Text.\n\n<!-- my-date: registraton -->\n": "line 3: 'registraton' is not a deadline",
        "Text.\n<!-- my-date: registration -->\n": "line 2: leave an empty line",
        "- Item\n\n  <!-- my-date: registration -->\n": "line 3: write the reader's-date marker alone",
        "Text <!-- my-date: registration -->\n": "line 1: write the reader's-date marker alone",
        "\n<!--my-date:registration-->\n": "line 2: write the reader's-date marker alone",
    }
    for markdown, message in wrong.items():
        with pytest.raises(PluginError, match=re.escape(f"docs/en/x.md, {message}")):
            hook.marker_ids(markdown, "docs/en/x.md")


# --------------------------------------------------------------------------------------------- the built site


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_marker_is_an_empty_hidden_element_with_the_page_strings(site_dir: Path, lang: str) -> None:
    root = site_dir / ROOTS[lang]
    for name, ids in MARKERS.items():
        html = (root / name.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert ELEMENT.findall(html) == ids, name
        assert "<!-- my-date" not in html
        table = TEXT_TABLE.search(html)
        assert table, name
        strings = json.loads(table.group(1))
        catalogue = page_catalogue(lang)
        assert strings == {
            "due": catalogue["guide.due"],
            "passed": catalogue["guide.passed"],
            "recalculate": catalogue["guide.recalculate"],
            "labels": {id_: catalogue[f"guide.label.{id_}"] for id_ in ids},
            "lang": lang,
            "href": "../calculator/",
        }, name
        assert html.index("jol-my-dates-text") > html.rindex('class="jol-my-date"')  # fills what comes before it
    # Pages without a marker carry neither the strings nor the script; the search index has none of it.
    for name in ("index.html", "about/index.html", "calculator/index.html", "border/index.html"):
        html = (root / name).read_text(encoding="utf-8")
        assert "jol-my-date" not in html, name
    assert "jol-my-date" not in (root / "search" / "search_index.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reader_dates_add_less_than_1_5_kb_to_a_guide_page(site_dir: Path, lang: str) -> None:
    html = (site_dir / ROOTS[lang] / "employment" / "index.html").read_text(encoding="utf-8")  # three markers
    without = ELEMENT.sub("", PARTIAL.sub("", html))
    assert without != html and "jol-my-date" not in without
    css = (site_dir / "assets" / "jol.css").read_text(encoding="utf-8")
    rules = re.search(r"/\* The reader's own date.*?\.jol-my-date-passed \{[^}]*\}\n", css, re.S)
    assert rules
    added = len(gzip.compress(html.encode(), 9, mtime=0)) - len(gzip.compress(without.encode(), 9, mtime=0))
    added += len(gzip.compress(css.encode(), 9, mtime=0)) - len(
        gzip.compress(css.replace(rules.group(0), "").encode(), 9, mtime=0)
    )
    assert 0 < added < BUDGET


# -------------------------------------------------------------------------------------------- in the browser


class Watch:
    """Requests, page errors and console errors of one browser page."""

    def __init__(self, page: Any, base: str) -> None:
        self.host = urlparse(base).netloc
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))

    def foreign(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != self.host
        ]

    def calculator_files(self) -> list[str]:
        return [url for url in self.requests if "pyodide" in url or "/assets/calculator/" in url]


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[tuple[Any, Watch]]:
    # No service worker: each page's own requests only (the offline copy's background work is tested elsewhere).
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, service_workers="block")
    host = urlparse(site_url).netloc
    context.route(lambda url: urlparse(url).netloc not in (host, ""), lambda route: route.abort())
    page = context.new_page()
    try:
        yield page, Watch(page, site_url)
    finally:
        context.close()


SHOWN = """() => [...document.querySelectorAll(".jol-my-date")].map((box) => ({
  id: box.dataset.myDate, hidden: box.hidden, visible: box.offsetHeight > 0, text: box.innerText.trim(),
  passed: box.classList.contains("jol-my-date-passed"),
  href: box.querySelector("a") ? box.querySelector("a").href : null }))"""
LOCAL_TODAY = """() => { const d = new Date(), p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }"""


def shown(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate(SHOWN))


def calculate_in_the_calculator(page: Any, base: str, lang: str, entry: dt.date, remember: bool) -> None:
    page.goto(page_url(base, lang, "calculator/"))
    page.fill("#calc-entry_date", entry.isoformat())
    page.select_option("#calc-purpose", "work")
    page.check("#calc-region-other")  # the region is the reader's choice (no default)
    if remember:
        page.check("#calc-remember")
    page.click("#calc-form button[type=submit]")
    page.wait_for_selector('#jol-calc[data-answers="1"]', timeout=120_000)
    assert page.locator("#calc-result .calc-item").count() > 0


def record(entry: dt.date, today: dt.date, lang: str) -> dict[str, Any]:
    """A record as calculator.js keeps it, from the rules package's own answer (for the checks that need a date
    the calculator would not give today)."""
    answer = json.loads(
        calculate_json(
            json.dumps({"entry_date": entry.isoformat(), "purpose": "work", "today": today.isoformat(), "lang": lang})
        )
    )
    deadlines = [
        {key: item[key] for key in ("id", "due", "title", "due_text", "due_texts")}
        for item in answer["deadlines"]
        if item["due"]
    ]
    return {
        "version": 1,
        "lang": lang,
        "today": answer["today"],
        "today_texts": answer["today_texts"],
        "deadlines": deadlines,
    }


@pytest.mark.browser
def test_with_nothing_kept_no_page_shows_a_date(phone: tuple[Any, Watch], site_url: str) -> None:
    page, watch = phone
    for lang in LANGUAGES:
        for name, ids in MARKERS.items():
            page.goto(page_url(site_url, lang, name.removesuffix(".md") + "/"), wait_until="load")
            boxes = shown(page)
            assert [box["id"] for box in boxes] == ids
            assert all(box["hidden"] and not box["visible"] and box["text"] == "" for box in boxes), (lang, name)
    assert page.evaluate(f"localStorage.getItem({KEY!r})") is None
    assert not watch.errors, watch.errors
    assert not watch.foreign(), watch.foreign()
    assert not watch.calculator_files(), watch.calculator_files()


@pytest.mark.browser
def test_a_calculation_remembered_shows_the_reader_date_on_the_guide_pages_until_forgotten(
    phone: tuple[Any, Watch], site_url: str
) -> None:
    page, watch = phone
    page.goto(site_url)
    today = dt.date.fromisoformat(page.evaluate(LOCAL_TODAY))
    entry = today - dt.timedelta(days=5)
    answer = json.loads(
        calculate_json(
            json.dumps({"entry_date": entry.isoformat(), "purpose": "work", "today": today.isoformat(), "lang": "ky"})
        )
    )
    due = {item["id"]: dt.date.fromisoformat(item["due"]) for item in answer["deadlines"] if item["due"]}
    assert due["registration"] > today

    # Without "remember": nothing kept, nothing shown.
    calculate_in_the_calculator(page, site_url, "ky", entry, remember=False)
    assert page.evaluate(f"localStorage.getItem({KEY!r})") is None
    page.goto(page_url(site_url, "ky", "registration/"))
    assert not any(box["visible"] for box in shown(page))

    # With "remember", in Kyrgyz: every language's registration page shows it in its own words.
    calculate_in_the_calculator(page, site_url, "ky", entry, remember=True)
    kept = json.loads(page.evaluate(f"localStorage.getItem({KEY!r})"))
    assert kept["version"] == 1 and kept["lang"] == "ky" and kept["today"] == today.isoformat()
    assert {item["id"]: item["due"] for item in kept["deadlines"]} == {k: v.isoformat() for k, v in due.items()}
    calculator_requests = len(watch.requests)
    for lang in LANGUAGES:
        page.goto(page_url(site_url, lang, "registration/"), wait_until="load")
        [box] = shown(page)
        link = page.locator(".jol-my-date a")
        assert box["visible"] and not box["passed"], lang
        assert (
            box["text"]
            == sentence(lang, "due", "registration", due["registration"], today)
            + " "
            + (page_catalogue(lang)["guide.recalculate"])
        )
        assert box["href"] == urljoin(site_url, ROOTS[lang] + "calculator/")
        assert link.is_visible()
    # The other pages show theirs, in the page's language (a worker: medical examination, stay, extension).
    page.goto(page_url(site_url, "en", "employment/"))
    texts = {box["id"]: box["text"] for box in shown(page) if box["visible"]}
    assert set(texts) == {"extend_stay", "stay_limit"} & set(due)
    for id_, text in texts.items():
        assert text.startswith(sentence("en", "due", id_, due[id_], today)), text
    page.goto(page_url(site_url, "ru", "medical/"))
    assert shown(page)[0]["text"].startswith(sentence("ru", "due", "medical_exam", due["medical_exam"], today))
    guide_requests = watch.requests[calculator_requests:]
    assert not [url for url in guide_requests if "pyodide" in url or "/assets/calculator/" in url], guide_requests

    # The link leads back to the calculator, which still holds the reader's dates.
    page.goto(page_url(site_url, "ru", "registration/"))
    page.click(".jol-my-date a")
    page.wait_for_selector("#calc-form")
    assert page.url == page_url(site_url, "ru", "calculator/")
    assert page.input_value("#calc-entry_date") == entry.isoformat() and page.is_checked("#calc-remember")

    # Taking the tick away deletes the dates; "forget" too.
    page.uncheck("#calc-remember")
    assert page.evaluate(f"localStorage.getItem({KEY!r})") is None
    page.goto(page_url(site_url, "ky", "registration/"))
    assert not any(box["visible"] for box in shown(page))
    calculate_in_the_calculator(page, site_url, "en", entry, remember=True)
    page.goto(page_url(site_url, "en", "registration/"))
    assert shown(page)[0]["visible"]
    page.goto(page_url(site_url, "en", "calculator/"))
    page.click("#calc-forget")
    assert page.evaluate(f"localStorage.getItem({KEY!r})") is None
    for lang in LANGUAGES:
        page.goto(page_url(site_url, lang, "registration/"))
        assert not any(box["visible"] or box["text"] for box in shown(page)), lang
    assert not watch.errors, watch.errors
    assert not watch.foreign(), watch.foreign()


BAD_RECORDS = [
    "{",
    "null",
    "[]",
    '"2026-12-09"',
    "{}",
    '{"version": 2, "today": "2026-12-01", "deadlines": []}',
    # What an older version of the page might have kept: no version, no texts.
    '{"deadlines": [{"id": "registration", "due": "2099-12-09", "due_text": "9 December 2099"}]}',
    '{"version": 1, "today": "2026-12-01", "today_texts": {"en": "1 December 2026"}, "deadlines": "registration"}',
    '{"version": 1, "today": "yesterday", "today_texts": {"ky": "x", "ru": "x", "en": "x"}, "deadlines": []}',
    '{"version": 1, "today": "2026-12-01", "today_texts": null, "deadlines": [null, 5, {"id": "registration",'
    ' "due": "2099-12-09", "due_texts": {"ky": "a", "ru": "b", "en": "c"}}]}',
    '{"version": 1, "today": "2026-12-01", "today_texts": {"ky": "a", "ru": "b", "en": "c"}, "deadlines": [null, 5,'
    ' {"id": "registration", "due": 20991209, "due_texts": {"ky": "a", "ru": "b", "en": "c"}},'
    ' {"id": "registration", "due": "2099-12-09", "due_texts": "9 December 2099"},'
    ' {"id": "registration", "due": "2099-12-09", "due_texts": {"ky": 1, "ru": [], "en": {}}}]}',
]


@pytest.mark.browser
def test_a_bad_or_old_record_shows_nothing_and_breaks_nothing(phone: tuple[Any, Watch], site_url: str) -> None:
    page, watch = phone
    for lang in LANGUAGES:
        url = page_url(site_url, lang, "registration/")
        page.goto(url)
        for bad in BAD_RECORDS:
            page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, bad])
            page.goto(url, wait_until="load")
            assert not any(box["visible"] or box["text"] for box in shown(page)), (lang, bad)
            assert page.locator("h1").first.is_visible()
    # Storage the browser refuses to give (site data blocked) is the same as nothing kept.
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('no', 'SecurityError'); } })"
    )
    page.goto(page_url(site_url, "en", "registration/"), wait_until="load")
    assert not any(box["visible"] for box in shown(page))
    assert not watch.errors, watch.errors


@pytest.mark.browser
def test_a_day_already_gone_says_it_has_passed_and_links_to_the_calculator(
    phone: tuple[Any, Watch], site_url: str
) -> None:
    page, watch = phone
    page.goto(site_url)
    today = dt.date.fromisoformat(page.evaluate(LOCAL_TODAY))
    worked = today - dt.timedelta(days=60)
    kept = record(worked - dt.timedelta(days=3), worked, "ru")
    due = {item["id"]: dt.date.fromisoformat(item["due"]) for item in kept["deadlines"]}
    assert due["registration"] < today
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(kept)])
    for lang in LANGUAGES:
        page.goto(page_url(site_url, lang, "registration/"), wait_until="load")
        [box] = shown(page)
        assert box["visible"] and box["passed"], lang
        assert (
            box["text"]
            == sentence(lang, "passed", "registration", due["registration"], worked)
            + " "
            + (page_catalogue(lang)["guide.recalculate"])
        )
        assert box["href"] == urljoin(site_url, ROOTS[lang] + "calculator/")
    # A date written with "$&" or "{label}" in it is shown as written (no second substitution).
    kept["deadlines"][0]["due_texts"]["en"] = "$& {label} $1"
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(kept)])
    page.goto(page_url(site_url, "en", "registration/"), wait_until="load")
    assert "$& {label} $1" in shown(page)[0]["text"]
    assert not watch.errors, watch.errors


OBSERVE = """() => { window.__jolShifts = 0; new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__jolShifts += entry.value;
}).observe({ type: "layout-shift", buffered: true }); }"""


@pytest.mark.browser
def test_the_page_does_not_jump_when_the_reader_date_appears(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(site_url)
        today = dt.date.fromisoformat(page.evaluate(LOCAL_TODAY))
        kept = record(today - dt.timedelta(days=3), today, "ky")
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(kept)])
        page.add_init_script(f"({OBSERVE})()")
        for lang in LANGUAGES:
            for name in ("registration/", "employment/"):
                page.goto(page_url(site_url, lang, name), wait_until="load")
                page.wait_for_timeout(300)
                assert any(box["visible"] for box in shown(page)), (lang, name)
                shift = page.evaluate("window.__jolShifts")
                assert shift <= 0.1, (lang, name, shift)
    finally:
        context.close()
