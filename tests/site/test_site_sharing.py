"""Link previews and search engines: each page's own description, Open Graph tags, a preview image per language,
hreflang links to the same page in every language (also in sitemap.xml), without failed requests on page load."""

from __future__ import annotations

import socket
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jol_site import LANGUAGES
from sitelib import DOCS, Page, nav_pages, read_page
from sitetools import ROOT, load_hook, mkdocs_build, serve

pytestmark = [pytest.mark.site]

LOCALES = {"ky": "ky_KG", "ru": "ru_RU", "en": "en_US"}
ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}
SITE_DESCRIPTIONS = {
    "Кыргызстандан Россияга барган эмгек мигранттары үчүн колдонмо.",
    "Справочник для трудовых мигрантов из Кыргызстана в России.",
    "A guide for labour migrants from Kyrgyzstan in Russia.",
}


class Head(HTMLParser):
    """The <meta> and <link> tags of a page (attributes as written)."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "meta":
            self.meta.append(values)
        elif tag == "link":
            self.links.append(values)

    def prop(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("property") == name or m.get("name") == name]


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def load_pages() -> list[Page]:
    return [read_page(lang, path.name) for lang in LANGUAGES for path in sorted((DOCS / lang).glob("*.md"))]


def built_pages(site_dir: Path, lang: str) -> dict[str, Path]:
    """{page name (file name under docs/<lang>/, without .md): built file} of one language."""
    pages = {}
    for source in sorted((ROOT / "docs" / lang).glob("*.md")):
        name = source.stem
        folder = ROOTS[lang] + ("" if name == "index" else name + "/")
        pages[name] = site_dir / folder / "index.html"
    return pages


def test_every_page_has_its_own_description_in_its_language() -> None:
    hook = load_hook("sharing")
    pages = load_pages()
    assert len(pages) == 3 * len(nav_pages())
    problems = []
    for page in pages:
        problem = hook.description_problem(page.meta, SITE_DESCRIPTIONS)
        if problem:
            problems.append(f"{page.where}: {problem}")
    assert not problems, "\n".join(problems)
    by_name: dict[str, set[str]] = {}
    for page in pages:
        by_name.setdefault(page.name, set()).add(page.meta["description"])
    assert all(len(texts) == 3 for texts in by_name.values()), "a description is the same in two languages"
    assert len({page.meta["description"] for page in pages}) == len(pages), "two pages share a description"


def test_the_build_refuses_a_page_without_a_description_or_with_a_bad_one() -> None:
    hook = load_hook("sharing")
    site = {"A guide for labour migrants from Kyrgyzstan in Russia."}
    assert "needs 'description:" in hook.description_problem({}, site)
    assert "needs 'description:" in hook.description_problem({"description": "  "}, site)
    assert "161 characters" in hook.description_problem({"description": "x" * 161}, site)
    assert hook.description_problem({"description": "x" * 160}, site) is None
    assert "the site's own description" in hook.description_problem({"description": next(iter(site))}, site)
    config = SimpleNamespace(plugins={}, site_description=next(iter(site)))
    page = SimpleNamespace(meta={"checked": "2026-12-07"}, file=SimpleNamespace(src_uri="ru/border.md"))
    with pytest.raises(Exception, match=r"docs/ru/border\.md: its front matter needs 'description:"):
        hook.on_page_markdown("# x", page, config, None)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_tells_link_previews_its_title_description_and_language(site_dir: Path, lang: str) -> None:
    pages = {page.name.removesuffix(".md"): page for page in load_pages() if page.lang == lang}
    for name, built in built_pages(site_dir, lang).items():
        head = head_of(built)
        description = " ".join(pages[name].meta["description"].split())
        assert head.prop("description") == [description], built
        assert head.prop("og:description") == [description], built
        assert head.prop("og:type") == ["website" if name == "index" else "article"], built
        assert head.prop("og:locale") == [LOCALES[lang]], built
        assert sorted(head.prop("og:locale:alternate")) == sorted(v for k, v in LOCALES.items() if k != lang)
        title = head.prop("og:title")
        assert len(title) == 1 and title[0], built
        page_title = built.read_text(encoding="utf-8").split("<title>", 1)[1].split("</title>", 1)[0]
        # the menu's name of the page; for the home page, the site's name
        assert page_title.endswith(title[0]) if name == "index" else page_title.startswith(title[0] + " - "), built
        # Without site_url there is no absolute address: no og:image, no hreflang (crawlers need absolute ones).
        assert head.prop("og:image") == [] and not [link for link in head.links if link.get("hreflang")], built
        manifest = [link["href"] for link in head.links if link.get("rel") == "manifest"]
        assert (
            len(manifest) == 1
            and (built.parent / manifest[0]).resolve() == site_dir / ROOTS[lang] / "manifest.webmanifest"
        )


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG's start-of-frame marker."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    at = 2
    while at < len(data):
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2 : at + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    raise AssertionError("no start-of-frame marker")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_light_preview_image(site_dir: Path, lang: str) -> None:
    data = (site_dir / "assets" / "share" / f"preview-{lang}.jpg").read_bytes()
    assert jpeg_size(data) == (1200, 630)
    assert len(data) < 60_000, f"preview-{lang}.jpg is {len(data)} bytes"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The site built as published (with site_url, under a sub-path as on GitHub Pages), served at that address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/jol/"
    root = tmp_path_factory.mktemp("published")
    result = mkdocs_build(ROOT / "mkdocs.yml", root / "jol", {"JOL_SITE_URL": base})
    if result.returncode != 0:
        pytest.fail("mkdocs build with JOL_SITE_URL failed:\n" + (result.stdout + result.stderr)[-4000:])
    with serve(root, port=port) as url:
        assert url + "jol/" == base
        yield root / "jol", base


@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_the_sites_address_every_page_links_the_same_page_in_each_language(
    published: tuple[Path, str], lang: str
) -> None:
    site, base = published
    for name, built in built_pages(site, lang).items():
        head = head_of(built)
        hreflang = {link["hreflang"]: link["href"] for link in head.links if link.get("hreflang")}
        folder = "" if name == "index" else name + "/"
        expected = {code: base + ROOTS[code] + folder for code in LANGUAGES}
        assert hreflang == {**expected, "x-default": expected["ky"]}, built
        assert all(link["rel"] == "alternate" for link in head.links if link.get("hreflang"))
        assert head.prop("og:url") == [expected[lang]]
        assert head.prop("og:image") == [base + f"assets/share/preview-{lang}.jpg"]
        assert head.prop("og:image:width") == ["1200"] and head.prop("og:image:height") == ["630"]
        assert head.prop("twitter:card") == ["summary_large_image"]


def test_the_sitemap_lists_each_page_with_its_languages_and_a_default(published: tuple[Path, str]) -> None:
    site, base = published
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)
    assert len(urls) == 3 * len(nav_pages())
    for url in urls:
        loc = url.findtext("s:loc", namespaces=ns) or ""
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(links) == {"ky", "ru", "en", "x-default"}, loc
        assert loc in links.values() and links["x-default"] == links["ky"], loc
        assert all(href and href.startswith(base) for href in links.values()), loc


FAILED = """() => performance.getEntriesByType("resource").filter((entry) => entry.responseStatus >= 400)
  .map((entry) => entry.name)"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_with_hreflang_links_loads_without_a_failed_request_and_the_switcher_works(
    browser: Any, published: tuple[Path, str], lang: str
) -> None:
    _, base = published
    context = browser.new_context(viewport={"width": 360, "height": 740})
    failed: list[str] = []
    try:
        page = context.new_page()
        page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
        page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        page.on("console", lambda message: failed.append(message.text) if message.type == "error" else None)
        page.goto(base + ROOTS[lang] + "registration/", wait_until="load")
        page.wait_for_timeout(1500)  # Material looks for alternates when the page is ready; give any fetch time
        assert failed == [], failed
        assert page.evaluate(FAILED) == []
        hreflang = page.evaluate(
            "() => [...document.querySelectorAll('link[rel=alternate][hreflang]')].map((l) => l.hreflang).sort()"
        )
        assert hreflang == sorted(["ky", "ru", "en", "x-default"])
        other = "en" if lang != "en" else "ru"
        page.locator("header .md-select").first.hover()
        page.locator(f"header a.md-select__link[hreflang='{other}']").click()
        page.wait_for_url(base + ROOTS[other] + "registration/")
        assert failed == [], failed
    finally:
        context.close()
