"""Finding one's way on a cheap phone (360 × 640): a way in on the home page, contents on long pages, the previous and
next page at the end, a short title, editors' links on the About page only, and "Report a mistake" on every page.

The browser checks use the session's build and Chromium (tests/conftest.py); the "Report a mistake" link is also
checked in a second build of the real site with ``extra.report_contact`` set, and with a value that is no e-mail.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlparse

import pytest
from jol_site import LANGUAGES
from sitelib import DOCS, ROOT, nav_pages
from sitetools import HOOKS, mkdocs_build
from test_site_accessibility import new_phone, page_url

pytestmark = [pytest.mark.site]

PAGES = nav_pages()
PHONE = {"width": 360, "height": 640}
TASKS = ["before-departure/", "registration/", "calculator/", "contacts/"]
SHORT_NAMES = {"ky": "Жол", "ru": "Жол", "en": "Jol"}
NEXT = {"ky": "Кийинки", "ru": "Вперед", "en": "Next"}
PREVIOUS = {"ky": "Мурунку", "ru": "Назад", "en": "Previous"}
TOC_TITLES = {"ky": "Бул баракта", "ru": "На этой странице", "en": "On this page"}
REPORT_LINKS = {"ky": "Катаны билдирүү", "ru": "Сообщить об ошибке", "en": "Report a mistake"}


def built_pages() -> list[tuple[str, str]]:
    return [(lang, name) for name in PAGES for lang in LANGUAGES if (DOCS / lang / name).is_file()]


def html_file(site: Path, lang: str, name: str) -> Path:
    root = site if lang == "ky" else site / lang
    return (root / "index.html") if name == "index.md" else root / name.removesuffix(".md") / "index.html"


def second_level_headings(html: str) -> list[str]:
    article = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return re.findall(r'<h2 id="([^"]+)"', article)


# ------------------------------------------------------------------------------------------------ in the browser


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_opens_with_the_main_tasks_above_the_fold(browser: Any, site_url: str, lang: str) -> None:
    context = new_phone(browser, site_url)
    page = context.new_page()
    try:
        page.goto(page_url(site_url, lang, "index.md"), wait_until="load")
        links = page.evaluate(
            """() => [...document.querySelectorAll('.jol-tasks a')].map((a) => {
              const r = a.getBoundingClientRect();
              return { href: a.href, text: a.textContent.trim(), top: r.top, bottom: r.bottom, height: r.height,
                       right: r.right };
            })"""
        )
    finally:
        context.close()
    base = page_url(site_url, lang, "index.md")
    assert [link["href"] for link in links] == [base + task for task in TASKS], links
    for link in links:
        assert link["text"], link
        assert link["top"] >= 0 and link["bottom"] <= PHONE["height"], f"{link['text']} is below the first screen"
        assert link["height"] >= 44 and link["right"] <= PHONE["width"], link


@pytest.mark.browser
def test_every_page_has_a_short_title_and_links_to_the_previous_and_next_page(browser: Any, site_url: str) -> None:
    context = new_phone(browser, site_url)
    page = context.new_page()
    problems: list[str] = []
    try:
        for lang in LANGUAGES:
            names = [name for name in PAGES if (DOCS / lang / name).is_file()]
            for index, name in enumerate(names):
                where = f"docs/{lang}/{name}"
                page.goto(page_url(site_url, lang, name), wait_until="load")
                title = page.evaluate(
                    """() => { const t = document.querySelector('.md-header__topic .md-ellipsis');
                    return { text: t.textContent.trim(), scroll: t.scrollWidth, client: t.clientWidth,
                             visible: t.checkVisibility() }; }"""
                )
                if title["text"] != SHORT_NAMES[lang] or not title["visible"] or title["scroll"] > title["client"]:
                    problems.append(f"{where}: the header title is {title}")
                footer = page.evaluate(
                    """() => [...document.querySelectorAll('.md-footer__link')].map((a) => {
                      const r = a.getBoundingClientRect();
                      return { kind: a.classList.contains('md-footer__link--prev') ? 'prev' : 'next', href: a.href,
                               direction: a.querySelector('.md-footer__direction')?.textContent.trim(),
                               title: a.querySelector('.md-footer__title')?.innerText.trim(),
                               cut: [...a.querySelectorAll('.md-ellipsis')].some((e) => e.scrollWidth > e.clientWidth),
                               visible: a.checkVisibility(), left: r.left, right: r.right, height: r.height };
                    })"""
                )
                expected = []
                if index > 0:
                    expected.append(("prev", page_url(site_url, lang, names[index - 1]), PREVIOUS[lang]))
                if index < len(names) - 1:
                    expected.append(("next", page_url(site_url, lang, names[index + 1]), NEXT[lang]))
                got = [(link["kind"], link["href"], link["direction"]) for link in footer]
                if got != expected:
                    problems.append(f"{where}: footer links {got}, expected {expected}")
                for link in footer:
                    shown = link["visible"] and link["title"] and not link["cut"]
                    if not (shown and link["left"] >= 0 and link["right"] <= PHONE["width"]):
                        problems.append(f"{where}: the {link['kind']} link does not show at 360 px: {link}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_long_pages_show_their_contents_near_the_top_on_a_phone(browser: Any, site_url: str, site_dir: Path) -> None:
    phone = new_phone(browser, site_url).new_page()
    wide = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    problems: list[str] = []
    long_pages = 0
    try:
        for lang, name in built_pages():
            where = f"docs/{lang}/{name}"
            headings = second_level_headings(html_file(site_dir, lang, name).read_text(encoding="utf-8"))
            phone.goto(page_url(site_url, lang, name), wait_until="load")
            toc = phone.evaluate(
                """() => { const nav = document.querySelector('.jol-toc'); if (!nav) return null;
                return { title: nav.querySelector('.jol-toc__title').textContent.trim(), visible: nav.checkVisibility(),
                         top: nav.getBoundingClientRect().top + scrollY,
                         h1: document.querySelector('article h1').getBoundingClientRect().bottom + scrollY,
                         links: [...nav.querySelectorAll('a')].map((a) => a.getAttribute('href').slice(1)) }; }"""
            )
            if len(headings) < 4:
                if toc is not None:
                    problems.append(f"{where}: a contents list on a page with {len(headings)} sections")
                continue
            long_pages += 1
            if toc is None:
                problems.append(f"{where}: no contents list ({len(headings)} sections)")
                continue
            if toc["links"] != headings or toc["title"] != TOC_TITLES[lang] or not toc["visible"]:
                problems.append(f"{where}: contents list {toc}, sections {headings}")
            if not toc["h1"] <= toc["top"] <= toc["h1"] + 40:
                problems.append(f"{where}: the contents list is not right under the title: {toc}")
            wide.goto(page_url(site_url, lang, name), wait_until="load")
            if wide.evaluate("document.querySelector('.jol-toc').checkVisibility()"):
                problems.append(f"{where}: the contents list shows next to Material's own contents on a wide screen")
    finally:
        phone.context.close()
        wide.context.close()
    assert long_pages >= 20, f"only {long_pages} pages have 4 sections or more"
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------------ in the built HTML


def test_editors_links_show_on_the_about_page_only(site_dir: Path) -> None:
    problems = []
    for lang, name in built_pages():
        html = html_file(site_dir, lang, name).read_text(encoding="utf-8")
        links = {"edit": html.count('rel="edit"'), "repository": html.count('class="md-source"')}
        expected = {"edit": 1, "repository": 2} if name == "about.md" else {"edit": 0, "repository": 0}
        if links != expected:
            problems.append(f"docs/{lang}/{name}: {links}, expected {expected}")
    assert not problems, "\n".join(problems)


def report_link(html: str) -> tuple[str, str]:
    match = re.search(r'<p class="jol-report">[^<]*<a href="([^"]+)">([^<]+)</a>', html)
    assert match, "no 'Report a mistake' link"
    return match.group(1).replace("&amp;", "&"), match.group(2)


def test_every_page_links_to_the_about_pages_section_on_reporting_a_mistake(site_dir: Path) -> None:
    problems = []
    for lang, name in built_pages():
        file = html_file(site_dir, lang, name)
        href, text = report_link(file.read_text(encoding="utf-8"))
        target = urlparse(urljoin(file.as_uri(), href))
        about = html_file(site_dir, lang, "about.md")
        if (
            text != REPORT_LINKS[lang]
            or target.fragment != "report-a-mistake"
            or Path(target.path) / "index.html" != about
        ):
            problems.append(f"docs/{lang}/{name}: «{text}» → {href}")
    assert not problems, "\n".join(problems)
    for lang in LANGUAGES:
        about = html_file(site_dir, lang, "about.md").read_text(encoding="utf-8")
        section = about.split('id="report-a-mistake"', 1)[1].split("<h2", 1)[0]
        assert "mailto:" not in section


def config_with(tmp_path: Path, extra_lines: str) -> Path:
    """The real mkdocs.yml with absolute paths, in ``tmp_path``, with ``extra_lines`` added under ``extra:``."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("  - hooks/", f"  - {HOOKS}/").replace("  - hooks\n", f"  - {HOOKS}\n")
    text = text.replace("  - calculator/", f"  - {ROOT / 'calculator'}/").replace(
        "  - data\n", f"  - {ROOT / 'data'}\n"
    )
    text = text.replace("\nextra:\n", "\nextra:\n" + extra_lines, 1)
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def test_with_a_report_contact_every_page_opens_a_message_with_its_address(tmp_path: Path) -> None:
    contact = "reports@example.org"  # a reserved example domain: no real address is named here
    config = config_with(tmp_path, f"  report_contact: {contact}\n")
    site = tmp_path / "site"
    result = mkdocs_build(config, site, {"JOL_SITE_URL": "https://jol.example.org/guide/"})
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    subjects = {"ky": "барагындагы ката", "ru": "ошибка на странице", "en": "mistake on the page"}
    bodies = {"ky": "Барактын дареги: ", "ru": "Адрес страницы: ", "en": "Page address: "}
    for lang, name in built_pages():
        html = html_file(site, lang, name).read_text(encoding="utf-8")
        href, text = report_link(html)
        assert text == REPORT_LINKS[lang]
        url = urlparse(href)
        assert url.scheme == "mailto" and url.path == contact, href
        assert " " not in href and "\n" not in href, f"not URL-encoded: {href}"
        query = parse_qs(url.query)
        topic = re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', html)
        assert topic, "no page title in the header"
        title = htmllib.unescape(topic.group(1))
        assert subjects[lang] in query["subject"][0] and f"«{title}»" in query["subject"][0].replace("“", "«").replace(
            "”", "»"
        ), (query["subject"], title)
        slug = "" if name == "index.md" else name.removesuffix(".md") + "/"
        address = "https://jol.example.org/guide/" + ("" if lang == "ky" else lang + "/") + slug
        assert query["body"][0].startswith(bodies[lang] + address + "\n"), query["body"][0]
    assert unquote("%0A") in parse_qs(url.query)["body"][0]


def test_a_report_contact_that_is_no_e_mail_stops_the_build(tmp_path: Path) -> None:
    config = config_with(tmp_path, "  report_contact: call us\n")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "extra.report_contact must be an e-mail address" in result.stdout + result.stderr
