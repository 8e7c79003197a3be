"""Command line: ``python -m migration_rules`` reads a JSON request on stdin and prints the response.

``--text`` prints a readable summary instead of JSON (for editors checking a change).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import calculate


def as_text(response: dict[str, Any]) -> str:
    lines: list[str] = []
    for error in response["errors"]:
        lines.append(f"! {error['field']}: {error['message']}")
    for deadline in response["deadlines"]:
        due = deadline["due"] or "—"
        left = "" if deadline["days_left"] is None else f" ({deadline['days_left']:+d})"
        lines.append(f"{due}{left}  [{deadline['status']}]  {deadline['title']}")
        lines.append(f"    {deadline['explanation']}")
        lines.extend(f"    ↳ {source['title']} <{source['url']}>" for source in deadline["sources"])
    lines.extend(f"* {note}" for note in response["notes"])
    lines.append(f"rules checked: {response['rules_version']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m migration_rules", description=__doc__)
    parser.add_argument("--text", action="store_true", help="print a readable summary instead of JSON")
    args = parser.parse_args(argv)
    raw = sys.stdin.read()
    try:
        request: object = json.loads(raw)
    except json.JSONDecodeError:
        request = raw  # not JSON: calculate() answers with a clear error
    response = calculate(request)
    print(as_text(response) if args.text else json.dumps(response, ensure_ascii=False, indent=2))
    return 1 if response["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
