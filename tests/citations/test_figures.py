"""Figures written as ```figure blocks (scripts/salvage_site/figures.py): each type is drawn from its
block, with an accessible name and its numbers as text, its source cited like any other citation; bad
data stops the build (and scripts/check_references.py) at the file and line, saying what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from local_site.site_build import copy_project, mkdocs_build
from salvage_site import figures

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

GOOD = "zaorsky2021salvage"

ICON_ARRAY = f"""```figure
type: icon-array
title: Late side effects
who: men in one trial
time: about 6 years
source: {GOOD}
total: 100
arms:
  - label: Radiotherapy soon after surgery
    groups:
      - {{label: had late side effects, count: 92}}
      - {{label: did not, count: 8}}
  - label: Early salvage radiotherapy
    groups:
      - {{label: had late side effects, count: 42}}
      - {{label: did not, count: 58}}
```
"""

FACT_BOX = f"""```figure
type: fact-box
title: Hormone therapy with radiotherapy
who: men in one trial
time: 10 years
source: {GOOD}
per: 100
columns: [With hormone therapy, Radiotherapy alone]
rows:
  - {{label: Free of cancer growth, values: [64, 49]}}
  - {{label: Had died, values: [12, 14]}}
```
"""

TIMELINE = f"""```figure
type: timeline
title: PSA after surgery
source: {GOOD}
axis: PSA (ng/mL)
points:
  - {{when: After surgery, what: PSA falls too low to measure}}
  - {{when: Later, what: A test shows 0.2 ng/mL or higher, value: 0.2}}
thresholds:
  - {{value: 0.2, label: biochemical recurrence when confirmed}}
```
"""

PATHWAY = """```figure
type: pathway
title: My PSA is rising
source: fda2022sunlenca
steps:
  - Confirm the rise with a second test
  - step: Options your care team may discuss
    branches: [Monitoring, Salvage radiotherapy]
```
"""


def output(result):
    return result.stdout + result.stderr


def html(built, path):
    return BeautifulSoup((built / path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built_figures(tmp_path_factory):
    """The fixture site with one page holding one figure of each type, built once."""
    copy = copy_project(tmp_path_factory.mktemp("figures") / "site", site=HERE / "fixture_site")
    (copy / "docs/figures.md").write_text(
        "---\ntitle: Figures\ndescription: One figure of each type.\nlast_reviewed: 2026-11-28\n"
        "next_review: 2027-11-28\n---\n\n# Figures\n\nSome text.\n\n"
        + "\n".join([ICON_ARRAY, FACT_BOX, TIMELINE, PATHWAY]),
        encoding="utf-8",
    )
    config = copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - References: references.md", "  - Figures: figures.md\n  - References: references.md"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(copy, copy.parent / "built")
    assert result.returncode == 0, output(result)
    return copy.parent / "built"


@pytest.mark.parametrize("kind", figures.TYPES)
def test_each_figure_type_is_drawn_from_its_block(built_figures, kind):
    page = html(built_figures, "figures/index.html")
    figure = page.select_one(f"figure.stg-fig--{kind}")
    assert figure is not None, f"no {kind} drawn"
    assert "```" not in figure.get_text() and "type:" not in figure.get_text()
    caption = figure.select_one("figcaption")
    assert caption is not None and caption.get_text(strip=True)
    # The source is a numbered citation linking to the page's reference list.
    link = caption.select_one("sup a.footnote-ref")
    assert link is not None and link.get_text().isdigit(), f"{kind}: source is not a numbered citation"
    assert page.find(id=link["href"][1:]) is not None
    drawn = {
        "icon-array": "svg circle",
        "fact-box": "table.stg-fact td",
        "timeline": "svg line",
        "pathway": "ol.stg-pathway li",
    }[kind]
    assert figure.select(drawn), f"{kind}: nothing drawn ({drawn})"


def test_data_figures_say_who_and_over_what_time(built_figures):
    page = html(built_figures, "figures/index.html")
    for kind in ("icon-array", "fact-box"):
        text = page.select_one(f"figure.stg-fig--{kind} figcaption").get_text(" ", strip=True)
        assert "Who: men in one trial" in text and "Time:" in text, text


def test_every_drawing_has_an_accessible_name_and_text_equivalent(built_figures):
    page = html(built_figures, "figures/index.html")
    drawings = page.select("figure.stg-fig svg[role=img]")
    assert len(drawings) == 3  # two icon arrays and one chart
    for svg in drawings:
        ids = svg["aria-labelledby"].split()
        title, desc = (page.find(id=ident) for ident in ids)
        assert title is not None and title.name == "title" and title.get_text(strip=True)
        assert desc is not None and desc.name == "desc" and desc.get_text(strip=True)
    array = page.select_one("figure.stg-fig--icon-array")
    assert "92 in 100 had late side effects" in array.select("svg desc")[0].get_text()
    # The numbers as a table, and as visible text beside each array.
    table = array.select_one("details table")
    assert table is not None and "42 in 100" in table.get_text()
    assert "58 in 100 did not" in array.select(".stg-fig__numbers")[1].get_text(" ", strip=True)
    timeline = page.select_one("figure.stg-fig--timeline")
    assert "0.2" in timeline.select_one("ul.stg-fig__legend").get_text()
    assert len(timeline.select("ol.stg-timeline li")) == 2
    # Decorative key shapes are hidden from screen readers.
    assert all(svg.get("aria-hidden") == "true" for svg in page.select("svg.stg-fig__key"))


def test_figures_add_no_inline_style_or_script(built_figures):
    page = html(built_figures, "figures/index.html")
    for figure in page.select("figure.stg-fig"):
        assert figure.select("[style], style, script") == []
        assert not [tag for tag in figure.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


def test_figure_source_is_listed_on_the_references_page(built_figures):
    references = html(built_figures, "references/index.html")
    entry = references.find(id=f"ref-{GOOD}")
    assert entry is not None and "figures/" in str(entry)


BAD = [
    (
        "count over the total",
        ICON_ARRAY.replace("count: 92", "count: 192"),
        11,
        "count 192 is more than the total of 100",
    ),
    (
        "groups not adding up",
        ICON_ARRAY.replace("count: 58", "count: 50"),
        15,
        "the groups add up to 92 (42 + 50), not the total of 100",
    ),
    ("missing source", ICON_ARRAY.replace(f"source: {GOOD}\n", ""), 1, "an icon-array needs 'source'"),
    ("missing time frame", FACT_BOX.replace("time: 10 years\n", ""), 1, "a fact-box needs 'time'"),
    ("value over the total", FACT_BOX.replace("64, 49", "64, 149"), 10, "149 is more than 100"),
    (
        "unknown type",
        PATHWAY.replace("type: pathway", "type: pathwya"),
        2,
        "unknown figure type 'pathwya' — did you mean 'pathway'?",
    ),
    (
        "unknown field",
        TIMELINE.replace("axis:", "axes:"),
        5,
        "unknown field 'axes' in a timeline — did you mean 'axis'?",
    ),
    ("not YAML", PATHWAY.replace("  - Confirm", "- Confirm: x: y"), 6, "the figure's data is not valid YAML"),
    ("YAML tag", PATHWAY.replace("type: pathway", "type: !foo pathway"), 2, "the figure's data cannot use YAML '!'"),
]


@pytest.mark.parametrize("body, offset, message", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_figure_data_stops_the_build_at_its_line(fixture_site, body, offset, message):
    first = fixture_site.add_page("Text.\n\n" + body)
    result = fixture_site.build()
    assert result.returncode != 0
    line = first + 1 + offset  # offset 1 is the opening fence, two lines below the body's first
    assert f"docs/defect.md:{line}: figure: {message}" in output(result), output(result)
    assert "Traceback" not in output(result)


def test_unknown_source_key_in_a_figure_is_reported_like_any_citation(fixture_site):
    first = fixture_site.add_page("Text.\n\n" + PATHWAY.replace("fda2022sunlenca", "fda2022sunlenka"))
    result = fixture_site.build()
    assert result.returncode != 0
    assert (
        f"docs/defect.md:{first + 5}: fda2022sunlenka: no entry with this key in refs.bib — "
        "did you mean [@fda2022sunlenca]?"
    ) in output(result)
    listed = fixture_site.cli()
    assert listed.returncode == 1
    assert f"docs/defect.md:{first + 5}: fda2022sunlenka:" in listed.stdout + listed.stderr


def test_citation_brackets_inside_a_figure_say_how_to_cite(fixture_site):
    first = fixture_site.add_page(
        "Text.\n\n" + PATHWAY.replace("source: fda2022sunlenca", "source: fda2022sunlenca\nnote: x [@fda2022sunlenca]")
    )
    problems = [str(p) for p in fixture_site.check().errors]
    assert any(
        f"docs/defect.md:{first + 6}: fda2022sunlenca: a figure cites its source as 'source: key'" in p
        for p in problems
    ), problems


def test_a_figure_used_only_in_a_figure_counts_as_cited(fixture_site):
    """An entry cited only by a figure is not 'unused' and the page gets its reference list."""
    home = fixture_site.path / "docs/index.md"
    text = home.read_text(encoding="utf-8")
    text = text.replace("[@fda2022sunlenca; @zaorsky2021salvage]", "[@zaorsky2021salvage]")
    home.write_text(text.replace("Approved in 2022 [@fda2022sunlenca]", "Approved in 2022"), encoding="utf-8")
    fixture_site.add_page("Text.\n\n" + PATHWAY)
    assert [str(p) for p in fixture_site.check().errors] == []


def test_figure_inside_a_box_keeps_its_indentation():
    text = (
        '!!! note "A box"\n\n    ```figure\n'
        + "".join("    " + line + "\n" for line in PATHWAY.splitlines()[1:-1])
        + "    ```\n"
    )
    drawn = figures.render_page(text)
    assert '    <figure class="stg-fig stg-fig--pathway"' in drawn
    assert "```" not in drawn


def test_wording_rules_read_figure_text_too():
    from salvage_site import wording

    text = "Text.\n\n" + PATHWAY.replace("title: My PSA is rising", "title: After failed treatment")
    assert [finding.line for finding in wording.wording_findings(text)] == [5]
