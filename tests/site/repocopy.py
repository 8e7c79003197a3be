"""A throw-away copy of the repository (what the site and its checks need) for checks that break it on purpose.

Text files are copied (their times kept); node_modules, .venv and the build caches are linked, not copied.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sitetools import ROOT

COPIED = ("docs", "data", "hooks", "overrides", "calculator", "scripts", "tests", "mkdocs.yml", "pyproject.toml",
          "README.md", "CONTRIBUTING.md", "GLOSSARY.md", "SYNONYMS.md", "Makefile", "requirements-dev.txt")  # fmt: skip
LINKED = ("node_modules", ".venv")


def copy_repository(target: Path, root: Path = ROOT) -> Path:
    """Copy the repository's files into ``target`` (created); return ``target``."""
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "golden")
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target / name)
    for name in LINKED:
        if (root / name).exists():
            os.symlink((root / name).resolve(), target / name)
    (target / ".cache").mkdir()
    for cache in (root / ".cache").iterdir() if (root / ".cache").is_dir() else []:
        os.symlink(cache.resolve(), target / ".cache" / cache.name)
    return target
