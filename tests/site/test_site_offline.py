"""Offline reading: a page once visited opens again without a connection (overrides/sw.js), in every language."""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sitelib import nav_pages
from sitetools import HOOKS, QuietHandler, QuietServer, load_hook, serve, wait_until_kept

pytestmark = [pytest.mark.site, pytest.mark.browser]

PAGES = {"ky": "registration/", "ru": "ru/registration/", "en": "en/registration/"}
# The note a page kept on the phone shows when the service worker answers with it (hooks/reading.py), pinned: a change
# of wording is a reviewed diff.
KEPT_NOTES = {
    "ky": (
        "Интернет жок же сайт жооп берген жок, ошондуктан барактын телефонуңузда сакталган көчүрмөсү ачылды. "
        "Барак текшерилгенден бери эрежелер өзгөргөн болушу мүмкүн. Качан текшерилгени барактын аягында "
        "жазылган. Интернетке кошулганда баракты кайра ачыңыз."
    ),
    "ru": (
        "Нет интернета или сайт не ответил, поэтому открылась копия страницы, сохранённая на вашем телефоне. "
        "С тех пор как страницу проверили, правила могли измениться. Дата проверки указана в конце страницы. "
        "Откройте страницу снова, когда появится интернет."
    ),
    "en": (
        "There is no internet or the site did not answer, so this is the copy of the page saved on your "
        "phone. The rules may have changed since the page was checked. The date it was checked is at the end "
        "of the page. Open the page again when you are connected to the internet."
    ),
}
TITLES = {"ky": "Миграциялык каттоо", "ru": "Миграционный учёт", "en": "Migration registration"}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_visited_page_opens_offline(browser: Any, site_url: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + PAGES[lang])
        wait_until_kept(page)
        assert page.locator(".jol-kept-note").is_hidden()  # the site answered
        context.set_offline(True)
        page.reload()
        assert TITLES[lang] in page.locator("h1").inner_text()
        # The kept copy says so, in the page's language, right under the title.
        note = page.locator(".jol-kept-note")
        assert note.is_visible() and note.inner_text() == KEPT_NOTES[lang]
        assert page.evaluate("document.querySelector('h1').nextElementSibling.classList.contains('jol-kept-note')")
        assert page.locator("link[href$='jol.css']").count() == 1
        assert page.evaluate("getComputedStyle(document.body).fontFamily")
        # A page of another language, never visited, is not there offline: no stale text.
        other_lang = "en" if lang != "en" else "ky"
        other = site_url + PAGES[other_lang].replace("registration", "rights")
        response_ok = page.evaluate("url => fetch(url).then(r => r.ok).catch(() => false)", other)
        assert response_ok is False
    finally:
        context.close()


def test_a_full_phone_still_gets_every_page_while_online(browser: Any, site_url: str) -> None:
    """When the phone's storage is full, keeping a copy fails; the reader still gets the page from the network."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        # Data Saver on: the worker keeps only the pages read, not the language's others ahead of the reader.
        cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
        page.goto(site_url + "en/registration/")
        wait_until_kept(page)
        origin = "/".join(site_url.split("/")[:3])
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 1})  # a full phone
        for path in ("en/rights/", "en/contacts/", "ru/rights/"):
            response = page.goto(site_url + path)
            assert response is not None and response.ok, path
            assert page.locator("h1").count() == 1, path
            kept = page.evaluate("async () => Boolean(await (await caches.open('jol-pages')).match(location.href))")
            assert kept is False, f"{path} was kept although the phone is full: the test did not fill it"
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin})  # back to normal
    finally:
        context.close()


class SlowHandler(QuietHandler):
    """Serves the site, taking 8 seconds to answer the paths in ``slow_paths``."""

    slow_paths: ClassVar[set[str]] = set()

    def do_GET(self) -> None:
        if self.path.split("?")[0] in self.slow_paths:
            time.sleep(8)
        super().do_GET()


def test_a_page_read_before_shows_when_the_server_fails_or_is_slow(browser: Any, site_dir: Path) -> None:
    """Online, but the server answers with an error or too slowly: the kept copy of a page read before shows."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(SlowHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site_url = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + "en/registration/")
        wait_until_kept(page)
        context.route("**/en/registration/", lambda route: route.fulfill(status=503, body="Service Unavailable"))
        page.reload()
        assert TITLES["en"] in page.locator("h1").inner_text()
        note = page.locator(".jol-kept-note")
        assert note.is_visible() and note.inner_text() == KEPT_NOTES["en"]
        context.unroute("**/en/registration/")
        page.reload()  # the site answers again: no note
        assert page.locator(".jol-kept-note").is_hidden()

        SlowHandler.slow_paths.add("/en/registration/")  # the server now takes 8 s to answer this page
        try:
            started = time.monotonic()
            page.reload()
            assert TITLES["en"] in page.locator("h1").inner_text()
            waited = time.monotonic() - started
            assert page.locator(".jol-kept-note").is_visible()
        finally:
            SlowHandler.slow_paths.clear()
        assert waited < 7, f"the kept copy should answer after about 4 s, not wait for the server ({waited:.1f} s)"
        # a page the phone does not have (another language's) gets the server's own answer, error or not
        context.route("**/ru/rights/", lambda route: route.fulfill(status=503, body="Service Unavailable"))
        response = page.goto(site_url + "ru/rights/")
        assert response is not None and response.status == 503
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_every_page_carries_the_kept_copy_note_hidden_in_its_language_as_the_service_worker_looks_for_it(
    site_dir: Path,
) -> None:
    """The service worker shows the note by finding its opening tag exactly: every page of every language has it
    once, hidden, before the page's title, with the note of the page's language."""
    source = (site_dir / "sw.js").read_text(encoding="utf-8")
    marker = re.search(r"const KEPT_NOTE = '([^']+)';", source)
    assert marker, "sw.js no longer names the note it shows"
    languages = load_hook("offline").language_files(site_dir)
    stamped = json.loads(re.search(r"^const LANGUAGES = (\{.*\});$", source, re.MULTILINE).group(1))
    for lang in ("ky", "ru", "en"):
        pages = [site_dir / page.removeprefix("./") / "index.html" for page in languages[lang]["pages"]]
        assert len(pages) >= 12, lang
        for built in pages:
            text = built.read_text(encoding="utf-8")
            assert text.count(marker.group(1)) == 1, built
            start = text.index(marker.group(1))
            assert KEPT_NOTES[lang] in text[start : start + 1000], built
            assert text.index("</h1>") < start < text.index("</h1>") + 20, built  # right after the title
        # For pages kept by builds from before the note, the service worker has each language's note.
        assert html.unescape(stamped[lang]["note"]) == KEPT_NOTES[lang]


def test_a_page_kept_by_a_build_from_before_the_note_gets_it_offline(browser: Any, site_url: str) -> None:
    """A page kept before pages carried the note (no hidden note in it): offline, the service worker adds its
    language's note right after its title."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        url = site_url + PAGES["ru"]
        page.goto(url)
        wait_until_kept(page)
        page.evaluate(
            r"""async (url) => {
                 const cache = await caches.open("jol-pages");
                 const kept = await (await cache.match(url)).text();
                 const older = kept.replace(/<p class="jol-kept-note"[^>]*>[^<]*<\/p>/, "");
                 await cache.put(url, new Response(older, {headers: {"Content-Type": "text/html; charset=utf-8"}}));
               }""",
            url,
        )
        context.set_offline(True)
        page.reload()
        note = page.locator(".jol-kept-note")
        assert note.count() == 1 and note.is_visible() and note.inner_text() == KEPT_NOTES["ru"]
        assert page.evaluate("document.querySelector('h1').nextElementSibling.classList.contains('jol-kept-note')")
    finally:
        context.close()


def test_the_service_worker_handles_only_this_site(site_dir: Any) -> None:
    source = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert "sameOrigin(request.url)" in source
    assert "http://" not in source and "https://" not in source


def test_the_built_service_worker_names_its_build_and_the_files_every_page_needs(site_dir: Path) -> None:
    hook = load_hook("offline")
    source = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert f'const BUILD = "{hook.build_id(site_dir)}";' in source
    shell = hook.shell_files(site_dir)
    assert "assets/jol.css" in shell and any(name.startswith("assets/stylesheets/main.") for name in shell)
    assert any(name.startswith("assets/javascripts/bundle.") for name in shell)
    for name in shell:
        assert (site_dir / name).is_file() and f'"{name}"' in source
    # every page loads the shell files (so keeping them at install costs no extra download)
    page = (site_dir / "en" / "registration" / "index.html").read_text(encoding="utf-8")
    assert all(name.rsplit("/", 1)[1] in page for name in shell)


def test_a_changed_file_gives_a_new_build_name(tmp_path: Path) -> None:
    hook = load_hook("offline")
    (tmp_path / "index.html").write_text("a", encoding="utf-8")
    (tmp_path / "sw.js").write_text('const BUILD = "dev";\nconst SHELL = [];\n', encoding="utf-8")
    first = hook.build_id(tmp_path)
    (tmp_path / "sw.js").write_text("changed", encoding="utf-8")
    assert hook.build_id(tmp_path) == first  # sw.js itself does not count
    (tmp_path / "index.html").write_text("b", encoding="utf-8")
    assert hook.build_id(tmp_path) != first
    source = 'const BUILD = "old";\nconst SHELL = ["x"];\nconst LANGUAGES = {};\n'
    languages = {"ru": {"offline": "ru/offline.html", "pages": ["ru/"], "files": ["ru/search/search_index.json"]}}
    stamped = hook.stamp(source, "abc", ["a.css", "b.js"], languages)
    assert stamped == (
        'const BUILD = "abc";\nconst SHELL = ["a.css", "b.js"];\nconst LANGUAGES = {"ru":{"offline":"ru/offline.html",'
        '"pages":["ru/"],"files":["ru/search/search_index.json"]}};\n'
    )
    with pytest.raises(Exception, match=r"overrides/sw\.js must keep its lines"):
        hook.stamp("const CACHE = 1;", "abc", [])
    with pytest.raises(Exception, match=r"overrides/sw\.js must keep its lines"):
        hook.stamp('const BUILD = "old";\nconst SHELL = ["x"];\n', "abc", [])


CACHE_NAMES = "async () => (await caches.keys()).sort()"
ACTIVE_BUILD = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration && registration.active ? registration.active.scriptURL : null;
}"""


def test_a_new_build_deletes_the_older_builds_files_and_keeps_the_pages_read(
    browser: Any, site_dir: Path, tmp_path: Path
) -> None:
    """Build A is read (two pages), then the site is updated to build B: B's service worker takes over, deletes A's
    files, keeps the pages read for offline reading, and a page kept by the builds before caches were named by kind
    (the cache "jol-offline-v1") moves to the pages."""
    hook = load_hook("offline")
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    build_a = hook.build_id(site)
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        try:
            page = context.new_page()
            # A page kept by an earlier build of the site, before this service worker was installed.
            page.goto(base + "assets/jol.css")
            page.evaluate(
                """async (url) => (await caches.open("jol-offline-v1")).put(url,
                     new Response("<h1>kept earlier</h1>", {headers: {"Content-Type": "text/html"}}))""",
                base + "en/insurance/",
            )
            page.goto(base + "en/registration/")
            wait_until_kept(page)
            page.goto(base + "en/rights/")
            wait_until_kept(page)
            assert page.evaluate(CACHE_NAMES) == ["jol-files-" + build_a, "jol-pages"]

            # Build B: one file of the site changed, sw.js stamped again (as hooks/offline.py does after a build).
            css = site / "assets" / "jol.css"
            css.write_text(css.read_text(encoding="utf-8") + "\n/* build B */\n", encoding="utf-8")
            worker = site / "sw.js"
            worker.write_text(
                hook.stamp(worker.read_text(encoding="utf-8"), hook.build_id(site), hook.shell_files(site)),
                encoding="utf-8",
            )
            build_b = hook.build_id(site)
            assert build_b != build_a
            page.goto(base + "en/registration/")
            deadline = time.monotonic() + 20
            while page.evaluate(CACHE_NAMES) != ["jol-files-" + build_b, "jol-pages"]:
                assert time.monotonic() < deadline, (build_a, build_b, page.evaluate(CACHE_NAMES))
                page.wait_for_timeout(100)
            shell_kept = page.evaluate(
                f"async () => (await (await caches.open('jol-files-{build_b}')).keys()).map((r) => r.url)"
            )
            assert base + "assets/jol.css" in shell_kept

            context.set_offline(True)
            for path, title in (("en/rights/", "rights"), ("en/insurance/", "kept earlier")):
                page.goto(base + path)
                assert title in page.locator("h1").inner_text().lower(), path
        finally:
            context.close()


HEADER_STYLE = """() => {
  const header = document.querySelector(".md-header");
  const style = header && getComputedStyle(header);
  return style ? [style.position, style.backgroundColor] : null;
}"""
STYLESHEETS = "() => [...document.querySelectorAll('link[rel=stylesheet]')].map((link) => link.href)"


def test_a_page_kept_by_an_older_build_keeps_its_styles_offline_when_the_theme_changed(
    browser: Any, site_dir: Path, tmp_path: Path
) -> None:
    """Build A is read (two pages); build B changes the theme's stylesheet (a new hashed name, as a Material upgrade
    gives) and takes over, deleting A's files. Offline, the page A kept asks for A's stylesheet, which no cache has
    any more: the service worker answers with B's, so the page is still laid out for a phone (the header styled as
    on a page of B), not a bare list of links and full-size icons."""
    hook = load_hook("offline")
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    old_css = next((site / "assets" / "stylesheets").glob("main.*.min.css"))
    new_css = old_css.with_name("main.0123abcd.min.css")
    assert old_css != new_css
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        try:
            page = context.new_page()
            page.goto(base + "en/registration/")
            wait_until_kept(page)
            page.goto(base + "en/rights/")
            wait_until_kept(page)
            styled = page.evaluate(HEADER_STYLE)
            assert styled and styled[0] == "sticky", styled

            # Build B: the theme's stylesheet under a new hashed name (and changed), every page pointing to it, sw.js
            # stamped again.
            old_css.rename(new_css)
            new_css.write_text(new_css.read_text(encoding="utf-8") + "\n/* build B */\n", encoding="utf-8")
            for html in site.rglob("*.html"):
                text = html.read_text(encoding="utf-8")
                if old_css.name in text:
                    html.write_text(text.replace(old_css.name, new_css.name), encoding="utf-8")
            worker = site / "sw.js"
            worker.write_text(
                hook.stamp(worker.read_text(encoding="utf-8"), hook.build_id(site), hook.shell_files(site)),
                encoding="utf-8",
            )
            build_b = hook.build_id(site)
            page.goto(base + "en/registration/")
            deadline = time.monotonic() + 20
            while page.evaluate(CACHE_NAMES) != ["jol-files-" + build_b, "jol-pages"]:
                assert time.monotonic() < deadline, page.evaluate(CACHE_NAMES)
                page.wait_for_timeout(100)
            kept_files = page.evaluate(
                f"async () => (await (await caches.open('jol-files-{build_b}')).keys()).map((r) => r.url)"
            )
            assert not [url for url in kept_files if old_css.name in url], kept_files

            # The browser's own HTTP cache no longer has A's stylesheet either (expired or evicted, as on a phone a
            # day later): only the service worker can answer for it.
            context.new_cdp_session(page).send("Network.clearBrowserCache")
            # Online, the server no longer has A's stylesheet (404): B's answers for it.
            old_url = base + old_css.relative_to(site).as_posix()
            answer = page.evaluate(
                "async (url) => { const r = await fetch(url); return [r.status, await r.text()]; }", old_url
            )
            assert answer == [200, new_css.read_text(encoding="utf-8")], answer[0]
            # Scripts are not swapped: an older build's bundle address is still missing.
            bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).name
            old_bundle = base + "assets/javascripts/" + re.sub(r"\.[0-9a-f]{8}\.", ".0badc0de.", bundle)
            assert page.evaluate("async (url) => (await fetch(url)).status", old_bundle) == 404
            # Offline, the page build A kept asks for A's stylesheet, and gets B's.
            context.set_offline(True)
            page.goto(base + "en/rights/")
            assert any(old_css.name in href for href in page.evaluate(STYLESHEETS)), "not the page build A kept"
            assert page.evaluate(HEADER_STYLE) == styled
        finally:
            context.close()


ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}
OFFLINE_TITLES = {"ky": "Интернет жок", "ru": "Нет интернета", "en": "No internet connection"}
KEPT_PAGES = """async (prefix) => (await (await caches.open("jol-pages")).keys())
  .map((request) => request.url).filter((url) => url.startsWith(prefix))"""
KEPT_ANYWHERE = "async (url) => Boolean(await caches.match(url))"


def wait_for(page: Any, script: str, arg: Any, done: Any, seconds: float = 30) -> Any:
    """Poll an async script in the page until ``done(result)`` (Playwright does not await async predicates)."""
    deadline = time.monotonic() + seconds
    while True:
        result = page.evaluate(script, arg)
        if done(result):
            return result
        assert time.monotonic() < deadline, f"still {result!r} after {seconds} s"
        page.wait_for_timeout(200)


def language_pages(site_dir: Path, site_url: str, lang: str) -> set[str]:
    """Every page of one language, as the service worker keeps them (the Kyrgyz ones are at the site root)."""
    entry = load_hook("offline").language_files(site_dir)[lang]
    return {site_url + ("" if page == "./" else page) for page in entry["pages"]}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_after_the_first_visit_every_page_of_the_readers_language_opens_offline(
    browser: Any, site_url: str, site_dir: Path, lang: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + ROOTS[lang])
        wanted = language_pages(site_dir, site_url, lang)
        assert len(wanted) == len(nav_pages())
        prefix = site_url + ROOTS[lang]
        kept = wait_for(page, KEPT_PAGES, prefix, lambda urls: wanted <= set(urls))
        # only this language's pages: no Russian or English page among the Kyrgyz ones, and the other way round
        assert all(url in wanted for url in kept), sorted(set(kept) - wanted)
        search = site_url + ROOTS[lang] + "search/search_index.json"
        wait_for(page, KEPT_ANYWHERE, search, bool)
        context.set_offline(True)
        for name in ("rights/", "contacts/", "about/"):
            response = page.goto(site_url + ROOTS[lang] + name)
            assert response is not None and response.ok, name
            assert OFFLINE_TITLES[lang] not in page.locator("h1").inner_text()
            assert page.locator("link[href$='jol.css']").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_with_data_saver_on_only_the_pages_read_are_kept_and_others_get_the_offline_page_in_their_language(
    browser: Any, site_url: str, lang: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
        page.goto(site_url + ROOTS[lang] + "registration/")
        assert page.evaluate("navigator.connection.saveData") is True
        wait_until_kept(page)
        offline = site_url + ROOTS[lang] + "offline.html"
        wait_for(page, KEPT_ANYWHERE, offline, bool)  # kept even when saving data: it is small
        page.wait_for_timeout(1500)  # time enough for the worker to keep more, if it wrongly did
        assert page.evaluate(KEPT_PAGES, site_url + ROOTS[lang]) == [site_url + ROOTS[lang] + "registration/"]

        context.set_offline(True)
        response = page.goto(site_url + ROOTS[lang] + "rights/")
        assert response is not None and response.status == 503
        assert page.locator("h1").inner_text().strip() == OFFLINE_TITLES[lang]
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.url == site_url + ROOTS[lang] + "rights/"  # the reader's address stays: "try again" reloads it
        home = page.evaluate("document.querySelector('article a').href")
        assert home == site_url + ROOTS[lang]
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
        # the page read before still opens
        page.goto(site_url + ROOTS[lang] + "registration/")
        assert OFFLINE_TITLES[lang] not in page.locator("h1").inner_text()
    finally:
        context.close()


ABOUT_FIGURE = {
    "en": r"the files they need\s+\(about ([\d.]+) MB\)",
    "ru": r"с нужными им файлами\s+\(около ([\d,]+) МБ\)",
    "ky": r"керектүү\s+файлдарды да сактап коёт \(болжол менен ([\d,]+) МБ\)",
}


def test_the_about_page_states_what_one_languages_pages_and_files_take(site_dir: Path) -> None:
    """The figure on the About page (the same in three languages) matches the built site's pages and files."""
    hook = load_hook("offline")
    languages = hook.language_files(site_dir)
    assert set(languages) == {"ky", "ru", "en"}
    for entry in languages.values():
        assert entry["offline"] and len(entry["pages"]) == len(nav_pages())
        assert not [name for name in entry["files"] if "pyodide" in name or ".whl" in name]
    measured = {lang: hook.language_size(site_dir, entry) for lang, entry in languages.items()}
    stated = set()
    for lang, pattern in ABOUT_FIGURE.items():
        text = (ROOT_DOCS / lang / "about.md").read_text(encoding="utf-8")
        found = re.findall(pattern, text)
        assert len(found) == 1, f"docs/{lang}/about.md: the size of one language's pages is not stated as expected"
        stated.add(float(found[0].replace(",", ".")))
    assert len(stated) == 1, f"the three About pages state different sizes: {stated}"
    figure = stated.pop() * 1_000_000
    largest = max(measured.values())
    assert largest <= figure + 50_000 and figure - largest <= 150_000, (
        f"the About pages say about {figure / 1e6:.1f} MB; one language's pages and files now take "
        f"{largest / 1e6:.2f} MB ({measured}): change the figure in docs/*/about.md"
    )


ROOT_DOCS = HOOKS.parent / "docs"


def test_the_calculators_page_does_not_ask_for_the_languages_other_pages(browser: Any, site_url: str) -> None:
    """The calculator's start comes first: from its page only that page is kept; the next guide page asks for more."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + "en/calculator/")
        wait_until_kept(page)
        page.wait_for_timeout(2000)  # time enough for the worker to keep more, if it wrongly did
        assert page.evaluate(KEPT_PAGES, site_url + "en/") == [site_url + "en/calculator/"]
        page.goto(site_url + "en/contacts/")
        kept = wait_for(page, KEPT_PAGES, site_url + "en/", lambda urls: len(urls) == len(nav_pages()))
        assert site_url + "en/rights/" in kept
    finally:
        context.close()
