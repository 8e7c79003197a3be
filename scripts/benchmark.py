"""Benchmark of the calculator in Chromium (prints figures; not a test).

    .venv/bin/python -m scripts.benchmark [--site DIR] [--runs N]    # from the repository root

Builds the site (unless --site is given), serves it and a baseline page from one local server, and measures, for
the same calculation (entry 1 March 2026, purpose work):

(a) the calculator page: Pyodide in a module Web Worker, trimmed precompiled stdlib, wheel unpacked;
(b) the baseline: stock Pyodide from the same npm package (pyodide.js, its lock file, the full stdlib), loaded on
    the main thread the way most sites embed it, then the same wheel and the same calculation.

For each: bytes transferred (response bodies as served, uncompressed) and the time from navigation to the first
result on the page's own clock (the performance mark set when the answer is on the page), with a cold cache (fresh
browser profile) and a warm cache (the same profile, second visit; the first visit is left to finish keeping its
files and its copy of Python, as a reader's phone would). Then the sizes of what Pyodide sends, raw, gzip -9 and
brotli q11 (Node's zlib), as a static host would compress them; then a first visit over slow mobile data
(1.6 Mbit/s, 150 ms, Chromium's throttling) to each, served compressed, with the bytes over the wire
(--skip-slow leaves it out). Last, a summary: cold start, warm start, the warm
ratio to the baseline and Pyodide's brotli bytes, each against the project's target (a report, not a test).

--skip-baseline measures the calculator alone (quicker, while trying a change); --no-service-worker blocks the
site's service worker in both runs, to see what it costs.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# Run as a module from the repository root (python -m puts the root on the import path): the browser and the server
# are the browser checks' own.
from scripts.lighthouse_report import HostLikeHandler
from tests.browser.server import StaticServer
from tests.site.sitetools import CHROMIUM, CHROMIUM_ARGS, PHONE

ROOT = Path(__file__).resolve().parent.parent

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
  performance.mark("baseline-answer");
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


# "allow": the site as readers get it, with its offline service worker; "block" with --no-service-worker.
SERVICE_WORKERS = "allow"


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


# Where the calculator's time goes: performance marks of the page and of the worker (calculator/web/worker.js posts
# its marks to the page as "jol-worker:<name>"), in ms since navigation. (label, mark) in the order of loading.
STAGES = (
    ("HTML received", "nav:responseEnd"),
    ("DOMContentLoaded", "nav:domContentLoadedEventEnd"),
    ("worker created (<head> if SW controls)", "jol-calc-start"),
    ("page script running", "jol-calc-script"),
    ("worker.js running", "jol-worker:worker-start"),
    ("pyodide.mjs imported", "jol-worker:pyodide.mjs"),
    ("pyodide.asm.mjs imported", "jol-worker:asm.mjs-imported"),
    ("Emscripten module started", "jol-worker:emscripten-start"),
    ("wasm: request sent", "jol-worker:fetch-start:pyodide.asm.wasm"),
    ("wasm: response headers (network)", "jol-worker:fetch-headers:pyodide.asm.wasm"),
    ("wasm: kept copy opened", "jol-worker:kept:pyodide.asm.wasm"),
    ("wasm: compileStreaming started", "jol-worker:wasm-compile-start"),
    ("wasm: compiled", "jol-worker:wasm-compiled"),
    ("wasm: Pyodide asks to instantiate", "jol-worker:wasm-instantiate-start"),
    ("wasm: instantiated", "jol-worker:wasm-instantiated"),
    ("stdlib: request sent (network)", "jol-worker:fetch-start:python_stdlib.zip"),
    ("stdlib: kept copy opened", "jol-worker:kept:python_stdlib.zip"),
    ("stdlib: all bytes in", "jol-worker:stdlib-body"),
    ("Emscripten preRun", "jol-worker:emscripten-prerun"),
    ("saved Python copy read and unpacked (warm)", "jol-worker:snapshot-read"),
    ("Emscripten module ready", "jol-worker:emscripten-ready"),
    ("Pyodide init done (loadPyodide)", "jol-worker:pyodide-init"),
    ("wheel bytes in", "jol-worker:wheel-fetched"),
    ("wheel unpacked", "jol-worker:wheel-unpacked"),
    ("first import (bridge) done", "jol-worker:first-import"),
    ("Python copy made (cold)", "jol-worker:snapshot-made"),
    ("worker ready", "jol-calc-ready"),
    ("first calculate: start", "jol-worker:calculate-start"),
    ("first calculate: end", "jol-worker:calculate-end"),
    ("answer on the page", "jol-calc-answer"),
)
MARKS_JS = """() => {
  const out = {};
  for (const m of performance.getEntriesByType("mark")) if (!(m.name in out)) out[m.name] = m.startTime;
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav) for (const key of ["responseEnd", "domContentLoadedEventEnd"]) out["nav:" + key] = nav[key];
  return out;
}"""


def run_calculator(page, url: str) -> tuple[float, float, dict[str, float]]:
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.fill("#calc-entry_date", REQUEST["entry_date"])
    page.select_option("#calc-purpose", REQUEST["purpose"])
    page.check("#calc-region-other")  # the region is the reader's choice: none is chosen for him
    page.click("#calc-submit")  # queued in the worker until Python is ready
    page.wait_for_selector("#calc-result .calc-item", timeout=180_000)
    elapsed = time.perf_counter() - start
    page.wait_for_function("performance.getEntriesByName('jol-worker:calculate-end').length > 0", timeout=10_000)
    # A reader stays on the page: let a first visit finish saving its copy of Python before the next visit.
    page.wait_for_function(
        "performance.getEntriesByName('jol-worker:files-kept').length > 0"
        " && (document.getElementById('jol-calc')?.dataset.engine === 'snapshot'"
        " || performance.getEntriesByName('jol-worker:snapshot-stored').length > 0)",
        timeout=60_000,
    )
    marks = page.evaluate(MARKS_JS)
    return marks["jol-calc-answer"] / 1000, elapsed, marks


def run_baseline(page, url: str) -> tuple[float, float, dict[str, float]]:
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("body[data-done=true]", timeout=180_000)
    elapsed = time.perf_counter() - start
    return page.evaluate(MARKS_JS)["baseline-answer"] / 1000, elapsed, {}


def measure(playwright, server: StaticServer, url: str, runner, runs: int) -> dict[str, object]:
    # A persistent profile (disk cache, like a phone's browser): an off-the-record context keeps its cache in memory
    # and does not keep a 9.6 MB wasm file, nor the compiled wasm code.
    cold, warm, cold_bytes, warm_bytes, files = [], [], [], [], {}
    cold_wall: list[float] = []
    warm_wall: list[float] = []
    cold_marks: list[dict[str, float]] = []
    warm_marks: list[dict[str, float]] = []
    for _ in range(runs):
        profile = tempfile.mkdtemp(prefix="jol-bench-profile-")
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, service_workers=SERVICE_WORKERS, **PHONE
        )
        page = context.pages[0] if context.pages else context.new_page()
        server.take_transfers()
        elapsed, wall, marks = runner(page, url)
        cold.append(elapsed)
        cold_wall.append(wall)
        cold_marks.append(marks)
        transfers = server.take_transfers()
        cold_bytes.append(sum(size for _, code, size in transfers if code == 200))
        files = {path: size for path, code, size in transfers if code == 200}
        page.goto("about:blank")
        elapsed, wall, marks = runner(page, url)
        warm.append(elapsed)
        warm_wall.append(wall)
        warm_marks.append(marks)
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
        "wall": (statistics.median(cold_wall), statistics.median(warm_wall)),
        "marks": (cold_marks, warm_marks),
    }


def print_breakdown(m: dict[str, object]) -> None:
    """Median time of each loading step (ms since navigation) and the gap from the row above, cold and warm.

    Downloads overlap (the wasm, the stdlib and the wheel are fetched at once), so a gap is not always the step's cost.
    """
    cold_marks, warm_marks = m["marks"]  # type: ignore[misc]

    def median(runs: list[dict[str, float]], name: str) -> float | None:
        values = [run[name] for run in runs if name in run]
        return statistics.median(values) if values else None

    title = "calculator: where the time goes (ms since navigation)"
    print(f"\n{title:<44}{'cold':>8}{'gap':>7} {'warm':>8}{'gap':>7}")
    previous = [0.0, 0.0]
    for label, name in STAGES:
        cells = []
        for i, runs in enumerate((cold_marks, warm_marks)):
            at = median(runs, name)
            if at is None:
                cells.append(f"{'-':>8}{'':>7}")
                continue
            cells.append(f"{at:8.0f}{at - previous[i]:+7.0f}")
            previous[i] = at
        print(f"  {label:<42}{cells[0]} {cells[1]}")


# The project's targets (README): time to the first result, and Pyodide's files over the wire with brotli.
TARGETS = {"cold": 2.5, "warm": 1.0, "ratio": 3.0, "brotli": 4.0}


def print_summary(ours: dict[str, object], base: dict[str, object] | None, brotli: int, runs: int) -> None:
    """The four figures the project watches, each against its target."""
    cold, warm = float(ours["cold"]), float(ours["warm"])  # type: ignore[arg-type]
    ratio = float(base["warm"]) / warm if base else None  # type: ignore[arg-type]
    rows = [
        (f"cold start (median of {runs})", f"{cold:.2f} s", f"<= {TARGETS['cold']} s", cold <= TARGETS["cold"]),
        (f"warm start (median of {runs})", f"{warm:.2f} s", f"<= {TARGETS['warm']} s", warm <= TARGETS["warm"]),
        (
            "warm: stock Pyodide / calculator",
            f"{ratio:.2f}x" if ratio else "-",
            f">= {TARGETS['ratio']}x",
            None if ratio is None else ratio >= TARGETS["ratio"],
        ),
        ("Pyodide files, brotli 11", f"{brotli / 1e6:.2f} MB", f"<= {TARGETS['brotli']} MB", brotli / 1e6 <= 4.0),
    ]
    print(f"\n{'summary':<34}{'measured':>10}  {'target':<10} result")
    for label, measured, target, met in rows:
        result = "not measured" if met is None else ("met" if met else "MISSED")
        print(f"  {label:<32}{measured:>10}  {target:<10} {result}")


def compressed_sizes(paths: list[Path]) -> dict[str, list[int]]:
    with tempfile.NamedTemporaryFile("w", suffix=".mjs", delete=False) as script:
        script.write(SIZES_JS)
    try:
        out = subprocess.run(["node", script.name, *map(str, paths)], capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    return json.loads(out.stdout)


def brotli_total(site: Path) -> int:
    """Brotli-11 bytes of the Pyodide files the calculator serves."""
    version = json.loads((ROOT / "node_modules/pyodide/package.json").read_text())["version"]
    files = sorted((site / "assets" / "pyodide" / version).iterdir())
    return sum(sizes[2] for sizes in compressed_sizes(files).values())


# --- slow mobile data ----------------------------------------------------------------------------------------------
# The first visit on slow mobile data, as the usability test measured it (1.6 Mbit/s down, 150 ms): Chromium's network
# throttling, and a server that compresses as a static host does (gzip -6 for every file a host compresses: text,
# JavaScript, wasm and the stdlib zip). The bytes are what went over the wire.
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 // 8, "uploadThroughput": 750_000 // 8}
HOST_COMPRESSES = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".webmanifest", ".wasm", ".zip", ".whl")


def slow_first_visit(playwright: Any, root: Path, path: str, runner: Any) -> tuple[float, int]:
    """Seconds to the first result and bytes over the wire, on a first visit over slow mobile data."""
    sent: list[tuple[str, int]] = []
    handler = type("Handler", (HostLikeHandler,), {"sent": sent, "compressed": HOST_COMPRESSES})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    profile = tempfile.mkdtemp(prefix="jol-bench-slow-")
    try:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, service_workers="block", **PHONE
        )
        page = context.pages[0] if context.pages else context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", SLOW)
        elapsed, _wall, _marks = runner(page, f"http://127.0.0.1:{httpd.server_address[1]}/{path}")
        context.close()
        return elapsed, sum(size for _, size in sent)
    finally:
        httpd.shutdown()
        shutil.rmtree(profile, ignore_errors=True)


def print_slow(ours: tuple[float, int], base: tuple[float, int] | None) -> None:
    print("\nFirst visit on slow mobile data (1.6 Mbit/s, 150 ms; files compressed as a static host sends them):")
    print(f"  (a) calculator  {ours[0]:6.1f} s to the first result, {ours[1] / 1e6:5.2f} MB over the wire")
    if base is not None:
        print(f"  (b) baseline    {base[0]:6.1f} s to the first result, {base[1] / 1e6:5.2f} MB over the wire")
        print(f"  ratios b/a: time {base[0] / ours[0]:.2f}x, bytes {base[1] / ours[1]:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-baseline", action="store_true", help="measure the calculator only (while iterating)")
    parser.add_argument("--skip-slow", action="store_true", help="leave out the first visit over slow mobile data")
    parser.add_argument(
        "--no-service-worker", action="store_true", help="block the site's service worker (offline cache) in both runs"
    )
    args = parser.parse_args()
    global SERVICE_WORKERS
    SERVICE_WORKERS = "block" if args.no_service_worker else "allow"
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
            if args.skip_baseline:
                cold, warm = ([round(t, 2) for t in ts] for ts in ours["runs"])
                print(f"calculator only (median of {args.runs}): cold {ours['cold']:.2f} s {cold}")
                print(f"                                 warm {ours['warm']:.2f} s {warm}")
                print_breakdown(ours)
                print_summary(ours, None, brotli_total(site), args.runs)
                if not args.skip_slow:
                    print_slow(slow_first_visit(playwright, tmp, "site/en/calculator/", run_calculator), None)
                return 0
            base = measure(playwright, server, server.url + "baseline/", run_baseline, args.runs)
            slow = None
            if not args.skip_slow:
                slow = (
                    slow_first_visit(playwright, tmp, "site/en/calculator/", run_calculator),
                    slow_first_visit(playwright, tmp, "baseline/", run_baseline),
                )

        def row(name: str, m: dict[str, object]) -> str:
            return (
                f"{name:<34} cold {m['cold']:6.2f} s  warm {m['warm']:6.2f} s  "
                f"bytes cold {m['cold_bytes'] / 1e6:6.2f} MB  warm {m['warm_bytes'] / 1e6:6.2f} MB"
            )

        print(
            f"\nTime from navigation to first result on the page's own clock (median of {args.runs}), bytes as served"
            " (uncompressed):"
        )
        print(row("(a) calculator (worker, trimmed)", ours))
        print(row("(b) baseline (main thread, stock)", base))
        print(
            f"ratios b/a: cold time {base['cold'] / ours['cold']:.2f}x, warm time {base['warm'] / ours['warm']:.2f}x, "
            f"cold bytes {base['cold_bytes'] / ours['cold_bytes']:.2f}x"
        )
        rounded = {name: [[round(t, 2) for t in ts] for ts in m["runs"]] for name, m in (("a", ours), ("b", base))}
        print(f"runs (cold, warm): calculator {rounded['a']}, baseline {rounded['b']}")
        print(
            "wall clock incl. Playwright driving the page (median cold/warm): "
            f"calculator {ours['wall'][0]:.2f}/{ours['wall'][1]:.2f} s, "
            f"baseline {base['wall'][0]:.2f}/{base['wall'][1]:.2f} s"
        )
        print_breakdown(ours)

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
        if slow is not None:
            print_slow(*slow)
        print_summary(ours, base, sum(sizes[str(path)][2] for path in ours_files), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
