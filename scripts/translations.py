"""`make translations`: the state of every page in each language.

For every page (docs/<lang>/<name>.md) and language it says:
- present or missing;
- anchors: whether the page has the same `{ #anchor }` headings as the English page (or which differ);
- facts: whether its numbers, dates, phone numbers and links are the same as in the other languages (the check of
  tests/site/test_site_facts.py, with tests/site/fact_exceptions.toml);
- last changed: the date and commit of its last change (git log), or "not committed" for changes not committed yet;
- behind: when a later commit changed another language's version of the page but not this one, so this version may
  lack that change.

    .venv/bin/python scripts/translations.py              # the same as `make translations`
    .venv/bin/python scripts/translations.py --root DIR   # another copy of the guide (a git repository)

It always exits with 0: it is a report, not a check (`make check` is the check).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jol_site import LANGUAGES
from sitelib import (
    LANGUAGE_NAMES,
    anchors,
    compare_facts,
    extract_facts,
    load_fact_exceptions,
    nav_pages,
    read_page,
)

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Change:
    date: str  # YYYY-MM-DD
    commit: str  # short hash
    time: int  # commit time, seconds


@dataclass
class State:
    lang: str
    present: bool
    anchors: list[str] = field(default_factory=list)  # problems, empty when they match
    facts: int = 0  # facts that differ from another language
    last: Change | None = None
    uncommitted: bool = False
    behind: list[tuple[str, Change]] = field(default_factory=list)  # (other language, its later change)


def last_change(root: Path, path: Path) -> Change | None:
    result = subprocess.run(
        ["git", "log", "-1", "--format=%cs %h %ct", "--", str(path.relative_to(root))],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    parts = result.stdout.split()
    return Change(parts[0], parts[1], int(parts[2])) if result.returncode == 0 and len(parts) == 3 else None


def uncommitted(root: Path, path: Path) -> bool:
    result = subprocess.run(
        ["git", "status", "--porcelain", "--", str(path.relative_to(root))],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return bool(result.stdout.strip())


def page_names(root: Path) -> list[str]:
    docs = root / "docs"
    names = nav_pages(root / "mkdocs.yml") if (root / "mkdocs.yml").is_file() else []
    others = sorted({p.name for lang in LANGUAGES for p in (docs / lang).glob("*.md")} - set(names))
    return [*names, *others]


def states_of(root: Path, name: str) -> dict[str, State]:
    docs = root / "docs"
    states = {lang: State(lang, (docs / lang / name).is_file()) for lang in LANGUAGES}
    pages = {lang: read_page(lang, name, docs=docs) for lang, state in states.items() if state.present}
    reference = "en" if "en" in pages else next(iter(pages), None)
    for lang, page in pages.items():
        state = states[lang]
        if reference and lang != reference:
            own, theirs = anchors(page), anchors(pages[reference])
            lacking = [a for a in theirs if a not in own]
            extra = [a for a in own if a not in theirs]
            if lacking:
                state.anchors.append(f"lacks {', '.join(lacking)}")
            if extra:
                state.anchors.append(f"has {', '.join(extra)} that {reference} lacks")
            if not lacking and not extra and own != theirs:
                state.anchors.append(f"in another order than {reference}")
        path = docs / lang / name
        state.last, state.uncommitted = last_change(root, path), uncommitted(root, path)
    exceptions, _ = load_fact_exceptions(root / "tests" / "site" / "fact_exceptions.toml")
    facts = {lang: extract_facts(page) for lang, page in pages.items()}
    for missing in compare_facts(name, facts):
        if not any(exception.covers(missing) for exception in exceptions):
            states[missing.lacks].facts += 1
    for state in states.values():
        if not state.present:
            continue
        for other in states.values():
            later = other.last
            if other.lang != state.lang and later and (state.last is None or later.time > state.last.time):
                state.behind.append((other.lang, later))
    return states


def describe(state: State, name: str) -> str:
    if not state.present:
        return f"{state.lang}  MISSING: create docs/{state.lang}/{name} from another language"
    parts = [f"{state.lang}  present"]
    parts.append("anchors match" if not state.anchors else "anchors DIFFER: " + "; ".join(state.anchors))
    parts.append("facts match" if not state.facts else f"facts DIFFER: {state.facts} fact(s) the others have")
    if state.last:
        parts.append(f"last changed {state.last.date} ({state.last.commit})")
    else:
        parts.append("never committed")
    if state.uncommitted and state.last:
        parts.append("with changes not committed yet")
    if state.behind:
        later = ", ".join(f"{LANGUAGE_NAMES[lang]} on {c.date} ({c.commit})" for lang, c in state.behind)
        parts.append(f"BEHIND: changed later in {later}")
    return " | ".join(parts)


def report(root: Path) -> list[str]:
    lines = []
    for name in page_names(root):
        lines.append(name)
        lines.extend("  " + describe(state, name) for state in states_of(root, name).values())
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the guide's folder (a git repository)")
    options = parser.parse_args(argv)
    for line in report(options.root.resolve()):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
