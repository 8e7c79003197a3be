"""MkDocs hook: one search index per language.

Material writes a single search/search_index.json, and mkdocs-static-i18n merges every language into it, so a
search on the Russian pages would also return Kyrgyz and English pages. After the whole build (all languages),
this hook writes:

- search/search_index.json      Kyrgyz pages only (the site root);
- ru/search/search_index.json   Russian pages only, locations relative to /ru/;
- en/search/search_index.json   English pages only, locations relative to /en/.

Russian readers often type е for ё ("учет" for "учёт"): every document that has words with ё gets an extra
field "alt" with those words spelt with е, so both spellings find it (the field is searched, not shown).

Material's search loads ``search/search_index.json`` relative to ``base`` in the page's ``__config``;
overrides/main.html sets that base to the language's folder, so each language finds its own index and its
results resolve against it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jol_site import DEFAULT_LANGUAGE
from mkdocs.plugins import event_priority

INDEX = Path("search") / "search_index.json"
_TAG = re.compile(r"<[^>]+>")
_YO_WORD = re.compile(r"[\w\u0400-\u04FF]*[ёЁ][\w\u0400-\u04FF]*")


def yo_alternatives(doc: dict[str, Any]) -> str:
    """The words of a document that contain ё, spelt with е ("учёт" -> "учет"), space-separated."""
    text = _TAG.sub(" ", f"{doc.get('title', '')} {doc.get('text', '')}")
    words = {word.lower().replace("ё", "е") for word in _YO_WORD.findall(text)}
    return " ".join(sorted(words))


def split_index(data: dict[str, Any], languages: list[str], default: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
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
            alternatives = yo_alternatives(doc)
            if alternatives:
                doc["alt"] = alternatives
            docs.append(doc)
        config = dict(data.get("config", {}))
        config["fields"] = {**config.get("fields", {}), "alt": {"boost": 1.0}}
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
    for lang, index in split_index(data, languages, default).items():
        target = site / ("" if lang == default else lang) / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
