"""Installing the guide as an app: a web app manifest per language, small icons, and Chromium finds nothing that
stops installing (Page.getInstallabilityErrors)."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from jol_site import LANGUAGES
from sitetools import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.site]

ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}
NAMES = {
    "ky": ("Жол — мигранттар үчүн колдонмо", "Жол"),
    "ru": ("Жол — справочник для мигрантов", "Жол"),
    "en": ("Jol — a guide for migrants", "Jol"),
}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_manifest_in_its_language_starting_at_its_home(site_dir: Path, lang: str) -> None:
    path = site_dir / ROOTS[lang] / "manifest.webmanifest"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    here = "http://example.org/jol/" + ROOTS[lang] + "manifest.webmanifest"
    assert (manifest["name"], manifest["short_name"]) == NAMES[lang]
    assert manifest["lang"] == lang and manifest["display"] == "standalone"
    assert urljoin(here, manifest["start_url"]) == "http://example.org/jol/" + ROOTS[lang]
    assert urljoin(here, manifest["scope"]) == "http://example.org/jol/"  # the switcher stays inside the app
    assert manifest["theme_color"] and manifest["background_color"]
    html = (site_dir / ROOTS[lang] / "registration" / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in html
    sizes = {}
    for icon in manifest["icons"]:
        file = site_dir / urljoin("/" + ROOTS[lang], icon["src"]).lstrip("/")
        data = file.read_bytes()
        width, height = png_size(data)
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png"
        assert len(data) < 20_000, f"{file.name} is {len(data)} bytes: keep icons small"
        sizes.setdefault(icon["purpose"], set()).add(width)
    assert sizes == {"any": {192, 512}, "maskable": {512}}


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_chromium_finds_nothing_that_stops_installing(browser: Any, site_url: str, lang: str, tmp_path: Path) -> None:
    # A profile on disk: Chromium installs nothing from an incognito context (what browser.new_context() gives).
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport={"width": 360, "height": 740}
    )
    try:
        page = context.new_page()
        page.goto(site_url + ROOTS[lang] + "registration/", wait_until="load")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == site_url + ROOTS[lang] + "manifest.webmanifest"
        assert manifest["errors"] == [], manifest["errors"]
        assert json.loads(manifest["data"])["lang"] == lang
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
    finally:
        context.close()
