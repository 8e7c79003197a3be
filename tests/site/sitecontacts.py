"""The contacts check on the built site: every phone number a reader sees is the one its link dials, and is in
data/contacts.toml.

For every built page it looks at:
- every ``tel:`` and ``https://wa.me/`` link: the digits shown must be the digits dialled, and the number must be
  in the contacts file;
- every other phone number in the page's visible text ("+" and at least 7 digits): it must be in the contacts file.
Each problem is one plain line naming the page's source file (and its line, when the number is written there), what
is wrong and how to fix it.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from jol_contacts import WHERE, Contact, digits, known_numbers, normalise
from jol_site import DEFAULT_LANGUAGE, LANGUAGES

VISIBLE_PHONE = re.compile(r"(?<![\w+])\+\d[\d \u00a0\-()]{5,}\d")
HIDDEN = ("script", "style", "template", "noscript", "head")


def source_of(site_dir: Path, html: Path, docs: Path) -> Path | None:
    """docs/<lang>/<name>.md that the built page ``html`` comes from (None for pages without one, e.g. 404)."""
    parts = list(html.relative_to(site_dir).parent.parts)
    lang = parts.pop(0) if parts and parts[0] in LANGUAGES and parts[0] != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
    name = "/".join(parts) + ".md" if parts else "index.md"
    path = docs / lang / name
    return path if path.is_file() else None


def _where(source: Path | None, html: Path, site_dir: Path, root: Path, needles: list[str]) -> str:
    if source is None:
        return f"the built page {html.relative_to(site_dir).as_posix()}"
    try:
        shown = source.relative_to(root).as_posix()
    except ValueError:
        shown = source.as_posix()
    lines = source.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if any(needle and needle in line for needle in needles):
            return f"{shown}, line {number}"
    return shown


def _marker_hint(number: str, known: dict[str, str]) -> str:
    field = known.get(normalise(number))
    return f"{{{{ contact.{field} }}}}" if field else "{{ contact.<id>.<field> }}"


def check_page(
    html: Path, site_dir: Path, docs: Path, root: Path, contacts: dict[str, Contact] | None = None
) -> list[str]:
    known = known_numbers(contacts)
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(HIDDEN):
        tag.decompose()
    source = source_of(site_dir, html, docs)
    problems: list[str] = []

    def where(*needles: str) -> str:
        return _where(source, html, site_dir, root, list(needles))

    for link in soup.find_all("a", href=True):
        assert isinstance(link, Tag)
        href = str(link["href"]).strip()
        lower = href.lower()
        if not (lower.startswith("tel:") or lower.startswith(("https://wa.me/", "http://wa.me/"))):
            continue
        shown = " ".join(link.get_text(" ").split())
        dialled = href[4:] if lower.startswith("tel:") else "+" + digits(href.split("wa.me/", 1)[1])
        if digits(shown) != digits(dialled):
            problems.append(
                f"{where(shown, href)}: the number shown, {shown}, is not the number its link dials ({href}). "
                f"Write the marker {_marker_hint(dialled, known)} instead of the number, so both come from {WHERE}"
            )
        elif normalise(dialled) not in known:
            problems.append(
                f"{where(shown, href)}: the number {shown} is not in {WHERE}. Add it there with its source and "
                "write its {{ contact.<id>.<field> }} marker on the page (or correct the number)"
            )
        link.replace_with(" ")
    for text in soup.find_all(string=True):
        assert isinstance(text, NavigableString)
        for match in VISIBLE_PHONE.finditer(str(text)):
            number = match.group(0)
            if len(digits(number)) < 7 or normalise(number) in known:
                continue
            problems.append(
                f"{where(number)}: the phone number {number} is not in {WHERE}. Add it there with its source and "
                "write its {{ contact.<id>.<field> }} marker on the page (or correct the number)"
            )
    return problems


def check_site(site_dir: Path, docs: Path, root: Path, contacts: dict[str, Contact] | None = None) -> list[str]:
    """Every problem of every built HTML page, one plain line each."""
    problems: list[str] = []
    for html in sorted(site_dir.rglob("*.html")):
        if "assets" in html.relative_to(site_dir).parts:
            continue
        problems.extend(check_page(html, site_dir, docs, root, contacts))
    return list(dict.fromkeys(problems))
