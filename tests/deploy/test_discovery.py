"""How search engines and link previews see the site, with no tracking: sitemap, robots.txt, canonical
URLs, descriptions from front matter, Open Graph tags and schema.org MedicalWebPage data with the
page's review date and the works it cites."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from pybtex.database import parse_file
from pybtex.richtext import Text

from salvage_site import page_metadata

from .conftest import HOST, ROOT
from .headers import soup_of

BIB = parse_file(ROOT / "refs.bib")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def source_of(page: str) -> Path | None:
    """salvage-therapy/index.html -> docs/salvage-therapy.md (or .../index.md); None if generated."""
    stem = page.removesuffix("index.html").rstrip("/")
    for candidate in [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]:
        if (ROOT / "docs" / candidate).is_file():
            return ROOT / "docs" / candidate
    return None


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


def plain(latex: str) -> str:
    return " ".join(Text.from_latex(latex).render_as("text").split())


@pytest.fixture(scope="module", params=["root", "subpath"])
def pages(request, builds):
    build = builds[request.param]
    return build, {page: soup_of(build.site / page) for page in build.pages[:-1]}


def test_sitemap_lists_every_page_at_its_public_address(pages):
    build, soup = pages
    tree = ET.parse(build.site / "sitemap.xml")
    listed = {loc.text for loc in tree.iter(f"{SITEMAP}loc")}
    expected = {build.site_url + page.removesuffix("index.html") for page in soup}
    assert expected <= listed, f"missing from sitemap.xml: {sorted(expected - listed)}"


def test_robots_txt_allows_indexing_and_points_at_the_sitemap(pages):
    build, _ = pages
    robots = (build.site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots and "Disallow: /" not in robots
    assert f"Sitemap: {build.site_url}sitemap.xml" in robots


def test_every_page_has_its_canonical_address_description_and_link_preview(pages):
    build, soup = pages
    for page, html in soup.items():
        url = build.site_url + page.removesuffix("index.html")
        assert html.find("link", rel="canonical")["href"] == url, page
        og = {m["property"]: m["content"] for m in html.find_all("meta", property=True)}
        assert og.get("og:url") == url, page
        description = html.find("meta", attrs={"name": "description"})["content"]
        assert og.get("og:description") == description and og.get("og:title"), page
        assert og.get("og:site_name") == "Salvage Therapy Guide"
        source = source_of(page)
        if source:
            meta = front_matter(source)
            assert description == " ".join(meta["description"].split()), f"{page}: description"
            if page != "index.html":
                assert og["og:title"] == meta["title"], f"{page}: og:title"


def test_every_page_describes_itself_as_a_medical_web_page_with_review_date_and_sources(pages):
    build, soup = pages
    checked_citations = 0
    for page, html in soup.items():
        blocks = html.find_all("script", type="application/ld+json")
        assert len(blocks) == 1, f"{page}: {len(blocks)} JSON-LD blocks"
        data = json.loads(blocks[0].string)
        assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage", page
        assert data["url"] == build.site_url + page.removesuffix("index.html")
        source = source_of(page)
        if source and isinstance(front_matter(source).get("last_reviewed"), dt.date):
            assert data["lastReviewed"] == front_matter(source)["last_reviewed"].isoformat(), page
        cited = [li["id"].removeprefix("fn:") for li in html.select("div.footnote li[id^='fn:']")]
        cited = [key for key in cited if key in BIB.entries]
        works = data.get("citation", [])
        assert [w["name"] for w in works] == [plain(BIB.entries[k].fields["title"]) for k in cited], page
        for key, work in zip(cited, works, strict=False):
            doi = BIB.entries[key].fields.get("doi")
            if doi:
                assert work["url"] == f"https://doi.org/{doi}", f"{page}: {key}"
            checked_citations += 1
    assert checked_citations, "no page lists cited works"


def test_json_ld_is_data_the_browser_never_runs(builds):
    """A data block needs no CSP hash; a script type a browser would run would need one. No "<" is
    written raw inside it, so no text it carries (a page title from a pull request) can end it early
    and have the rest read as markup."""
    for page in builds["root"].pages[:-1]:
        html = (builds["root"].site / page).read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1, f"{page}: {len(blocks)} JSON-LD blocks"
        assert "<" not in blocks[0], page
        json.loads(blocks[0])  # whole up to its closing tag
    config = MkDocsConfig()
    config.load_dict({"site_name": "Salvage Therapy Guide", "site_url": f"{HOST}/", "docs_dir": str(ROOT / "docs")})
    config.validate()
    title = "Rising PSA</script><script>window.pwned = 1</script>"
    hostile = Page(title, File("hostile.md", str(ROOT / "docs"), str(ROOT / "site"), True), config)
    hostile.meta = {"title": title, "description": "A </script> in the description."}
    head = BeautifulSoup(page_metadata.head_tags(hostile, config, page_metadata.CitedWorks({}, {})), "html.parser")
    scripts = head.find_all("script")
    assert [script.get("type") for script in scripts] == ["application/ld+json"], scripts
    data = json.loads(scripts[0].get_text())
    assert (data["name"], data["description"]) == (title, "A </script> in the description.")


def test_a_build_for_no_particular_host_uses_relative_links_only(builds):
    site = builds["offline"].site
    html = (site / "salvage-therapy.html").read_text(encoding="utf-8")
    assert HOST not in html and 'rel="canonical"' not in html
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8")
