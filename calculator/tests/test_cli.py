"""The command line reads a JSON request on stdin and prints the response."""

from __future__ import annotations

import datetime as dt
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


class BytesStdin:
    """Standard input as a terminal or a pipe gives it: bytes underneath."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run_bytes(monkeypatch: pytest.MonkeyPatch, stdin: bytes, *args: str, encoding: str = "utf-8") -> tuple[int, bytes]:
    """Run with bytes in and a stdout of the given encoding; returns the exit code and the bytes written."""
    out = io.BytesIO()
    monkeypatch.setattr("sys.stdin", BytesStdin(stdin))
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(out, encoding=encoding, errors="strict"))
    code = main(list(args))
    return code, out.getvalue()


def test_text_mode_writes_the_due_date_out_in_the_request_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    request = '{"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-01", "lang": "ky"}'
    code, out = run(monkeypatch, capsys, request, "--text")
    assert code == 0
    assert "\n    2026-жылдын 30-марты\n" in out


def test_output_is_utf8_even_when_the_terminal_is_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    request = b'{"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-01", "lang": "ky"}'
    for args in ((), ("--text",)):
        code, out = run_bytes(monkeypatch, request, *args, encoding="ascii")
        assert code == 0
        assert "Миграциялык каттоо" in out.decode("utf-8")


def test_bytes_that_are_not_utf8_get_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_bytes(monkeypatch, b'{"entry_date": "\xff\xfe", "purpose": "work", "today": "2026-03-01"}')
    assert code == 1
    errors = json.loads(out.decode("utf-8"))["errors"]
    assert [error["field"] for error in errors] == ["entry_date"]
    assert "\ufffd" in errors[0]["message"]


def test_a_byte_order_mark_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    request = '{"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-01"}'
    code, _ = run_bytes(monkeypatch, "\ufeff".encode() + request.encode())
    assert code == 0


def test_a_lone_surrogate_is_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    request = b'{"entry_date": "\\ud800", "purpose": "work", "today": "2026-03-01", "lang": "en", "\\udfff": 1}'
    for args in ((), ("--text",)):
        code, out = run_bytes(monkeypatch, request, *args)
        assert code == 1
        text = out.decode("utf-8")  # strict: no surrogate was written
        assert "\ufffd" in text
        assert "is not a date" in text


@pytest.mark.parametrize(
    "stdin",
    [
        "[" * 100_000,  # json.loads would recurse 100,000 times
        '{"entry_date": ' + "[" * 50 + "]" * 50 + ', "purpose": "work"}',
        '{"entry_date": "2026-03-01", "purpose": "work", "today": ' + "1" * 5000 + "}",  # too long a number
        "",
        "\x00",
    ],
    ids=["100000 levels", "50 levels", "5000 digits", "empty", "NUL"],
)
def test_unreadable_json_gets_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str
) -> None:
    code, out = run(monkeypatch, capsys, stdin)
    assert code == 1
    assert [error["field"] for error in json.loads(out)["errors"]] == ["request"]


def test_brackets_inside_texts_do_not_count_as_nesting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = '{"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-01", "x": "' + "[{" * 100 + '\\""}'
    code, out = run(monkeypatch, capsys, stdin)
    assert code == 1
    assert [error["field"] for error in json.loads(out)["errors"]] == ["x"]


def test_empty_today_is_the_system_date(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(monkeypatch, capsys, '{"entry_date": "2026-03-01", "purpose": "work", "today": "", "lang": "en"}')
    assert code == 0
    assert json.loads(out)["deadlines"]


def test_a_system_clock_before_2025_gets_the_clock_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"entry_date": "2026-03-01", "purpose": "work", "lang": "en"}'))
    code = main(["--text"], today=dt.date(2000, 1, 1))
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("! today: The date on your phone is 1 January 2000.")
