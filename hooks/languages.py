"""MkDocs hook: language details for the templates (overrides/main.html, overrides/partials/alternate.html).

- ``jol_lang``: the page's language (ky, ru, en); ``jol_lang_root``: its folder in the site ("" for Kyrgyz,
  "ru/", "en/"). The template points Material's search at that folder's own index (see hooks/search.py).
- ``jol_alternates``: for the language switcher, the same page in every language (or that language's home page
  if the page does not exist there). Links are relative, so the site works under any path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jol_site import DEFAULT_LANGUAGE, page_lang


def _languages(config: Any) -> list[tuple[str, str]]:
    """(locale, name) of every built language, in the order of mkdocs.yml."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [(DEFAULT_LANGUAGE, DEFAULT_LANGUAGE)]
    return [(lang.locale, lang.name) for lang in i18n.config.languages if lang.build]


def lang_root(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    lang = page_lang(page)
    root = lang_root(lang)
    context["jol_lang"] = lang
    context["jol_lang_root"] = root
    own_url = page.url[len(root) :] if page.url.startswith(root) else page.url
    norm_src = getattr(page.file, "norm_src_uri", page.file.src_uri)
    alternates = []
    for locale, name in _languages(config):
        exists = (Path(config.docs_dir) / locale / norm_src).is_file()
        url = lang_root(locale) + own_url if exists else lang_root(locale)
        alternates.append({"lang": locale, "name": name, "url": url or "./", "current": locale == lang})
    context["jol_alternates"] = alternates
    return context


def _current_language(config: Any) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE


def on_template_context(context: dict[str, Any], template_name: str, config: Any) -> dict[str, Any]:
    """Static templates (404.html): the language being built; the switcher goes to each language's home."""
    lang = _current_language(config)
    context["jol_lang"] = lang
    context["jol_lang_root"] = lang_root(lang)
    context["jol_alternates"] = [
        {"lang": locale, "name": name, "url": lang_root(locale) or "./", "current": locale == lang}
        for locale, name in _languages(config)
    ]
    return context


_default_404: dict[str, str] = {}


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """Keep the Kyrgyz 404.html: every language build writes site/404.html, the default language must win."""
    if template_name != "404.html":
        return output
    if _current_language(config) == DEFAULT_LANGUAGE:
        _default_404["html"] = output
        return output
    return _default_404.get("html", output)
