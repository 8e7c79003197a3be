"""Trim Pyodide's standard library to what the calculator needs, precompiled to .pyc inside Pyodide.

    python -m jol_build stdlib [--out FILE]     # build (or reuse) the trimmed zip and print what it keeps

Steps (each one runs the pinned npm Pyodide under Node, see scripts/pyodide_stdlib.mjs):

1. record: with the full standard library, do what the site's worker does — start Pyodide, unpack the rules
   package's wheel, run the worker's bridge code — on every worked example of the package
   (calculator/tests/examples, in ky, ru and en) and make the .ics of each; raise one Python error. Every
   standard-library module then in ``sys.modules`` is kept, plus ALLOWLIST (modules imported lazily on paths the
   examples do not reach) and the packages that contain them.
2. compile: compile those modules' sources inside Pyodide (Python 3.14 bytecode; the host's CPython 3.11 would
   write the wrong bytecode) into an uncompressed zip of .pyc files (the web server compresses it on the wire).
3. verify: start Pyodide with ONLY that zip and the wheel — the very files the site serves — and check that every
   worked example gives the same response as CPython, both when Python starts afresh and when it is restored from a
   memory snapshot (as the worker does on a later visit). A failure stops the build.

The result is cached in .cache/stdlib/<hash of the inputs>/python_stdlib.zip. hooks/calculator_assets.py calls
build_trimmed_stdlib() during the site build.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from migration_rules.dates import LANGUAGES
from migration_rules.examples import load_examples

from .paths import CACHE, EXAMPLES, PYODIDE, ROOT, BuildError
from .wheel import build_wheel

HELPER = ROOT / "scripts" / "pyodide_stdlib.mjs"
STDLIB_CACHE = CACHE / "stdlib"

# Modules imported lazily, on paths the worked examples may not reach; kept whatever the recording says.
ALLOWLIST = (
    "encodings.aliases",  # codec lookup by an alias name
    "encodings.utf_8",
    "encodings.ascii",
    "encodings.latin_1",
    "traceback",  # Pyodide formats every Python exception with it
    "linecache",
    "_strptime",  # datetime.strptime / time.strptime
    "_pydatetime",  # datetime's pure-Python fallback
    "calendar",  # used by _strptime
    "locale",  # used by _strptime and calendar
)


def _node(*args: str) -> None:
    result = subprocess.run(["node", str(HELPER), *args], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"node {HELPER.name} {args[0]} failed:\n{result.stdout}\n{result.stderr}")


def example_requests() -> list[object]:
    """Every worked example's request in each language (calculator/tests/examples)."""
    requests: list[object] = []
    for example in load_examples(EXAMPLES):
        for lang in LANGUAGES:
            requests.append({**example.request, "lang": lang} if isinstance(example.request, dict) else example.request)
    return requests


def _expected(requests: list[object]) -> list[object]:
    """CPython's answers through the same bridge the browser calls (with the page's written-out dates)."""
    from migration_rules.bridge import calculate_json

    return [json.loads(calculate_json(json.dumps(request))) for request in requests]


def _module_paths(stdlib: zipfile.ZipFile) -> dict[str, str]:
    """Module name -> path of its source in Pyodide's stdlib zip."""
    paths: dict[str, str] = {}
    for name in stdlib.namelist():
        if not name.endswith(".py"):
            continue
        module = name[:-3].replace("/", ".")
        if module.endswith(".__init__"):
            module = module[: -len(".__init__")]
        paths[module] = name
    return paths


def keep_list(recorded: list[str], stdlib: zipfile.ZipFile) -> list[str]:
    """Source paths of the recorded and allowlisted modules and of every package that contains one."""
    paths = _module_paths(stdlib)
    wanted = {name for name in [*recorded, *ALLOWLIST] if name in paths}
    for name in list(wanted):
        parts = name.split(".")
        wanted.update(".".join(parts[:i]) for i in range(1, len(parts)) if ".".join(parts[:i]) in paths)
    return sorted(paths[name] for name in wanted)


def _inputs_key(wheel: Path) -> str:
    digest = hashlib.sha256()
    for path in [
        Path(__file__),
        HELPER,
        ROOT / "calculator" / "web" / "worker" / "bridge.mjs",
        PYODIDE / "package.json",
        PYODIDE / "python_stdlib.zip",
        wheel,
        *sorted(EXAMPLES.glob("*.toml")),
    ]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_trimmed_stdlib(force: bool = False) -> Path:
    """Path of the trimmed, precompiled, verified standard library zip (built if not cached)."""
    if shutil.which("node") is None:
        raise BuildError("Node is needed to trim the standard library inside Pyodide (install Node 20)")
    wheel = build_wheel()
    out_dir = STDLIB_CACHE / _inputs_key(wheel)
    out = out_dir / "python_stdlib.zip"
    if out.is_file() and not force:
        return out
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        requests = example_requests()
        (tmp / "requests.json").write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
        (tmp / "expected.json").write_text(json.dumps(_expected(requests), ensure_ascii=False), encoding="utf-8")
        _node("record", str(wheel), str(tmp / "requests.json"), str(tmp / "modules.json"))
        recorded = json.loads((tmp / "modules.json").read_text(encoding="utf-8"))
        with zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as stdlib:
            keep = keep_list(recorded, stdlib)
        (tmp / "keep.json").write_text(json.dumps(keep), encoding="utf-8")
        _node("compile", str(tmp / "keep.json"), str(tmp / "python_stdlib.zip"))
        _node(
            "verify", str(tmp / "python_stdlib.zip"), str(wheel), str(tmp / "requests.json"), str(tmp / "expected.json")
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tmp / "keep.json", out_dir / "keep.json")
        shutil.copy2(tmp / "python_stdlib.zip", out)
    return out
