"""MkDocs hook: what link previews, search engines and an installed app need; the offline page.

- Every page has a ``description:`` in its front matter, in its language: one plain sentence saying what the page
  answers (at most 160 characters, not the site's description). The build stops when one is missing or wrong, with a
  message naming the page. Link previews (WhatsApp, Telegram) and search engines show it under the title.
- ``jol_share`` (for overrides/main.html): Open Graph title, description, type, locale and the other languages'
  locales; the preview image of the page's language (overrides/assets/share/, made by ``make share-images``) — its
  address only when the site's address is known (``site_url``), because crawlers need an absolute address; and the
  ``hreflang`` links to the same page in every language (x-default: Kyrgyz), also only with ``site_url``: search
  engines and Lighthouse refuse relative ones.
- After each language is built: that language's web app manifest (``manifest.webmanifest`` in the language's folder:
  its name, its home page as start, the whole site as scope, so the language switcher stays in the app) and its
  offline page (``offline.html`` in the language's folder: the language's home page with a "no connection" message in
  place of its text, which the service worker shows for a page the phone has not kept).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from jol_site import DEFAULT_LANGUAGE, page_lang
from mkdocs.exceptions import PluginError

MAX_DESCRIPTION = 160
LOCALES = {"ky": "ky_KG", "ru": "ru_RU", "en": "en_US"}
SHORT_NAMES = {"ky": "Жол", "ru": "Жол", "en": "Jol"}
THEME_COLOR = "#00796b"  # the header's teal (overrides/assets/jol.css, 5.3:1 with white)
BACKGROUND_COLOR = "#ffffff"
MANIFEST = "manifest.webmanifest"
OFFLINE = "offline.html"
ICONS = (
    ("assets/icons/icon-192.png", "192x192", "any"),
    ("assets/icons/icon-512.png", "512x512", "any"),
    ("assets/icons/maskable-512.png", "512x512", "maskable"),
)
PREVIEW = "assets/share/preview-{lang}.jpg"
PREVIEW_SIZE = (1200, 630)

OFFLINE_TEXT = {
    "ky": {
        "title": "Интернет жок",
        "text": "Бул барак телефонуңузда али сакталган эмес. Интернетке кошулганда кайра ачыңыз.",
        "kept": "Сиз мурда ачкан барактар интернетсиз деле ачылат: аларды менюдан тандаңыз же {home} өтүңүз.",
        "home": "башкы бетке",
        "retry": "Кайра ачуу",
    },
    "ru": {
        "title": "Нет интернета",
        "text": "Этой страницы ещё нет на вашем телефоне. Откройте её снова, когда появится интернет.",
        "kept": "Страницы, которые вы уже открывали, открываются и без интернета: выберите их в меню или перейдите на "
        "{home}.",
        "home": "главную",
        "retry": "Открыть снова",
    },
    "en": {
        "title": "No internet connection",
        "text": "This page is not on your phone yet. Open it again when you are back online.",
        "kept": "The pages you have already opened work without internet: choose one in the menu or go to the {home}.",
        "home": "home page",
        "retry": "Try again",
    },
}


def on_config(config: Any) -> Any:
    """The theme colour for every page's <meta name="theme-color"> (overrides/main.html), the same as the manifests'."""
    config.extra["jol_theme_color"] = THEME_COLOR
    return config


def lang_root(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def _languages(config: Any) -> list[Any]:
    i18n = config.plugins.get("i18n")
    return [lang for lang in i18n.config.languages if lang.build] if i18n else []


def site_descriptions(config: Any) -> set[str]:
    found = {lang.site_description for lang in _languages(config) if getattr(lang, "site_description", None)}
    if config.site_description:
        found.add(config.site_description)
    return {text.strip() for text in found}


def description_problem(meta: dict[str, Any], site_texts: set[str]) -> str | None:
    """What is wrong with a page's ``description:`` (None when it is right)."""
    text = meta.get("description")
    if not isinstance(text, str) or not text.strip():
        return (
            "its front matter needs 'description: \"…\"': one plain sentence, in the page's language, saying what the "
            "page answers (it shows under the title in link previews and search results)"
        )
    text = " ".join(text.split())
    if len(text) > MAX_DESCRIPTION:
        return f"its description has {len(text)} characters; shorten it to {MAX_DESCRIPTION} or fewer"
    if text in site_texts:
        return "its description is the site's own description; say what this page answers"
    return None


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    problem = description_problem(page.meta, site_descriptions(config))
    if problem:
        raise PluginError(f"docs/{page.file.src_uri}: {problem}")
    return markdown


def _absolute(site_url: str, path: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + ("" if path in ("", "./") else path)


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    lang = page_lang(page)
    site_url = config.site_url or ""
    is_home = page.is_homepage or page.url in ("", lang_root(lang))
    title = config.site_name if is_home or not page.title else page.title
    share: dict[str, Any] = {
        "title": title,
        "description": " ".join(str(page.meta.get("description", "")).split()),
        "type": "website" if is_home else "article",
        "locale": LOCALES.get(lang, lang),
        "alternate_locales": [LOCALES[other] for other in LOCALES if other != lang],
        "manifest": lang_root(lang) + MANIFEST,
        "image": None,
        "hreflang": [],
    }
    if site_url:
        share["image"] = _absolute(site_url, PREVIEW.format(lang=lang))
        share["image_alt"] = config.site_name
        alternates = context.get("jol_alternates") or []
        links = [(alt["lang"], _absolute(site_url, alt["url"])) for alt in alternates]
        default = [href for code, href in links if code == DEFAULT_LANGUAGE]
        share["hreflang"] = [*links, ("x-default", default[0])] if default else links
    context["jol_share"] = share
    return context


def manifest(lang: Any, lang_code: str) -> dict[str, Any]:
    """The web app manifest of one language (addresses relative to the manifest, in the language's folder)."""
    up = "../" if lang_root(lang_code) else ""
    return {
        "name": lang.site_name,
        "short_name": SHORT_NAMES.get(lang_code, lang.site_name),
        "description": lang.site_description,
        "lang": lang_code,
        "dir": "ltr",
        "id": "./",
        "start_url": "./",
        "scope": up or "./",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": up + src, "sizes": sizes, "type": "image/png", "purpose": purpose} for src, sizes, purpose in ICONS
        ],
    }


ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">).*?(</article>)', re.DOTALL)
TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
NOT_FOR_OFFLINE = re.compile(
    r'\s*<(?:link rel="(?:canonical|alternate|prev|next)"|meta (?:name="description"|property="og:[^"]*"|'
    r'name="twitter:[^"]*"))[^>]*>'
)


def offline_page(home_html: str, lang: str, site_name: str) -> str:
    """The language's home page with the "no connection" message in place of its text."""
    texts = OFFLINE_TEXT[lang]
    home = f'<a href="./">{html.escape(texts["home"])}</a>'
    body = (
        f'<h1 id="offline">{html.escape(texts["title"])}</h1>'
        f"<p>{html.escape(texts['text'])}</p>"
        f"<p>{html.escape(texts['kept']).replace('{home}', home)}</p>"
        f'<p><button class="md-button md-button--primary" type="button" onclick="location.reload()">'
        f"{html.escape(texts['retry'])}</button></p>"
    )
    if not ARTICLE.search(home_html) or not TITLE.search(home_html):
        raise PluginError(f"{lang_root(lang)}index.html has no <article> or <title>: the offline page cannot be made")
    page = ARTICLE.sub(lambda m: m.group(1) + body + m.group(2), home_html, count=1)
    page = TITLE.sub(f"<title>{html.escape(texts['title'])} — {html.escape(site_name)}</title>", page, count=1)
    page = NOT_FOR_OFFLINE.sub("", page)
    return page.replace("<head>", '<head>\n    <meta name="robots" content="noindex">', 1)


def on_post_build(config: Any) -> None:
    """Write the manifest and the offline page of the language just built (each language build runs this hook)."""
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE
    site = Path(config.site_dir)
    for lang in _languages(config):
        if lang.locale != current:
            continue
        root = site / lang_root(lang.locale)
        data = json.dumps(manifest(lang, lang.locale), ensure_ascii=False, indent=1)
        (root / MANIFEST).write_text(data + "\n", encoding="utf-8")
        home = root / "index.html"
        if home.is_file():
            text = offline_page(home.read_text(encoding="utf-8"), lang.locale, lang.site_name)
            (root / OFFLINE).write_text(text, encoding="utf-8")
