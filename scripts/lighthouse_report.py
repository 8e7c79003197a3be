"""Lighthouse's mobile scores of the site (prints figures; not a test). `make benchmark` runs it after the benchmark.

    .venv/bin/python -m scripts.lighthouse_report [--page PATH ...] [--keep DIR]

Builds the site as it is published (with its address, site_url, set to the local server's, so canonical, hreflang and
og:image addresses are absolute), serves it the way a static host does (gzip for text, a short cache lifetime), and
runs Lighthouse (the npm package pinned in package.json) on Debian's Chromium, with Lighthouse's default mobile
settings (a mid-range phone, simulated slow 4G), for a guide page in each language and the calculator. It prints
the four category scores of each page and, for a score under 100, the audits that cost points.

Targets of the project: accessibility, best practices and SEO 100; performance at least 95 on guide pages.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import socket
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from tests.site.sitetools import CHROMIUM, CHROMIUM_ARGS, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = ["registration/", "ru/registration/", "en/registration/", "calculator/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".webmanifest", ".txt")


class HostLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host would: gzip for text when the browser accepts it, cached for 10 minutes."""

    extensions_map = {  # noqa: RUF012
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".webmanifest": "application/manifest+json",
        ".json": "application/json",
    }

    compressed = COMPRESSED  # the kinds of file sent with gzip
    sent: list[tuple[str, int]] = []  # noqa: RUF012 (a subclass gives its own list to count the bytes it sends)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        url_path = self.path.split("?", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if path.is_file() and path.suffix in self.compressed and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.sent.append((self.path, len(body)))
            return _Bytes(body)
        if path.is_file():
            self.sent.append((self.path, path.stat().st_size))
        return super().send_head()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def lighthouse(url: str) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def losses(report: dict[str, Any], category: str) -> list[str]:
    """The audits of a category that cost points, worst first."""
    audits = report["audits"]
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            found.append((score, f"{audit['title']}{value}: {score * 100:.0f}"))
    return [text for _, text in sorted(found)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page", action="append", help="a page's path (default: four pages)")
    parser.add_argument("--keep", type=Path, help="write each page's full Lighthouse report (JSON) to this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse is missing: run `make setup` (npm ci installs it from package-lock.json)")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="jol-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        built = mkdocs_build(ROOT / "mkdocs.yml", site, {"JOL_SITE_URL": base})
        if built.returncode != 0:
            raise SystemExit("mkdocs build failed:\n" + (built.stdout + built.stderr)[-4000:])
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(HostLikeHandler, directory=str(site))
        )
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            rows = []
            for path in args.page or PAGES:
                report = lighthouse(base + path)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    name = path.strip("/").replace("/", "-") or "home"
                    (args.keep / f"{name}.json").write_text(json.dumps(report), encoding="utf-8")
                scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
                rows.append((path, scores, {c: losses(report, c) for c in CATEGORIES if scores[c] < 100}))
        finally:
            server.shutdown()
            server.server_close()
    print(f"\nLighthouse {lighthouse_version()} (mobile, simulated throttling), Chromium at {CHROMIUM}:")
    print(f"{'page':<22}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for path, scores, _ in rows:
        print(f"{'/' + path:<22}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
    for path, _, lost in rows:
        for category, items in lost.items():
            print(f"\n/{path} — {category}:")
            for item in items:
                print(f"  - {item}")


def lighthouse_version() -> str:
    data = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text(encoding="utf-8"))
    return str(data["version"])


if __name__ == "__main__":
    main()
