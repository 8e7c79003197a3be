"""The rules package's wheel (jol_build.wheel): built from calculator/ alone, the same bytes for the same sources.

Its hash keys every phone's saved copy of Python (11.8 MB), so an edit outside calculator/ must not change it.
The builds run on a copy of the package's project in a temporary folder, beside a copy of the site's README.
"""

from __future__ import annotations

import email
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from jol_build.paths import CALCULATOR, ROOT
from jol_build.wheel import build_wheel, build_wheel_into, wheel_inputs, wheel_key


def copy_of_the_repository(target: Path) -> Path:
    """calculator/ (its project files and sources) and the site's README.md, as in the repository."""
    project = target / "calculator"
    shutil.copytree(CALCULATOR / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(CALCULATOR / name, project / name)
    shutil.copy2(ROOT / "README.md", target / "README.md")
    return project


def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(archive.read(name))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The same sources built twice: the second time with another site README, newer file times and a
    SOURCE_DATE_EPOCH in the environment (as a CI system may set). Returns the project copy and both wheels."""
    base = tmp_path_factory.mktemp("repository")
    project = copy_of_the_repository(base)
    first = build_wheel_into(project, base / "first")
    readme = base / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nA new paragraph of the site's README.\n", "utf-8")
    for path in wheel_inputs(project):
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 86_400))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        second = build_wheel_into(project, base / "second")
    return project, first, second


def test_the_wheel_describes_itself_with_the_package_readme_not_the_site_readme(
    two_builds: tuple[Path, Path, Path],
) -> None:
    _, wheel, _ = two_builds
    payload = metadata(wheel).get_payload(decode=True)
    assert isinstance(payload, bytes)
    description = payload.decode("utf-8")
    assert description.strip() == (CALCULATOR / "README.md").read_text(encoding="utf-8").strip()
    site_title = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert site_title not in description
    assert metadata(wheel)["Name"] == "migration-rules"


def test_a_changed_site_readme_gives_the_same_wheel_bytes(two_builds: tuple[Path, Path, Path]) -> None:
    _, first, second = two_builds
    assert first.name == second.name
    assert first.read_bytes() == second.read_bytes()


def test_the_wheel_key_ignores_the_site_readme_and_follows_the_package(tmp_path: Path) -> None:
    project = copy_of_the_repository(tmp_path)
    key = wheel_key(project)
    assert key == wheel_key(CALCULATOR)  # paths count relative to the project: a copy has the same key
    (tmp_path / "README.md").write_text("Another site README\n", encoding="utf-8")
    assert wheel_key(project) == key
    for changed in (project / "README.md", project / "src" / "migration_rules" / "data" / "parameters.toml"):
        original = changed.read_bytes()
        changed.write_bytes(original + b"\n")
        assert wheel_key(project) != key, changed.name
        changed.write_bytes(original)
    assert wheel_key(project) == key


def test_the_cached_wheel_is_reused_while_the_sources_are_the_same(
    two_builds: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    project, first, _ = two_builds
    cache = tmp_path / "cache"
    cached = cache / wheel_key(project) / first.name
    cached.parent.mkdir(parents=True)
    shutil.copy2(first, cached)
    assert build_wheel(project, cache) == cached  # found, not rebuilt
    assert sorted(path.name for path in cache.iterdir()) == [wheel_key(project)]
