"""The build steps from the command line (the site build runs them itself, through hooks/calculator_assets.py).

Usage::

    python -m jol_build wheel [--outdir DIR]          # the rules package's wheel (make wheel: into dist/)
    python -m jol_build stdlib [--out FILE] [--force]  # the trimmed standard library, and what it keeps
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from .paths import PYODIDE, BuildError
from .stdlib import build_trimmed_stdlib
from .wheel import build_wheel


def _wheel(args: argparse.Namespace) -> None:
    wheel = build_wheel()
    if args.outdir:
        args.outdir.mkdir(parents=True, exist_ok=True)
        wheel = Path(shutil.copy2(wheel, args.outdir / wheel.name))
    print(wheel)


def _stdlib(args: argparse.Namespace) -> None:
    path = build_trimmed_stdlib(force=args.force)
    keep = json.loads((path.parent / "keep.json").read_text(encoding="utf-8"))
    full = (PYODIDE / "python_stdlib.zip").stat().st_size
    print(f"kept {len(keep)} modules: {', '.join(name[:-3].replace('/', '.') for name in keep)}")
    print(f"trimmed stdlib: {path.stat().st_size} bytes (Pyodide's full stdlib zip: {full} bytes) -> {path}")
    if args.out:
        shutil.copy2(path, args.out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jol_build", description=__doc__.split("\n\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    wheel = steps.add_parser("wheel", help="build (or reuse) the rules package's wheel and print its path")
    wheel.add_argument("--outdir", type=Path, help="also copy the wheel into this folder")
    wheel.set_defaults(run=_wheel)
    stdlib = steps.add_parser("stdlib", help="build (or reuse) the trimmed standard library and print what it keeps")
    stdlib.add_argument("--out", type=Path, help="also copy the zip here")
    stdlib.add_argument("--force", action="store_true", help="rebuild even if cached")
    stdlib.set_defaults(run=_stdlib)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
