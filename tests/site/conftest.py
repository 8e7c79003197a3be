"""The site checks use the shared fixtures of tests/conftest.py (one build, one server, one Chromium)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
