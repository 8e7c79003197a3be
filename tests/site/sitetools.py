"""Building and serving the site for the site checks (used by conftest.py and the tests)."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "hooks"

CHROMIUM = os.environ.get("JOL_CHROMIUM", "/usr/bin/chromium")
# A cheap Android phone's screen, for Playwright's new_context(**PHONE).
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def mkdocs_build(
    config_file: Path, site_dir: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` like `make serve` would build the site (``extra_env``: JOL_TODAY and the like)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; sends the header that lets LinkChecker make more than 10 requests per second."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser left the page before a file was sent: normal
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` with http.server on 127.0.0.1 (a free port unless ``port``); yield the base URL (ending
    in /)."""
    server = QuietServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def wait_until_kept(page: Any, seconds: float = 15) -> None:
    """Wait until the service worker has stored the page that registered it (the check is async: poll it)."""
    check = """async () => {
        if (!navigator.serviceWorker || !(await navigator.serviceWorker.getRegistration())) return false;
        const cache = await caches.open("jol-pages");
        return Boolean(await cache.match(location.href.split("#")[0]));
    }"""
    deadline = time.monotonic() + seconds
    while not page.evaluate(check):
        assert time.monotonic() < deadline, "the page was not kept for offline reading"
        page.wait_for_timeout(100)


def script_environment(root: Path = ROOT) -> dict[str, str]:
    """The environment `make check` and `make translations` run their script in (for a copy of the repository too):
    that copy's rules package, hooks and site-check helpers first."""
    path = os.pathsep.join(str(root / part) for part in ("calculator/src", "hooks", "tests/site"))
    return {**os.environ, "PYTHONPATH": path}


def run_script(script: str, root: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """A script of the repository at ``root`` (``scripts/check.py``) run as the Makefile runs it, its output as text
    (a failing status is returned, not raised)."""
    return subprocess.run(
        [sys.executable, script],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=script_environment(root),
    )


def load_hook(name: str) -> ModuleType:
    """A hook of hooks/ as a module (``load_hook("offline")``), loaded afresh from its file, as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location(f"jol_test_hook_{name}", HOOKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def site_file(site: Path, url: str) -> Path | None:
    """The file of the built site ``site`` that a URL of it serves (a folder's index.html), or None."""
    path = unquote(urlparse(url).path).lstrip("/")
    candidate = site / path
    if candidate.is_dir() or path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def load_script(name: str) -> Any:
    """A script of scripts/ as a module (for tests of its functions), without putting scripts/ on sys.path."""
    spec = importlib.util.spec_from_file_location(f"jol_script_{name}", ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
