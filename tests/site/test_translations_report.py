"""`make translations` (scripts/translations.py): every page's state in each language, on the real repository and on a
small git repository where one language was changed later."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sitelib import nav_pages
from sitetools import load_script, run_script

pytestmark = pytest.mark.site

translations = load_script("translations")

PAGE = "---\nchecked: 2026-01-01\nsources_up_to: 2026-01-01\n---\n# T\n\n## {title} {{ #what }}\n\n{text}\n"


def git(root: Path, *args: str) -> None:
    env = ["-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run(["git", *env, *args], cwd=root, check=True, capture_output=True)


def write(root: Path, lang: str, text: str, title: str = "What") -> None:
    path = root / "docs" / lang / "a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, text=text), encoding="utf-8")


def test_every_page_of_the_real_guide_is_listed_in_every_language() -> None:
    result = run_script("scripts/translations.py", timeout=120)
    assert result.returncode == 0 and not result.stderr, result.stderr
    lines = result.stdout.splitlines()
    pages = nav_pages()
    assert [line for line in lines if not line.startswith(" ")] == pages
    assert len(lines) == 4 * len(pages)
    states = [line.strip() for line in lines if line.startswith(" ")]
    assert all(line.split()[0] in ("ky", "ru", "en") and " present | " in line for line in states), states
    assert all("last changed 20" in line or "never committed" in line for line in states)


def test_a_language_changed_later_makes_the_others_behind(tmp_path: Path) -> None:
    root = tmp_path / "guide"
    root.mkdir()
    git(root, "init", "-q")
    write(root, "ky", "30 күн.")
    write(root, "ru", "30 дней.")
    write(root, "en", "30 days.")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    subprocess.run(["sleep", "1.1"], check=True)
    write(root, "en", "30 days, or 15 days from 1 March 2027.\n\n## New { #new }\n\nMore.")
    git(root, "commit", "-q", "-am", "English only")
    states = translations.states_of(root, "a.md")
    en_commit = states["en"].last
    assert en_commit is not None and states["ru"].last is not None and en_commit.time > states["ru"].last.time
    assert not states["en"].behind and not states["en"].anchors and states["en"].facts == 0
    for lang in ("ky", "ru"):
        assert [other for other, _ in states[lang].behind] == ["en"]
        assert states[lang].anchors == ["lacks new"]
        assert states[lang].facts == 2  # the number 15 and the date 1 March 2027
    lines = translations.report(root)
    assert lines[0] == "a.md"
    assert lines[1].startswith("  ky  present | anchors DIFFER: lacks new | facts DIFFER: 2 fact(s) the others have |")
    assert lines[1].endswith(f"| BEHIND: changed later in English on {en_commit.date} ({en_commit.commit})")
    assert "BEHIND" not in lines[3] and "anchors match | facts match" in lines[3]
    (root / "docs" / "ru" / "a.md").unlink()
    assert "  ru  MISSING: create docs/ru/a.md from another language" in translations.report(root)
