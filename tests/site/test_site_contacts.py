"""Contacts come from one data file (data/contacts.toml): every phone number a reader sees is the one its link dials,
and is in that file; a number changed in one place only is caught."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jol_contacts import (
    CONTACTS_FILE,
    MARKER,
    ContactError,
    known_numbers,
    load_contacts,
    parse_contacts,
    substitute_contacts,
)
from jol_site import LANGUAGES
from sitecontacts import check_site
from sitecopy import copy_project, edit
from sitelib import DOCS
from sitetools import ROOT, mkdocs_build

pytestmark = pytest.mark.site

GOOD = """
[office]
name = { ky = "Кеңсе", ru = "Офис", en = "Office" }
phone = { number = "+7 495 197 76 71", tel = "+74951977671" }
source = { title = "A page", url = "https://example.org/", date = 2025-11-18 }
checked = 2026-12-07
"""


def test_the_contacts_file_is_valid() -> None:
    contacts = load_contacts()
    assert {"embassy", "labour_ministry", "employment_center", "sakharovo", "emergency"} <= set(contacts)
    assert known_numbers()["+79251155047"] == "embassy.hotline"
    assert known_numbers()["112"] == "emergency.phone"
    for contact in contacts.values():
        assert contact.source_url.startswith("https://") and contact.source_date and contact.checked


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('tel = "+74951977671"', 'tel = "+74951977672"'), 'are not the same number; write tel = "+74951977671"'),
        (('tel = "+74951977671"', 'link = "https://wa.me/79250302627"'), "its link https://wa.me/79250302627 are not"),
        (('tel = "+74951977671"', 'tel = "+7 495 197 76 71"'), "'tel' must be \"+\" and the digits, without spaces"),
        ((', en = "Office"', ""), "must give the text in the three languages"),
        (("date = 2025-11-18", 'date = "2025"'), "needs a title and the source's own date"),
        (("checked = 2026-12-07", "checked = 2999-01-01"), "is in the future"),
        (("checked = 2026-12-07\n", ""), "has no 'checked'"),
    ],
)
def test_a_wrong_contacts_file_gives_a_plain_message(change: tuple[str, str], expected: str) -> None:
    parse_contacts(GOOD)
    with pytest.raises(ContactError, match=re.escape(expected)) as error:
        parse_contacts(GOOD.replace(*change))
    assert str(error.value).startswith("data/contacts.toml, [office]")


def test_markers_give_links_numbers_and_texts_in_the_page_language() -> None:
    text = "{{ contact.embassy.hotline }} / {{ contact.embassy.hotline | number }} / {{ contact.embassy.name }}"
    assert substitute_contacts(text, "ru") == (
        "[+7 925 115 50 47](tel:+79251155047) / +7 925 115 50 47 / Посольство Кыргызской Республики в России"
    )
    assert substitute_contacts("{{ contact.labour_ministry.whatsapp }}", "ky") == (
        "[+7 925 030 26 27](https://wa.me/79250302627)"
    )
    for bad, message in [
        ("{{ contact.embasy.hotline }}", "names an unknown contact 'embasy'"),
        ("{{ contact.embassy.hotlin }}", "names an unknown field 'hotlin' of embassy (its fields: name, address"),
        ("{{ contact.embassy.name | number }}", "only for phone numbers"),
        ("x\n{{ contact.embassy }}", "line 2: the marker '{{ contact.embassy }}' is malformed"),
    ]:
        with pytest.raises(ContactError, match=re.escape(message)):
            substitute_contacts(bad, "en", where="docs/en/x.md")


def test_the_embassy_hotline_renders_from_the_data_file_on_every_page_that_shows_it() -> None:
    places = {
        f"docs/{lang}/{path.name}": len(MARKER.findall(path.read_text(encoding="utf-8")))
        for lang in LANGUAGES
        for path in sorted((DOCS / lang).glob("*.md"))
    }
    shown = {where: count for where, count in places.items() if count}
    assert set(shown) == {f"docs/{lang}/{name}" for lang in LANGUAGES for name in ("contacts.md", "index.md")}
    for lang in LANGUAGES:
        for name in ("contacts.md", "index.md"):
            text = (DOCS / lang / name).read_text(encoding="utf-8")
            assert "{{ contact.embassy.hotline" in text, f"docs/{lang}/{name}"
            assert "115 50 47" not in text and "79251155047" not in text, f"docs/{lang}/{name} writes the number"


def test_every_phone_number_on_the_site_is_the_one_its_link_dials_and_in_the_contacts_file(site_dir: Path) -> None:
    problems = check_site(site_dir, DOCS, ROOT)
    assert not problems, "\n".join(problems)
    html = (site_dir / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:+79251155047">+7 925 115 50 47</a>' in html


def test_a_number_changed_in_one_place_only_is_caught(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "copy")
    docs = tmp_path / "copy" / "docs"
    # The realistic mistake: the visible number changed, the link still dials the old one.
    edit(docs / "en" / "index.md", "{{ contact.embassy.hotline }}", "[+7 925 115 50 48](tel:+79251155047)")
    # A new number written on one page instead of in the contacts file.
    edit(docs / "ru" / "contacts.md", "{{ contact.embassy.hotline | number }}", "+7 925 115 50 48")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    problems = check_site(tmp_path / "site", docs, tmp_path / "copy")
    en_line = next(
        n for n, line in enumerate((docs / "en" / "index.md").read_text().splitlines(), 1) if "115 50 48" in line
    )
    ru_line = next(
        n for n, line in enumerate((docs / "ru" / "contacts.md").read_text().splitlines(), 1) if "115 50 48" in line
    )
    assert sorted(problems) == [
        f"docs/en/index.md, line {en_line}: the number shown, +7 925 115 50 48, is not the number its link dials "
        "(tel:+79251155047). Write the marker {{ contact.embassy.hotline }} instead of the number, so both come from "
        "data/contacts.toml",
        f"docs/ru/contacts.md, line {ru_line}: the phone number +7 925 115 50 48 is not in data/contacts.toml. Add it "
        "there with its source and write its {{ contact.<id>.<field> }} marker on the page (or correct the number)",
    ]


def test_a_number_changed_in_the_contacts_file_changes_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contacts = tmp_path / "contacts.toml"
    contacts.write_text(
        CONTACTS_FILE.read_text(encoding="utf-8").replace(
            'hotline = { number = "+7 925 115 50 47", tel = "+79251155047" }',
            'hotline = { number = "+7 900 000 00 01", tel = "+79000000001" }',
        ),
        encoding="utf-8",
    )
    config = copy_project(tmp_path / "copy")
    result = mkdocs_build(config, tmp_path / "site", {"JOL_CONTACTS": str(contacts)})
    assert result.returncode == 0, result.stderr[-3000:]
    for page in ("index.html", "contacts/index.html", "ru/index.html", "ru/contacts/index.html", "en/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert 'href="tel:+79000000001">+7 900 000 00 01</a>' in html, page
        assert "115 50 47" not in html, page
    monkeypatch.setenv("JOL_CONTACTS", str(contacts))
    load_contacts.cache_clear()
    try:
        assert check_site(tmp_path / "site", tmp_path / "copy" / "docs", tmp_path / "copy") == []
    finally:
        monkeypatch.delenv("JOL_CONTACTS")
        load_contacts.cache_clear()


def test_a_wrong_marker_stops_the_build_with_a_plain_message(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "copy")
    edit(
        tmp_path / "copy" / "docs" / "ky" / "index.md", "{{ contact.embassy.hotline }}", "{{ contact.embassy.hotlne }}"
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "Contact marker error in docs/ky/index.md, line " in result.stderr
    assert "names an unknown field 'hotlne' of embassy" in result.stderr
