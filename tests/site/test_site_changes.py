"""What changed: data/changes.toml and data/pending.toml on the "What changed" page, in the Atom feeds, and on the
home page for a reader coming back (hooks/jol_changes.py)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import feedparser
import pytest
from jol_changes import (
    CHANGES_FILE,
    ChangesError,
    atom_feed,
    load_changes,
    parse_changes,
    render_marker,
    warn_stale_pending,
)
from jol_site import LANGUAGES, reload_parameters
from test_site_hooks import _parameters_with_new_registration_days

pytestmark = pytest.mark.site

DAY = dt.date(2026, 12, 7)
DOCUMENT = tomllib.loads(CHANGES_FILE.read_text(encoding="utf-8"))
BOLD_DATE = re.compile(r"^- \*\*")


def test_the_entries_are_newest_first_and_split_into_coming_and_past() -> None:
    changes = load_changes()
    dates = [entry.date for entry in changes.entries]
    assert dates == sorted(dates, reverse=True)
    coming = render_marker("coming", "en", DAY, "test")
    past = render_marker("past", "en", DAY, "test")
    assert coming.startswith("- **1 September 2029:**")
    assert "1 September 2029" not in past and past.startswith("- **7 December 2026, in this guide:**")
    # on the day itself the change is no longer coming
    assert "1 September 2029" in render_marker("past", "en", dt.date(2029, 9, 1), "test")
    assert render_marker("coming", "en", dt.date(2029, 9, 1), "test") == "No future change is known yet."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_starts_with_its_date_in_bold_in_every_language(lang: str) -> None:
    for line in render_marker("past", lang, DAY, "test").splitlines():
        if line.startswith("- "):
            assert BOLD_DATE.match(line), line


def test_a_new_legal_value_without_an_entry_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOL_PARAMETERS", str(_parameters_with_new_registration_days(tmp_path, dt.date(2027, 3, 1))))
    reload_parameters()
    try:
        with pytest.raises(ChangesError) as caught:
            parse_changes(DOCUMENT)
        assert "registration.exemption_days a new value from 2027-03-01" in str(caught.value)
        assert 'parameters = ["registration.exemption_days"]' in str(caught.value)
        entry = {
            "date": dt.date(2027, 3, 1),
            "parameters": ["registration.exemption_days"],
            "page": "registration.md#by-when",
            "ky": "**2027-жылдын 1-мартынан баштап:** каттоо 15 күн ичинде.",
            "ru": "**С 1 марта 2027 года:** регистрация в течение 15 дней.",
            "en": "**From 1 March 2027:** registration within 15 days.",
        }
        changes = parse_changes({**DOCUMENT, "entry": [*DOCUMENT["entry"], entry]})
        assert changes.entries[1].parameters == ("registration.exemption_days",)  # after 2029, before 2026
    finally:
        monkeypatch.delenv("JOL_PARAMETERS")
        reload_parameters()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.pop("ky"), "write the text in ky too"),
        (lambda e: e.update(en="  "), "write the text in en too"),
        (lambda e: e.update(date="2026-12-07"), "'date' must be a date written YYYY-MM-DD without quotes"),
        (lambda e: e.update(page="employmnet.md#extend-stay"), "docs/en has no such page"),
        (lambda e: e.update(colour="red"), "unknown key(s) colour"),
        (lambda e: e.update(parameters=["stay.days_per_yaer"]), "parameters.toml does not have"),
        (lambda e: e.update(parameters=["stay.days_per_year"]), "stay.days_per_year has no value from 2026-12-07"),
    ],
)
def test_a_wrong_entry_is_refused_with_a_plain_message(change: Any, message: str) -> None:
    entries = [dict(entry) for entry in DOCUMENT["entry"]]
    first = next(entry for entry in entries if entry["date"] == DAY)
    change(first)
    with pytest.raises(ChangesError, match=re.escape(message)):
        parse_changes({**DOCUMENT, "entry": entries})


def test_every_dated_value_of_the_law_has_its_source_listed_with_its_date() -> None:
    sources = render_marker("sources", "en", DAY, "test")
    assert "Federal Law No. 121-FZ of 23 May 2025" in sources  # Amina, named by three entries: listed once each way
    assert sources.count("<https://") >= len(DOCUMENT["source"])
    ky = render_marker("sources", "ky", DAY, "test")
    assert "«Федеральный закон от 23.05.2025 № 121-ФЗ" in ky  # a Russian title is quoted in a Kyrgyz sentence


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pending_bills_show_stage_status_date_source_and_pages(lang: str) -> None:
    text = render_marker("pending", lang, DAY, "test")
    assert text.count("\n- ") + 1 == 2
    assert "(medical.md#pending)" in text and "(employment.md#pending)" in text
    assert "https://ria.ru/20260210/migrant-2073471772.html" in text
    stale = {"ky": "өзгөргөн болушу мүмкүн", "ru": "он мог измениться", "en": "it may have changed"}[lang]
    assert text.count(stale) == 2  # both statuses were seen more than 90 days before 7 December 2026
    assert stale not in render_marker("pending", lang, dt.date(2026, 3, 20), "test")


def test_editors_are_warned_of_a_status_older_than_90_days_only() -> None:
    assert len(warn_stale_pending(DAY)) == 2
    (line,) = warn_stale_pending(dt.date(2026, 5, 12))  # 91 days after 10 February
    assert "'medical-exam-30-days-for-everyone' was last seen on 2026-02-10 (91 days ago" in line
    assert warn_stale_pending(dt.date(2026, 5, 11)) == []  # 90 days: not yet


def test_an_unknown_marker_names_the_page() -> None:
    with pytest.raises(ChangesError, match=re.escape("docs/en/index.md: unknown marker <!-- jol:changes latest -->")):
        render_marker("latest", "en", DAY, "docs/en/index.md")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_is_valid_atom_with_the_changes_in_force(lang: str) -> None:
    feed = feedparser.parse(atom_feed(lang, DAY))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    past = [entry for entry in load_changes().entries if entry.date <= DAY]
    assert len(feed.entries) == len(past) > 10
    assert feed.entries[0].title.startswith(
        {"ky": "2026-жылдын 7-декабры", "ru": "7 декабря 2026", "en": "7 December"}[lang]
    )
    assert feed.entries[0].link == "employment/#extend-stay"
    assert feed.feed.language == lang
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    assert all("{{" not in entry.summary for entry in feed.entries)  # placeholders are filled


def test_with_the_sites_address_the_feed_links_are_absolute() -> None:
    feed = feedparser.parse(atom_feed("ru", DAY, "https://example.org/jol/"))
    assert feed.entries[0].link == "https://example.org/jol/ru/employment/#extend-stay"
    assert any(link.rel == "self" and link.href == "https://example.org/jol/ru/feed.xml" for link in feed.feed.links)


@pytest.mark.parametrize(("lang", "prefix"), [("ky", ""), ("ru", "ru/"), ("en", "en/")])
def test_every_page_links_its_languages_feed(site_dir: Path, lang: str, prefix: str) -> None:
    feed = site_dir / prefix / "feed.xml"
    assert not feedparser.parse(feed.read_bytes()).bozo
    for page in sorted((site_dir / prefix).glob("*/index.html")):
        if page.parent.name in LANGUAGES:
            continue
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
        assert link, f"{page} has no feed link"
        assert (page.parent / link.group(1)).resolve() == feed.resolve()
