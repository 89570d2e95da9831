"""The search-terms table (docs/includes/search-terms.yml) and the trust notes under a page's title:
what the build adds and the messages a maintainer sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from salvage_site import citation_marks, page_header, search_terms

ROOT = Path(__file__).resolve().parents[2]
META = {"last_reviewed": dt.date(2026, 11, 28), "next_review": dt.date(2027, 11, 28)}


def test_the_projects_table_is_valid_and_every_group_finds_a_page():
    groups = search_terms.read_groups(ROOT / "docs" / search_terms.TERMS_FILE)
    assert len(groups) > 40
    pages = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md") if "includes" not in p.parts)
    synonyms = search_terms.Synonyms(groups)
    used = synonyms.words_in(pages)
    unused = [words for words in synonyms.groups if not any(search_terms.normal_word(w) in used for w in words)]
    assert not unused, f"groups whose words no page uses (remove them): {unused}"


@pytest.mark.parametrize(
    "table, message",
    [
        ("- [tumor]\n", "needs two different words"),
        ("- [tumor, tumour]\n- [tumour, growth]\n", "is in group 1 and group 2"),
        ("tumor: tumour\n", "must be a list of groups"),
        ("- [tumor, 3]\n", "must be a list of words"),
        ("- &a [tumor, tumour]\n- *a\n", r"search-terms.yml:1: cannot use YAML '&' references"),
    ],
)
def test_a_broken_table_is_refused_with_what_to_do(tmp_path, table, message):
    path = tmp_path / "search-terms.yml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(search_terms.SearchTermsProblem, match=message):
        search_terms.read_groups(path)


def test_words_are_added_whole_in_any_case_and_hyphens_match_spaces():
    synonyms = search_terms.Synonyms(
        [["gastro esophageal", "gastro-oesophageal"], ["staph", "MRSA"], ["tumor", "tumour"]]
    )
    assert synonyms.extra_words("Stomach and Gastro-Esophageal junction") == ["gastro-oesophageal"]
    assert synonyms.extra_words("Staphylococcus and tumors") == []
    assert synonyms.extra_words("persistent MRSA") == ["staph"]
    index: dict[str, Any] = {"config": {}, "docs": [{"location": "a/", "title": "MRSA", "text": "<p>A tumor</p>"}]}
    entry = search_terms.add_keywords(index, synonyms)["docs"][0]
    assert (entry["title_keywords"], entry["keywords"]) == ("staph", "tumour")


def test_each_added_word_is_in_a_field_once_so_no_group_drowns_the_others():
    """The search weighs a word by how often it comes in a field and by how long the field is: four
    forms of "come back" would count "back" four times and halve the weight of "scared"."""
    synonyms = search_terms.Synonyms(
        [["recurrence", "came back", "come back", "comes back", "coming back"]],
        [(["feelings"], ["scared", "afraid"])],
    )
    title, _ = synonyms.keywords("Feelings when cancer comes back", "")
    assert title.split() == ["recurrence", "came", "back", "come", "coming", "scared", "afraid"]


def test_the_review_due_note_depends_on_the_build_date_only(monkeypatch):
    assert page_header.review_due_note(META, dt.date(2027, 11, 28)) == ""
    note = page_header.review_due_note(META, dt.date(2027, 11, 29))
    assert "This page is due for review" in note and "28 November 2027" in note
    monkeypatch.setenv(page_header.BUILD_DATE_VARIABLE, "2030-05-06")
    assert page_header.build_date() == dt.date(2030, 5, 6)
    monkeypatch.setenv(page_header.BUILD_DATE_VARIABLE, "06/05/2030")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        page_header.build_date()


def test_feedback_links_are_prefilled_and_absent_when_unset():
    assert page_header.feedback_links("", None, "Title", "hiv/") == ""
    mail = page_header.feedback_links("editors@example.org", None, "Rising PSA", "https://example.org/psa/")
    assert 'href="mailto:editors@example.org?subject=Problem%20on%20the%20page%3A%20Rising%20PSA&amp;body=' in mail
    assert "https%3A%2F%2Fexample.org%2Fpsa%2F" in mail and "<script" not in mail
    issue = page_header.feedback_links("https://github.com/o/r/issues/new", None, "Rising PSA", "psa/")
    assert 'href="https://github.com/o/r/issues/new?title=Problem' in issue and "Suggest a change" not in issue
    both = page_header.feedback_links("e@example.org", "https://git.example/edit/docs/a.md", "A", "a/")
    assert both.index("Report a problem") < both.index(
        '<a href="https://git.example/edit/docs/a.md" rel="edit">Suggest a change</a>'
    )


def test_the_disclaimers_links_are_made_relative_to_each_page():
    line = "Read the [full disclaimer](about.md#medical-disclaimer) or [help](https://example.org/)."
    assert page_header.disclaimer_for(line, "index.md") == line
    assert "](../../about.md#medical-disclaimer)" in page_header.disclaimer_for(line, "prostate/x/y.md")
    assert "](https://example.org/)" in page_header.disclaimer_for(line, "prostate/y.md")


def test_citations_are_numbered_in_reading_order_with_commas_and_one_arrow_back():
    page = (
        "<p>One"
        + citation_marks.mark("b")
        + citation_marks.mark("a")
        + ". Two"
        + citation_marks.mark("b")
        + ".</p><ul><li>Three"
        + citation_marks.mark("b")
        + "</li></ul><h2>References</h2>"
        + citation_marks.LIST_PARAGRAPH
    )
    cited = citation_marks.write(page, lambda key: f"Reference {key}.", "../references/")
    written = cited.html
    assert cited.numbers == {"b": 1, "a": 2} and cited.references["a"] == "Reference a."
    # First cited, first numbered; neighbours separated by a comma, never read as "12".
    assert (
        '<sup id="fnref:b"><a class="footnote-ref" href="#fn:b">1</a></sup>'
        '<sup class="citation-separator">,</sup>'
        '<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">2</a></sup>'
    ) in written
    assert written.index('id="fnref2:b"') < written.index('id="fnref3:b"')
    listing = written[written.index('<div class="footnote">') :]
    assert listing.index('id="fn:b"') < listing.index('id="fn:a"') and "Reference a." in listing
    assert listing.count("&#8617;") == 2  # one arrow per reference, however often it is cited
    assert (
        '<a class="footnote-backref" href="#fnref3:b" aria-label="Back to the text, place 3 of 3 citing this">c</a>'
    ) in listing
    assert '<a href="../references/#ref-a">All pages citing this</a>' in listing
    # Each key knows the sections citing it, for the References page's "Cited on" lines.
    sectioned = citation_marks.write(
        f'<p>A{citation_marks.mark("a")}</p><h2 id="side">Side <em>effects</em>'
        f'<a class="headerlink" href="#side">¶</a></h2><p>B{citation_marks.mark("a")}</p>',
        str,
        "x",
    )
    assert sectioned.sections == {"a": [(None, ""), ("side", "Side effects")]}
    assert citation_marks.write("<p>No citations.</p>", str, "x").html == "<p>No citations.</p>"
    # No place kept for the list: it goes at the end rather than leave numbers pointing nowhere.
    placeless = citation_marks.write("<p>One" + citation_marks.mark("a") + "</p>", str, "x").html
    assert placeless.endswith("</ol>\n</div>") and 'id="fn:a"' in placeless
