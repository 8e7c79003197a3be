"""A throw-away copy of the guide (its docs/ and mkdocs.yml) for checks that break a page on purpose.

The copy's mkdocs.yml points at the real hooks and theme overrides, so it builds exactly like the real site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sitetools import ROOT


def copy_project(target: Path, root: Path = ROOT) -> Path:
    """Copy docs/ and mkdocs.yml of ``root`` into ``target``; return the copy's mkdocs.yml."""
    shutil.copytree(root / "docs", target / "docs")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(\s*custom_dir:\s*)(\S+)", lambda m: m.group(1) + str(root / m.group(2)), config, flags=re.M)
    config = re.sub(r"^(\s*-\s*)(hooks/\S+)", lambda m: m.group(1) + str(root / m.group(2)), config, flags=re.M)
    config = re.sub(r"^watch:\n(?:\s+-.*\n)+", "", config, flags=re.M)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target / "mkdocs.yml"


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` once in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
