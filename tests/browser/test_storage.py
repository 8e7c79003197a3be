"""What the calculator keeps on the phone, measured in Chromium, against what the pages tell readers.

The usual path: a guide page (the service worker installs), then the calculator, then a later build of the site (a new
BUILD stamp in sw.js, a new worker and wheel version) read the same way. Cache Storage and IndexedDB are listed and
navigator.storage.estimate() is read: Pyodide's files must be kept once (by the calculator's worker, not by sw.js),
nothing of the older build may be left, everything together must stay within 30 MB, and the sizes the calculator and
About pages state (in all three languages) must be the measured ones, rounded as the pages round them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from sitetools import load_hook

from .conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from .server import StaticServer
from .test_calculator import FILES_KEPT, SNAPSHOT_STORED, fill_worker, page_url, submit

pytestmark = pytest.mark.browser

LISTING = """async () => {
  const caches_ = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    caches_[name] = [];
    for (const request of await cache.keys()) {
      const size = (await (await cache.match(request)).blob()).size;
      const url = new URL(request.url);
      caches_[name].push([url.pathname + url.search, size]);
    }
  }
  const databases = indexedDB.databases ? (await indexedDB.databases()).map((db) => db.name) : null;
  const { usage } = await navigator.storage.estimate();
  return { caches: caches_, databases, usage };
}"""
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
LANGS = ("ky", "ru", "en")
CALCULATOR = {"ky": "Эсептегич", "ru": "Калькулятор", "en": "The calculator"}
MB = re.compile(r"(\d+(?:[.,]\d+)?)[\s\u00a0\u202f]*(?:MB|МБ)")


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def versions(site: Path) -> dict[str, str]:
    """This build's versions of the worker, the page script and the wheel, as the calculator page names them."""
    page = (site / "en" / "calculator" / "index.html").read_text(encoding="utf-8")
    worker = (site / "assets" / "calculator" / "worker.js").read_text(encoding="utf-8")
    found = {
        "worker": re.search(r"worker\.js\?v=([0-9a-f]{12})", page),
        "page script": re.search(r"calculator\.js\?v=([0-9a-f]{12})", page),
        "wheel": re.search(r"\.whl\?v=([0-9a-f]{12})", worker),
    }
    assert all(found.values()), found
    return {name: match.group(1) for name, match in found.items() if match}


def make_later_build(site: Path) -> None:
    """Turn the built site in ``site`` into a later build, as the next `mkdocs build` after a change of the rules would:
    a new wheel version, so a new worker, page script and calculator pages, and sw.js stamped with the new build."""
    old = versions(site)
    worker_file = site / "assets" / "calculator" / "worker.js"
    worker = worker_file.read_text(encoding="utf-8").replace(f".whl?v={old['wheel']}", ".whl?v=b0b0b0b0b0b0")
    worker_file.write_text(worker, encoding="utf-8")
    new_worker = short_hash(worker.encode())
    script_file = site / "assets" / "calculator" / "calculator.js"
    script = script_file.read_text(encoding="utf-8").replace(
        f"worker.js?v={old['worker']}", f"worker.js?v={new_worker}"
    )
    script_file.write_text(script, encoding="utf-8")
    new_script = short_hash(script.encode())
    for html in site.rglob("calculator/index.html"):
        text = html.read_text(encoding="utf-8")
        text = text.replace(f"worker.js?v={old['worker']}", f"worker.js?v={new_worker}")
        html.write_text(text.replace(f"calculator.js?v={old['page script']}", f"calculator.js?v={new_script}"))
    hook = load_hook("offline")
    sw = site / "sw.js"
    sw.write_text(hook.stamp(sw.read_text(encoding="utf-8"), hook.build_id(site), hook.shell_files(site)))
    assert versions(site) == {"worker": new_worker, "page script": new_script, "wheel": "b0b0b0b0b0b0"}


def stated_sizes(site: Path) -> dict[str, tuple[float, ...]]:
    """The sizes in MB the pages state: the calculator page (everything the calculator keeps) and the About page (its
    program, then its saved copy), per language, from the built pages' text."""
    out: dict[str, tuple[float, ...]] = {}
    for lang in LANGS:
        root = site if lang == "ky" else site / lang
        for page in ("calculator", "about"):
            html = (root / page / "index.html").read_text(encoding="utf-8")
            if page == "calculator":  # its prose (the calculator's status line states the first download instead)
                html = re.sub(r'<div id="jol-calc".*?</noscript>', "", html, flags=re.S)
            if page == "about":  # the privacy list's item on the calculator's files (another item states the pages'
                # size, and the one on "remember", also on the calculator, none)
                items = re.findall(r"<li>.*?</li>", html, re.S)
                html = next(item for item in items if CALCULATOR[lang] in item and MB.search(item))
            text = re.sub(r"<[^>]+>", " ", html)
            out[f"{lang} {page}"] = tuple(float(n.replace(",", ".")) for n in MB.findall(text))
    return out


def use_calculator(page: Any, base: str) -> dict[str, Any]:
    """A guide page, then the calculator (which the service worker now controls) used once; what is then kept."""
    page.goto(page_url(base, "en", "registration/"))
    page.wait_for_function("async () => Boolean(await navigator.serviceWorker.ready)")
    page.goto(page_url(base, "en"))
    fill_worker(page)
    submit(page)
    page.wait_for_function(FILES_KEPT, timeout=60_000)
    page.wait_for_function(SNAPSHOT_STORED, timeout=60_000)
    return dict(page.evaluate(LISTING))


def check_kept_once(kept: dict[str, Any], build: str) -> tuple[int, int]:
    """Pyodide's files kept once, by the calculator's worker; the caches are this build's only. (files, snapshot)
    bytes."""
    caches = kept["caches"]
    assert sorted(caches) == ["jol-calculator-files", "jol-calculator-snapshot", f"jol-files-{build}", "jol-pages"]
    everywhere = [path.split("?")[0].rsplit("/", 1)[-1] for entries in caches.values() for path, _ in entries]
    mine = [path.split("?")[0].rsplit("/", 1)[-1] for path, _ in caches["jol-calculator-files"]]
    for name in PYODIDE_FILES:
        assert everywhere.count(name) == 1 and name in mine, (name, caches)
    wheels = [path for entries in caches.values() for path, _ in entries if ".whl" in path]
    assert len(wheels) == 1 and wheels[0] in [path for path, _ in caches["jol-calculator-files"]], wheels
    assert kept["databases"] == [], kept["databases"]  # nothing in IndexedDB
    files = sum(size for _, size in caches["jol-calculator-files"])
    snapshot = sum(size for _, size in caches["jol-calculator-snapshot"])
    assert len(caches["jol-calculator-snapshot"]) == 1
    return files, snapshot


def test_the_phone_keeps_pyodide_once_and_what_the_pages_say_after_a_later_build(
    chromium: Any, calc_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(calc_site, site)
    hook = load_hook("offline")
    build_a, versions_a = hook.build_id(site), versions(site)
    with StaticServer(site) as server:
        # A browser profile on disk, as a phone's (an off-the-record context keeps Cache Storage in memory).
        context = chromium.browser_type.launch_persistent_context(
            tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE
        )
        page = context.pages[0] if context.pages else context.new_page()
        try:
            kept_a = use_calculator(page, server.url)
            check_kept_once(kept_a, build_a)

            make_later_build(site)
            build_b = hook.build_id(site)
            assert build_b != build_a
            page.goto(page_url(server.url, "en", "registration/"))
            # The new service worker installs (keeping the new build's files) and deletes the older build's files; on
            # a busy machine that took more than 20 s: this waits for the event, it is not a timing check.
            deadline = time.monotonic() + 90
            while f"jol-files-{build_a}" in page.evaluate("async () => caches.keys()"):
                assert time.monotonic() < deadline, page.evaluate("async () => caches.keys()")
                page.wait_for_timeout(100)
            kept = use_calculator(page, server.url)
        finally:
            context.close()

    files, snapshot = check_kept_once(kept, build_b)
    urls = [path for entries in kept["caches"].values() for path, _ in entries]
    for name, version in versions_a.items():
        assert not [url for url in urls if f"v={version}" in url], f"the older build's {name} is still kept: {urls}"
    assert [path for path, _ in kept["caches"]["jol-calculator-snapshot"]] == [
        f"/assets/calculator/python-snapshot.bin?v={versions(site)['worker']}"
    ]
    everything = sum(size for entries in kept["caches"].values() for _, size in entries)
    print(
        f"\nkept after a later build: calculator files {files / 1e6:.2f} MB, saved copy {snapshot / 1e6:.2f} MB, "
        f"all caches {everything / 1e6:.2f} MB, navigator.storage.estimate().usage {kept['usage'] / 1e6:.2f} MB "
        f"(after the first build: {kept_a['usage'] / 1e6:.2f} MB)"
    )
    assert kept_a["usage"] <= 30_000_000, kept_a["usage"]
    assert kept["usage"] <= 30_000_000 and everything <= 30_000_000, (kept["usage"], everything)

    # The pages round to whole MB (decimal megabytes, as the browser's site settings show them).
    for where, figures in stated_sizes(site).items():
        if where.endswith("calculator"):
            assert figures == (round((files + snapshot) / 1e6),), (where, figures, files + snapshot)
        else:
            assert figures == (round(files / 1e6), round(snapshot / 1e6)), (where, figures, files, snapshot)
