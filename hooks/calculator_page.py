"""MkDocs hook: the strings of the calculator page for its template (overrides/calculator.html).

The page's Markdown (``docs/<lang>/calculator.md``, front matter ``template: calculator.html``) holds its prose and
the line ``<!-- calculator form -->`` where the form goes; the form itself is one partial for every language
(overrides/partials/calculator-form.html). Its strings, and those of calculator/web/calculator.js, are in the rules
package beside its messages: ``calculator/src/migration_rules/data/messages/page/<lang>.toml``. The template gets:

- ``jol_calc_text``: the ``[form]`` strings by key (``entry_date``, ``entry_date_hint``…), with ``{{ name }}``
  filled with legal values as on the guide pages (``{{ medical.exempt_under_age }}`` → the age in force);
- ``jol_calc_script_json``: the ``[script]`` strings, for calculator.js, as JSON to write into the page;
- ``jol_calc_purposes``: the purposes as the migration card names them (``data/purposes.toml``), in order.

The addresses of the page's files come from hooks/calculator_assets.py (``jol_calculator_files``).
"""

from __future__ import annotations

import json
from typing import Any

from jol_site import PlaceholderError, page_lang, substitute_placeholders, today
from migration_rules.messages import page_catalogue
from migration_rules.purposes import purpose_labels
from mkdocs.exceptions import PluginError

TEMPLATE = "calculator.html"
FORM_MARKER = "<!-- calculator form -->"
SOURCE = "calculator/src/migration_rules/data/messages/page/{lang}.toml"


def page_strings(lang: str, section: str) -> dict[str, str]:
    """The strings of one section (``form``, ``script``) of the page catalogue, keys without the section's name,
    ``{{ name }}`` placeholders filled for the build day."""
    prefix = section + "."
    strings = {}
    for key, text in page_catalogue(lang).items():
        if key.startswith(prefix):
            where = f"{SOURCE.format(lang=lang)} ({key})"
            try:
                strings[key.removeprefix(prefix)] = substitute_placeholders(text, lang, today(), where=where)
            except PlaceholderError as error:
                raise PluginError(f"Placeholder error in {error}") from None
    return strings


def script_json(strings: dict[str, str]) -> str:
    """JSON to write inside <script type="application/json">: letters as they are (no \\u escapes: half the
    bytes for Kyrgyz and Russian), and no "<", ">" or "&", so that no text can end the script element."""
    text = json.dumps(strings, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.meta.get("template") == TEMPLATE and markdown.count(FORM_MARKER) != 1:
        raise PluginError(
            f"docs/{page.file.src_uri}: the calculator page needs the line {FORM_MARKER} exactly once, where the "
            f"form goes (found {markdown.count(FORM_MARKER)})"
        )
    return markdown


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    if page.meta.get("template") != TEMPLATE:
        return context
    lang = page_lang(page)
    context["jol_calc_text"] = page_strings(lang, "form")
    script = page_strings(lang, "script")
    context["jol_calc_script_text"] = script  # the form shows its first status ("loading") before the script runs
    context["jol_calc_script_json"] = script_json(script)
    context["jol_calc_purposes"] = purpose_labels(lang)
    return context
