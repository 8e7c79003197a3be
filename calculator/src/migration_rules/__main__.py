"""Command line: ``python -m migration_rules`` reads a JSON request on stdin and prints the response.

``--text`` prints a readable summary instead of JSON (for editors checking a change; the golden files of the tests
are written by the same function). Input that is not UTF-8, not JSON or nested too deeply gets a clear error, and
the output is always written as UTF-8, whatever the terminal's encoding.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from typing import Any

from . import calculate
from .dates import format_date, parse_iso_date
from .request import MAX_DEPTH, request_language

_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects more than ``limit`` levels (brackets inside strings do not count).

    Checked before ``json.loads``, which would recurse once per level (a RecursionError, or worse on a small stack).
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def read_request(text: str) -> object:
    """The request in a JSON text; a text that cannot be read becomes a value calculate() answers with an error."""
    if too_deep(text):
        return None
    try:
        request: object = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or a number too long to convert
        return None
    return request


def as_text(response: dict[str, Any], lang: str) -> str:
    """A readable summary of a response: errors, then each deadline with its date written out in ``lang``."""
    lines: list[str] = []
    for error in response["errors"]:
        lines.append(f"! {error['field']}: {error['message']}")
    for deadline in response["deadlines"]:
        due = deadline["due"] or "—"
        left = "" if deadline["days_left"] is None else f" ({deadline['days_left']:+d})"
        lines.append(f"{due}{left}  [{deadline['status']}]  {deadline['title']}")
        day = parse_iso_date(deadline["due"])
        if day is not None:
            lines.append(f"    {format_date(day, lang)}")
        lines.append(f"    {deadline['explanation']}")
        for source in deadline["sources"]:
            published = parse_iso_date(source.get("date"))
            when = f" ({format_date(published, lang)})" if published else ""
            lines.append(f"    ↳ {source['title']}{when} <{source['url']}>")
    lines.extend(f"* {note}" for note in response["notes"])
    checked = parse_iso_date(response["rules_version"])
    written = f" ({format_date(checked, lang)})" if checked else ""
    lines.append(f"rules checked: {response['rules_version']}{written}")
    return "\n".join(lines)


def _read_stdin() -> str:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream without bytes underneath (tests)
        return str(sys.stdin.read())
    data: bytes = stream.read()
    return data.decode("utf-8-sig", errors="replace")  # a byte that is not UTF-8 becomes U+FFFD, never an exception


def _write(text: str) -> None:
    data = (text + "\n").encode("utf-8", errors="replace")
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            stream.write(data)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: list[str] | None = None, *, today: dt.date | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m migration_rules", description=__doc__)
    parser.add_argument("--text", action="store_true", help="print a readable summary instead of JSON")
    args = parser.parse_args(argv)
    request = read_request(_read_stdin())
    response = calculate(request, today=today)
    if args.text:
        _write(as_text(response, request_language(request)))
    else:
        _write(json.dumps(response, ensure_ascii=False, indent=2))
    return 1 if response["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
