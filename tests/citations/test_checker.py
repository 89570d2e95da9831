"""One defect per test, in a copy of the tiny fixture site: the reference checker must report it as
`path:line: key: message`, and fail (warnings for unverified identifiers only)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from html_parts import present

GOOD = "zaorsky2021salvage"

# (test id, page body, offset of the defect's line in the body, key named, words in the message)
PAGE_DEFECTS = [
    ("unknown-key", "A claim [@nosuch2020typo].\n", 0, "nosuch2020typo", "no entry with this key"),
    ("key-with-colon", "A claim [@smith:2020].\n", 0, "smith:2020", "cannot carry"),
    ("key-with-dot", "Fine.\nA claim [@smith.2020x].\n", 1, "smith.2020x", "cannot carry"),
    ("affix-page", f"A claim [@{GOOD}, p. 3].\n", 0, GOOD, "'p. 3' inside the citation brackets"),
    ("affix-prefix", f"A claim [see @{GOOD}].\n", 0, GOOD, "'see' inside the citation brackets"),
    ("email-in-brackets", "Write to us [at help@example.org] today.\n", 0, "example.org", "e-mail address"),
    ("handle-in-brackets", "Follow [our page @salvageguide] online.\n", 0, "salvageguide", "dropped by the renderer"),
    ("code-span", f"Write `[@{GOOD}]` to cite.\n", 0, GOOD, "code span"),
    ("fenced-code", f"Example:\n\n```markdown\nA claim [@{GOOD}].\n```\n", 3, GOOD, "code block"),
    ("link-text", f"See [the review [@{GOOD}]](https://example.org).\n", 0, GOOD, "link's text"),
    ("link-is-citation", f"See [@{GOOD}](https://example.org).\n", 0, GOOD, "link's text"),
    ("heading", f"## Radiotherapy [@{GOOD}]\n\nText.\n", 0, GOOD, "in a heading"),
    ("setext-heading", f"Radiotherapy [@{GOOD}]\n---\n\nText.\n", 0, GOOD, "in a heading"),
    ("admonition-title", f'!!! note "Radiotherapy [@{GOOD}]"\n\n    Text.\n', 0, GOOD, "box title"),
    ("html-comment", f"Text.\n<!-- A claim [@{GOOD}]. -->\n", 1, GOOD, "HTML comment"),
    (
        "wrong-case-key",
        "A claim [@Zaorsky2021salvage].\n",
        0,
        "Zaorsky2021salvage",
        f"exactly as in refs.bib: [@{GOOD}]",
    ),
    ("misspelled-key", "A claim [@zaorsky2021salvag].\n", 0, "zaorsky2021salvag", f"did you mean [@{GOOD}]?"),
    ("unclosed", f"Fine.\nA claim [@{GOOD} that never ends.\n", 1, GOOD, f"add the closing bracket: [@{GOOD}]"),
    ("side-by-side", f"A claim [@{GOOD}][@fda2022sunlenca].\n", 0, GOOD, "in one pair of brackets: [@first; @second]"),
]


@pytest.mark.parametrize("body, offset, key, words", [d[1:] for d in PAGE_DEFECTS], ids=[d[0] for d in PAGE_DEFECTS])
def test_page_defect_is_reported_with_file_line_and_key(fixture_site, body, offset, key, words):
    first = fixture_site.add_page(body)
    report = fixture_site.check()
    expected = f"docs/defect.md:{first + offset}: {key}: "
    messages = [str(problem) for problem in report.errors]
    assert any(m.startswith(expected) and words in m for m in messages), messages


def test_citation_in_a_snippet_included_file_is_reported(fixture_site):
    fixture_site.write("docs/includes/shared.md", f"Shared text.\nA claim [@{GOOD}].\n")
    fixture_site.add_page('Text.\n\n--8<-- "shared.md"\n')
    messages = [str(p) for p in fixture_site.check().errors]
    assert any(m.startswith(f"docs/includes/shared.md:2: {GOOD}: ") and "snippets" in m for m in messages), messages


# (test id, refs.bib text appended, line offset of the defect, key named, words in the message)
ARTICLE = """@article{KEY,
  author  = {Parker, Chris C.},
  title   = {TITLE},
  journal = {Lancet},
  year    = {2020},
  volume  = {396},
  pages   = {1413--1421},
  IDS,
  kind    = {randomized trial}
}
"""


def article(
    key="parker2020timing",
    title="Timing of radiotherapy after radical prostatectomy",
    ids="doi = {10.1016/S0140-6736(20)31553-1}",
):
    return ARTICLE.replace("KEY", key).replace("TITLE", title).replace("IDS", ids)


BIB_DEFECTS = [
    ("duplicate-key", article(key=GOOD), 0, GOOD, "duplicate key"),
    (
        "duplicate-doi",
        article(ids="doi = {10.1038/S41585-021-00497-7}"),
        7,
        "parker2020timing",
        "same DOI as entry 'zaorsky2021salvage'",
    ),
    ("missing-journal", article().replace("  journal = {Lancet},\n", ""), 0, "parker2020timing", "no 'journal' field"),
    ("no-identifier", article(ids="note = {}"), 0, "parker2020timing", "no doi, pmid or url"),
    ("malformed-doi", article(ids="doi = {10.1016 S0140}"), 7, "parker2020timing", "is not a DOI"),
    (
        "doi-as-link",
        article(ids="doi = {https://doi.org/10.1016/S0140-6736(20)31553-1}"),
        7,
        "parker2020timing",
        "bare DOI",
    ),
    ("malformed-pmid", article(ids="pmid = {PMID: 33002431}"), 7, "parker2020timing", "not a PubMed ID"),
    (
        "unbraced-acronym",
        article(title="Radiotherapy after {PSA} rise in HIV patients"),
        2,
        "parker2020timing",
        "'HIV' will lose its capitals",
    ),
    (
        "unbraced-trial-name",
        article(title="Adjuvant radiotherapy in RADICALS-RT"),
        2,
        "parker2020timing",
        "'RADICALS-RT' will lose its capitals",
    ),
    (
        "unbraced-drug-code",
        article(title="Rucaparib or TAS-102 for cancer"),
        2,
        "parker2020timing",
        "'TAS-102' will lose its capitals",
    ),
    ("key-rule", article(key="Parker_2020"), 0, "Parker_2020", "key rule"),
    ("key-colon-in-bib", article(key="parker:2020"), 0, "parker:2020", "cannot carry"),
    ("unclosed-brace", article(title="Radiotherapy {after prostatectomy"), 2, "parker2020timing", "never closed"),
    ("missing-comma", article().replace("{Lancet},", "{Lancet}"), 3, "parker2020timing", "missing comma"),
    ("unknown-type", article().replace("@article", "@journalpaper"), 0, "parker2020timing", "@journalpaper"),
    (
        "no-kind",
        article().replace(",\n  kind    = {randomized trial}", ""),
        0,
        "parker2020timing",
        "no 'kind' field — add the kind of source, e.g. kind = {randomized trial}; one of: guideline,",
    ),
    (
        "unknown-kind",
        article().replace("{randomized trial}", "{RCT}"),
        8,
        "parker2020timing",
        "kind 'RCT' is not a kind of source the site knows — use one of: guideline,",
    ),
    (
        "misspelt-kind",
        article().replace("{randomized trial}", "{randomised trail}"),
        8,
        "parker2020timing",
        "did you mean 'randomized trial'?",
    ),
]


@pytest.mark.parametrize("text, offset, key, words", [d[1:] for d in BIB_DEFECTS], ids=[d[0] for d in BIB_DEFECTS])
def test_bibliography_defect_is_reported_with_line_and_key(fixture_site, text, offset, key, words):
    start = fixture_site.append_bib(text)
    if "duplicate" not in text:  # every new entry is cited, except the duplicate-key case
        fixture_site.add_page(f"A claim [@{key}].\n") if ":" not in key else None
    messages = [str(problem) for problem in fixture_site.check().errors]
    expected = f"refs.bib:{start + offset}: {key}: "
    assert any(m.startswith(expected) and words in m for m in messages), messages


@pytest.mark.parametrize(
    "kind, shown",
    [
        ("study protocol", "Trial plan (protocol)"),
        ("blog post", "Blog post"),
        ("trial analysis", "Later analysis of a trial"),
        ("news report", "News report"),
    ],
)
def test_kinds_that_say_how_much_weight_a_source_carries_are_known(fixture_site, kind, shown):
    from salvage_site.bibliography import SOURCE_KINDS, source_kind

    note = ",\n  note = {The trial report could not be opened here}" if kind == "news report" else ""
    fixture_site.append_bib(
        article(ids="doi = {10.1016/S0140-6736(20)31553-1}" + note).replace("{randomized trial}", "{" + kind + "}")
    )
    fixture_site.add_page("A claim [@parker2020timing].\n")
    assert fixture_site.check().errors == []
    assert source_kind(kind.title()) == kind and SOURCE_KINDS[kind] == shown


@pytest.mark.parametrize("kind", ["protocol", "blog", "news story"])
def test_a_kind_the_site_does_not_know_is_still_an_error(fixture_site, kind):
    start = fixture_site.append_bib(article().replace("{randomized trial}", "{" + kind + "}"))
    fixture_site.add_page("A claim [@parker2020timing].\n")
    messages = [str(problem) for problem in fixture_site.check().errors]
    assert any(
        m.startswith(f"refs.bib:{start + 8}: parker2020timing: kind '{kind}' is not a kind of source the site knows")
        and "study protocol" in m
        and "blog post" in m
        for m in messages
    ), messages


def test_unused_entry_is_an_error(fixture_site):
    start = fixture_site.append_bib(article())
    messages = [str(problem) for problem in fixture_site.check().errors]
    assert (
        f"refs.bib:{start}: parker2020timing: not cited on any page — cite it where it supports "
        "a sentence, or remove it" in messages
    )


def test_unverified_identifier_is_a_warning_not_an_error(fixture_site):
    start = fixture_site.append_bib(article(ids="note = {Identifier unverified}"))
    fixture_site.add_page("A claim [@parker2020timing].\n")
    report = fixture_site.check()
    assert report.errors == []
    assert [str(w).split(": ")[0:2] for w in report.warnings] == [[f"refs.bib:{start}", "parker2020timing"]]


def test_empty_bibliography_is_an_error(fixture_site):
    fixture_site.bib.write_text("", encoding="utf-8")
    messages = [str(problem) for problem in fixture_site.check().errors]
    assert any(m.startswith("refs.bib:1: -: refs.bib has no entries") for m in messages), messages


def test_every_problem_is_listed_not_only_the_first(fixture_site):
    fixture_site.add_page("One [@nosuch2020one].\nTwo [@nosuch2020two].\n")
    fixture_site.write(
        "docs/index.md", fixture_site.path.joinpath("docs/index.md").read_text() + "Three [@nosuch2020three].\n"
    )
    fixture_site.append_bib(article(title="About HIV") + "\n" + article(key="bad:key"))
    keys = {problem.key for problem in fixture_site.check().errors}
    assert {"nosuch2020one", "nosuch2020two", "nosuch2020three", "parker2020timing", "bad:key"} <= keys, keys


def test_clean_fixture_site_has_no_problems(fixture_site):
    report = fixture_site.check()
    assert report.errors == [] and report.warnings == []
    assert {use.key for use in report.uses["index.md"]} == {GOOD, "fda2022sunlenca"}
    assert report.uses["second.md"] == []


def test_at_sign_in_a_bibliography_comment_is_not_an_entry(fixture_site):
    fixture_site.bib.write_text(
        "% Questions: editors@example.org\n" + fixture_site.bib.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert fixture_site.check().errors == []


def test_an_unclosed_citation_stops_the_build_instead_of_reaching_readers(fixture_site):
    line = fixture_site.add_page(f"Fine.\nA claim [@{GOOD} that never ends.\n")
    result = fixture_site.build()
    assert result.returncode != 0
    assert f"docs/defect.md:{line + 1}: {GOOD}: citation is never closed" in result.stderr


def test_a_duplicate_doi_is_found_even_when_written_as_a_link(fixture_site):
    existing = next(
        line.split("=")[1].strip(" {},\n")
        for line in fixture_site.bib.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("doi")
    )
    line = fixture_site.append_bib(f"""@article{{copy2020same,
  author  = {{Parker, Chris C.}},
  title   = {{A copy}},
  journal = {{Lancet}},
  year    = {{2020}},
  doi     = {{https://doi.org/{existing}}}
}}
""")
    fixture_site.add_page("A claim [@copy2020same].\n")
    messages = [str(p) for p in fixture_site.check().errors]
    assert any(m.startswith(f"refs.bib:{line + 5}: copy2020same: doi") and "bare DOI" in m for m in messages)
    assert any(m.startswith(f"refs.bib:{line + 5}: copy2020same: same DOI as entry") for m in messages), messages


GUIDELINE = """@misc{aua2024salvage,
  kind = {guideline},
  author = {{American Urological Association}},
  title = {Salvage Therapy for Prostate Cancer: {AUA/ASTRO/SUO} Guideline},
  year = {2024},
  url = {https://example.org/aua}
}
"""


def _checked_against(fixture_site, keys: str) -> int:
    page = fixture_site.path / "docs/second.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "next_review: 2027-11-28\n", f"next_review: 2027-11-28\nchecked_against: {keys}\n", 1
        ),
        encoding="utf-8",
    )
    return 6


def test_checked_against_names_only_guidelines_in_refs_bib(fixture_site):
    fixture_site.append_bib(GUIDELINE)
    line = _checked_against(fixture_site, "[aua2024salvage, zaorsky2021salvage, nosuch2020key]")
    errors = [str(problem) for problem in fixture_site.check().errors]
    assert errors == [
        f"docs/second.md:{line}: nosuch2020key: 'checked_against' names no entry in refs.bib — add the guideline "
        "there, or fix the key",
        f"docs/second.md:{line}: zaorsky2021salvage: 'checked_against' lists guidelines only, and this entry is "
        "kind = {review} — cite it in the text instead",
    ], errors


def test_a_page_shows_the_guidelines_it_was_checked_against(fixture_site):
    fixture_site.append_bib(GUIDELINE)
    _checked_against(fixture_site, "[aua2024salvage]")
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(
        (fixture_site.path.parent / "built/second/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    line = page.select_one("article p.page-checked")
    assert line is not None
    assert line.get_text(" ", strip=True) == (
        "Checked against: Salvage Therapy for Prostate Cancer: AUA/ASTRO/SUO Guideline (2024)"
    )
    assert present(line.a, "link to the guideline")["href"] == "../references/#ref-aua2024salvage"


def test_the_kinds_a_maintainer_reads_about_are_exactly_the_kinds_the_check_accepts():
    """CONTRIBUTING.md and the head of refs.bib list the kinds by hand; a kind added to the check but
    not to them (or named there but refused) would leave a maintainer guessing."""
    import re
    from pathlib import Path

    from salvage_site.bibliography import SOURCE_KINDS

    root = Path(__file__).resolve().parents[2]
    contributing = next(line for line in (root / "CONTRIBUTING.md").read_text().splitlines() if "`kind = {" in line)
    assert set(re.findall(r"`(?:kind = )?\{([a-z -]+)\}`", contributing)) == set(SOURCE_KINDS)
    header = " ".join(
        line.lstrip("% ") for line in (root / "refs.bib").read_text().split("\n@", 1)[0].splitlines() if "%" in line
    )
    listed = re.sub(r"\(.*?\)", "", header.split("has kind = {...}", 1)[1].split(":", 1)[1])
    assert {part.strip(" .") for part in re.split(r",| or ", listed)} - {""} == set(SOURCE_KINDS)


@pytest.mark.parametrize("note", ["", "The trial report could not be opened here. Used only for its headline number"])
def test_a_news_report_must_say_why_it_stands_in_for_the_primary_record(fixture_site, note):
    ids = "doi = {10.1016/S0140-6736(20)31553-1}" + (f",\n  note = {{{note}}}" if note else "")
    start = fixture_site.append_bib(article(ids=ids).replace("{randomized trial}", "{news report}"))
    fixture_site.add_page("A claim [@parker2020timing].\n")
    messages = [str(problem) for problem in fixture_site.check().errors]
    if note:
        assert messages == []
    else:
        expected = f"refs.bib:{start + 8}: parker2020timing: a news report stands in for a primary record"
        assert any(m.startswith(expected) for m in messages), messages
