"""MkDocs hook: search — one index per language, forgiving spelling, synonyms, loaded only when a reader opens it.

Material writes a single search/search_index.json, and mkdocs-static-i18n merges every language into it, so a
search on the Russian pages would also return Kyrgyz and English pages. After the whole build (all languages),
this hook writes:

- search/search_index.json      Kyrgyz pages only (the site root);
- ru/search/search_index.json   Russian pages only, locations relative to /ru/;
- en/search/search_index.json   English pages only, locations relative to /en/.

Each index's ``config`` also carries ``jol``: the letters folded (``FOLD``: ү→у, ө→о, ң→н, ё→е, so «моонот» finds
«мөөнөт» and «учет» finds «учёт») and that language's synonyms from SYNONYMS.md (what readers type → the words the
site uses). The search worker (overrides/assets/javascripts/workers/jol-search.js, around Material's own worker)
folds every word of the index and of the query in lunr's pipeline, so the text shown in the results keeps its
letters.

Every page's ``__config`` (written by Material's base.html) is edited at its marker, the
``<script id="__config" type="application/json">`` element, rather than copying Material's template:

- ``base``: the language's own folder, so search loads that language's index and its results resolve against it;
- ``search``: the Jol worker, given the name of Material's worker (whatever this Material release calls it);
- ``translations["search.result.none"]``: followed by a hint in the page's language (``NO_RESULTS_HINT``).

overrides/partials/jol-search.html (included by main.html) makes the page fetch the index and start the worker
only when the reader opens search.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from jol_site import DEFAULT_LANGUAGE, ROOT, page_lang
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

INDEX = Path("search") / "search_index.json"
SYNONYMS = ROOT / "SYNONYMS.md"
WORKER = ROOT / "overrides" / "assets" / "javascripts" / "workers" / "jol-search.js"

# Letters a reader may type plainly, on a keyboard without them (Russian or Latin): folded on both sides of search.
FOLD = {"ү": "у", "ө": "о", "ң": "н", "ё": "е", "Ү": "у", "Ө": "о", "Ң": "н", "Ё": "е"}

# Said after "nothing found", in the page's language (Kyrgyz in the glossary's words).
NO_RESULTS_HINT = {
    "ky": "Сөздү башкача же башка сөз менен жазып көрүңүз, же менюдан барактардын тизмесин ачыңыз.",
    "ru": "Попробуйте написать слово по-другому или другим словом, или откройте список страниц в меню.",
    "en": "Try another spelling or another word, or open the list of pages in the menu.",
}

CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
UPGRADE = "Material's base.html may have changed in an upgrade: see README.md, 'Upgrading Material'."


def fold(text: str) -> str:
    """``text`` in lower case with the letters of FOLD replaced, as the search worker folds it."""
    return "".join(FOLD.get(letter, letter) for letter in text.lower())


# ---------------------------------------------------------------------------------------------------- synonyms

_ROW = re.compile(r"^\|(.*)\|\s*$")


def parse_synonyms(text: str, languages: tuple[str, ...] | list[str]) -> dict[str, dict[str, list[str]]]:
    """SYNONYMS.md's table as {language: {typed word (folded): [words on the site]}}.

    The table's first column is what readers type (one word); then one column per language with the words used on
    that language's pages (separated by spaces or commas; an empty cell: no synonym in that language).
    """
    result: dict[str, dict[str, list[str]]] = {lang: {} for lang in languages}
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        row = _ROW.match(line.strip())
        if not row:
            continue
        cells = [cell.strip() for cell in row.group(1).split("|")]
        if header is None:
            header = [cell.lower() for cell in cells]
            missing = [lang for lang in languages if lang not in header]
            if missing:
                raise ValueError(f"SYNONYMS.md, line {number}: the table needs a column for {', '.join(missing)}")
            continue
        if all(set(cell) <= set("-: ") for cell in cells):
            continue  # the |---|---| line under the header
        if len(cells) != len(header):
            raise ValueError(f"SYNONYMS.md, line {number}: {len(cells)} cells, the header has {len(header)}")
        typed = cells[0]
        if not re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", typed):
            raise ValueError(
                f"SYNONYMS.md, line {number}: {typed!r}: the first cell must be one word as readers type it"
            )
        for lang in languages:
            words = [word for word in re.split(r"[\s,]+", cells[header.index(lang)]) if word]
            if not words:
                continue
            key = fold(typed)
            if key in result[lang]:
                raise ValueError(f"SYNONYMS.md, line {number}: {typed!r} is in the table twice")
            result[lang][key] = words
    if header is None:
        raise ValueError("SYNONYMS.md has no table")
    return result


def load_synonyms(languages: tuple[str, ...] | list[str]) -> dict[str, dict[str, list[str]]]:
    try:
        return parse_synonyms(SYNONYMS.read_text(encoding="utf-8"), languages)
    except ValueError as error:
        raise PluginError(str(error)) from error


# ------------------------------------------------------------------------------------------ per-language indexes


def split_index(
    data: dict[str, Any],
    languages: list[str],
    default: str = DEFAULT_LANGUAGE,
    synonyms: dict[str, dict[str, list[str]]] | None = None,
) -> dict[str, Any]:
    """{language: index} with each language's documents; locations made relative to the language's folder."""
    prefixes = {lang: f"{lang}/" for lang in languages if lang != default}
    result: dict[str, Any] = {}
    for lang in languages:
        docs = []
        for doc in data.get("docs", []):
            location = doc.get("location", "")
            owner = next((code for code, prefix in prefixes.items() if location.startswith(prefix)), default)
            if owner != lang:
                continue
            doc = dict(doc)
            if lang != default:
                doc["location"] = location[len(prefixes[lang]) :]
            docs.append(doc)
        config = dict(data.get("config", {}))
        config["jol"] = {"fold": FOLD, "synonyms": (synonyms or {}).get(lang, {})}
        result[lang] = {"config": config, "docs": docs}
    return result


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged the index
def on_post_build(config: Any) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or getattr(i18n, "building", False):
        return  # an inner per-language build: the merged index is not ready yet
    site = Path(config.site_dir)
    merged = site / INDEX
    if not merged.is_file():
        return
    data = json.loads(merged.read_text(encoding="utf-8"))
    languages = [lang.locale for lang in i18n.config.languages if lang.build]
    default = i18n.default_language
    for lang, index in split_index(data, languages, default, load_synonyms(languages)).items():
        target = site / ("" if lang == default else lang) / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# ---------------------------------------------------------------------------------------- the page's __config


def worker_version() -> str:
    return hashlib.sha256(WORKER.read_bytes()).hexdigest()[:8]


def edit_config(output: str, lang: str, lang_root: str, version: str) -> str:
    """``output`` (a rendered page) with its ``__config`` pointing search at ``lang``'s index and the Jol worker."""
    found = CONFIG_SCRIPT.search(output)
    if not found:
        raise PluginError(f'No <script id="__config" type="application/json"> in the page. {UPGRADE}')
    try:
        data = json.loads(found.group(2))
    except json.JSONDecodeError as error:
        raise PluginError(f"The page's __config is not JSON ({error}). {UPGRADE}") from error
    missing = [key for key in ("base", "search", "translations") if key not in data]
    if missing or "search.result.none" not in data.get("translations", {}):
        raise PluginError(f"The page's __config lacks {missing or ['translations.search.result.none']}. {UPGRADE}")
    material = str(data["search"])
    folder, _, name = material.rpartition("/")
    if not re.fullmatch(r"search\.[0-9a-f]+\.min\.js", name):
        raise PluginError(f"Material's search worker is now {material!r}, not search.<hash>.min.js. {UPGRADE}")
    base = str(data["base"])
    data["base"] = (base[:-1] if base.endswith("/") else base) + "/" + lang_root
    data["search"] = f"{folder}/jol-search.js?material={name}&v={version}"
    none = data["translations"]["search.result.none"]
    data["translations"]["search.result.none"] = f"{none.rstrip('.')}. {NO_RESULTS_HINT[lang]}"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return output[: found.start(2)] + text + output[found.end(2) :]


def _lang_root(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def on_post_page(output: str, page: Any, config: Any) -> str:
    lang = page_lang(page)
    return edit_config(output, lang, _lang_root(lang), worker_version())


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """Static templates with Material's __config (404.html): the language being built."""
    if not CONFIG_SCRIPT.search(output):
        return output  # sitemap.xml and the like
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE
    return edit_config(output, lang, _lang_root(lang), worker_version())
