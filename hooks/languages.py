"""MkDocs hook: language details for the templates (overrides/main.html, overrides/404.html) and the switcher.

- ``jol_lang``: the page's language (ky, ru, en); ``jol_lang_root``: its folder in the site ("" for Kyrgyz,
  "ru/", "en/").
- ``jol_alternates``, and ``config.extra.alternate`` for Material's own language switcher (its
  partials/alternate.html, not copied): the same page in every language (or that language's home page if the page
  does not exist there). Links are relative, so the site works under any path; mkdocs-static-i18n's own per-page
  links are absolute on home pages and would break a build served under /jol/ without JOL_SITE_URL.
- After rendering, each link of the switcher gets ``lang`` (a screen reader reads «Кыргызча» in Kyrgyz) and the
  current language ``aria-current``, at Material's markup ``hreflang="…" class="md-select__link"``; if an upgrade of
  Material changes that markup, the build stops and says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jol_site import DEFAULT_LANGUAGE, page_lang
from mkdocs.exceptions import PluginError

SWITCHER_LINK = re.compile(r'hreflang="([a-z]{2,3})" class="md-select__link"')


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
    _set_switcher(config, alternates)
    return context


def _set_switcher(config: Any, alternates: list[dict[str, Any]]) -> None:
    """Material's switcher reads config.extra.alternate (mkdocs-static-i18n set it first: this runs after it)."""
    links = [{"name": a["name"], "link": a["url"], "lang": a["lang"]} for a in alternates]
    config.extra["alternate"] = links
    if hasattr(config.extra, "__dict__"):  # mkdocs-static-i18n sets it as an attribute, which templates read first
        vars(config.extra)["alternate"] = links


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
    _set_switcher(config, context["jol_alternates"])
    return context


def mark_switcher(output: str, lang: str, languages: list[str]) -> str:
    """Each switcher link with ``lang``; the page's own language with ``aria-current``."""
    found = SWITCHER_LINK.findall(output)
    if sorted(found) != sorted(languages):
        raise PluginError(
            f"The language switcher's links ({found}) are not one per language ({languages}): Material's "
            "partials/alternate.html may have changed in an upgrade (see README.md, 'Upgrading Material'); "
            'hooks/languages.py looks for \'hreflang="…" class="md-select__link"\'.'
        )

    def mark(match: re.Match[str]) -> str:
        current = ' aria-current="true"' if match.group(1) == lang else ""
        return f'hreflang="{match.group(1)}" lang="{match.group(1)}"{current} class="md-select__link"'

    return SWITCHER_LINK.sub(mark, output)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return mark_switcher(output, page_lang(page), [locale for locale, _ in _languages(config)])


_default_404: dict[str, str] = {}


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """Keep the Kyrgyz 404.html: every language build writes site/404.html, the default language must win."""
    if template_name != "404.html":
        return output
    output = mark_switcher(output, _current_language(config), [locale for locale, _ in _languages(config)])
    if _current_language(config) == DEFAULT_LANGUAGE:
        _default_404["html"] = output
        return output
    return _default_404.get("html", output)
