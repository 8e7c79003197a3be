"""A guide page's first view on an empty phone costs at most 80 KB with gzip (as a static host sends it), in every
language: the page, its styles and scripts, and what its own scripts fetch. What the service worker keeps in the
background afterwards for offline reading (tests/site/test_site_offline.py) is not part of the first view."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from jol_site import LANGUAGES
from sitelib import nav_pages
from sitetools import site_file

pytestmark = [pytest.mark.site, pytest.mark.browser]

LIMIT = 80_000
PHONE = {"width": 360, "height": 740}
ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}


def first_view(browser: Any, site_dir: Path, url: str) -> dict[str, int]:
    """Every file the page and its own workers fetched, with its gzip -9 size."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    seen: list[str] = []
    context.on("request", lambda request: None if request.service_worker else seen.append(request.url))
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(2000)
    finally:
        context.close()
    sizes = {}
    for address in dict.fromkeys(seen):
        file = site_file(site_dir, address)
        if file is not None and urlparse(address).netloc == urlparse(url).netloc:
            sizes[urlparse(address).path] = len(gzip.compress(file.read_bytes(), compresslevel=9, mtime=0))
    return sizes


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_guide_pages_first_view_costs_at_most_80_kb(browser: Any, site_dir: Path, site_url: str, lang: str) -> None:
    heaviest = {}
    for name in ("registration.md", "before-departure.md"):
        assert name in nav_pages()
        url = site_url + ROOTS[lang] + name.removesuffix(".md") + "/"
        sizes = first_view(browser, site_dir, url)
        assert any(path.endswith(".css") for path in sizes), sizes  # the measurement saw the page's files
        heaviest[url] = sizes
    for url, sizes in heaviest.items():
        total = sum(sizes.values())
        listing = "\n".join(
            f"  {size / 1000:6.1f} KB  {path}" for path, size in sorted(sizes.items(), key=lambda x: -x[1])
        )
        assert total <= LIMIT, (
            f"{url}: first view {total / 1000:.1f} KB gzip, more than {LIMIT / 1000:.0f} KB:\n{listing}"
        )
        assert not any("search_index.json" in path for path in sizes), f"{url} fetched the search index:\n{listing}"
