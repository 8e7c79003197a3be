"""Worked examples on the guide pages are computed at build time (data/examples.toml, hooks/jol_examples.py)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
from jol_examples import EXAMPLES_FILE, build_example
from jol_site import PlaceholderError, load_parameters, reload_parameters, substitute_placeholders
from sitetools import ROOT, mkdocs_build
from test_site_hooks import _parameters_with_new_registration_days

pytestmark = pytest.mark.site

DAY = dt.date(2026, 12, 7)
SPECS = tomllib.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
PAGES = sorted((ROOT / "docs").glob("*/*.md"))
EXAMPLE_USE = re.compile(r"\{\{\s*example\.([a-z0-9_]+)\.")
EXAMPLE_LINE = re.compile(r"^\s*(?:-\s+)?(?:Example|Пример|Мисал)", re.MULTILINE)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_example_is_accepted_by_the_calculator_and_used_on_a_page(name: str) -> None:
    example = build_example(name, SPECS[name], DAY.year, load_parameters())
    assert example.deadlines, f"the example {name} gives no deadline"
    users = [page for page in PAGES if name in EXAMPLE_USE.findall(page.read_text(encoding="utf-8"))]
    assert users, f"data/examples.toml [{name}] is used on no page: remove it or use it"
    # an example used in one language is used in all three
    assert {page.parent.name for page in users} == {"ky", "ru", "en"}, f"[{name}] is used in {users}"


def test_no_worked_example_on_a_page_writes_a_year_by_hand() -> None:
    """An example's dates come from the calculator, so none goes stale in the new year."""
    offenders = []
    for page in PAGES:
        for line_number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if EXAMPLE_LINE.match(line) and re.search(r"\b20\d\d\b", line):
                offenders.append(f"{page.relative_to(ROOT)}:{line_number}: {line.strip()}")
    assert not offenders, "write the example's dates as {{ example.… }} placeholders:\n" + "\n".join(offenders)


def test_examples_speak_of_the_year_of_the_build() -> None:
    text = "{{ example.first_month.entry_date | loc }} — {{ example.first_month.registration }}"
    assert substitute_placeholders(text, "ky", DAY) == "2026-жылдын 1-мартында — 2026-жылдын 30-марты"
    assert substitute_placeholders(text, "ru", dt.date(2027, 1, 1)) == "1 марта 2027 года — 30 марта 2027 года"
    assert substitute_placeholders(text, "en", dt.date(2028, 1, 1)) == "1 March 2028 — 30 March 2028"


def test_an_example_across_the_new_year() -> None:
    text = "{{ example.november_entry.entry_date }} → {{ example.november_entry.stay_limit }}"
    assert substitute_placeholders(text, "en", DAY) == "1 November 2026 → 29 January 2027"
    assert substitute_placeholders(text, "en", dt.date(2027, 6, 1)) == "1 November 2027 → 29 January 2028"
    text = "{{ example.contract_ended_after_day_90.day.worker.new_contract_after_days }}"
    assert substitute_placeholders(text, "ky", DAY) == "2027-жылдын 28-февралы"


def test_the_numbers_in_the_examples_agree_with_the_law() -> None:
    day = "{{ example.aida.days_entry_date_to_planned_exit }}"
    assert substitute_placeholders(day, "en", DAY) == substitute_placeholders("{{ stay.days_per_year }}", "en", DAY)
    left = "{{ example.contract_after_40_days.days_entry_date_to_extend_stay }}"
    before = "{{ example.contract_after_40_days.days_previous_stay_entry_to_previous_stay_exit }}"
    assert int(substitute_placeholders(left, "en", DAY)) + int(substitute_placeholders(before, "en", DAY)) == 90


def test_a_page_example_follows_a_change_of_a_legal_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "{{ example.first_month.registration }}"
    assert substitute_placeholders(text, "en", dt.date(2027, 6, 1)) == "30 March 2027"
    monkeypatch.setenv("JOL_PARAMETERS", str(_parameters_with_new_registration_days(tmp_path, dt.date(2027, 1, 1))))
    reload_parameters()
    try:
        assert substitute_placeholders(text, "en", dt.date(2027, 6, 1)) == "15 March 2027"
        assert substitute_placeholders(text, "en", DAY) == "30 March 2026"  # the old value still holds in 2026
    finally:
        monkeypatch.delenv("JOL_PARAMETERS")
        reload_parameters()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ example.first_monht.entry_date }}", "example 'first_monht' that data/examples.toml does not have"),
        ("{{ example.first_month.registraton }}", "has no value 'registraton' (it has: "),
        ("{{ example.first_month }}", "names no value"),
        ("{{ example.first_month.registration | since }}", "takes dat, abl, loc or none"),
        ("{{ example.aida.days_entry_date_to_planned_exit | loc }}", "a case filter only goes with a date"),
        ("{{ example.first_month.day.stay.no_such_value }}", "is not a legal value in parameters.toml"),
    ],
)
def test_a_wrong_example_placeholder_names_the_page_the_line_and_what_exists(text: str, message: str) -> None:
    with pytest.raises(PlaceholderError) as caught:
        substitute_placeholders("line one\n" + text, "en", DAY, where="docs/en/medical.md")
    assert "docs/en/medical.md, line 2" in str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"request": {"entry_date": "3-1", "purpose": "work"}}, "write a date as MM-DD"),
        ({"request": {"entry_date": "02-30", "purpose": "work"}}, "is not a day of the year"),
        ({"request": {"purpose": "work"}}, "with at least entry_date"),
        ({"request": {"entry_date": "03-01", "purpose": "wrok"}}, "the calculator refuses the request: purpose"),
    ],
)
def test_a_wrong_example_in_the_data_file_says_what_to_fix(spec: dict[str, object], message: str) -> None:
    from jol_examples import ExampleError

    with pytest.raises(ExampleError, match=re.escape(message)):
        build_example("broken", spec, 2026, load_parameters())


def test_the_built_pages_show_the_examples_of_the_build_year(tmp_path: Path) -> None:
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", {"JOL_TODAY": "2027-06-01"})
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    english = (tmp_path / "site" / "en" / "registration" / "index.html").read_text(encoding="utf-8")
    assert "you entered on 1 March 2027. Your last safe day is 30 March 2027." in english
    kyrgyz = (tmp_path / "site" / "employment" / "index.html").read_text(encoding="utf-8")
    assert "сиз 2027-жылдын 1-декабрында кирдиңиз. 90-күн — 2028-жылдын 28-февралы." in kyrgyz
    russian = (tmp_path / "site" / "ru" / "before-departure" / "index.html").read_text(encoding="utf-8")
    assert "Вернуться она может только\n1 января 2028 года." in russian
