"""The generated References page: every entry once, sorted, each with a "Cited on" line linking to
every page that cites it and naming the sections; each page's reference links back to it."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from html_parts import attr, present

GOOD = "zaorsky2021salvage"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def resolve(from_page: str, href: str) -> tuple[str, str]:
    """'references/index.html' + '../#medicines' -> ('index.html', 'medicines')."""
    path, _, anchor = href.partition("#")
    base = Path(from_page).parent
    target = (base / path).as_posix() if path else from_page
    parts: list[str] = []
    for part in target.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    target = "/".join(parts)
    if not target.endswith(".html"):
        target = (target + "/index.html").lstrip("/")
    return target, anchor


def test_references_page_is_generated_not_written_into_docs(built_fixture_site):
    """The build leaves docs/ as it found it: a References page written there would show up in git
    and make the next build refuse it (test_a_docs_file_named_references_is_refused)."""
    page = soup(built_fixture_site, "references/index.html")
    assert page.select(".reference"), "the References page lists nothing"
    built_docs = built_fixture_site.parent / "site/docs"  # the copy that was built (conftest)
    source_docs = Path(__file__).parent / "fixture_site/docs"

    def files(docs: Path) -> dict[str, bytes]:
        return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}

    assert files(built_docs) == files(source_docs), "the build changed or added files in docs/"


def test_every_entry_once_sorted_by_first_author(built_fixture_site):
    page = soup(built_fixture_site, "references/index.html")
    entries = [entry["id"] for entry in page.select(".reference")]
    assert entries == ["ref-fda2022sunlenca", f"ref-{GOOD}"]  # U.S. Food … before Zaorsky
    assert "Nature Reviews Urology. 2021;18(11):643–668." in present(page.find(id=f"ref-{GOOD}"), GOOD).get_text()


def test_each_reference_leads_with_the_kind_of_source_and_its_year(built_fixture_site):
    # The same words in a citation's preview (the page's own reference list) and on the References page.
    home, references = soup(built_fixture_site, "index.html"), soup(built_fixture_site, "references/index.html")
    for page, prefix in ((home, "fn:"), (references, "ref-")):
        kinds = {
            key: present(
                present(page.find(id=prefix + key), key).select_one(".source-kind"), f"{key}: source kind"
            ).get_text()
            for key in (GOOD, "fda2022sunlenca")
        }
        assert kinds == {GOOD: "Review article, 2021.", "fda2022sunlenca": "Regulator's document, 2022."}


def test_references_page_has_a_letter_index_to_its_sections(built_fixture_site):
    page = soup(built_fixture_site, "references/index.html")
    letters = page.select("nav.reference-index a")
    assert [(a.get_text(), a["href"]) for a in letters] == [("U", "#u"), ("Z", "#z")]
    for link in letters:
        assert present(page.find(id=attr(link, "href")[1:]), attr(link, "href")).name == "h2"


def test_cited_on_links_every_citing_page_once_and_names_its_sections(built_fixture_site):
    page = soup(built_fixture_site, "references/index.html")
    line = present(present(page.find(id=f"ref-{GOOD}"), GOOD).select_one(".cited-on"), "Cited on line")
    links = [
        (link.get_text().strip(), resolve("references/index.html", attr(link, "href")))
        for link in line.select("a[href]")
    ]
    # One link per page, to its top; the sections citing it in words, in reading order.
    assert links == [("Home", ("index.html", ""))]
    assert line.get_text(" ", strip=True) == "Cited on: Home (Radiotherapy, Medicines)"
    home = soup(built_fixture_site, "index.html")
    for name in ("Radiotherapy", "Medicines"):
        heading = home.find(lambda tag, name=name: tag.name in ("h2", "h3") and tag.get_text().strip("¶ ") == name)
        assert heading is not None, name
        assert heading.find_next("sup", id=lambda i: i and i.endswith(f":{GOOD}")) is not None, (
            f"no citation of {GOOD} after the heading {name}"
        )


def test_each_page_reference_links_to_its_entry_on_the_references_page(built_fixture_site):
    home = soup(built_fixture_site, "index.html")
    link = present(
        present(home.find(id=f"fn:{GOOD}"), GOOD).find("a", string="All pages citing this"),
        "link to all pages citing it",
    )
    target, anchor = resolve("index.html", attr(link, "href"))
    assert (target, anchor) == ("references/index.html", f"ref-{GOOD}")
    assert soup(built_fixture_site, target).find(id=anchor) is not None


def test_references_page_is_in_the_menu(built_fixture_site):
    home = soup(built_fixture_site, "index.html")
    assert any(link.get_text().strip() == "References" for link in home.select("nav.md-nav--primary a.md-nav__link"))


def test_a_docs_file_named_references_is_refused(fixture_site):
    fixture_site.write("docs/references.md", "# My own references\n")
    result = fixture_site.build()
    assert result.returncode != 0
    assert "references.md: the References page is generated by the build" in result.stdout + result.stderr
