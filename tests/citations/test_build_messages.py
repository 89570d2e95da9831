"""What the strict build (and so scripts/check) says about the menu, links and anchors: the file
and line, and what to write instead; and ordinary Markdown that must build under the site's policy."""

from __future__ import annotations

import datetime as dt
import subprocess

from salvage_site import edit_dates


def test_a_broken_link_names_its_line_and_the_page_it_meant(fixture_site):
    line = fixture_site.add_page("Fine.\nSee [the second page](secnd.md) for more.\n")
    result = fixture_site.build()
    assert result.returncode != 0
    assert (
        f"ERROR   -  docs/defect.md:{line + 1}: the link 'secnd.md' goes to no page — did you mean 'second.md'?"
    ) in result.stderr
    assert "Aborted with 1 errors in strict mode" in result.stdout + result.stderr, "it stops the build: an error"


def test_a_missing_anchor_names_its_line_and_the_sections_there(fixture_site):
    line = fixture_site.add_page("See [radiotherapy](index.md#radiotherpy).\n")
    result = fixture_site.build()
    assert result.returncode != 0
    assert (
        f"docs/defect.md:{line}: the link 'index.md#radiotherpy' points to a section "
        "'#radiotherpy' that docs/index.md does not have — did you mean '#radiotherapy'?"
    ) in result.stderr


def test_a_menu_entry_for_a_missing_page_names_the_line_in_mkdocs_yml(fixture_site):
    config = fixture_site.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("second.md", "secnd.md"), encoding="utf-8")
    line = text.splitlines().index("  - Second page: second.md") + 1
    result = fixture_site.build()
    assert result.returncode != 0
    assert (
        f"mkdocs.yml:{line}: the menu (nav:) lists 'secnd.md', but docs/secnd.md does not exist "
        "— fix the path (did you mean 'second.md'?)"
    ) in result.stderr


def test_a_page_missing_from_the_menu_says_how_to_add_it(fixture_site):
    fixture_site.write("docs/orphan.md", "---\ntitle: O\n---\n\n# O\n")
    result = fixture_site.build()
    assert result.returncode != 0
    assert "docs/orphan.md:1: this page is not in the menu — add a line '- Title: orphan.md'" in result.stderr


def test_a_right_aligned_table_column_builds_under_the_policy(fixture_site):
    fixture_site.add_page("| Group | Men |\n| --- | ---: |\n| Radiotherapy | 89 in 100 |\n")
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    built = (fixture_site.path.parent / "built/defect/index.html").read_text(encoding="utf-8")
    assert 'align="right"' in built and "style=" not in built.split("<table")[1].split("</table>")[0]


def _git(folder, *arguments, date=None):
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *arguments], cwd=folder, env=env, check=True, capture_output=True)


def test_last_edited_is_never_the_checkout_date_of_a_shallow_clone(tmp_path):
    """A one-commit checkout (CI's default) would date every page by the newest commit, and its files
    carry the day of the checkout: there the page shows no "Last edited" date at all."""
    origin = tmp_path / "origin"
    origin.mkdir()
    _git(origin, "init", "-q", "-b", "main")
    (origin / "page.md").write_text("first\n")
    _git(origin, "add", ".")
    _git(origin, "commit", "-q", "-m", "page", date="2020-01-02T12:00:00")
    (origin / "other.md").write_text("later\n")
    _git(origin, "add", ".")
    _git(origin, "commit", "-q", "-m", "other", date="2021-05-06T12:00:00")
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", "shallow")
    _git(tmp_path, "clone", "-q", f"file://{origin}", "full")
    assert edit_dates.last_edited(str(tmp_path / "shallow/page.md")) is None
    assert edit_dates.last_edited(str(tmp_path / "full/page.md")) == dt.date(2020, 1, 2)
