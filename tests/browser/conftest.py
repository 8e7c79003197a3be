"""Fixtures of the calculator's browser checks, on top of the shared ones of tests/conftest.py.

Set JOL_SITE_DIR to test an existing build instead of building one (``mkdocs build -d DIR``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sitetools import CHROMIUM, CHROMIUM_ARGS, PHONE, ROOT, wait_until_kept  # noqa: F401 (re-exported)


@pytest.fixture(scope="session")
def calc_site(site_dir: Path) -> Path:
    """The built site: the session's single strict build (tests/conftest.py), or JOL_SITE_DIR."""
    return site_dir


@pytest.fixture(scope="session")
def chromium(browser: Any) -> Any:
    """The session's headless Chromium (tests/conftest.py)."""
    return browser
