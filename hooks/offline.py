"""MkDocs hook: give the service worker (overrides/sw.js) this build's name and the files every page needs.

After the build, ``sw.js`` in the site gets:

- ``BUILD``: a short hash of every other file of the built site. A new build (any changed page, file or legal value)
  therefore has a new ``sw.js``, so the phone installs the new service worker, which keeps this build's files in a
  cache of its own and deletes the caches of older builds when it takes over;
- ``SHELL``: the files every page loads (the theme's stylesheets and script, the site's stylesheet and icon), kept
  as soon as the new service worker is installed, so that pages read offline keep their look after an update;
- ``LANGUAGES``: for each language, its offline page, its pages and the files they load (and its search), which the
  service worker keeps after a reader's first visit in that language, unless the phone saves data
  (``language_files``; ``language_size`` is what they take on the phone, stated on the About page); and the note a
  kept copy shows, which the service worker adds to pages kept by builds from before the note.

mkdocs-static-i18n runs the build once per language into the same site_dir; the hook runs after each of them and
writes the same result once the site is complete (it rewrites only the two lines it owns).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

SW = "sw.js"
BUILD_LINE = re.compile(r'^const BUILD = "[^"\n]*";$', re.MULTILINE)
SHELL_LINE = re.compile(r"^const SHELL = \[[^\n]*\];$", re.MULTILINE)
LANGUAGES_LINE = re.compile(r"^const LANGUAGES = \{[^\n]*\};$", re.MULTILINE)
DEFAULT_LANGUAGE = "ky"
OTHER_LANGUAGES = ("ru", "en")
OFFLINE_PAGE = "offline.html"
# The hidden note of every page (hooks/reading.py, kept_note): its text, in each language, goes to the service worker,
# which adds it to pages kept by builds from before the note.
KEPT_NOTE = re.compile(r'<p class="jol-kept-note" hidden[^>]*>([^<]*)</p>')
# What a page loads by itself: stylesheets, scripts, icons, its manifest (not links to other pages).
LOADED = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"#]+)"', re.IGNORECASE)
# What search loads when it is opened: the worker and the lunr languages of mkdocs.yml (plugins.search.lang).
SEARCH_FILES = (
    "assets/javascripts/workers/search.*.min.js",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    "assets/javascripts/lunr/min/lunr.multi.min.js",
    "assets/javascripts/lunr/min/lunr.ru.min.js",
)
# Never kept by sw.js: the calculator's worker keeps Pyodide and the wheel (overrides/sw.js, CALCULATOR_OWNED).
CALCULATOR_OWNED = re.compile(r"(^|/)assets/pyodide/|\.whl$")
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


def language_of(relative: str) -> str:
    first = relative.split("/", 1)[0]
    return first if first in OTHER_LANGUAGES else DEFAULT_LANGUAGE


def _loaded_files(site_dir: Path, page: Path) -> set[str]:
    """The site's own files a built page loads by itself, relative to the site root (with their ?v= query)."""
    found = set()
    base = page.parent.relative_to(site_dir).as_posix()
    for href in LOADED.findall(page.read_text(encoding="utf-8")):
        if ":" in href.split("/", 1)[0] or href.startswith("//"):
            continue  # an absolute address (canonical, hreflang): not a file the page loads
        path, _, query = href.partition("?")
        resolved = posixpath.normpath(posixpath.join(base, path)) if not path.startswith("/") else path.lstrip("/")
        if resolved.startswith("..") or CALCULATOR_OWNED.search(resolved):
            continue
        target = site_dir / resolved
        if target.is_file():
            found.add(resolved + ("?" + query if query else ""))
    return found


def language_files(site_dir: Path) -> dict[str, dict[str, Any]]:
    """For each language: its offline page, its pages (site-relative addresses), the files they load and the note a
    kept copy shows (HTML, as the pages carry it)."""
    result: dict[str, dict[str, Any]] = {}
    for page in sorted(site_dir.rglob("index.html")):
        relative = page.relative_to(site_dir).as_posix()
        if relative.split("/", 1)[0] in ("assets", "search"):
            continue
        lang = language_of(relative)
        entry = result.setdefault(lang, {"offline": "", "pages": [], "files": set(), "note": ""})
        folder = relative[: -len("index.html")]
        entry["pages"].append(folder or "./")
        entry["files"] |= _loaded_files(site_dir, page)
        if not entry["note"]:
            found = KEPT_NOTE.search(page.read_text(encoding="utf-8"))
            entry["note"] = found.group(1) if found else ""
    for lang, entry in result.items():
        root = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        offline = site_dir / root / OFFLINE_PAGE
        if offline.is_file():
            entry["offline"] = root + OFFLINE_PAGE
            entry["files"] |= _loaded_files(site_dir, offline)
        entry["files"].add(root + "search/search_index.json")
        for pattern in SEARCH_FILES:
            entry["files"] |= {path.relative_to(site_dir).as_posix() for path in site_dir.glob(pattern)}
        entry["files"] = sorted(entry["files"])
    return result


def language_size(site_dir: Path, entry: dict[str, Any]) -> int:
    """Bytes one language's pages and files take when kept (as the server sends them, uncompressed)."""
    names = [("index.html" if page == "./" else page + "index.html") for page in entry["pages"]]
    names += [entry["offline"]] if entry["offline"] else []
    names += [name.split("?", 1)[0] for name in entry["files"]]
    return sum((site_dir / name).stat().st_size for name in names if (site_dir / name).is_file())


def stamp(source: str, build: str, shell: list[str], languages: dict[str, Any] | None = None) -> str:
    """``source`` (the text of sw.js) with this build's name, shell files and each language's files."""
    if not BUILD_LINE.search(source) or not SHELL_LINE.search(source) or not LANGUAGES_LINE.search(source):
        raise PluginError(
            f"overrides/{SW} must keep its lines 'const BUILD = \"…\";', 'const SHELL = […];' and "
            "'const LANGUAGES = {…};'"
        )
    shell_js = ", ".join(f'"{name}"' for name in shell)
    source = BUILD_LINE.sub(f'const BUILD = "{build}";', source, count=1)
    source = SHELL_LINE.sub(f"const SHELL = [{shell_js}];", source, count=1)
    languages_js = json.dumps(languages or {}, ensure_ascii=False, separators=(",", ":"))
    return LANGUAGES_LINE.sub(lambda _: f"const LANGUAGES = {languages_js};", source, count=1)


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config["site_dir"])
    worker = site_dir / SW
    if not worker.is_file():
        raise PluginError(f"{SW} is missing from the built site (it comes from overrides/{SW})")
    source = worker.read_text(encoding="utf-8")
    stamped = stamp(source, build_id(site_dir), shell_files(site_dir), language_files(site_dir))
    if stamped != source:
        worker.write_text(stamped, encoding="utf-8")
