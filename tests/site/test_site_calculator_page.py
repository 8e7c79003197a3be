"""The calculator page after a real build: one form for every language, its strings from the page catalogue, its field
names the keys of the calculator's request.

The form is overrides/partials/calculator-form.html, put in the page by overrides/calculator.html where
docs/<lang>/calculator.md has the line ``<!-- calculator form -->``; its strings come from
calculator/src/migration_rules/data/messages/page/<lang>.toml (hooks/calculator_page.py).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jol_site import LANGUAGES, load_parameters, substitute_placeholders, today
from migration_rules import calculate
from migration_rules.dates import _MONTHS
from migration_rules.messages import page_catalogue
from mkdocs.exceptions import PluginError
from sitelib import DOCS
from test_site_hooks import load_hook

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
PAGE_SCRIPT = ROOT / "calculator" / "web" / "calculator.js"
FORM_MARKER = "<!-- calculator form -->"
# What makes the form's structure: everything but the words (and the page's language).
STRUCTURE = ("id", "name", "type", "value", "for", "class", "data-field", "data-part", "data-part-field", "hidden",
             "required", "checked", "aria-describedby", "role", "data-state", "novalidate", "tabindex")  # fmt: skip


def calculator_html(site_dir: Path, lang: str) -> str:
    return (site_dir / ("" if lang == "ky" else lang) / "calculator" / "index.html").read_text(encoding="utf-8")


def calculator_block(page: str) -> str:
    """The calculator's own part of a built page: from <div id="jol-calc"> to the end of its <noscript>."""
    start = page.index('<div id="jol-calc"')
    return page[start : page.index("</noscript>", start) + len("</noscript>")]


class Outline(HTMLParser):
    """The tags of an HTML fragment with their structural attributes, and its texts, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.texts: list[str] = []
        self.empty: list[str] = []
        self._open: list[tuple[str, str]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = tuple(sorted((name, value) for name, value in attrs if name in STRUCTURE))
        self.tags.append((tag, kept))
        self._in_script = tag == "script"
        if tag in ("label", "legend", "button", "option", "strong") or ("class", "calc-hint") in attrs:
            self._open.append((tag, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script:
            return
        if data.strip():
            self.texts.append(data.strip())
        if self._open:
            tag, text = self._open[-1]
            self._open[-1] = (tag, text + data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False
        if self._open and self._open[-1][0] == tag:
            _, text = self._open.pop()
            if not text.strip():
                self.empty.append(tag)


def outline(site_dir: Path, lang: str) -> Outline:
    parser = Outline()
    parser.feed(calculator_block(calculator_html(site_dir, lang)))
    return parser


def test_every_language_has_the_same_form_only_its_words_differ(site_dir: Path) -> None:
    forms = {lang: outline(site_dir, lang) for lang in LANGUAGES}
    assert len(forms["ky"].tags) > 60
    for lang in ("ru", "en"):
        assert forms[lang].tags == forms["ky"].tags, lang
        assert forms[lang].texts != forms["ky"].texts
    # Only the legend of an earlier stay is empty in the page: calculator.js numbers it ("Earlier stay 1").
    assert forms["ky"].empty == ["legend"]
    assert all(re.search(f'data-lang="{lang}"', calculator_html(site_dir, lang)) for lang in LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_says_every_string_of_its_catalogue_with_todays_legal_values(site_dir: Path, lang: str) -> None:
    block = calculator_block(calculator_html(site_dir, lang))
    text = html.unescape(block)
    assert "{{" not in text and "}}" not in text
    for key, string in page_catalogue(lang).items():
        if key.startswith("form."):
            assert substitute_placeholders(string, lang, today()) in text, key
    # The hint on the birth date names the age in force today.
    age = load_parameters().at("medical.exempt_under_age", today()).value
    hint = re.search(r'<p class="calc-hint" id="hint-birth_date">(.*?)</p>', block)
    assert hint and str(age) in hint.group(1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_script_gets_its_strings_in_the_page(site_dir: Path, lang: str) -> None:
    block = calculator_block(calculator_html(site_dir, lang))
    found = re.search(r'<script type="application/json" id="calc-text">(.*?)</script>', block, re.DOTALL)
    assert found
    strings = json.loads(found.group(1))
    expected = {
        key.removeprefix("script."): substitute_placeholders(value, lang, today())
        for key, value in page_catalogue(lang).items()
        if key.startswith("script.")
    }
    assert strings == expected
    assert "\\u04" not in found.group(1)  # Kyrgyz and Russian letters as they are


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_markdown_keeps_only_the_prose(lang: str) -> None:
    text = (DOCS / lang / "calculator.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntemplate: calculator.html\n")
    assert text.count(FORM_MARKER) == 1
    for tag in ("<form", "<input", "<select", "<button", "<fieldset", "<label", "jol-calc", "<noscript"):
        assert tag not in text, tag


def test_the_calculator_files_are_in_the_head_and_at_the_end_of_the_calculator_page_only(site_dir: Path) -> None:
    page = calculator_html(site_dir, "ru")
    head, body = page.split("</head>", 1)
    early = head.index('name: "jol-early"')
    assert early < head.index('<link rel="stylesheet"')  # starts the worker before the stylesheets load
    assert re.search(r'new Worker\("\.\./\.\./assets/calculator/worker\.js\?v=[0-9a-f]{12}"', head)
    assert re.search(
        r'<link rel="stylesheet" href="\.\./\.\./assets/calculator/calculator\.css\?v=[0-9a-f]{12}">', head
    )
    assert head.index("calculator.css") > head.index("assets/jol.css")  # after the site's own stylesheet, as before
    script = re.search(
        r'<script type="module" src="\.\./\.\./assets/calculator/calculator\.js\?v=[0-9a-f]{12}"'
        r' onerror="jolCalcScriptFailed\(\)">',
        body,
    )
    assert "window.jolCalcScriptFailed = function" in head  # defined before any script can fail
    assert script and body.index("bundle.") < script.start()
    for name in ("index.html", "registration/index.html", "ru/medical/index.html"):
        assert "jol-early" not in (site_dir / name).read_text(encoding="utf-8"), name


def test_the_page_script_uses_only_keys_of_the_catalogue_and_formats_no_date() -> None:
    script = PAGE_SCRIPT.read_text(encoding="utf-8")
    keys = {key.removeprefix("script.") for key in page_catalogue("en") if key.startswith("script.")}
    used = set(re.findall(r"\bt\.([a-z_]+)\b", script)) | set(re.findall(r'\bt\["([a-z_.]+)"\]', script))
    families = set(re.findall(r"\bt\[`([a-z_]+)\.\$\{", script))
    assert used and families == {"fatal", "status"}
    assert used - keys == set()
    worker = [
        ROOT / "calculator" / "web" / "worker.js",
        *sorted((ROOT / "calculator" / "web" / "worker").glob("*.mjs")),
    ]
    stages = {stage for path in worker for stage in re.findall(r'progress\("([a-z]+)"', path.read_text("utf-8"))}
    assert stages and stages <= keys  # the worker's loading stages, shown through t[message.stage]
    unused = {key for key in keys if key not in used | stages and key.partition(".")[0] not in families}
    assert unused == set(), "strings of [script] that calculator.js does not use"
    # No date tables any more: the answer's dates come written out from Python.
    for lang, months in _MONTHS.items():
        for name in months:
            assert name not in script, (lang, name)
    for word in ("formatDate", "MONTHS", "жылдын", "года", "Plural", "toLocaleDateString", "DateTimeFormat"):
        assert word not in script, word


def test_a_calculator_page_without_its_form_line_stops_the_build() -> None:
    hook = load_hook("calculator_page")
    page = SimpleNamespace(meta={"template": "calculator.html"}, file=SimpleNamespace(src_uri="ky/calculator.md"))
    assert hook.on_page_markdown(f"# T\n\n{FORM_MARKER}\n", page, None, None)
    for text in ("# T\n", f"{FORM_MARKER}\n{FORM_MARKER}\n"):
        with pytest.raises(PluginError, match="calculator form"):
            hook.on_page_markdown(text, page, None, None)
    guide = SimpleNamespace(meta={}, file=SimpleNamespace(src_uri="ky/registration.md"))
    assert hook.on_page_markdown("# T\n", guide, None, None) == "# T\n"


def test_json_in_the_page_cannot_end_its_script_element() -> None:
    hook = load_hook("calculator_page")
    written = hook.script_json({"a": "</script><b>&"})
    assert "<" not in written and ">" not in written and "&" not in written
    assert json.loads(written) == {"a": "</script><b>&"}


# ------------------------------------------------------------------------------------ the form is the request

FILLED = {
    "#calc-entry_date": "2026-03-01",
    "#calc-birth_date": "1990-05-20",
    "#calc-planned_exit": "2026-05-20",
    "#calc-contract_start": "2026-02-20",
    "#calc-contract_end": "2026-12-31",
    "#calc-contract_terminated": "2026-06-15",
}
STAYS = [("2026-01-05", "2026-01-20"), ("2026-02-01", "2026-02-10")]
FORM_TO_REQUEST = """async () => {
  const src = document.querySelector('script[type="module"][src*="calculator.js"]').src;
  const { formToRequest } = await import(src);  // the page's own module (already loaded: not run again)
  return formToRequest(document.querySelector("#calc-form"));
}"""
REQUEST_TO_FORM = """async (request) => {
  const src = document.querySelector('script[type="module"][src*="calculator.js"]').src;
  const { formToRequest, requestToForm } = await import(src);
  const form = document.querySelector("#calc-form");
  requestToForm(form, request);
  return formToRequest(form);
}"""


def leaf_paths(value: object, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        return {path for key, item in value.items() for path in leaf_paths(item, f"{prefix}.{key}" if prefix else key)}
    if isinstance(value, list):
        return {path for i, item in enumerate(value) for path in leaf_paths(item, f"{prefix}[{i}]")}
    return {prefix}


@pytest.mark.browser
def test_a_filled_form_is_a_request_the_rules_accept_with_every_field(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    # Python is not needed to read the form: the worker is not loaded.
    context.route("**/assets/calculator/worker.js*", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(site_url + "en/calculator/")
        for selector, value in FILLED.items():
            page.fill(selector, value)
        page.select_option("#calc-purpose", "work")
        page.check("#calc-region-moscow")
        page.check("#calc-family")
        for i, (entry, exit_) in enumerate(STAYS):
            page.click("#calc-add-stay")
            page.fill(f"#calc-stay-{i}-entry", entry)
            page.fill(f"#calc-stay-{i}-exit", exit_)
        names = set(page.evaluate("() => [...document.querySelector('#calc-form').elements].map((e) => e.name)"))
        request = page.evaluate(FORM_TO_REQUEST)
        # Back again, on a fresh form (as "remember on this phone" restores it).
        page.reload()
        for _ in STAYS:
            page.click("#calc-add-stay")
        restored = page.evaluate(REQUEST_TO_FORM, request)
    finally:
        context.close()
    assert request == {
        "entry_date": "2026-03-01",
        "purpose": "work",
        "birth_date": "1990-05-20",
        "planned_exit": "2026-05-20",
        "region": "moscow",
        "contract": {"start": "2026-02-20", "end": "2026-12-31", "terminated": "2026-06-15"},
        "family_member_of_worker": True,
        "previous_stays": [{"entry": entry, "exit": exit_} for entry, exit_ in STAYS],
    }
    # Every named field is one key of the request (the "remember" checkbox has no name: it is not part of it).
    assert names - {""} == leaf_paths(request)
    assert restored == request
    answer = calculate({**request, "today": "2026-03-10", "lang": "en"})
    assert answer["errors"] == [] and answer["deadlines"]


@pytest.mark.browser
def test_an_empty_form_sends_no_empty_parts(browser: Any, site_url: str) -> None:
    """Empty fields are not sent (an empty contract is no contract), but an added earlier stay is, so that its missing
    dates are pointed out by the rules at their fields."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.route("**/assets/calculator/worker.js*", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(site_url + "calculator/")
        assert page.evaluate(FORM_TO_REQUEST) == {"purpose": "work"}  # no region until the reader chooses one
        page.click("#calc-add-stay")
        page.fill("#calc-contract_end", "2026-12-31")
        request = page.evaluate(FORM_TO_REQUEST)
    finally:
        context.close()
    assert request == {"purpose": "work", "contract": {"end": "2026-12-31"}, "previous_stays": [{}]}
    errors = {error["field"] for error in calculate({**request, "entry_date": "2026-03-01"})["errors"]}
    assert errors == {"contract.start", "previous_stays[0].entry", "previous_stays[0].exit"}


@pytest.mark.browser
def test_remembered_dates_come_back_in_every_field_also_those_stored_by_the_earlier_page(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.route("**/assets/calculator/worker.js*", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(site_url + "ru/calculator/")
        page.check("#calc-remember")
        for selector, value in FILLED.items():
            page.fill(selector, value)
        page.select_option("#calc-purpose", "study")
        page.check("#calc-region-moscow")
        page.check("#calc-family")
        page.click("#calc-add-stay")
        page.fill("#calc-stay-0-exit", "2026-01-20")
        before = page.evaluate(FORM_TO_REQUEST)
        page.reload()
        assert page.is_checked("#calc-remember") and page.is_checked("#calc-family")
        assert page.input_value("#calc-contract_terminated") == "2026-06-15"
        assert page.evaluate(FORM_TO_REQUEST) == before
        # What the page stored before the form's names were the request's keys.
        earlier = {
            "entry_date": "2026-03-01",
            "purpose": "private",
            "birth_date": "",
            "planned_exit": "",
            "region": "other",
            "family_member_of_worker": False,
            "contract_start": "2026-02-20",
            "contract_end": "",
            "contract_terminated": "",
            "previous_stays": [{"entry": "2026-01-05", "exit": "2026-01-20"}],
        }
        page.evaluate("(stored) => localStorage.setItem('jol-calculator', JSON.stringify(stored))", earlier)
        page.reload()
        assert page.evaluate(FORM_TO_REQUEST) == {
            "entry_date": "2026-03-01",
            "purpose": "private",
            "region": "other",
            "contract": {"start": "2026-02-20"},
            "previous_stays": [{"entry": "2026-01-05", "exit": "2026-01-20"}],
        }
        assert page.is_checked("#calc-remember")
    finally:
        context.close()
