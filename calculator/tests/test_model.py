"""The parameter context used by the rules: typed look-ups fail loudly on a wrongly typed parameter."""

from __future__ import annotations

import datetime as dt

import pytest
from migration_rules import amina
from migration_rules.messages import _flatten
from migration_rules.model import Context, Request
from migration_rules.parameters import load_parameters

DAY = dt.date(2026, 3, 1)


def test_typed_lookups_refuse_the_wrong_kind_of_parameter() -> None:
    ctx = Context()
    with pytest.raises(TypeError, match="not a number of days"):
        ctx.days("amina.covers_work", DAY)
    with pytest.raises(TypeError, match="not true/false"):
        ctx.flag("stay.days_per_year", DAY)
    with pytest.raises(TypeError, match="not a date"):
        ctx.latest_date("stay.days_per_year")


def test_first_day_true_is_none_when_never_true() -> None:
    ctx = Context()
    assert ctx.first_day_true("worker.stay_follows_contract", DAY) == DAY
    assert ctx.first_day_true("amina.covers_work", dt.date(2025, 1, 1)) == dt.date(2025, 9, 1)
    parameters = load_parameters()
    never = parameters["amina.covers_work"].values[:1]
    object.__setattr__(parameters["amina.covers_work"], "values", never)
    try:
        assert Context(parameters).first_day_true("amina.covers_work", DAY) is None
    finally:
        load_parameters.cache_clear()


def test_amina_without_a_medical_exam_date_still_explains() -> None:
    request = Request(entry_date=DAY, purpose="work", today=DAY, lang="en", region="moscow")
    deadline, notes = amina.amina(request, Context(), None)
    assert deadline is not None and notes == []
    assert "amina.medical_due" not in [text.key for text in deadline.explanation]


def test_a_message_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValueError, match="must be a text"):
        _flatten("", {"title": {"amina": 5}}, {})
