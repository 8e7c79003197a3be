"""Golden files: the full answer a reader sees, in each language, compared byte for byte.

``golden/cases.toml`` lists the requests; ``golden/<lang>/<name>.txt`` holds the answer to each, as the command
line's ``--text`` writes it, under the request. An intended change of a rule or a message: run ``make golden``
(``JOL_UPDATE_GOLDEN=1 pytest calculator/tests/test_golden.py``), read the diff, commit it with the change.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from migration_rules import calculate
from migration_rules.__main__ import as_text
from migration_rules.dates import LANGUAGES

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("JOL_UPDATE_GOLDEN") == "1"
HOW_TO_UPDATE = (
    "If the change is intended, run `make golden` (or `JOL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest "
    "calculator/tests/test_golden.py`), read `git diff calculator/tests/golden` as a reader would, and commit it."
)


def file_name(name: str) -> str:
    """'A worker in Moscow under Amina' -> 'a-worker-in-moscow-under-amina.txt'."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) + ".txt"


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = [
        (case["name"], case["request"]) for case in tomllib.loads((GOLDEN / "cases.toml").read_text("utf-8"))["case"]
    ]
    names = [file_name(name) for name, _ in cases]
    assert len(set(names)) == len(names), "two cases have the same file name"
    return cases


CASES = load_cases()
PARAMS = [
    pytest.param(lang, name, request, id=f"{lang}/{file_name(name)}") for lang in LANGUAGES for name, request in CASES
]


def render(name: str, request: dict[str, Any], lang: str) -> str:
    """The golden text of one case in one language."""
    request = {**request, "lang": lang}
    header = [
        f"# {name}",
        f"# Request: {json.dumps(request, ensure_ascii=False, sort_keys=True)}",
        "# The calculator's answer below is checked by calculator/tests/test_golden.py; `make golden` rewrites it.",
        "",
    ]
    return "\n".join(header) + as_text(calculate(request), lang) + "\n"


@pytest.mark.parametrize(("lang", "name", "request_"), PARAMS)
def test_answer_is_the_golden_file(lang: str, name: str, request_: dict[str, Any]) -> None:
    path = GOLDEN / lang / file_name(name)
    actual = render(name, request_, lang).encode("utf-8")
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != actual:
            path.write_bytes(actual)
        return
    assert path.exists(), f"{path.relative_to(GOLDEN.parent)} is missing. {HOW_TO_UPDATE}"
    expected = path.read_bytes()
    if expected != actual:
        diff = difflib.unified_diff(
            expected.decode("utf-8", errors="replace").splitlines(),
            actual.decode("utf-8").splitlines(),
            f"{path.relative_to(GOLDEN.parent)} (golden file)",
            "the calculator's answer now",
            lineterm="",
        )
        pytest.fail(f"The answer differs from its golden file.\n{HOW_TO_UPDATE}\n\n" + "\n".join(diff), pytrace=False)


def test_every_golden_file_belongs_to_a_case() -> None:
    wanted = {Path(lang) / file_name(name) for lang in LANGUAGES for name, _ in CASES}
    present = {path.relative_to(GOLDEN) for path in GOLDEN.glob("*/*.txt")}
    if UPDATE:
        for stale in present - wanted:
            (GOLDEN / stale).unlink()
        return
    assert present == wanted, f"Golden files without a case: {sorted(map(str, present - wanted))}. {HOW_TO_UPDATE}"


def test_each_language_has_at_least_ten_cases_and_every_deadline_id_appears() -> None:
    from migration_rules import DEADLINE_IDS

    assert len(CASES) >= 10
    seen = {d["id"] for _, request in CASES for d in calculate({**request, "lang": "en"})["deadlines"]}
    assert set(DEADLINE_IDS) <= seen, f"no golden file shows {sorted(set(DEADLINE_IDS) - seen)}"
    assert any(calculate({**request, "lang": "en"})["errors"] for _, request in CASES), "no golden file shows errors"
