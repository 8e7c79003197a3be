"""MkDocs hook: the calculator's runtime in the built site.

After the build it writes (paths relative to the site root):

- ``assets/pyodide/<version>/``: pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm from the pinned npm package, and
  ``python_stdlib.zip`` — the trimmed standard library precompiled inside Pyodide (jol_build.stdlib);
- ``assets/calculator/``: the rules package's wheel built from calculator/ (``migration_rules-*.whl``), the page
  script ``calculator.js``, its Web Worker ``worker.js`` and ``calculator.css`` (sources in calculator/web/).

It also gives the calculator pages (``template: calculator.html``) the addresses of these files with their versions
(``jol_calculator_files``); overrides/calculator.html puts them in the page. Guide pages load none of it.

mkdocs-static-i18n runs the build once per language into the same site_dir, so this hook is idempotent: the wheel and
the trimmed standard library are built once per process (and cached in .cache/ by the hash of their inputs), and
files are only written when their content differs. Set JOL_FULL_STDLIB=1 to serve Pyodide's full standard library.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import jol_build
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_SRC = ROOT / "calculator" / "src" / "migration_rules"
WEB_SRC = ROOT / "calculator" / "web"
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
# The Pyodide files the worker needs (the lock file is passed inline; see _lock_contents()).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
CALCULATOR_TEMPLATE = "calculator.html"  # the calculator page's front matter names it

_memo: dict[str, Any] = {}


def pyodide_version() -> str:
    return str(json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"])


def _tree_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_wheel() -> Path:
    """The rules package's wheel, from calculator/ alone (jol_build.wheel: reproducible, cached by source hash)."""
    try:
        return jol_build.build_wheel()
    except jol_build.BuildError as error:
        raise PluginError(str(error)) from None


def build_stdlib() -> Path:
    """The standard library zip the site serves: trimmed and precompiled inside Pyodide (cached)."""
    if os.environ.get("JOL_FULL_STDLIB") == "1":
        return PYODIDE_DIR / "python_stdlib.zip"
    if "stdlib" in _memo and Path(_memo["stdlib"]).is_file():
        return Path(_memo["stdlib"])
    try:
        path = jol_build.build_trimmed_stdlib()
    except jol_build.BuildError as error:
        raise PluginError(f"Trimming the standard library failed: {error}") from None
    _memo["stdlib"] = str(path)
    return path


def _lock_contents() -> str:
    """A lock file with Pyodide's own "info" and no packages: the worker passes it as lockFileContents."""
    lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, separators=(",", ":"))


def _write_if_changed(target: Path, data: bytes) -> None:
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def runtime_files() -> dict[str, bytes]:
    """Every file the calculator adds to the site, by path relative to the site root."""
    if "files" in _memo and _memo.get("files_key") == _inputs_key():
        return dict(_memo["files"])
    version = pyodide_version()
    wheel = build_wheel()
    stdlib = build_stdlib()
    files: dict[str, bytes] = {}
    base = f"assets/pyodide/{version}/"
    for name in PYODIDE_FILES:
        files[base + name] = (PYODIDE_DIR / name).read_bytes()
    files[base + "python_stdlib.zip"] = stdlib.read_bytes()
    wheel_bytes = wheel.read_bytes()
    files["assets/calculator/" + wheel.name] = wheel_bytes
    worker = (WEB_SRC / "worker.js").read_text(encoding="utf-8")
    worker = (
        worker.replace("__PYODIDE_VERSION__", version)
        .replace("__WHEEL_NAME__", wheel.name)
        .replace("__WHEEL_HASH__", _short_hash(wheel_bytes))
        .replace("__STDLIB_HASH__", _short_hash(files[base + "python_stdlib.zip"]))
        .replace('"__LOCK_CONTENTS__"', json.dumps(_lock_contents()))
    )
    files["assets/calculator/worker.js"] = worker.encode("utf-8")
    page_js = (WEB_SRC / "calculator.js").read_text(encoding="utf-8")
    page_js = page_js.replace("__WORKER_HASH__", _short_hash(files["assets/calculator/worker.js"]))
    files["assets/calculator/calculator.js"] = page_js.encode("utf-8")
    files["assets/calculator/calculator.css"] = (WEB_SRC / "calculator.css").read_bytes()
    _memo["files"] = dict(files)
    _memo["files_key"] = _inputs_key()
    return files


def _inputs_key() -> str:
    project = [ROOT / "calculator" / "pyproject.toml", ROOT / "calculator" / "README.md"]
    return _tree_hash([*PACKAGE_SRC.rglob("*"), *WEB_SRC.rglob("*"), *project])


def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    for relative, data in runtime_files().items():
        _write_if_changed(site / relative, data)


def _asset_prefix(page: Any) -> str:
    """Relative path from the page's folder to the site root ("../" for calculator/, "../../" for ru/calculator/)."""
    url = page.url or ""
    return "../" * url.count("/")


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    """The calculator page (front matter ``template: calculator.html``) gets the addresses of its files, each with
    its content's hash (``?v=``), as ``jol_calculator_files``; overrides/calculator.html puts them in the page."""
    if page.meta.get("template") != CALCULATOR_TEMPLATE:
        return context
    files = runtime_files()
    prefix = _asset_prefix(page)
    context["jol_calculator_files"] = {
        key: f"{prefix}assets/calculator/{name}?v={_short_hash(files['assets/calculator/' + name])}"
        for key, name in (("css", "calculator.css"), ("js", "calculator.js"), ("worker", "worker.js"))
    }
    return context
