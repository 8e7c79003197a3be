"""MkDocs hook: fill `{{ name }}` and `{{ name | since }}` with legal values from the rules package.

Values come from calculator/src/migration_rules/data/parameters.toml (or the file JOL_PARAMETERS names), taken on
the build day in Moscow (or JOL_TODAY). A value dated to start after the build day is written beside the one in
force ("30 (from 1 March 2027: 15)"); the site is rebuilt every night, so the new value takes over on its day.
Dates are written out in the page's language with ``migration_rules.dates.format_date``. A wrong placeholder stops
the build with a message naming the page, the line and the placeholder.

The hook only transforms the Markdown text it is given, so it gives the same result however many times
mkdocs-static-i18n runs the build (once per language).
"""

from __future__ import annotations

from jol_site import PlaceholderError, page_lang, page_line_offset, reload_parameters, substitute_placeholders, today
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def on_pre_build(config: MkDocsConfig) -> None:
    """Read parameters.toml afresh on every build, so `make serve` shows an edited value at once."""
    reload_parameters()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = f"docs/{page.file.src_uri}"
    try:
        return substitute_placeholders(
            markdown, page_lang(page), today(), where=where, line_offset=page_line_offset(page, markdown)
        )
    except PlaceholderError as error:
        raise PluginError(f"Placeholder error in {error}") from None
