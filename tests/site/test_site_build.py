"""The built site: strict build, languages, no third-party requests, edit links, dates, search per language."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from jol_site import LANGUAGES, format_date
from sitelib import DOCS, nav_pages, read_page
from sitetools import ROOT

pytestmark = pytest.mark.site

PAGES = nav_pages()
REPO_EDIT = "https://github.com/jol-guide/jol/edit/main/docs/"
SITE_NAMES = {
    "ky": "Жол — мигранттар үчүн колдонмо",
    "ru": "Жол — справочник для мигрантов",
    "en": "Jol — a guide for migrants",
}


def page_path(lang: str, name: str) -> str:
    """Site path of a page: ("ru", "registration.md") -> "ru/registration/"; Kyrgyz at the root."""
    slug = "" if name == "index.md" else name.removesuffix(".md") + "/"
    return ("" if lang == "ky" else f"{lang}/") + slug


def html_of(site_dir: Path, lang: str, name: str) -> BeautifulSoup:
    path = site_dir / page_path(lang, name) / "index.html"
    assert path.is_file(), f"{path.relative_to(site_dir)} was not built (docs/{lang}/{name})"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def built_pages() -> list[tuple[str, str]]:
    return [(lang, name) for name in PAGES for lang in LANGUAGES if (DOCS / lang / name).is_file()]


def test_strict_build_passes(build_result: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, _ = build_result
    assert result.returncode == 0, "mkdocs build --strict failed:\n" + (result.stdout + result.stderr)[-6000:]


@pytest.mark.parametrize(("lang", "name"), built_pages())
def test_page_has_its_language_and_site_name(site_dir: Path, lang: str, name: str) -> None:
    soup = html_of(site_dir, lang, name)
    assert soup.html is not None and soup.html.get("lang") == lang, f"<html lang> of {page_path(lang, name)}"
    assert soup.title is not None and SITE_NAMES[lang] in soup.title.get_text(), soup.title


# Attributes that make the browser fetch something, per tag.
FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_EXTERNAL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"]?)\s*(?:https?:)?//", re.I)


def external_resources(html: str) -> list[str]:
    """Every place in an HTML page that would make the browser contact another host."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attributes in FETCHING.items():
        for element in soup.find_all(tag):
            if tag == "link" and element.get("rel") == ["canonical"]:
                continue  # names the page's own address; the browser does not fetch it
            for attribute in attributes:
                value = element.get(attribute)
                if isinstance(value, str) and any(EXTERNAL.match(part) for part in value.split(",")):
                    found.append(f"<{tag} {attribute}={value!r}>")
    for element in soup.find_all(style=True):
        if CSS_EXTERNAL.search(element["style"]):
            found.append(f"style attribute {element['style']!r}")
    for element in soup.find_all("style"):
        if CSS_EXTERNAL.search(element.get_text()):
            found.append("a <style> block with an external url() or @import")
    for element in soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
        if EXTERNAL.search(element.get("content", "").split("url=")[-1]):
            found.append(f"<meta refresh {element.get('content')!r}>")
    if soup.find(attrs={"data-md-component": "source"}):
        found.append('data-md-component="source" (Material would ask api.github.com for repository facts)')
    return found


def test_no_page_loads_anything_from_another_host(site_dir: Path) -> None:
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        for item in external_resources(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(site_dir)}: {item}")
    for path in sorted(site_dir.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"url\(\s*[\"']?data:[^)]*\)", "", text)  # inline data: images name no host
        if CSS_EXTERNAL.search(text):
            problems.append(f"{path.relative_to(site_dir)}: url() or @import of another host")
    assert not problems, "third-party requests in the built site:\n" + "\n".join(problems[:50])


def test_the_external_resource_check_catches_third_party_requests() -> None:
    html = (
        '<html><head><link rel="preconnect" href="https://fonts.gstatic.com">'
        '<script src="//cdn.example.com/x.js"></script><style>@import "https://x.org/a.css";</style></head>'
        '<body><img src="https://example.com/a.png"><a href="https://github.com/x">fine: a link</a>'
        '<div data-md-component="source"></div></body></html>'
    )
    found = external_resources(html)
    assert len(found) == 5, found
    assert external_resources('<a href="https://x.org">x</a><script src="assets/x.js"></script>') == []


@pytest.mark.parametrize(("lang", "name"), built_pages())
def test_page_has_dates_and_an_edit_link_on_about_only(site_dir: Path, lang: str, name: str) -> None:
    soup = html_of(site_dir, lang, name)
    edit = soup.find("a", rel="edit")
    if name != "about.md":  # editors' links are on the About page only (hooks/reading.py)
        assert edit is None, f"{page_path(lang, name)}: an 'edit this page' link for readers"
    else:
        assert edit is not None, f"{page_path(lang, name)}: no 'edit this page' link"
        assert edit["href"] == f"{REPO_EDIT}{lang}/{name}"
    aside = soup.find("aside", class_="jol-page-dates")
    assert aside is not None, f"{page_path(lang, name)}: no 'checked' / 'last updated' lines"
    lines = [p.get_text(strip=True) for p in aside.find_all("p")]
    checked = read_page(lang, name).meta["checked"]
    assert len(lines) == 2 and format_date(checked, lang) in lines[0], lines  # type: ignore[arg-type]


def test_search_index_is_split_by_language(site_dir: Path) -> None:
    prefixes = {lang: "" if lang == "ky" else f"{lang}/" for lang in LANGUAGES}
    for lang, prefix in prefixes.items():
        index = json.loads((site_dir / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        locations = [doc["location"] for doc in index["docs"]]
        pages = {location.split("#")[0] for location in locations}
        expected = {page_path("ky", name) for name in PAGES if (DOCS / lang / name).is_file()}
        assert pages == expected, f"search index of {lang}: pages {sorted(pages ^ expected)} differ"
        assert not any(location.startswith(("ru/", "en/")) for location in locations), lang
        assert index["config"]["pipeline"] == ["stopWordFilter"], "stemmers and trimmers break Kyrgyz words"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_point_search_at_their_language(site_dir: Path, lang: str) -> None:
    for name in PAGES:
        if not (DOCS / lang / name).is_file():
            continue
        soup = html_of(site_dir, lang, name)
        config = json.loads(soup.find("script", id="__config").get_text())  # type: ignore[union-attr]
        page_url = "http://site/" + page_path(lang, name)
        expected = "http://site/" + ("" if lang == "ky" else f"{lang}/")
        assert urljoin(page_url, config["base"]) == expected, f"{page_path(lang, name)}: base {config['base']!r}"
        assert urlparse(urljoin(page_url, config["search"])).path.startswith("/assets/javascripts/workers/")


def test_extra_css_is_served_once_and_used_by_every_page(site_dir: Path) -> None:
    assert (site_dir / "assets" / "jol.css").is_file()
    copies = sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("jol.css"))
    assert copies == ["assets/jol.css"], copies
    for lang, name in built_pages():
        soup = html_of(site_dir, lang, name)
        hrefs = [urljoin("http://site/" + page_path(lang, name), link["href"]) for link in soup.find_all("link")]
        assert "http://site/assets/jol.css" in hrefs, page_path(lang, name)


@pytest.mark.parametrize(("lang", "name"), built_pages())
def test_language_switcher_links_to_the_same_page(site_dir: Path, lang: str, name: str) -> None:
    soup = html_of(site_dir, lang, name)
    links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}
    assert set(links) == set(LANGUAGES), links
    here = "http://site/" + page_path(lang, name)
    for other, href in links.items():
        expected = page_path(other, name) if (DOCS / other / name).is_file() else page_path(other, "index.md")
        assert urljoin(here, href) == "http://site/" + expected, f"{page_path(lang, name)} -> {other}: {href}"


def test_404_page_is_kyrgyz_and_trilingual(site_dir: Path) -> None:
    soup = BeautifulSoup((site_dir / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html is not None and soup.html.get("lang") == "ky"
    assert {p.get("lang") for p in soup.select("article p[lang]")} == set(LANGUAGES)


def _material_keys(path: Path) -> set[str]:
    return set(re.findall(r'^\s*"([a-z][a-z.]*)":', path.read_text(encoding="utf-8"), re.M))


def test_kyrgyz_interface_has_every_material_string() -> None:
    import material

    english = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    kyrgyz = ROOT / "overrides" / "partials" / "languages" / "ky.html"
    missing = sorted(_material_keys(english) - _material_keys(kyrgyz))
    assert not missing, f"overrides/partials/languages/ky.html lacks: {', '.join(missing)}"
    assert '"language": "ky"' in kyrgyz.read_text(encoding="utf-8")


def _mkdocs_config() -> dict[str, object]:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def test_every_nav_title_is_translated() -> None:
    config = _mkdocs_config()
    titles = [next(iter(item)) for item in config["nav"]]  # type: ignore[attr-defined]
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)  # type: ignore[attr-defined]
    for language in i18n["languages"]:
        if language["locale"] == "en":
            continue
        translations = language.get("nav_translations") or {}
        missing = [title for title in titles if title not in translations]
        assert not missing, f"mkdocs.yml: nav_translations of {language['locale']} lack {missing}"


def test_navigation_is_in_the_page_language(site_dir: Path) -> None:
    ru = html_of(site_dir, "ru", "index.md").select("nav.md-nav--primary a.md-nav__link")
    ky = html_of(site_dir, "ky", "index.md").select("nav.md-nav--primary a.md-nav__link")
    assert "Миграционный учёт" in {a.get_text(strip=True) for a in ru}
    assert "Миграциялык каттоо" in {a.get_text(strip=True) for a in ky}
