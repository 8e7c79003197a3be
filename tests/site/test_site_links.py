"""No broken internal link or anchor: LinkChecker over HTTP against the built site, every language.

LinkChecker reports a missing anchor as a *warning*, so warnings stay on here (`--no-warnings` would hide them);
any warning or error fails the check. External links are not followed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitetools import serve

pytestmark = pytest.mark.site

RC = Path(__file__).with_name("linkcheckerrc")
LINKCHECKER = Path(sys.executable).with_name("linkchecker")


def linkcheck(urls: list[str]) -> tuple[int, str]:
    command = [str(LINKCHECKER), "-f", str(RC), "--recursion-level=-1", "--no-status", "-o", "text", *urls]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    return result.returncode, result.stdout + result.stderr


def problems_of(output: str, base: str) -> list[str]:
    """Plain summaries of the failing links in LinkChecker's text output."""
    problems = []
    for block in re.split(r"\n\s*\n", output):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            match = re.match(r"^(URL|Name|Parent URL|Real URL|Warning|Result)\s+(.*)$", line)
            if match:
                key = match.group(1)
                fields[key] = (fields.get(key, "") + " " + match.group(2)).strip()
            elif key and line.startswith(" "):
                fields[key] += " " + line.strip()
        if "URL" not in fields:
            continue
        bad = fields.get("Result", "").startswith("Error") or "Warning" in fields
        if bad:
            parent = fields.get("Parent URL", "?").replace(base, "/")
            what = fields.get("Warning") or fields.get("Result", "")
            problems.append(f"on {parent}: the link {fields['URL']} is broken — {what}")
    return problems


def test_no_broken_internal_link_or_anchor(site_dir: Path) -> None:
    with serve(site_dir) as base:
        code, output = linkcheck([base, base + "ru/", base + "en/"])
    problems = problems_of(output, base)
    assert code == 0 and not problems, (
        "broken links (page paths: / is Kyrgyz, /ru/ Russian, /en/ English; the page is docs/<lang>/<name>.md):\n"
        + "\n".join(problems or [output[-4000:]])
    )
    assert re.search(r"\b(\d+) links? in \d+ URLs? checked", output), output[-2000:]
    checked = int(re.search(r"\b(\d+) links? in", output).group(1))  # type: ignore[union-attr]
    assert checked > 30, f"LinkChecker checked only {checked} links: did it crawl the site?"


def test_the_link_check_catches_a_broken_anchor_and_a_missing_page(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><body><a href="a/#nope">x</a> <a href="a/#yes">y</a> <a href="missing/">m</a> '
        '<a href="https://example.invalid/">external, not checked</a> <a href="tel:+74951977671">t</a></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<html><body><h2 id="yes">Y</h2></body></html>', encoding="utf-8")
    with serve(tmp_path) as base:
        code, output = linkcheck([base])
    problems = problems_of(output, base)
    assert code != 0
    assert len(problems) == 2, problems
    assert any("a/#nope" in p and "Anchor" in p for p in problems)
    assert any("missing/" in p and "404" in p for p in problems)
