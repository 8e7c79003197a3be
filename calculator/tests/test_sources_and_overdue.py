"""Sources in the reader's language with their dates; what overdue items tell the reader to do today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from migration_rules import calculate
from migration_rules.parameters import load_parameters
from migration_rules.ruid import last_filing_day

WORKER = {"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02"}


def item(response: dict[str, Any], deadline_id: str) -> dict[str, Any]:
    return next(d for d in response["deadlines"] if d["id"] == deadline_id)


def test_kyrgyz_and_russian_answers_give_the_russian_title_and_article_english_the_english_one() -> None:
    answers = {lang: item(calculate({**WORKER, "lang": lang}), "stay_limit") for lang in ("ky", "ru", "en")}
    russian = (
        "Федеральный закон от 25.07.2002 № 115-ФЗ «О правовом положении иностранных граждан в Российской Федерации»"
    )
    for lang in ("ky", "ru"):
        assert answers[lang]["sources"][0]["title"].startswith(russian)
        assert "ст. 5 п. 1" in answers[lang]["sources"][0]["title"]
    assert answers["en"]["sources"][0]["title"].startswith("Federal Law No. 115-FZ of 25 July 2002")
    assert "Art. 5 §1" in answers["en"]["sources"][0]["title"]
    urls = {lang: [s["url"] for s in answer["sources"]] for lang, answer in answers.items()}
    assert urls["ky"] == urls["ru"] == urls["en"]


def test_every_source_carries_its_own_date() -> None:
    response = calculate({**WORKER, "region": "moscow", "lang": "en", "today": "2026-06-01"})
    for deadline in response["deadlines"]:
        for source in deadline["sources"]:
            assert dt.date.fromisoformat(source["date"]) <= dt.date(2026, 12, 31), source


def test_every_shipped_reference_has_a_russian_title_and_article_and_a_date_not_in_the_future() -> None:
    parameters = load_parameters()
    for name in parameters.names():
        for value in parameters[name].values:
            reference = value.reference
            assert reference.title_ru and reference.article_ru, name
            assert reference.date is not None and reference.date <= dt.date.today(), name
            assert reference.date_kind in ("act", "published", "consolidated"), name


def test_kyrgyzstan_joined_the_eaeu_on_12_august_2015() -> None:
    parameters = load_parameters()
    for name in ("worker.stay_follows_contract", "worker.new_contract_days", "worker.new_contract_after_days"):
        assert parameters[name].values[0].since == dt.date(2015, 8, 12), name


def test_the_amina_regime_ends_on_1_september_2029() -> None:
    parameters = load_parameters()
    for name in ("amina.covers_work", "amina.covers_long_stay"):
        assert parameters.at(name, dt.date(2029, 8, 31)).value is True
        assert parameters.at(name, dt.date(2029, 9, 1)).value is False


def test_the_ruid_purposes_are_purpose_ids() -> None:
    from migration_rules.request import PURPOSES

    value = load_parameters().at("ruid.purposes", dt.date(2026, 7, 1)).value
    assert isinstance(value, str)
    assert {name.strip() for name in value.split(",")} == {"work", "study"} <= set(PURPOSES)


def test_the_ruid_day_is_72_hours_before_any_crossing_time_on_the_entry_day() -> None:
    entry = dt.date(2027, 3, 1)
    due = last_filing_day(entry, 72)
    assert due == dt.date(2027, 2, 25)
    end_of_due = dt.datetime.combine(due + dt.timedelta(days=1), dt.time())  # midnight after the due day
    assert dt.datetime.combine(entry, dt.time()) - end_of_due >= dt.timedelta(hours=72)
    assert dt.datetime.combine(entry, dt.time()) - (end_of_due + dt.timedelta(days=1)) < dt.timedelta(hours=72)
    assert last_filing_day(entry, 4) == dt.date(2027, 2, 27)


def test_an_item_not_yet_overdue_says_nothing_about_what_to_do_once_late() -> None:
    response = calculate({**WORKER, "lang": "en", "today": "2026-03-30"})
    for deadline in response["deadlines"]:
        assert "This day has passed" not in deadline["explanation"]
        assert "at once" not in deadline["explanation"] or deadline["id"] == "amina"
        assert all("18.8" not in source["title"] for source in deadline["sources"])


def test_overdue_items_say_what_to_do_today_with_their_sources() -> None:
    response = calculate({**WORKER, "lang": "en", "today": "2026-06-01"})
    registration = item(response, "registration")
    assert "Today: ask your receiving party" in registration["explanation"]
    assert any("Art. 18.8" in source["title"] for source in registration["sources"])
    assert any("248-FZ" in source["title"] for source in registration["sources"])
    stay = item(response, "stay_limit")
    assert "Leave Russia at once" in stay["explanation"]
    medical = item(response, "medical_exam")
    assert any("vedomosti.ru" in source["url"] for source in medical["sources"])


def test_before_5_february_2025_the_police_could_not_order_expulsion_without_a_court() -> None:
    request = {"entry_date": "2025-01-01", "purpose": "work", "lang": "en"}
    before = item(calculate({**request, "today": "2025-02-04"}), "registration")
    on = item(calculate({**request, "today": "2025-02-05"}), "registration")
    assert "police" not in before["explanation"] and "248-FZ" not in str(before["sources"])
    assert "Since 5 February 2025 the police" in on["explanation"]


def test_new_deadline_ids_are_listed() -> None:
    from migration_rules import DEADLINE_IDS

    assert DEADLINE_IDS[-2:] == ("extend_stay", "ruid_application")


def test_the_stay_limit_points_to_the_extension_only_when_one_is_needed() -> None:
    request = {"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-10", "lang": "en"}
    short = calculate({**request, "contract": {"start": "2026-03-05", "end": "2026-05-29"}})
    long = calculate({**request, "contract": {"start": "2026-03-05", "end": "2026-05-30"}})
    assert "only if by then your stay is extended" not in item(short, "stay_limit")["explanation"]
    assert "only if by then your stay is extended" in item(long, "stay_limit")["explanation"]


def test_on_day_91_one_note_says_the_readings_disagree_and_the_usual_limit_applies() -> None:
    request = {"entry_date": "2026-03-01", "purpose": "work", "today": "2026-06-01", "lang": "en"}
    response = calculate({**request, "contract": {"start": "2026-03-02", "terminated": "2026-05-30"}})
    assert len(response["notes"]) == 1
    assert "no right, and the usual limit of days applies" in response["notes"][0]
