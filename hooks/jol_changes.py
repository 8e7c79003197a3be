"""MkDocs hook: what changed, what is coming and what is under discussion.

One data file, ``data/changes.toml``, lists the guide's changes in three languages; every new dated value of a legal
parameter (``parameters.toml``) must be named by one of them. The pending bills come from the rules package's
``data/pending.toml`` (the calculator uses the same file for its notes). From them this hook writes:

- the "What changed" page (``docs/<lang>/changes.md``): its markers ``<!-- jol:changes coming -->``,
  ``<!-- jol:changes past -->``, ``<!-- jol:changes pending -->`` and ``<!-- jol:changes sources -->`` become lists;
- the home page's recent changes (``<!-- jol:changes recent -->``), and a box listing what changed since the reader's
  last visit (``<!-- jol:changes since-last-visit -->``): the phone keeps only the day of that visit, in this
  browser, and sends nothing;
- an Atom feed per language (``feed.xml``, ``ru/feed.xml``, ``en/feed.xml``), linked from the head of every page.

It runs before hooks/parameters.py, so the texts may use placeholders such as ``{{ amina.covers_work | since }}``.
A pending status older than 90 days is shown to readers as possibly out of date and printed as a warning for editors
(a warning that does not stop the nightly build).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import tomllib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from jol_site import LANGUAGES, format_date, load_parameters, page_lang, substitute_placeholders, today
from migration_rules.pending import PendingChange, load_pending

ROOT = Path(__file__).resolve().parent.parent
CHANGES_FILE = ROOT / "data" / "changes.toml"
DOCS = ROOT / "docs"
STALE_AFTER_DAYS = 90
RECENT_ON_HOME = 5
MARKER = re.compile(r"<!--\s*jol:changes\s+([a-z-]+)\s*-->")
# Editors see this reminder in the build's output and in `make check`; it is not a MkDocs warning, so a strict build
# still publishes (a stale status is a reason to look for news, not to stop the site).
log = logging.getLogger("jol.changes")
if not log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("Reminder -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

WORDS: dict[str, dict[str, str]] = {
    "nothing_coming": {
        "ky": "Азырынча алдыдагы өзгөрүүлөр белгилүү эмес.",
        "ru": "Известных будущих изменений пока нет.",
        "en": "No future change is known yet.",
    },
    "nothing_pending": {
        "ky": "Азырынча талкууланып жаткан мыйзам долбоору жок.",
        "ru": "Обсуждаемых законопроектов пока нет.",
        "en": "No bill is under discussion now.",
    },
    "stage": {"ky": "Абалы", "ru": "Стадия", "en": "Stage"},
    "seen": {"ky": "бул абал белгилүү болгон күн —", "ru": "статус известен на", "en": "status last seen on"},
    "stale": {
        "ky": "Бул абал {days} күндөн ашык мурун белгилүү болгон: ал өзгөргөн болушу мүмкүн.",
        "ru": "Этот статус известен больше {days} дней назад: он мог измениться.",
        "en": "This status was seen more than {days} days ago: it may have changed.",
    },
    "calculator": {
        "ky": "Эсептегич мөөнөттү күчүндөгү мыйзам боюнча көрсөтөт, ал эми бул долбоор боюнча эртерээк датаны "
        "эскертүүдө жазат.",
        "ru": "Калькулятор показывает срок по действующему закону, а более раннюю дату по этому законопроекту — "
        "в примечании.",
        "en": "The calculator shows the date under the law in force, and the earlier date under this bill in a note.",
    },
    "source": {"ky": "Булагы", "ru": "Источник", "en": "Source"},
    "read": {"ky": "Кененирээк", "ru": "Подробнее", "en": "More"},
    "act": {"ky": "актынын датасы: {date}", "ru": "акт от {date}", "en": "act of {date}"},
    "published": {"ky": "{date} жарыяланган", "ru": "опубликовано {date}", "en": "published {date}"},
    "consolidated": {"ky": "редакциясы: {date}", "ru": "редакция от {date}", "en": "consolidated version of {date}"},
    "since_title": {
        "ky": "Сайтка акыркы жолу киргениңизден бери эмне өзгөрдү",
        "ru": "Что изменилось с вашего прошлого визита",
        "en": "What changed since your last visit",
    },
    "all_changes": {"ky": "Бардык өзгөрүүлөр", "ru": "Все изменения", "en": "All changes"},
    "feed_title": {"ky": "Жол — эмне өзгөрдү", "ru": "Жол — что изменилось", "en": "Jol — what changed"},
}
_PUBLISHED_CASE = {"ky": "loc"}


class ChangesError(ValueError):
    """data/changes.toml is wrong; the message names the entry and the fix."""


@dataclass(frozen=True)
class Entry:
    date: dt.date
    texts: dict[str, str]  # Markdown, starting with the date in bold
    page: str  # "amina.md#who", or "" when no page explains it
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    entries: tuple[Entry, ...]  # newest first
    sources: tuple[dict[str, str], ...]


def _texts(where: str, raw: dict[str, Any]) -> dict[str, str]:
    texts = {lang: raw.get(lang) for lang in LANGUAGES}
    missing = [lang for lang, text in texts.items() if not isinstance(text, str) or not text.strip()]
    if missing:
        raise ChangesError(f"{where}: write the text in {', '.join(missing)} too (ky, ru and en are all needed)")
    return {lang: str(text).strip() for lang, text in texts.items()}


def parse_changes(document: dict[str, Any], docs: Path = DOCS) -> Changes:
    """Check and convert data/changes.toml; every new value of a legal parameter must be named by an entry."""
    parameters = load_parameters()
    entries: list[Entry] = []
    for index, raw in enumerate(document.get("entry", [])):
        where = f"data/changes.toml, entry #{index + 1}"
        unknown = sorted(set(raw) - {"date", "parameters", "page", *LANGUAGES})
        if unknown:
            raise ChangesError(
                f"{where}: unknown key(s) {', '.join(unknown)}; the keys are date, parameters, page, ky, ru, en"
            )
        date = raw.get("date")
        if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
            raise ChangesError(f"{where}: 'date' must be a date written YYYY-MM-DD without quotes")
        names = raw.get("parameters", [])
        for name in names:
            if name not in parameters:
                raise ChangesError(f"{where}: 'parameters' names {name!r}, which parameters.toml does not have")
            if not any(value.start == date for value in parameters[name].values):
                starts = ", ".join(value.start.isoformat() for value in parameters[name].values)
                raise ChangesError(f"{where}: {name} has no value from {date} (its values start on {starts})")
        page = str(raw.get("page", ""))
        if page and not (docs / "en" / page.partition("#")[0]).is_file():
            raise ChangesError(f"{where}: 'page' names {page!r}, but docs/en has no such page")
        entries.append(Entry(date, _texts(where, raw), page, tuple(names)))
    named = {(name, entry.date) for entry in entries for name in entry.parameters}
    for name in parameters.names():
        values = parameters[name].values
        for before, value in pairwise(values):
            if value.value != before.value and (name, value.start) not in named:
                raise ChangesError(
                    f"parameters.toml gives {name} a new value from {value.start}: describe this change in "
                    f'data/changes.toml with an [[entry]] that has date = {value.start} and parameters = ["{name}"]'
                )
    sources = tuple(
        _texts(f"data/changes.toml, source #{i + 1}", raw) for i, raw in enumerate(document.get("source", []))
    )
    return Changes(tuple(sorted(entries, key=lambda entry: entry.date, reverse=True)), sources)


_loaded: dict[str, Changes] = {}
_warned: set[str] = set()


def load_changes(path: Path = CHANGES_FILE) -> Changes:
    key = str(path)
    if key not in _loaded:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ChangesError(f"data/changes.toml cannot be read: {error}") from None
        _loaded[key] = parse_changes(document)
    return _loaded[key]


def _reference_line(entry_parameters: tuple[str, ...], date: dt.date, lang: str) -> list[str]:
    parameters = load_parameters()
    lines = []
    for name in entry_parameters:
        value = next(value for value in parameters[name].values if value.start == date)
        reference = value.reference
        dated = ""
        if reference.date is not None:
            written = format_date(
                reference.date, lang, _PUBLISHED_CASE.get(lang, "nom") if reference.date_kind == "published" else "nom"
            )
            dated = " (" + WORDS[reference.date_kind][lang].format(date=written) + ")"
        cited = f"{reference.title_in(lang)}, {reference.article_in(lang)}"
        if lang == "ky":  # the act's Russian title and article, quoted in a Kyrgyz sentence
            cited = f"«{cited.replace('«', '“').replace('»', '”')}»"
        lines.append(f"{cited}{dated}: <{reference.url}>")
    return lines


def source_lines(changes: Changes, lang: str) -> list[str]:
    """Every source of the entries, each with its own date: the [[source]] blocks and the parameters' references."""
    lines = [source[lang] for source in changes.sources]
    for entry in changes.entries:
        for line in _reference_line(entry.parameters, entry.date, lang):
            if line not in lines:
                lines.append(line)
    return lines


def _pending_item(change: PendingChange, lang: str, day: dt.date) -> str:
    seen = format_date(change.status_seen, lang)
    source_date = format_date(change.source_date, lang, _PUBLISHED_CASE.get(lang, "nom"))
    published = WORDS["published"][lang].format(date=source_date)
    parts = [
        f"**{change.title.in_language(lang)}.** {WORDS['stage'][lang]}: {change.stage.in_language(lang)}; "
        f"{WORDS['seen'][lang]} {seen}."
    ]
    if (day - change.status_seen).days > STALE_AFTER_DAYS:
        parts.append(WORDS["stale"][lang].format(days=STALE_AFTER_DAYS))
    if change.affects:
        parts.append(WORDS["calculator"][lang])
    parts.append(f"{WORDS['source'][lang]}: [{change.source.in_language(lang)}]({change.source_url}) ({published}).")
    parts += [f"[{WORDS['read'][lang]}]({page})." for page in change.pages]
    return "- " + " ".join(parts)


def _bullets(lines: list[str]) -> str:
    return "\n".join(line if line.startswith("- ") else "- " + line for line in lines)


def _since_last_visit(changes: Changes, lang: str, day: dt.date, link_prefix: str) -> str:
    """A hidden box; the script shows the entries dated after the reader's last visit, then keeps today's date."""
    items = []
    for entry in changes.entries:
        if entry.date > day:
            continue
        title = plain_title(entry.texts[lang], lang, day)
        target = link_prefix + _page_url(entry.page) if entry.page else link_prefix + "changes/"
        link = f'<a href="{html.escape(target)}">{html.escape(title, quote=False)}</a>'
        items.append(f'<li data-date="{entry.date.isoformat()}" hidden>{link}</li>')
    return (
        f'<div class="jol-news admonition info" id="jol-news" data-today="{day.isoformat()}" hidden>\n'
        f'<p class="admonition-title">{WORDS["since_title"][lang]}</p>\n<ul>\n' + "\n".join(items) + "\n</ul>\n"
        f'<p><a href="{link_prefix}changes/">{WORDS["all_changes"][lang]}</a></p>\n</div>\n' + SINCE_SCRIPT
    )


# Shows the changes dated after the last visit that this browser remembers, then remembers today. On a first visit
# (nothing remembered) it shows nothing. If the browser keeps nothing (storage blocked), it shows nothing either.
SINCE_SCRIPT = """<script>
(function () {
  var box = document.getElementById("jol-news");
  if (!box) return;
  var last = null, key = "jol-last-visit";
  try {
    last = localStorage.getItem(key);
    localStorage.setItem(key, box.getAttribute("data-today"));
  } catch (e) {
    return;
  }
  if (!last || !/^\\d{4}-\\d\\d-\\d\\d$/.test(last)) return;
  var shown = 0;
  box.querySelectorAll("li[data-date]").forEach(function (item) {
    if (item.getAttribute("data-date") > last && shown < 5) { item.hidden = false; shown += 1; }
  });
  if (shown) box.hidden = false;
})();
</script>
"""


def _page_url(page: str) -> str:
    name, _, anchor = page.partition("#")
    stem = name.removesuffix(".md")
    url = "" if stem == "index" else stem + "/"
    return url + (f"#{anchor}" if anchor else "")


_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BOLD_LABEL = re.compile(r"^\*\*(.+?)\*\*\s*")


def plain_title(markdown: str, lang: str, day: dt.date) -> str:
    """An entry's first sentence as plain text (for the feed and the "since your last visit" box)."""
    text = substitute_placeholders(markdown, lang, day, where="data/changes.toml")
    text = _MARKDOWN_LINK.sub(r"\1", text).replace("**", "").replace("<", "").replace(">", "")
    text = re.sub(r"\s+", " ", text).strip()
    first = re.split(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁӨҮҢ«])", text, maxsplit=1)[0]
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def render_marker(kind: str, lang: str, day: dt.date, where: str, link_prefix: str = "") -> str:
    changes = load_changes()
    if kind == "coming":
        coming = [entry.texts[lang] for entry in reversed(changes.entries) if entry.date > day]
        return _bullets(coming) if coming else WORDS["nothing_coming"][lang]
    if kind == "past":
        return _bullets([entry.texts[lang] for entry in changes.entries if entry.date <= day])
    if kind == "recent":
        recent = [entry.texts[lang] for entry in changes.entries if entry.date <= day][:RECENT_ON_HOME]
        return _bullets(recent)
    if kind == "pending":
        pending = load_pending()
        return "\n".join(_pending_item(change, lang, day) for change in pending) or WORDS["nothing_pending"][lang]
    if kind == "sources":
        return _bullets(source_lines(changes, lang))
    if kind == "since-last-visit":
        return _since_last_visit(changes, lang, day, link_prefix)
    raise ChangesError(
        f"{where}: unknown marker <!-- jol:changes {kind} -->; use coming, past, recent, pending, sources or "
        "since-last-visit"
    )


def warn_stale_pending(day: dt.date) -> list[str]:
    """Plain lines for editors: pending statuses older than 90 days (look for a newer report)."""
    lines = []
    for change in load_pending():
        age = (day - change.status_seen).days
        if age > STALE_AFTER_DAYS:
            lines.append(
                f"calculator/src/migration_rules/data/pending.toml: the status of {change.id!r} was last seen on "
                f"{change.status_seen} ({age} days ago, more than {STALE_AFTER_DAYS}): look for a newer report, "
                "then update status_seen and stage"
            )
    return lines


# ------------------------------------------------------------------------------------------------------ MkDocs


def on_pre_build(config: Any) -> None:
    _loaded.clear()
    try:
        load_changes()
    except ChangesError as error:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(error)) from None
    for line in warn_stale_pending(today()):
        if line not in _warned:  # once, though mkdocs-static-i18n builds once per language
            _warned.add(line)
            log.warning(line)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if "jol:changes" not in markdown:
        return markdown
    lang = page_lang(page)
    where = f"docs/{page.file.src_uri}"
    depth = (page.url or "").count("/") - (0 if lang == "ky" else 1)
    link_prefix = "../" * max(depth, 0)
    try:
        return MARKER.sub(lambda match: render_marker(match.group(1), lang, today(), where, link_prefix), markdown)
    except ChangesError as error:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(error)) from None


VIEWPORT = '<meta name="viewport" content="width=device-width,initial-scale=1">'


def _feed_path(lang: str) -> str:
    return "feed.xml" if lang == "ky" else f"{lang}/feed.xml"


def on_post_page(output: str, page: Any, config: Any) -> str:
    lang = page_lang(page)
    prefix = "../" * (page.url or "").count("/")
    title = html.escape(WORDS["feed_title"][lang])
    link = f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{prefix}{_feed_path(lang)}">'
    # Early in the head: overrides/main.html's script hides every <link rel="alternate"> from Material's sitemap
    # look-up, and it must come after them.
    if VIEWPORT not in output:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"hooks/jol_changes.py: no viewport <meta> in {page.file.src_uri} to put the feed link after")
    return output.replace(VIEWPORT, f"{VIEWPORT}\n  {link}", 1)


def atom_feed(lang: str, day: dt.date, site_url: str = "") -> str:
    """The Atom feed of one language: the changes in effect on ``day``, newest first."""
    changes = load_changes()
    base = site_url.rstrip("/") + "/" if site_url else ""
    # Links are relative to the feed's own address (feed.xml sits in its language's root) unless the site's address
    # is known (JOL_SITE_URL), then absolute.
    lang_root = (base + ("" if lang == "ky" else f"{lang}/")) if base else ""
    past = [entry for entry in changes.entries if entry.date <= day]
    updated = (past[0].date if past else day).isoformat() + "T00:00:00+03:00"
    changes_page = lang_root + "changes/"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
        f"  <title>{xml_escape(WORDS['feed_title'][lang])}</title>",
        f"  <id>tag:jol-guide,2026:changes:{lang}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{xml_escape('Jol' if lang == 'en' else 'Жол')}</name></author>",
        f'  <link rel="alternate" type="text/html" href="{xml_escape(changes_page)}"/>',
    ]
    if base:
        lines.append(f'  <link rel="self" type="application/atom+xml" href="{xml_escape(base + _feed_path(lang))}"/>')
    for index, entry in enumerate(past):
        title = plain_title(entry.texts[lang], lang, day)
        text = substitute_placeholders(entry.texts[lang], lang, day, where="data/changes.toml")
        summary = _MARKDOWN_LINK.sub(r"\1", text).replace("**", "")
        target = lang_root + (_page_url(entry.page) if entry.page else "changes/")
        slug = (
            f"{entry.date.isoformat()}-{index}"
            if not entry.parameters
            else f"{entry.date.isoformat()}-{entry.parameters[0]}"
        )
        lines += [
            "  <entry>",
            f"    <title>{xml_escape(title)}</title>",
            f"    <id>tag:jol-guide,2026:changes:{lang}:{xml_escape(slug)}</id>",
            f"    <updated>{entry.date.isoformat()}T00:00:00+03:00</updated>",
            f'    <link rel="alternate" type="text/html" href="{xml_escape(target)}"/>',
            f'    <summary type="text">{xml_escape(summary)}</summary>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    site_url = str(config.get("site_url") or "")
    for lang in LANGUAGES:
        target = site / _feed_path(lang)
        data = atom_feed(lang, today(), site_url).encode("utf-8")
        if not (target.is_file() and target.read_bytes() == data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


__all__ = ["ChangesError", "atom_feed", "load_changes", "parse_changes", "render_marker", "warn_stale_pending"]
