"""How search engines and link previews find and describe the site, with no tracking: Open Graph tags,
schema.org MedicalWebPage data (review date and cited works) in each page, and robots.txt.
MkDocs writes sitemap.xml and Material the canonical link and meta description when SITE_URL is set.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from pybtex.database import Entry

from salvage_site.citations import CitationUse
from salvage_site.reference_style import people, person_name, plain

ROBOTS_FILE = "robots.txt"


def _attribute(value: str) -> str:
    return html.escape(" ".join(str(value).split()), quote=True)


def page_title(page: Page, config: MkDocsConfig) -> str:
    """As written in the front matter (where the build made it safe for the theme's HTML)."""
    return config.site_name if page.is_homepage else html.unescape(str(page.meta.get("title") or page.title or ""))


def page_description(page: Page, config: MkDocsConfig) -> str:
    return html.unescape(str(page.meta.get("description") or config.site_description or ""))


def cited_work(entry: Entry) -> dict[str, Any]:
    """One refs.bib entry as a schema.org ScholarlyArticle (journal articles) or CreativeWork."""
    fields = {name: plain(value) for name, value in entry.fields.items()}
    work: dict[str, Any] = {
        "@type": "ScholarlyArticle" if entry.type == "article" else "CreativeWork",
        "name": fields.get("title", ""),
        "author": [person_name(p) for p in people(entry) if str(p) != "others"],
        "datePublished": fields.get("year", ""),
    }
    if fields.get("journal"):
        work["isPartOf"] = {"@type": "Periodical", "name": fields["journal"]}
    identifiers = []
    if fields.get("doi"):
        work["url"] = f"https://doi.org/{fields['doi']}"
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": fields["doi"]})
    elif fields.get("url"):
        work["url"] = fields["url"]
    if fields.get("pmid"):
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": fields["pmid"]})
    if identifiers:
        work["identifier"] = identifiers
    return {name: value for name, value in work.items() if value}


class CitedWorks(dict[str, dict[str, Any]]):
    """refs.bib entries as schema.org data, each made once per build: many pages cite the same work.
    `cited` holds the keys each page cites (by source path), in order of first citation, as the
    build's citation check found them."""

    def __init__(self, entries: dict[str, Entry], cited: dict[str, list[CitationUse]]):
        super().__init__()
        self.entries = entries
        self.cited = {uri: list(dict.fromkeys(use.key for use in uses)) for uri, uses in cited.items()}

    def __missing__(self, key: str) -> dict[str, Any]:
        work = self[key] = cited_work(self.entries[key])
        return work


def medical_web_page(
    page: Page, config: MkDocsConfig, works: CitedWorks, numbered: Sequence[str] = ()
) -> dict[str, Any]:
    """The page's schema.org data; its cited works in `numbered` order (the page's own reference list)
    where given, else in the order the citation check found them."""
    site: dict[str, str] = {"@type": "WebSite", "name": config.site_name}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page_title(page, config),
        "description": page_description(page, config),
        "inLanguage": config.theme.get("language") or "en",
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "isPartOf": site,
    }
    if page.canonical_url:
        data["url"] = page.canonical_url
        site["url"] = config.site_url or ""
    reviewed = page.meta.get("last_reviewed")
    if isinstance(reviewed, dt.date):
        data["lastReviewed"] = reviewed.isoformat()
    found = works.cited.get(page.file.src_uri, [])
    # The reference list's order: the citation check reads the page's Markdown in order, but sources
    # the build adds later (the helplines box) are numbered where they show, so the two can differ.
    keys = [key for key in numbered if key in found] + [key for key in found if key not in numbered]
    cited = [works[key] for key in keys if key in works.entries]
    if cited:
        data["citation"] = cited
    return data


def head_tags(page: Page, config: MkDocsConfig, works: CitedWorks, numbered: Sequence[str] = ()) -> str:
    """Open Graph tags and the page's JSON-LD. The JSON-LD is a data block
    (type=application/ld+json): browsers never run it, so the CSP needs no hash for it."""
    properties = [
        ("og:type", "website" if page.is_homepage else "article"),
        ("og:site_name", config.site_name),
        ("og:title", page_title(page, config)),
        ("og:description", page_description(page, config)),
        ("og:locale", config.theme.get("language") or "en"),
    ]
    if page.canonical_url:
        properties.append(("og:url", page.canonical_url))
    tags = [f'<meta property="{name}" content="{_attribute(value)}">' for name, value in properties]
    tags.append('<meta name="twitter:card" content="summary">')
    data = json.dumps(medical_web_page(page, config, works, numbered), ensure_ascii=False, indent=None)
    # "<" never appears raw inside the script, so no text can close it early.
    tags.append(f'<script type="application/ld+json">{data.replace("<", chr(92) + "u003c")}</script>')
    return "\n    ".join(tags)


def add_head_tags(
    output: str, page: Page, config: MkDocsConfig, works: CitedWorks, numbered: Sequence[str] = ()
) -> str:
    """The page with its head tags; its cited works in `numbered` order, that of its reference list."""
    tags = head_tags(page, config, works, numbered)
    return output.replace("</head>", f"  {tags}\n  </head>", 1)


def robots_txt(site_url: str | None) -> str:
    lines = ["# Every page may be indexed; nothing is tracked.", "User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def write_robots(config: MkDocsConfig) -> None:
    (Path(config.site_dir) / ROBOTS_FILE).write_text(robots_txt(config.site_url), encoding="utf-8")
