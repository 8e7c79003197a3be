"""MkDocs hook: give the service worker (overrides/sw.js) this build's name and the files every page needs.

After the build, ``sw.js`` in the site gets:

- ``BUILD``: a short hash of every other file of the built site. A new build (any changed page, file or legal value)
  therefore has a new ``sw.js``, so the phone installs the new service worker, which keeps this build's files in a
  cache of its own and deletes the caches of older builds when it takes over;
- ``SHELL``: the files every page loads (the theme's stylesheets and script, the site's stylesheet and icon), kept
  as soon as the new service worker is installed, so that pages read offline keep their look after an update.

mkdocs-static-i18n runs the build once per language into the same site_dir; the hook runs after each of them and
writes the same result once the site is complete (it rewrites only the two lines it owns).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

SW = "sw.js"
BUILD_LINE = re.compile(r'^const BUILD = "[^"\n]*";$', re.MULTILINE)
SHELL_LINE = re.compile(r"^const SHELL = \[[^\n]*\];$", re.MULTILINE)
SHELL_PATTERNS = (
    "assets/stylesheets/*.min.css",
    "assets/javascripts/bundle.*.min.js",
    "assets/jol.css",
    "assets/images/favicon.png",
)


def build_id(site_dir: Path) -> str:
    """A hash of every file of the built site (names and contents), except sw.js itself and the search indexes.

    The search indexes are written after this hook by the search plugins; they are made from the pages, which count.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if relative == SW or path.name == "search_index.json":
            continue
        digest.update(relative.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def shell_files(site_dir: Path) -> list[str]:
    """The files every page loads, relative to the site root."""
    found = {path.relative_to(site_dir).as_posix() for pattern in SHELL_PATTERNS for path in site_dir.glob(pattern)}
    return sorted(found)


def stamp(source: str, build: str, shell: list[str]) -> str:
    """``source`` (the text of sw.js) with this build's name and shell files."""
    if not BUILD_LINE.search(source) or not SHELL_LINE.search(source):
        raise PluginError(f"overrides/{SW} must keep its lines 'const BUILD = \"…\";' and 'const SHELL = […];'")
    shell_js = ", ".join(f'"{name}"' for name in shell)
    source = BUILD_LINE.sub(f'const BUILD = "{build}";', source, count=1)
    return SHELL_LINE.sub(f"const SHELL = [{shell_js}];", source, count=1)


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config["site_dir"])
    worker = site_dir / SW
    if not worker.is_file():
        raise PluginError(f"{SW} is missing from the built site (it comes from overrides/{SW})")
    source = worker.read_text(encoding="utf-8")
    stamped = stamp(source, build_id(site_dir), shell_files(site_dir))
    if stamped != source:
        worker.write_text(stamped, encoding="utf-8")
