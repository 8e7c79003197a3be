"""Make the site's app icons and link-preview images (`make share-images`); the results are committed.

Each image is a small HTML card drawn by Debian's Chromium (headless, through Playwright) and saved as a screenshot:

- overrides/assets/icons/icon-192.png, icon-512.png: the app icon (a road on the site's teal), corners rounded;
- overrides/assets/icons/maskable-512.png: the same on a full square, the road inside the central safe circle
  (Android cuts maskable icons to its own shape);
- overrides/assets/share/preview-<lang>.jpg: the 1200 × 630 link preview of each language, with the site's name
  and description in that language (from mkdocs.yml), kept well under 60 KB.

The road is drawn in SVG (no font); the preview's text uses the machine's DejaVu Sans / Liberation Sans.
Run it again after a change of the site's name or description and commit the images.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import yaml

from tests.site.sitetools import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]

ICONS = ROOT / "overrides" / "assets" / "icons"
SHARE = ROOT / "overrides" / "assets" / "share"
TEAL = "#00796b"  # the header's colour (overrides/assets/jol.css)
DARK = "#00695c"
PREVIEW_LIMIT = 60_000

# A road going into the distance: a white band narrowing upwards, a dashed centre line in the teal.
ROAD = """<svg viewBox="0 0 100 100" xmlns="http://www.w3.org/2000/svg" width="100%" height="100%">
  <path d="M22 92 L44 14 L56 14 L78 92 Z" fill="#fff"/>
  <path d="M50 86 L50 72 M50 62 L50 50 M50 42 L50 33 M50 27 L50 20" stroke="{teal}" stroke-width="4"
        stroke-linecap="round"/>
</svg>"""


def icon_html(size: int, maskable: bool) -> str:
    # Maskable: the road fits in the central 60 % (inside the 80 % safe circle); otherwise 78 %, rounded corners.
    road = 60 if maskable else 78
    radius = 0 if maskable else size * 0.18
    return f"""<!doctype html><html><head><style>
html, body {{ margin: 0; background: transparent; }}
.icon {{ width: {size}px; height: {size}px; background: {TEAL}; border-radius: {radius}px;
        display: flex; align-items: center; justify-content: center; }}
.road {{ width: {road}%; height: {road}%; }}
</style></head><body><div class="icon"><div class="road">{ROAD.format(teal=TEAL)}</div></div></body></html>"""


def preview_html(name: str, description: str, lang: str) -> str:
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><style>
html, body {{ margin: 0; }}
.card {{ width: 1200px; height: 630px; box-sizing: border-box; padding: 72px 80px; background: {DARK}; color: #fff;
        font-family: "DejaVu Sans", "Liberation Sans", sans-serif; display: flex; flex-direction: column;
        justify-content: center; gap: 36px; }}
.mark {{ width: 132px; height: 132px; background: {TEAL}; border-radius: 24px; padding: 14px; box-sizing: border-box; }}
h1 {{ font-size: 68px; line-height: 1.1; margin: 0; font-weight: bold; }}
p {{ font-size: 38px; line-height: 1.3; margin: 0; color: #e0f2f1; }}
</style></head><body><div class="card">
<div class="mark">{ROAD.format(teal=TEAL)}</div>
<h1>{html.escape(name)}</h1>
<p>{html.escape(description)}</p>
</div></body></html>"""


def languages() -> list[dict[str, Any]]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return [lang for lang in plugin["i18n"]["languages"] if lang.get("build", True)]
    raise SystemExit("mkdocs.yml has no i18n languages")


def main() -> None:
    from playwright.sync_api import sync_playwright

    ICONS.mkdir(parents=True, exist_ok=True)
    SHARE.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, size, maskable in (
                ("icon-192.png", 192, False),
                ("icon-512.png", 512, False),
                ("maskable-512.png", 512, True),
            ):
                page = browser.new_page(viewport={"width": size, "height": size})
                page.set_content(icon_html(size, maskable))
                page.locator(".icon").screenshot(path=str(ICONS / name), omit_background=not maskable)
                page.close()
                print(f"{ICONS / name}: {(ICONS / name).stat().st_size} bytes")
            for lang in languages():
                page = browser.new_page(viewport={"width": 1200, "height": 630})
                page.set_content(preview_html(lang["site_name"], lang["site_description"], lang["locale"]))
                target = SHARE / f"preview-{lang['locale']}.jpg"
                page.screenshot(path=str(target), type="jpeg", quality=80)
                page.close()
                size = target.stat().st_size
                print(f"{target}: {size} bytes")
                if size >= PREVIEW_LIMIT:
                    raise SystemExit(f"{target} is {size} bytes: keep previews under {PREVIEW_LIMIT}")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
