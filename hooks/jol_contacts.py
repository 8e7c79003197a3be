"""The guide's contacts (data/contacts.toml) and the `{{ contact.… }}` markers that pages use to show them.

No MkDocs imports here: the build hook (hooks/contacts.py), the site checks and `make check` share this module.

- ``load_contacts()``: the contacts file (or the one JOL_CONTACTS names), checked; ContactError in plain words.
- ``substitute_contacts(markdown, lang)``: every ``{{ contact.<id>.<field> }}`` (and ``| number``) filled in.
- ``known_numbers()``: every phone and WhatsApp number of the file, as "+" and digits ("112" for short numbers).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTACTS_FILE = ROOT / "data" / "contacts.toml"
LANGUAGES = ("ky", "ru", "en")
WHERE = "data/contacts.toml"

MARKER = re.compile(r"\{\{\s*contact\.(?P<inside>[^}]*?)\s*\}\}")
_INSIDE = re.compile(r"^(?P<id>[a-z][a-z0-9_]*)\.(?P<field>[a-z][a-z0-9_]*)\s*(?:\\?\|\s*(?P<filter>[a-z_]+))?$")
FILTERS = ("number",)
TEL = re.compile(r"^\+?\d+$")
WHATSAPP = re.compile(r"^https://wa\.me/(?P<digits>\d+)$")
SHORT_NUMBER = re.compile(r"^\d{2,4}$")  # 112, 103: dialled as written


class ContactError(ValueError):
    """The contacts file or a marker is wrong; the message says where and how to fix it."""


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def normalise(number: str) -> str:
    """ "+7 925 115 50 47" -> "+79251155047"; "112" stays "112"."""
    only = digits(number)
    return only if SHORT_NUMBER.match(number.strip()) else "+" + only


@dataclass(frozen=True)
class Phone:
    number: str  # as readers see it: "+7 925 115 50 47"
    target: str  # the link: "tel:+79251155047" or "https://wa.me/79250302627"


@dataclass
class Contact:
    id: str
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> lang -> text
    phones: dict[str, Phone] = field(default_factory=dict)  # field -> phone (tel: and WhatsApp)
    source_url: str = ""
    source_date: dt.date | None = None
    checked: dt.date | None = None


def _text(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise ContactError(f'{where} must give the text in the three languages: {{ ky = "…", ru = "…", en = "…" }}')
    for lang, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise ContactError(f"{where}: the {lang} text is empty")
    return {lang: str(text) for lang, text in value.items()}


def _phone(value: dict[str, object], where: str) -> Phone:
    number = value.get("number")
    if not isinstance(number, str) or not re.fullmatch(r"\+?[\d ]+", number.strip()):
        raise ContactError(
            f"{where}: 'number' must be the number as readers see it, e.g. number = \"+7 495 197 76 71\""
        )
    if "tel" in value:
        tel = value["tel"]
        if not isinstance(tel, str) or not TEL.match(tel):
            raise ContactError(
                f'{where}: \'tel\' must be "+" and the digits, without spaces, e.g. tel = "+74951977671"'
            )
        if normalise(number) != tel:
            raise ContactError(
                f'{where}: the number {number} and its tel = "{tel}" are not the same number; '
                f'write tel = "{normalise(number)}" (or correct the number)'
            )
        return Phone(number, "tel:" + tel)
    link = value.get("link")
    match = WHATSAPP.match(link) if isinstance(link, str) else None
    if match is None:
        raise ContactError(f'{where}: a WhatsApp number needs link = "https://wa.me/<digits, without +>"')
    if match.group("digits") != digits(number):
        raise ContactError(
            f"{where}: the number {number} and its link {link} are not the same number; "
            f'write link = "https://wa.me/{digits(number)}" (or correct the number)'
        )
    return Phone(number, str(link))


def parse_contacts(text: str, where: str = WHERE) -> dict[str, Contact]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ContactError(f"{where} is not valid TOML: {error}") from None
    contacts: dict[str, Contact] = {}
    for contact_id, table in data.items():
        here = f"{where}, [{contact_id}]"
        if not isinstance(table, dict):
            raise ContactError(f"{here} must be a table: [{contact_id}] followed by its lines")
        contact = Contact(contact_id)
        for key in ("name", "source", "checked"):
            if key not in table:
                raise ContactError(f"{here} has no '{key}'; every contact needs name, source and checked")
        for key, value in table.items():
            at = f"{here} {key}"
            if key == "source":
                if not isinstance(value, dict) or not str(value.get("url", "")).startswith(("https://", "http://")):
                    raise ContactError(f'{at} needs the page\'s address: url = "https://…"')
                if not isinstance(value.get("date"), dt.date) or not str(value.get("title", "")).strip():
                    raise ContactError(f"{at} needs a title and the source's own date: date = YYYY-MM-DD (no quotes)")
                contact.source_url, contact.source_date = str(value["url"]), value["date"]
            elif key == "checked":
                if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                    raise ContactError(f"{at} must be the day you read the source: checked = YYYY-MM-DD (no quotes)")
                if value > dt.date.today():
                    raise ContactError(f"{at} = {value} is in the future; write the day you read the source")
                contact.checked = value
            elif isinstance(value, dict) and "number" in value:
                contact.phones[key] = _phone(value, at)
            else:
                contact.texts[key] = _text(value, at)
        contacts[contact_id] = contact
    return contacts


@cache
def load_contacts() -> dict[str, Contact]:
    """data/contacts.toml, or the file JOL_CONTACTS names (to try a change)."""
    path = Path(os.environ.get("JOL_CONTACTS") or CONTACTS_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContactError(f"the contacts file cannot be read: {error}") from None
    shown = WHERE if path == CONTACTS_FILE else str(path)
    return parse_contacts(text, shown)


def known_numbers(contacts: dict[str, Contact] | None = None) -> dict[str, str]:
    """Normalised number -> "<id>.<field>" for every phone and WhatsApp number of the file."""
    contacts = load_contacts() if contacts is None else contacts
    return {normalise(p.number): f"{c.id}.{name}" for c in contacts.values() for name, p in c.phones.items()}


def _fill(inside: str, lang: str, contacts: dict[str, Contact]) -> str:
    match = _INSIDE.match(inside.strip())
    if match is None:
        raise ContactError("is malformed: write {{ contact.<id>.<field> }}, e.g. {{ contact.embassy.hotline }}")
    contact_id, name, filter_ = match.group("id"), match.group("field"), match.group("filter")
    contact = contacts.get(contact_id)
    if contact is None:
        raise ContactError(f"names an unknown contact {contact_id!r} (known: {', '.join(contacts)})")
    if filter_ is not None and filter_ not in FILTERS:
        raise ContactError(f"uses an unknown filter {filter_!r}; the only filter is '| number'")
    if name in contact.phones:
        phone = contact.phones[name]
        return phone.number if filter_ == "number" else f"[{phone.number}]({phone.target})"
    if name in contact.texts:
        if filter_ is not None:
            raise ContactError("uses '| number' on a text; it is only for phone numbers")
        return contact.texts[name].get(lang, contact.texts[name]["en"])
    fields = ", ".join([*contact.texts, *contact.phones])
    raise ContactError(f"names an unknown field {name!r} of {contact_id} (its fields: {fields})")


def substitute_contacts(markdown: str, lang: str, where: str = "page", line_offset: int = 0) -> str:
    """Fill every ``{{ contact.… }}`` of ``markdown``; ContactError naming ``where``, the line and the marker."""
    if "contact." not in markdown:
        return markdown
    contacts = load_contacts()

    def replace(match: re.Match[str]) -> str:
        try:
            return _fill(match.group("inside"), lang, contacts)
        except ContactError as error:
            line = markdown.count("\n", 0, match.start()) + 1 + line_offset
            raise ContactError(f"{where}, line {line}: the marker {match.group(0)!r} {error}") from None

    return MARKER.sub(replace, markdown)
