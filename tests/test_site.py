"""What a reader of the built site would notice: every page there, every citation a working numbered
link to a full reference, the disclaimer and review dates on every page, hover definitions, search."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from html_parts import attr, present
from mkdocs.config import load_config
from pybtex.database import parse_file

from local_site.site_build import mkdocs_build
from salvage_site.navigation import menu_files, page_url
from salvage_site.reference_style import plain

BIB = parse_file(ROOT / "refs.bib")
GLOSSARY = {
    m["term"]: m["definition"].strip()
    for m in re.finditer(
        r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$",
        (ROOT / "docs/includes/abbreviations.md").read_text(encoding="utf-8"),
        re.M,
    )
}


NAV_PAGES = menu_files(load_config(str(ROOT / "mkdocs.yml"))["nav"])
# Pages that are not about a medical topic: they need no key points and cite nothing themselves.
NOT_TOPIC_PAGES = {"index.md", "glossary.md", "references.md", "review-record.md"}
TOPIC_PAGES = [page for page in NAV_PAGES if page not in NOT_TOPIC_PAGES]


def built_path(md_file: str) -> str:
    """docs/prostate/index.md -> prostate/index.html; docs/faq.md -> faq/index.html"""
    return page_url(md_file) + "index.html"


def article(page):
    return page.select_one("article.md-content__inner")


def test_every_citation_is_a_numbered_link_to_its_full_reference(html_pages):
    cited = 0
    for path, page in html_pages.items():
        for link in page.select("sup[id^=fnref] a.footnote-ref"):
            key = link["href"].removeprefix("#fn:")
            assert link.get_text().isdigit(), f"{path}: citation of {key} is not shown as a number"
            target = page.find(id=f"fn:{key}")
            assert target is not None, f"{path}: citation {key} links to nothing"
            entry = BIB.entries[key]
            text = " ".join(target.get_text().split())
            family = plain(entry.persons["author"][0].last_names[0])
            assert family in text, f"{path}: reference {key} lacks its first author"
            assert " ".join(plain(entry.fields["title"]).split()) in text, f"{path}: {key} lacks its title"
            assert entry.fields["year"] in text, f"{path}: reference {key} lacks its year"
            if entry.type == "article":
                assert plain(entry.fields["journal"]) in text, f"{path}: {key} lacks its journal"
            if "doi" in entry.fields:
                assert target.find("a", href=f"https://doi.org/{entry.fields['doi']}"), (
                    f"{path}: reference {key} has no DOI link"
                )
            cited += 1
    assert cited > 0, "no page shows a citation at all"


def test_no_raw_citation_markup_reaches_readers(html_pages):
    for path, page in html_pages.items():
        text = article(page).get_text() if article(page) else page.get_text()
        for raw in ("[@", "[^", "\\bibliography", "\\full_bibliography"):
            assert raw not in text, f"{path} shows '{raw}' to readers"


def test_acronyms_in_reference_titles_keep_their_case(html_pages):
    braced = {
        key: re.findall(r"\{([A-Z][^{}]*[A-Z0-9][^{}]*)\}", entry.fields.get("title", ""))
        for key, entry in BIB.entries.items()
    }
    checked = 0
    for page in html_pages.values():
        footnotes = {item["id"]: item for item in page.select('[id^="fn:"]')}
        for key, words in braced.items():
            target = footnotes.get(f"fn:{key}")
            if target is None:
                continue
            for word in words:
                assert plain(word) in target.get_text(), f"'{word}' lost its case in reference {key}"
                checked += 1
    if not any(braced.values()):
        pytest.skip("no reference title has braced words yet")
    assert checked


def test_glossary_lists_every_term_with_its_hover_definition(html_pages):
    glossary = html_pages["glossary/index.html"]
    shown = {abbr.get_text(): abbr["title"] for abbr in glossary.select("article abbr")}
    for term, definition in GLOSSARY.items():
        assert shown.get(term) == definition, f"glossary does not define {term} on hover"


def test_acronyms_on_pages_show_their_definition(html_pages):
    page = html_pages["salvage-therapy/index.html"]
    abbr = article(page).find("abbr", string="PSA")
    assert abbr is not None and abbr["title"] == GLOSSARY["PSA"]


def test_no_dotted_definitions_in_headings_reference_lists_or_the_references_page(html_pages):
    # A dotted line under a word in a title or a work's title is clutter: terms are defined in the text.
    assert not article(html_pages["references/index.html"]).find_all("abbr")
    for path, page in html_pages.items():
        body = article(page)
        if body is None:
            continue
        cluttered = body.select("h1 abbr, h2 abbr, h3 abbr, h4 abbr, .footnote abbr")
        assert not cluttered, f"{path}: definitions in headings or references: {cluttered[:3]}"


def test_each_term_is_defined_at_its_first_use_in_every_section_and_only_there(html_pages):
    body = str(article(html_pages[built_path("prostate/recurrence-and-psa.md")]))
    sections = re.split(r"<h[23]\b", body)[1:]
    assert len(sections) > 3
    defined_sections = 0
    for section in (BeautifulSoup("<h2" + html, "html.parser") for html in sections):
        terms = [abbr.get_text() for abbr in section.find_all("abbr")]
        assert len(terms) == len(set(terms)), f"a term is defined twice in one section: {terms}"
        assert not section.select("a abbr"), "a definition inside a link hides where the link goes"
        uses = [
            s for s in section.find_all(string=re.compile(r"\bPSA\b")) if not s.find_parent(["a", "h2", "h3", "h4"])
        ]
        if uses:
            assert present(uses[0].parent, "parent of PSA").name == "abbr", (
                "PSA's first use in a section shows no definition"
            )
            defined_sections += 1
    assert defined_sections > 3


@pytest.mark.parametrize("md_file", NAV_PAGES)
def test_every_page_shows_the_disclaimer_and_review_dates(html_pages, md_file):
    body = article(html_pages[built_path(md_file)])
    # One line with a link to the full text (on the About page), kept out of the search index.
    disclaimer = body.select_one("p.page-disclaimer[data-search-exclude]")
    assert disclaimer is not None and "not medical advice" in disclaimer.get_text()
    assert "emergency" in disclaimer.get_text()
    full = disclaimer.find("a", string="Full disclaimer")
    assert full and full["href"].endswith("/#medical-disclaimer")
    assert "about/" in full["href"] or md_file == "about.md", full["href"]
    review = body.select_one(".page-review[data-search-exclude]")
    assert review is not None and "Last reviewed" in review.get_text()
    # Last reviewed, next review due and, in a git checkout, last edited (from git).
    assert len(review.find_all("time")) in (2, 3)


@pytest.mark.parametrize("md_file", TOPIC_PAGES)
def test_every_topic_page_opens_with_key_points_and_cites_its_sources(html_pages, md_file):
    body = article(html_pages[built_path(md_file)])
    boxes = [
        box
        for box in body.select(".admonition.abstract")
        if box.select_one(".admonition-title").get_text(strip=True) == "Key points"
    ]
    assert boxes, f"{md_file} has no 'Key points' box"
    assert body.select("sup[id^=fnref] a.footnote-ref"), f"{md_file} cites no source"


def test_the_print_summary_lists_only_the_sources_of_its_key_points_and_questions(html_pages):
    """The one-page summary's sources are those cited in Key points and the "Questions to ask" list
    under them, numbered as on the page: not every source cited further down (the decision aid's
    questions are in the aid, so its summary lists the Key points' sources only)."""
    checked = 0
    for path, page in html_pages.items():
        body = page.select_one("article")
        printed = body.select_one(".print-sources") if body else None
        if printed is None:
            continue
        key_points = body.select_one(".admonition.abstract")
        questions = body.select_one(':scope > h2[id^="questions"] + ul')
        cited = {
            a.get_text(strip=True) for part in (key_points, questions) if part for a in part.select("a.footnote-ref")
        }
        listed = {li["value"] for li in printed.select("li[value]")}
        assert listed == cited, (
            f"{path}: the summary lists sources {sorted(listed - cited, key=int)} "
            f"not cited in its key points or questions, or misses {sorted(cited - listed)}"
        )
        checked += 1
    assert checked >= 10


def test_search_index_has_every_page(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for md_file in NAV_PAGES:
        location = built_path(md_file).removesuffix("index.html")
        assert location in locations, f"{md_file} cannot be found by search"


def test_citing_an_unknown_key_stops_the_build_naming_page_line_and_key(project_copy, tmp_path):
    page = project_copy / "docs/salvage-therapy.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.append("A claim with a typo in its citation [@nosuchkey2099typo].")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/salvage-therapy.md:{len(lines)}: nosuchkey2099typo:" in result.stdout + result.stderr


def test_broken_front_matter_stops_the_build_naming_the_line(project_copy, tmp_path):
    page = project_copy / "docs/salvage-therapy.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: What", "title: [What", 1), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/salvage-therapy.md:" in result.stderr and "not valid YAML" in result.stderr


def test_the_full_disclaimer_is_on_the_about_page(html_pages):
    heading = article(html_pages["about/index.html"]).find(id="medical-disclaimer")
    text = " ".join(p.get_text() for p in heading.find_next_siblings("p", limit=4))
    assert "cannot tell you what is right for you" in text and "emergency" in text


def test_the_search_index_has_readers_words_and_no_boilerplate(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    fields = index["config"]["fields"]
    # Readers' words for a heading count as much as the heading, far more than those for the text.
    assert fields["title_keywords"]["boost"] == fields["title"]["boost"] > fields["keywords"]["boost"]
    for doc in index["docs"]:
        assert "Last reviewed" not in doc["text"] and "not medical advice" not in doc["text"], doc["location"]
    sections = {doc["location"]: doc for doc in index["docs"]}
    assert sections["hiv/newer-medicines/#lenacapavir-sunlenca"]["title"] == "Lenacapavir (Sunlenca)"
    assert "impotence" in sections["prostate/side-effects/#erections-and-sex"]["title_keywords"]
    boosts = {doc["location"].split("#")[0]: doc.get("boost") for doc in index["docs"]}
    assert boosts["glossary/"] < 1 and boosts["references/"] < 1 and boosts["hiv/"] is None


def test_every_condition_word_the_search_requires_is_in_the_index(site):
    """reader-search.js makes a condition word ("HIV", "rectal") required in every result of a longer
    query; a word no section has would leave the reader with no results at all."""
    script = (ROOT / "docs/javascripts/reader-search.js").read_text(encoding="utf-8")
    listed = re.search(r"CONDITION_WORDS = new Set\(\((.*?)\)\.split", script, re.S)
    assert listed, "CONDITION_WORDS not found in reader-search.js"
    words = set(" ".join(re.findall(r'"([^"]*)"', listed.group(1))).split())
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    fields = ("title", "text", "title_keywords", "keywords")
    found = {
        word for doc in index["docs"] for field in fields for word in re.findall(r"[a-z]+", doc.get(field, "").lower())
    }
    assert len(words) > 20 and words <= found, f"condition words no page has: {sorted(words - found)}"


@pytest.mark.slow  # builds another copy of the site
def test_overdue_review_note_and_report_link_appear_only_when_due_and_configured(project_copy, tmp_path):
    """SALVAGE_BUILD_DATE stands in for the day of the build; REPORT_PROBLEM for mkdocs.yml's
    extra.report_problem. Never today's date: the result must not change with the calendar."""
    early = mkdocs_build(project_copy, tmp_path / "early", env={"SALVAGE_BUILD_DATE": "2026-12-01"})
    assert early.returncode == 0, early.stderr
    page = BeautifulSoup((tmp_path / "early/hiv/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".page-review-due") is None and page.select_one(".page-report") is None

    late = mkdocs_build(
        project_copy,
        tmp_path / "late",
        env={"SALVAGE_BUILD_DATE": "2031-01-01", "REPORT_PROBLEM": "mailto:editors@example.org"},
    )
    assert late.returncode == 0, late.stderr
    page = BeautifulSoup((tmp_path / "late/hiv/index.html").read_text(encoding="utf-8"), "html.parser")
    note = page.select_one("article .page-review-due")
    assert note is not None and "This page is due for review" in note.get_text()
    link = present(page.select_one("article .page-report a"), "link to report a problem")
    assert link.get_text() == "Report a problem with this page"
    assert attr(link, "href").startswith("mailto:editors@example.org?subject=")
    assert "HIV%20treatment%20that%20stops%20working" in link["href"] and "hiv%2F" in link["href"]


def test_the_engine_neutral_check_passes_the_site_and_catches_a_build_that_dropped_its_hooks(site, tmp_path):
    """scripts/check_built_site.py is what a build by another engine must pass (CONTRIBUTING.md, 'The
    stack's future'): pages without their citation step, disclaimer or review line fail it."""
    check = [sys.executable, str(ROOT / "scripts/check_built_site.py")]
    good = subprocess.run([*check, str(site)], capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stdout
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    page = broken / "faq/index.html"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<p class="page-disclaimer.*?</p>', "", text, count=1, flags=re.S)
    page.write_text(
        text.replace("</article>", "<p>As one trial found [@parker2020timing].</p></article>", 1), encoding="utf-8"
    )
    bad = subprocess.run([*check, str(broken)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "faq/index.html: shows a raw citation" in bad.stdout
    assert "faq/index.html: has no medical disclaimer" in bad.stdout
