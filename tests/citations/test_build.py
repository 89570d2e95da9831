"""What a reader of a built site notices: citations render as numbered links wherever they are
allowed (admonitions, tables), a page without citations has no empty reference list, and a defect
stops the build with `path:line: key:` — never a silently missing citation."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

GOOD = "zaorsky2021salvage"


def page(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def output(result):
    return result.stdout + result.stderr


def test_unknown_key_stops_the_build_naming_file_line_and_key(fixture_site):
    first = fixture_site.add_page("Fine.\nA claim [@nosuch2020typo].\n")
    result = fixture_site.build()
    assert result.returncode != 0
    assert f"docs/defect.md:{first + 1}: nosuch2020typo: no entry with this key" in output(result)


def test_build_lists_every_problem_of_every_page_at_once(fixture_site):
    fixture_site.add_page("A claim [@nosuch2020one].\n")
    fixture_site.add_page(f"Another claim [@{GOOD}, p. 3].\n", name="other.md")
    result = fixture_site.build()
    assert result.returncode != 0
    assert "docs/defect.md:10: nosuch2020one:" in output(result)
    assert f"docs/other.md:10: {GOOD}: 'p. 3'" in output(result)


def test_broken_bibliography_stops_the_build_with_its_line_and_is_left_untouched(fixture_site):
    text = fixture_site.bib.read_text(encoding="utf-8").replace(
        "title   = {Salvage therapy for {PSA}", "title   = {Salvage therapy for {PSA", 1
    )
    fixture_site.bib.write_text(text, encoding="utf-8")
    before = fixture_site.bib.read_bytes()
    result = fixture_site.build()
    assert result.returncode != 0
    assert f"refs.bib:3: {GOOD}: BibTeX syntax error: this '{{' is never closed" in output(result)
    assert "Traceback" not in output(result)
    assert fixture_site.bib.read_bytes() == before


def test_empty_bibliography_stops_the_build(fixture_site):
    fixture_site.bib.write_text("", encoding="utf-8")
    result = fixture_site.build()
    assert result.returncode != 0
    assert "refs.bib:1: -: refs.bib has no entries" in output(result)


def test_citations_in_admonitions_and_table_cells_are_numbered_links(built_fixture_site):
    home = page(built_fixture_site, "index.html")
    box = home.select_one(".admonition.abstract")
    cell = home.select_one("table td:nth-of-type(2)")
    for where, element in (("admonition", box), ("table cell", cell)):
        links = element.select("sup a.footnote-ref")
        assert links, f"citation in the {where} is not a link"
        assert all(link.get_text().isdigit() for link in links), f"{where}: not numbered"
        assert all(home.find(id=link["href"][1:]) for link in links), f"{where}: links to nothing"
        assert "[@" not in element.get_text() and "[^" not in element.get_text()


def test_each_reference_is_listed_once_per_page_in_citation_order(built_fixture_site):
    home = page(built_fixture_site, "index.html")
    items = home.select("div.footnote ol > li")
    assert [item["id"] for item in items] == [f"fn:{GOOD}", "fn:fda2022sunlenca"]
    assert home.find("h2", id="references") is not None


def test_page_citing_nothing_has_no_reference_list(built_fixture_site):
    second = page(built_fixture_site, "second/index.html")
    assert second.find(id="references") is None
    assert second.select("div.footnote") == []
    assert "References" not in second.select_one("article").get_text()


def test_reference_is_vancouver_style_with_doi_and_pubmed_links(built_fixture_site):
    home = page(built_fixture_site, "index.html")
    item = home.find(id=f"fn:{GOOD}")
    text = " ".join(item.get_text().split())
    assert text.startswith(
        "Review article, 2021. Zaorsky NG, Calais J, Fanti S. Salvage therapy for PSA "
        "recurrence after radical prostatectomy. Nature Reviews Urology. 2021;18(11):643–668. "
        "doi:10.1038/s41585-021-00497-7 · PubMed 34531571"
    ), text
    assert item.find("a", href="https://doi.org/10.1038/s41585-021-00497-7")
    assert item.find("a", href="https://pubmed.ncbi.nlm.nih.gov/34531571/")
    web = " ".join(home.find(id="fn:fda2022sunlenca").get_text().split())
    assert web.startswith(
        "Regulator's document, 2022. U.S. Food and Drug Administration. FDA approves new "
        "HIV drug for adults with limited treatment options. FDA News Release; 2022. "
        "https://www.fda.gov"
    )
    assert "Accessed 2026-11-28" in web


def test_hover_preview_shows_the_formatted_reference(built_fixture_site):
    """Material's content.footnote.tooltips previews the footnote a citation links to; the
    footnote must therefore hold the whole formatted reference."""
    home = page(built_fixture_site, "index.html")
    config = json.loads(home.select_one("script#__config").string)
    assert "content.footnote.tooltips" in config["features"]
    link = home.select_one("sup a.footnote-ref")
    target = home.find(id=link["href"][1:])
    assert "Nature Reviews Urology" in target.get_text()


def test_reference_lists_are_kept_out_of_the_search_index(built_fixture_site):
    index = json.loads((built_fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    home = [doc for doc in index["docs"] if doc["location"].split("#")[0] == ""]
    assert home and not any("Nature Reviews Urology" in doc["text"] for doc in home)
    assert not any(doc["location"] == "#references" for doc in home)
    # Nor citation numbers: a search for "2" should not find every page citing two sources.
    assert not any("<sup" in doc["text"] or "\u27e6" in doc["text"] for doc in home)
    listed = [doc for doc in index["docs"] if "Nature Reviews Urology" in doc["text"]]
    assert [doc["location"].split("#")[0] for doc in listed] == ["references/"]


def test_cited_on_lines_are_shown_but_not_searched(built_fixture_site):
    # Searching a page's topic should find that page, not every reference whose "Cited on" names it.
    references = page(built_fixture_site, "references/index.html")
    assert "Cited on:" in references.select_one("p.reference").get_text()
    index = json.loads((built_fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    listed = [doc for doc in index["docs"] if doc["location"].startswith("references/")]
    assert any("Nature Reviews Urology" in doc["text"] for doc in listed)
    assert not any("Cited on" in doc["text"] for doc in listed)
