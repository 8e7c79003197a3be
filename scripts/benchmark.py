"""Benchmark of the calculator in Chromium (prints figures; not a test).

    .venv/bin/python scripts/benchmark.py [--site DIR] [--runs N]

Builds the site (unless --site is given), serves it and a baseline page from one local server, and measures, for
the same calculation (entry 1 March 2026, purpose work):

(a) the calculator page: Pyodide in a module Web Worker, trimmed precompiled stdlib, wheel unpacked;
(b) the baseline: stock Pyodide from the same npm package (pyodide.js, its lock file, the full stdlib), loaded on
    the main thread the way most sites embed it, then the same wheel and the same calculation.

For each: bytes transferred (response bodies as served, uncompressed) and the time from navigation to the first
result, with a cold cache (fresh browser profile) and a warm cache (the same profile, second visit). Then the sizes of
what Pyodide sends, raw, gzip -9 and brotli q11 (Node's zlib), as a static host would compress them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.browser.server import StaticServer  # noqa: E402

REQUEST = {"entry_date": "2026-03-01", "purpose": "work", "today": "2026-03-02", "lang": "en"}
BASELINE_FILES = ("pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
BASELINE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Baseline: stock Pyodide on the main thread</title>
<script src="pyodide/pyodide.js"></script></head>
<body><pre id="out">Loading…</pre>
<script>
(async () => {
  const pyodide = await loadPyodide({ indexURL: "pyodide/" });
  const wheel = new Uint8Array(await (await fetch("WHEEL")).arrayBuffer());
  const purelib = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: purelib });
  pyodide.runPython("import json, migration_rules");
  pyodide.globals.set("request_json", JSON.stringify(REQUEST));
  const out = pyodide.runPython("json.dumps(migration_rules.calculate(json.loads(request_json)))");
  document.getElementById("out").textContent = out;
  document.body.dataset.done = "true";
})();
</script></body></html>
"""
SIZES_JS = """
import { readFileSync } from "node:fs"; import zlib from "node:zlib";
const out = {};
for (const f of process.argv.slice(1)) { const b = readFileSync(f);
  out[f] = [b.length, zlib.gzipSync(b, { level: 9 }).length,
    zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length]; }
console.log(JSON.stringify(out));
"""


def build_site(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)], cwd=ROOT, env=env, check=True
    )


def make_baseline(site: Path, out: Path) -> None:
    (out / "pyodide").mkdir(parents=True)
    for name in BASELINE_FILES:
        shutil.copy2(ROOT / "node_modules" / "pyodide" / name, out / "pyodide" / name)
    wheel = next((site / "assets" / "calculator").glob("migration_rules-*.whl"))
    shutil.copy2(wheel, out / wheel.name)
    html = BASELINE_HTML.replace("WHEEL", wheel.name).replace("REQUEST", json.dumps(REQUEST))
    (out / "index.html").write_text(html, encoding="utf-8")


def run_calculator(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.fill("#calc-entry_date", REQUEST["entry_date"])
    page.select_option("#calc-purpose", REQUEST["purpose"])
    page.click("#calc-submit")  # queued in the worker until Python is ready
    page.wait_for_selector("#calc-result .calc-item", timeout=180_000)
    return time.perf_counter() - start


def run_baseline(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("body[data-done=true]", timeout=180_000)
    return time.perf_counter() - start


def measure(playwright, server: StaticServer, url: str, runner, runs: int) -> dict[str, object]:
    # A persistent profile (disk cache, like a phone's browser): an off-the-record context keeps its cache in memory
    # and does not keep a 9.6 MB wasm file, nor the compiled wasm code.
    cold, warm, cold_bytes, warm_bytes, files = [], [], [], [], {}
    for _ in range(runs):
        profile = tempfile.mkdtemp(prefix="jol-bench-profile-")
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE
        )
        page = context.pages[0] if context.pages else context.new_page()
        server.take_transfers()
        cold.append(runner(page, url))
        transfers = server.take_transfers()
        cold_bytes.append(sum(size for _, code, size in transfers if code == 200))
        files = {path: size for path, code, size in transfers if code == 200}
        page.goto("about:blank")
        warm.append(runner(page, url))
        warm_bytes.append(sum(size for _, code, size in server.take_transfers() if code == 200))
        context.close()
        shutil.rmtree(profile, ignore_errors=True)
    return {
        "cold": statistics.median(cold),
        "warm": statistics.median(warm),
        "cold_bytes": max(cold_bytes),
        "warm_bytes": max(warm_bytes),
        "files": files,
        "runs": (cold, warm),
    }


def compressed_sizes(paths: list[Path]) -> dict[str, list[int]]:
    with tempfile.NamedTemporaryFile("w", suffix=".mjs", delete=False) as script:
        script.write(SIZES_JS)
    try:
        out = subprocess.run(["node", script.name, *map(str, paths)], capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        site = tmp / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            print("building the site…", flush=True)
            build_site(site)
        make_baseline(site, tmp / "baseline")
        with StaticServer(tmp) as server, sync_playwright() as playwright:
            ours = measure(playwright, server, server.url + "site/en/calculator/", run_calculator, args.runs)
            base = measure(playwright, server, server.url + "baseline/", run_baseline, args.runs)

        def row(name: str, m: dict[str, object]) -> str:
            return (
                f"{name:<34} cold {m['cold']:6.2f} s  warm {m['warm']:6.2f} s  "
                f"bytes cold {m['cold_bytes'] / 1e6:6.2f} MB  warm {m['warm_bytes'] / 1e6:6.2f} MB"
            )

        print(f"\nTime from navigation to first result (median of {args.runs}), bytes as served (uncompressed):")
        print(row("(a) calculator (worker, trimmed)", ours))
        print(row("(b) baseline (main thread, stock)", base))
        print(
            f"ratios b/a: cold time {base['cold'] / ours['cold']:.2f}x, warm time {base['warm'] / ours['warm']:.2f}x, "
            f"cold bytes {base['cold_bytes'] / ours['cold_bytes']:.2f}x"
        )
        print(f"runs: calculator {ours['runs']}, baseline {base['runs']}")

        version = json.loads((ROOT / "node_modules/pyodide/package.json").read_text())["version"]
        ours_files = sorted((site / "assets" / "pyodide" / version).iterdir())
        base_files = [tmp / "baseline" / "pyodide" / name for name in BASELINE_FILES]
        sizes = compressed_sizes([*ours_files, *base_files])
        for title, files in (
            ("(a) calculator: Pyodide files", ours_files),
            ("(b) baseline: Pyodide files", base_files),
        ):
            print(f"\n{title}:            raw        gzip -9     brotli 11")
            totals = [0, 0, 0]
            for path in files:
                raw, gz, br = sizes[str(path)]
                totals = [totals[0] + raw, totals[1] + gz, totals[2] + br]
                print(f"  {path.name:<26} {raw / 1e6:8.3f} MB {gz / 1e6:8.3f} MB {br / 1e6:8.3f} MB")
            print(f"  {'total':<26} {totals[0] / 1e6:8.3f} MB {totals[1] / 1e6:8.3f} MB {totals[2] / 1e6:8.3f} MB")
        print(
            "\nNote: a zip of deflated files (the stock python_stdlib.zip) barely compresses again; the trimmed one is"
            " stored uncompressed so the host's brotli/gzip applies."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
