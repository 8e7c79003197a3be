"""Where the build reads and writes (the repository this package sits in; `make setup` installs it editable)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CALCULATOR = ROOT / "calculator"  # the rules package's project (pyproject.toml, README.md, src/, tests/)
EXAMPLES = CALCULATOR / "tests" / "examples"  # the worked examples (migration_rules.examples reads them)
PYODIDE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".cache"


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""
