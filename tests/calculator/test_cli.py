"""The command line reads a JSON request on stdin and prints the response."""

from __future__ import annotations

import io
import json

import pytest
from migration_rules.__main__ import main


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, *args: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    return code, capsys.readouterr().out


def test_json_in_json_out(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(monkeypatch, capsys, '{"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-01"}')
    response = json.loads(out)
    assert code == 0
    assert response["deadlines"][0]["due"] == "2026-03-30"
    assert response["deadlines"][0]["title"] == "Миграциялык каттоо"


def test_text_mode_for_editors(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    request = '{"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-01", "lang": "en", "region": "moscow"}'
    code, out = run(monkeypatch, capsys, request, "--text")
    assert code == 0
    assert "2026-03-30 (+29)  [upcoming]  Migration registration" in out
    assert "—  [upcoming]  Amina app" in out
    assert "rules checked: " in out


def test_bad_json_gets_a_clear_error_and_exit_code_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(monkeypatch, capsys, "entry 1 March", "--text")
    assert code == 1
    assert out.startswith("! request: ")


def test_default_today_is_the_system_date(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(monkeypatch, capsys, '{"entry_date": "2026-03-01", "purpose": "private", "lang": "en"}')
    assert code == 0
    assert json.loads(out)["deadlines"]
