"""The home page's "what changed since your last visit" box in Chromium: only the day of the last visit is kept, in
this browser; nothing is shown on a first visit or when the browser keeps nothing."""

from __future__ import annotations

from typing import Any

import pytest
from jol_changes import load_changes
from jol_site import today

pytestmark = [pytest.mark.site, pytest.mark.browser]

ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}


def _box(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => {
          const box = document.getElementById("jol-news");
          return {
            hidden: box.hidden,
            visible: box.offsetHeight > 0,
            items: [...box.querySelectorAll("li")].filter((li) => !li.hidden).map((li) => li.dataset.date),
            kept: localStorage.getItem("jol-last-visit"),
            keys: Object.keys(localStorage),
          };
        }"""
    )
    return result


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_returning_reader_sees_the_changes_since_the_last_visit(browser: Any, site_url: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        home = site_url + ROOTS[lang]
        page.goto(home)
        first = _box(page)
        assert first["hidden"] and first["items"] == []  # a first visit: nothing to compare with
        assert first["kept"] == today().isoformat() and first["keys"] == ["jol-last-visit"]

        page.evaluate("localStorage.setItem('jol-last-visit', '2025-11-30')")
        page.reload()
        back = _box(page)
        expected = [e.date.isoformat() for e in load_changes().entries if e.date.isoformat() > "2025-11-30"]
        expected = [day for day in expected if day <= today().isoformat()][:5]
        assert not back["hidden"] and back["visible"]
        assert back["items"] == expected and len(expected) == 5  # at most five; "All changes" links to the rest
        assert "2025-12-01" not in back["items"]  # the sixth newest
        assert back["kept"] == today().isoformat()

        page.reload()  # the same day again: nothing new
        assert _box(page)["hidden"]
        assert errors == []
    finally:
        context.close()


def test_without_storage_the_home_page_shows_nothing_and_does_not_fail(browser: Any, site_url: str) -> None:
    context = browser.new_context(service_workers="block")
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', "
        "{get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(site_url + "en/")
        assert page.evaluate("document.getElementById('jol-news').hidden") is True
        assert errors == []
    finally:
        context.close()
