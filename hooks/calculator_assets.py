"""MkDocs hook: the calculator's runtime in the built site.

After the build it writes (paths relative to the site root):

- ``assets/pyodide/<version>/``: pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm from the pinned npm package, and
  ``python_stdlib.zip`` — the trimmed standard library precompiled inside Pyodide (jol_build.stdlib);
- ``assets/calculator/``: the rules package's wheel built from calculator/ (``migration_rules-*.whl``), the page
  script ``calculator.js``, its Web Worker ``worker.js`` (one file bundled from calculator/web/worker.js and the
  modules of calculator/web/worker/, see bundle_worker) and ``calculator.css`` (sources in calculator/web/).

It also gives the calculator pages (``template: calculator.html``) the addresses of these files with their versions
(``jol_calculator_files``); overrides/calculator.html puts them in the page. Guide pages load none of it.

mkdocs-static-i18n runs the build once per language into the same site_dir, so this hook is idempotent: the wheel and
the trimmed standard library are built once per process (and cached in .cache/ by the hash of their inputs), and
files are only written when their content differs. Set JOL_FULL_STDLIB=1 to serve Pyodide's full standard library.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
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
# What a static host's gzip sends (level 6, the usual default of nginx's and Apache's gzip); a file that does not get
# smaller (the zipped wheel) is counted as it is, since hosts do not compress it.
GZIP_LEVEL = 6

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


# The worker's ES modules, bundled into one file (the phone fetches the worker with one request). Dependency-free: the
# modules keep to a subset of ES module syntax that bundle_worker checks — at the top level only
# `import { a, b } from "./file.mjs";` and `export const|function|async function|class name` — and each module becomes
# a function run once, in load order, whose exports are the only names other modules see (as with real modules).
_IMPORT = re.compile(r'^import \{([^}]*)\} from "(\.[^"]+)";\n', re.MULTILINE)
_EXPORT = re.compile(r"^export (?:const|function|async function|class) ([A-Za-z_$][\w$]*)", re.MULTILINE)
_TOP_LEVEL_MODULE_SYNTAX = re.compile(r"^(?:import|export)\b", re.MULTILINE)


def bundle_worker(entry: Path) -> str:
    """One script from the ES module ``entry`` and the modules it imports (relative paths), each after those it
    imports. Raises PluginError on anything outside the supported subset, an import cycle, or a name imported that its
    module does not export."""
    order: list[Path] = []
    exports: dict[Path, list[str]] = {}
    bodies: dict[Path, str] = {}
    imports: dict[Path, list[tuple[list[str], Path]]] = {}

    def visit(path: Path, chain: tuple[Path, ...]) -> None:
        if path in chain:
            cycle = " -> ".join(p.name for p in (*chain[chain.index(path) :], path))
            raise PluginError(f"The calculator's worker modules import each other in a circle: {cycle}")
        if path in bodies:
            return
        if not path.is_file():
            raise PluginError(f"{chain[-1].name if chain else '?'} imports {path}, which does not exist")
        text = path.read_text(encoding="utf-8")
        imports[path] = [
            ([name.strip() for name in names.split(",") if name.strip()], (path.parent / source).resolve())
            for names, source in _IMPORT.findall(text)
        ]
        body = _IMPORT.sub("", text)
        exports[path] = _EXPORT.findall(body)
        body = _EXPORT.sub(lambda m: m.group(0).removeprefix("export "), body)
        leftover = _TOP_LEVEL_MODULE_SYNTAX.search(body)
        if leftover:
            line = body[leftover.start() :].split("\n", 1)[0]
            raise PluginError(f"{path.name}: the worker's bundler does not support this import/export: {line}")
        bodies[path] = body
        for names, source in imports[path]:
            visit(source, (*chain, path))
            missing = [name for name in names if name not in exports[source]]
            if missing:
                raise PluginError(f"{path.name} imports {', '.join(missing)}, which {source.name} does not export")
        order.append(path)

    visit(entry.resolve(), ())
    variable = {path: "module_" + re.sub(r"\W", "_", path.stem) for path in order}
    parts = [
        f"// Bundled by hooks/calculator_assets.py from {entry.name} and the modules it imports (calculator/web/).\n"
    ]
    for path in order:
        bindings = "".join(f"const {{ {', '.join(names)} }} = {variable[source]};\n" for names, source in imports[path])
        name = path.relative_to(entry.parent.resolve()).as_posix()
        if path == order[-1]:  # the entry module: top level, as a module script
            parts.append(f"// module {name}\n{bindings}{bodies[path]}")
        else:
            returned = f"return {{ {', '.join(exports[path])} }};\n"
            parts.append(
                f"// module {name}\nconst {variable[path]} = (() => {{\n{bindings}{bodies[path]}{returned}}})();\n"
            )
    return "".join(parts)


def sent_size(data: bytes) -> int:
    """The bytes a static host sends for a file: gzip-compressed, or as it is when that is not smaller."""
    return min(len(data), len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)))


def download_sizes(files: dict[str, bytes]) -> dict[str, list[int]]:
    """The files the calculator's worker downloads on a first visit, by file name: [bytes sent, bytes once unpacked].
    The worker counts its progress with them (env.mjs, DOWNLOAD_SIZES); the page states their sum before it downloads.
    """
    sizes = {}
    for path, data in files.items():
        name = path.rsplit("/", 1)[-1]
        if path.startswith("assets/pyodide/") or name.endswith(".whl"):
            sizes[name] = [sent_size(data), len(data)]
    return sizes


def download_bytes() -> int:
    """The calculator's first download, in bytes as sent (the sum of download_sizes)."""
    if "download_sizes" not in _memo or _memo.get("files_key") != _inputs_key():
        runtime_files()
    return sum(sent for sent, _ in _memo["download_sizes"].values())


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
    sizes = download_sizes(files)
    worker = bundle_worker(WEB_SRC / "worker.js")
    worker = (
        worker.replace("__PYODIDE_VERSION__", version)
        .replace('"__DOWNLOAD_SIZES__"', json.dumps(sizes, sort_keys=True))
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
    _memo["download_sizes"] = sizes
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
    # The files the worker keeps on the phone once downloaded (the page looks for them before asking a reader who
    # saves data), as the worker names them (env.mjs), and their size as a static host sends them.
    version = pyodide_version()
    wheel = next(path for path in files if path.endswith(".whl"))
    context["jol_calculator_download"] = {
        "bytes": download_bytes(),
        "files": [
            f"{prefix}assets/pyodide/{version}/pyodide.asm.wasm",
            f"{prefix}assets/pyodide/{version}/python_stdlib.zip?v="
            + _short_hash(files[f"assets/pyodide/{version}/python_stdlib.zip"]),
            f"{prefix}assets/pyodide/{version}/pyodide.asm.mjs",
            f"{prefix}assets/pyodide/{version}/pyodide.mjs",
            f"{prefix}{wheel}?v={_short_hash(files[wheel])}",
        ],
    }
    return context
