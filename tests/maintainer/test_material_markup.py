"""The markup of Material and Python-Markdown that the build's page steps find their place by
(scripts/salvage_site/build.py, PAGE_STEPS and on_post_page). A Material or Markdown upgrade that
changes it fails here, naming the step, instead of silently leaving pages without their print
summary, section names or screen-reader labels."""

from __future__ import annotations

import pytest

from local_site.site_build import ROOT, mkdocs_build
from salvage_site import accessible_html, citation_marks, print_summary

PAGE = """# A page title

!!! abstract "Key points"

    - One point.

## Questions to ask your care team

- A question?

## A section <em>with</em> markup

Some text.
"""


@pytest.fixture(scope="module")
def material_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A page built by Material with the site's theme overrides and Markdown settings, without the
    project's hooks: what the steps receive."""
    project = tmp_path_factory.mktemp("material")
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = settings[settings.index("\nmarkdown_extensions:") : settings.index("\nnav:")]
    (project / "mkdocs.yml").write_text(
        f"site_name: Contract\ntheme:\n  name: material\n  custom_dir: {ROOT / 'scripts' / 'theme'}\n"
        f"  icon:\n    logo: material/book-open-page-variant\n{extensions}\n",
        encoding="utf-8",
    )
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return (project / "site" / "index.html").read_text(encoding="utf-8")


def test_the_print_summary_finds_the_title_key_points_and_questions(material_page: str) -> None:
    title = print_summary.TITLE.search(material_page)
    assert title and title["id"], "print summary: no <h1 id=...> for the summary's title"
    assert print_summary.KEY_POINTS.search(material_page), "print summary: the Key points box is written differently"
    assert print_summary.QUESTIONS.search(material_page), "print summary: the questions heading and list changed"


def test_citations_name_the_section_they_are_in(material_page: str) -> None:
    marked = material_page.replace("Some text.", "Some text" + citation_marks.mark("a") + ".")
    cited = citation_marks.write(marked, str, "references/")
    assert cited.sections["a"] == [("a-section-with-markup", "A section with markup")], (
        "numbering citations: headings or their permalinks are written differently"
    )


def test_screen_reader_names_find_materials_permalinks_and_header(material_page: str) -> None:
    assert accessible_html.TITLED_LINK.search(material_page), "label_links: permalinks have no title="
    assert accessible_html.SEARCH_DIALOG in material_page, "tidy_header: the search dialog changed"
    assert accessible_html.TITLE_REPEATING_LABEL.search(material_page), "tidy_header: no title repeating an aria-label"
