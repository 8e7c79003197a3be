"""The calculator in a migrant's hand, in real headless Chromium at phone size, in each language: the download said in
MB before it starts (and asked for first on a phone that saves data), real progress, the answer at a glance (summary,
timeline, actions under it), sending the deadlines to oneself, the calendar file, a print-out that stands alone, and
the questions a reader must answer himself (the region) or may get wrong (a future entry date is a trip being planned).

The expected texts come from the rules package under CPython (migration_rules.bridge), the figures from the built files.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from migration_rules.bridge import calculate_json
from migration_rules.messages import page_catalogue

from .server import StaticServer, _Handler
from .test_calculator import LANGS, TODAY, open_calculator, page_url, submit

pytestmark = pytest.mark.browser

SAVE_DATA = """Object.defineProperty(navigator, "connection", { configurable: true,
  value: { saveData: SAVE, effectiveType: "TYPE", addEventListener() {} } });"""
WORKER = {"entry_date": "2026-02-10", "purpose": "work", "region": "moscow"}


def script_text(lang: str, key: str) -> str:
    return page_catalogue(lang)[f"script.{key}"]


def bridge_answer(request: dict[str, Any], lang: str) -> dict[str, Any]:
    return dict(json.loads(calculate_json(json.dumps({**request, "today": TODAY, "lang": lang}))))


def megabytes(count: int, lang: str) -> str:
    return f"{count / 1e6:.1f}".replace(".", script_text(lang, "decimal_mark"))


def download_bytes(site: Path, page: Any) -> int:
    """The first download as a static host sends it (gzip -6, or as it is if that is not smaller), from the files
    themselves: the five the page lists as the calculator's (pyodide.asm.wasm, pyodide.asm.mjs, pyodide.mjs,
    python_stdlib.zip, the wheel)."""
    files = json.loads(page.get_attribute("#jol-calc", "data-download-files"))
    names = {unquote(urlparse(file).path).rsplit("/", 1)[-1] for file in files}
    wheels = {name for name in names if name.endswith(".whl")}
    assert names - wheels == {"pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.mjs", "python_stdlib.zip"}
    assert len(wheels) == 1
    total = 0
    for file in files:
        path = unquote(page.evaluate("(file) => new URL(file, location.href).pathname", file))
        data = (site / path.lstrip("/")).read_bytes()
        total += min(len(data), len(gzip.compress(data, 6)))
    return total


def fill_worker(page: Any) -> None:
    page.fill("#calc-entry_date", WORKER["entry_date"])
    page.select_option("#calc-purpose", WORKER["purpose"])
    page.check("#calc-region-moscow")


class _SlowHandler(_Handler):
    """Sends big files at about 2 MB/s in small pieces, so that the page's progress can be watched."""

    def copyfile(self, source: Any, outputfile: Any) -> None:
        try:
            while chunk := source.read(64 * 1024):
                outputfile.write(chunk)
                time.sleep(0.03)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the test's phone has gone


def slow(server: StaticServer, root: Path) -> StaticServer:
    server.httpd.RequestHandlerClass = functools.partial(_SlowHandler, directory=str(root))  # type: ignore[assignment]
    return server


# ------------------------------------------------------------------------------------------- slow data, said plainly


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_says_the_download_in_mb_and_shows_real_progress_until_ready(
    chromium: Any, calc_site: Path, lang: str
) -> None:
    with StaticServer(calc_site) as server:
        slow(server, calc_site)
        context, page, _ = open_calculator(chromium, server, lang)
        try:
            size = megabytes(download_bytes(calc_site, page), lang)
            assert page.get_attribute("#jol-calc", "data-download-size") == size
            # In the page as it comes, before any script: the figure, in the status line (and the button kept hidden
            # for a phone that saves data).
            html = (calc_site / ("" if lang == "ky" else lang) / "calculator" / "index.html").read_text("utf-8")
            note = script_text(lang, "download_note").replace("{size}", size)
            assert f'<span id="calc-status-text">{note}</span>' in html
            assert html.count(f"{size} {'MB' if lang == 'en' else 'МБ'}") == 2
            seen: list[tuple[str, float, float]] = []
            for _ in range(600):
                status = page.inner_text("#calc-status-text")
                value = page.evaluate("[document.querySelector('#calc-progress').value, "
                                      "document.querySelector('#calc-progress').max]")  # fmt: skip
                if not seen or seen[-1][0] != status:
                    seen.append((status, *value))
                if page.get_attribute("#jol-calc", "data-ready") == "true":
                    if seen[-1][0] != page.inner_text("#calc-status-text"):
                        seen.append((page.inner_text("#calc-status-text"), 0, 0))
                    break
                page.wait_for_timeout(50)
            texts = [text for text, _, _ in seen]
            template = re.escape(script_text(lang, "downloading")).replace(r"\{done\}", "([0-9]+[.,][0-9])")
            template = template.replace(r"\{total\}", re.escape(size))
            arriving = [re.fullmatch(template, text) for text in texts]
            done = [float(match.group(1).replace(",", ".")) for match in arriving if match]
            assert len(done) >= 3, texts  # bytes arriving, seen at least three times
            assert done == sorted(done) and 0 < done[-1] <= float(size.replace(",", ".")), done
            assert all(bar_max > 1e6 for text, _, bar_max in seen if any(m and m.string == text for m in arriving))
            assert texts[-1] == script_text(lang, "ready")
            assert not any("python" in text.lower() for text in texts)
            # Ready: the bar is gone (it was seen before), and nothing below it moved.
            assert page.locator("#calc-progress").is_hidden()
            assert page.evaluate("getComputedStyle(document.querySelector('#calc-progress')).display") == "none"
        finally:
            context.close()


@pytest.mark.parametrize(("lang", "save", "kind"), [("ky", "true", "4g"), ("ru", "false", "2g"),
                                                    ("en", "false", "slow-2g")])  # fmt: skip
def test_a_phone_that_saves_data_downloads_nothing_until_the_reader_asks(
    chromium: Any, calc_site: Path, lang: str, save: str, kind: str
) -> None:
    with StaticServer(calc_site) as server:
        context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        page = context.new_page()
        page.add_init_script(SAVE_DATA.replace("SAVE", save).replace("TYPE", kind))
        page.goto(page_url(server.url, lang))
        try:
            page.wait_for_selector('#calc-status[data-state="ask"]')
            size = page.get_attribute("#jol-calc", "data-download-size")
            button = page.locator("#calc-download")
            assert button.is_visible()
            assert button.inner_text() == script_text(lang, "download").replace("{size}", size)
            assert page.inner_text("#calc-status-text") == script_text(lang, "ask")
            page.wait_for_timeout(1500)
            asked = [path for path in server.requests if "/assets/pyodide/" in path or "worker.js" in path]
            assert asked == [], asked
            # A reader who fills the form first is pointed to the button; nothing is downloaded either.
            fill_worker(page)
            page.click("#calc-submit")
            assert page.evaluate("document.activeElement.id") == "calc-download"
            assert not [path for path in server.requests if "/assets/pyodide/" in path]
            button.click()
            page.wait_for_selector("#jol-calc[data-ready=true]", state="attached", timeout=120_000)
            assert any(path.split("?")[0].endswith("pyodide.asm.wasm") for path in server.requests)
            submit(page)
            assert page.locator("#calc-result .calc-summary").is_visible()
            # Once the phone keeps the calculator, a later visit asks nothing.
            kept = "async () => (await (await caches.open('jol-calculator-files')).keys()).length"
            for _ in range(120):
                if page.evaluate(kept) >= 5:
                    break
                page.wait_for_timeout(500)
            requests_before = len(server.requests)
            page.reload()
            page.wait_for_selector("#jol-calc[data-ready=true]", state="attached", timeout=120_000)
            assert page.locator("#calc-download").is_hidden()
            assert not [p for p in server.requests[requests_before:] if "/assets/pyodide/" in p or ".whl" in p]
        finally:
            context.close()


# ----------------------------------------------------------------------------------------------- at a glance


@pytest.mark.parametrize("lang", LANGS)
def test_the_answer_starts_with_its_summary_then_its_actions_then_the_timeline(
    chromium: Any, calc_site: Path, lang: str
) -> None:
    expected = bridge_answer(WORKER, lang)
    with StaticServer(calc_site) as server:
        context, page, _ = open_calculator(chromium, server, lang)
        try:
            fill_worker(page)
            submit(page)
            order = page.evaluate(
                "[...document.querySelector('#calc-result').children].map((n) => n.id || n.className)"
            )
            assert order[:3] == ["calc-summary", "calc-actions", "calc-timeline"], order
            assert page.inner_text(".calc-summary .calc-next") == expected["summary_text"]
            points = expected["timeline"]["points"]
            # The text equivalent, for screen readers; the picture itself is hidden from them.
            assert page.locator(".calc-timeline li").all_inner_texts() == [point["text"] for point in points]
            assert page.get_attribute(".calc-timeline svg", "aria-hidden") == "true"
            labels = page.locator(".calc-timeline svg text").all_text_contents()
            for point in points:
                assert any(point["short"] in label for label in labels), (point, labels)
            numbers = [p["number"] for p in points if p["kind"] == "deadline"]
            marks = ",".join(label for label in labels if re.fullmatch(r"[0-9,]+", label))
            assert sorted(int(n) for n in marks.split(",")) == numbers
            assert page.locator("#calc-result .calc-item .calc-num").all_inner_texts() == [str(n) for n in numbers]
            # Readable at 320 px: nothing wider than the screen, the picture's words at least 11 px tall.
            page.set_viewport_size({"width": 320, "height": 700})
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            box = page.locator(".calc-timeline svg").bounding_box()
            assert box and box["width"] <= 320
            smallest = page.evaluate(
                "Math.min(...[...document.querySelectorAll('.calc-timeline svg text')]"
                ".map((t) => t.getBoundingClientRect().height))"
            )
            assert smallest >= 11, smallest
            # No label covers another.
            boxes = page.evaluate(
                "[...document.querySelectorAll('.calc-timeline svg text.calc-tl-label')].map((t) => {"
                " const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
            )
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        finally:
            context.close()


# ------------------------------------------------------------------------------------- a message to himself

SHARE_STUB = """
window.__shared = [];
navigator.share = async (data) => {
  const files = [];
  for (const file of data.files || []) files.push({ name: file.name, type: file.type, text: await file.text() });
  window.__shared.push({ text: data.text, files });
};
navigator.canShare = (data) => Boolean(data && data.files && data.files.every((f) => f.type === "text/calendar"));
"""
NO_SHARE = """
delete Navigator.prototype.share; delete Navigator.prototype.canShare;
window.__copied = [];
Object.defineProperty(navigator, "clipboard", { configurable: true, value: {
  writeText: async (text) => { if (window.__refuse) throw new DOMException("no", "NotAllowedError");
                               window.__copied.push(text); } } });
"""


@pytest.mark.parametrize("lang", LANGS)
def test_send_my_deadlines_hands_the_text_and_the_calendar_file_to_the_phone(
    chromium: Any, calc_site: Path, lang: str
) -> None:
    import icalendar

    expected = bridge_answer(WORKER, lang)
    with StaticServer(calc_site) as server:
        context, page, requests = open_calculator(chromium, server, lang)
        page.add_init_script(SHARE_STUB)
        page.reload()
        try:
            fill_worker(page)
            submit(page)
            assert page.locator("#calc-copy").is_hidden()
            requests.clear()
            page.click("#calc-send")
            page.wait_for_function("window.__shared.length === 1")
            shared = page.evaluate("window.__shared[0]")
            assert shared["text"] == expected["share_text"] + "\n" + page_url(server.url, lang)
            assert len(shared["files"]) == 1
            file = shared["files"][0]
            assert file["name"] == script_text(lang, "calendar_file") and file["type"] == "text/calendar"
            events = icalendar.Calendar.from_ical(file["text"]).walk("VEVENT")
            assert sorted(str(e["SUMMARY"]) for e in events) == sorted(
                d["title"] for d in expected["deadlines"] if d["due"]
            )
            # The site itself sends nothing anywhere (its service worker may keep the language's pages meanwhile).
            assert all(url.startswith(server.url) for url in requests), requests
        finally:
            context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_where_sharing_is_not_available_copy_puts_the_same_text_on_the_clipboard(
    chromium: Any, calc_site: Path, lang: str
) -> None:
    expected = bridge_answer(WORKER, lang)
    with StaticServer(calc_site) as server:
        context, page, _ = open_calculator(chromium, server, lang)
        page.add_init_script(NO_SHARE)
        page.reload()
        try:
            fill_worker(page)
            submit(page)
            assert page.locator("#calc-send").is_hidden()
            page.click("#calc-copy")
            page.wait_for_function("window.__copied.length === 1")
            assert page.evaluate("window.__copied[0]") == expected["share_text"] + "\n" + page_url(server.url, lang)
            assert page.inner_text("#calc-share-status") == script_text(lang, "copied")
            # A phone that refuses: the text is there to copy by hand, and the page says so.
            page.evaluate("window.__refuse = true")
            page.click("#calc-copy")
            page.wait_for_selector("#calc-copy-text")
            assert page.input_value("#calc-copy-text") == expected["share_text"] + "\n" + page_url(server.url, lang)
            assert page.inner_text("#calc-share-status") == script_text(lang, "copy_failed")
        finally:
            context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_calendar_file_is_text_calendar_named_in_the_readers_language_with_its_reminders(
    chromium: Any, calc_site: Path, lang: str, tmp_path: Path
) -> None:
    import icalendar

    with StaticServer(calc_site) as server:
        context, page, _ = open_calculator(chromium, server, lang)
        page.add_init_script(
            "window.__blobs = []; const real = URL.createObjectURL;"
            " URL.createObjectURL = (blob) => { window.__blobs.push(blob.type); return real(blob); };"
        )
        page.reload()
        try:
            fill_worker(page)
            submit(page)
            with page.expect_download() as download:
                page.click("#calc-ics")
            assert download.value.suggested_filename == script_text(lang, "calendar_file")
            assert page.evaluate("window.__blobs") == ["text/calendar"]
            path = tmp_path / "file.ics"
            download.value.save_as(path)
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
            for event in calendar.walk("VEVENT"):
                triggers = sorted(str(alarm.decoded("TRIGGER")) for alarm in event.walk("VALARM"))
                assert triggers == ["-1 day, 9:00:00", "-7 days, 9:00:00"]  # 7 days and 1 day before, at 09:00
        finally:
            context.close()


# ---------------------------------------------------------------------------------------- print that stands alone


@pytest.mark.parametrize("lang", LANGS)
def test_the_print_out_stands_alone_on_at_most_two_a4_pages(chromium: Any, calc_site: Path, lang: str) -> None:
    # The longest answer: a Moscow worker with a contract, an earlier stay, every field filled.
    request = {**WORKER, "birth_date": "1990-05-20", "planned_exit": "2026-12-20",
               "contract": {"start": "2026-02-12", "end": "2026-12-31"},
               "previous_stays": [{"entry": "2026-01-05", "exit": "2026-01-20"}]}  # fmt: skip
    expected = bridge_answer(request, lang)
    with StaticServer(calc_site) as server:
        context, page, _ = open_calculator(chromium, server, lang)
        try:
            fill_worker(page)
            page.fill("#calc-birth_date", "1990-05-20")
            page.fill("#calc-planned_exit", "2026-12-20")
            page.fill("#calc-contract_start", "2026-02-12")
            page.fill("#calc-contract_end", "2026-12-31")
            page.click("#calc-add-stay")
            page.fill("#calc-stay-0-entry", "2026-01-05")
            page.fill("#calc-stay-0-exit", "2026-01-20")
            submit(page)
            page.emulate_media(media="print")
            shown = page.inner_text("body")
            for row in expected["entered"]:
                assert row["label"] in shown and row["value"] in shown, row
            for deadline in expected["deadlines"]:
                assert deadline["title"] in shown
                if deadline["due"]:
                    assert deadline["due_text"] in shown
            assert expected["rules_checked_text"].strip() in shown
            assert script_text(lang, "print_address").replace("{url}", page_url(server.url, lang)) in shown
            assert expected["printed_text"] in shown
            assert page.locator("#calc-form").is_hidden() and page.locator("#calc-actions").is_hidden()
            assert page.locator("#rules").is_hidden()  # the page's own text of the rules is not printed
            pdf = page.pdf(format="A4", print_background=True)
            pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
            assert 1 <= pages <= 2, pages
        finally:
            context.close()


# ----------------------------------------------------------------------------------------------- clear questions


@pytest.mark.parametrize("lang", LANGS)
def test_the_region_is_the_readers_choice(chromium: Any, calc_site: Path, lang: str) -> None:
    with StaticServer(calc_site) as server:
        context, page, _ = open_calculator(chromium, server, lang)
        try:
            assert not page.is_checked("#calc-region-moscow") and not page.is_checked("#calc-region-other")
            page.fill("#calc-entry_date", WORKER["entry_date"])
            submit(page)
            error = page.locator('.calc-error[data-error-for="region"]')
            assert error.inner_text() == script_text(lang, "region_missing")
            assert page.locator("#calc-region-moscow").get_attribute("aria-invalid") == "true"
            assert page.evaluate("document.activeElement.id") == "calc-region-moscow"
            assert page.locator("#calc-result").is_hidden()
            page.check("#calc-region-other")
            submit(page)
            assert page.locator('.calc-error[data-error-for="region"]').count() == 0
            assert page.locator("#calc-result .calc-summary").is_visible()
        finally:
            context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_an_entry_date_after_today_is_a_trip_being_planned(chromium: Any, calc_site: Path, lang: str) -> None:
    request = {"entry_date": "2026-08-01", "purpose": "work", "region": "other"}
    expected = bridge_answer(request, lang)
    assert expected["planning"] and expected["deadlines"][0]["id"] == "ruid_application"
    with StaticServer(calc_site) as server:
        context, page, _ = open_calculator(chromium, server, lang)
        try:
            page.fill("#calc-entry_date", request["entry_date"])
            page.check("#calc-region-other")
            submit(page)
            assert page.inner_text(".calc-summary .calc-planning") == expected["planning_text"]
            first = page.locator("#calc-result .calc-item").first
            assert first.get_attribute("data-id") == "ruid_application"
            assert first.locator(".calc-trip").inner_text() == expected["deadlines"][0]["before_trip_text"]
            assert page.locator("#calc-result .calc-trip").count() == 1
        finally:
            context.close()
