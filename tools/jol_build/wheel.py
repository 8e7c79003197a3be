"""The rules package's wheel, as the site serves it to phones.

Built from calculator/ alone (its pyproject.toml, README.md and src/) by hatchling through ``python -m build``, with
a fixed SOURCE_DATE_EPOCH: the same sources give the same bytes. The wheel's hash keys the worker's saved copy of
Python on every phone (calculator/web/worker.js), so nothing outside calculator/ may change it; a README edit at the
repository root does not. Cached in .cache/calculator-wheel/<wheel_key()>/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from .paths import CACHE, CALCULATOR, BuildError

# hatchling's own default time for reproducible builds (2020-02-02), pinned here so that a SOURCE_DATE_EPOCH set in
# the environment (by a CI system, say) cannot change the wheel's bytes.
SOURCE_DATE_EPOCH = "1580601600"


def wheel_inputs(project: Path = CALCULATOR) -> list[Path]:
    """The files the wheel is built from: the project's metadata and its package sources (no caches)."""
    sources = [
        path
        for path in (project / "src").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]
    return sorted([project / "pyproject.toml", project / "README.md", *sources])


def wheel_key(project: Path = CALCULATOR) -> str:
    """Hash of the wheel's inputs (paths relative to the project), this build step and the pinned hatchling."""
    digest = hashlib.sha256()
    digest.update(f"hatchling {version('hatchling')} epoch {SOURCE_DATE_EPOCH}\n".encode())
    digest.update(Path(__file__).read_bytes())
    for path in wheel_inputs(project):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel_into(project: Path, outdir: Path) -> Path:
    """Build the wheel of ``project`` into ``outdir`` (no cache) and return its path."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp, str(project)]
        result = subprocess.run(command, capture_output=True, text=True, cwd=project, env=env, check=False)
        if result.returncode != 0:
            raise BuildError(f"Building the rules package's wheel failed:\n{result.stdout}\n{result.stderr}")
        wheels = sorted(Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            raise BuildError(f"Expected one wheel from {project}, found {[wheel.name for wheel in wheels]}")
        outdir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheels[0], outdir / wheels[0].name))


def build_wheel(project: Path = CALCULATOR, cache: Path = CACHE / "calculator-wheel") -> Path:
    """The wheel of ``project``, from the cache when its inputs have not changed."""
    out = cache / wheel_key(project)
    wheels = sorted(out.glob("*.whl")) if out.is_dir() else []
    if len(wheels) == 1:
        return wheels[0]
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        wheel = build_wheel_into(project, Path(tmp))
        out.mkdir(parents=True, exist_ok=True)
        target = out / wheel.name
        os.replace(wheel, target)  # whole or not at all, even with two builds at once
    return target
