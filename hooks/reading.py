"""MkDocs hook: finding one's way on a phone, and telling the publisher about a mistake.

- ``jol_short_name``: the name the header shows (``extra.short_name`` of the page's language in mkdocs.yml), short
  enough for a 360 px screen; the full ``site_name`` stays in the browser's title.
- ``jol_editor_links``: the edit pencil and the repository link are for editors, so they show on the About page only
  (``page.edit_url`` is cleared on every other page; overrides/partials/source.html, Jol's own repository link,
  reads the flag, and this hook removes the empty frames Material's header and drawer leave around it).
- Material's rendered page is edited at its markers (no template is copied): the header's title shows the short
  name, and the search dialog gets an accessible name in the page's language. A marker that is gone after an upgrade
  of Material stops the build with a message saying what to check.
- ``jol_report``: the "Report a mistake" link at the end of every page. With ``extra.report_contact`` set in
  mkdocs.yml (an e-mail address, the one place it is set), it opens a message to that address with the subject and
  the body filled in (the page's address, what is wrong, the source); without it, it leads to the About page's
  section on reporting a mistake (``about.md#report-a-mistake``), in the page's language.
- A note right after the title of every page, hidden (:func:`kept_note`); the service worker (overrides/sw.js) shows
  it when it answers with the copy kept on the phone (no connection, or the site did not answer): the rules may have
  changed since the page was checked.
- A contents list (``<nav class="jol-toc">``) right after the title of every page with at least ``TOC_MIN``
  second-level headings: Material shows its own contents only in the side bar of wide screens. The CSS hides this
  list where the side bar is shown.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any
from urllib.parse import quote

from jol_site import DEFAULT_LANGUAGE, page_lang
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

TOC_MIN = 4
ABOUT = "about.md"
REPORT_ANCHOR = "report-a-mistake"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")

TEXTS = {
    "ky": {
        "toc": "Бул баракта",
        "search": "Издөө",
        "report_lead": "Бул барактан ката таптыңызбы?",
        "report_link": "Катаны билдирүү",
        "subject": "Жол: «{title}» барагындагы ката",
        "body": "Барактын дареги: {url}\n\nЭмне туура эмес:\n\n\nБулагы (билсеңиз):\n",
        "kept_note": (
            "Интернет жок же сайт жооп берген жок, ошондуктан барактын телефонуңузда сакталган көчүрмөсү ачылды. "
            "Барак текшерилгенден бери эрежелер өзгөргөн болушу мүмкүн. Качан текшерилгени барактын аягында "
            "жазылган. Интернетке кошулганда баракты кайра ачыңыз."
        ),
    },
    "ru": {
        "toc": "На этой странице",
        "search": "Поиск",
        "report_lead": "Нашли ошибку на этой странице?",
        "report_link": "Сообщить об ошибке",
        "subject": "Жол: ошибка на странице «{title}»",
        "body": "Адрес страницы: {url}\n\nЧто неверно:\n\n\nИсточник (если знаете):\n",
        "kept_note": (
            "Нет интернета или сайт не ответил, поэтому открылась копия страницы, сохранённая на вашем телефоне. "
            "С тех пор как страницу проверили, правила могли измениться. Дата проверки указана в конце страницы. "
            "Откройте страницу снова, когда появится интернет."
        ),
    },
    "en": {
        "toc": "On this page",
        "search": "Search",
        "report_lead": "Found a mistake on this page?",
        "report_link": "Report a mistake",
        "subject": "Jol: mistake on the page “{title}”",
        "body": "Page address: {url}\n\nWhat is wrong:\n\n\nSource (if you know it):\n",
        "kept_note": (
            "There is no internet or the site did not answer, so this is the copy of the page saved on your "
            "phone. The rules may have changed since the page was checked. The date it was checked is at the end "
            "of the page. Open the page again when you are connected to the internet."
        ),
    },
}


def report_contact(config: Any) -> str:
    """``extra.report_contact`` (an e-mail address), or "" when none is set; anything else stops the build."""
    value = (config.extra or {}).get("report_contact") or ""
    if not isinstance(value, str) or (value and not EMAIL.fullmatch(value.strip())):
        raise PluginError(
            f"mkdocs.yml: extra.report_contact must be an e-mail address (name@example.org), not {value!r}; "
            "leave it out until the publisher has one"
        )
    return value.strip()


def on_config(config: Any) -> Any:
    report_contact(config)
    return config


def lang_root(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def page_address(page: Any) -> str:
    """The page's full address when the site's address is known (the published site), else its path in the site."""
    return str(page.canonical_url or "/" + page.url)


def mailto(address: str, lang: str, title: str, url: str) -> str:
    texts = TEXTS[lang]
    subject = quote(texts["subject"].format(title=title), safe="")
    body = quote(texts["body"].format(url=url), safe="")
    return f"mailto:{address}?subject={subject}&body={body}"


def is_about(page: Any) -> bool:
    return bool(posixpath.basename(getattr(page.file, "norm_src_uri", page.file.src_uri)) == ABOUT)


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    lang = page_lang(page)
    texts = TEXTS.get(lang, TEXTS["en"])
    context["jol_short_name"] = (config.extra or {}).get("short_name") or config.site_name
    context["jol_editor_links"] = is_about(page)
    if not is_about(page):
        page.edit_url = None
    contact = report_contact(config)
    if contact:
        href = mailto(contact, lang, page.title or "", page_address(page))
    else:
        href = get_relative_url(lang_root(lang) + "about/", page.url) + "#" + REPORT_ANCHOR
    context["jol_report"] = {"lead": texts["report_lead"], "text": texts["report_link"], "href": href}
    return context


def contents_list(page: Any, lang: str) -> str:
    """The contents list of the page's second-level headings, or "" for a page with fewer than TOC_MIN."""
    items = list(page.toc.items)
    if len(items) == 1 and items[0].level == 1:
        items = list(items[0].children)
    items = [item for item in items if item.level == 2]
    if len(items) < TOC_MIN:
        return ""
    title = TEXTS.get(lang, TEXTS["en"])["toc"]
    links = "".join(
        f'<li><a href="#{html.escape(item.id)}">{html.escape(html.unescape(item.title))}</a></li>' for item in items
    )
    return (
        '<nav class="jol-toc" aria-labelledby="jol-toc-title" data-search-exclude>'
        f'<p class="jol-toc__title" id="jol-toc-title">{html.escape(title)}</p><ol>{links}</ol></nav>'
    )


def kept_note(lang: str) -> str:
    """The note a page shows when the service worker answers with the copy kept on the phone: hidden here, the
    service worker (overrides/sw.js, KEPT_NOTE) looks for this exact opening tag and drops ``hidden``. Left out of
    search (data-search-exclude)."""
    text = html.escape(TEXTS.get(lang, TEXTS["en"])["kept_note"], quote=False)
    return f'<p class="jol-kept-note" hidden role="note" data-search-exclude>{text}</p>'


def on_page_content(output: str, page: Any, config: Any, files: Any) -> str:
    lang = page_lang(page)
    if "</h1>" not in output:
        return kept_note(lang) + "\n" + output
    return output.replace("</h1>", "</h1>\n" + kept_note(lang) + "\n" + contents_list(page, lang), 1)


# Material 9.8's rendered markup that this hook edits (see README.md, "Upgrading Material").
HEADER_TITLE = re.compile(r'(<div class="md-header__topic">\s*<span class="md-ellipsis">)\s*(.*?)\s*(</span>)', re.S)
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
EMPTY_SOURCE = re.compile(r'<div class="md-(?:header|nav)__source">\s*</div>')


def _marker_gone(what: str, page: Any) -> PluginError:
    return PluginError(
        f"hooks/reading.py: {what} is not in Material's page {page.file.src_uri} any more (after an upgrade?); "
        "see README.md, 'Upgrading Material', and adapt the marker"
    )


def on_post_page(output: str, page: Any, config: Any) -> str:
    lang = page_lang(page)
    texts = TEXTS.get(lang, TEXTS["en"])
    short = html.escape(str((config.extra or {}).get("short_name") or config.site_name), quote=False)
    output, found = HEADER_TITLE.subn(lambda m: f"{m.group(1)}\n            {short}\n          {m.group(3)}", output, 1)
    if not found:
        raise _marker_gone("the header's title (div.md-header__topic)", page)
    if SEARCH_DIALOG not in output:
        raise _marker_gone("the search dialog (div.md-search role=dialog)", page)
    labelled = SEARCH_DIALOG.replace('role="dialog">', f'role="dialog" aria-label="{html.escape(texts["search"])}">')
    output = output.replace(SEARCH_DIALOG, labelled, 1)
    return EMPTY_SOURCE.sub("", output)
