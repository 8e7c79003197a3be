"""Fixtures shared by the site checks (tests/site) and the calculator's browser checks (tests/browser).

One strict MkDocs build per test session (or the build in JOL_SITE_DIR), served on 127.0.0.1, and one headless
Debian Chromium driven by Playwright (never a downloaded browser). The rules package's tests (calculator/tests) are
outside this folder and need none of this: they also run inside Pyodide.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitetools import CHROMIUM, CHROMIUM_ARGS, ROOT, mkdocs_build, serve


@pytest.fixture(scope="session")
def build_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    existing = os.environ.get("JOL_SITE_DIR")
    if existing:
        done = subprocess.CompletedProcess(["(JOL_SITE_DIR)"], 0, stdout="", stderr="")
        return done, Path(existing)
    site_dir = tmp_path_factory.mktemp("site")
    return mkdocs_build(ROOT / "mkdocs.yml", site_dir), site_dir


@pytest.fixture(scope="session")
def site_dir(build_result: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    """The built site (fails every test that needs it if `mkdocs build --strict` fails)."""
    result, path = build_result
    if result.returncode != 0:
        pytest.fail("mkdocs build --strict failed:\n" + (result.stdout + result.stderr)[-6000:], pytrace=False)
    return path


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Base URL (ending in /) of the built site, served on 127.0.0.1."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium` (or set JOL_CHROMIUM)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
