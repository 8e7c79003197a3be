"""What the site checks read from the pages: front matter, anchors, facts and paragraphs.

Everything here works on the Markdown sources in docs/<lang>/ after the placeholders are filled in with the same
function the build uses (hooks/jol_site.py), so a placeholder date is compared like a date written by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jol_changes import MARKER as CHANGES_MARKER
from jol_changes import render_marker
from jol_contacts import substitute_contacts
from jol_site import LANGUAGES, format_date, substitute_placeholders, today

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGUAGE_NAMES = {"ky": "Kyrgyz", "ru": "Russian", "en": "English"}

# The pages of the guide, in navigation order (calculator.md joins later; it is checked once it is in mkdocs.yml).
EXPECTED_PAGES = (
    "index.md",
    "before-departure.md",
    "border.md",
    "medical.md",
    "registration.md",
    "employment.md",
    "insurance.md",
    "rights.md",
    "amina.md",
    "contacts.md",
    "about.md",
)


def nav_pages(config_file: Path = ROOT / "mkdocs.yml") -> list[str]:
    """The page files listed in mkdocs.yml's nav, in order."""

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may use !ENV / !relative tags; they are irrelevant here.
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    pages: list[str] = []

    def walk(items: object) -> None:
        if isinstance(items, list):
            for item in items:
                walk(item)
        elif isinstance(items, dict):
            for value in items.values():
                walk(value)
        elif isinstance(items, str) and items.endswith(".md"):
            pages.append(items)

    walk(config.get("nav", []))
    return pages


# --------------------------------------------------------------------------------------------------- reading pages

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)


@dataclass
class Page:
    lang: str
    name: str
    path: Path
    meta: dict[str, object]
    body: str  # Markdown after the front matter, placeholders filled in
    body_line: int  # line number (1-based) of the body's first line in the file

    @property
    def where(self) -> str:
        return f"docs/{self.lang}/{self.name}"


def split_front_matter(text: str) -> tuple[dict[str, object], str, int]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1
    meta = yaml.safe_load(match.group(1)) or {}
    if not isinstance(meta, dict):
        meta = {}
    return meta, text[match.end() :], text.count("\n", 0, match.end()) + 1


def expand_changes(body: str, lang: str, day: dt.date, where: str) -> str:
    """The lists that hooks/jol_changes.py writes at its markers (changes, pending bills, their sources), so the checks
    read them like text written on the page. The marker's line stays empty and the lists go after the page's last
    line, so that every line written on the page keeps its number in the checks' messages."""
    generated: list[str] = []

    def collect(match: re.Match[str]) -> str:
        generated.append(render_marker(match.group(1), lang, day, where))
        return ""

    body = CHANGES_MARKER.sub(collect, body)
    return body + "".join(f"\n\n{text}\n" for text in generated)


def read_page(lang: str, name: str, day: dt.date | None = None, docs: Path = DOCS) -> Page:
    path = docs / lang / name
    text = path.read_text(encoding="utf-8")
    meta, body, body_line = split_front_matter(text)
    where = f"docs/{lang}/{name}"
    body = expand_changes(body, lang, day or today(), where)
    body = substitute_contacts(body, lang, where=where, line_offset=body_line - 1)
    body = substitute_placeholders(body, lang, day or today(), where=where, line_offset=body_line - 1)
    return Page(lang, name, path, meta, body, body_line)


def page_from_text(lang: str, text: str, name: str = "example.md", day: dt.date | None = None) -> Page:
    """A page made from text (for the checkers' own tests)."""
    meta, body, body_line = split_front_matter(text)
    body = substitute_contacts(body, lang, where=f"docs/{lang}/{name}")
    body = substitute_placeholders(body, lang, day or today(), where=f"docs/{lang}/{name}")
    return Page(lang, name, Path(name), meta, body, body_line)


FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}).*?^(?P=indent)(?P=fence)[ \t]*$", re.DOTALL | re.MULTILINE
)
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def without_code(markdown: str) -> str:
    """Blank out code blocks, inline code and HTML comments, keeping line numbers."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    markdown = FENCE.sub(blank, markdown)
    markdown = HTML_COMMENT.sub(blank, markdown)
    return INLINE_CODE.sub(blank, markdown)


ANCHOR = re.compile(r"^#{2,6}\s.*?\{[^}]*#(?P<anchor>[A-Za-z0-9_\-:.]+)[^}]*\}\s*$", re.MULTILINE)
HEADING = re.compile(r"^(?P<level>#{2,6})\s+(?P<text>.*?)\s*$", re.MULTILINE)


def anchors(page: Page) -> list[str]:
    """The explicit `{ #anchor }` of every heading, in order."""
    return [m.group("anchor") for m in ANCHOR.finditer(without_code(page.body))]


def headings_without_anchor(page: Page) -> list[str]:
    text = without_code(page.body)
    return [m.group(0).strip() for m in HEADING.finditer(text) if not ANCHOR.match(m.group(0).strip())]


# ----------------------------------------------------------------------------------------------------------- facts

MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")  # fmt: skip
MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря")  # fmt: skip
# Kyrgyz month stems; the possessive and case endings follow ("1-январы", "1-январынан", "1-майында", "1-июну").
MONTHS_KY = ("январ", "феврал", "март", "апрел", "май", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
             "декабр")  # fmt: skip

DATE_EN = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>" + "|".join(MONTHS_EN) + r")\b,?\s+(?P<y>\d{4})\b", re.I
)
DATE_EN_US = re.compile(r"\b(?P<m>" + "|".join(MONTHS_EN) + r")\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b", re.I)
DATE_RU = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+(?P<m>" + "|".join(MONTHS_RU) + r")\s+(?P<y>\d{4})(?:\s*(?:года|г\.))?", re.I
)
DATE_KY = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*-\s*ж(?:ылдын|ылы|\.)\s+(?P<d>\d{1,2})\s*-\s*(?P<m>" + "|".join(MONTHS_KY) + r")[а-яёңөү]*",
    re.I,
)
DATE_ISO = re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d])")
DATE_DOTTED = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d])")

URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'«»]+[^\s<>()\[\]\"'«».,;:!?]", re.I)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?<![\w+])(?:\+\d[\d \u00a0\-()]{5,}\d|8[ \u00a0\-]?\(?8\d\d\)?[\d \u00a0\-]{6,}\d)")
MD_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
MD_AUTOLINK = re.compile(r"<(?P<target>(?:https?|mailto|tel):[^>\s]+)>", re.I)
HTML_HREF = re.compile(r"\bhref\s*=\s*[\"'](?P<target>[^\"']+)[\"']", re.I)
ATTR_LIST = re.compile(r"\{:?\s*[#.][^}\n]*\}")
LIST_MARKER = re.compile(r"^(?P<indent>[ \t]*)\d{1,3}[.)](?=\s)", re.MULTILINE)
NUMBER = re.compile(r"(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+)*")
REF_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<target>[^\s>]+)>?.*$", re.MULTILINE)
THOUSANDS_SPACE = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])")


@dataclass(frozen=True, order=True)
class Fact:
    kind: str  # number, date, phone, email, link
    value: str  # normalised: "90", "2026-03-01", "+74951977671", "x@y.kg", "https://…", "registration.md#who"

    def describe(self, lang: str) -> str:
        if self.kind == "date":
            day = dt.date.fromisoformat(self.value)
            return f"the date {format_date(day, lang)} ({self.value})"
        if self.kind == "number":
            return f"the number {self.value}"
        if self.kind == "phone":
            return f"the phone number {self.value}"
        if self.kind == "email":
            return f"the e-mail address {self.value}"
        return f"the link {self.value}"


@dataclass
class PageFacts:
    facts: dict[Fact, int] = field(default_factory=dict)  # fact -> first line where it appears

    def add(self, fact: Fact, line: int) -> None:
        self.facts.setdefault(fact, line)


def _date(y: str, m: int, d: str) -> str | None:
    try:
        return dt.date(int(y), m, int(d)).isoformat()
    except ValueError:
        return None


def normalise_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("8") and not text.strip().startswith("+"):
        digits = "7" + digits[1:]  # 8 800 … is +7 800 …
    return "+" + digits


def normalise_link(target: str) -> Fact | None:
    target = target.strip().strip("<>")
    lower = target.lower()
    if lower.startswith("tel:"):
        return Fact("phone", normalise_phone(target[4:]))
    if lower.startswith("mailto:"):
        return Fact("email", target[7:].split("?")[0].lower())
    if lower.startswith(("http://", "https://", "www.")):
        url = re.sub(r"^(https?://)?(www\.)?", lambda m: (m.group(1) or "https://").lower(), target, count=1)
        scheme, _, rest = url.partition("://")
        host, slash, path = rest.partition("/")
        url = f"{scheme}://{host.lower()}{slash}{path}"
        return Fact("link", url.rstrip("/"))
    if lower.startswith(("#", "javascript:", "data:")) or not target:
        return Fact("link", target) if target.startswith("#") else None
    return Fact("link", target.removeprefix("./"))  # a page of the guide: registration.md#who-registers


def _number(token: str, lang: str) -> str:
    """ "1,000" (English thousands) -> "1000"; "1,5" (Russian/Kyrgyz decimal) -> "1.5"."""
    if lang == "en" and re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
        return token.replace(",", "")
    return token.replace(",", ".")


def extract_facts(page: Page) -> PageFacts:
    """Numbers, dates, phone numbers, e-mail addresses and link targets of a page (with their line numbers)."""
    found = PageFacts()
    text = without_code(page.body)
    text = ATTR_LIST.sub(lambda m: " " * len(m.group(0)), text)

    def line_of(index: int) -> int:
        return text.count("\n", 0, index) + page.body_line

    def consume(pattern: re.Pattern[str], make: object) -> None:
        nonlocal text

        def replace(match: re.Match[str]) -> str:
            fact = make(match)  # type: ignore[operator]
            if fact is not None:
                found.add(fact, line_of(match.start()))
            # keep the link text of a Markdown link (it may hold a phone number or a date); drop the rest
            if pattern is MD_LINK:
                inner = match.group("text")
                return "[" + inner + "]" + " " * (len(match.group(0)) - len(inner) - 2)
            return re.sub(r"[^\n]", " ", match.group(0))

        text = pattern.sub(replace, text)

    consume(REF_DEFINITION, lambda m: normalise_link(m.group("target")))
    consume(MD_LINK, lambda m: normalise_link(m.group("target")))
    consume(MD_AUTOLINK, lambda m: normalise_link(m.group("target")))
    consume(HTML_HREF, lambda m: normalise_link(m.group("target")))
    consume(URL, lambda m: normalise_link(m.group(0)))
    consume(EMAIL, lambda m: Fact("email", m.group(0).lower()))
    for pattern in (DATE_KY, DATE_RU, DATE_EN, DATE_EN_US):
        months = {DATE_KY: MONTHS_KY, DATE_RU: MONTHS_RU}.get(pattern, MONTHS_EN)

        def make_date(m: re.Match[str], months: tuple[str, ...] = months) -> Fact | None:
            month = next(i for i, name in enumerate(months, 1) if m.group("m").lower().startswith(name))
            value = _date(m.group("y"), month, m.group("d"))
            return Fact("date", value) if value else None

        consume(pattern, make_date)
    consume(
        DATE_ISO, lambda m: Fact("date", v) if (v := _date(m.group("y"), int(m.group("m")), m.group("d"))) else None
    )
    consume(
        DATE_DOTTED,
        lambda m: Fact("date", v) if (v := _date(m.group("y"), int(m.group("m")), m.group("d"))) else None,
    )
    consume(
        PHONE, lambda m: Fact("phone", normalise_phone(m.group(0))) if len(re.sub(r"\D", "", m.group(0))) >= 7 else None
    )
    text = LIST_MARKER.sub(lambda m: m.group("indent") + "  ", text)  # "1." of a numbered list is not a fact
    consume(THOUSANDS_SPACE, lambda m: Fact("number", re.sub(r"\D", "", m.group(0))))
    consume(NUMBER, lambda m: Fact("number", _number(m.group(0), page.lang)))
    return found


@dataclass(frozen=True)
class Missing:
    page: str
    fact: Fact
    has: str  # language that has the fact
    lacks: str  # language that lacks it
    line: int  # line in the page that has it

    def message(self) -> str:
        return (
            f"{self.page}: {self.fact.describe(self.has)} is in the {LANGUAGE_NAMES[self.has]} page "
            f"(docs/{self.has}/{self.page}, line {self.line}) but not in the {LANGUAGE_NAMES[self.lacks]} page "
            f"(docs/{self.lacks}/{self.page}). Add it there, or correct the {LANGUAGE_NAMES[self.has]} page."
        )


def compare_facts(name: str, facts: dict[str, PageFacts]) -> list[Missing]:
    missing = []
    for has, own in facts.items():
        for fact, line in sorted(own.facts.items()):
            for lacks, other in facts.items():
                if lacks != has and fact not in other.facts:
                    missing.append(Missing(name, fact, has, lacks, line))
    return missing


@dataclass(frozen=True)
class FactException:
    page: str
    fact: str
    reason: str
    languages: tuple[str, ...]

    def covers(self, missing: Missing) -> bool:
        return (
            self.page == missing.page
            and self.fact == missing.fact.value
            and (not self.languages or missing.lacks in self.languages)
        )


def load_fact_exceptions(path: Path) -> tuple[list[FactException], list[str]]:
    """Exceptions of tests/site/fact_exceptions.toml, and the problems of the file itself."""
    problems: list[str] = []
    if not path.exists():
        return [], problems
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        return [], [f"{path.name} is not valid TOML: {error}"]
    unknown_top = sorted(set(data) - {"exception"})
    if unknown_top:
        problems.append(f"{path.name}: unknown section(s) {', '.join(unknown_top)}; write [[exception]] blocks")
    result = []
    for number, entry in enumerate(data.get("exception", []), 1):
        where = f"{path.name}, exception #{number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be an [[exception]] table")
            continue
        unknown = sorted(set(entry) - {"page", "fact", "reason", "languages"})
        if unknown:
            problems.append(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: page, fact, reason, languages)")
        page, fact, reason = entry.get("page"), entry.get("fact"), entry.get("reason")
        if not isinstance(page, str) or not page.endswith(".md"):
            problems.append(f"{where}: 'page' must name a page file, e.g. page = \"border.md\"")
        if not isinstance(fact, str) or not fact.strip():
            problems.append(f"{where}: 'fact' must be the fact as the check prints it, e.g. fact = \"90\"")
        if not isinstance(reason, str) or len(reason.strip()) < 10:
            problems.append(f"{where}: every exception needs a 'reason' that says why the languages may differ")
        languages = entry.get("languages", [])
        if not isinstance(languages, list) or any(lang not in LANGUAGES for lang in languages):
            problems.append(f"{where}: 'languages' must be a list of ky, ru, en (the languages allowed to lack it)")
            languages = []
        if isinstance(page, str) and isinstance(fact, str) and isinstance(reason, str):
            result.append(FactException(page, fact.strip(), reason, tuple(languages)))
    return result, problems


# ----------------------------------------------------------------------------------------------- language check

KYRGYZ_LETTERS = set("ңөүҢӨҮ")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04FF]+(?:[-'’][\u0400-\u04FF]+)*")
QUOTED = re.compile(r"«[^«»\n]*»|„[^„“\n]*“")
PARAGRAPH_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|#{1,6}\s|\||!!!|\?\?\?)")


@dataclass(frozen=True)
class Paragraph:
    line: int
    text: str  # prose only: no code, URLs, link targets, markup

    def start(self, words: int = 8) -> str:
        return " ".join(self.text.split()[:words]) + ("…" if len(self.text.split()) > words else "")


def prose(markdown: str) -> str:
    """Markdown reduced to its visible words (same line structure): no code, URLs, link targets or markup."""
    text = without_code(markdown)
    text = ATTR_LIST.sub(lambda m: " " * len(m.group(0)), text)
    text = MD_LINK.sub(lambda m: "[" + m.group("text") + "]" + " " * (len(m.group(0)) - len(m.group("text")) - 2), text)
    text = MD_AUTOLINK.sub(lambda m: " " * len(m.group(0)), text)
    text = re.sub(r"<[^>\n]+>", lambda m: " " * len(m.group(0)), text)  # HTML tags
    text = URL.sub(lambda m: " " * len(m.group(0)), text)
    text = EMAIL.sub(lambda m: " " * len(m.group(0)), text)
    return text


SINGLE_LINE_BLOCK = re.compile(r"^\s*(?:#{1,6}\s|\||!!!|\?\?\?)")


def paragraphs(page: Page) -> list[Paragraph]:
    """Blocks of prose: separated by blank lines; every list item, heading, table row and admonition title alone."""
    result: list[Paragraph] = []
    current: list[str] = []
    start = 0

    def flush() -> None:
        text = " ".join(part.strip() for part in current).strip()
        if text:
            result.append(Paragraph(start + page.body_line, text))
        current.clear()

    for index, line in enumerate(prose(page.body).split("\n")):
        if not line.strip():
            flush()
            continue
        if PARAGRAPH_START.match(line):
            flush()
        if not current:
            start = index
        current.append(line)
        if SINGLE_LINE_BLOCK.match(line):
            flush()
    flush()
    return result


@dataclass(frozen=True)
class LanguageProblem:
    where: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.where}, line {self.line}: {self.message}"


# Without ң ө ү a paragraph can still be Kyrgyz ("Россиянын башка аймактарында кадимки миграциялык каттоо колдонулат.").
# Such a paragraph passes only if it has at least 2 Kyrgyz word forms and more of them than Russian function words.
KYRGYZ_WORD_FORMS = re.compile(
    r"^(?:жана|же|менен|керек|эмес|жок|бул|ал|алар|ошол|ушул|эгер|кийин|чейин|дагы|деп|болсо|болот|болуп|боюнча|"
    r"аркылуу|катары|тууралуу|башка|сиз\w*|биз\w*)$"  # common Kyrgyz words
    r"|[ндт][ыиуү]н$|[дт][аеоө][гк][ыиуү]$|с[ыи]з$|[гк][аеөо]н(?:д[аео]|г[аео]|д[аео]н)?$"  # -нын -дагы -сыз -ган
    r"|[лдт][аеоө]р(?:[ыи]|д[ыи]|д[ыи]н|г[аео]|д[аео]|д[аео]н|[ыи]н|[ыи]нд[ае])?$"  # plural -лар -лардын -ларга
    r"|аа|ээ|уу|ыы|оо",  # long vowels
    re.IGNORECASE,
)
# Russian words that happen to look like the Kyrgyz forms above.
_LOOKALIKES = "закон орган один господин гражданин путин доллар гектар кооператив зоопарк"
RUSSIAN_LOOKALIKES = frozenset(_LOOKALIKES.split())
_FUNCTION_WORDS = (
    "и в во на не что для по с со от или если это как к ко за из до при о об у вы ваш ваша ваши вам "
    "вас который которая которые также только нужно можно надо есть был была были будет чтобы когда "
    "где нет уже"
)
RUSSIAN_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def looks_kyrgyz(words: list[str]) -> bool:
    lower = [word.lower() for word in words]
    kyrgyz = sum(
        1
        for word in lower
        if KYRGYZ_WORD_FORMS.search(word) and word not in RUSSIAN_LOOKALIKES and not word.startswith(("соо", "коо"))
    )
    russian = sum(1 for word in lower if word in RUSSIAN_FUNCTION_WORDS)
    return kyrgyz >= 2 and kyrgyz > russian


def check_kyrgyz(page: Page, min_words: int = 6, min_rate: float = 0.01) -> list[LanguageProblem]:
    """Kyrgyz paragraphs of ``min_words``+ Cyrillic words need ң, ө or ү (or clearly Kyrgyz word forms); the page's
    ң ө ү must be at least ``min_rate`` of its Cyrillic letters."""
    problems = []
    letters = kyrgyz = 0
    for paragraph in paragraphs(page):
        text = paragraph.text
        letters += len(CYRILLIC.findall(text))
        kyrgyz += sum(1 for char in text if char in KYRGYZ_LETTERS)
        unquoted = QUOTED.sub(" ", text)  # quoted names (law titles, «Госуслуги») may be Russian: not counted
        words = CYRILLIC_WORD.findall(unquoted)
        if len(words) < min_words or any(char in KYRGYZ_LETTERS for char in text) or looks_kyrgyz(words):
            continue
        problems.append(
            LanguageProblem(
                page.where,
                paragraph.line,
                f"this paragraph has {len(words)} Cyrillic words but none of the Kyrgyz letters ң, ө, ү and few "
                f"Kyrgyz word forms — is it Russian? It starts: «{paragraph.start()}»",
            )
        )
    if letters and kyrgyz / letters < min_rate:
        problems.append(
            LanguageProblem(
                page.where,
                page.body_line,
                f"only {kyrgyz} of {letters} Cyrillic letters ({kyrgyz / letters:.2%}) are ң, ө or ү (expected at "
                f"least {min_rate:.0%}); Kyrgyz text has many more. Is the page in Russian?",
            )
        )
    return problems


def check_russian(page: Page) -> list[LanguageProblem]:
    problems = []
    for paragraph in paragraphs(page):
        letters = sorted({char for char in paragraph.text if char in KYRGYZ_LETTERS})
        if letters:
            problems.append(
                LanguageProblem(
                    page.where,
                    paragraph.line,
                    f"Kyrgyz letter(s) {', '.join(letters)} in a Russian page (a Kyrgyz sentence, or a typo for "
                    f"н/о/у?). The paragraph starts: «{paragraph.start()}»",
                )
            )
    return problems


def check_english(page: Page, allowed: dict[str, str]) -> list[LanguageProblem]:
    """No Cyrillic in English pages, except the allowed quoted names (``allowed``: name -> reason)."""
    problems = []
    for paragraph in paragraphs(page):
        text = paragraph.text
        for name in sorted(allowed, key=len, reverse=True):
            text = text.replace(name, " ")
        words = CYRILLIC_WORD.findall(text)
        if words:
            problems.append(
                LanguageProblem(
                    page.where,
                    paragraph.line,
                    f"Cyrillic in an English page: {', '.join(dict.fromkeys(words))}. Write names in Latin letters "
                    f'("Gosuslugi"), or add a quoted name to the allow-list in tests/site/test_site_language.py '
                    f"with a reason. The paragraph starts: «{paragraph.start()}»",
                )
            )
    return problems
