"""What a page's first view costs (prints figures; not a test).

    .venv/bin/python -m scripts.first_view SITE_DIR [PATH ...] [--wait SECONDS]

Serves the built site SITE_DIR on 127.0.0.1, opens each PATH (default: the Kyrgyz, Russian and English registration
pages) in headless Chromium with an empty profile, on a phone-sized screen, waits until the network is idle and
then SECONDS more, and lists every file the page and its workers fetched, with its size as served and gzip -9 (what
a static host with gzip would send). Run it under `flock /tmp/jol-browser.lock`.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from tests.site.sitetools import CHROMIUM, CHROMIUM_ARGS, serve, site_file

ROOT = Path(__file__).resolve().parent.parent

PHONE = {"width": 360, "height": 740}


def first_view(site: Path, base: str, path: str, wait: float) -> list[tuple[str, int, int]]:
    from playwright.sync_api import sync_playwright

    seen: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            context.on("request", lambda request: seen.append(request.url))
            page = context.new_page()
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_timeout(int(wait * 1000))
            context.close()
        finally:
            browser.close()
    rows = []
    for url in dict.fromkeys(seen):  # in order, once each
        if not url.startswith(base):
            continue
        file = site_file(site, url)
        if file is None:
            continue
        data = file.read_bytes()
        rows.append((url[len(base) - 1 :], len(data), len(gzip.compress(data, compresslevel=9, mtime=0))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("paths", nargs="*", default=["registration/", "ru/registration/", "en/registration/"])
    parser.add_argument("--wait", type=float, default=3.0)
    args = parser.parse_args()
    with serve(args.site) as base:
        for path in args.paths:
            rows = first_view(args.site, base, path, args.wait)
            print(f"\n/{path}: {len(rows)} files")
            for url, raw, packed in rows:
                print(f"  {packed / 1000:8.1f} KB gzip  {raw / 1000:8.1f} KB  {url}")
            total_raw = sum(raw for _, raw, _ in rows)
            total_gzip = sum(packed for _, _, packed in rows)
            search = sum(packed for url, _, packed in rows if "search" in url or "/lunr/" in url)
            print(f"  total: {total_gzip / 1000:.1f} KB gzip ({total_raw / 1000:.1f} KB as served)")
            print(f"  of which search (index, worker, lunr): {search / 1000:.1f} KB gzip")


if __name__ == "__main__":
    main()
