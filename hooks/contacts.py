"""MkDocs hook: fill `{{ contact.<id>.<field> }}` markers from data/contacts.toml, in the page's language.

A phone field gives a link to tap (``[+7 925 115 50 47](tel:+79251155047)``, WhatsApp ``https://wa.me/…``), with
``| number`` the number alone; a text field (name, address, hours) gives the text in the page's language. It runs
before hooks/parameters.py (whose ``{{ … }}`` placeholders are legal values). A wrong marker or a wrong line in the
contacts file stops the build with a message naming the page, the line and the marker, or the file and the contact.
"""

from __future__ import annotations

from typing import Any

from jol_contacts import ContactError, load_contacts, substitute_contacts
from jol_site import page_lang, page_line_offset
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


def on_pre_build(config: Any) -> None:
    """Read the contacts file afresh on every build (`make serve` shows an edited number at once)."""
    load_contacts.cache_clear()
    try:
        load_contacts()
    except ContactError as error:
        raise PluginError(f"Contacts error: {error}") from None


@event_priority(50)  # before hooks/parameters.py, which refuses names it does not know
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    where = f"docs/{page.file.src_uri}"
    try:
        return substitute_contacts(markdown, page_lang(page), where, page_line_offset(page, markdown))
    except ContactError as error:
        raise PluginError(f"Contact marker error in {error}") from None
