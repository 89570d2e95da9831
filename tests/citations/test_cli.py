"""scripts/check_references.py as a maintainer uses it: exit codes, messages, and --fix that changes
only what it says and never touches a file it cannot parse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

GOOD = "zaorsky2021salvage"


def test_help_explains_the_tool():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check_references.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "--fix" in result.stdout and "refs.bib" in result.stdout


def test_clean_site_exits_0(fixture_site):
    result = fixture_site.cli()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr


def test_problems_exit_1_one_line_each(fixture_site):
    first = fixture_site.add_page("A claim [@nosuch2020typo].\nAnother [@nosuch2020other].\n")
    result = fixture_site.cli()
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"docs/defect.md:{first}: nosuch2020typo: no entry with this key in refs.bib — add the "
        "reference there, or fix the key",
        f"docs/defect.md:{first + 1}: nosuch2020other: no entry with this key in refs.bib — add the "
        "reference there, or fix the key",
    ]


def test_missing_config_exits_2(fixture_site):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check_references.py"), "--config", str(fixture_site.path / "nope.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "nope.yml" in result.stderr


def test_warnings_alone_exit_0(fixture_site):
    text = fixture_site.bib.read_text(encoding="utf-8").replace(
        "  url          = {https://www.fda.gov/news-events/press-announcements/sunlenca},\n",
        "  note         = {Identifier unverified},\n",
    )
    fixture_site.bib.write_text(text, encoding="utf-8")
    result = fixture_site.cli()
    assert result.returncode == 0
    assert "1 entry has an unverified identifier" in result.stdout, "old warnings: one line"
    assert "fda2022sunlenca" not in result.stdout
    listed = fixture_site.cli("--warnings")
    assert "refs.bib:14: fda2022sunlenca: identifier unverified" in listed.stdout
    assert "[warning]" in listed.stdout


def test_fix_braces_title_words_and_changes_nothing_else(fixture_site):
    # Windows line endings and odd spacing elsewhere must survive byte for byte.
    original = fixture_site.bib.read_text(encoding="utf-8").replace(
        "{Salvage therapy for {PSA} recurrence", "{Salvage therapy for PSA and HIV-1 recurrence"
    )
    original = original.replace("\n", "\r\n") + "\r\n%  a comment   \r\n"
    fixture_site.bib.write_bytes(original.encode("utf-8"))
    assert fixture_site.cli().returncode == 1
    result = fixture_site.cli("--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"fixed refs.bib:3: {GOOD}: braced 'PSA' in the title" in result.stdout
    expected = original.replace("for PSA and HIV-1", "for {PSA} and {HIV-1}")
    assert fixture_site.bib.read_bytes() == expected.encode("utf-8")


def test_fix_refuses_to_write_a_bibliography_it_cannot_parse(fixture_site):
    broken = (
        fixture_site.bib.read_text(encoding="utf-8")
        .replace("{Salvage therapy for {PSA}", "{Salvage therapy for {PSA} HIV", 1)
        .replace("  year    = {2021},", "  year    = {2021,", 1)
    )
    fixture_site.bib.write_text(broken, encoding="utf-8")
    before = fixture_site.bib.read_bytes()
    result = fixture_site.cli("--fix")
    assert result.returncode == 1
    assert "nothing was changed" in result.stderr
    assert f"refs.bib:5: {GOOD}: BibTeX syntax error" in result.stdout
    assert fixture_site.bib.read_bytes() == before
    assert not list(fixture_site.path.glob("refs.bib.*"))


def test_fix_makes_doi_links_bare(fixture_site):
    text = fixture_site.bib.read_text(encoding="utf-8").replace(
        "doi     = {10.1038/", "doi     = {https://doi.org/10.1038/"
    )
    fixture_site.bib.write_text(text, encoding="utf-8")
    result = fixture_site.cli("--fix")
    assert result.returncode == 0, result.stdout
    assert "doi     = {10.1038/s41585-021-00497-7}" in fixture_site.bib.read_text(encoding="utf-8")
