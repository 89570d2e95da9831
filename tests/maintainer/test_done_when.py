"""The issue's "done when": following CONTRIBUTING.md as a new maintainer would, add a short page with
two new references fetched by identifier (recorded answers), and every check passes; then break it in
five ways and each is caught by scripts/check with a message that says what to do."""

from __future__ import annotations

import re

import pytest

from .maintainer_helpers import run

PAGE = "docs/living-with/numbers-in-health-news.md"
BODY = """
!!! abstract "Key points"

    - Many people find health numbers hard to understand [@berkman2011low].
    - Numbers are easier to follow when they are given as "1 in 100" [@gigerenzer2007helping].

## Why numbers can be hard

People who find health information hard to use often have worse health.
This is common, and it is not your fault [@berkman2011low].
Doctors and patients can both misread the same number [@gigerenzer2007helping].

## Ways to make numbers clearer

Ask for numbers as "how many people out of 100".
Ask what happens to people who do not have the treatment.
Ask how long the people in a study were followed [@gigerenzer2007helping].

## Questions to ask your care team

- Out of 100 people like me, how many does this treatment help?
- Out of 100 people like me, how many have side effects?
"""

HARD_PARAGRAPH = (
    "Notwithstanding considerable methodological heterogeneity, contemporaneous epidemiological "
    "investigations demonstrate that individuals characterized by insufficient quantitative "
    "comprehension systematically overestimate therapeutic effectiveness, particularly regarding "
    "relative risk reductions communicated without corresponding absolute probabilities "
    "[@gigerenzer2007helping].\n"
)


def write_page(project, text):
    (project / PAGE).write_text(text, encoding="utf-8")


# The day the checks judge review dates by: never the real today, so the tests do not start failing
# when a page falls due (the scheduled build and scripts/check judge that).
TODAY = "2026-12-01"


def check(project, *extra):
    result = run(project, "scripts/check", "--today", TODAY, *extra, PAGE)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def good_page(maintainer_copy):
    """Steps 'Add a page', 'Add a reference' and 'Cite' of CONTRIBUTING.md."""
    made = run(
        maintainer_copy,
        "scripts/new_page.py",
        "--section",
        "Living with salvage therapy",
        "--title",
        "Numbers in health news",
        "--file",
        PAGE.removeprefix("docs/"),
        "--description",
        "How to make sense of the numbers in health news and in talks with your care team.",
    )
    assert made.returncode == 0, made.stderr
    assert f"- Numbers in health news: {PAGE.removeprefix('docs/')}" in (maintainer_copy / "mkdocs.yml").read_text(
        encoding="utf-8"
    )
    for identifier in ("10.1111/j.1539-6053.2008.00033.x", "21768583"):
        added = run(maintainer_copy, "scripts/add_reference.py", identifier)
        assert added.returncode == 0, added.stderr
    # Crossref does not say what kind of source the DOI is: the maintainer adds it, as the script asks.
    bib = maintainer_copy / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "@article{gigerenzer2007helping,\n", "@article{gigerenzer2007helping,\n  kind    = {review},\n"
        ),
        encoding="utf-8",
    )
    scaffold = (maintainer_copy / PAGE).read_text(encoding="utf-8")
    # Reviewed against its sources: the reviewer fills in the dates the template leaves open.
    scaffold = scaffold.replace("last_reviewed: TODO", "last_reviewed: 2026-11-28").replace(
        "next_review: TODO", "next_review: 2027-11-28"
    )
    head, _, _ = scaffold.partition("<!--")
    write_page(maintainer_copy, head.rstrip() + "\n" + BODY)
    return maintainer_copy


@pytest.mark.slow  # builds another copy of the site (every check on a copy of the project)
def test_a_new_cited_page_passes_every_check(good_page):
    status, output = check(good_page)
    assert status == 0, output
    assert "All checks passed." in output


def test_scaffolded_page_fails_until_its_todos_are_replaced(maintainer_copy):
    run(
        maintainer_copy, "scripts/new_page.py", "--section", "HIV", "--title", "Test page", "--file", "hiv/test-page.md"
    )
    result = run(maintainer_copy, "scripts/check_pages.py", "docs/hiv/test-page.md")
    assert result.returncode == 1 and "replace this TODO" in result.stdout


def broken(text: str, how: str) -> str:
    if how == "missing date":
        return re.sub(r"^last_reviewed: .*\n", "", text, flags=re.MULTILINE)
    if how == "overdue review":
        text = re.sub(r"^last_reviewed: .*$", "last_reviewed: 2020-01-10", text, flags=re.MULTILINE)
        return re.sub(r"^next_review: .*$", "next_review: 2021-01-10", text, flags=re.MULTILINE)
    if how == "unknown key":
        return text.replace("not your fault [@berkman2011low]", "not your fault [@berkmann2011low]")
    if how == "hard paragraph":
        return text.replace("## Ways to make", HARD_PARAGRAPH + "\n## Ways to make")
    if how == "misspelled drug":
        return text.replace("Ask how long", "People taking lenacapvir can ask how long")
    raise ValueError(how)


# (how it is broken, what the message must say, what it must tell the maintainer to do)
BREAKAGES = [
    ("missing date", ":1: front matter has no 'last_reviewed:' line", "add it"),
    ("overdue review", ": review overdue: 'next_review: 2021-01-10' has passed", "ask a clinical reviewer"),
    ("unknown key", ": berkmann2011low: no entry", "add the reference"),
    ("hard paragraph", "FAIL    {page}", "shorten sentences"),
    ("misspelled drug", "Unknown word (lenacapvir)", "add it to checks/words.txt"),
]


@pytest.mark.slow  # builds another copy of the site, five times
def test_five_breakages_are_each_caught_with_what_to_do(good_page):
    """One page per breakage, checked in one run (the checks are slow to start, not to run)."""
    text = (good_page / PAGE).read_text(encoding="utf-8")
    pages = {}
    for how, _, _ in BREAKAGES:
        page = PAGE.replace(".md", "-" + how.replace(" ", "-") + ".md")
        (good_page / page).write_text(broken(text, how), encoding="utf-8")
        pages[how] = page
    result = run(good_page, "scripts/check", "--today", TODAY, *pages.values())
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    for how, problem, advice in BREAKAGES:
        page = pages[how]
        expected = problem.format(page=page)
        lines = [line for line in output.splitlines() if page in line]
        assert any(expected in line for line in lines) or (
            expected in output and expected.startswith("Unknown word") and page in output
        ), f"{how}: no message '{expected}' for {page}:\n{output}"
        assert advice in output, f"{how}: the output does not say '{advice}'"


def test_every_check_passes_on_the_site_itself():
    """scripts/check on the real checkout: what CI and the pull-request workflow require."""
    from .maintainer_helpers import ROOT

    result = run(ROOT, "scripts/check", "--today", latest_review(ROOT / "docs"))
    assert result.returncode == 0, result.stdout + result.stderr
    # One line a passing check (and its warnings), so a clean tree reads at a glance.
    assert "ok      Reading level" in result.stdout and "All checks passed." in result.stdout
    assert len(result.stdout.splitlines()) <= 20, result.stdout


def latest_review(docs) -> str:
    """The most recent review date of any page: a day on which every page's review dates are valid
    (none in the future, none overdue), whatever day the tests run."""
    from salvage_site.front_matter import content_pages, read_front_matter

    dates = [read_front_matter(page.read_text(encoding="utf-8")).get("last_reviewed") for page in content_pages(docs)]
    return max(str(date) for date in dates if date)
