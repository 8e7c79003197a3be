"""No page jumps while it loads: cumulative layout shift at most 0.1 (the "good" limit of Core Web Vitals) on every
page in every language at phone size, and on the calculator page over slow mobile data (1.6 Mbit/s, 150 ms) from the
first byte until the calculator is ready."""

from __future__ import annotations

from typing import Any

import pytest
from jol_site import LANGUAGES
from sitelib import nav_pages

pytestmark = [pytest.mark.site, pytest.mark.browser]

PHONE = {"width": 360, "height": 740}
ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}
LIMIT = 0.1
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 // 8, "uploadThroughput": 750_000 // 8}


# Layout shifts are grouped in session windows (a gap under 1 s, at most 5 s long); CLS is the largest window's sum,
# as Chromium's web-vitals and Lighthouse count it. Shifts right after the reader's input do not count.
OBSERVE = """() => {
  window.__jolShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) window.__jolShifts.push({ t: entry.startTime, v: entry.value,
        nodes: (entry.sources || []).map((s) => s.node && (s.node.id || s.node.className || s.node.nodeName)) });
    }
  }).observe({ type: "layout-shift", buffered: true });
}"""
CLS = """() => {
  let best = 0, sum = 0, start = -1e9, last = -1e9, worst = [];
  let current = [];
  for (const shift of window.__jolShifts) {
    if (shift.t - last > 1000 || shift.t - start > 5000) { sum = 0; start = shift.t; current = []; }
    sum += shift.v; last = shift.t; current.push(shift);
    if (sum > best) { best = sum; worst = current.slice(); }
  }
  return { cls: best, shifts: worst.map((s) => `${s.v.toFixed(3)} at ${Math.round(s.t)} ms: ${s.nodes.join(", ")}`) };
}"""


def _url(base: str, lang: str, name: str) -> str:
    return base + ROOTS[lang] + ("" if name == "index.md" else name.removesuffix(".md") + "/")


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        yield context
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_jumps_while_it_loads(phone: Any, site_url: str, lang: str) -> None:
    page = phone.new_page()
    page.add_init_script(f"({OBSERVE})()")
    too_much = []
    for name in nav_pages():
        page.goto(_url(site_url, lang, name), wait_until="load")
        page.wait_for_timeout(300)
        result = page.evaluate(CLS)
        if result["cls"] > LIMIT:
            too_much.append(f"{lang}/{name}: CLS {result['cls']:.3f}: " + "; ".join(result["shifts"]))
    assert not too_much, "pages that jump while loading:\n" + "\n".join(too_much)


def test_the_calculator_page_does_not_jump_on_slow_mobile_data(phone: Any, site_url: str) -> None:
    lang = "ky"  # one template for the three languages: the Kyrgyz page has the longest words
    page = phone.new_page()
    session = phone.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW)
    page.add_init_script(f"({OBSERVE})()")
    page.goto(_url(site_url, lang, "calculator.md"), wait_until="load", timeout=60_000)
    page.wait_for_timeout(3000)  # the page is read on slow data while the calculator downloads
    # The test server sends files uncompressed (a static host sends about 5 MB): let the rest of the download go at
    # full speed, and measure until the calculator says it is ready.
    session.send("Network.emulateNetworkConditions", {**SLOW, "latency": 0, "downloadThroughput": -1})
    state = ""
    for _ in range(120):
        state = page.evaluate("(document.getElementById('calc-status') || {}).dataset?.state || ''")
        if state in ("ready", "fatal"):
            break
        page.wait_for_timeout(500)
    assert state == "ready", f"the calculator did not get ready (status: {state!r})"
    page.wait_for_timeout(500)
    result = page.evaluate(CLS)
    assert result["cls"] <= LIMIT, f"{lang}/calculator: CLS {result['cls']:.3f}: " + "; ".join(result["shifts"])


BLOCK = (
    "(() => { const b = document.getElementById('jol-calc');"
    " return [b.offsetHeight, getComputedStyle(b).visibility]; })()"
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_calculator_keeps_its_place_before_its_script_runs(phone: Any, site_url: str, lang: str) -> None:
    """The calculator's block holds its place from the first paint, so the page's prose under it does not move when
    calculator.js shows it (Lighthouse measured 0.29 before; a fast load can paint before the script runs)."""
    url = _url(site_url, lang, "calculator.md")
    heading_top = "document.querySelector('article h2:last-of-type').getBoundingClientRect().top"
    page = phone.new_page()
    held: list[Any] = []
    page.route("**/calculator.js*", lambda route: held.append(route))  # on its way: the request is held
    page.goto(url, wait_until="commit")
    page.wait_for_function("document.readyState !== 'loading'")  # the page is parsed, calculator.js not yet run
    assert len(held) == 1
    before = page.evaluate(heading_top)
    block = page.evaluate(BLOCK)
    assert block[0] > 300 and block[1] == "hidden", block
    held[0].continue_()
    page.wait_for_function("!document.getElementById('jol-calc').hidden")
    after = page.evaluate(heading_top)
    assert abs(after - before) <= 0.1 * PHONE["height"], (before, after)
