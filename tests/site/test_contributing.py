"""CONTRIBUTING.md says nothing untrue: every `make <target>` it names exists in the Makefile, every file or folder it
names exists; and the workflow it describes runs the checks on pull requests and attaches a preview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sitetools import ROOT

pytestmark = pytest.mark.site

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
MAKE = re.compile(r"\bmake ([a-z][a-z0-9-]*)\b")
CODE = re.compile(r"`([^`\s]+)`")
PATH_LIKE = re.compile(r"^[\w.<>*{},-]+(?:/[\w.<>*{},-]*)*$")
FILE_ENDINGS = (".md", ".toml", ".yml", ".yaml", ".py", ".txt", ".js", ".html", ".css", ".json", ".mjs")
SKIPPED_DIRS = {".git", ".venv", "node_modules", ".cache", "site"}


def make_targets(makefile: Path = ROOT / "Makefile") -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9-]*)\s*:(?!=)", makefile.read_text(encoding="utf-8"), re.MULTILINE))


def named_paths(text: str) -> list[str]:
    """Files and folders named in `code`: with a slash (docs/ky/) or a file ending (GLOSSARY.md); not site addresses
    (/ru/) and not example paths (/path/to/…)."""
    paths = []
    for token in CODE.findall(text):
        if token.startswith(("/", "http")) or "=" in token or not PATH_LIKE.match(token):
            continue
        if "/" in token or token.endswith(FILE_ENDINGS):
            paths.append(token)
    return paths


def exists(name: str, root: Path = ROOT) -> bool:
    expanded = name.replace("<lang>", "ky").replace("{ky,ru,en}", "ky")
    if "/" in expanded.rstrip("/"):
        return bool(list(root.glob(expanded.rstrip("/")))) if "*" in expanded else (root / expanded).exists()
    found = (p for p in root.rglob(expanded) if not SKIPPED_DIRS & set(p.relative_to(root).parts))
    return next(found, None) is not None


def test_every_make_command_in_contributing_exists() -> None:
    targets = make_targets()
    named = set(MAKE.findall(CONTRIBUTING.read_text(encoding="utf-8")))
    assert {"serve", "test", "check", "translations", "golden"} <= named
    assert not named - targets, f"CONTRIBUTING.md names make targets the Makefile lacks: {sorted(named - targets)}"


def test_every_file_named_in_contributing_exists() -> None:
    paths = named_paths(CONTRIBUTING.read_text(encoding="utf-8"))
    for expected in ("data/contacts.toml", "calculator/tests/examples/*.toml", ".github/workflows/site.yml"):
        assert expected in paths
    missing = sorted({path for path in paths if not exists(path)})
    assert not missing, f"CONTRIBUTING.md names files that do not exist: {missing}"


def test_the_checkers_of_contributing_catch_a_wrong_name(tmp_path: Path) -> None:
    assert named_paths("see `docs/ky/x.md`, `GLOSSARY.md`, `/ru/`, `/path/to/a.toml`, `checked: 2026`, `a b`") == [
        "docs/ky/x.md",
        "GLOSSARY.md",
    ]
    assert exists("GLOSSARY.md") and exists("docs/ky/") and exists("calculator/tests/golden/<lang>/*.txt")
    assert not exists("docs/ky/no-such-page.md") and not exists("NO_SUCH_FILE.md")
    (tmp_path / "Makefile").write_text("X := 1\ncheck: setup\n\t@true\n.PHONY: check\n", encoding="utf-8")
    assert make_targets(tmp_path / "Makefile") == {"check"}


def test_pull_requests_get_the_checks_and_a_preview_of_the_site() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers
    steps = workflow["jobs"]["check-and-build"]["steps"]
    on_pr = [step for step in steps if "pull_request" in str(step.get("if", "")) and "==" in str(step.get("if"))]
    assert any("make check" in str(step.get("run", "")) for step in on_pr)
    assert any("mkdocs build --strict" in str(step.get("run", "")) for step in on_pr)
    upload = [step for step in on_pr if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"] == "site" and upload[0]["with"]["name"] == "site-preview"
    assert workflow["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"
