"""The build hooks: placeholders, the `checked` front matter, the per-language search index."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from jol_site import PlaceholderError, format_date, page_language, parse_checked, substitute_placeholders
from sitetools import HOOKS, load_hook, mkdocs_build

pytestmark = pytest.mark.site

DAY = dt.date(2026, 11, 25)


def fake_page(src_uri: str, meta: dict[str, object] | None = None) -> SimpleNamespace:
    file = SimpleNamespace(src_uri=src_uri, locale=src_uri.split("/")[0], abs_src_path=None, content_string="")
    return SimpleNamespace(file=file, meta=dict(meta or {}))


# ------------------------------------------------------------------------------------------------- placeholders


def test_placeholders_give_values_and_dates_in_the_page_language() -> None:
    text = "{{ stay.days_per_year }} days since {{ stay.days_per_year | since }}."
    assert substitute_placeholders(text, "en", DAY) == "90 days since 1 January 2025."
    assert substitute_placeholders(text, "ru", DAY) == "90 days since 1 января 2025 года."
    assert substitute_placeholders("{{ amina.covers_work | since }}тан", "ky", DAY) == "2025-жылдын 1-сентябрытан"
    assert substitute_placeholders("{{medical.exempt_under_age}}", "en", DAY) == "6"
    # in a Markdown table the pipe is escaped
    assert substitute_placeholders("| {{ medical.work_days \\| since }} |", "en", DAY) == "| 29 December 2021 |"


def test_placeholders_follow_the_date() -> None:
    before, after = dt.date(2026, 8, 31), dt.date(2026, 9, 1)
    assert substitute_placeholders("{{ amina.covers_long_stay | since }}", "en", after) == "1 September 2026"
    assert substitute_placeholders("{{ amina.covers_long_stay | since }}", "en", before) == "1 January 2025"


PARAMETERS = Path(__file__).resolve().parents[2] / "calculator/src/migration_rules/data/parameters.toml"


def _parameters_with_new_registration_days(tmp_path: Path, start: dt.date) -> Path:
    """A copy of parameters.toml in which the registration exemption becomes 15 days on ``start``.

    The new block copies the parameter's last value (so it has every field a value needs) with a new date and number.
    """
    text = PARAMETERS.read_text(encoding="utf-8")
    header = "[[registration.exemption_days.values]]"
    begin = text.rindex(header)
    end = text.index("\n\n", begin)
    block = re.sub(r"(?m)^from = .*$", f"from = {start.isoformat()}", text[begin:end])
    block = re.sub(r"(?m)^value = .*$", "value = 15", block)
    block = re.sub(r"(?m)^since = .*\n", "", block)
    path = tmp_path / "parameters.toml"
    path.write_text(text[:end] + "\n\n" + block + text[end:], encoding="utf-8")
    return path


def test_a_newer_dated_value_is_written_beside_the_value_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jol_site import reload_parameters

    monkeypatch.setenv("JOL_PARAMETERS", str(_parameters_with_new_registration_days(tmp_path, dt.date(2027, 3, 1))))
    reload_parameters()
    try:
        text = "**{{ registration.exemption_days }}** / {{ stay.days_per_year }}"
        on_the_eve = dt.date(2027, 2, 28)
        assert substitute_placeholders(text, "en", on_the_eve) == "**30 (from 1 March 2027: 15)** / 90"
        assert substitute_placeholders(text, "ru", on_the_eve) == "**30 (с 1 марта 2027 года: 15)** / 90"
        assert substitute_placeholders(text, "ky", on_the_eve) == "**30 (2027-жылдын 1-мартынан тартып: 15)** / 90"
        for lang in ("ky", "ru", "en"):
            assert substitute_placeholders(text, lang, dt.date(2027, 3, 1)) == "**15** / 90"
    finally:
        monkeypatch.delenv("JOL_PARAMETERS")
        reload_parameters()


def test_a_value_dated_tomorrow_shows_on_tomorrows_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jol_site import today

    monkeypatch.delenv("JOL_TODAY", raising=False)
    tomorrow = today() + dt.timedelta(days=1)  # today() is the day in Moscow, as the nightly build sees it
    parameters = str(_parameters_with_new_registration_days(tmp_path, tomorrow))
    config = _tiny_project(tmp_path, HEAD + "{{ registration.exemption_days }} күн\n")
    pages = {}
    for label, extra in (("today", {}), ("tomorrow", {"JOL_TODAY": tomorrow.isoformat()})):
        result = mkdocs_build(config, tmp_path / label, {"JOL_PARAMETERS": parameters, **extra})
        assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
        html = (tmp_path / label / "ky" / "index.html").read_text(encoding="utf-8")
        pages[label] = html.split("<h1", 1)[1].split("</article>", 1)[0]
    assert f"30 ({format_date(tomorrow, 'ky', 'abl')} тартып: 15) күн" in pages["today"]
    assert "15 күн" in pages["tomorrow"] and "30" not in pages["tomorrow"]


def test_the_build_day_is_the_day_in_moscow(monkeypatch: pytest.MonkeyPatch) -> None:
    from jol_site import today

    monkeypatch.delenv("JOL_TODAY", raising=False)
    assert today(dt.datetime(2026, 12, 6, 20, 59, tzinfo=dt.UTC)) == dt.date(2026, 12, 6)  # 23:59 in Moscow
    assert today(dt.datetime(2026, 12, 6, 21, 5, tzinfo=dt.UTC)) == dt.date(2026, 12, 7)  # the nightly build, 00:05
    monkeypatch.setenv("JOL_TODAY", "2027-03-01")
    assert today(dt.datetime(2026, 12, 6, 21, 5, tzinfo=dt.UTC)) == dt.date(2027, 3, 1)


def test_substitution_is_idempotent() -> None:
    once = substitute_placeholders("{{ registration.exemption_days }} күн", "ky", DAY)
    assert substitute_placeholders(once, "ky", DAY) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ stay.days_per_yaer }}", "unknown parameter 'stay.days_per_yaer'"),
        ("{{ stay.days_per_year | sinse }}", "unknown filter 'sinse'"),
        ("{{ 90 }}", "is malformed"),
        ("{{ stay.days_per_year since }}", "is malformed"),
        ("{{ amina.covers_work }}", "yes/no value"),
        ("text\n{{ stay.days_per_year }\n", "unmatched '{{'"),
    ],
)
def test_bad_placeholders_name_the_page_and_the_placeholder(text: str, expected: str) -> None:
    with pytest.raises(PlaceholderError) as error:
        substitute_placeholders(text, "ru", DAY, where="docs/ru/border.md", line_offset=3)
    message = str(error.value)
    assert "docs/ru/border.md" in message and expected in message
    if "unmatched" not in expected:
        assert text.strip() in message  # the placeholder itself
    assert "line 4" in message or "line 5" in message


def test_parameters_hook_fails_the_build_with_a_plain_message() -> None:
    from mkdocs.exceptions import PluginError

    hook = load_hook("parameters")
    page = fake_page("ky/border.md")
    assert hook.on_page_markdown("{{ registration.exemption_days }} күн", page, None, None) == "30 күн"
    with pytest.raises(PluginError, match=r"docs/ky/border.md.*\{\{ nope\.nope \}\}"):
        hook.on_page_markdown("x {{ nope.nope }}", page, None, None)


def test_page_language_from_path() -> None:
    assert page_language("ru/registration.md") == "ru"
    assert page_language("en/index.md") == "en"
    assert page_language("ky/index.md") == "ky"
    assert page_language("assets/x.css") == "ky"


# --------------------------------------------------------------------------------------------- checked and dates


def test_checked_front_matter_is_required_and_must_be_a_date() -> None:
    assert parse_checked({"checked": dt.date(2026, 1, 2)}) == dt.date(2026, 1, 2)
    assert parse_checked({"checked": "2026-01-02"}) == dt.date(2026, 1, 2)
    with pytest.raises(ValueError, match="no 'checked' date"):
        parse_checked({}, "docs/en/border.md")
    with pytest.raises(ValueError, match="not a date"):
        parse_checked({"checked": "25.11.2026"}, "docs/en/border.md")
    with pytest.raises(ValueError, match="not a date"):
        parse_checked({"checked": "2026-02-30"}, "docs/en/border.md")


def test_dates_hook_writes_localised_lines_and_fails_without_checked() -> None:
    from mkdocs.exceptions import PluginError

    hook = load_hook("page_dates")
    meta = {"checked": dt.date(2026, 11, 1), "sources_up_to": dt.date(2026, 5, 18)}
    page = fake_page("ru/border.md", meta)
    hook.on_page_markdown("text", page, None, None)
    assert page.meta["jol_dates"] == [
        "Проверено 1 ноября 2026 года: сверено с источниками, опубликованными не позднее 18 мая 2026 года.",
        "Последнее обновление: изменения ещё не внесены в репозиторий.",
    ]
    assert hook.date_lines("ky", dt.date(2026, 11, 1), dt.date(2026, 4, 30), dt.date(2026, 11, 2)) == [
        "2026-жылдын 1-ноябрында текшерилди: 2026-жылдын 30-апрелине чейин жарыяланган булактар менен салыштырылды.",
        "Акыркы жолу жаңыланды: 2026-жылдын 2-ноябры.",
    ]
    assert hook.date_lines("en", dt.date(2026, 11, 1), dt.date(2026, 5, 18), None)[0] == (
        "Checked on 1 November 2026 against sources published up to 18 May 2026."
    )
    with pytest.raises(PluginError, match=r"docs/en/border\.md: the front matter has no 'checked' date"):
        hook.on_page_markdown("text", fake_page("en/border.md"), None, None)
    with pytest.raises(PluginError, match=r"docs/en/border\.md: the front matter has no 'sources_up_to' date"):
        hook.on_page_markdown("text", fake_page("en/border.md", {"checked": dt.date(2026, 11, 1)}), None, None)
    with pytest.raises(PluginError, match="in the future"):
        future = {"checked": dt.date(2999, 1, 1), "sources_up_to": dt.date(2026, 1, 1)}
        hook.on_page_markdown("text", fake_page("en/border.md", future), None, None)
    with pytest.raises(PluginError, match="'sources_up_to: 2026-12-01' is after 'checked: 2026-11-01'"):
        later = {"checked": dt.date(2026, 11, 1), "sources_up_to": dt.date(2026, 12, 1)}
        hook.on_page_markdown("text", fake_page("en/border.md", later), None, None)


def test_git_date_of_a_committed_and_an_unknown_file(tmp_path: Path) -> None:
    hook = load_hook("page_dates")
    assert hook.git_date(str(tmp_path / "nothing.md")) is None


# ------------------------------------------------------------------------------------------------------- search


def test_search_index_is_split_by_language() -> None:
    hook = load_hook("search")
    data = {
        "config": {"lang": ["en", "ru"], "fields": {"title": {"boost": 1000.0}}},
        "docs": [
            {"location": "", "title": "Башкы бет", "text": ""},
            {"location": "registration/#who", "title": "Ким", "text": ""},
            {"location": "ru/", "title": "Главная", "text": "миграционный учёт"},
            {"location": "ru/registration/#who", "title": "Кто", "text": ""},
            {"location": "en/", "title": "Home", "text": ""},
        ],
    }
    synonyms = {"ky": {"регистрация": ["каттоо"]}, "ru": {}, "en": {}}
    split = hook.split_index(data, ["ky", "ru", "en"], "ky", synonyms)
    assert [d["location"] for d in split["ky"]["docs"]] == ["", "registration/#who"]
    assert [d["location"] for d in split["ru"]["docs"]] == ["", "registration/#who"]
    assert [d["title"] for d in split["ru"]["docs"]] == ["Главная", "Кто"]
    assert [d["location"] for d in split["en"]["docs"]] == [""]
    assert split["ru"]["docs"][0]["text"] == "миграционный учёт"  # the text is not changed: the worker folds ё
    assert split["ky"]["config"]["jol"] == {"fold": hook.FOLD, "synonyms": {"регистрация": ["каттоо"]}}
    assert split["ru"]["config"]["jol"]["synonyms"] == {}
    assert data["docs"][2]["location"] == "ru/"  # the input is not changed


# ----------------------------------------------------------------------------------- a real build that must fail


HEAD = "---\nchecked: 2026-01-01\nsources_up_to: 2025-12-01\n---\n\n# T\n\n"  # a page's first lines


def _tiny_project(tmp_path: Path, page: str) -> Path:
    """A minimal MkDocs project with the Jol hooks and one page docs/ky/index.md."""
    (tmp_path / "docs" / "ky").mkdir(parents=True)
    (tmp_path / "docs" / "ky" / "index.md").write_text(page, encoding="utf-8")
    hooks = "\n".join(f"  - {HOOKS / name}" for name in ("parameters.py", "page_dates.py"))
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: test\ndocs_dir: docs\nhooks:\n{hooks}\n", encoding="utf-8")
    return config


def test_build_fails_on_a_bad_placeholder(tmp_path: Path) -> None:
    config = _tiny_project(tmp_path, HEAD + "{{ stay.days_per_yaer }} күн\n")
    result = mkdocs_build(config, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/ky/index.md, line 8" in output and "{{ stay.days_per_yaer }}" in output, output[-3000:]


def test_build_fails_without_checked(tmp_path: Path) -> None:
    config = _tiny_project(tmp_path, "# T\n\n{{ stay.days_per_year }} күн\n")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/ky/index.md: the front matter has no 'checked' date" in result.stdout + result.stderr


def test_tiny_build_with_good_page_passes(tmp_path: Path) -> None:
    config = _tiny_project(tmp_path, HEAD + "{{ stay.days_per_year }} күн\n")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "90 күн" in (tmp_path / "site" / "ky" / "index.html").read_text(encoding="utf-8")


def test_kyrgyz_case_filters_follow_the_month() -> None:
    import datetime as dt

    from jol_site import substitute_placeholders

    day = dt.date(2026, 11, 25)
    text = substitute_placeholders("{{ amina.covers_work | since_abl }} тартып", "ky", day)
    assert text == "2025-жылдын 1-сентябрынан тартып"
    assert substitute_placeholders("{{ amina.covers_work | since_abl }}", "en", day) == "1 September 2025"
    assert substitute_placeholders("{{ stay.days_per_year | since_dat }}", "ky", day) == "2025-жылдын 1-январына"
