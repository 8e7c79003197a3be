"""`make check` (scripts/check.py): on a deliberately broken copy of the guide it prints one plain line per problem,
naming the file, the line and what to do, with no traceback, and exits with a non-zero status."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from repocopy import copy_repository
from sitecopy import edit
from sitetools import ROOT, load_script, run_script

pytestmark = pytest.mark.site

check = load_script("check")


def test_make_check_runs_the_check_script() -> None:
    result = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "scripts/check.py" in result.stdout


def test_a_broken_copy_gives_plain_lines_and_a_failure(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path / "copy")
    (copy / "docs" / "ru" / "border.md").unlink()  # a page missing in one language
    edit(copy / "docs" / "en" / "index.md", "{{ contact.embassy.hotline }}", "[+7 925 115 50 48](tel:+79251155047)")
    line = next(n for n, text in enumerate((copy / "docs/en/index.md").read_text().splitlines(), 1) if "50 48" in text)
    result = run_script("scripts/check.py", copy)
    output = result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert result.returncode == 1, output
    assert "Traceback" not in output and not any(text.startswith(("E ", " ", ">")) for text in lines), output
    assert "border.md is missing in: docs/ru/border.md. Every page must exist in ky, ru and en." in lines
    assert (
        f"docs/en/index.md, line {line}: the number shown, +7 925 115 50 48, is not the number its link dials "
        "(tel:+79251155047). Write the marker {{ contact.embassy.hotline }} instead of the number, so both come "
        "from data/contacts.toml" in lines
    )
    assert any(
        text.startswith("docs/ru/before-departure.md, line ")
        and "the link border.md#biometrics is broken (404 File not found). Correct the link" in text
        for text in lines
    ), output
    assert (
        f"index.md: the phone number +79251155048 is in the English page (docs/en/index.md, line {line}) but not in "
        "the Russian page (docs/ru/index.md). Add it there, or correct the English page." in lines
    )
    reminders = [text for text in lines if text.startswith("reminder: ")]
    assert any("pending.toml: the status of" in text for text in reminders)  # said, but not counted as problems
    assert lines[-1].startswith(f"make check: {len(lines) - 1 - len(reminders)} problem(s) found")
    assert "docs/ru/border.md does not exist" not in output  # the missing page is said once


def test_a_copy_that_does_not_build_says_why_and_still_checks_the_pages(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path / "copy")
    edit(copy / "docs" / "ky" / "index.md", "{{ contact.embassy.hotline }}", "{{ contact.embassy.hotlne }}")
    result = run_script("scripts/check.py", copy)
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert any(
        text.startswith("build: Contact marker error in docs/ky/index.md, line ")
        and "names an unknown field 'hotlne' of embassy" in text
        for text in lines
    ), lines
    assert (
        "build: the checks that need the built site (phone numbers, links) were skipped; fix the build first" in lines
    )


def test_broken_links_are_said_in_the_editors_terms() -> None:
    problems = check.plain(
        [
            "on /ru/about/, line 934, col 59: the link `border.md#planned-change' is broken — "
            "Error: 404 File not found",
            "x.md is missing in: docs/ru/x.md. Every page must exist in ky, ru and en.",
            "docs/ru/x.md does not exist: every page must exist in every language",
        ]
    )
    assert problems[0].startswith("docs/ru/about.md, line ")
    assert problems[0].endswith(
        ": the link border.md#planned-change is broken (404 File not found). Correct the link, or add the page or the "
        "{ #anchor } it points to"
    )
    assert len(problems) == 2
    assert check.source_page("/") == "docs/ky/index.md" and check.source_page("/en/rights/") == "docs/en/rights.md"
