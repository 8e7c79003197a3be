"""How the code finds its code: through installed packages and pytest's ``pythonpath``, never by editing sys.path,
and the build never imports the tests."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("hooks", "scripts", "tests", "tools", "calculator/src", "calculator/tests")
# sys.path.insert(…), .append, .extend, sys.path += …, sys.path[:0] = …
EDITS_SYS_PATH = re.compile(r"\bsys\.path\s*(?:\.\s*(?:insert|append|extend)\s*\(|\+=|\[[^\]]*\]\s*=[^=])")


def source_files() -> list[Path]:
    files = [path for folder in SOURCES for path in (ROOT / folder).rglob("*") if path.suffix in {".py", ".mjs", ".js"}]
    return sorted(path for path in files if "__pycache__" not in path.parts)


def test_the_pattern_finds_what_it_looks_for() -> None:
    for line in ("sys.path.insert(0, str(ROOT))", "sys.path.append(p)", "sys.path[:0] = [p]", "sys.path += [p]"):
        assert EDITS_SYS_PATH.search(line), line
    assert not EDITS_SYS_PATH.search("[p for p in sys.path if p.endswith('site-packages')]")


def test_no_file_edits_sys_path() -> None:
    files = source_files()
    assert len(files) > 40
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EDITS_SYS_PATH.search(line)
    ]
    assert not found, "import through pytest's pythonpath or an installed package instead:\n" + "\n".join(found)


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_the_build_imports_neither_the_tests_nor_the_hooks() -> None:
    build = sorted([*(ROOT / "tools" / "jol_build").glob("*.py"), *(ROOT / "hooks").glob("*.py")])
    hooks = {path.stem for path in (ROOT / "hooks").glob("*.py")}
    for path in build:
        imports = {module.split(".")[0] for module in imported_modules(path)}
        assert "tests" not in imports, path
        assert "scripts" not in imports, path
        if path.parent.name == "jol_build":
            assert not imports & hooks, f"{path} imports a hook: {imports & hooks}"
