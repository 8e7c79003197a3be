"""The worked examples' file format: ``[[example]]`` tables in TOML files (the package's own are in
``calculator/tests/examples/``), each a request with the answer it must give.

Not used by ``calculate()``: the package's tests, the Pyodide test run and the site build (which keeps exactly the
standard-library modules these requests need) read the examples through ``load_examples(directory)``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .calculate import DEADLINE_IDS


@dataclass
class Example:
    name: str
    file: str
    request: Any
    expect: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    error_text: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    explanation: dict[str, list[str]] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    days_left: dict[str, int] = field(default_factory=dict)
    source: str | None = None


def load_examples(directory: str | Path) -> list[Example]:
    """Every example of every ``*.toml`` file in ``directory`` (requests default to ``"lang": "en"``)."""
    examples: list[Example] = []
    for path in sorted(Path(directory).glob("*.toml")):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        for raw in document["example"]:
            request = raw.pop("request")
            if isinstance(request, dict):
                request.setdefault("lang", "en")
            example = Example(file=path.name, request=request, **raw)
            if example.errors and example.expect:
                raise ValueError(f"{path.name}: {example.name!r} has both errors and expected deadlines")
            if not example.errors and sorted(example.expect) != sorted(DEADLINE_IDS):
                raise ValueError(f"{path.name}: {example.name!r} must give every deadline id: {DEADLINE_IDS}")
            examples.append(example)
    if not examples:
        raise ValueError(f"no worked examples in {directory}")
    names = [example.name for example in examples]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"duplicate example names: {sorted(duplicates)}")
    return examples
