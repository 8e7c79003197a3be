"""Offline reading: a page once visited opens again without a connection (overrides/sw.js), in every language."""

from __future__ import annotations

from typing import Any

import pytest
from sitetools import wait_until_kept

pytestmark = [pytest.mark.site, pytest.mark.browser]

PAGES = {"ky": "registration/", "ru": "ru/registration/", "en": "en/registration/"}
TITLES = {"ky": "Миграциялык каттоо", "ru": "Миграционный учёт", "en": "Migration registration"}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_visited_page_opens_offline(browser: Any, site_url: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + PAGES[lang])
        wait_until_kept(page)
        context.set_offline(True)
        page.reload()
        assert TITLES[lang] in page.locator("h1").inner_text()
        assert page.locator("link[href$='jol.css']").count() == 1
        assert page.evaluate("getComputedStyle(document.body).fontFamily")
        # A page never visited is not there offline: the reader sees the browser's offline page, not stale text.
        other = site_url + PAGES[lang].replace("registration", "rights")
        response_ok = page.evaluate("url => fetch(url).then(r => r.ok).catch(() => false)", other)
        assert response_ok is False
    finally:
        context.close()


def test_a_full_phone_still_gets_every_page_while_online(browser: Any, site_url: str) -> None:
    """When the phone's storage is full, keeping a copy fails; the reader still gets the page from the network."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + "en/registration/")
        wait_until_kept(page)
        cdp = context.new_cdp_session(page)
        origin = "/".join(site_url.split("/")[:3])
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 1})  # a full phone
        for path in ("en/rights/", "en/contacts/", "ru/rights/"):
            response = page.goto(site_url + path)
            assert response is not None and response.ok, path
            assert page.locator("h1").count() == 1, path
            kept = page.evaluate(
                "async () => Boolean(await (await caches.open('jol-offline-v1')).match(location.href))"
            )
            assert kept is False, f"{path} was kept although the phone is full: the test did not fill it"
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin})  # back to normal
    finally:
        context.close()


def test_the_service_worker_handles_only_this_site(site_dir: Any) -> None:
    source = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert "sameOrigin(request.url)" in source
    assert "http://" not in source and "https://" not in source
