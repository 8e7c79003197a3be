"""Every message exists in every language, with the same placeholders; every key the code uses exists."""

from __future__ import annotations

import ast
from pathlib import Path

import migration_rules
import pytest
from migration_rules.dates import LANGUAGES
from migration_rules.messages import catalogue, placeholders

PACKAGE = Path(migration_rules.__file__).parent


def keys_used_in_code() -> set[str]:
    keys: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Text", "error"):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "." in arg.value:
                        keys.add(arg.value)
    return keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_same_keys_as_english(lang: str) -> None:
    assert sorted(catalogue("en")) == sorted(catalogue(lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_english(lang: str) -> None:
    english = catalogue("en")
    mismatched = {
        key: (placeholders(english[key]), placeholders(text))
        for key, text in catalogue(lang).items()
        if placeholders(english[key]) != placeholders(text)
    }
    assert mismatched == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_empty_or_left_in_another_language(lang: str) -> None:
    for key, text in catalogue(lang).items():
        assert text.strip(), key
        letters = [c for c in text if c.isalpha()]
        cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
        if lang == "en":
            assert cyrillic < 0.1, key
        else:
            assert cyrillic > 0.6, key


def test_kyrgyz_messages_use_kyrgyz_letters_and_russian_ones_do_not() -> None:
    kyrgyz = "".join(catalogue("ky").values())
    russian = "".join(catalogue("ru").values())
    assert sum(kyrgyz.count(c) for c in "ңөүҢӨҮ") > 100
    assert sum(russian.count(c) for c in "ңөүҢӨҮ") == 0


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    used = keys_used_in_code()
    generated = {f"error.unknown_{field}" for field in ("purpose", "region", "lang")}
    generated |= {f"title.{name}" for name in migration_rules.DEADLINE_IDS}
    generated |= {"stay.contract_open", "stay.contract_family_open", "amina.medical_due", "error.year_used_up"}
    assert len(used) > 40
    assert set() == (used | generated) - set(catalogue("en"))


def test_every_catalogue_key_is_used_somewhere() -> None:
    source = "".join(path.read_text(encoding="utf-8") for path in PACKAGE.glob("*.py"))
    unused = [
        key
        for key in catalogue("en")
        if f'"{key}"' not in source
        and not key.startswith("error.unknown_")
        and key not in ("stay.contract_open", "stay.contract_family_open")
    ]
    assert unused == []


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        catalogue("de")


def test_kyrgyz_messages_follow_the_glossary() -> None:
    """Deadlines say «ушул күндөн кечиктирбей» (or «…га чейин (ушул күндү кошо)»); the glossary's verbs."""
    for key, text in catalogue("ky").items():
        assert "ушул күнгө чейин" not in text or "(ушул күндү кошо)" in text, key
        for wrong in ("жүрө ал", "жүрүү", "чыга элек", "Талаа", "Сиздин күнүңүз", "алуудан жана сүрөткө тартуудан өт"):
            assert wrong not in text, (key, wrong)
        assert "кийин {days} күндүн ичинде" not in text, key
