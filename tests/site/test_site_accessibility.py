"""Accessibility of every built page in a real headless Chromium on a phone-sized screen.

- axe-core (the npm package pinned in package.json, read from node_modules: nothing is fetched) finds no violation,
  of any impact, on any page of any language, nor on the calculator page with an answer shown;
- every link, button and form control a reader can tap is at least 24 px high and wide, or has the spacing
  WCAG 2.2's success criterion 2.5.8 asks of a smaller target (a 24 px circle on it touches no other target);
- a phone number (a tel: link) never breaks over two lines, even at 320 px.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from jol_site import LANGUAGES
from sitelib import DOCS, ROOT, nav_pages

pytestmark = [pytest.mark.site, pytest.mark.browser]

PAGES = nav_pages()
ROOTS = {"ky": "", "ru": "ru/", "en": "en/"}
PHONE = {"width": 360, "height": 640}
NARROW = {"width": 320, "height": 640}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def page_url(base: str, lang: str, name: str) -> str:
    slug = "" if name == "index.md" else name.removesuffix(".md") + "/"
    return base + ROOTS[lang] + slug


def built_pages() -> list[tuple[str, str]]:
    return [(lang, name) for name in PAGES for lang in LANGUAGES if (DOCS / lang / name).is_file()]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is pinned in package.json)", pytrace=False)
    return AXE.read_text(encoding="utf-8")


def new_phone(browser: Any, site_url: str, viewport: dict[str, int] = PHONE) -> Any:
    context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True, device_scale_factor=2)
    host = urlparse(site_url).netloc
    context.route(
        lambda url: urlparse(url).netloc not in (host, "") and not url.startswith(("data:", "blob:")),
        lambda route: route.abort(),
    )
    return context


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[Any]:
    context = new_phone(browser, site_url)
    try:
        yield context.new_page()
    finally:
        context.close()


RUN_AXE = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")
      + (n.failureSummary ? " — " + n.failureSummary.split("\\n").slice(1).join(" ").trim() : "")),
  }));
}"""


def axe_violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """Inject axe-core into the page as it is now and run every rule; one dict per violated rule."""
    page.add_script_tag(content=axe_source)
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return violations


def describe(where: str, violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        for target in v["targets"]:
            lines.append(f"{v['rule']} ({v['impact']}) on {where}: {target}  [{v['help']}]")
    return lines


def test_axe_finds_no_violation_on_any_page(phone: Any, site_url: str, axe_source: str) -> None:
    problems: list[str] = []
    counts: dict[str, int] = {}
    for lang, name in built_pages():
        url = page_url(site_url, lang, name)
        phone.goto(url, wait_until="load")
        found = axe_violations(phone, axe_source)
        for v in found:
            counts[v["rule"]] = counts.get(v["rule"], 0) + len(v["targets"])
        problems += describe(f"docs/{lang}/{name} ({url})", found)
    assert len(built_pages()) == len(PAGES) * len(LANGUAGES)
    assert not problems, f"axe violations by rule {json.dumps(counts, sort_keys=True)}:\n" + "\n".join(problems)


def wait_for_answer(page: Any, answers: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while page.get_attribute("#jol-calc", "data-answers") != str(answers):
        assert time.monotonic() < deadline, "the calculator gave no answer"
        page.wait_for_timeout(100)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violation_on_the_calculator_with_an_answer(
    phone: Any, site_url: str, axe_source: str, lang: str
) -> None:
    url = page_url(site_url, lang, "calculator.md")
    phone.goto(url, wait_until="load")
    phone.fill("#calc-entry_date", "2026-03-01")
    phone.check("#calc-region-moscow")
    phone.click("#calc-submit")
    wait_for_answer(phone, 1)
    assert phone.locator("#calc-result .calc-item").count() >= 2
    problems = describe(f"the {lang} calculator with an answer ({url})", axe_violations(phone, axe_source))
    assert not problems, "\n".join(problems)


def test_axe_is_run_for_real_and_reports_a_violation(phone: Any, site_url: str, axe_source: str) -> None:
    phone.goto(page_url(site_url, "en", "index.md"), wait_until="load")
    phone.evaluate(
        """() => { const a = document.createElement("a"); a.href = "#"; a.style.color = "#bbb";
        a.textContent = "pale link"; const b = document.createElement("button");
        document.querySelector("h1").after(a, b); }"""
    )
    rules = {v["rule"] for v in axe_violations(phone, axe_source)}
    assert {"color-contrast", "button-name"} <= rules, rules


# ------------------------------------------------------------------------------------------------ tap targets

# Every visible link, button and form control a reader can tap, with its boxes (a link that wraps has several).
# WCAG 2.2, 2.5.8 (target size, minimum): a target is at least 24 × 24 CSS px, or a circle of 24 px diameter
# centred on its bounding box intersects no other target and no other small target's circle.
TAP_TARGETS = """() => {
  const sel = "a[href], button, input:not([type=hidden]), select, textarea, summary, label[for]";
  const vw = document.documentElement.clientWidth;
  const targets = [];
  for (const el of document.querySelectorAll(sel)) {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    if (el.closest("[hidden], [inert], .md-search, .md-sidebar, .md-select__inner")) continue;
    if (el.matches("label[for]")
        && !document.getElementById(el.htmlFor)?.matches("input[type=checkbox], input[type=radio]")) continue;
    const rects = [...el.getClientRects()].filter((r) => r.width > 0 && r.height > 0 && r.right > 0 && r.left < vw);
    if (!rects.length) continue;
    const box = el.getBoundingClientRect();
    const text = (el.getAttribute("aria-label") || el.textContent || el.value || el.tagName)
      .trim().replace(/\\s+/g, " ").slice(0, 50);
    targets.push({ text, tag: el.tagName.toLowerCase(),
      box: { x: box.left, y: box.top + scrollY, w: box.width, h: box.height },
      rects: rects.map((r) => ({ x: r.left, y: r.top + scrollY, w: r.width, h: r.height })) });
  }
  return targets;
}"""


def _distance_to_rect(cx: float, cy: float, r: dict[str, float]) -> float:
    dx = max(r["x"] - cx, 0.0, cx - (r["x"] + r["w"]))
    dy = max(r["y"] - cy, 0.0, cy - (r["y"] + r["h"]))
    return float((dx * dx + dy * dy) ** 0.5)


def small_targets(targets: list[dict[str, Any]]) -> list[str]:
    """The targets that fail WCAG 2.5.8: smaller than 24 × 24 px and too close to another target."""
    small = [t for t in targets if t["box"]["w"] < 24 - 0.01 or t["box"]["h"] < 24 - 0.01]
    failures = []
    for t in small:
        cx, cy = t["box"]["x"] + t["box"]["w"] / 2, t["box"]["y"] + t["box"]["h"] / 2
        for other in targets:
            if other is t:
                continue
            close = any(_distance_to_rect(cx, cy, r) < 12 - 0.01 for r in other["rects"])
            if not close and other in small:
                ox, oy = other["box"]["x"] + other["box"]["w"] / 2, other["box"]["y"] + other["box"]["h"] / 2
                close = ((cx - ox) ** 2 + (cy - oy) ** 2) ** 0.5 < 24 - 0.01
            if close:
                b = t["box"]
                how = "overlaps" if _overlap(t, other) else "is too close to"
                failures.append(
                    f"<{t['tag']}> «{t['text']}» is {b['w']:.0f}×{b['h']:.0f} px and {how} "
                    f"<{other['tag']}> «{other['text']}»"
                )
                break
    return failures


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return any(
        r["x"] < s["x"] + s["w"] and s["x"] < r["x"] + r["w"] and r["y"] < s["y"] + s["h"] and s["y"] < r["y"] + r["h"]
        for r in a["rects"]
        for s in b["rects"]
    )


def test_every_tap_target_is_big_enough_or_spaced_apart(phone: Any, site_url: str) -> None:
    problems: list[str] = []
    checked = 0
    for lang, name in built_pages():
        url = page_url(site_url, lang, name)
        phone.goto(url, wait_until="load")
        targets = phone.evaluate(TAP_TARGETS)
        checked += len(targets)
        problems += [f"docs/{lang}/{name}: {failure}" for failure in small_targets(targets)]
    assert checked > 36 * 10, f"only {checked} tap targets found"
    assert not problems, "tap targets smaller than 24 px and too close to another:\n" + "\n".join(problems)


def test_the_tap_target_check_catches_small_targets_close_together(phone: Any, site_url: str) -> None:
    phone.goto(page_url(site_url, "en", "index.md"), wait_until="load")
    phone.evaluate(
        """() => { const p = document.createElement("p");
        p.innerHTML = '<a href="#a" style="font-size:10px;line-height:10px;display:inline-block">one</a>'
          + '<a href="#b" style="font-size:10px;line-height:10px;display:inline-block">two</a>';
        document.querySelector("h1").after(p); }"""
    )
    failures = small_targets(phone.evaluate(TAP_TARGETS))
    assert any("«one»" in f and "«two»" in f for f in failures), failures


# ------------------------------------------------------------------------------------------------ phone numbers

TEL_LINES = """() => [...document.querySelectorAll('a[href^="tel:"]')].filter((a) => a.checkVisibility())
  .map((a) => ({
    text: a.textContent.trim(),
    lines: new Set([...a.getClientRects()].map((r) => Math.round(r.top))).size,
  }))"""


def test_phone_numbers_never_wrap_at_320px(browser: Any, site_url: str) -> None:
    context = new_phone(browser, site_url, NARROW)
    page = context.new_page()
    wrapped: list[str] = []
    seen = 0
    try:
        for lang, name in built_pages():
            page.goto(page_url(site_url, lang, name), wait_until="load")
            for link in page.evaluate(TEL_LINES):
                seen += 1
                if link["lines"] != 1:
                    wrapped.append(f"docs/{lang}/{name}: {link['text']} is on {link['lines']} lines")
            assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], f"docs/{lang}/{name}"
    finally:
        context.close()
    assert seen >= 6, f"only {seen} phone links found"
    assert not wrapped, "phone numbers broken over two lines at 320 px:\n" + "\n".join(wrapped)
