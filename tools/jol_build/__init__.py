"""The site's calculator build steps, in one place (used by hooks/calculator_assets.py and ``python -m jol_build``).

- ``build_wheel()``: the rules package's wheel, built from calculator/ alone, byte for byte the same for the same
  sources (jol_build.wheel);
- ``build_trimmed_stdlib()``: Pyodide's standard library trimmed to what the calculator uses, precompiled and checked
  inside Pyodide (jol_build.stdlib).

Both are cached in .cache/ by the hash of their inputs. Nothing here imports the tests.
"""

from __future__ import annotations

from .paths import BuildError
from .stdlib import build_trimmed_stdlib
from .wheel import build_wheel, wheel_key

__all__ = ["BuildError", "build_trimmed_stdlib", "build_wheel", "wheel_key"]
