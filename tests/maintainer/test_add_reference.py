"""scripts/add_reference.py: a DOI or PMID becomes a clean refs.bib entry, appended, never rewritten."""

from __future__ import annotations

import pytest

from .maintainer_helpers import run

DOI = "10.1111/j.1539-6053.2008.00033.x"
PMID = "21768583"


def test_doi_is_looked_up_and_appended_as_a_clean_entry(maintainer_copy):
    bib = maintainer_copy / "refs.bib"
    before = bib.read_bytes()
    result = run(maintainer_copy, "scripts/add_reference.py", DOI)
    assert result.returncode == 0, result.stderr
    after = bib.read_bytes()
    assert after.startswith(before), "refs.bib was rewritten, not appended to"
    added = after[len(before) :].decode()
    assert "@article{gigerenzer2007helping," in added
    assert "doi     = {10.1111/j.1539-6053.2008.00033.x}" in added
    assert "url     = {https://doi.org/10.1111/j.1539-6053.2008.00033.x}" in added
    assert "journal = {Psychological Science in the Public Interest}" in added
    assert "pages   = {53--96}" in added
    assert "Cite it as [@gigerenzer2007helping]" in result.stdout
    assert "@article{gigerenzer2007helping," in result.stdout, "the script must print what it added"
    # Crossref does not say what kind of source an article is: the maintainer is told what to add.
    assert "kind" not in added and "kind = {randomized trial}" in result.stdout


def test_pmid_gives_doi_pmid_and_braced_names(maintainer_copy):
    result = run(maintainer_copy, "scripts/add_reference.py", PMID)
    assert result.returncode == 0, result.stderr
    text = (maintainer_copy / "refs.bib").read_text(encoding="utf-8")
    entry = text[text.index("@article{berkman2011low,") :]
    assert "pmid    = {21768583}" in entry
    assert "doi     = {10.7326/0003-4819-155-2-201107190-00005}" in entry
    assert "author  = {Berkman, Nancy D. and Sheridan, Stacey L." in entry
    assert "journal = {Annals of Internal Medicine}" in entry
    assert "kind    = {systematic review}" in entry  # PubMed: "Review" and "Systematic Review"


def test_duplicates_are_refused_and_nothing_changes(maintainer_copy):
    assert run(maintainer_copy, "scripts/add_reference.py", PMID).returncode == 0
    before = (maintainer_copy / "refs.bib").read_bytes()
    # The same article again, by its DOI this time.
    again = run(maintainer_copy, "scripts/add_reference.py", "https://doi.org/10.7326/0003-4819-155-2-201107190-00005")
    assert again.returncode == 1
    assert "already has" in again.stderr and "[@berkman2011low]" in again.stderr
    assert (maintainer_copy / "refs.bib").read_bytes() == before


def test_without_network_it_says_so_and_changes_nothing(maintainer_copy):
    before = (maintainer_copy / "refs.bib").read_bytes()
    # A proxy nobody listens on: every request fails at once, as with no network.
    offline = {
        "https_proxy": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "http_proxy": "http://127.0.0.1:9",
        "no_proxy": "",
    }
    result = run(
        maintainer_copy, "scripts/add_reference.py", "10.1000/not-recorded", recordings=False, env=offline, timeout=60
    )
    assert result.returncode == 1
    assert "cannot reach the service" in result.stderr and "Nothing was changed" in result.stderr
    assert (maintainer_copy / "refs.bib").read_bytes() == before


@pytest.mark.parametrize("bad", ["not-an-id", "10.12/x", "pmid:abc"])
def test_a_wrong_identifier_is_a_usage_error(maintainer_copy, bad):
    result = run(maintainer_copy, "scripts/add_reference.py", bad)
    assert result.returncode == 2
    assert "neither a DOI" in result.stderr


def test_a_full_stop_copied_with_the_doi_is_not_part_of_it(maintainer_copy):
    result = run(maintainer_copy, "scripts/add_reference.py", "10.1111/j.1539-6053.2008.00033.x.", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "doi     = {10.1111/j.1539-6053.2008.00033.x}" in result.stdout
