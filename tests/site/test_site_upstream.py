"""Guards on what Jol takes from upstream (Material for MkDocs, mkdocs-static-i18n), so an upgrade cannot break it
silently.

- No override copies a Material template or partial any more: main.html's blocks call ``{{ super() }}``, and the
  hooks edit Material's rendered output at markers, stopping the build with a plain message if a marker is gone.
- The two copies that must stay (the Kyrgyz translation, which Material does not ship, and i18n's sitemap) record
  the upstream file and version they follow; after an upgrade these checks say what to compare.
- Every built page's ``__config`` points search at its language's own folder and at worker files that exist.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from jol_site import LANGUAGES
from mkdocs.exceptions import PluginError
from sitelib import DOCS, nav_pages
from sitetools import ROOT
from test_site_build import html_of, page_path
from test_site_hooks import load_hook

pytestmark = pytest.mark.site

OVERRIDES = ROOT / "overrides"
PAGES = nav_pages()


def _package_dir(module: str) -> Path:
    return Path(importlib.import_module(module).__file__).parent  # type: ignore[arg-type]


MATERIAL_TEMPLATES = _package_dir("material") / "templates"
I18N = _package_dir("mkdocs_static_i18n")
# Overrides that are Jol's own (Material has no file of that name) or a guarded copy.
OWN_PARTIALS = {"partials/jol-search.html", "partials/source.html", "partials/languages/ky.html"}


def recorded_upstream(path: Path, package: str) -> str:
    """The version of ``package`` named in the file's header comment ("Upstream: <package> <version>, …")."""
    found = re.search(rf"Upstream: {re.escape(package)} (\d[\w.]*),", path.read_text(encoding="utf-8"))
    assert found, f"{path.relative_to(ROOT)}: its header must say 'Upstream: {package} <version>, <file>'"
    return found.group(1)


def upgrade_message(path: Path, package: str, recorded: str, installed: str, what: str) -> str:
    return (
        f"{package} is now {installed}; {path.relative_to(ROOT)} follows {recorded}. {what} "
        f"Then write 'Upstream: {package} {installed}' in its header. (README.md, 'Upgrading Material'.)"
    )


def test_no_override_copies_a_material_template() -> None:
    copies = []
    for path in sorted(OVERRIDES.rglob("*.html")):
        relative = path.relative_to(OVERRIDES).as_posix()
        if relative in OWN_PARTIALS or relative in ("main.html", "404.html"):
            continue
        if (MATERIAL_TEMPLATES / relative).is_file():
            copies.append(relative)
    assert not copies, (
        f"overrides/ replaces Material's {copies}: override a block with {{{{ super() }}}} or edit the rendered "
        "output in a hook instead (see hooks/search.py, hooks/languages.py), or guard the copy here"
    )
    # source.html is Jol's own wording of the repository link; if Material's changes, look again.
    hashed = [
        p.relative_to(ROOT).as_posix()
        for p in OVERRIDES.rglob("*")
        if p.is_file() and re.search(r"search\.[0-9a-f]{8}\.min\.js", p.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert not hashed, f"{hashed} name a release-specific Material file (its name changes with every release)"


def test_main_html_calls_super_in_the_config_block() -> None:
    text = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    block = re.search(r"{% block config %}(.*?){% endblock %}", text, re.DOTALL)
    assert block and "{{ super() }}" in block.group(1), "main.html's config block must start from Material's"
    assert "__config" not in block.group(1), "main.html's config block must not write its own __config"


def _keys(path: Path) -> set[str]:
    return set(re.findall(r'^\s*"([a-z][a-z.]*)":', path.read_text(encoding="utf-8"), re.M))


def test_kyrgyz_translation_follows_the_installed_material() -> None:
    kyrgyz = OVERRIDES / "partials" / "languages" / "ky.html"
    english = MATERIAL_TEMPLATES / "partials" / "languages" / "en.html"
    assert not (MATERIAL_TEMPLATES / "partials" / "languages" / "ky.html").is_file(), (
        "Material now ships a Kyrgyz translation: compare it with overrides/partials/languages/ky.html and keep "
        "ours only if it reads better (then say so in its header)"
    )
    installed = importlib.metadata.version("mkdocs-material")
    recorded = recorded_upstream(kyrgyz, "mkdocs-material")
    missing, extra = sorted(_keys(english) - _keys(kyrgyz)), sorted(_keys(kyrgyz) - _keys(english))
    assert not missing and not extra, (
        f"overrides/partials/languages/ky.html: translate the new keys {missing}, remove the dropped keys {extra} "
        f"(compare with {english})"
    )
    assert recorded == installed, upgrade_message(
        kyrgyz,
        "mkdocs-material",
        recorded,
        installed,
        "Compare partials/languages/en.html of both versions: translate changed strings into Kyrgyz.",
    )


# Jol's x-default link (the Kyrgyz page), as the pages' own <link rel="alternate" hreflang="x-default"> gives it.
SITEMAP_X_DEFAULT = (
    "    {%- set jol = namespace(default_href=none) %}\n",
    '        {%- if i18n_locale == "ky" %}{% set jol.default_href = i18n_href %}{% endif %}\n',
    "    {%- if jol.default_href %}\n"
    '        <xhtml:link rel="alternate" hreflang="x-default" href="{{ jol.default_href }}"/>\n'
    "    {%- endif %}\n",
)


def test_sitemap_is_i18n_s_with_only_the_site_url_condition_and_x_default() -> None:
    ours = OVERRIDES / "sitemap.xml"
    upstream = I18N / "custom_i18n_sitemap" / "sitemap.xml"
    text = ours.read_text(encoding="utf-8")
    without_jol = re.sub(r"^{#-.*?-#}\n", "", text, flags=re.DOTALL)
    without_jol = without_jol.replace("{%- if config.site_url %}\n", "", 1)
    without_jol = "".join(without_jol.rsplit("{%- endif %}\n", 1))
    for addition in SITEMAP_X_DEFAULT:
        assert addition in without_jol, f"overrides/sitemap.xml: Jol's x-default lines changed: {addition!r}"
        without_jol = without_jol.replace(addition, "", 1)
    assert without_jol.strip() == upstream.read_text(encoding="utf-8").strip(), (
        f"overrides/sitemap.xml differs from {upstream} by more than Jol's site_url condition and x-default link: "
        "merge the upstream change into it"
    )
    installed = importlib.metadata.version("mkdocs-static-i18n")
    recorded = recorded_upstream(ours, "mkdocs-static-i18n")
    assert recorded == installed, upgrade_message(ours, "mkdocs-static-i18n", recorded, installed, "Check the diff.")


# ------------------------------------------------------------------------------- the hooks' markers and output


def test_the_config_hook_stops_with_a_plain_message_when_material_changes() -> None:
    hook = load_hook("search")
    page = '<script id="__config" type="application/json">{"base":"..","search":"../x/search.0123abcd.min.js",'
    page += '"translations":{"search.result.none":"Nothing"}}</script>'
    edited = json.loads(re.search(r">(.*)<", hook.edit_config(page, "ru", "ru/", "v1")).group(1))  # type: ignore[union-attr]
    assert edited["base"] == "../ru/"
    assert edited["search"] == "../x/jol-search.js?material=search.0123abcd.min.js&v=v1"
    assert edited["translations"]["search.result.none"].startswith("Nothing. ")
    for broken, message in [
        ("<html></html>", 'No <script id="__config"'),
        (page.replace('"search"', '"worker"'), "lacks"),
        (page.replace("search.0123abcd.min.js", "search.js"), "not search.<hash>.min.js"),
    ]:
        with pytest.raises(PluginError, match=message) as error:
            hook.edit_config(broken, "ru", "ru/", "v1")
        assert "Upgrading Material" in str(error.value)


def test_the_switcher_hook_stops_with_a_plain_message_when_material_changes() -> None:
    hook = load_hook("languages")
    links = "".join(f'<a href="x" hreflang="{lang}" class="md-select__link">' for lang in LANGUAGES)
    marked = hook.mark_switcher(links, "ru", list(LANGUAGES))
    assert 'hreflang="ru" lang="ru" aria-current="true" class="md-select__link"' in marked
    assert marked.count("aria-current") == 1 and marked.count(' lang="') == 3
    with pytest.raises(PluginError, match="Upgrading Material"):
        hook.mark_switcher(
            links.replace('class="md-select__link"', 'class="md-select__item-link"'), "ru", list(LANGUAGES)
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_config_has_its_language_base_and_a_worker_that_exists(site_dir: Path, lang: str) -> None:
    for name in PAGES:
        if not (DOCS / lang / name).is_file():
            continue
        soup = html_of(site_dir, lang, name)
        config = json.loads(soup.find("script", id="__config").get_text())  # type: ignore[union-attr]
        here = "http://site/" + page_path(lang, name)
        assert urljoin(here, config["base"]) == "http://site/" + ("" if lang == "ky" else f"{lang}/"), config["base"]
        assert (site_dir / ("" if lang == "ky" else lang) / "search" / "search_index.json").is_file()
        worker = urlparse(urljoin(here, config["search"]))
        assert (site_dir / worker.path.lstrip("/")).is_file(), f"{page_path(lang, name)}: no {worker.path}"
        material = parse_qs(worker.query)["material"][0]
        assert (site_dir / worker.path.lstrip("/")).with_name(material).is_file(), f"no Material worker {material}"
        assert parse_qs(worker.query)["v"][0], "the worker's URL carries its version (a new one skips old caches)"
