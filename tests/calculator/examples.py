"""Loading of the worked examples in ``tests/calculator/examples/*.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migration_rules import DEADLINE_IDS

EXAMPLES_DIR = Path(__file__).parent / "examples"


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


def load_examples() -> list[Example]:
    examples: list[Example] = []
    for path in sorted(EXAMPLES_DIR.glob("*.toml")):
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
    names = [example.name for example in examples]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"duplicate example names: {sorted(duplicates)}")
    return examples
