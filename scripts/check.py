"""`make check`: the checks an editor needs, fast, in plain words (no browser, no Python tracebacks).

It builds the site (`mkdocs build --strict`) into a temporary folder, then runs the site checks of tests/site on it:
every page in the three languages with the same anchors and dates (test_site_pages.py), the same facts
(test_site_facts.py), each page in its language (test_site_language.py), phone numbers as in data/contacts.toml
(test_site_contacts.py) and no broken link (test_site_links.py). The browser checks are left out: `make test` runs
them.

It prints one line per problem, naming the file and the line where it can, and what to do; then a summary line.
The exit status is 0 when all is well, 1 when there is a problem.

    make check                                   # what editors run
    PYTHONPATH=calculator/src:hooks:tests/site .venv/bin/python scripts/check.py --keep DIR  # keep the build
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONTACTS = "tests/site/test_site_contacts.py::"
CHECKS = (  # (the checks, whether they need the built site)
    ("tests/site/test_site_pages.py", False),
    ("tests/site/test_site_facts.py", False),
    ("tests/site/test_site_language.py", False),
    (CONTACTS + "test_the_contacts_file_is_valid", False),
    (CONTACTS + "test_every_phone_number_on_the_site_is_the_one_its_link_dials_and_in_the_contacts_file", True),
    ("tests/site/test_site_links.py::test_no_broken_internal_link_or_anchor", True),
)
# A summary line above a list of problems ("3 fact(s) of border.md differ between languages:"): the list says it all.
HEADER = re.compile(r":\s*$")
# MkDocs' own lines: "WARNING -  Doc file 'ru/x.md' contains a link …", "ERROR   -  Error reading page …".
BUILD_LINE = re.compile(r"^(?:WARNING|ERROR)\s+-\s+(?P<text>.*)$")
# The hooks' reminders for editors ("Reminder -  …pending.toml: the status of … was last seen on …"): said, not failed.
REMINDER_LINE = re.compile(r"^Reminder\s+-\s+(?P<text>.*)$")
REMINDERS: list[str] = []


def environment() -> dict[str, str]:
    """This copy's rules package first (not an installed one), no MkDocs 2 notice, no .pyc files in the tree."""
    path = [str(ROOT / "calculator" / "src"), os.environ.get("PYTHONPATH", "")]
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in path if p),
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def build(site_dir: Path) -> list[str]:
    """Build the site; the build's problems as plain lines (none when it passes)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)]
    result = subprocess.run(command, cwd=ROOT, env=environment(), capture_output=True, text=True, check=False)
    for line in (result.stdout + result.stderr).splitlines():
        reminder = REMINDER_LINE.match(line.strip())
        if reminder and f"reminder: {reminder.group('text')}" not in REMINDERS:
            REMINDERS.append(f"reminder: {reminder.group('text')}")
    if result.returncode == 0:
        return []
    problems = []
    for line in (result.stdout + result.stderr).splitlines():
        match = BUILD_LINE.match(line.strip())
        text = match.group("text") if match else line.strip()
        plain_message = text.startswith(("Contact marker error", "Placeholder error", "Contacts error", "docs/"))
        if (match or plain_message) and not text.startswith("Aborted with"):
            problems.append(f"build: {text}")
    return list(dict.fromkeys(problems)) or [
        "build: the site could not be built; run `make serve` to see the whole message. The end of it: "
        + " | ".join((result.stdout + result.stderr).strip().splitlines()[-3:])
    ]


class PlainReport:
    """A pytest plugin that keeps the plain message of every failed check (no traceback, no source lines)."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.ran = 0

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when == "call":
            self.ran += 1
        if not report.failed:
            return
        message = self._message(report)
        for line in message.splitlines():
            line = line.strip()
            if line and not HEADER.search(line) and not line.startswith("assert "):
                self.problems.append(line)

    @staticmethod
    def _message(report: Any) -> str:
        crash = getattr(report.longrepr, "reprcrash", None)
        text = getattr(crash, "message", None) or str(report.longrepr)
        # "AssertionError: the message" / "Failed: the message" -> "the message"
        return re.sub(r"^(?:AssertionError|Failed|[A-Za-z]+Error): ", "", text, count=1)


def run_checks(site_dir: Path | None) -> tuple[list[str], int]:
    import pytest

    checks = [check for check, needs_site in CHECKS if site_dir is not None or not needs_site]
    args = ["-q", "-p", "no:cacheprovider", "--assert=plain", "--tb=line", "-m", "not browser"]
    args += ["--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml")]
    report = PlainReport()
    if site_dir is not None:
        os.environ["JOL_SITE_DIR"] = str(site_dir)
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        code = pytest.main([*args, *(str(ROOT / c) for c in checks)], plugins=[report])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or not report.ran:
        report.problems.append(f"the checks could not run (pytest exit code {int(code)}): run `make test` to see why")
    return list(dict.fromkeys(report.problems)), report.ran


LINK_PROBLEM = re.compile(
    r"^on (?P<page>/\S*?), line \d+, col \d+: the link `(?P<target>[^']*)' is broken — (?P<why>.*)$"
)
MISSING_PAGE = re.compile(r"^(?P<name>[\w.-]+\.md) is missing in: (?P<files>.*?)\. Every page")
NOT_EXISTING = re.compile(r"^(?P<file>docs/\w+/[\w.-]+\.md) does not exist: every page must exist")


def source_page(site_path: str) -> str:
    """ "/ru/about/" -> "docs/ru/about.md"; "/" -> "docs/ky/index.md"."""
    parts = [part for part in site_path.split("/") if part]
    lang = parts.pop(0) if parts and parts[0] in ("ru", "en") else "ky"
    return f"docs/{lang}/{'/'.join(parts) or 'index'}.md"


def plain(problems: list[str]) -> list[str]:
    """The checks' lines in an editor's terms: a broken link names the Markdown file and line; a missing page once."""
    missing = {f for p in problems if (m := MISSING_PAGE.match(p)) for f in m.group("files").split(", ")}
    result = []
    for problem in problems:
        match = LINK_PROBLEM.match(problem)
        not_existing = NOT_EXISTING.match(problem)
        if not_existing and not_existing.group("file") in missing:
            continue  # the same missing page, already said
        if match:
            where = source_page(match.group("page"))
            target = match.group("target")
            lines = (ROOT / where).read_text(encoding="utf-8").splitlines() if (ROOT / where).is_file() else []
            number = next((n for n, line in enumerate(lines, 1) if f"]({target}" in line), None)
            at = f"{where}, line {number}" if number else f"{where} (not written in the page: the menu or a template)"
            why = match.group("why").replace("Error: ", "")
            problem = (
                f"{at}: the link {target} is broken ({why}). Correct the link, or add the page or the "
                "{ #anchor } it points to"
            )
        result.append(problem)
    return list(dict.fromkeys(result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="build the site into this folder and keep it")
    options = parser.parse_args(argv)
    os.environ.update(environment())
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jol-check-") as tmp:
        site_dir = (options.keep or Path(tmp) / "site").resolve()
        problems = build(site_dir)
        built = not problems
        if not built:
            problems.append(
                "build: the checks that need the built site (phone numbers, links) were skipped; fix the build first"
            )
        found, ran = run_checks(site_dir if built else None)
        problems += plain(found)
    for line in [*REMINDERS, *problems]:
        print(line)
    seconds = time.monotonic() - start
    if problems:
        print(
            f"make check: {len(problems)} problem(s) found ({ran} checks, {seconds:.0f} s). Fix them and run it again."
        )
        return 1
    print(f"make check: all is well ({ran} checks, {seconds:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
